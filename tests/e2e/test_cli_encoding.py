"""Text output redirected on a machine whose code page lacks '→' (Windows cp1252) is UTF-8, not a crash."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, SHARED


def test_redirected_text_report_is_utf8_under_a_narrow_code_page() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "analyze",
            "--offline",
            str(SHARED / "corpora/real-chains/rspamd-arcbad.eml"),
        ],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    text = proc.stdout.decode("utf-8")
    assert "→" in text and "Traceback" not in proc.stderr.decode(errors="replace")
