"""Prints how long parsing 3,000 Received fields takes (and per field), plus a whole chain analysis.

The address caches of `inspector.chain.ipaddr` are emptied before every timed run, so a "best of 3" never
profits from the previous run; the shapes repeat 250 addresses (as a mail loop does), and a second set with
3,000 distinct addresses shows the cost without that repetition. Building the Public Suffix List is a
once-per-process cost (the GUI warms it at start-up); it is timed and printed on its own.

Run: .venv/bin/python benchmarks/bench_received.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inspector.chain import analyze_chain
from inspector.chain import orgdomain as chain_org
from inspector.chain.ipaddr import find_ip, scope
from inspector.chain.orgdomain import org_domain
from inspector.chain.received import parse_received
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings

N = 3000
SHAPES = (
    "from h{i}.example.net (h{i}.example.net [203.0.113.{o}])\r\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384"
    " (256/256 bits))\r\n\tby mx{i}.example.org (Postfix) with ESMTPS id 4D{i}X\r\n\tfor <a@example.org>;"
    " Mon, 30 Nov 2026 04:{m:02d}:{s:02d} +0000 (UTC)",
    "from relay{i}.example.com ([198.51.100.{o}]:4{o} helo=relay{i}) by mx.example.org with esmtps"
    " (TLS1.3:TLS_AES_256_GCM_SHA384:256) (Exim 4.96) (envelope-from <b@example.com>) id 1q{i}-00; Mon, 30 Nov 2026"
    " 04:{m:02d}:{s:02d} +0100",
    "from HOST{i}.eurprd01.prod.outlook.com (2603:10a6:20b:{o}::12) by HOST{i}.eurprd02.prod.outlook.com"
    " (2603:10a6:20b:{o}::13) with Microsoft SMTP Server (version=TLS1_2,\r\n"
    " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)"
    " id 15.20.7{i}.1; Mon, 30 Nov 2026 04:{m:02d}:{s:02d} +0000",
)


def fields(distinct: bool = False) -> list[str]:
    """3,000 realistic Received values in three MTA shapes (250 addresses, or one per field)."""
    out = []
    for i in range(N):
        v = SHAPES[i % 3].format(i=i, o=i % 250, m=(i // 60) % 60, s=i % 60)
        if distinct:  # a distinct third octet / hextet per field
            v = v.replace("203.0.113.", f"203.{i // 250}.113.").replace("198.51.100.", f"198.{i // 250}.100.")
            v = v.replace("2603:10a6:20b:", f"2603:10a6:{i:x}:")
        out.append(v)
    return out


def _clear() -> None:
    """Empty the parser's and the organisational-domain memo tables, so each timed run starts cold."""
    find_ip.cache_clear()
    scope.cache_clear()
    chain_org.org_domain.cache_clear()
    chain_org.admd.cache_clear()


def _parse_best(values: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        _clear()
        t0 = time.perf_counter()
        for n, v in enumerate(values):
            parse_received(v, n)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parse_received(fields()[0])  # warm imports
    t0 = time.perf_counter()
    org_domain("example.org")
    print(f"building the Public Suffix List (once per process): {(time.perf_counter() - t0) * 1000:.1f} ms")
    for distinct in (False, True):
        values = fields(distinct)
        label = "distinct addresses" if distinct else "250 repeated addresses"
        best = _parse_best(values)
        print(
            f"parse {N} Received fields ({label}): {best * 1000:.1f} ms (best of 3), {best / N * 1e6:.1f} µs per field"
        )
        raw = "".join(f"Received: {v}\r\n" for v in values).encode() + b"From: a@example.com\r\n\r\nbody\r\n"
        msg = load_bytes(raw)
        best = float("inf")
        for _ in range(3):
            _clear()
            t0 = time.perf_counter()
            chain = analyze_chain(msg, AnalysisSettings())
            best = min(best, time.perf_counter() - t0)
        print(
            f"analyze_chain on a {N}-Received message ({label}): {best * 1000:.1f} ms (best of 3; "
            f"{len(chain.hops)} hops listed, truncated={chain.truncated}, boundary hop {chain.boundary.hop_index})"
        )


if __name__ == "__main__":
    main()
