"""Every message of ../shared/corpora/phishing_pot_sample through `inspector analyze --offline --json`.

Real hostile mail: each one must give exit 0 with a contract-shaped JSON report, or exit 3 with one
line; never a traceback. A stage that crashed inside the pipeline (which the pipeline turns into an
"internal error while checking …" report warning and an ``error`` section state) fails the test.
The corpus is CC BY-NC 4.0: it is read from ../shared only, never copied into the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli_run import analyze_json
from tests.support.corpora import PHISHING as CORPUS
from tests.support.corpora import phishing_messages

MESSAGES = phishing_messages()


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


def test_corpus_is_there() -> None:
    assert len(MESSAGES) == 400, f"expected the 400-message sample in {CORPUS}"


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_message_gives_a_report_or_one_line(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, report, _ = analyze_json(capsys, str(path))
    if rc == 0:
        assert report is not None
        assert report["source"]["format"] in ("eml", "headers")
        assert report["source"]["size"] == path.stat().st_size
