"""A worker process that dies mid-batch (SIGKILL, for real) becomes one error line; the run goes on.

The kill comes from the test hook in ``inspector/batch/run.py`` (`KILL_HOOK_ENV`, read only when the
environment variable is set): the worker that gets the marked message sends itself SIGKILL, so the pool
really breaks with every task in flight. Only the marked message may become the error line, in its place
in the input order, and every other message still gets its report.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from inspector.batch.readers import Item, Origin
from inspector.batch.run import KILL_HOOK_ENV, BatchJob, DnsChoice, run_items
from tests.support.corpora import phishing_messages

MARKER = "X-Test-Kill-This-Worker: 7f3a9c"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _items(kill_at: set[int], count: int = 7) -> list[Item]:
    out = []
    for n, path in enumerate(phishing_messages()[:count]):
        data = path.read_bytes()
        if n in kill_at:
            data = MARKER.encode() + b"\r\n" + data
        out.append(Item(Origin(str(path)), data=data))
    return out


@pytest.mark.parametrize("kill_at", [{3}, {0, 5}])
def test_a_killed_worker_is_one_error_line_in_place_and_the_run_goes_on(
    monkeypatch: pytest.MonkeyPatch, kill_at: set[int]
) -> None:
    monkeypatch.setenv(KILL_HOOK_ENV, MARKER)
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)
    items = _items(kill_at)

    results = list(run_items(items, BatchJob(dns=DnsChoice(offline=True), report_json=False), jobs=2))

    assert len(results) == len(items)
    for n, (item, outcomes) in enumerate(zip(items, results, strict=True)):
        assert [o.origin for o in outcomes] == [item.origin]  # input order kept
        (outcome,) = outcomes
        if n in kill_at:
            assert outcome.error == {"kind": "internal", "message": "the worker process died"}
            assert outcome.summary is None
        else:  # the innocent messages in flight with it were run again and got their reports
            assert outcome.error is None, (n, outcome.error)
            assert outcome.summary is not None


def test_the_cli_line_for_a_killed_worker_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.cli_run import run_cli

    monkeypatch.setenv(KILL_HOOK_ENV, MARKER)
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)
    paths = []
    for n, item in enumerate(_items({2}, count=5)):
        path = tmp_path / f"{n}.eml"
        assert item.data is not None
        path.write_bytes(item.data)
        paths.append(str(path))

    rc, out, err = run_cli(capsys, "analyze", *paths, "--offline", "--csv", "--jobs", "2")

    assert rc == 3 and err == ""
    rows = out.splitlines()[1:]
    assert len(rows) == 5
    assert rows[2].startswith("error,") and "the worker process died" in rows[2]
    assert all(not r.startswith("error,") for n, r in enumerate(rows) if n != 2)
