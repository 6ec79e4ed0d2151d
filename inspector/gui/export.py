"""Writing a report to disk: the self-contained HTML page or the JSON report (both from the engine).

The writers are imported when an export is asked for, not when the window opens: most sessions never export.

An evidence file whose name is not valid UTF-8 (``lat\xe9.eml`` from a Latin-1 archive) reaches Python as a
string with lone surrogates (PEP 383), which no UTF-8 writer accepts. The JSON keeps the name exactly, as the
JSON escape ``\udce9`` (``json.loads`` gives the same string back, ``os.fsencode`` the same bytes); the HTML
page shows U+FFFD there. Exports get the permissions the user's umask gives a new file (``mkstemp`` alone
would leave every export readable by its owner only).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile

from inspector.model.report import Report

_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text with every lone surrogate written as its JSON escape (valid UTF-8, same data)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def html_safe(text: str) -> str:
    """HTML text with every lone surrogate replaced by U+FFFD (it cannot be written as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def _new_file_mode() -> int:
    """The mode a new file gets from the user's umask (0o666 & ~umask), as `open()` would create it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_atomic(path: str, text: str) -> None:
    """Write via a temporary file in the same folder, so a failed export never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    fd, tmp = tempfile.mkstemp(prefix=".inspector-", suffix=".tmp", dir=folder)
    try:
        if hasattr(os, "fchmod"):  # POSIX; on Windows the folder's ACL decides, as for any new file
            os.fchmod(fd, _new_file_mode())
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

    _write_atomic(path, html_safe(report_to_html(report)))


def export_json(report: Report, path: str) -> None:
    """The JSON report (the same document as `inspector analyze --json`)."""
    from inspector.report.to_json import report_to_json

    _write_atomic(path, json_safe(report_to_json(report)) + "\n")


def suggested_name(report: Report, extension: str) -> str:
    """A default file name: the evidence's name (or hash) plus `.report.<extension>`."""
    if report.source.path:
        stem = os.path.splitext(os.path.basename(report.source.path))[0] or "message"
    else:
        stem = f"headers-{report.source.sha256[:12]}"
    return _SURROGATE.sub("_", f"{stem}.report.{extension}")
