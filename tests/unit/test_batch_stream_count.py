"""The triage driver counts its inputs while reading them, never in a second pass (issue 16, item 3).

The driver used to start a thread that walked and read every input again just to count them, so a large
mbox was read twice. Now folders are listed (names only) before reading, the count comes from that list,
and the reading pass itself counts; an mbox makes the total unknown until it has been read to the end.
Here the driver's run goes in this process (one job, no pool), with every file open counted.
"""

from __future__ import annotations

import collections
import mailbox
import threading
from pathlib import Path
from typing import Any

import pytest

from inspector.batch import readers, stream
from inspector.batch.run import BatchJob, DnsChoice
from tests.support.corpora import phishing_messages


def _run(paths: list[Path], monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[str, Any]], collections.Counter[str]]:
    opened: collections.Counter[str] = collections.Counter()
    real_open = readers.open_regular

    def counting_open(path: str) -> Any:
        opened[path] += 1
        return real_open(path)

    monkeypatch.setattr(readers, "open_regular", counting_open)
    sent: list[tuple[str, Any]] = []
    job = BatchJob(dns=DnsChoice(offline=True), report_json=False)
    stream._run([str(p) for p in paths], job, 1, sent.append, threading.Event())  # type: ignore[arg-type]
    return sent, opened


def _totals(sent: list[tuple[str, Any]]) -> list[tuple[int, bool]]:
    return [value for kind, value in sent if kind == "total"]


def test_a_folder_is_counted_from_its_listing_and_each_file_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reported"
    (folder / "sub").mkdir(parents=True)
    msgs = phishing_messages()[:3]
    (folder / "a.eml").write_bytes(msgs[0].read_bytes())
    (folder / "b.eml").write_bytes(msgs[1].read_bytes())
    (folder / "sub" / "c.eml").write_bytes(msgs[2].read_bytes())
    (folder / "notes.txt").write_bytes(b"")  # empty: skipped, still one input
    maildir = mailbox.Maildir(str(folder / "box"))
    maildir.add(msgs[0].read_bytes())
    maildir.add(msgs[1].read_bytes())
    maildir.close()

    sent, opened = _run([folder], monkeypatch)

    files = [p for p in folder.rglob("*") if p.is_file()]
    assert len(files) == 6
    assert sorted(opened) == sorted(str(p) for p in files)
    assert set(opened.values()) == {1}  # every file opened once: no counting pass
    items = sum(1 for kind, _ in sent if kind == "item")
    skips = sum(1 for kind, _ in sent if kind == "skipped")
    assert (items, skips) == (5, 1)
    # Known before the first file was opened (the listing), and exact at the end of reading.
    assert _totals(sent) == [(6, False), (6, True)]
    assert sent[0] == ("total", (6, False))


def test_an_mbox_is_read_once_and_its_total_comes_at_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    box = tmp_path / "reported.mbox"
    mbox = mailbox.mbox(str(box))
    for src in phishing_messages()[:5]:
        mbox.add(src.read_bytes())
    mbox.close()
    single = tmp_path / "one.eml"
    single.write_bytes(phishing_messages()[5].read_bytes())

    sent, opened = _run([box, single], monkeypatch)

    assert opened == {str(box): 1, str(single): 1}
    assert sum(1 for kind, _ in sent if kind == "item") == 6
    # Two files named; the mbox makes the total unknown while it is read; 6 inputs once reading ended.
    assert _totals(sent) == [(2, False), (0, False), (6, True)]
    kinds = [kind for kind, _ in sent]
    assert kinds.index("total") == 0 and kinds[-1] == "campaigns"
