"""`inspector analyze … --jobs 2` as its own process, the way a user runs it: forked workers on Linux.

The in-process CLI tests run inside pytest, whose helper threads (a loopback DNS server's) make the pool
spawn; here the command line runs as a separate single-threaded process, so on Linux its pool (and a live
run's DNS cache manager) is forked from it. What a fork could break is checked on the real output file:
a line buffered before the fork must not be written again by a child (the CSV header, every JSONL line),
the order is the input's, and live answers are still shared through the manager.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from inspector.batch.startmethod import START_ENV
from tests.support.corpora import phishing_messages

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str) -> tuple[int, bytes, str]:
    """Run the CLI as its own process with stdout to a file (block-buffered, as when redirected)."""
    env = {k: v for k, v in os.environ.items() if k not in (START_ENV, "INSPECTOR_DEBUG")}
    env["PYTHONPATH"] = str(ROOT)
    out = tmp_path / "out"
    with out.open("wb") as fh:
        done = subprocess.run(
            [sys.executable, "-m", "inspector", "analyze", *args],
            stdout=fh,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            timeout=600,
        )
    return done.returncode, out.read_bytes(), done.stderr.decode(errors="replace")


def _paths(count: int) -> list[str]:
    return [str(p) for p in sorted(phishing_messages()[:count], key=lambda p: p.stat().st_size, reverse=True)]


def test_csv_header_once_and_rows_in_input_order(tmp_path: Path) -> None:
    paths = _paths(9)
    rc, out, err = _run(tmp_path, *paths, "--offline", "--csv", "--jobs", "2")
    assert rc == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"))))
    assert rows[0][0] == "verdict"
    assert [r[0] for r in rows].count("verdict") == 1  # a forked child never writes the buffered header again
    assert [r[7] for r in rows[1:]] == paths


def test_jsonl_with_campaigns_once_per_line(tmp_path: Path) -> None:
    paths = _paths(6)
    rc, out, err = _run(tmp_path, *paths, paths[0], "--offline", "--jsonl", "--jobs", "2", "--campaigns")
    assert rc == 0 and err == ""
    docs = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    reports = [d for d in docs if "campaign" not in d]
    assert [d["source"]["path"] for d in reports] == [*paths, paths[0]]
    campaigns = [d["campaign"] for d in docs if "campaign" in d]
    assert docs[-len(campaigns) :] == [{"campaign": c} for c in campaigns]  # the campaigns come last, once
    assert any({m["line"] for m in c["members"]} >= {0, len(paths)} for c in campaigns)  # the same message twice


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the forked manager needs fork")
def test_live_dns_answers_shared_by_forked_workers(tmp_path: Path) -> None:
    from tests.support.dns_server import LoopbackDnsServer

    path = str(phishing_messages()[0])
    with LoopbackDnsServer([]) as server:  # every name: NXDOMAIN, a definite answer
        rc, out, err = _run(tmp_path, *[path] * 6, "--nameserver", server.address, "--jsonl", "--jobs", "2")
        asked = Counter((name, rtype) for name, rtype, *_ in server.queries if name != ".")
    assert rc == 0, err
    docs = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert len(docs) == 6 and {d["dns"]["mode"] for d in docs} == {"live"}
    assert asked, "the analysis asked no DNS question at all"
    assert max(asked.values()) <= 2, asked.most_common(3)  # at most once per worker
