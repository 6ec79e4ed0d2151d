"""Hostile messages built at the size a review measured, asserting what the chain stage concludes from them.

Each case once took tens of seconds (matching thousands of evaluated IPs against thousands of hops,
re-canonicalising a large body per signature, organisational-domain look-ups per artefact and hop). The
tests only check the results; how long they take is for `benchmarks/`.
"""

from __future__ import annotations

from inspector.chain import MAX_HOPS, analyze_chain
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings


def _ip(i: int) -> str:
    """A distinct public address per hop."""
    return f"45.{i // 250}.{i % 250}.9"


def test_thousands_of_evaluated_ips_anchor_on_the_one_hop_that_carries_one() -> None:
    # 5,000 Received written by the receiver's own hosts, 200 Authentication-Results of the receiver each
    # naming 60 addresses no hop carries; only the very last address names a hop, deep in the chain.
    n, target = 5000, 4321
    received = "".join(
        f"Received: from h{i}.ext{i}.example (h{i}.ext{i}.example [{_ip(i)}]) by mx{i}.corp.example with ESMTPS id "
        f"Q{i}; Mon, 1 Jan 2024 00:{i % 60:02d}:00 +0000\r\n"
        for i in range(n)
    )
    ars = "".join(
        "Authentication-Results: mx.corp.example; "
        + "; ".join(f"iprev=pass policy.iprev=10.{i}.{j}.1" for j in range(60))
        + (f"; iprev=pass policy.iprev={_ip(target)}" if i == 199 else "")
        + "\r\n"
        for i in range(200)
    )
    aar = f"ARC-Authentication-Results: i=1; mx.corp.example; spf=pass smtp.remote-ip={_ip(77)}\r\n"
    raw = (ars + aar + received + "From: x@a.example\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n").encode()
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    b = c.boundary
    assert b.method == "anchored" and b.evaluated_ip == _ip(target) and b.evaluated_ip_in_chain is True
    # The walk alone stops at the newest hop (public, unauthenticated): the two disagree.
    assert b.confidence == "medium"
    assert b.client_ip == _ip(target) and b.helo == f"h{target}.ext{target}.example"
    # The boundary is kept although it is far beyond the listed hops: it becomes the oldest one shown.
    assert c.truncated and len(c.hops) == MAX_HOPS and b.hop_index == 0 and c.hops[0].is_boundary
    assert b.hops_omitted == n - MAX_HOPS
    # The forwarder's ingress from the ARC-Authentication-Results: hop 77 counted from the newest, shown after
    # the boundary and hops 498 … 78 (oldest first).
    assert b.original_client_ip == _ip(77) and b.original_hop_index == 1 + (498 - 77)
    assert c.hops[b.original_hop_index].from_ip == _ip(77)
