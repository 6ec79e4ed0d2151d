"""Writing a report to disk: the self-contained HTML page or the JSON report (both from the engine).

The writers are imported when an export is asked for, not when the window opens: most sessions never export.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from inspector.model.report import Report


def _write_atomic(path: str, text: str) -> None:
    """Write via a temporary file in the same folder, so a failed export never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".inspector-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def export_html(report: Report, path: str) -> None:
    """The printable HTML report."""
    from inspector.report.to_html import report_to_html

    _write_atomic(path, report_to_html(report))


def export_json(report: Report, path: str) -> None:
    """The JSON report (the same document as `inspector analyze --json`)."""
    from inspector.report.to_json import report_to_json

    _write_atomic(path, report_to_json(report) + "\n")


def suggested_name(report: Report, extension: str) -> str:
    """A default file name: the evidence's name (or hash) plus `.report.<extension>`."""
    if report.source.path:
        stem = os.path.splitext(os.path.basename(report.source.path))[0] or "message"
    else:
        stem = f"headers-{report.source.sha256[:12]}"
    return f"{stem}.report.{extension}"
