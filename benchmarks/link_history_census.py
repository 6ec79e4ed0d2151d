"""How the "link to a domain new for this sender" finding behaves on real mail, and why its gates are where they
are (issue 15 item 2 with the sender history). Printed, never asserted.

    .venv/bin/python benchmarks/link_history_census.py [--only legit|phish]

Each corpus is replayed in date order as a growing mailbox, with its own store: every message is first judged
against the history of the messages before it (a full offline analysis with that store), then learnt. That is
the analyst's situation (yesterday's mail is known, today's is judged), and unlike ``verdict_census.py
--history-half`` it gives every repeat sender the most history the corpus has. Printed per corpus:

- how many messages came from a sender (address, else its organisation unless free mail) that had learnt
  messages with links, and how many of those had a link to an organisation that sender never linked to
  (before the gates);
- the same messages under a grid of the two gates (`MIN_LINK_MESSAGES`: learnt messages with links;
  `MAX_NOVELTY`: the share of the sender's later link messages that brought in a new destination) and
  `COMMON_SPREAD` (destinations linked by that many learnt organisations are shared infrastructure): how many
  messages would get the finding at each setting;
- what the analysis actually did with the shipped gates: messages with the finding, the verdict rules that
  named it, and level changes against the same analysis without a store.

Learning phishing mail as "known good" is not what an analyst does; it is the only way this corpus shows a
repeatedly spoofed identity (phishing_pot holds 33 messages from "stayfriends.de") and what the gates do with
a sender whose every message links somewhere new.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from email.utils import parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analyze import analyze  # noqa: E402
from inspector.dns.offline import OfflineSource  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.history import learn_messages, open_history  # noqa: E402
from inspector.history.facts import countable_domains  # noqa: E402
from inspector.history.links import (  # noqa: E402
    COMMON_SPREAD,
    MAX_NOVELTY,
    MIN_LINK_MESSAGES,
    destinations_of_links,
    known_destinations,
)
from inspector.history.stage import close_readers  # noqa: E402
from inspector.history.store import Lookup, Record, SqliteHistory  # noqa: E402
from inspector.ingest import load_bytes  # noqa: E402
from inspector.lookalike.reference import reference_for  # noqa: E402
from inspector.model.report import Report  # noqa: E402
from inspector.orgdomain import dmarc_org_domain  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402
from tests.support.corpora import legit_messages, phishing_messages  # noqa: E402

MINS = (2, 3, 5, 8)
NOVELTIES = (0.0, 0.25, 0.5, 1.0)
SPREADS = (2, 3, 5, 10**9)


def _date_key(data: bytes) -> float:
    head = data[:20000].decode("latin-1")
    for line in head.splitlines():
        if line.lower().startswith("date:"):
            try:
                return parsedate_to_datetime(line[5:].strip()).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return 0.0
    return 0.0


def _novelty(rec: Record) -> float:
    return 1.0 if rec.link_messages <= 1 else max(0, rec.novel_messages - 1) / (rec.link_messages - 1)


def _candidates(report: Report, found: Lookup, freemail: bool) -> tuple[Record | None, list[str]]:
    """The record the statement would rest on (address, else organisation) and the new destinations."""
    rec = found.address if found.address is not None and found.address.link_messages else None
    if rec is None and not freemail and found.org is not None and found.org.link_messages:
        rec = found.org
    if rec is None:
        return None, []
    org = dmarc_org_domain(report.identities.from_domain) if report.identities.from_domain else None
    _has, domains = countable_domains(destinations_of_links(report.content.links), org)
    known = known_destinations(found, freemail)
    return rec, [d for d in domains if d not in known]


def replay(name: str, paths: list[Path]) -> None:
    datas = sorted(((p.name, p.read_bytes()) for p in paths), key=lambda pd: _date_key(pd[1]))
    ref = reference_for((), ())
    grid: Counter[tuple[int, float, int]] = Counter()
    with_history = with_new = 0
    flagged: list[tuple[str, str, str, list[str]]] = []
    levels: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory(prefix="link-census-") as folder:
        path = str(Path(folder) / "h.sqlite3")
        open_history(path).close()
        settings = AnalysisSettings(history=path)
        for file_name, data in datas:
            try:
                message = load_bytes(data)
            except InputError:
                continue
            report = analyze(message, settings, OfflineSource())
            bare = analyze(message, replace(settings, history=None), OfflineSource())
            levels[(bare.verdict.level.value, report.verdict.level.value)] += 1
            ids = report.identities
            org = dmarc_org_domain(ids.from_domain) if ids.from_domain else None
            via_list = bool(ids.mailing_list or ids.list_evidence)
            if ids.from_address and org and not via_list:
                with SqliteHistory(path, readonly=True) as store:
                    found = store.lookup(ids.from_address, org)
                    rec, new = _candidates(report, found, ref.is_freemail(org))
                    spread = store.link_spread(new) if new else {}
                if rec is not None:
                    with_history += 1
                    with_new += bool(new)
                    for m in MINS:
                        for nv in NOVELTIES:
                            for sp in SPREADS:
                                ok = rec.link_messages >= m and _novelty(rec) <= nv
                                if ok and any(spread.get(d, 0) < sp for d in new):
                                    grid[(m, nv, sp)] += 1
            if any(f.kind == "new-link-domain" for link in report.content.links for f in link.findings):
                rules = sorted(
                    {f"{r.rule} ({r.level})" for r in report.verdict.findings if r.rule.startswith(("links", "risky"))}
                )
                flagged.append((file_name, bare.verdict.level.value, report.verdict.level.value, rules))
            with open_history(path) as h:
                learn_messages(h, [data])
        close_readers()
    print(f"\n== {name}: {len(datas)} messages replayed in date order ==")
    print(f"judged with a sender link history (any length): {with_history}; with a destination new for it: {with_new}")
    print("messages that would get the finding, by gate (min link messages × max novelty), per shared-infrastructure")
    print("spread (a destination linked by this many learnt organisations is not new):")
    for sp in SPREADS:
        label = "no spread gate" if sp > 10**6 else f"spread < {sp}"
        print(f"  {label}:")
        print("    min\\novelty " + "".join(f"{nv:>8}" for nv in NOVELTIES))
        for m in MINS:
            print(f"    {m:>11} " + "".join(f"{grid[(m, nv, sp)]:>8}" for nv in NOVELTIES))
    print(
        f"shipped gates (min {MIN_LINK_MESSAGES}, novelty ≤ {MAX_NOVELTY}, spread < {COMMON_SPREAD}): "
        f"{len(flagged)} messages with the finding"
    )
    for who, b, a, rules in flagged:
        print(f"  {who} [{b} → {a}]: {', '.join(rules) or 'no verdict reason'}")
    changed = {k: v for k, v in levels.items() if k[0] != k[1]}
    print(f"level changes with the history (all kinds of history finding): {changed or 'none'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--only", choices=("legit", "phish"))
    args = ap.parse_args()
    if args.only != "phish":
        replay("legit-dev", list(legit_messages()))
    if args.only != "legit":
        replay("phishing_pot_sample", list(phishing_messages()))


if __name__ == "__main__":
    main()
