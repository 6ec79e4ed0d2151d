"""Print CLI start-up time and per-message analysis time over the phishing_pot sample (and bad inputs).

Run from the repository root: ``.venv/bin/python benchmarks/bench_corpus.py [--runs N] [--skip-bad]``.

Figures:
- start-up: median wall time of N child processes of ``python -m inspector --version`` and of one
  ``analyze --offline --json`` of the bundled sample (interpreter start + imports + work);
- corpus: every message of ../shared/corpora/phishing_pot_sample/email analysed in this process through
  ``inspector.cli.main([... "--offline", "--json"])``: median, 95th percentile and max per message,
  exit code counts, and every "internal error while checking …" warning with the message name;
- bad inputs: time and peak traced memory of each hostile input of the issue's list.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.cli import main  # noqa: E402
from tests.support.corpora import phishing_messages  # noqa: E402
from tests.support.long_chain import long_chain  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"


def _child(args: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_DEBUG"}
    env["PYTHONPATH"] = str(ROOT)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", *args], capture_output=True, cwd=ROOT, env=env, check=False
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        print(f"  warning: {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[:200]}")
    return elapsed


def startup(runs: int) -> None:
    version = [_child(["--version"]) for _ in range(runs)]
    analysis = [_child(["analyze", str(SAMPLE), "--offline", "--json"]) for _ in range(runs)]
    print(
        f"start-up, median of {runs}: --version {statistics.median(version) * 1000:.0f} ms; "
        f"analyze --offline --json of the sample {statistics.median(analysis) * 1000:.0f} ms"
    )


def _run_in_process(path: str) -> tuple[int, float, str, str]:
    out, err = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["analyze", path, "--offline", "--json"])
    return rc, time.perf_counter() - t, out.getvalue(), err.getvalue()


def corpus() -> None:
    paths = phishing_messages()
    times: list[tuple[float, str]] = []
    codes: Counter[int] = Counter()
    crashes: list[str] = []
    tracebacks = 0
    for p in paths:
        rc, elapsed, out, err = _run_in_process(str(p))
        codes[rc] += 1
        times.append((elapsed, p.name))
        if "Traceback" in err:
            tracebacks += 1
        if rc == 0:
            for w in json.loads(out).get("warnings", []):
                if "internal error while checking" in w:
                    crashes.append(f"{p.name}: {w}")
        elif rc == 3:
            print(f"  exit 3: {p.name}: {err.strip()}")
    secs = sorted(t for t, _ in times)
    slowest = sorted(times, reverse=True)[:3]
    print(
        f"corpus: {len(paths)} messages, total {sum(secs):.1f} s; "
        f"per message median {statistics.median(secs) * 1000:.0f} ms, "
        f"p95 {secs[int(len(secs) * 0.95) - 1] * 1000:.0f} ms, max {secs[-1] * 1000:.0f} ms"
    )
    print("  slowest: " + ", ".join(f"{n} {t * 1000:.0f} ms" for t, n in slowest))
    print(f"  exit codes: {dict(sorted(codes.items()))}; tracebacks on stderr: {tracebacks}")
    print(f"  stage crashes ('internal error while checking'): {len(crashes)}")
    for c in crashes:
        print(f"    {c}")


def _bad_inputs() -> dict[str, bytes]:
    date = b"Mon, 30 Nov 2026 08:00:00 +0000"
    deep = b"(" * 50_000 + b"c" + b")" * 50_000
    return {
        "empty": b"",
        "random 8 kB": random.Random(1).randbytes(8192),
        "truncated MIME": b'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\n'
        b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBER",
        "non-UTF-8 headers": b"From: \xe9t\xe9 <a@example.com>\r\nSubject: \x81\x82\r\n\r\nb\r\n",
        "2 MB header line": b"From: a@example.com\r\nSubject: " + b"A" * (2 << 20) + b"\r\n\r\nb\r\n",
        "2 MB field in 700,000 folded lines": b"From: a@example.com\r\nSubject: x"
        + b"\r\n y" * 700_000
        + b"\r\n\r\nb\r\n",
        "5,000 Received": long_chain(5000),
        "nested comments (50,000 deep)": b"Received: from x "
        + deep
        + b" by y; "
        + date
        + b"\r\nFrom: "
        + deep
        + b" a@example.com\r\n\r\nb\r\n",
        "corrupt .msg": (ROOT / "tests" / "fixtures" / "msg" / "truncated.msg").read_bytes(),
    }


def bad_inputs() -> None:
    print("bad inputs (in process; time, then peak traced memory of a second run, exit code):")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in _bad_inputs().items():
            path = Path(tmp) / "input"
            path.write_bytes(data)
            rc, elapsed, _, err = _run_in_process(str(path))
            # A second run for memory: tracing slows allocation-heavy code two- to threefold.
            tracemalloc.start()
            _run_in_process(str(path))
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            note = err.strip()[:90] if rc else ""
            print(f"  {name:38s} {elapsed * 1000:8.0f} ms {peak / 1e6:8.1f} MB  exit {rc} {note}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="child processes per start-up figure")
    ap.add_argument("--skip-bad", action="store_true", help="do not time the bad inputs")
    opts = ap.parse_args()
    os.environ.pop("INSPECTOR_DEBUG", None)
    startup(opts.runs)
    corpus()
    if not opts.skip_bad:
        bad_inputs()
