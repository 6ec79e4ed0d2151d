"""The GUI's job layer: every analysis the window asked for, and the threads and processes that run them.

The window only says *what* to analyse and shows what comes back; this module owns *how*: the thread pool
that relays single analyses (each in its own child process, ``worker.py`` / ``analysis_process.py``), the
running jobs by id, cancellation, and the triage runs (a batch of many messages in a driver process with
its own worker pool, ``batch/stream.py``), relayed to the triage table in batches so that 10,000 rows never
flood the event loop.

Every signal is emitted from a pool thread and delivered queued in the GUI thread (the signal objects live
there), so the window's slots never race each other.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from inspector.dns.source import DnsSource
from inspector.gui.worker import AnalysisJob, AnalysisRequest
from inspector.model.report import Report
from inspector.model.vocabulary import JobState
from inspector.settings import AnalysisSettings

__all__ = ["JobManager", "JobState", "ReportSpool", "TriageRow", "TriageRun"]

#: Rows are handed to the table at most this often (one model insert per batch, not per message): each
#: batch repaints the table, ≈20–60 ms with 10,000 rows on a loaded two-core machine.
ROW_BATCH_S = 0.2
#: … or as soon as this many are waiting.
ROW_BATCH_MAX = 500


class JobManager(QObject):
    """Starts, tracks and cancels the window's analyses; re-emits their outcomes by job id."""

    finished = Signal(int, object)  # job id, Report
    failed = Signal(int, str)  # job id, readable message
    cancelled = Signal(int)
    progress = Signal(int, str)  # job id, what is happening now

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        #: Triage relays run for a whole batch: their own pool, so single analyses never wait behind them.
        self.batch_pool = QThreadPool(self)
        self.batch_pool.setMaxThreadCount(8)
        #: The running single analyses by job id (an id leaves when its job has reported).
        self.jobs: dict[int, AnalysisJob] = {}
        self.triage_runs: list[TriageRun] = []
        self._ids = itertools.count(1)

    def new_id(self) -> int:
        """The next job id (single analyses and triage runs share the sequence)."""
        return next(self._ids)

    def start(
        self,
        request: AnalysisRequest,
        settings: AnalysisSettings,
        dns_factory: Callable[[], DnsSource],
        job_id: int | None = None,
    ) -> int:
        """Start one analysis; its outcome comes back as `finished`, `failed` or `cancelled` with its id."""
        jid = self.new_id() if job_id is None else job_id
        job = AnalysisJob(jid, request, settings, dns_factory)
        # Connect before start: a signal emitted before anyone listens is lost.
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        job.signals.progress.connect(self.progress)
        self.jobs[jid] = job
        self.pool.start(job)
        return jid

    def _finished(self, job_id: int, report: object) -> None:
        self.jobs.pop(job_id, None)
        self.finished.emit(job_id, report)

    def _failed(self, job_id: int, message: str) -> None:
        self.jobs.pop(job_id, None)
        self.failed.emit(job_id, message)

    def _cancelled(self, job_id: int) -> None:
        self.jobs.pop(job_id, None)
        self.cancelled.emit(job_id)

    def cancel(self, job_id: int) -> None:
        """Ask a running analysis to stop (its child process ends; `cancelled` follows)."""
        job = self.jobs.get(job_id)
        if job is not None:
            job.cancel()

    def start_triage(self, paths: Sequence[str], job: Any, jobs: int) -> TriageRun:
        """Start a triage run over `paths` (a `batch.run.BatchJob`, `jobs` worker processes)."""
        run = TriageRun(self.new_id(), list(paths), job, jobs)
        run.signals.ended.connect(lambda _id, r=run: self._triage_ended(r))
        self.triage_runs.append(run)
        self.batch_pool.start(run)
        return run

    def _triage_ended(self, run: TriageRun) -> None:
        with contextlib.suppress(ValueError):
            self.triage_runs.remove(run)

    @property
    def busy(self) -> bool:
        """True while any analysis or triage run is going on."""
        return bool(self.jobs) or any(r.state is JobState.RUNNING for r in self.triage_runs)

    def cancel_all(self) -> None:
        """Cancel everything (the window closes)."""
        for job in list(self.jobs.values()):
            job.cancel()
        for run in list(self.triage_runs):
            run.cancel()


class ReportSpool:
    """The triage run's reports, kept on disk (an unlinked temporary file) instead of in memory.

    A report is ≈16 KB compressed; 10,000 of them stay out of the window's memory. Written by the relay
    thread, read by the GUI thread when a row is opened or exported: one lock keeps offsets straight.
    """

    def __init__(self) -> None:
        # Lives as long as the table (closed by `close`), so no context manager: SIM115.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="inspector-triage-")  # noqa: SIM115
        self._lock = threading.Lock()
        self._end = 0

    def put(self, blob: bytes) -> tuple[int, int]:
        with self._lock:
            self._file.seek(self._end)
            self._file.write(blob)
            where = (self._end, len(blob))
            self._end += len(blob)
            return where

    def get(self, where: tuple[int, int]) -> bytes:
        with self._lock:
            self._file.flush()
            self._file.seek(where[0])
            return self._file.read(where[1])

    def close(self) -> None:
        with self._lock, contextlib.suppress(OSError):
            self._file.close()


@dataclass(slots=True)
class TriageRow:
    """One row of the triage table: the batch outcome (without its report), its campaign, its stored report."""

    position: int
    outcome: Any  # batch.run.Outcome (report_blob dropped: the report lives in the spool)
    spool: tuple[int, int] | None = None
    campaign: int | None = None


class TriageSignals(QObject):
    """Signals of one triage run (live in the GUI thread)."""

    rows = Signal(list)  # [TriageRow, …] in input order
    progress = Signal(int, int, int)  # inputs done, inputs in all (0 = not known yet), files skipped
    campaigns = Signal(list)  # [CampaignInfo, …]
    ended = Signal(int, str, str)  # run id, final JobState value, message ("" when done)


class TriageRun(QRunnable):
    """Relays one driver process (``batch/stream.py``) to the triage table, a batch of rows at a time."""

    def __init__(self, run_id: int, paths: list[str], job: Any, jobs: int) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.run_id = run_id
        self.paths = paths
        self.job = replace(job, report_blob=True, report_json=False)
        self.jobs = jobs
        self.signals = TriageSignals()
        self.spool = ReportSpool()
        self.state = JobState.RUNNING
        self.cancel_event = threading.Event()
        self.driver_pid: int | None = None
        #: Inputs done: items analysed and files skipped (the unit of `total`).
        self.items = 0
        #: How many inputs there are (0: not known yet, e.g. while an mbox is read); exact once `total_final`.
        self.total = 0
        self.total_final = False
        self.skipped = 0
        self._position = 0

    def cancel(self) -> None:
        """Stop the run: the driver and its workers end; the rows so far stay."""
        self.cancel_event.set()

    def open_report(self, row: TriageRow) -> Report | None:
        """The full report of `row` (None for an error row)."""
        if row.spool is None:
            return None
        from inspector.batch.run import report_from_blob

        report = report_from_blob(self.spool.get(row.spool))
        return report if isinstance(report, Report) else None

    def run(self) -> None:
        """Runs in a pool thread: never lets an exception escape."""
        from inspector.batch.stream import BatchProcess

        driver = None
        final, message = JobState.FAILED, ""
        try:
            driver = BatchProcess(self.paths, self.job, self.jobs)
            self.driver_pid = driver.process.pid
            final, message = self._relay(driver)
        except Exception as exc:  # noqa: BLE001 - a relay must never die silently
            final, message = JobState.FAILED, f"internal error: {type(exc).__name__}: {exc}"
        finally:
            if driver is not None:
                driver.stop()
            self.state = final
            self.signals.ended.emit(self.run_id, final.value, message)

    def _relay(self, driver: Any) -> tuple[JobState, str]:
        pending: list[TriageRow] = []
        flushed = time.monotonic()
        while True:
            if self.cancel_event.is_set():
                self._flush(pending)
                return JobState.CANCELLED, "cancelled"
            message = driver.poll(0.05)
            if message is not None:
                kind, value = message
                if kind == "item":
                    pending.extend(self._rows(value))
                elif kind == "skipped":
                    self.skipped += 1
                    self.items += 1
                elif kind == "total":
                    total, final = value
                    self.total, self.total_final = int(total), bool(final)
                    self.signals.progress.emit(self.items, self.total, self.skipped)
                elif kind == "campaigns":
                    self._flush(pending)
                    self.signals.campaigns.emit(list(value))
                elif kind == "done":
                    self._flush(pending)
                    return JobState.DONE, ""
                else:  # "failed", or the driver exited without a word
                    self._flush(pending)
                    why = str(value) if kind == "failed" else f"the triage run stopped unexpectedly (exit code {value})"
                    return JobState.FAILED, why
            if pending and (len(pending) >= ROW_BATCH_MAX or time.monotonic() - flushed >= ROW_BATCH_S):
                self._flush(pending)
                flushed = time.monotonic()

    def _rows(self, outcomes: list[Any]) -> list[TriageRow]:
        self.items += 1
        rows = []
        for outcome in outcomes:
            if outcome.skipped is not None:
                self.skipped += 1
                continue
            where = self.spool.put(outcome.report_blob) if outcome.report_blob else None
            rows.append(TriageRow(self._position, replace(outcome, report_blob=None), where))
            self._position += 1
        return rows

    def _flush(self, pending: list[TriageRow]) -> None:
        if pending:
            self.signals.rows.emit(list(pending))
            pending.clear()
        self.signals.progress.emit(self.items, self.total, self.skipped)


def default_jobs() -> int:
    """Worker processes for a triage run: one per core (the batch's default)."""
    from inspector.batch.run import default_jobs as batch_default

    return batch_default()


def same_run_label(paths: Sequence[str]) -> str:
    """A short name for a triage run: the one path's name, or the first and how many more."""
    names = [os.path.basename(os.path.normpath(p)) or p for p in paths]
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
