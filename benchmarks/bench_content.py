"""Print how long content analysis (links parsed, unwrapped and judged) takes per message.

Run from the repository root: ``.venv/bin/python benchmarks/bench_content.py [--repeat N]``. It times
`inspector.content.content_view` alone (the message already parsed, the lookalike reference already built, as in
a running app) on every message of ../shared/corpora/legit-dev and ../shared/corpora/phishing_pot_sample that has
a body, and on a built worst case (800 links behind Safe Links, 50,000 nested elements). Target: a typical message
(the median) in 5 ms or less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.content import content_view, judged_links  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from tests.support.corpora import legit_messages, phishing_messages  # noqa: E402


def _time(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    judged_links(None, '<a href="https://paypa1.com">x</a>')  # build the reference once, as the app does
    for name, paths in (("legit-dev", legit_messages()), ("phishing_pot", phishing_messages())):
        times: list[float] = []
        links = 0
        for path in paths:
            try:
                msg = load_file(path)
            except InputError:
                continue
            if not msg.has_body:
                continue
            times.append(_time(lambda m=msg: content_view(m), args.repeat))
            links += len(content_view(msg).links)
        if not times:
            print(f"{name}: no messages")
            continue
        times.sort()
        print(
            f"{name}: {len(times)} messages with a body, {links} links; content analysis median "
            f"{statistics.median(times):.2f} ms, p90 {times[int(len(times) * 0.9)]:.2f} ms, max {times[-1]:.1f} ms"
        )
    wrapped = "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fh{}.example%2F&amp;data=x"
    many = "".join(f'<a href="{wrapped.format(i)}">www.paypal.com</a>' for i in range(800))
    print(f"800 Safe Links links: {_time(lambda: judged_links(None, many), 1):.0f} ms (500 kept)")
    deep = "<div>" * 50_000 + '<a href="https://deep.example/">x</a>' + "</div>" * 50_000
    print(f"50,000 nested elements: {_time(lambda: judged_links(None, deep), 1):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
