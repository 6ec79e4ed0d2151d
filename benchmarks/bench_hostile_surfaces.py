"""Print seconds and peak memory of the newer surfaces on hostile input (the hostile audit).

Run from the repository root::

    .venv/bin/python benchmarks/bench_hostile_surfaces.py [--scale F] [--only NAME] [--root CHECKOUT]

Each case is built here, written to a temporary folder and run through the CLI in a fresh process (offline,
no sender history), so the figures are what a user waits for. Peak memory is the child's VmHWM (Linux).
Prints figures; asserts nothing.

Cases:

* ``qr-png-attachments``: 30 attached PNGs of 6,300 × 6,300 transparent pixels (170 KB each);
* ``qr-data-pages``: 10 attached web pages with 8 data: copies of that PNG each;
* ``svg-pages``: 6 attached web pages, each an SVG of 90,000 one-pixel rectangles;
* ``zip-central-directory``: a 24 MB ZIP attachment (under the 30 MB a file may have to be opened) whose
  directory lists 220,000 files named with control and bidi characters;
* ``filter-headers``: X-Spam-Status, X-Rspamd-Result and X-Proofpoint-Spam-Details of 400,000 letters each;
* ``disguised-subject``: a Subject of 120,000 tag characters and zero-width spaces between "Pay" and "Pal";
* ``mbox-long-line``: an mbox holding one message whose body is a single 200 MB line (``--jsonl``);
* ``mbox-from-flood``: an mbox of 5,000 one-line messages (``--csv --campaigns``).
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = (
    "import sys\n"
    "from inspector.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "sys.stderr.write('MAXRSS %s\\n' % (hwm[0] if hwm else 'nan'))\n"
    "sys.exit(rc)\n"
)
HEAD = "From: a@evil.example\r\nTo: b@example.org\r\nSubject: hostile\r\nMIME-Version: 1.0\r\n"


def _png(edge: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (edge, edge), (255, 255, 255, 0)).save(out, "PNG")
    return out.getvalue()


def _multipart(parts: list[tuple[str, str, bytes]]) -> bytes:
    lines = [HEAD + 'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nhi']
    for ctype, name, data in parts:
        lines.append(
            f'--B\r\nContent-Type: {ctype}\r\nContent-Disposition: attachment; filename="{name}"\r\n'
            f"Content-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(data).decode()}"
        )
    return ("\r\n".join(lines) + "\r\n--B--\r\n").encode()


def qr_png_attachments(scale: float) -> tuple[str, bytes]:
    png = _png(max(100, int(6300 * scale**0.5)))
    return ".eml", _multipart([("image/png", f"scan{n}.png", png) for n in range(30)])


def qr_data_pages(scale: float) -> tuple[str, bytes]:
    img = f'<img src="data:image/png;base64,{base64.b64encode(_png(max(100, int(6300 * scale**0.5)))).decode()}">'
    pages = [
        f"<html><body>{''.join(img.replace('<img', f'<img alt={k}') for k in range(8))}</body></html>".encode()
        for _ in range(10)
    ]
    return ".eml", _multipart([("text/html", f"page{n}.html", p) for n, p in enumerate(pages)])


def svg_pages(scale: float) -> tuple[str, bytes]:
    rects = "".join(f'<rect x="{i % 300}" y="{i // 300}" width="1" height="1"/>' for i in range(int(90_000 * scale)))
    page = f"<html><body><svg>{rects}</svg></body></html>".encode()
    return ".eml", _multipart([("text/html", f"page{n}.html", page) for n in range(6)])


def zip_central_directory(scale: float) -> tuple[str, bytes]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for n in range(int(220_000 * scale)):
            zf.writestr(zipfile.ZipInfo(f"{n}\x1b\u202e.exe"), b"")
    return ".eml", _multipart([("application/zip", "invoice.zip", out.getvalue())])


def mbox_long_line(scale: float) -> tuple[str, bytes]:
    line = b"A" * int(200_000_000 * scale)
    return ".mbox", b"From a@evil.example Mon Jan  1 00:00:00 2024\n" + HEAD.encode() + b"\r\n" + line


def mbox_from_flood(scale: float) -> tuple[str, bytes]:
    one = b"From a@b Mon Jan  1 00:00:00 2024\nFrom: x@evil.example\nSubject: =cmd|' /C calc'!A0\n\n"
    return ".mbox", one * max(2, int(5000 * scale))


def filter_headers(scale: float) -> tuple[str, bytes]:
    word = "A" * int(400_000 * scale)
    fields = f"X-Spam-Status: Yes, score=6.2 {word}\r\nX-Rspamd-Result: {word}\r\nX-Proofpoint-Spam-Details: {word}\r\n"
    return ".eml", (fields + HEAD + "\r\nhi\r\n").encode()


def disguised_subject(scale: float) -> tuple[str, bytes]:
    filler = "\U000e0041\u200b" * int(60_000 * scale)
    subject = f"=?utf-8?b?{base64.b64encode(('Pay' + filler + 'Pal').encode()).decode()}?="
    return ".eml", (HEAD.replace("Subject: hostile", f"Subject: {subject}") + "\r\nhi\r\n").encode()


CASES: dict[str, tuple[Callable[[float], tuple[str, bytes]], list[str]]] = {
    "qr-png-attachments": (qr_png_attachments, ["--json"]),
    "qr-data-pages": (qr_data_pages, ["--json"]),
    "svg-pages": (svg_pages, ["--json"]),
    "zip-central-directory": (zip_central_directory, ["--json"]),
    "filter-headers": (filter_headers, ["--json"]),
    "disguised-subject": (disguised_subject, ["--json"]),
    "mbox-long-line": (mbox_long_line, ["--jsonl", "--jobs", "1"]),
    "mbox-from-flood": (mbox_from_flood, ["--csv", "--campaigns", "--jobs", "1"]),
}


def run(name: str, suffix: str, data: bytes, extra: list[str], root: Path = ROOT) -> tuple[float, float, int]:
    """Seconds, peak MB (of the CLI process; batch workers are separate processes) and exit code."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        del data
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, "analyze", path, "--offline", "--no-history", *extra],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        secs = time.perf_counter() - t0
    kb = [int(x.split()[1]) for x in proc.stderr.decode(errors="replace").splitlines() if x.startswith("MAXRSS")]
    return secs, (kb[-1] / 1024 if kb else float("nan")), proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (before/after: another worktree)")
    args = ap.parse_args()
    print(f"{'case':<22} {'input MB':>9} {'seconds':>8} {'peak MB':>8} exit")
    for name in args.only or list(CASES):
        build, extra = CASES[name]
        suffix, data = build(args.scale)
        size = len(data) / 1e6
        secs, mb, rc = run(name, suffix, data, extra, args.root)
        print(f"{name:<22} {size:>9.1f} {secs:>8.1f} {mb:>8.0f} {rc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
