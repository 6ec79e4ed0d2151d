"""Microsoft 365 delivery: the receiver's Authentication-Results has no authserv-id, and the tenant's
internal hops use public Microsoft addresses; the boundary must still be the hop the receiver judged."""

# ruff: noqa: E501 - Received lines are kept whole, as an MTA writes them, so they can be read against the asserts.

from __future__ import annotations

from inspector.analyze import analyze
from inspector.chain import ChainAnalysis, analyze_chain
from inspector.chain.artefacts import parse_auth_results
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings

O365 = (
    "Received: from MW4PR19MB1111.namprd19.prod.outlook.com (::1) by\r\n"
    " MW4PR19MB2222.namprd19.prod.outlook.com with HTTPS; Mon, 30 Nov 2026 08:00:03 +0000\r\n"
    "Received: from BN9PR03CA0001.namprd03.prod.outlook.com (2603:10b6:408:fe::11)\r\n"
    " by MW4PR19MB1111.namprd19.prod.outlook.com (2603:10b6:303:2a::27) with Microsoft SMTP Server\r\n"
    " (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1.1; Mon, 30 Nov 2026\r\n"
    " 08:00:02 +0000\r\n"
    "Received: from BN8NAM04FT011.eop-NAM04.prod.protection.outlook.com\r\n"
    " (2603:10b6:408:fe:cafe::5) by BN9PR03CA0001.outlook.office365.com\r\n"
    " (2603:10b6:408:fe::11) with Microsoft SMTP Server (version=TLS1_2,\r\n"
    " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.1.2 via Frontend Transport; Mon, 30 Nov 2026\r\n"
    " 08:00:02 +0000\r\n"
    "Authentication-Results: spf=fail (sender IP is 198.51.100.77)\r\n"
    " smtp.mailfrom=billing-example.net; dkim=none (message not signed)\r\n"
    " header.d=none;dmarc=fail action=oreject header.from=example.com;compauth=fail\r\n"
    " reason=000\r\n"
    "Received-SPF: Fail (protection.outlook.com: domain of billing-example.net does not\r\n"
    " designate 198.51.100.77 as permitted sender) receiver=protection.outlook.com;\r\n"
    " client-ip=198.51.100.77; helo=mail.billing-example.net;\r\n"
    "Received: from mail.billing-example.net (198.51.100.77) by\r\n"
    " BN8NAM04FT011.mail.protection.outlook.com (10.13.160.20) with Microsoft SMTP\r\n"
    " Server id 15.20.1.3 via Frontend Transport; Mon, 30 Nov 2026 08:00:01 +0000\r\n"
    "From: Example Billing <billing@example.com>\r\n"
    "To: someone@tenant.example\r\n"
    "Subject: Invoice\r\n"
    "Return-Path: bounce@billing-example.net\r\n"
    "\r\n"
    "Please pay.\r\n"
)


def test_microsoft_form_has_no_authserv_id() -> None:
    ar = parse_auth_results("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=a.example; dkim=none", 0)
    assert ar.authserv_id is None
    assert [r.method for r in ar.results] == ["spf", "dkim"]
    assert ar.evaluated_ips() == ["192.0.2.1"]


def test_boundary_is_the_hop_microsoft_judged() -> None:
    report = analyze(load_bytes(O365.encode()))
    assert report.boundary.client_ip == "198.51.100.77"
    assert report.boundary.helo == "mail.billing-example.net"
    boundary_hops = [h for h in report.hops if h.is_boundary]
    assert [h.from_ip for h in boundary_hops] == ["198.51.100.77"]
    assert report.spf.client_ip == "198.51.100.77"
    assert any(r.method == "dmarc" and r.result == "fail" and r.trusted for r in report.recorded)


def test_idless_results_below_the_receiver_are_not_trusted() -> None:
    """A field without an id that came with the message (below every receiver hop) anchors nothing."""
    forged = O365.replace(
        "From: Example Billing",
        "Authentication-Results: spf=pass (sender IP is 192.0.2.99) smtp.mailfrom=example.com\r\nFrom: Example Billing",
    )
    report = analyze(load_bytes(forged.encode()))
    assert report.boundary.client_ip == "198.51.100.77"


def _chain(text: str) -> ChainAnalysis:
    return analyze_chain(load_bytes(text.encode()), AnalysisSettings())


def test_walk_alone_crosses_the_tenant_hops_and_agrees_with_the_anchor() -> None:
    anchored = _chain(O365).boundary
    assert anchored.method == "anchored" and anchored.confidence == "high"
    assert any("the private/authenticated-hop inference picks the same hop" in e for e in anchored.evidence)
    # Without the receiver's A-R and Received-SPF, the walk alone finds the same hop, by the
    # provider-internal rule: HELO and by-host in microsoft.com, client and receiving host on one /32.
    bare = O365.split("Authentication-Results:")[0] + "Received:" + O365.split("\r\nReceived:")[-1]
    inferred = _chain(bare).boundary
    assert inferred.method == "inferred" and inferred.client_ip == "198.51.100.77"
    assert any("provider-internal hop" in e and "share a /32" in e for e in inferred.evidence)
    # A hop from a European server (2603:10a6) to an American mailbox server (2603:10b6) shares no /32,
    # but both addresses lie in Microsoft's internal range.
    cross = bare.replace(
        "BN9PR03CA0001.namprd03.prod.outlook.com (2603:10b6:408:fe::11)",
        "BN9PR03CA0001.namprd03.prod.outlook.com (2603:10a6:408:fe::11)",
    )
    assert cross != bare
    inferred = _chain(cross).boundary
    assert inferred.client_ip == "198.51.100.77"
    assert any("provider-internal hop" in e and "2603:1000::/24" in e for e in inferred.evidence)


def test_a_forged_microsoft_helo_at_the_edge_stays_the_boundary() -> None:
    # The edge hop says the client called itself a prod.outlook.com server; its address is the sender's own
    # and the frontend recorded a private address for itself, so nothing the receiver wrote ties them.
    forged = O365.replace(
        "from mail.billing-example.net (198.51.100.77)", "from SN4PR22MB3207.namprd22.prod.outlook.com (198.51.100.77)"
    )
    assert (
        _chain(
            forged.split("Authentication-Results:")[0] + "Received:" + forged.split("\r\nReceived:")[-1]
        ).boundary.client_ip
        == "198.51.100.77"
    )


def test_a_forged_helo_from_the_providers_cloud_range_stays_the_boundary() -> None:
    # Even an address inside Microsoft's range (an Azure-hosted sender) does not make the edge hop internal:
    # the receiving frontend's own address (10.13.160.20) is private, not in the provider's range.
    edge = (
        "Received: from SN4PR22MB3207.namprd22.prod.outlook.com (2603:1030:401:9::4) by\r\n"
        " BN8NAM04FT011.mail.protection.outlook.com (10.13.160.20) with Microsoft SMTP\r\n"
        " Server id 15.20.1.3 via Frontend Transport; Mon, 30 Nov 2026 08:00:01 +0000\r\n"
    )
    head = O365.split("Authentication-Results:")[0]
    c = _chain(head + edge + "From: a@example.com\r\n\r\nx\r\n")
    assert c.boundary.client_ip == "2603:1030:401:9::4" and c.boundary.method == "inferred"


def test_same_network_rule_needs_the_receivers_own_address() -> None:
    inner = "Received: from gw.corp.example (81.169.145.5) by store.corp.example (81.169.145.9) with ESMTP id S; Mon, 30 Nov 2026 08:00:03 +0000\r\n"
    edge = "Received: from mail.sender.example (198.51.100.7) by gw.corp.example (81.169.145.5) with ESMTP id G; Mon, 30 Nov 2026 08:00:01 +0000\r\n"
    tail = "From: a@example.com\r\n\r\nx\r\n"
    c = _chain(inner + edge + tail)
    assert c.boundary.client_ip == "198.51.100.7"
    assert any("share a /24" in e for e in c.boundary.evidence)
    # Without the by-IP the receiver wrote about itself, the HELO alone proves nothing: the walk stops there.
    c = _chain(inner.replace(" (81.169.145.9)", "") + edge + tail)
    assert c.boundary.client_ip == "81.169.145.5"
    # A HELO outside the receiving organisation is not internal even on the same /24.
    c = _chain(inner.replace("from gw.corp.example", "from gw.other.example") + edge + tail)
    assert c.boundary.client_ip == "81.169.145.5"
