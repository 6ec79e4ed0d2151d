"""Print the disguised-word findings (`inspector.content.disguise`) on real mail, by corpus, kind, field, severity.

Run from the repository root: ``.venv/bin/python benchmarks/disguise_census.py [--kind KIND] [--list]``.
Offline, no socket opened; every message is read from ../shared at run time (never copied: phishing_pot is
CC BY-NC, legit-dev has mixed licences):

- legit: ../shared/corpora/legit-dev (306 legitimate messages: every finding there is a false alarm);
- phish: ../shared/corpora/phishing_pot_sample/email (400 phishing messages);
- other: every other ``.eml``/``.msg`` under ../shared (conformance suites, real chains: legitimate or
  synthetic test mail).

Each message is analysed by the content stage as the pipeline does (the From display name, the Subject and
the body's visible text). ``--list`` prints each finding (file, field, kind, severity, words) of ``--kind``
(all kinds by default).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.content import content_view  # noqa: E402
from inspector.errors import InputError  # noqa: E402
from inspector.identities import read_identities  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.model.content import DisguisedText  # noqa: E402
from tests.support.corpora import LEGIT, PHISHING, SHARED, legit_messages, phishing_messages  # noqa: E402


def _others() -> list[Path]:
    skip = (LEGIT.resolve(), PHISHING.resolve().parent)
    found = []
    for p in sorted(SHARED.rglob("*")):
        if p.suffix.lower() not in (".eml", ".msg") or not p.is_file():
            continue
        if any(s in p.resolve().parents for s in skip):
            continue
        found.append(p)
    return found


def _disguised(path: Path) -> tuple[DisguisedText, ...] | None:
    try:
        message = load_file(path)
    except (InputError, OSError):
        return None
    ids = read_identities(message)[0]
    return content_view(message, display_name=ids.from_display_name, subject=ids.subject).disguised


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", help="only this finding kind (mixed-script, overlay-marks …)")
    ap.add_argument("--list", action="store_true", help="print every finding")
    args = ap.parse_args()
    for name, paths in (("legit", legit_messages()), ("phish", phishing_messages()), ("other", _others())):
        kinds: Counter[str] = Counter()
        with_any = unreadable = 0
        rows = []
        for path in paths:
            found = _disguised(path)
            if found is None:
                unreadable += 1
                continue
            found = tuple(d for d in found if args.kind is None or d.kind == args.kind)
            with_any += bool(found)
            for d in found:
                kinds[f"{d.kind} / {d.field} / {d.severity}"] += 1
                rows.append(f"    {path.name}: {d.field} {d.kind} [{d.severity}] x{d.count} {', '.join(d.words[:3])}")
        print(f"== {name}: {len(paths)} messages ({unreadable} unreadable), {with_any} with a finding")
        for key, n in sorted(kinds.items()):
            print(f"   {n:4d}  {key}")
        if args.list:
            print("\n".join(rows))


if __name__ == "__main__":
    main()
