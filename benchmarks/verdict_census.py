"""Print the verdict's level distribution on real phishing and on real legitimate mail.

Run from the repository root: ``.venv/bin/python benchmarks/verdict_census.py [--show ok|suspicious|dangerous]
[--reasons N]``. Everything is read from ../shared at run time (the phishing corpus is CC BY-NC: test data
only, never copied into the repository) and analysed without network:

- phishing: every ``*.eml`` of ../shared/corpora/phishing_pot_sample/email, offline;
- real chains: ../shared/corpora/real-chains/*.eml (legitimate mail and mailing-list traffic), offline;
- dkim_verifier originals: the 5 real messages of ../shared/conformance/dkim_verifier-testdata/data/original/,
  with their DKIM keys from that suite's dns.yml as a DNS snapshot (names it lacks are "not verifiable",
  not NXDOMAIN), "now" pinned to the day after delivery so expired x= tags read as they did then;
- the bundled sample resources/samples/paypal-lookalike.eml with its DNS snapshot.

For each group it prints the level counts; with ``--show LEVEL`` it also lists the phishing messages at that
level with their first reasons, and the legitimate messages are always listed with theirs.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analyze import analyze  # noqa: E402
from inspector.dns.snapshot import SnapshotSource  # noqa: E402
from inspector.dns.source import DnsSource  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.model.report import Report  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402
from tests.support.corpora import SHARED, phishing_messages  # noqa: E402
from tests.support.zones_dkim import delivery_time, dkim_verifier_dns  # noqa: E402

REAL_CHAINS = SHARED / "corpora" / "real-chains"
DKIM_VERIFIER = SHARED / "conformance" / "dkim_verifier-testdata"
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
SAMPLE_DNS = ROOT / "resources" / "samples" / "paypal-lookalike.dns.json"
LEVELS = ("ok", "suspicious", "dangerous", "not-analysed")


def _run(path: Path, dns: DnsSource | None = None, settings: AnalysisSettings | None = None) -> Report:
    return analyze(load_file(path), settings or AnalysisSettings(), dns)


def _counts(reports: Iterable[Report]) -> str:
    c = Counter(r.verdict.level.value for r in reports)
    return "  ".join(f"{lvl} {c.get(lvl, 0)}" for lvl in LEVELS if c.get(lvl, 0) or lvl != "not-analysed")


def _show(name: str, r: Report, n: int) -> None:
    print(f"  [{r.verdict.level.value}] {name}")
    for reason in r.verdict.reasons[:n]:
        print(f"      - {reason}")


def _dkim_verifier_dns() -> SnapshotSource:
    return SnapshotSource(dkim_verifier_dns(DKIM_VERIFIER / "dns.yml"), label="dkim_verifier dns.yml")


def _day_after_delivery(path: Path) -> str | None:
    """The topmost Received date plus one day (ISO 8601), or None."""
    delivered = delivery_time(load_file(path))
    return (delivered + timedelta(days=1)).isoformat() if delivered else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", choices=LEVELS, help="list the phishing messages at this level")
    ap.add_argument("--reasons", type=int, default=3, help="reasons shown per listed message")
    args = ap.parse_args()

    phish = phishing_messages()
    reports = {p.name: _run(p) for p in phish}
    print(f"phishing_pot_sample ({len(phish)} messages, offline): {_counts(reports.values())}")
    if args.show:
        for name, r in reports.items():
            if r.verdict.level.value == args.show:
                _show(name, r, args.reasons)

    chains = sorted(REAL_CHAINS.glob("*.eml"))
    chain_reports = {p.name: _run(p) for p in chains}
    print(f"\nreal-chains ({len(chains)} legitimate messages, offline): {_counts(chain_reports.values())}")
    for name, r in chain_reports.items():
        _show(name, r, args.reasons)

    originals = sorted((DKIM_VERIFIER / "data" / "original").glob("*.eml"))
    dns = _dkim_verifier_dns()
    orig_reports = {p.name: _run(p, dns, AnalysisSettings(now=_day_after_delivery(p))) for p in originals}
    print(
        f"\ndkim_verifier originals ({len(originals)} legitimate messages, DKIM keys from dns.yml): "
        f"{_counts(orig_reports.values())}"
    )
    for name, r in orig_reports.items():
        _show(name, r, args.reasons)

    sample = _run(SAMPLE, SnapshotSource.from_file(SAMPLE_DNS))
    print(f"\nbundled sample with its snapshot: {_counts([sample])}")
    _show(SAMPLE.name, sample, args.reasons)


if __name__ == "__main__":
    main()
