"""Writing a report to disk: the self-contained HTML page or the JSON report (both from the engine).

The writers are imported when an export is asked for, not when the window opens: most sessions never export.

An evidence file whose name is not valid UTF-8 (``lat\xe9.eml`` from a Latin-1 archive) reaches Python as a
string with lone surrogates (PEP 383), which no UTF-8 writer accepts. The JSON keeps the name exactly, as the
JSON escape ``\udce9`` (``json.loads`` gives the same string back, ``os.fsencode`` the same bytes); the HTML
page shows U+FFFD there. Exports get the permissions the user's umask gives a new file (``mkstemp`` alone
would leave every export readable by its owner only).
"""

from __future__ import annotations

import os
import re

from inspector.fileio import write_atomic
from inspector.model.report import Report

_SURROGATE = re.compile("[\ud800-\udfff]")


def html_safe(text: str) -> str:
    """HTML text with every lone surrogate replaced by U+FFFD (it cannot be written as UTF-8)."""
    return _SURROGATE.sub("\ufffd", text)


def evidence_paths(report: Report) -> tuple[str | None, ...]:
    """The files the report was read from (the message file, the mailbox holding it): never export targets."""
    return (report.source.path, report.source.container)


def export_html(report: Report, path: str) -> None:
    """The printable HTML report."""
    from inspector.report.to_html import report_to_html

    write_atomic(path, html_safe(report_to_html(report)), evidence_paths(report))


def export_json(report: Report, path: str) -> None:
    """The JSON report (the same document as `inspector analyze --json`)."""
    from inspector.report.to_json import report_to_json

    # report_to_json already writes every lone surrogate (a non-UTF-8 file name) as its \uXXXX escape
    # (inspector/jsontext.py), so the text is valid UTF-8 as it is.
    write_atomic(path, report_to_json(report) + "\n", evidence_paths(report))


def suggested_name(report: Report, extension: str) -> str:
    """A default file name: the evidence's name (or hash) plus `.report.<extension>`."""
    if report.source.path:
        stem = os.path.splitext(os.path.basename(report.source.path))[0] or "message"
    else:
        stem = f"headers-{report.source.sha256[:12]}"
    return _SURROGATE.sub("_", f"{stem}.report.{extension}")
