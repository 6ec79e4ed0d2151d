"""How the batch pool's worker processes start: ``fork`` where that is provably safe, ``spawn`` elsewhere.

Why it matters: a spawned worker is a new interpreter that imports the whole engine again (~0.15 s of CPU),
builds the engine's lazy tables on its first message (~0.1 s) and unpickles its job; with two workers that
is paid twice, on a two-core machine out of the CPU the analyses need. A forked worker starts as a copy of
the parent, which has done all of that once (`prepare_fork`), so it analyses its first message at once, and
the pages of that shared state stay shared between the processes.

Fork is only used where it is safe, and the conditions are checked each time a pool starts, not assumed:

- the platform: Linux and the other POSIX systems except macOS (whose system frameworks may not be used in
  a forked child; CPython spawns there by default too); Windows has no fork;
- the process runs one thread, counted both by Python (`threading.active_count`) and by the kernel
  (``/proc/self/status``: a C library's own thread counts too). A thread holding a lock at the moment of the
  fork would leave that lock held forever in the child. The command line's batch run starts no thread before
  its pool (the progress bar's monitor thread is turned off, the pool's own threads start after its workers
  are forked); the GUI's triage driver listens on its pipe in a thread, so its pool is spawned;
- nothing the child could inherit half-done: the parent has analysed nothing yet (a pooled run analyses only
  in its workers), so no history database connection, DNS resolver or answer cache exists in it; the live
  run's shared DNS cache lives in a manager process, which the workers reach through their own connections
  (a proxy reconnects after a fork). A forked child writes out the standard streams' buffers it inherited
  when it ends; multiprocessing flushes them in the parent just before it forks, so a line buffered there
  (the CSV header) is written once (``tests/e2e/test_cli_batch_processes.py`` checks the real output file).

`INSPECTOR_POOL_START` (``fork``, ``spawn`` or ``forkserver``) overrides the choice: for the benchmark's
comparison, and as a way out should a platform's fork misbehave. A method the platform lacks, or fork in a
process that is not single-threaded, is not taken; spawn is.

The frozen app: fork needs nothing (no new executable starts); spawn and forkserver start the executable
again, which ``multiprocessing.freeze_support()`` (PyInstaller's variant) diverts to the worker's code before
any argument routing (``packaging/launcher.py``, ``inspector/__main__.py``).
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import sys
import threading
from multiprocessing.context import BaseContext

#: Overrides the start method (fork, spawn, forkserver); read when a pool starts.
START_ENV = "INSPECTOR_POOL_START"
METHODS = ("fork", "forkserver", "spawn")

#: What a worker runs for every message, imported by the parent before it forks (and preloaded by a fork
#: server): the engine, the JSON report and the batch row/indicator readers.
ENGINE_MODULES = (
    "inspector.analyze",
    "inspector.report.to_json",
    "inspector.batch.summary",
    "inspector.batch.campaigns",
)


def os_thread_count() -> int | None:
    """Threads of this process as the kernel counts them (None where /proc does not say)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def single_threaded() -> bool:
    """True when this process runs exactly one thread, by Python's count and (where known) the kernel's."""
    if threading.active_count() != 1:
        return False
    count = os_thread_count()
    return count is None or count == 1


def fork_platform(platform: str = sys.platform) -> bool:
    """Whether fork is a start method this platform may use for the pool (never Windows, never macOS)."""
    return not platform.startswith(("win", "cygwin", "darwin"))


def start_method(platform: str = sys.platform, *, threads_ok: bool | None = None) -> str:
    """The start method for a pool started now: fork where it is safe, else spawn (or the override)."""
    if platform == sys.platform:
        available = tuple(multiprocessing.get_all_start_methods())
    else:
        available = ("spawn",) if platform.startswith("win") else METHODS
    if threads_ok is None:
        threads_ok = single_threaded()
    fork_ok = fork_platform(platform) and threads_ok and "fork" in available
    wanted = os.environ.get(START_ENV, "").strip().lower()
    if wanted in available and (wanted != "fork" or fork_ok):
        return wanted
    return "fork" if fork_ok else "spawn"


def prepare_fork() -> None:
    """What the parent does before it forks workers, so that none of them has to: import the engine, warm it
    up (`inspector.batch.warmup`), then freeze what exists for the garbage collector.

    Frozen (`gc.freeze`), the objects every worker inherits are never walked by a worker's collections: a
    walk writes to each object's header, which would copy the page it sits on into that worker (copy on
    write) and cost the time of the walk, for objects that live as long as the process anyway.
    Done once per process; a pool started again (after a worker died) finds it done.
    """
    global _prepared
    if _prepared:
        return
    for name in ENGINE_MODULES:
        importlib.import_module(name)
    from inspector.batch.warmup import warm_up

    warm_up()
    gc.collect()  # the warm-up's garbage goes first: frozen, it would stay in every worker
    gc.freeze()
    _prepared = True


_prepared = False


def pool_context() -> BaseContext:
    """The multiprocessing context for a pool about to start (the parent prepared for it)."""
    method = start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        prepare_fork()
    elif method == "forkserver":
        context.set_forkserver_preload(list(ENGINE_MODULES))
    return context


def helper_context() -> BaseContext:
    """The context for a helper process that needs no engine (the live run's DNS cache manager)."""
    return multiprocessing.get_context(start_method())
