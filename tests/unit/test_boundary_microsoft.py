"""Microsoft 365 delivery: the receiver's Authentication-Results has no authserv-id, and the tenant's
internal hops use public Microsoft addresses; the boundary must still be the hop the receiver judged."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.chain.artefacts import parse_auth_results
from inspector.ingest import load_bytes

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
