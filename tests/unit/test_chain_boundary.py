"""Trust boundary, delays, skew attribution, placement and hostile input on small hand-written chains."""

# ruff: noqa: E501 - Received lines are kept whole, as an MTA writes them, so they can be read against the asserts.

from __future__ import annotations

from inspector.chain import MAX_HOPS, analyze_chain
from inspector.chain.timeline import classify
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings


def _msg(*received: str, extra: str = "", body: str = "hello\r\n") -> bytes:
    head = "".join(f"Received: {r}\r\n" for r in received)
    return (head + extra + "From: a@example.com\r\nSubject: t\r\n\r\n" + body).encode()


MX = "from mail.sender.example (mail.sender.example [198.51.100.7]) by mx.corp.example (Postfix) with ESMTPS id A1 for <u@corp.example>; Mon, 30 Nov 2026 04:00:10 +0000"
INNER = "from mx.corp.example (mx.corp.example [10.0.0.5]) by store.corp.example (Postfix) with LMTP id B2; Mon, 30 Nov 2026 04:00:12 +0000"
SUBMIT = "from [192.0.2.44] (unknown [192.0.2.44]) (Authenticated sender: a@sender.example) by mail.sender.example (Postfix) with ESMTPSA id C3; Mon, 30 Nov 2026 04:00:01 +0000"


def test_inferred_boundary_skips_private_and_lmtp_hops() -> None:
    c = analyze_chain(load_bytes(_msg(INNER, MX, SUBMIT)), AnalysisSettings())
    b = c.boundary
    assert b.client_ip == "198.51.100.7" and b.helo == "mail.sender.example" and b.method == "inferred"
    assert [h.trust_zone for h in c.hops] == ["external-claimed", "boundary", "internal"]
    assert b.header_index == 1 and b.hop_index == 1
    assert c.hops[0].auth == "Authenticated sender: a@sender.example"
    assert c.hops[1].delay_seconds == 9 and c.hops[2].delay_seconds == 2
    assert b.seconds_before_boundary == 9 and b.seconds_after_boundary == 2 and b.total_seconds == 11


def test_trusted_network_setting_moves_the_boundary() -> None:
    # Without settings the public relay 203.0.113.9 would be the boundary; trusting it moves it down.
    relay = "from relay.isp.example (relay.isp.example [203.0.113.9]) by gw.corp.example with ESMTP id R; Mon, 30 Nov 2026 04:00:11 +0000"
    raw = _msg(relay, MX, SUBMIT)
    assert analyze_chain(load_bytes(raw), AnalysisSettings()).boundary.client_ip == "203.0.113.9"
    c = analyze_chain(load_bytes(raw), AnalysisSettings(trusted_networks=("203.0.113.0/24",)))
    assert c.boundary.client_ip == "198.51.100.7" and c.boundary.method == "settings"


def test_own_domain_rdns_counts_as_internal() -> None:
    relay = "from gw.corp.example (gw.corp.example [203.0.113.9]) by mx2.corp.example with ESMTP id R; Mon, 30 Nov 2026 04:00:11 +0000"
    c = analyze_chain(load_bytes(_msg(relay, MX)), AnalysisSettings(own_domains=("corp.example",)))
    assert c.boundary.client_ip == "198.51.100.7"


def test_anchor_ip_from_received_spf_and_missing_anchor() -> None:
    spf = "Received-SPF: pass (corp.example: domain of a@sender.example designates 198.51.100.7 as permitted sender) client-ip=198.51.100.7;\r\n"
    c = analyze_chain(load_bytes(_msg(INNER, MX, extra=spf)), AnalysisSettings())
    assert c.boundary.method == "anchored" and c.boundary.confidence == "high"
    assert c.boundary.evaluated_ip_in_chain is True
    ar = "Authentication-Results: mx.corp.example; spf=pass (designates 192.0.2.200 as permitted sender) smtp.mailfrom=a@x.example\r\n"
    c = analyze_chain(load_bytes(_msg(INNER, MX, extra=ar)), AnalysisSettings())
    assert c.boundary.evaluated_ip == "192.0.2.200" and c.boundary.evaluated_ip_in_chain is False
    assert any("no Received hop carries that IP" in w for w in c.warnings)
    assert c.boundary.client_ip == "198.51.100.7" and c.boundary.confidence == "low"


def test_private_ip_behind_a_scrubbing_proxy_moves_the_boundary_down() -> None:
    proxy = "from imr.prolexic.example (unknown [10.2.2.254]) by smtp.aaa.example (Postfix) with ESMTP id P; Thu,  3 Dec 2009 10:50:44 -0800 (PST)"
    edge = "from out.sender.example (out.sender.example [198.51.100.30]) by imr.prolexic.example with ESMTP id Q; Thu,  3 Dec 2009 10:50:23 -0800 (PST)"
    c = analyze_chain(load_bytes(_msg(proxy, edge)), AnalysisSettings())
    assert c.boundary.client_ip == "198.51.100.30"


def test_originating_chain_has_no_inbound_boundary() -> None:
    c = analyze_chain(load_bytes(_msg(SUBMIT)), AnalysisSettings())
    assert c.boundary.hop_index is None and c.boundary.method == "originating"
    assert c.boundary.client_ip is None


def test_isolated_host_clock_ahead_is_attributed_to_that_host() -> None:
    # mikel/mail empty_group_lists shape: 10:50:23 -> 12:08:32 -> 10:50:44 (PST): the middle host is ~78 min ahead.
    a = "from a.example (a.example [198.51.100.1]) by b.example with ESMTP id 1; Thu,  3 Dec 2009 10:50:23 -0800"
    m = "from b.example (b.example [198.51.100.2]) by c.example with ESMTP id 2; Thu,  3 Dec 2009 12:08:32 -0800"
    z = "from c.example (c.example [198.51.100.3]) by d.example with ESMTP id 3; Thu,  3 Dec 2009 10:50:44 -0800"
    c = analyze_chain(load_bytes(_msg(z, m, a)), AnalysisSettings())
    assert [h.skew_seconds is not None for h in c.hops] == [False, True, False]
    assert c.hops[1].skew_seconds == (12 * 3600 + 8 * 60 + 32) - (10 * 3600 + 50 * 60 + 44)
    assert c.hops[2].delay_seconds == -(77 * 60 + 48) and c.hops[2].delay_state == "major_skew"


def test_same_instant_in_two_zones_and_timezone_label_error() -> None:
    edge = "from x.example (x.example [198.51.100.9]) by store.example with ESMTP id 1; Thu, 27 Mar 2014 18:28:13 -0400"
    hub = "from store.example (172.29.1.1) by hub.example (172.29.1.2) with Microsoft SMTP Server (TLS) id 15.0.775.38; Thu, 27 Mar 2014 17:28:13 -0500"
    c = analyze_chain(load_bytes(_msg(hub, edge)), AnalysisSettings())
    assert c.hops[1].delay_seconds == 0 and c.hops[1].delay_state == "same_second"
    assert classify(-(3600 + 2 * 60)) == "timezone_label_error"
    assert classify(-200) == "minor_skew" and classify(330) == "delay" and classify(5 * 86400) == "major_delay"


def test_greylisting_annotation() -> None:
    a = "from a.example (a.example [198.51.100.1]) by mx.example with ESMTP id 1; Tue, 22 Aug 2023 07:35:42 +0000"
    b = "from mx.example (mx.example [10.1.1.1]) by in.example with ESMTP id 2; Tue, 22 Aug 2023 07:41:11 +0000"
    c = analyze_chain(
        load_bytes(_msg(b, a, extra="X-Greylist: delayed 329 seconds by postgrey-1.36 at x\r\n")), AnalysisSettings()
    )
    assert c.hops[1].delay_seconds == 329
    assert any("greylisting" in n for n in c.hops[1].annotations)


def test_subject_tag_breaks_a_signature_that_covered_subject() -> None:
    sig = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=sender.example; s=s; h=from:subject; bh=AAAA; b=BBBB\r\n"
    list_hop = "from mail.sender.example (mail.sender.example [198.51.100.7]) by lists.list.example with ESMTP id L; Mon, 30 Nov 2026 04:00:05 +0000"
    out = "from lists.list.example (lists.list.example [192.0.2.77]) by mx.corp.example with ESMTP id M; Mon, 30 Nov 2026 04:00:09 +0000"
    origin = "by mail.sender.example with SMTP id O; Mon, 30 Nov 2026 04:00:01 +0000"
    raw = (
        f"Received: {out}\r\nReceived: {list_hop}\r\nReceived: {origin}\r\n{sig}"
        "List-Id: <t.list.example>\r\nSubject: [t] hello\r\nFrom: a@sender.example\r\n\r\nhi\r\n"
    ).encode()
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    tagged = [b for b in c.breaks if b.what == "subject tagged"]
    assert tagged and '"[t]"' in tagged[0].evidence and tagged[0].suspects == ("lists.list.example",)
    art = c.hops[0].artefacts[0]
    assert art.identity == "sender.example" and art.body_hash == "mismatch"


def test_l_tag_is_honoured_and_flagged() -> None:
    import base64
    import hashlib

    body = b"signed part\r\n"
    bh = base64.b64encode(hashlib.sha256(body).digest()).decode()
    sig = f"DKIM-Signature: v=1; a=rsa-sha256; c=simple/simple; d=sender.example; s=s; l={len(body)}; h=from; bh={bh}; b=x\r\n"
    origin = "by mail.sender.example with SMTP id O; Mon, 30 Nov 2026 04:00:01 +0000"
    raw = f"Received: {origin}\r\n{sig}From: a@sender.example\r\n\r\n".encode() + body + b"-- appended footer\r\n"
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    art = c.hops[0].artefacts[0]
    assert art.body_hash == "match" and art.body_length_limit == len(body) and "not signed" in art.detail


def test_hostile_inputs_are_bounded_and_never_raise() -> None:
    many = _msg(
        *[
            f"from h{i}.example (h{i}.example [198.51.100.{i % 250}]) by h{i + 1}.example with ESMTP id {i}; Mon, 30 Nov 2026 04:00:00 +0000"
            for i in range(3000)
        ]
    )
    c = analyze_chain(load_bytes(many), AnalysisSettings())
    assert c.truncated and c.boundary.truncated and len(c.hops) == MAX_HOPS
    assert c.boundary.received_count == 3000 and c.boundary.hops_omitted == 3000 - MAX_HOPS
    assert c.boundary.client_ip == "198.51.100.0" and c.hops[c.boundary.hop_index or 0].is_boundary
    assert [h.index for h in c.hops] == list(range(MAX_HOPS))
    for field in (
        "from " + "a" * 100_000 + " by x; Mon, 30 Nov 2026 04:00:00 +0000",
        "from x " + "(" * 10_000 + "y" + ")" * 10_000 + " by z; Mon, 30 Nov 2026 04:00:00 +0000",
        "from x " + "(" * 10_000 + " by z",
        'from [[[[<<<""" by ]]]>>> ' + '[<"' * 5000,
        "from by with id for via " * 3000,
        ")" * 20_000,
        "from a\\",
    ):
        c = analyze_chain(load_bytes(_msg(field)), AnalysisSettings())
        assert c.analysed and len(c.hops) == 1
    from inspector.chain.received import parse_received

    h = parse_received("from a\x00b (c [1.2.3.4\x00]) by \x00d; Mon, 30 Nov 2026 04:00:00 +0000")
    assert h.from_ip == "1.2.3.4" and h.by_host == "d" and "control characters (NUL …) removed" in h.warnings


def test_message_without_received_fields() -> None:
    c = analyze_chain(load_bytes(b"From: a@example.com\r\n\r\nx\r\n"), AnalysisSettings())
    assert c.analysed and c.hops == () and c.boundary.hop_index is None and c.delivery_time is None


def test_trusted_networks_skip_malformed_entries_and_match_either_family() -> None:
    from inspector.chain.ipaddr import in_networks

    nets = ("not a network", " 203.0.113.0/24 ", "2603:1000::/24", "10.0.0.300/8")
    assert in_networks("203.0.113.9", nets) and in_networks("2603:10b6::1", nets)
    assert not in_networks("10.1.2.3", nets) and not in_networks("198.51.100.7", nets)
    assert not in_networks("not an ip", nets) and not in_networks("203.0.113.9", ())
    # The same setting on every hop of a chain: a relay in the trusted range moves the boundary below it.
    relay = "from relay.isp.example (relay.isp.example [203.0.113.9]) by gw.corp.example with ESMTP id R; Mon, 30 Nov 2026 04:00:11 +0000"
    c = analyze_chain(load_bytes(_msg(relay, relay, MX, SUBMIT)), AnalysisSettings(trusted_networks=nets))
    assert c.boundary.client_ip == "198.51.100.7" and c.boundary.method == "settings"


def test_identical_claimed_timestamps_count_organisations_by_the_public_suffix_list() -> None:
    # Three claimed hops below the boundary, all stamped 03:00:00. Under a multi-label suffix each
    # x.co.uk is its own organisation (three of them: a generated-looking chain); three hosts of one
    # organisation stamping the same second are just one busy site.
    def chain(hosts: list[str]) -> list[str]:
        claimed = [
            f"from h{k}.sender.example (h{k}.sender.example [192.0.2.{k + 1}]) by {host} with SMTP id C{k}; Mon, 30 Nov 2026 03:00:00 +0000"
            for k, host in enumerate(hosts)
        ]
        return [MX, *claimed]

    warning = "several claimed hops carry the identical timestamp (typical of generated chains)"
    c = analyze_chain(load_bytes(_msg(*chain(["mx.foo.co.uk", "mx.bar.co.uk", "mx.baz.co.uk"]))), AnalysisSettings())
    assert c.boundary.hop_index == 3 and warning in c.warnings
    c = analyze_chain(load_bytes(_msg(*chain(["a.foo.example", "b.foo.example", "c.foo.example"]))), AnalysisSettings())
    assert c.boundary.hop_index == 3 and warning not in c.warnings


def test_list_admd_from_list_id_list_post_or_x_beenthere() -> None:
    from inspector.chain.pipeline import _list_admd

    def admd_of(headers: str) -> str | None:
        return _list_admd(load_bytes((headers + "From: a@example.com\r\n\r\nx\r\n").encode()))

    assert admd_of("List-Id: FreeBSD current <freebsd-current.freebsd.org>\r\n") == "freebsd.org"
    # An empty List-Id says nothing; List-Post names the list's host (the mailto URL, not the web one).
    post = "List-Post: <https://lists.example.net/post>, <mailto:users@lists.example.net>\r\n"
    assert admd_of("List-Id: <>\r\n" + post) == "example.net"
    assert admd_of("List-Post: NO\r\nX-BeenThere: dev@mail.python.org\r\n") == "python.org"
    assert admd_of("List-Post: NO\r\n") is None and admd_of("") is None
