"""Prints how many trust boundaries match the IP the receiver itself recorded, by method and confidence.

Reads the real messages of ../shared/corpora/phishing_pot_sample (CC BY-NC 4.0: read here at run time,
never copied into the project). For each message, the "receiver-recorded IP" is the client IP named by the
topmost Authentication-Results ("sender IP is X", "designates X", smtp.remote-ip). The boundary the chain
stage picks is compared with it, and so is the hop that the SpamAssassin-style walk alone would pick (the
walk is what must stand on its own when a receiver records nothing).

Run: .venv/bin/python benchmarks/boundary_census.py [DIR]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspector.chain import analyze_chain
from inspector.chain.artefacts import parse_auth_results
from inspector.chain.boundary import walk_only
from inspector.chain.received import parse_received
from inspector.ingest import load_file
from inspector.ingest.message import Message
from inspector.settings import AnalysisSettings
from tests.support.corpora import PHISHING, phishing_messages


def recorded_ip(msg: Message) -> str | None:
    """The client IP the topmost Authentication-Results names, as the receiver wrote it.

    Received-SPF is not used: in forwarded mail the topmost one can be the first receiver's (Google's in
    one sample), which is not the IP the final receiver judged.
    """
    for f in msg.headers:
        if f.lname == "authentication-results":
            ips = parse_auth_results(f.value, f.index).evaluated_ips()
            return ips[0] if ips else None
    return None


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else PHISHING
    paths = phishing_messages(folder)
    rows: Counter[tuple[str, str, str]] = Counter()
    walk_rows: Counter[str] = Counter()
    no_ip = unreadable = 0
    t0 = time.perf_counter()
    for p in paths:
        try:
            msg = load_file(p)
        except Exception:  # noqa: BLE001 - a census counts unreadable files, it does not stop on them
            unreadable += 1
            continue
        want = recorded_ip(msg)
        if want is None:
            no_ip += 1
            continue
        chain = analyze_chain(msg, AnalysisSettings())
        b = chain.boundary
        verdict = "match" if b.client_ip == want else ("no boundary" if b.client_ip is None else "differs")
        rows[(b.method, b.confidence, verdict)] += 1
        hops = [parse_received(f.value, f.index) for f in msg.headers if f.lname == "received"]
        pos = walk_only(hops, AnalysisSettings())
        walk_ip = hops[pos].from_ip if pos is not None else None
        walk_rows["match" if walk_ip == want else ("no boundary" if walk_ip is None else "differs")] += 1
    dt = time.perf_counter() - t0
    total = sum(rows.values())
    matched = sum(n for (_m, _c, v), n in rows.items() if v == "match")
    print(f"{len(paths)} messages from {folder} in {dt:.1f} s; {unreadable} unreadable, {no_ip} with no recorded IP")
    print(f"boundary client IP == receiver-recorded IP: {matched}/{total}")
    print(f"{'method':<12} {'confidence':<10} {'result':<12} count")
    for (method, conf, verdict), n in sorted(rows.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{method:<12} {conf:<10} {verdict:<12} {n}")
    print("the walk alone (no A-R / Received-SPF anchor): " + ", ".join(f"{k} {v}" for k, v in walk_rows.most_common()))


if __name__ == "__main__":
    main()
