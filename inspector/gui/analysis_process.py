"""Analyses run in a child process, so Cancel and Quit stop them for real.

A thread cannot be stopped: a Python thread stuck in one long step (a huge MIME tree, thousands of DKIM
signatures, an RSA key chosen as a CPU weapon) keeps running after the user cancelled, and keeps the
process alive after the window closed. A child process can be ended at any moment. Each analysis gets its
own child (spawned, never forked: a forked Qt process is unsafe), which exits after one report; so a
hostile message can never leave state behind for the next one.

Starting Python and importing the engine costs about a second, so one child is kept *ready*: spawned ahead,
engine imported and the Public Suffix List built, waiting for its one analysis. Taking it starts the next.

The child talks to its job over a pipe: ``("ready",)`` once warm, then ``("progress", text)`` for each step,
and finally ``("done", Report)`` or ``("failed", message)``. It exits by itself when its parent is gone
(a watchdog compares the parent pid), ignores Ctrl+C (the terminal's interrupt belongs to the parent), and
never prints a traceback: every error becomes a ``failed`` message.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.util  # registers its exit handler now, so ours (at the end) runs before it
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from inspector.childproc import poll_child

#: How often the child checks that its parent still exists.
PARENT_CHECK_S = 0.5
#: How long a terminated child gets before it is killed.
TERMINATE_GRACE_S = 1.0


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent_pid:
            os._exit(0)


def _warm_up() -> None:
    """Import the engine, build the Public Suffix List and analyse a small message offline (all optional):
    the first real analysis then finds every lazy table built (137 ms → 6 ms for the sample)."""
    from inspector.batch.warmup import warm_up

    warm_up()


def child_main(conn: Connection, parent_pid: int) -> None:
    """The child's body: warm up, run one analysis, send the outcome, exit."""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    _warm_up()
    try:
        conn.send(("ready",))
        message = conn.recv()
    except (EOFError, OSError):
        return
    request, settings, dns_factory = message
    from inspector.errors import InspectorError
    from inspector.gui.worker import AnalysisCancelled, run_analysis

    send_lock = threading.Lock()  # the engine asks DNS questions from several threads at once

    def progress(text: str) -> None:
        with send_lock:
            conn.send(("progress", text))

    try:
        report = run_analysis(request, settings, dns_factory, threading.Event(), progress)
        outcome: tuple[str, Any] = ("done", report)
    except AnalysisCancelled:
        outcome = ("failed", "cancelled")
    except InspectorError as exc:
        outcome = ("failed", str(exc))
    except MemoryError:
        outcome = ("failed", "the message is too large to analyse in memory")
    except RecursionError:
        outcome = ("failed", "the message is nested too deeply to analyse")
    except Exception as exc:  # noqa: BLE001 - the window shows it; the child must never print a traceback
        outcome = ("failed", f"internal error: {type(exc).__name__}: {exc}")
    with contextlib.suppress(EOFError, OSError, BrokenPipeError), send_lock:
        try:
            conn.send(outcome)
        except Exception as exc:  # noqa: BLE001 - a report that cannot be pickled is still an answer
            conn.send(("failed", f"internal error: the report could not be handed over ({type(exc).__name__})"))
    conn.close()


class AnalysisProcess:
    """One child process, used for exactly one analysis."""

    def __init__(self) -> None:
        if _exiting:
            raise RuntimeError("the application is exiting")
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=child_main, args=(child_conn, os.getpid()), daemon=True, name="inspector-analysis"
        )
        self._stop_lock = threading.Lock()
        self._stopped = False
        self.process.start()
        child_conn.close()
        with _live_lock:
            _live.add(self)

    def start(self, request: object, settings: object, dns_factory: Callable[[], object]) -> None:
        """Hand the child its analysis (it may still be warming up: the message waits in the pipe)."""
        self.conn.send((request, settings, dns_factory))

    def poll(self, timeout: float) -> tuple[str, Any] | None:
        """The child's next message, None when there is none yet; ("exited", code) once it is gone."""
        return poll_child(self.conn, self.process, timeout, TERMINATE_GRACE_S)

    def alive(self) -> bool:
        """True while the child runs and nobody has stopped it (a stopped child's process object is closed)."""
        with self._stop_lock:
            if self._stopped:
                return False
            try:
                return self.process.is_alive()
            except ValueError:
                return False

    def stop(self) -> None:
        """End the child now (cancel, quit); never raises, and does the work once however many threads ask.

        At Quit the pool thread relaying an analysis and the exit handler can both stop the same child;
        without the lock one could close the process object while the other (or multiprocessing's own exit
        handler) still joined it, which printed "process object is closed" on the terminal."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
            with contextlib.suppress(Exception):
                self.conn.close()
            with contextlib.suppress(Exception):
                if self.process.is_alive():
                    self.process.terminate()
                    self.process.join(TERMINATE_GRACE_S)
                if self.process.is_alive():
                    self.process.kill()
                    self.process.join(TERMINATE_GRACE_S)
            with contextlib.suppress(Exception):
                self.process.close()
        with _live_lock:
            _live.discard(self)


#: Every child not yet stopped, so the exit handler can end them all (a pool thread may still relay one).
_live: set[AnalysisProcess] = set()
_live_lock = threading.Lock()
_exiting = False


def stop_all() -> None:
    """End every analysis child, warm or busy, and start no new one (interpreter exit).

    Registered with `atexit` after `multiprocessing.util` is imported, so it runs before multiprocessing's
    own handler (exit handlers run last-registered first): that handler then finds no child of ours left to
    join while a pool thread closes it."""
    global _exiting, _enabled, _ready
    with _lock:
        _exiting = True
        _enabled = False
        _ready = None
    with _live_lock:
        children = list(_live)
    for child in children:
        child.stop()


_lock = threading.Lock()
_ready: AnalysisProcess | None = None
_enabled = True


def take() -> AnalysisProcess:
    """A child for one analysis: the warm one when there is one, else a new one.

    The next warm child is started by `prepare` once this analysis is over (starting it now would make two
    Pythons import the engine at once on the analyst's CPU, slowing the analysis being waited for).
    """
    global _ready
    with _lock:
        proc = _ready if _ready is not None and _ready.alive() else None
        _ready = None
    return proc if proc is not None else AnalysisProcess()


def prepare() -> None:
    """Start the warm child ahead of the first analysis (called when the window opens)."""
    global _ready
    with _lock:
        if _enabled and (_ready is None or not _ready.alive()):
            _ready = AnalysisProcess()


def shutdown() -> None:
    """End the warm child (application quit); later calls to `take` still work, without a warm child."""
    global _ready, _enabled
    with _lock:
        proc, _ready = _ready, None
        _enabled = False
    if proc is not None:
        proc.stop()


atexit.register(stop_all)
