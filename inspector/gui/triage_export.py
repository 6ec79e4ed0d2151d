"""Exporting the triage table: the rows as CSV (the CLI's writer), the reports as JSONL (the CLI's lines).

The CSV is exactly ``inspector analyze --csv --campaigns``'s table (``batch/command.py``: the same columns,
the same cell escaping against spreadsheet formulas and control characters), for the rows shown. The JSONL
is one full report per line (``report_to_json``, the same object as ``--jsonl``), or the CLI's error line
for a message that could not be analysed; a lone surrogate of a non-UTF-8 file name is already written as
its ``\\uXXXX`` escape there (``inspector/jsontext.py``), so the text is valid UTF-8 as it is. Both are
produced line by line (``export_job.ExportJob`` writes them off the GUI thread, with progress and Cancel)
to a temporary file renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence

from inspector.fileio import write_atomic_lines
from inspector.gui.jobs import TriageRow
from inspector.model.report import Report


def csv_lines(rows: Sequence[TriageRow]) -> Iterator[str]:
    """The CSV of `rows` line by line: the CLI's header with a campaign column, then one line per row."""
    from inspector.batch.command import CSV_COLUMNS, csv_row

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def line(cells: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        return out.getvalue()

    yield line([*CSV_COLUMNS, "campaign"])
    for row in rows:
        yield line([*csv_row(row.outcome), str(row.campaign) if row.campaign else ""])


def csv_text(rows: Sequence[TriageRow]) -> str:
    """The CSV of `rows` as one text."""
    return "".join(csv_lines(rows))


def export_csv(rows: Sequence[TriageRow], path: str) -> int:
    """Write the CSV of `rows` to `path` (streamed); returns the number of rows."""
    return write_atomic_lines(path, csv_lines(rows)) - 1


def jsonl_lines(rows: Sequence[TriageRow], open_report: Callable[[TriageRow], Report | None]) -> Iterator[str]:
    """One JSON line per row: the full report, or the CLI's error line."""
    from inspector.batch.command import origin_dict
    from inspector.jsontext import escape_json_text
    from inspector.report.to_json import report_to_json

    for row in rows:
        report = open_report(row)
        if report is not None:
            yield report_to_json(report, indent=None) + "\n"
        else:
            doc = {"source": origin_dict(row.outcome.origin, row.outcome), "error": row.outcome.error}
            yield escape_json_text(json.dumps(doc, ensure_ascii=False)) + "\n"


def export_jsonl(rows: Sequence[TriageRow], open_report: Callable[[TriageRow], Report | None], path: str) -> int:
    """Write the JSONL of `rows` to `path` (streamed); returns the number of lines."""
    return write_atomic_lines(path, jsonl_lines(rows, open_report))
