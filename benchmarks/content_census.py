"""Print what the content stage (links, attachments, QR codes) finds on real phishing and legitimate mail, and
what it changes in the verdict.

Run from the repository root: ``.venv/bin/python benchmarks/content_census.py [--only legit|phish]``. Offline, no
socket opened; corpora read from ../shared at run time (never copied: phishing_pot is CC BY-NC, legit-dev has
mixed licences). For each corpus it prints:

- the share of messages with at least one content finding of severity low or more (links, attachments, QR),
  and of severity high, per source (links / attachments / QR);
- attachments by detected family and the attachment finding kinds;
- the verdict with and without the content rules (`risky-links`, `dangerous-attachments`, `quishing`): how many
  ``ok``/``unverified`` verdicts the content findings turn into ``suspicious``/``dangerous`` (on phishing: misses
  removed; on legitimate mail: false alarms added).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analyze import analyze  # noqa: E402
from inspector.dns.offline import OfflineSource  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.model.report import ContentView, Report  # noqa: E402
from inspector.verdict.rules import decide  # noqa: E402
from tests.support.corpora import legit_messages, phishing_messages  # noqa: E402

_RANK = {"low": 1, "medium": 2, "high": 3}
_MISS = ("ok", "unverified")
_ALARM = ("suspicious", "dangerous")


def _worst(findings: object) -> int:
    return max((_RANK.get(f.severity, 0) for f in findings), default=0)  # type: ignore[attr-defined]


def _without_content(report: Report) -> Report:
    """The report with no content finding: what the verdict says from the headers alone."""
    c = report.content
    bare = ContentView(
        has_body=c.has_body,
        text_body=c.text_body,
        html_body=c.html_body,
        links=tuple(dataclasses.replace(link, findings=()) for link in c.links),
        attachments=tuple(dataclasses.replace(a, findings=()) for a in c.attachments),
        qr=(),
        limits=c.limits,
    )
    return dataclasses.replace(report, content=bare)


def census(name: str, paths: list[Path]) -> None:
    counts: Counter[str] = Counter()
    families: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    changed: list[str] = []
    for path in paths:
        try:
            report = analyze(load_file(path), dns=OfflineSource())
        except InputError:
            continue
        counts["messages"] += 1
        c = report.content
        link = max((_worst(x.findings) for x in c.links if x.role == "link"), default=0)
        att = max((_worst(a.findings) for a in c.attachments), default=0)
        qr = max((_worst(q.findings) for q in c.qr), default=0)
        for label, value in (("links", link), ("attachments", att), ("qr", qr)):
            counts[f"{label}>=low"] += value >= 1
            counts[f"{label}=high"] += value >= 3
        counts["any>=low"] += max(link, att, qr) >= 1
        counts["any=high"] += max(link, att, qr) >= 3
        counts["with attachments"] += bool(c.attachments)
        counts["with qr"] += bool(c.qr)
        for a in c.attachments:
            families[a.detected_type or "unrecognised"] += 1
            kinds.update({f"{f.kind} ({f.severity})" for f in a.findings})
        full = report.verdict.level.value
        bare = decide(_without_content(report))
        before = bare.level.value if bare is not None else full
        if before in _MISS and full in _ALARM:
            changed.append(f"{path.name}: {before} -> {full}")
        counts[f"verdict {full}"] += 1
        counts[f"headers-only {before}"] += 1
    n = counts["messages"] or 1
    print(f"\n== {name}: {counts['messages']} messages ==")
    for key in ("any>=low", "any=high", "links>=low", "links=high", "attachments>=low", "attachments=high",
                "qr>=low", "qr=high", "with attachments", "with qr"):  # fmt: skip
        print(f"  {key:<18} {counts[key]:>4}  ({100 * counts[key] / n:5.1f} %)")
    misses_before = sum(counts[f"headers-only {lv}"] for lv in _MISS)
    misses_after = sum(counts[f"verdict {lv}"] for lv in _MISS)
    print(f"  verdict ok/unverified without content findings: {misses_before}; with them: {misses_after}")
    print(f"  turned into suspicious/dangerous by content findings: {len(changed)}")
    for line in changed[:20]:
        print(f"    {line}")
    print("  attachments by detected type:")
    for fam, k in families.most_common(15):
        print(f"    {k:>4}  {fam}")
    print("  attachment findings:")
    for kind, k in kinds.most_common(20):
        print(f"    {k:>4}  {kind}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=("legit", "phish"))
    args = ap.parse_args()
    if args.only != "legit":
        census("phishing_pot_sample", phishing_messages())
    if args.only != "phish":
        census("legit-dev", legit_messages())


if __name__ == "__main__":
    main()
