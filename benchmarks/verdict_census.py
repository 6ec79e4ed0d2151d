"""Print the verdict's confusion table on real legitimate and real phishing mail, and its false alarms by rule.

Run from the repository root: ``.venv/bin/python benchmarks/verdict_census.py [--show LEVEL] [--reasons N]
[--only legit|phish] [--list-false-alarms]``. Everything is read from ../shared at run time (the phishing corpus
is CC BY-NC and legit-dev has mixed licences: test data only, never copied into the repository) and analysed
without network (no socket is opened):

- legit: every message of ../shared/corpora/legit-dev (306 real legitimate messages; SOURCES.tsv gives kinds);
- phish: every ``*.eml`` of ../shared/corpora/phishing_pot_sample/email (400 real phishing messages).

The census runs without a sender history (the analysis' default). ``--history-half`` learns a history from every
other legit-dev message (by name) and prints what it does to the verdicts of the other half and of the phishing
sample: level changes, history findings by kind and severity, the messages with a link to a domain new for its
sender (``new-link-domain``) and the verdict rule that named it, and each message whose level changed.

Each message is analysed three times: offline with default settings, and offline with ``--trusted-authserv-id`` set
to the message's own receiver's id, as the analyst of that receiving organisation would configure it, under two
definitions of that id: `_receiver_id` (the id of the organisation that made the final delivery, when it wrote
one) and `_topmost_id` (the topmost Authentication-Results' authserv-id, the older definition). For each mode it prints
the confusion table (rows legit/phish, columns by level, with percentages), legit mail per kind, and the false
alarms (legit mail called suspicious or dangerous) grouped by the verdict rule that raised the level
(`Verdict.findings[].rule`).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analyze import analyze  # noqa: E402
from inspector.dns.offline import OfflineSource  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.model.report import Level, Report  # noqa: E402
from inspector.orgdomain import host_org  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402
from tests.support.corpora import SHARED, phishing_messages  # noqa: E402

LEGIT = SHARED / "corpora" / "legit-dev"
LEVELS = (*(level.value for level in Level), "unreadable")
ALARM = ("suspicious", "dangerous")


def _legit() -> list[tuple[Path, str]]:
    kinds: dict[str, str] = {}
    with (LEGIT / "SOURCES.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            kinds[row["file"]] = row["kind"]
    return [(p, kinds.get(p.name, "?")) for p in sorted(LEGIT.iterdir()) if p.suffix in (".eml", ".msg")]


def _receiver_id(report: Report) -> str | None:
    """The receiving organisation's own authserv-id, as its analyst would configure it.

    The receiver is the organisation of the topmost Received ``by`` host that has a name (internal hops by IP
    are skipped). Its id is the first Authentication-Results authserv-id of that organisation; failing that,
    the topmost Authentication-Results, unless its id belongs to a host further down the chain (an earlier
    hop that wrote its own results: a mailing list the message passed through), when there is none.
    """
    ars = sorted(
        (r for r in report.recorded if r.header.lower() == "authentication-results" and r.authserv_id),
        key=lambda r: r.header_index,
    )
    if not ars:
        return None
    by_orgs = [o for o in (host_org(h.by_host) for h in sorted(report.hops, key=lambda h: h.header_index)) if o]
    receiver = by_orgs[0] if by_orgs else None
    for r in ars:
        if receiver and host_org(r.authserv_id) == receiver:
            return r.authserv_id
    top = host_org(ars[0].authserv_id)
    if top and top in by_orgs[1:]:
        return None
    return ars[0].authserv_id


def _topmost_id(report: Report) -> str | None:
    """The older definition of the receiver's own id: the topmost Authentication-Results' authserv-id.

    This is what an analyst who reads the header from the top takes for "my receiver"; in list-mirror mail it
    is the list server's id, so the tool must be right under this definition too.
    """
    ars = sorted(
        (r for r in report.recorded if r.header.lower() == "authentication-results" and r.authserv_id),
        key=lambda r: r.header_index,
    )
    return ars[0].authserv_id if ars else None


TRUSTED_MODES = (
    ("receiver's authserv-id trusted", _receiver_id),
    ("topmost authserv-id trusted", _topmost_id),
)


def _rules(report: Report, level: str) -> list[str]:
    """The rules that raised the verdict to `level` (model field `findings`; '?' when the model lacks it)."""
    findings = getattr(report.verdict, "findings", None)
    if findings is None:
        return ["?"]
    return sorted({f.rule for f in findings if f.level.value == level}) or ["?"]


class Census:
    """Levels per group and mode, the first reasons of each message, and false alarms by rule."""

    def __init__(self) -> None:
        self.levels: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.by_rule: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.rows: dict[tuple[str, str], list[tuple[str, str, str, tuple[str, ...]]]] = defaultdict(list)

    def add(self, mode: str, group: str, name: str, kind: str, report: Report | None) -> None:
        level = report.verdict.level.value if report else "unreadable"
        self.levels[(mode, group)][level] += 1
        if group == "legit":
            self.kinds[(mode, kind)][level] += 1
            if level in ALARM and report is not None:
                for rule in _rules(report, level):
                    self.by_rule[(mode, level)][rule] += 1
        reasons = report.verdict.reasons if report else ()
        self.rows[(mode, group)].append((name, kind, level, tuple(reasons)))


def _run(path: Path, settings: AnalysisSettings) -> Report | None:
    try:
        return analyze(load_file(path), settings, OfflineSource())
    except InputError:
        return None


def _table(c: Census, mode: str) -> None:
    print(f"\n== {mode} ==")
    head = f"{'':8}" + "".join(f"{lvl:>14}" for lvl in LEVELS) + f"{'total':>8}"
    print(head)
    for group in ("legit", "phish"):
        cnt = c.levels.get((mode, group), Counter())
        total = sum(cnt.values())
        if not total:
            continue
        cells = "".join(f"{cnt.get(lvl, 0):>5} ({100 * cnt.get(lvl, 0) / total:4.1f}%)" for lvl in LEVELS)
        print(f"{group:8}{cells}{total:>8}")
    legit = c.levels.get((mode, "legit"), Counter())
    if legit:
        n = sum(legit.values())
        alarms = legit["suspicious"] + legit["dangerous"]
        print(
            f"legit called suspicious or dangerous: {alarms}/{n} = {100 * alarms / n:.1f} %; "
            f"dangerous {legit['dangerous']}/{n} = {100 * legit['dangerous'] / n:.1f} %; "
            f"ok {legit['ok']}/{n} = {100 * legit['ok'] / n:.1f} %"
        )
    print("legit by kind:")
    for (m, kind), cnt in sorted(c.kinds.items()):
        if m == mode:
            print(f"  {kind:14}" + "  ".join(f"{lvl} {cnt[lvl]}" for lvl in LEVELS if cnt.get(lvl)))
    for level in ALARM:
        rules = c.by_rule.get((mode, level))
        if rules:
            print(f"false alarms at {level}, by rule (a message counts once per rule):")
            for rule, n in rules.most_common():
                print(f"  {n:4}  {rule}")


#: Verdict rules that read the sender history (the header facts, and the links new for the sender).
_HISTORY_RULES = ("sender-history", "links-new-for-sender")
_LINK_RULES = ("links-new-for-sender", "risky-links")


def _history_half(args: argparse.Namespace) -> None:
    """`--history-half`: a sender history learnt from half of legit-dev (every other message, by name), and
    what it does to the other half's verdicts (and to the phishing sample's): level changes, history findings
    by kind and severity, and the messages whose level the history raised."""
    import tempfile

    from inspector.history import learn_messages, open_history

    legit = _legit()
    learnt, judged = legit[0::2], legit[1::2]
    with tempfile.TemporaryDirectory(prefix="census-history-") as folder:
        store_path = str(Path(folder) / "history.sqlite3")
        with open_history(store_path) as store:
            tally = learn_messages(store, (p.read_bytes() for p, _kind in learnt))
        print(
            f"history learnt from {len(learnt)} legit-dev messages ({tally.learnt} learnt, {tally.no_sender} "
            f"without a sender, {tally.unreadable} unreadable); judged: the other {len(judged)}"
        )
        groups = [("legit", judged)]
        if args.only != "legit":
            groups.append(("phish", [(p, "phish") for p in phishing_messages()]))
        base = AnalysisSettings()
        with_history = replace(base, history=store_path)
        for group, items in groups:
            changes: Counter[tuple[str, str]] = Counter()
            kinds: Counter[tuple[str, str]] = Counter()
            raised: list[tuple[str, str, str, list[str]]] = []
            new_links: list[tuple[str, str, list[str]]] = []
            for path, _kind in items:
                before, after = _run(path, base), _run(path, with_history)
                if before is None or after is None:
                    continue
                b, a = before.verdict.level.value, after.verdict.level.value
                changes[(b, a)] += 1
                for f in after.history.findings:
                    kinds[(f.kind, f.severity)] += 1
                if any(f.kind == "new-link-domain" for link in after.content.links for f in link.findings):
                    rules = sorted({f"{r.rule} ({r.level})" for r in after.verdict.findings if r.rule in _LINK_RULES})
                    new_links.append((path.name, a, rules))
                if a != b:
                    texts = [r.text for r in after.verdict.findings if r.rule in _HISTORY_RULES]
                    raised.append((path.name, b, a, texts))
            n = sum(changes.values())
            print(f"\n== {group} with the history ({n} messages) ==")
            print("level without → with history:")
            for (b, a), count in sorted(changes.items()):
                print(f"  {b:>12} → {a:<12} {count:4}" + ("" if a == b else "   (changed)"))
            print("history findings (kind, severity):")
            for (kind, severity), count in sorted(kinds.items()):
                print(f"  {kind:28} {severity:7} {count:4}")
            print(f"messages with a link to a domain new for its sender (new-link-domain): {len(new_links)}")
            for name, a, rules in new_links:
                print(f"  {name} [{a}]: {', '.join(rules) or 'no verdict reason'}")
            for name, b, a, texts in raised:
                print(f"  [{b} → {a}] {name}")
                for text in texts[: args.reasons]:
                    print(f"      - {text[:220]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--show", choices=LEVELS, help="list the phishing messages at this level")
    ap.add_argument("--reasons", type=int, default=2, help="reasons shown per listed message")
    ap.add_argument("--only", choices=("legit", "phish"), help="analyse one group only")
    ap.add_argument("--list-false-alarms", action="store_true", help="list legit mail called suspicious/dangerous")
    ap.add_argument(
        "--history-half",
        action="store_true",
        help="learn a sender history from half of legit-dev and show what it does to the other half (and phishing)",
    )
    args = ap.parse_args()
    if args.history_half:
        _history_half(args)
        return

    groups: list[tuple[str, list[tuple[Path, str]]]] = []
    if args.only != "phish":
        groups.append(("legit", _legit()))
    if args.only != "legit":
        groups.append(("phish", [(p, "phish") for p in phishing_messages()]))
    c = Census()
    base = AnalysisSettings()
    for group, items in groups:
        for path, kind in items:
            report = _run(path, base)
            c.add("offline", group, path.name, kind, report)
            for mode, pick in TRUSTED_MODES:
                rid = pick(report) if report else None
                trusted = _run(path, replace(base, trusted_authserv_ids=(rid,))) if rid else report
                c.add(mode, group, path.name, kind, trusted)
    for mode in ("offline", *(m for m, _ in TRUSTED_MODES)):
        _table(c, mode)
        for group in ("legit", "phish"):
            for name, kind, level, reasons in c.rows.get((mode, group), []):
                show = (group == "legit" and args.list_false_alarms and level in ALARM) or (
                    group == "phish" and args.show == level
                )
                if show:
                    print(f"  [{level}] {name} ({kind})")
                    for reason in reasons[: args.reasons]:
                        print(f"      - {reason[:220]}")


if __name__ == "__main__":
    main()
