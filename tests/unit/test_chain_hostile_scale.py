"""Hostile messages built at the size a review measured, asserting what the chain stage concludes from them.

Each case once took tens of seconds (matching thousands of evaluated IPs against thousands of hops,
re-canonicalising a large body per signature, organisational-domain look-ups per artefact and hop). The
tests only check the results; how long they take is for `benchmarks/`.
"""

from __future__ import annotations

from inspector.chain import MAX_HOPS, analyze_chain
from inspector.chain.pipeline import HEAD_HOPS
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
    # The boundary is kept although it lies in the hidden middle: it is listed right after the oldest
    # HEAD_HOPS (the sender's end), taking the place of the innermost newest-side hop.
    assert c.truncated and len(c.hops) == MAX_HOPS and b.hop_index == HEAD_HOPS and c.hops[HEAD_HOPS].is_boundary
    assert b.hops_omitted == n - MAX_HOPS
    assert c.hops[0].from_ip == _ip(n - 1)  # the sender's first hop is listed
    assert c.hops[HEAD_HOPS].hidden_before == (n - HEAD_HOPS) - target - 1
    newest_kept = MAX_HOPS - HEAD_HOPS - 2  # newest-side hops 0 … 248 (249 gave its place to the boundary)
    assert c.hops[HEAD_HOPS + 1].hidden_before == target - newest_kept - 1
    assert sum(h.hidden_before for h in c.hops) == b.hops_omitted
    # The forwarder's ingress from the ARC-Authentication-Results: hop 77 counted from the newest, shown after
    # the boundary and hops 248 … 78 (oldest first).
    assert b.original_client_ip == _ip(77) and b.original_hop_index == HEAD_HOPS + 1 + (newest_kept - 77)
    assert c.hops[b.original_hop_index].from_ip == _ip(77)


def _bh(canonical: bytes) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(canonical).digest()).decode("ascii")


def test_large_body_under_many_signatures_gets_each_body_hash_right() -> None:
    # A 7 MB body (bare LF line ends, runs of spaces, trailing blanks) under six DKIM signatures and an ARC
    # set; the canonical forms are written out here by the RFC 6376 §3.4 rules, not asked of dkimpy.
    line = b"Hello world  line with trailing   "
    count = 200_000
    body = (line + b"\n") * count + b"\n\n"
    simple = (line + b"\r\n") * count  # CRLF line ends, trailing empty lines removed
    relaxed = b"Hello world line with trailing\r\n" * count  # inner runs to one space, line-end blanks gone
    sigs = {
        "rr.example": ("relaxed/relaxed", _bh(relaxed), ""),
        "ss.example": ("simple/simple", _bh(simple), ""),
        "rl.example": ("relaxed/relaxed", _bh(relaxed[:32]), " l=32;"),
        "bad.example": ("relaxed/relaxed", _bh(relaxed + b"x"), ""),
        "r.example": ("relaxed", _bh(simple), ""),  # c= without a body half: the body is simple
        "odd.example": ("relaxed/loose", _bh(relaxed), ""),
    }
    head = "".join(
        f"DKIM-Signature: v=1; a=rsa-sha256; c={c};{extra} d={d}; s=s; h=from; bh={bh}; b=AAAA\r\n"
        for d, (c, bh, extra) in sigs.items()
    )
    head += (
        "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/simple; d=arc.example; s=s; h=from; "
        f"bh={_bh(simple)}; b=AAAA\r\n"
    )
    head += "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=arc.example; s=s; b=AAAA\r\n"
    head += (
        "Received: from a.example (a.example [192.0.2.1]) by mx.example.org with ESMTP id 1; "
        "Mon, 1 Jan 2024 00:00:00 +0000\r\n"
    )
    raw = head.encode() + b"From: x@rr.example\r\nSubject: t\r\n\r\n" + body
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    placed = [a for h in c.hops for a in h.artefacts] + list(c.boundary.unplaced)
    states = {a.identity: a.body_hash for a in placed if a.kind in ("dkim-signature", "arc-set")}
    assert states == {
        "rr.example": "match",
        "ss.example": "match",
        "rl.example": "match",
        "bad.example": "mismatch",
        "r.example": "match",
        "odd.example": "malformed",
        "arc.example": "match",
    }


def test_hundreds_of_artefacts_on_a_long_chain_land_on_hops_of_their_organisation() -> None:
    # 3,000 Received through 50 relay organisations, 100 DKIM signatures (relay0 … relay99) and 100
    # Authentication-Results by relay hosts: every artefact is matched against every hop by organisation.
    n = 3000
    received = "".join(
        f"Received: from h{i}.relay{i % 50}.example (h{i}.relay{i % 50}.example [198.51.{i % 250}.{i % 200 + 1}]) "
        f"by h{i + 1}.relay{(i + 1) % 50}.example with ESMTPS id Q{i}; Mon, 1 Jan 2024 00:{i % 60:02d}:00 +0000\r\n"
        for i in reversed(range(n))
    )
    ars = "".join(
        f"Authentication-Results: h{i}.relay{i % 50}.example; spf=pass smtp.mailfrom=a.example\r\n" for i in range(100)
    )
    sigs = "".join(
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=relay{i}.example; s=s; h=from; bh=AAAA; b=BBBB; "
        "t=1704067200\r\n"
        for i in range(100)
    )
    raw = (ars + sigs + received + "From: x@a.example\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n").encode()
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    assert c.truncated and len(c.hops) == MAX_HOPS
    placed = [(h, a) for h in c.hops for a in h.artefacts]
    sigs_placed = sorted(a.identity for _, a in placed if a.kind == "dkim-signature")
    assert sigs_placed == sorted(f"relay{i}.example" for i in range(50))
    # relay50 … relay99 relay nothing: no hop belongs to their organisation.
    unplaced = [a for a in c.boundary.unplaced if a.kind == "dkim-signature"]
    assert sorted(a.identity for a in unplaced) == sorted(f"relay{i}.example" for i in range(50, 100))
    assert {a.placement for a in unplaced} == {"unplaced: no hop belongs to its organisation"}
    # Every result sits on a hop its own organisation wrote (h7.relay7.example on a hop by …relay7.example).
    results = [(h, a) for h, a in placed if a.kind == "authentication-results"]
    assert len(results) == 100
    assert all(h.org_domain == a.identity.split(".", 1)[1] for h, a in results)
    assert all(h.org_domain == a.identity for h, a in placed if a.kind == "dkim-signature")
