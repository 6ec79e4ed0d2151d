"""Print seconds and peak memory of reading and analysing hostile-size messages (issue 12 item 6).

Run from the repository root::

    .venv/bin/python benchmarks/bench_hostile_size.py [--scale F] [--only NAME]

Each case is built here, written to a temporary file and analysed offline in a fresh process
(``inspector analyze FILE --offline --json``), so the figures include everything a user waits for: reading,
MIME, the header block, every check and the JSON. Peak memory is the child's VmHWM (peak resident set, Linux).

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


#: The child: the CLI, then its own peak resident memory on stderr. VmHWM (Linux), not ru_maxrss: the kernel
#: keeps ru_maxrss across exec, so a child would report this script's own peak (it holds the 63 MB inputs).
_CHILD = (
    "import sys\n"
    "from inspector.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "sys.stderr.write('MAXRSS %s\\n' % (hwm[0] if hwm else 'nan'))\n"
    "sys.exit(rc)\n"
)


def run(name: str, data: bytes) -> tuple[float, float, int]:
    """Seconds, peak MB and exit code of analysing `data` in a fresh process."""
    suffix = ".msg" if name.startswith("msg") else ".eml"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, "analyze", path, "--offline", "--json"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        secs = time.perf_counter() - t0
    kb = [
        int(line.split()[1]) for line in proc.stderr.decode(errors="replace").splitlines() if line.startswith("MAXRSS")
    ]
    return secs, (kb[-1] / 1024 if kb else float("nan")), proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", action="append", default=[])
    args = ap.parse_args()
    names = args.only or list(CASES)
    print(f"{'case':<22} {'input MB':>9} {'seconds':>8} {'peak MB':>8} exit")
    for name in names:
        data = CASES[name](args.scale)
        secs, mb, rc = run(name, data)
        print(f"{name:<22} {len(data) / 1e6:>9.1f} {secs:>8.1f} {mb:>8.0f} {rc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
