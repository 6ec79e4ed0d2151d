"""Print what the readers of drawn QR codes (PDF vectors, HTML cell grids, SVG, data: images) cost, and that
hostile drawings stay bounded.

Run from the repository root: ``.venv/bin/python benchmarks/bench_qr_drawn.py``. Offline; corpora read from
../shared at run time. Prints:

1. per corpus (legit-dev, phishing_pot_sample): the content stage per message with the drawn-QR readers and
   without them (`qr_html.codes_in` and `pdf._drawn` replaced by no-ops), measured in pairs on the same
   message (best of 3 each), median / p90 / max, and the messages that gained a QR code (there should be none
   on legit-dev);
2. hostile and positive generated inputs: time of the reader and what it found — a PDF of 100,000
   rectangles, a 300 × 300 table, 200 big tables, a chequerboard table, and real QR codes drawn as a PDF,
   an HTML table and an SVG.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.content import content_view, pdf, qr_html, stage  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from tests.support.corpora import legit_messages, phishing_messages  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


@contextmanager
def _without_drawn() -> Any:
    """The content stage as it was before the drawn-QR readers: no body grids/SVG/data:, no PDF vectors."""
    saved = (stage.qr_html.codes_in, pdf._drawn)
    stage.qr_html.codes_in = lambda *_a, **_k: []  # type: ignore[assignment]
    pdf._drawn = lambda *_a, **_k: None  # type: ignore[assignment]
    try:
        yield
    finally:
        stage.qr_html.codes_in, pdf._drawn = saved  # type: ignore[assignment]


def _best(message: Any) -> tuple[float, int]:
    best = float("inf")
    found = 0
    for _ in range(3):
        t0 = time.perf_counter()
        view = content_view(message)
        best = min(best, (time.perf_counter() - t0) * 1000)
        found = len(view.qr)
    return best, found


def corpus(name: str, paths: list[Path]) -> None:
    on: list[float] = []
    off: list[float] = []
    gained: list[str] = []
    for path in paths:
        try:
            message = load_file(path)
        except InputError:
            continue
        content_view(message)  # warm the caches a long-running process has
        with _without_drawn():
            t_off, n_off = _best(message)
        t_on, n_on = _best(message)
        on.append(t_on)
        off.append(t_off)
        if n_on > n_off:
            gained.append(path.name)
    for label, values in (("without drawn-QR readers", off), ("with drawn-QR readers", on)):
        print(
            f"{name:<20} {label:<25} {len(values):>4} messages: median {statistics.median(values):6.2f} ms, "
            f"p90 {_pct(values, 0.9):6.2f} ms, max {max(values):7.1f} ms"
        )
    print(f"{name:<20} messages that gained a QR code: {len(gained)} {gained[:10]}")


def _timed(label: str, fn: Any) -> None:
    t0 = time.perf_counter()
    found = fn()
    print(f"  {label:<48} {(time.perf_counter() - t0) * 1000:8.1f} ms  found {found}")


def generated() -> None:
    import segno
    from pypdf import PdfReader

    sys.path.insert(0, str(ROOT / "tests" / "unit"))
    import test_content_qr_drawn as fx

    from inspector.content import qr_pdf

    m = fx.modules()
    page = fx.rects_content(m)
    many = page + b"\n" + b"\n".join(b"%d %d 1 1 re f" % (k % 600, k // 600) for k in range(100_000))
    table300 = "<table>" + ("<tr>" + "<td bgcolor=black></td><td></td>" * 150 + "</tr>") * 300 + "</table>"
    big = "<table>" + ("<tr>" + "<td></td>" * 40 + "</tr>") * 40 + "</table>"
    chequer = (
        "<table>"
        + "".join(
            "<tr>" + "".join(f'<td bgcolor="{"black" if (x + y) % 2 else "white"}"></td>' for x in range(25)) + "</tr>"
            for y in range(25)
        )
        + "</table>"
    )
    svg = io.BytesIO()
    segno.make(fx.LURE, error="m").save(svg, kind="svg", scale=4)

    def first_page(data: bytes) -> Any:
        return PdfReader(io.BytesIO(data)).pages[0]

    print("generated inputs (reader time, what it found):")
    _timed("PDF, QR as rectangles", lambda: qr_pdf.decode_page(first_page(fx.pdf_pages(page))))
    _timed("PDF, 100,000 rectangles (bound)", lambda: qr_pdf.decode_page(first_page(fx.pdf_pages(many))))
    _timed("HTML table QR", lambda: qr_html.codes_in(fx.html_table(m)))
    _timed("HTML 300 x 300 table (bound)", lambda: qr_html.codes_in(table300))
    _timed("HTML 200 tables of 40 x 40 (cell budget)", lambda: qr_html.codes_in(big * 200))
    _timed("HTML chequerboard table", lambda: qr_html.codes_in(chequer))
    _timed("SVG by segno in the body", lambda: qr_html.codes_in(svg.getvalue().decode().split("?>", 1)[1]))


def main() -> None:
    corpus("legit-dev", list(legit_messages()))
    corpus("phishing_pot_sample", list(phishing_messages()))
    generated()


if __name__ == "__main__":
    main()
