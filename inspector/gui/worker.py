"""Running an analysis off the GUI thread and handing the Report back by a queued signal.

The pattern of Picard's `run_task` and git-cola's `Task`: a QRunnable runs on a QThreadPool; its
signals object is created in the GUI thread, so emits from the pool thread are delivered queued.
Connect before `start()` (a signal emitted before anyone listens is lost) and keep a reference to the
job until it reports (the pool would otherwise own and delete it under Python's feet).

The analysis itself runs in a child process (`analysis_process.py`); the pool thread only relays its
progress and its outcome. Cancel ends the child at once, whatever step it is in (a thread could not be
stopped: a hostile message's long step kept running after Cancel and kept the app alive after Quit).
The GUI process never parses, verifies or asks DNS: `inspector.analyze` runs in the child only.

A DNS factory that cannot be sent to another process (a test's lambda) makes the job run in the pool
thread as before; every factory the app builds itself can be sent. In that mode cancellation is
cooperative: every slow step is a DNS question, and the wrapped DNS source refuses further questions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, Signal

from inspector.dns.source import DnsAnswer, DnsSource, DnsStatus, SourceKind
from inspector.model.report import Report
from inspector.settings import AnalysisSettings

#: The progress line once no DNS server answered: our DNS failed, the analysis finishes without it.
UNREACHABLE_PROGRESS = (
    "No DNS server answers this computer: finishing without DNS (results will read 'not verifiable'). "
    "Cancel and analyse offline or with a snapshot, or wait a moment for the report."
)


class AnalysisCancelled(Exception):
    """Raised inside the worker's DNS source once the user cancelled."""


@dataclass(frozen=True, slots=True)
class AnalysisRequest:
    """One thing to analyse: a file path, or pasted header text."""

    label: str
    path: str | None = None
    pasted: str | None = None
    #: A DNS source factory that overrides the settings (the demo sample brings its own snapshot). The window
    #: weighs it against its own override and the settings when it starts the job (`MainWindow._start`).
    dns_override: Callable[[], DnsSource] | None = None


class JobSignals(QObject):
    """Signals of one job (lives in the GUI thread)."""

    finished = Signal(int, object)  # job id, Report
    failed = Signal(int, str)  # job id, readable message
    cancelled = Signal(int)
    progress = Signal(int, str)  # job id, what is happening now


class _WatchedSource:
    """A DnsSource that reports each question as progress and refuses to continue after cancel."""

    def __init__(self, inner: DnsSource, cancel: threading.Event, report: Callable[[str], None]) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.cancel = cancel
        self.report = report
        self.created_at = getattr(inner, "created_at", None)
        self.said_unreachable = False

    def query(self, name: str, rtype: str) -> DnsAnswer:
        if self.cancel.is_set():
            raise AnalysisCancelled()
        self.report(f"asking DNS: {rtype} {name}")
        answer = self.inner.query(name, rtype)
        if self.cancel.is_set():
            raise AnalysisCancelled()
        if answer.status is DnsStatus.UNREACHABLE and not self.said_unreachable:
            # Said once, as soon as the reachability probe found no server (≈1.5 s), in words about our DNS.
            self.said_unreachable = True
            self.report(UNREACHABLE_PROGRESS)
        return answer

    def describe(self) -> str:
        return self.inner.describe()


def run_analysis(
    request: AnalysisRequest,
    settings: AnalysisSettings,
    dns_factory: Callable[[], DnsSource],
    cancel: threading.Event,
    progress: Callable[[str], None],
) -> Report:
    """Read the evidence and analyse it (plain function: the worker's body, also usable in tests).

    `dns_factory` is the DNS this analysis uses, already chosen by the caller (request, window or settings).
    """
    from inspector.analyze import analyze
    from inspector.ingest import load_file, read_pasted_headers

    progress("reading the message")
    if request.pasted is not None:
        message = read_pasted_headers(request.pasted)
    elif request.path is not None:
        message = load_file(request.path)
    else:
        raise ValueError("nothing to analyse")
    source = dns_factory()
    if source.kind is SourceKind.LIVE:
        progress(f"checking that a DNS server answers ({source.describe()})…")
    else:
        progress(f"analysing ({source.describe()})")
    return analyze(message, settings, _WatchedSource(source, cancel, progress))


class AnalysisJob(QRunnable):
    """One analysis on the thread pool."""

    def __init__(
        self,
        job_id: int,
        request: AnalysisRequest,
        settings: AnalysisSettings,
        dns_factory: Callable[[], DnsSource],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.job_id = job_id
        self.request = request
        self.settings = settings
        self.dns_factory = dns_factory
        self.signals = JobSignals()
        self.cancel_event = threading.Event()
        #: The pid of the child process running this analysis (None before it starts, or in-thread).
        self.child_pid: int | None = None

    def _emit(self, name: str, *args: object) -> None:
        """Emit one of `signals`, unless the window that listened is already gone.

        On Quit the application can delete the signals object while this pool thread still relays the
        child's last message; PySide then raises "Signal source has been deleted" in a thread nobody
        watches, and the traceback lands on the user's terminal. Nobody is left to tell, so drop it."""
        with contextlib.suppress(RuntimeError):
            getattr(self.signals, name).emit(*args)

    def cancel(self) -> None:
        """Ask the job to stop; it reports `cancelled` (queued) as soon as it can."""
        self.cancel_event.set()

    def run(self) -> None:
        """Runs in a pool thread: never lets an exception escape."""
        if self.cancel_event.is_set():
            self._emit("cancelled", self.job_id)
            return
        if can_send(self.dns_factory):
            self.run_in_process()
        else:
            self.run_in_thread()

    def run_in_process(self) -> None:
        """Relay a child process's analysis; end the child as soon as the user cancels."""
        from inspector.gui import analysis_process

        jid = self.job_id
        child = None
        try:
            child = analysis_process.take()
            self.child_pid = child.process.pid
            request = dataclasses.replace(self.request, dns_override=None)
            child.start(request, self.settings, self.dns_factory)
            while True:
                if self.cancel_event.is_set():
                    self._emit("cancelled", jid)
                    return
                message = child.poll(0.05)
                if message is None or message[0] == "ready":
                    continue
                kind, value = message
                if kind == "progress":
                    self._emit("progress", jid, str(value))
                    continue
                if self.cancel_event.is_set():
                    self._emit("cancelled", jid)
                elif kind == "done":
                    self._emit("finished", jid, value)
                elif kind == "failed":
                    self._emit("failed", jid, str(value))
                else:
                    self._emit("failed", jid, f"the analysis stopped unexpectedly (exit code {value})")
                return
        except Exception as exc:  # noqa: BLE001 - a worker must never die silently
            self._emit("failed", jid, f"internal error: {type(exc).__name__}: {exc}")
        finally:
            if child is not None:
                child.stop()
            with contextlib.suppress(Exception):
                analysis_process.prepare()  # a warm child for the next analysis

    def run_in_thread(self) -> None:
        """The analysis in this pool thread (a DNS factory that cannot be sent to a child process)."""
        from inspector.errors import InspectorError

        jid = self.job_id
        try:
            report = run_analysis(
                self.request,
                self.settings,
                self.dns_factory,
                self.cancel_event,
                lambda text: self._emit("progress", jid, text),
            )
        except AnalysisCancelled:
            self._emit("cancelled", jid)
            return
        except InspectorError as exc:
            if self.cancel_event.is_set():
                self._emit("cancelled", jid)
            else:
                self._emit("failed", jid, str(exc))
            return
        except MemoryError:
            self._emit("failed", jid, "the message is too large to analyse in memory")
            return
        except Exception as exc:  # noqa: BLE001 - the window shows it; a worker must never die silently
            self._emit("failed", jid, f"internal error: {type(exc).__name__}: {exc}")
            return
        if self.cancel_event.is_set():
            self._emit("cancelled", jid)
        else:
            self._emit("finished", jid, report)


def can_send(factory: object) -> bool:
    """True when `factory` can be handed to a child process (pickled)."""
    try:
        pickle.dumps(factory)
    except Exception:  # noqa: BLE001 - lambdas, closures and local classes raise a variety of errors
        return False
    return True


class WarmUp(QRunnable):
    """Starts the warm analysis child and builds the Public Suffix List in the background once the window is
    up, so the first drop does not pay for them (the list is built under a lock, so a drop that races the
    warm-up waits for it rather than building a second one).

    The engine itself is not imported here: analyses run in the child (`analysis_process`), and importing
    it into this process only cost the window ~150 ms of CPU holding the GIL (an in-thread analysis, for a DNS
    source that cannot be sent to a child, imports it on first use)."""

    def run(self) -> None:
        try:
            from inspector.gui import analysis_process

            analysis_process.prepare()
        except Exception:  # noqa: BLE001 - without a warm child the first analysis starts one itself
            pass
        try:
            from inspector.auth.orgdomain import warm_up

            warm_up()
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first analysis does the work itself
            pass
