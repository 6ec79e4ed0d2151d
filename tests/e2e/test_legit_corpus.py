"""Every message of ../shared/corpora/legit-dev (306 real legitimate messages, 14 of them .msg) through the CLI.

The robustness twin of test_phishing_corpus.py on ordinary mail (lists, bounces, newsletters, invites):
exit 0 with a contract-shaped JSON report, or exit 3 with one line; never a traceback, and no pipeline stage
may crash (its "internal error while checking …" warning or ``error`` section state fails the test). The
corpus has mixed licences: it is read from ../shared only, never copied into the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import inspector.analyze
from tests.support.cli_run import analyze_json, stage_crashes
from tests.support.corpora import LEGIT, legit_messages

MESSAGES = legit_messages()


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


def test_corpus_is_there() -> None:
    assert len(MESSAGES) == 306, f"expected the 306-message corpus in {LEGIT}"


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_message_gives_a_report_or_one_line(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, report, _ = analyze_json(capsys, str(path))
    if rc == 0:
        assert report is not None
        assert report["source"]["size"] == path.stat().st_size


def test_a_crashing_stage_fails_the_corpus_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guard itself: a stage that raises is caught by analyze() (the user gets a report), and the
    corpus check turns that into a test failure instead of a warning in pytest's summary."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("stage exploded")

    monkeypatch.setattr(inspector.analyze, "check_message", broken)
    with pytest.raises(AssertionError, match="a pipeline stage crashed"):
        analyze_json(capsys, str(MESSAGES[0]))
    report = {"warnings": ["internal error while checking lookalikes: RuntimeError: x"], "sections": {}}
    assert stage_crashes(report) == report["warnings"]
    assert stage_crashes({"warnings": [], "sections": {"dkim": "error", "spf": "analysed"}}) == [
        "section 'dkim' is in state error"
    ]
    assert stage_crashes({"warnings": ["a benign warning"], "sections": {"spf": "partial"}}) == []
