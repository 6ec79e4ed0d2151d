"""Synthetic hops (X-Originating-IP-style headers), Google's X-Received lines and glued Received fields."""

# ruff: noqa: E501 - Received lines are kept whole, as an MTA writes them, so they can be read against the asserts.

from __future__ import annotations

from inspector.chain import analyze_chain
from inspector.chain.received import parse_received, parse_received_field
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED

MX = "from mail.sender.example (mail.sender.example [198.51.100.7]) by mx.corp.example (Postfix) with ESMTPS id A1 for <u@corp.example>; Mon, 30 Nov 2026 04:00:10 +0000"
INNER = "from mx.corp.example (mx.corp.example [10.0.0.5]) by store.corp.example (Postfix) with LMTP id B2; Mon, 30 Nov 2026 04:00:12 +0000"


def _msg(*received: str, extra: str = "") -> bytes:
    head = "".join(f"Received: {r}\r\n" for r in received)
    return (head + extra + "From: a@sender.example\r\nSubject: t\r\n\r\nhello\r\n").encode()


def test_x_originating_ip_becomes_a_claimed_hop_at_the_origin_end() -> None:
    raw = _msg(INNER, MX, extra="X-Originating-IP: [192.0.2.44]\r\n")
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    first = c.hops[0]
    assert first.source == "synthetic_originating_ip" and first.kind == "synthetic"
    assert first.from_ip == "192.0.2.44" and first.source_header == "X-Originating-IP"
    assert first.raw == "X-Originating-IP: [192.0.2.44]"
    assert first.trust_zone == "external-claimed" and not first.is_boundary
    assert any("never the trust boundary" in w for w in first.warnings)
    # The Received hops follow in chain order, and the boundary is still the MX's receipt.
    assert [h.source for h in c.hops] == ["synthetic_originating_ip", "received", "received"]
    assert c.boundary.client_ip == "198.51.100.7" and c.boundary.hop_index == 1
    assert c.hops[1].is_boundary and c.boundary.received_count == 2


def test_a_synthetic_address_is_never_the_boundary_even_when_the_receiver_names_it() -> None:
    # The receiver says it evaluated 192.0.2.44, which only the X-Originating-IP header carries: no hop anchors.
    ar = "Authentication-Results: mx.corp.example; spf=pass (designates 192.0.2.44 as permitted sender) smtp.mailfrom=a@sender.example\r\n"
    c = analyze_chain(load_bytes(_msg(INNER, MX, extra=ar + "X-Originating-IP: 192.0.2.44\r\n")), AnalysisSettings())
    assert c.boundary.evaluated_ip_in_chain is False and c.boundary.client_ip == "198.51.100.7"
    assert not c.hops[0].is_boundary and c.hops[0].source == "synthetic_originating_ip"


def test_microsoft_crosstenant_header_gives_ip_and_helo_and_x_sender_ip_confirms_the_boundary() -> None:
    extra = (
        "X-Sender-IP: 198.51.100.7\r\n"
        "X-MS-Exchange-CrossTenant-OriginalAttributedTenantConnectingIp: TenantId=3b7b87eb-82f5-4be9-a6cb-3dda524ffa07;Ip=[46.175.146.98];Helo=[fgdjdyh.onmicrosoft.com]\r\n"
    )
    c = analyze_chain(load_bytes(_msg(INNER, MX, extra=extra)), AnalysisSettings())
    synthetic = [h for h in c.hops if h.source == "synthetic_originating_ip"]
    assert [(h.from_ip, h.from_helo) for h in synthetic] == [("46.175.146.98", "fgdjdyh.onmicrosoft.com")]
    assert any("sending tenant" in w for w in synthetic[0].warnings)
    # X-Sender-IP repeats the boundary address: no second hop, a note on the boundary hop instead.
    boundary = c.hops[c.boundary.hop_index or 0]
    assert boundary.from_ip == "198.51.100.7"
    assert any(a.startswith("X-Sender-IP names this address too") for a in boundary.annotations)


def test_headers_without_an_address_make_no_hop() -> None:
    c = analyze_chain(load_bytes(_msg(MX, extra="X-Originating-IP: unknown\r\nX-Sender-IP: \r\n")), AnalysisSettings())
    assert [h.source for h in c.hops] == ["received"]


def test_google_x_received_lines_are_internal_provider_hops_on_the_timeline() -> None:
    c = analyze_chain(
        load_bytes((SHARED / "corpora" / "real-chains" / "mailbits-twine_release.eml").read_bytes()), AnalysisSettings()
    )
    xr = [h for h in c.hops if h.source == "x_received"]
    # The file has two: "by 2002:a17:906:878d::" (28 Dec 07:07:19 -0800) and "by 2002:a17:907:2108::" (24 Dec 03:12:10 -0800).
    assert sorted(h.by_host or "" for h in xr) == ["2002:a17:906:878d::", "2002:a17:907:2108::"]
    assert {h.kind for h in xr} == {"internal_provider"}
    assert sorted(h.timestamp or "" for h in xr) == ["2020-12-24T11:12:10Z", "2020-12-28T15:07:19Z"]
    # They never carry the boundary, and they are no continuity break for the hop after them.
    assert c.boundary.client_ip == "188.166.95.178" and all(not h.is_boundary for h in xr)
    assert not any("continuity" in w for h in c.hops for w in h.warnings)
    assert c.boundary.received_count == 7  # Received fields only


def test_other_x_received_shapes_are_ignored() -> None:
    xr = "X-Received: from relay.example.net ([192.0.2.9]) by mx.example.net; Mon, 30 Nov 2026 04:00:00 +0000\r\n"
    c = analyze_chain(load_bytes(_msg(MX, extra=xr)), AnalysisSettings())
    assert [h.source for h in c.hops] == ["received"]


GLUED = (
    "from a.example (a.example [192.0.2.1]) by b.example with ESMTP id X; Mon, 1 Jan 2024 10:00:02 +0000 "
    "Received: from c.example (c.example [192.0.2.3]) by a.example with SMTP id Y; Mon, 1 Jan 2024 10:00:00 +0000"
)


def test_glued_received_fields_are_split_newest_first() -> None:
    hops = parse_received_field(GLUED, 4)
    assert [(h.from_ip, h.by_host, h.queue_id) for h in hops] == [
        ("192.0.2.1", "b.example", "X"),
        ("192.0.2.3", "a.example", "Y"),
    ]
    assert [h.when.isoformat() if h.when else None for h in hops] == [
        "2024-01-01T10:00:02+00:00",
        "2024-01-01T10:00:00+00:00",
    ]
    assert all(h.header_index == 4 and any("glued" in w for w in h.warnings) for h in hops)
    assert hops[1].raw.startswith("from c.example")
    # Without the "Received:" word: a date directly followed by a second "from … by …".
    bare = GLUED.replace("Received: ", "")
    assert [h.from_ip for h in parse_received_field(bare)] == ["192.0.2.1", "192.0.2.3"]


def test_glued_fields_in_a_message_become_two_hops_in_chain_order() -> None:
    c = analyze_chain(load_bytes(_msg(GLUED)), AnalysisSettings())
    assert [h.from_ip for h in c.hops] == ["192.0.2.3", "192.0.2.1"]
    assert c.hops[1].delay_seconds == 2
    assert not any("continuity" in w for h in c.hops for w in h.warnings)  # c → a, then a → b


def test_unsafe_glue_stays_one_hop_with_a_warning() -> None:
    hops = parse_received_field(
        "from a.example ([192.0.2.1]) by b.example; Mon, 1 Jan 2024 10:00:02 +0000 Received: junk"
    )
    assert len(hops) == 1 and hops[0].from_ip == "192.0.2.1"
    assert any("glued together" in w and "shown as one" in w for w in hops[0].warnings)


def test_ordinary_fields_are_not_taken_for_glued_ones() -> None:
    # "from" inside comments, a for-clause after the date (Courier), an XMail "for <x> from <y>".
    for value in (
        "from a.example (from b.example [192.0.2.5]) by c.example with ESMTP id 1; Mon, 1 Jan 2024 10:00:00 +0000",
        "from a.example ([192.0.2.5]) by c.example; Thu, 10 Nov 2005 08:24:21 -0600 id 000000DB",
        "from a.example ([192.0.2.5]) by c.example with SMTP for <x@c.example> from <y@a.example>; Mon, 1 Jan 2024 10:00:00 +0000",
    ):
        assert parse_received(value).glue_at is None, value
        assert len(parse_received_field(value)) == 1


def test_a_field_of_many_glued_parts_is_cut_into_at_most_the_cap() -> None:
    from inspector.chain.received import MAX_GLUED_PARTS

    part = "from a{i}.example ([192.0.2.{i}]) by b{i}.example with ESMTP id X{i}; Mon, 1 Jan 2024 10:00:{i:02d} +0000 "
    hops = parse_received_field("".join(part.format(i=i) for i in range(20)))
    assert len(hops) == MAX_GLUED_PARTS
    assert [h.from_ip for h in hops[:3]] == ["192.0.2.0", "192.0.2.1", "192.0.2.2"]
    # The last part keeps the unsplit rest (parts 8 to 20), read as one field with duplicate clauses.
    assert hops[-1].from_ip == f"192.0.2.{MAX_GLUED_PARTS - 1}" and "duplicate 'from' clause" in hops[-1].warnings
