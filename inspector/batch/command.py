"""``inspector analyze PATH… [--jsonl | --csv] [--jobs N] [--campaigns]``: many messages in one run.

Called from ``inspector/cli.py`` when the command line asks for more than one message's report (several
paths, a folder, an mbox or a Maildir named with a batch option); a single FILE without the batch options
keeps today's behaviour exactly (docs/architecture.md §4).

Output on stdout, one line per message in input order: the full report (``--jsonl``, the same object as
``--json`` on one line, plus ``source.container`` / ``source.index`` / ``source.wrapper``), a CSV summary
(``--csv``), or one text line per message. A message that cannot be read or analysed is a line with an
``error`` object (a CSV row with the error column), never the end of the run. Exit 0 when every input was
read, 3 when any could not be (findings are never errors). A progress bar goes to stderr only when stderr
is a terminal (tqdm); otherwise stderr stays silent, so scripts see only the lines.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, cast

from inspector.batch.campaigns import Campaign, Member, group
from inspector.batch.readers import Origin, iter_inputs
from inspector.batch.run import BatchJob, DnsChoice, Outcome, default_jobs, run_items
from inspector.errors import UsageError
from inspector.jsontext import escape_json_text
from inspector.report.safe_text import visible_line
from inspector.settings import AnalysisSettings

EXIT_OK = 0
EXIT_INPUT = 3

CSV_COLUMNS = (
    "verdict",
    "date",
    "from",
    "reply_to",
    "subject",
    "top_reason",
    "filter_verdict",
    "source",
    "sha256",
    "error",
)
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a cell gets a
#: leading apostrophe, which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _jobs(text: str | None) -> int:
    if text is None:
        return default_jobs()
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"--jobs: {text!r} is not a whole number") from None
    if not 1 <= value <= 256:
        raise UsageError(f"--jobs: {text!r} must be between 1 and 256")
    return value


def origin_dict(origin: Origin, outcome: Outcome | None = None) -> dict[str, Any]:
    """Where a message came from, with the keys of the report's `source`."""
    out: dict[str, Any] = {
        "path": origin.path,
        "container": origin.container,
        "container_format": origin.container_format,
        "index": origin.index,
    }
    if outcome is not None:
        out["sha256"] = outcome.sha256
        if outcome.wrapper is not None:
            w = outcome.wrapper
            out["wrapper"] = {
                "sha256": w.sha256,
                "size": w.size,
                "part": w.part,
                "from_header": w.from_header,
                "subject": w.subject,
                "date": w.date,
            }
    return out


def source_text(origin: Origin, outcome: Outcome | None = None) -> str:
    """Where a message came from, in one short line: ``box.mbox#12``, ``Maildir#key``, ``file (part 2)``."""
    if origin.container is not None and origin.index is not None:
        text = f"{origin.container}#{origin.index}"
    else:
        text = origin.path or "-"
    if outcome is not None and outcome.wrapper is not None:
        text += f" (attached message, part {outcome.wrapper.part})"
    return text


def _json_line(obj: dict[str, Any]) -> str:
    return escape_json_text(json.dumps(obj, ensure_ascii=False)) + "\n"


def csv_cell(value: str) -> str:
    """A cell that is one visible line (controls and bidi shown as codes) and never a spreadsheet formula."""
    text = visible_line(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(outcome: Outcome) -> list[str]:
    s = outcome.summary
    error = outcome.error["message"] if outcome.error else ""
    row = [
        s.verdict if s else "error",
        s.date if s else "",
        s.from_ if s else "",
        s.reply_to if s else "",
        s.subject if s else "",
        s.top_reason if s else "",
        s.filter_verdict if s else "",
        source_text(outcome.origin, outcome),
        outcome.sha256 or "",
        error,
    ]
    return [csv_cell(v) for v in row]


def text_line(outcome: Outcome) -> str:
    where = source_text(outcome.origin, outcome)
    if outcome.summary is None:
        message = outcome.error["message"] if outcome.error else "no report"
        return visible_line(f"error       {message}  [{where}]") + "\n"
    s = outcome.summary
    return visible_line(f"{s.verdict:<11} {s.from_[:50]}  {s.subject[:70]}  [{where}]") + "\n"


@dataclass
class _Run:
    """What one batch run has seen so far."""

    out: IO[str]
    mode: str  # "jsonl", "csv" or "text"
    campaigns: bool
    errors: int = 0
    reports: int = 0
    skipped: list[str] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    writer: Any = None
    #: Where JSON lines go as bytes (the UTF-8 stream under `out`), None to write them as text.
    binary: IO[bytes] | None = None

    def start(self) -> None:
        if self.mode == "jsonl":
            self.binary = utf8_buffer(self.out)
        if self.mode == "csv":
            self.writer = csv.writer(self.out, lineterminator="\n")
            if not self.campaigns:
                self.writer.writerow(CSV_COLUMNS)

    def add(self, outcome: Outcome) -> None:
        if outcome.skipped is not None:
            self.skipped.append(outcome.origin.path or "-")
            return
        position = self.errors + self.reports
        if outcome.error is not None:
            self.errors += 1
        else:
            self.reports += 1
            if self.campaigns and outcome.indicators is not None:
                date = outcome.summary.date if outcome.summary else None
                self.members.append(Member(position, source_text(outcome.origin, outcome), date, outcome.indicators))
        if self.mode == "jsonl":
            if outcome.report_line is not None:
                self.write_bytes(outcome.report_line)
            else:
                self.write_text(_json_line({"source": origin_dict(outcome.origin, outcome), "error": outcome.error}))
        elif self.mode == "csv":
            if self.campaigns:  # the campaign column is known only at the end
                self.rows.append((position, csv_row(outcome)))
            else:
                self.writer.writerow(csv_row(outcome))
        else:
            self.out.write(text_line(outcome))

    def write_bytes(self, line: bytes) -> None:
        """A UTF-8 line as it came from the worker: straight to the byte stream when there is one."""
        if self.binary is not None:
            self.binary.write(line)
        else:
            self.out.write(line.decode("utf-8"))

    def write_text(self, line: str) -> None:
        if self.binary is not None:
            self.binary.write(line.encode("utf-8"))
        else:
            self.out.write(line)

    def finish(self) -> None:
        if not self.campaigns:
            return
        found = group(self.members)
        if self.mode == "csv":
            label = {m.position: str(n) for n, c in enumerate(found, start=1) for m in c.members}
            self.writer.writerow([*CSV_COLUMNS, "campaign"])
            for position, row in self.rows:
                self.writer.writerow([*row, label.get(position, "")])
        elif self.mode == "jsonl":
            for n, c in enumerate(found, start=1):
                self.write_text(_json_line({"campaign": campaign_dict(n, c)}))
        else:
            self.out.write(campaigns_text(found))


def utf8_buffer(out: IO[str]) -> IO[bytes] | None:
    """The byte stream under `out` when `out` writes UTF-8 to it (flushed first, so nothing is reordered);
    None otherwise (a console with another encoding, a StringIO): then lines are written as text."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not isinstance(encoding, str):
        return None
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        return None
    out.flush()
    return cast("IO[bytes]", buffer)


def campaign_dict(number: int, c: Campaign) -> dict[str, Any]:
    """A campaign as JSON: `members` are the 0-based positions of the messages' lines in this output."""
    return {
        "id": number,
        "size": c.size,
        "first_seen": c.first_seen,
        "last_seen": c.last_seen,
        "shared": [{"kind": k, "value": v, "messages": n} for k, v, n in c.shared],
        "members": [{"line": m.position, "source": m.source} for m in c.members],
    }


def campaigns_text(found: list[Campaign]) -> str:
    if not found:
        return "\nCampaigns: none (no two messages share strong indicators)\n"
    lines = [f"\nCampaigns: {len(found)}"]
    for n, c in enumerate(found, start=1):
        seen = f"{c.first_seen or '?'} … {c.last_seen or '?'}"
        lines.append(f"  #{n}: {c.size} messages, first/last seen {seen}")
        for kind, value, count in c.shared[:8]:
            lines.append(visible_line(f"      {kind}: {value} ({count} of {c.size})"))
        for m in c.members[:20]:
            lines.append(visible_line(f"      - {m.source}"))
        if c.size > 20:
            lines.append(f"      … and {c.size - 20} more")
    return "\n".join(lines) + "\n"


def _progress(outcomes: Iterator[list[Outcome]], err: IO[str]) -> Iterator[list[Outcome]]:
    """The outcomes, with a progress bar on `err` when it is a terminal (silent otherwise)."""
    isatty = getattr(err, "isatty", None)
    if not (isatty and isatty()):
        yield from outcomes
        return
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread
    with tqdm.tqdm(file=err, unit=" msg", desc="analysing", leave=False) as bar:
        for batch in outcomes:
            bar.update(len(batch))
            yield batch


def run_batch(
    args: argparse.Namespace,
    settings: AnalysisSettings,
    dns: DnsChoice,
    *,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Run the batch the command line asks for; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    if getattr(args, "json", False):
        raise UsageError("--json prints one report; for several messages use --jsonl (one report per line)")
    if getattr(args, "record_dns", None):
        raise UsageError("--record-dns records one message's answers; use it without the batch options")
    jobs = _jobs(args.jobs)
    mode = "jsonl" if args.jsonl else "csv" if args.csv else "text"
    run = _Run(out, mode, bool(args.campaigns))
    run.start()
    paths = [args.file, *args.more]
    items = iter_inputs(paths, on_skip=lambda path, why: run.skipped.append(path))
    job = BatchJob(settings=settings, dns=dns, unwrap=not args.no_unwrap, report_json=mode == "jsonl")
    for outcomes in _progress(run_items(items, job, jobs), err):
        for outcome in outcomes:
            run.add(outcome)
    run.finish()
    out.flush()
    isatty = getattr(err, "isatty", None)
    if isatty and isatty():
        skipped = f", {len(run.skipped)} files skipped (not messages)" if run.skipped else ""
        err.write(f"{run.reports} reports, {run.errors} messages could not be analysed{skipped}\n")
    return EXIT_INPUT if run.errors else EXIT_OK
