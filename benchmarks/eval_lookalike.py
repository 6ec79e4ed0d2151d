"""Precision and recall of the lookalike checks on ../shared/lookalike, overall and per kind, and timing.

Usage: .venv/bin/python benchmarks/eval_lookalike.py [--errors] [--by-brand] [--domains FILE] [--display-names FILE]
Defaults to the dev files in ../shared/lookalike; ``benchmarks/holdout/`` has a holdout set for other brands
(``benchmarks/make_holdout.py``). Prints figures only; it asserts nothing (house rule: no timed asserts in tests).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "lookalike"

from inspector.lookalike import check_message  # noqa: E402
from inspector.lookalike.pairs import judge_pair  # noqa: E402
from inspector.model.report import Identities  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402


def _what(row: dict[str, object]) -> object:
    return row.get("candidate") or (row.get("display_name"), row.get("from_domain"))


def score(name: str, rows: list[dict[str, object]], show_errors: bool, by_brand: bool = False) -> None:
    tp = fp = fn = tn = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_brand: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    errors: list[str] = []
    start = time.perf_counter()
    for row in rows:
        res = judge_pair({k: v for k, v in row.items() if k not in ("label", "kind")})
        flagged = bool(res.get("flagged"))
        label = row["label"] == 1
        kind = str(row["kind"])
        per_kind[kind][0] += 1
        per_kind[kind][1] += int(flagged)
        cell = per_brand[str(row.get("protected"))]
        cell[(0 if label else 1) if flagged else (2 if label else 3)] += 1
        if flagged and label:
            tp += 1
        elif flagged:
            fp += 1
            errors.append(
                f"FP {kind:28} {row.get('protected')} {_what(row)} -> {res.get('kind')}: {res.get('explanation')}"
            )
        elif label:
            fn += 1
            errors.append(f"FN {kind:28} {row.get('protected')} {_what(row)}")
        else:
            tn += 1
    elapsed = time.perf_counter() - start
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(
        f"== {name}: {len(rows)} rows, precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn}, tn {tn}); "
        f"{elapsed * 1000 / max(len(rows), 1):.3f} ms/pair"
    )
    for kind in sorted(per_kind):
        n, f = per_kind[kind]
        what = (
            "recall"
            if not kind.startswith("neg/") and "own_domain" not in kind and "contains" not in kind
            else "false-positive rate"
        )
        print(f"   {kind:36} n={n:4}  {what} {f / n:.3f}")
    if by_brand:
        for brand in sorted(per_brand):
            btp, bfp, bfn, btn = per_brand[brand]
            bp = btp / (btp + bfp) if btp + bfp else 1.0
            br = btp / (btp + bfn) if btp + bfn else 1.0
            print(f"   {brand:28} precision {bp:.3f} recall {br:.3f} (tp {btp}, fp {bfp}, fn {bfn}, tn {btn})")
    if show_errors:
        for e in errors:
            print("   ", e)


def timing() -> None:
    ids = Identities(
        from_header='"PayPal Service" <service@paypa1-secure.com>',
        from_display_name="PayPal Service",
        from_address="service@paypa1-secure.com",
        from_domain="paypa1-secure.com",
        reply_to=("help@gmail.com",),
        return_path="bounce@mail.example-esp.net",
        sender="x@paypa1-secure.com",
    )
    settings = AnalysisSettings(protected_domains=("example.org",))
    check_message(ids, (), settings)  # warm the caches (reference load)
    n = 300
    start = time.perf_counter()
    for i in range(n):
        ids2 = Identities(
            from_display_name=f"Support Team {i}",
            from_address=f"a@mail{i}.example{i}.com",
            from_domain=f"mail{i}.example{i}.com",
            reply_to=(f"r@reply{i}.net",),
            return_path=f"b@bounce{i}.org",
        )
        check_message(ids2, (), settings)
        check_message(ids, (), settings)
    per = (time.perf_counter() - start) * 1000 / (2 * n)
    print(f"== timing: {per:.3f} ms per message (6 identities, cold-cache variants included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every false positive and miss")
    parser.add_argument("--by-brand", action="store_true", help="precision and recall per protected domain")
    parser.add_argument("--domains", type=Path, default=SHARED / "domains-dev.jsonl")
    parser.add_argument("--display-names", type=Path, default=SHARED / "display-names-dev.jsonl")
    args = parser.parse_args()
    for path in (args.domains, args.display_names):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        score(path.name, rows, args.errors, args.by_brand)
    timing()


if __name__ == "__main__":
    main()
