"""Analysing many messages in a process pool, results in input order.

The analysis of one message is a pure function of its bytes and the run's settings (:func:`analyse_item`):
the worker gets a picklable :class:`Item` and gives back picklable :class:`Outcome` s (the report already
as its JSON line, the CSV row's fields, the campaign indicators), so the pool works with the ``spawn``
start method that Windows and macOS use; where it is safe (Linux, a single-threaded process: the command
line) the workers are forked from a parent that has the engine imported and warmed up (``startmethod.py``).
Workers build their DNS source once, from the run's :class:`DnsChoice`; live answers are shared through
one cache per run (``batch/dnscache.py``).

Tasks carry up to CHUNK_ITEMS messages each (one future and one queue hand-off for several: the parent
stays light). Bounded memory: at most WINDOW_PER_JOB items per worker (and MAX_INFLIGHT_BYTES of message
bytes) are in flight; the reader is not asked for more until the oldest result has been handed on, so a 1 GB
mbox streams through and the output order is the input order whatever finishes first.

A worker that dies (killed, out of memory, a crash in a C library) takes every task in flight with it.
Those messages are then run again one at a time, so only the message that kills its worker again becomes
an error line, and the run goes on with a new pool. Workers end by themselves when the process that
started them is gone (the GUI's triage run is cancelled by ending its driver process).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import os
import pickle
import signal
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from inspector.batch.campaigns import Indicators, indicators_of
from inspector.batch.readers import Item, Origin
from inspector.batch.startmethod import helper_context, pool_context
from inspector.batch.summary import Summary, summary_of
from inspector.batch.unwrap import unwrap, wrapper_headers
from inspector.dns.source import DnsAnswer, DnsSource, SourceKind
from inspector.errors import InputError
from inspector.ingest import load_bytes
from inspector.ingest.detect import REFUSAL, Detected
from inspector.model.report import WrapperInfo
from inspector.settings import AnalysisSettings

#: Items in flight per worker: enough to keep every worker busy, few enough to bound memory.
WINDOW_PER_JOB = 8
#: Items sent to a worker as one task. Each task costs the parent a future, a queue hand-off through its
#: feeder and manager threads and a wake-up (about 0.2 ms of the parent's CPU, which a two-core machine takes
#: from the workers); a few messages share one. Small, so the last tasks of a run still balance the workers.
CHUNK_ITEMS = 4
#: ... and at most about this many message bytes (a few large messages go one or two at a time).
CHUNK_BYTES = 4 * 1024 * 1024
#: Message bytes in flight at most (a few large messages must not multiply the memory by the window).
MAX_INFLIGHT_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DnsChoice:
    """Which DNS the run uses, as data a worker process can rebuild the source from."""

    offline: bool = False
    snapshot: str | None = None
    nameserver: str | None = None
    #: A picklable function that builds the source (the GUI's DNS settings, with their budgets); when given
    #: it replaces the three fields above.
    factory: Callable[[], DnsSource] | None = None

    def build(self, shared: MutableMapping[tuple[str, str], DnsAnswer] | None = None) -> DnsSource:
        from inspector.batch.dnscache import SharedCacheSource
        from inspector.dns.factory import make_source

        if self.factory is not None:
            source = self.factory()
        else:
            source = make_source(offline=self.offline, snapshot=self.snapshot, nameserver=self.nameserver)
        if shared is not None and source.kind is SourceKind.LIVE:
            return SharedCacheSource(source, shared)
        return source

    @property
    def live(self) -> bool:
        """May the run ask live DNS (then its workers share one answer cache)? A factory may: assume so."""
        return self.factory is not None or (not self.offline and not self.snapshot)


@dataclass(frozen=True, slots=True)
class BatchJob:
    """Everything a worker needs besides the message: the settings and the DNS choice."""

    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    dns: DnsChoice = field(default_factory=DnsChoice)
    #: Analyse the original attached to a "report phishing" forward instead of the forward.
    unwrap: bool = True
    #: Produce each report's JSON line (JSONL output); a CSV or text run needs only the summary row, and
    #: serialising the whole report is about a sixth of a message's analysis time.
    report_json: bool = True
    #: Also hand back the Report itself, pickled and compressed (`report_blob`): the GUI's triage table opens
    #: it on selection without a second analysis, and stores it as it came (≈16 KB a message instead of ≈42).
    report_blob: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result for one message: a report (as its JSON line and summary) or an error, or a skip."""

    origin: Origin
    #: The report's JSON line, UTF-8 encoded and ending in a newline (only when the job asks for it:
    #: `BatchJob.report_json`). Bytes because the parent only writes them out: a report line is ~70 KB, and
    #: decoding it from the pipe only to encode it again for stdout was the largest part of the parent's own
    #: work (which takes its CPU from the workers').
    report_line: bytes | None = None
    summary: Summary | None = None
    indicators: Indicators | None = None
    #: {"kind": "unreadable" | "internal", "message": …} when the message could not be analysed.
    error: dict[str, str] | None = None
    #: Why a file found in a folder was passed over (it is not a message); no output line.
    skipped: str | None = None
    sha256: str | None = None
    wrapper: WrapperInfo | None = None
    #: The Report, pickled and zlib-compressed (only when the job asks for it: `BatchJob.report_blob`).
    report_blob: bytes | None = None

    @property
    def report_json(self) -> str | None:
        """The report's JSON text (`report_line` decoded, without its newline)."""
        return None if self.report_line is None else self.report_line.decode("utf-8").removesuffix("\n")


class _Worker:
    """Per-process state: the job and its DNS source, built once."""

    def __init__(self, job: BatchJob, shared: MutableMapping[tuple[str, str], DnsAnswer] | None) -> None:
        self.job = job
        self.source = job.dns.build(shared)


_STATE: _Worker | None = None

#: How often a pool worker checks that the process that started it still exists.
PARENT_CHECK_S = 0.5
#: Test hook (read only when set, in tests): a worker that gets a message containing these bytes kills
#: itself with SIGKILL, so a test can make a worker die mid-batch for real.
KILL_HOOK_ENV = "INSPECTOR_TEST_KILL_WORKER_ON"
#: `_init_worker`'s parent_pid for a fork server's worker: watch the process that forked it.
FORKSERVER_PARENT = -1


def _watch_parent(parent_pid: int) -> None:
    """End this worker once its parent is gone (killed, cancelled): an orphan would wait for work forever.

    A fork server's worker watches the fork server (its parent), which ends when the process that started
    it does."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent_pid:
            os._exit(0)


def _init_worker(
    job: BatchJob, shared: MutableMapping[tuple[str, str], DnsAnswer] | None, parent_pid: int | None = None
) -> None:
    global _STATE
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the parent, which ends the pool
    if parent_pid is not None:
        watched = os.getppid() if parent_pid == FORKSERVER_PARENT else parent_pid
        threading.Thread(target=_watch_parent, args=(watched,), daemon=True).start()
    atexit.register(_exit_without_teardown)
    _STATE = _Worker(job, shared)


def _exit_without_teardown() -> None:
    """The last thing a pool worker does: leave without tearing the interpreter down.

    When the pool shuts down, each worker runs its exit handlers and then Python frees every module and
    object of the engine one by one (a tenth of a second and more of CPU with the engine loaded), while the
    parent, and so the whole run, waits for it. By then every result has been written to the pipe and the
    worker holds nothing that needs closing (it only reads files), so it ends here, as the operating system
    would end it, with the standard streams flushed. The other exit handlers run first, once (a cache written
    at exit, such as `inspector.dataclass_code`'s, is still written by a worker that compiled something new).
    """
    atexit.unregister(_exit_without_teardown)
    with contextlib.suppress(Exception):
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def _pool_task(item: Item) -> list[Outcome]:
    assert _STATE is not None, "worker not initialised"
    marker = os.environ.get(KILL_HOOK_ENV)
    if marker and item.data is not None and marker.encode() in item.data:
        os.kill(os.getpid(), signal.SIGKILL)
    return analyse_item(item, _STATE.job, _STATE.source)


def _chunk_task(items: list[Item]) -> list[list[Outcome]]:
    return [_pool_task(item) for item in items]


def _wrapper_info(data: bytes, part: str) -> WrapperInfo:
    fields = wrapper_headers(data)

    def text(name: str) -> str | None:
        value = fields.get(name)
        return None if value is None else str(value)[:500]

    return WrapperInfo(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        part=part,
        from_header=text("from"),
        subject=text("subject"),
        date=text("date"),
    )


def analyse_item(item: Item, job: BatchJob, source: DnsSource) -> list[Outcome]:
    """Every outcome of one item: one report, or one per original attached to a report forward.

    Never raises for a bad message: an unreadable one becomes an error outcome (so do internal errors,
    unless INSPECTOR_DEBUG asks for the traceback).
    """
    if item.error is not None or item.data is None:
        return [Outcome(item.origin, error={"kind": "unreadable", "message": item.error or "no data"})]
    originals = unwrap(item.data) if job.unwrap else []
    if not originals:
        return [_analyse_one(item.data, item, job, source, None)]
    return [_analyse_one(a.data, item, job, source, _wrapper_info(item.data, a.part)) for a in originals]


def _analyse_one(data: bytes, item: Item, job: BatchJob, source: DnsSource, wrapper: WrapperInfo | None) -> Outcome:
    # Imported here: with --jobs N the parent only reads inputs and writes lines, and the analysis engine's
    # imports (~0.15 s of CPU) are the workers' alone.
    from inspector.analyze import analyze
    from inspector.report.to_json import report_to_json

    origin = item.origin
    sha = hashlib.sha256(data).hexdigest()
    try:
        message = load_bytes(data, path=origin.path)
    except InputError as exc:
        if item.in_folder and wrapper is None and str(exc) == REFUSAL[Detected.OLE_OTHER]:
            return Outcome(origin, skipped=str(exc))
        return Outcome(origin, error={"kind": "unreadable", "message": str(exc)}, sha256=sha, wrapper=wrapper)
    try:
        report = analyze(message, job.settings, source)
        where = dataclasses.replace(
            report.source,
            container=origin.container,
            container_format=origin.container_format,
            index=origin.index,
            wrapper=wrapper,
        )
        report = dataclasses.replace(report, source=where)
        return Outcome(
            origin,
            report_line=(report_to_json(report, indent=None) + "\n").encode("utf-8") if job.report_json else None,
            summary=summary_of(report),
            indicators=indicators_of(report),
            sha256=report.source.sha256,
            wrapper=wrapper,
            report_blob=_blob(report) if job.report_blob else None,
        )
    except Exception as exc:  # one message must never end the run (BLE001: re-raised in debug mode)
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        error = {"kind": "internal", "message": f"{type(exc).__name__}: {exc}"[:500]}
        return Outcome(origin, error=error, sha256=sha, wrapper=wrapper)


def _blob(report: object) -> bytes:
    return zlib.compress(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL), 1)


def report_from_blob(blob: bytes) -> Any:
    """The Report of a `report_blob` (only ever our own workers' output, kept in a private spool)."""
    return pickle.loads(zlib.decompress(blob))


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _size(item: Item) -> int:
    return len(item.data) if item.data is not None else 0


def run_items(items: Iterable[Item], job: BatchJob, jobs: int) -> Iterator[list[Outcome]]:
    """The outcomes of every item, item by item in input order, analysed by `jobs` processes.

    One job runs in this process (no pool to start). A worker that dies (killed, out of memory) turns the
    message that killed it into an error outcome (found by running the messages in flight one at a time);
    the pool is started again for the messages after it.
    """
    if jobs <= 1:
        source = job.dns.build(None)
        for item in items:
            yield analyse_item(item, job, source)
        return
    # The live run's shared answer cache: a manager process, started the way the pool's workers are.
    manager = helper_context().Manager() if job.dns.live else None
    try:
        shared = manager.dict() if manager is not None else None
        yield from _pooled(iter(items), job, jobs, shared)
    finally:
        if manager is not None:
            manager.shutdown()


def _new_pool(job: BatchJob, jobs: int, shared: Any) -> ProcessPoolExecutor:
    context = pool_context()
    parent = FORKSERVER_PARENT if context.get_start_method() == "forkserver" else os.getpid()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(job, shared, parent),
    )


def _died(item: Item) -> list[Outcome]:
    return [Outcome(item.origin, error={"kind": "internal", "message": "the worker process died"})]


def _result(item: Item, future: Future[list[Outcome]]) -> list[Outcome]:
    """The outcomes of one finished task; a result that could not come back is that message's error."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # BLE001: one message, not the run (re-raised in debug mode)
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        return [Outcome(item.origin, error={"kind": "internal", "message": f"{type(exc).__name__}: {exc}"[:500]})]


def _one_by_one(suspects: list[Item], job: BatchJob, shared: Any) -> Iterator[list[Outcome]]:
    """The items that were in flight when a worker died, each alone in a one-worker pool.

    When a worker dies every task in flight fails with it, and nothing says which message killed it. Run
    alone, only the message that kills its worker again becomes the error line; the others get their reports.
    """
    pool = _new_pool(job, 1, shared)
    try:
        for item in suspects:
            try:
                yield _result(item, pool.submit(_pool_task, item))
            except BrokenProcessPool:
                yield _died(item)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(job, 1, shared)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chunks(items: Iterator[Item], room: Callable[[], int]) -> Iterator[list[Item]]:
    """`items` in consecutive runs of at most `CHUNK_ITEMS` items (and about `CHUNK_BYTES` of message bytes),
    never more than `room()` items (what the window has left) in one run."""
    while True:
        limit = max(1, min(CHUNK_ITEMS, room()))
        chunk: list[Item] = []
        size = 0
        while len(chunk) < limit and size < CHUNK_BYTES:
            item = next(items, None)
            if item is None:
                break
            chunk.append(item)
            size += _size(item)
        if not chunk:
            return
        yield chunk


def _pooled(items: Iterator[Item], job: BatchJob, jobs: int, shared: Any) -> Iterator[list[Outcome]]:
    pool = _new_pool(job, jobs, shared)
    pending: deque[tuple[list[Item], Future[list[list[Outcome]]]]] = deque()
    queued = 0  # items in flight
    inflight = 0  # their bytes
    window = jobs * WINDOW_PER_JOB
    chunks = _chunks(items, lambda: window - queued)
    exhausted = False
    try:
        while True:
            while not exhausted and queued < window and inflight <= MAX_INFLIGHT_BYTES:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, pool.submit(_chunk_task, chunk)))
                queued += len(chunk)
                inflight += sum(_size(i) for i in chunk)
            if not pending:
                return
            chunk, future = pending.popleft()
            queued -= len(chunk)
            inflight -= sum(_size(i) for i in chunk)
            try:
                results = future.result()
            except BrokenProcessPool:
                suspects = chunk + [i for c, _ in pending for i in c]
                pending.clear()
                queued = inflight = 0
                pool.shutdown(wait=False, cancel_futures=True)
                yield from _one_by_one(suspects, job, shared)
                pool = _new_pool(job, jobs, shared)
                continue
            except Exception:  # BLE001: a result that could not come back (re-raised in debug mode)
                if os.environ.get("INSPECTOR_DEBUG"):
                    raise
                # Run alone, each message of the chunk gets its report or its own error line.
                yield from _one_by_one(chunk, job, shared)
                continue
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
