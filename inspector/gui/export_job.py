"""Writing an export file on the thread pool, with progress, Cancel, and a plain reason when it fails.

The triage table's CSV (10,000 rows) and JSONL (10,000 reports read back from the spool and rendered) take
seconds; on the GUI thread the window froze meanwhile. An `ExportJob` writes the lines it is given through
``fileio.write_atomic_lines`` (a temporary file renamed into place: a failed or cancelled export never
leaves half a file), reports how far it got, stops between two lines when cancelled, and turns the
system's error into a sentence a user can act on (disk full, no permission, read-only disk).
"""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QObject, QRunnable, Signal

from inspector.fileio import EvidenceOverwriteError, write_atomic_lines

#: What `done` carries as its error when the user cancelled (nothing was written).
CANCELLED = "cancelled"
#: Progress is reported at most this often (a signal per line would flood the event loop).
PROGRESS_EVERY_S = 0.1


class _Cancelled(Exception):
    """Raised between two lines once Cancel was pressed (the temporary file is then removed)."""


def write_error_text(exc: OSError) -> str:
    """Why a file could not be written, in words (the system's text kept at the end)."""
    if isinstance(exc, EvidenceOverwriteError):
        return str(exc)
    code = exc.errno
    system = exc.strerror or str(exc)
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return f"the disk is full ({system}); free some space or choose another disk"
    if code in (errno.EACCES, errno.EPERM):
        return f"you may not write in this folder ({system}); choose another folder"
    if code == errno.EROFS:
        return f"the disk is read-only ({system}); choose another disk"
    if code == errno.ENOENT:
        return f"the folder does not exist ({system})"
    return system


class ExportSignals(QObject):
    """Signals of one export (live in the GUI thread)."""

    progress = Signal(int, int)  # lines written, lines in all
    done = Signal(str, int, str)  # path, lines written, error ("" when written, CANCELLED when cancelled)


class ExportJob(QRunnable):
    """Writes `lines()` to `path` on a pool thread; `total` lines are expected (for the progress bar)."""

    def __init__(
        self, path: str, lines: Callable[[], Iterable[str]], total: int, evidence: Iterable[str | None] = ()
    ) -> None:
        super().__init__()
        #: The files the rows were read from: the export never replaces one of them.
        self.evidence = tuple(evidence)
        self.setAutoDelete(False)  # the page keeps it until `done`
        self.path = path
        self.lines = lines
        self.total = total
        self.signals = ExportSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next line; the file is left as it was."""
        self._cancel.set()

    def _watched(self) -> Iterator[str]:
        reported = time.monotonic()
        for n, line in enumerate(self.lines()):
            if self._cancel.is_set():
                raise _Cancelled
            if time.monotonic() - reported >= PROGRESS_EVERY_S:
                self.signals.progress.emit(n, self.total)
                reported = time.monotonic()
            yield line

    def run(self) -> None:
        """Runs on a pool thread: never lets an exception escape."""
        try:
            n = write_atomic_lines(self.path, self._watched(), self.evidence)
        except _Cancelled:
            self.signals.done.emit(self.path, 0, CANCELLED)
        except OSError as exc:
            self.signals.done.emit(self.path, 0, write_error_text(exc))
        except Exception as exc:  # noqa: BLE001 - the page says so; a pool thread must never die silently
            self.signals.done.emit(self.path, 0, f"internal error: {type(exc).__name__}: {exc}")
        else:
            self.signals.progress.emit(n, self.total)
            self.signals.done.emit(self.path, n, "")
