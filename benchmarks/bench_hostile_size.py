"""Print seconds and peak memory of reading and analysing hostile-size messages (issue 12 item 6).

Run from the repository root::

    .venv/bin/python benchmarks/bench_hostile_size.py [--scale F] [--only NAME]

Each case is built here, written to a temporary file and analysed offline in a fresh process
(``inspector analyze FILE --offline --json``), so the figures include everything a user waits for: reading,
MIME, the header block, every check and the JSON. Peak memory is the child's maximum resident set size.

Cases (sizes as in the security review; ``--scale 0.1`` builds each a tenth as large):

* ``mime-tiny-1mb``: 1 MB of tiny MIME parts (about 24,000 parts);
* ``mime-tiny-58mb``: 58 MB of tiny MIME parts;
* ``mime-nested-502``: MIME nesting 502 levels deep in about 36 KB;
* ``headers-63mb``: 63 MB of header fields;
* ``msg-4000-recipients``: an Outlook .msg with 4,000 recipients (about 4.7 MB);
* ``dkim-10000``: 10,000 DKIM-Signature fields.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.hostile_mail import dkim_many, headers, mime_nested, mime_tiny, msg_recipients  # noqa: E402

CASES: dict[str, Callable[[float], bytes]] = {
    "mime-tiny-1mb": lambda s: mime_tiny(int(1_000_000 * s)),
    "mime-tiny-58mb": lambda s: mime_tiny(int(58_000_000 * s)),
    "mime-nested-502": lambda s: mime_nested(max(2, int(502 * s))),
    "headers-63mb": lambda s: headers(int(63_000_000 * s)),
    "msg-4000-recipients": lambda s: msg_recipients(max(1, int(4000 * s))),
    "dkim-10000": lambda s: dkim_many(max(1, int(10_000 * s))),
}


def run(name: str, data: bytes) -> tuple[float, float, int]:
    """Seconds, peak MB and exit code of analysing `data` in a fresh process."""
    suffix = ".msg" if name.startswith("msg") else ".eml"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "inspector", "analyze", path, "--offline", "--json"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        secs = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far: report it only when this one raised it.
    mb = max(peak, before) / 1024
    return secs, mb, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", action="append", default=[])
    args = ap.parse_args()
    names = args.only or list(CASES)
    print(f"{'case':<22} {'input MB':>9} {'seconds':>8} {'peak MB':>8} exit")
    # Smallest first: a child's peak RSS is only visible when it exceeds every earlier child's.
    built = sorted(((n, CASES[n](args.scale)) for n in names), key=lambda x: len(x[1]))
    for name, data in built:
        secs, mb, rc = run(name, data)
        print(f"{name:<22} {len(data) / 1e6:>9.1f} {secs:>8.1f} {mb:>8.0f} {rc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
