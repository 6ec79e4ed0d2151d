"""`inspector analyze PATH… --jsonl | --csv --jobs N` end to end (issue 16 items 1 and 2).

Real messages (../shared corpora), put into an mbox, a Maildir, a folder with junk and a report forward at
test time; several jobs run a real process pool (spawn), and the order, the per-message errors, the
exit code and the JSON Schema of every line are checked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import mailbox
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.support.cli_run import assert_no_stage_crash, run_cli
from tests.support.corpora import legit_messages, phishing_messages


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    doc = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    assert isinstance(doc, dict)
    return doc


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def _strip_time(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "generated_at"}


def test_mbox_of_corpus_messages_jsonl_valid_and_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    # Forwards with an attached message are unwrapped (their own test below): here plain messages only.
    eml = [p.read_bytes() for p in legit_messages() if p.suffix == ".eml"]
    originals = [d.replace(b"\r\n", b"\n") for d in eml if b"message/rfc822" not in d][:8]
    box = mailbox.mbox(str(tmp_path / "export.mbox"), create=True)
    for data in originals:
        box.add(data)
    box.close()

    rc, out, err = run_cli(capsys, "analyze", str(tmp_path / "export.mbox"), "--offline", "--jsonl", "--jobs", "1")

    assert rc == 0, err
    assert err == ""  # not a terminal: no progress bar, nothing else
    reports = _lines(out)
    assert len(reports) == len(originals)
    for i, (doc, data) in enumerate(zip(reports, originals, strict=True)):
        jsonschema.validate(doc, schema)
        assert_no_stage_crash(doc, f"message {i}")
        src = doc["source"]
        assert src["container"] == str(tmp_path / "export.mbox") and src["container_format"] == "mbox"
        assert src["index"] == i
        expected = data if data.endswith(b"\n") else data + b"\n"
        assert src["sha256"] == hashlib.sha256(expected).hexdigest()  # each message's own hash


def test_maildir_keys_in_the_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    keys = sorted(box.add(p.read_bytes()) for p in phishing_messages()[:4])
    box.close()
    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path / "Maildir"), "--offline", "--jsonl")
    assert rc == 0
    docs = _lines(out)
    assert [d["source"]["index"] for d in docs] == keys
    assert {d["source"]["container_format"] for d in docs} == {"maildir"}


def test_several_jobs_keep_the_input_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Reverse name order, mixed sizes: whichever worker finishes first, the output follows the command line.
    paths = [str(p) for p in sorted(phishing_messages()[:12], key=lambda p: p.stat().st_size, reverse=True)]
    rc2, out2, _ = run_cli(
        capsys, "analyze", *paths, "--offline", "--jsonl", "--jobs", "2", "--now", "2026-12-01T00:00:00Z"
    )
    rc1, out1, _ = run_cli(
        capsys, "analyze", *paths, "--offline", "--jsonl", "--jobs", "1", "--now", "2026-12-01T00:00:00Z"
    )
    assert rc1 == rc2 == 0
    two, one = _lines(out2), _lines(out1)
    assert [d["source"]["path"] for d in two] == paths
    assert [_strip_time(d) for d in two] == [_strip_time(d) for d in one]  # the same pure function of the bytes


def test_a_bad_message_in_the_middle_is_an_error_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = [str(p) for p in phishing_messages()[:2]]
    junk = tmp_path / "junk.eml"
    junk.write_bytes(bytes(range(256)) * 16)
    missing = str(tmp_path / "missing.eml")
    rc, out, err = run_cli(
        capsys, "analyze", good[0], missing, str(junk), good[1], "--offline", "--jsonl", "--jobs", "2"
    )
    assert rc == 3 and err == ""
    docs = _lines(out)
    assert len(docs) == 4
    assert docs[0]["source"]["path"] == good[0] and "verdict" in docs[0]
    assert docs[1]["error"]["kind"] == "unreadable" and "no such file" in docs[1]["error"]["message"]
    assert docs[1]["source"]["path"] == missing
    assert docs[2]["error"]["kind"] == "unreadable" and "binary" in docs[2]["error"]["message"]
    assert docs[3]["source"]["path"] == good[1] and "verdict" in docs[3]


def test_folder_with_junk_exit_0_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgs = phishing_messages()[:3]
    (tmp_path / "sub").mkdir()
    for i, p in enumerate(msgs):
        (tmp_path / ("sub" if i else ".") / f"m{i}.dat").write_bytes(p.read_bytes())
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "readme.txt").write_text("nothing to see\n")
    rc, out, err = run_cli(capsys, "analyze", str(tmp_path), "--offline", "--csv", "--jobs", "2")
    assert rc == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
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
    ]
    assert [r[7] for r in rows[1:]] == [
        str(tmp_path / "m0.dat"),
        str(tmp_path / "sub/m1.dat"),
        str(tmp_path / "sub/m2.dat"),
    ]
    assert all(r[0] in ("ok", "suspicious", "dangerous", "unverified") for r in rows[1:])
    assert [r[8] for r in rows[1:]] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in msgs]


def test_csv_cells_are_never_formulas_or_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = (
        b'From: =HYPERLINK("http://x.example") <a@example.org>\r\nTo: b@example.org\r\n'
        b"Subject: +cmd|' /C calc'!A0 \x1b[2J\xe2\x80\xae evil\r\nDate: Mon, 30 Nov 2026 08:00:00 +0000\r\n\r\nhi\r\n"
    )
    (tmp_path / "h.eml").write_bytes(hostile)
    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path / "h.eml"), "--offline", "--csv")
    assert rc == 0
    row = list(csv.reader(io.StringIO(out)))[1]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert "\x1b" not in out and "\u202e" not in out


def test_reported_as_attachment_is_analysed_as_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], schema: dict[str, Any]
) -> None:
    original = phishing_messages()[5].read_bytes()
    wrapper = (
        b"From: Jane User <jane@corp.example>\r\nTo: phishing-reports@corp.example\r\n"
        b"Subject: Phishing report: please check\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="r"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nReported.\r\n'
        b"--r\r\nContent-Type: message/rfc822\r\n\r\n" + original + b"\r\n--r--\r\n"
    )
    forward = b"From: Helpdesk <hd@corp.example>\r\nSubject: FW: Phishing report\r\nMIME-Version: 1.0\r\n" + (
        b'Content-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\nContent-Type: message/rfc822\r\n\r\n'
        + wrapper
        + b"\r\n--o--\r\n"
    )
    (tmp_path / "report.eml").write_bytes(forward)
    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path / "report.eml"), "--offline", "--jsonl")
    assert rc == 0
    (doc,) = _lines(out)
    jsonschema.validate(doc, schema)
    src = doc["source"]
    assert src["sha256"] == hashlib.sha256(original).hexdigest()
    assert src["path"] == str(tmp_path / "report.eml")
    assert src["wrapper"]["sha256"] == hashlib.sha256(forward).hexdigest()
    assert src["wrapper"]["part"] == "1/2"
    assert src["wrapper"]["subject"] == "FW: Phishing report"
    single = json.loads(run_cli(capsys, "analyze", str(phishing_messages()[5]), "--offline", "--json")[1])
    assert doc["identities"] == single["identities"] and doc["verdict"] == single["verdict"]
    # --no-unwrap analyses the forward itself.
    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path / "report.eml"), "--offline", "--jsonl", "--no-unwrap")
    assert _lines(out)[0]["source"]["wrapper"] is None
    assert _lines(out)[0]["identities"]["from_address"] == "hd@corp.example"


def test_usage_errors_and_the_single_file_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = (str(p) for p in phishing_messages()[:2])
    assert run_cli(capsys, "analyze", a, b, "--offline", "--json")[0] == 2
    assert run_cli(capsys, "analyze", a, "--offline", "--jsonl", "--jobs", "0")[0] == 2
    with pytest.raises(SystemExit) as exc:  # argparse's own usage error, as for every other option
        run_cli(capsys, "analyze", a, "--offline", "--jsonl", "--csv")
    assert exc.value.code == 2
    # Paths after options are paths too.
    rc, out, _ = run_cli(capsys, "analyze", a, "--offline", "--jsonl", b)
    assert rc == 0 and len(_lines(out)) == 2
    # One FILE, no batch option: exactly the single report as before (no container keys set).
    rc, out, _ = run_cli(capsys, "analyze", a, "--offline", "--json")
    doc = json.loads(out)
    assert rc == 0 and doc["source"]["container"] is None and doc["source"]["index"] is None
    assert out.startswith("{\n")  # the indented single object, not a JSON line


def test_campaigns_in_jsonl_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    base = phishing_messages()[0].read_bytes()
    for i, name in enumerate(("Alice", "Bruno", "Chidi")):
        data = re.sub(rb"(?mi)^To:.*$", f"To: {name} <{name.lower()}@victim.example>\r".encode(), base, count=1)
        data = re.sub(rb"(?mi)^Subject:.*$", f"Subject: {name}: parcel {i}77 held\r".encode(), data, count=1)
        (tmp_path / f"wave{i}.eml").write_bytes(data)
    for p in legit_messages()[:2]:
        (tmp_path / f"other-{p.name}").write_bytes(p.read_bytes())
    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path), "--offline", "--jsonl", "--campaigns", "--jobs", "2")
    assert rc == 0
    docs = _lines(out)
    reports = [d for d in docs if "campaign" not in d]
    campaigns = [d["campaign"] for d in docs if "campaign" in d]
    assert len(reports) == 5 and docs[: len(reports)] == reports  # campaign lines come after the messages
    (camp,) = campaigns
    wave = [i for i, d in enumerate(reports) if Path(d["source"]["path"]).name.startswith("wave")]
    assert camp["size"] == 3 and [m["line"] for m in camp["members"]] == wave
    assert {"kind": "subject", "value": "<name>: parcel # held", "messages": 3} in camp["shared"]

    rc, out, _ = run_cli(capsys, "analyze", str(tmp_path), "--offline", "--csv", "--campaigns", "--jobs", "1")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["campaign"] for r in rows if "wave" in r["source"]] == ["1", "1", "1"]
    assert [r["campaign"] for r in rows if "wave" not in r["source"]] == ["", ""]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    from inspector.batch.command import run_batch
    from inspector.batch.run import DnsChoice
    from inspector.cli import build_parser, settings_from_args

    paths = [str(p) for p in phishing_messages()[:3]]
    args = build_parser().parse_args(["analyze", *paths, "--offline", "--jsonl", "--jobs", "1"])
    for err, shown in ((_Terminal(), True), (io.StringIO(), False)):
        out = io.StringIO()
        rc = run_batch(args, settings_from_args(args), DnsChoice(offline=True), out=out, err=err)
        assert rc == 0 and len(out.getvalue().splitlines()) == 3
        assert ("3 reports" in err.getvalue()) is shown
        assert ("msg" in err.getvalue()) is shown  # tqdm's counter
        assert "{" not in err.getvalue()  # the reports never go to stderr


def test_live_dns_answers_are_shared_by_the_workers(capsys: pytest.CaptureFixture[str]) -> None:
    """One cache per run: six copies of a message ask each question at most once per worker, not six times.

    (Two workers that start on the same question at the same moment may both send it: at most --jobs times.)
    """
    from collections import Counter

    from tests.support.dns_server import LoopbackDnsServer

    path = str(phishing_messages()[0])
    with LoopbackDnsServer([]) as server:  # every name: NXDOMAIN, a definite answer
        rc, out, _ = run_cli(capsys, "analyze", *[path] * 6, "--nameserver", server.address, "--jsonl", "--jobs", "2")
        asked = Counter((name, rtype) for name, rtype, *_ in server.queries if name != ".")
    assert rc == 0 and len(_lines(out)) == 6
    assert asked, "the analysis asked no DNS question at all"
    assert max(asked.values()) <= 2, asked.most_common(3)
    assert {d["dns"]["mode"] for d in _lines(out)} == {"live"}


def test_csv_filter_verdict_is_the_trusted_receivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """sample-113: Microsoft 365 took it in and rated it spam (SCL 9) inside the trust boundary; the other
    message has no trusted filter verdict and leaves the column empty."""
    from tests.support.corpora import PHISHING

    path = PHISHING / "sample-113.eml"
    other = next(p for p in legit_messages() if p.suffix == ".eml")
    rc, out, _ = run_cli(capsys, "analyze", str(path), str(other), "--offline", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0
    assert rows[0]["filter_verdict"] == "spam (Microsoft 365)"
    assert rows[1]["filter_verdict"] == ""
