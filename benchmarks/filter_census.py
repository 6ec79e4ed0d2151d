"""Print, per filter vendor, how many messages carry filter headers, how many of those are trusted, and how many
carry a trusted alarm (phishing, spoofing, impersonation, malware or spam: what the verdict rule
``filter-verdict`` counts), on phishing_pot and legit-dev (issue 14).

Run from the repository root: ``.venv/bin/python benchmarks/filter_census.py [--only legit|phish]``. Offline, no
socket. Two modes, as ``benchmarks/verdict_census.py``: default settings, and the receiver's own authserv-id
trusted (``verdict_census._receiver_id``), the way the analyst of the receiving organisation would configure it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from verdict_census import _legit, _receiver_id  # noqa: E402

from inspector.analyze import analyze  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.model.filters import FilterVerdict  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402
from tests.support.corpora import phishing_messages  # noqa: E402

ALARMS = {
    FilterVerdict.MALWARE,
    FilterVerdict.PHISHING,
    FilterVerdict.SPOOFING,
    FilterVerdict.IMPERSONATION,
    FilterVerdict.SPAM,
}


def census(paths: list[Path], name: str) -> None:
    modes: dict[str, dict[str, Counter[str]]] = {"default": {}, "receiver-id trusted": {}}
    for path in paths:
        try:
            message = load_file(path)
        except InputError:
            continue
        report = analyze(message, AnalysisSettings())
        rid = _receiver_id(report)
        second = analyze(message, replace(AnalysisSettings(), trusted_authserv_ids=(rid,))) if rid else report
        for mode, r in (("default", report), ("receiver-id trusted", second)):
            seen: dict[str, Counter[str]] = modes[mode]
            per_vendor: dict[str, set[str]] = {}
            for f in r.filters:
                tags = per_vendor.setdefault(f.vendor, set())
                tags.add("present")
                if f.trusted:
                    tags.add("trusted")
                    if f.verdict in ALARMS and f.header.lower() != "authentication-results":
                        tags.add("trusted alarm")
                else:
                    tags.add("claimed")
            for vendor, tags in per_vendor.items():
                seen.setdefault(vendor, Counter()).update(tags)
            if any(f.rule == "filter-verdict" for f in r.verdict.findings):
                seen.setdefault("(verdict rule filter-verdict fired)", Counter())["present"] += 1
    for mode, seen in modes.items():
        print(f"\n== {name}: {len(paths)} messages, {mode} ==")
        print(f"{'vendor':40} {'present':>8} {'trusted':>8} {'claimed':>8} {'trusted alarm':>14}")
        for vendor, c in sorted(seen.items(), key=lambda kv: -kv[1]["present"]):
            print(f"{vendor:40} {c['present']:8} {c['trusted']:8} {c['claimed']:8} {c['trusted alarm']:14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("legit", "phish"))
    args = parser.parse_args()
    if args.only != "legit":
        census(phishing_messages(), "phishing_pot")
    if args.only != "phish":
        census([p for p, _ in _legit()], "legit-dev")


if __name__ == "__main__":
    main()
