"""JSONL lines travel from the workers as UTF-8 bytes and are written as they came (`Outcome.report_line`).

Only where the output stream writes UTF-8 to a byte stream underneath (stdout redirected to a file or a
pipe, which the CLI sets to UTF-8): the bytes go there, after whatever text was written before (nothing is
reordered). A console with another encoding, or a text-only stream, gets the same lines as text, encoded
the way that stream encodes (its replacement characters included).
"""

from __future__ import annotations

import io
import json

from inspector.batch.command import run_batch, utf8_buffer
from inspector.batch.readers import Item, Origin
from inspector.batch.run import BatchJob, DnsChoice, Outcome, analyse_item
from inspector.cli import build_parser, settings_from_args
from tests.support.corpora import phishing_messages


def test_the_byte_stream_only_under_a_utf8_text_stream() -> None:
    raw = io.BytesIO()
    utf8 = io.TextIOWrapper(raw, encoding="UTF8", newline="")
    utf8.write("already written as text\n")
    assert utf8_buffer(utf8) is raw
    assert raw.getvalue() == b"already written as text\n"  # flushed first: the order is kept
    assert utf8_buffer(io.TextIOWrapper(io.BytesIO(), encoding="cp1252")) is None
    assert utf8_buffer(io.StringIO()) is None


def test_an_outcome_carries_its_line_as_utf8_bytes() -> None:
    path = phishing_messages()[0]
    source = DnsChoice(offline=True).build(None)
    (outcome,) = analyse_item(Item(Origin(str(path)), data=path.read_bytes()), BatchJob(), source)
    assert outcome.report_line is not None and outcome.report_line.endswith(b"\n")
    assert outcome.report_line.count(b"\n") == 1
    assert outcome.report_json == outcome.report_line.decode("utf-8")[:-1]
    assert json.loads(outcome.report_line)["source"]["path"] == str(path)
    assert Outcome(Origin(None)).report_json is None


def _run(out: io.TextIOBase, *paths: str) -> int:
    args = build_parser().parse_args(["analyze", *paths, "--offline", "--jsonl", "--jobs", "1", "--campaigns"])
    return run_batch(args, settings_from_args(args), DnsChoice(offline=True), out=out, err=io.StringIO())


def test_the_same_lines_through_bytes_and_through_text() -> None:
    paths = [str(p) for p in phishing_messages()[:3]]
    paths.insert(1, "/nonexistent/message.eml")  # an error line between reports
    raw = io.BytesIO()
    as_bytes = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    as_text = io.StringIO()
    assert _run(as_bytes, *paths) == _run(as_text, *paths) == 3
    as_bytes.flush()
    one, two = raw.getvalue().decode("utf-8").splitlines(), as_text.getvalue().splitlines()
    assert len(one) == len(two) >= 5  # 4 message lines, then the campaign lines
    for a, b in zip(one, two, strict=True):
        x, y = json.loads(a), json.loads(b)
        x.pop("generated_at", None)
        y.pop("generated_at", None)
        assert x == y
    assert json.loads(one[1])["error"]["kind"] == "unreadable"


def test_a_console_in_another_encoding_gets_text_with_its_replacements() -> None:
    path = str(phishing_messages()[0])
    utf8 = io.StringIO()
    assert _run(utf8, path) == 0
    assert not utf8.getvalue().isascii()  # the report has non-ASCII text (its display name, its subject …)
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding="ascii", errors="replace", newline="")
    assert _run(console, path) == 0
    console.flush()
    lines = raw.getvalue().splitlines()
    assert raw.getvalue().isascii()  # encoded the console's way, never raw UTF-8 bytes
    assert json.loads(lines[0])["source"]["path"] == path
