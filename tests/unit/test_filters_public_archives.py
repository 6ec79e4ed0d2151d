"""Filter headers of Barracuda, Google, Sophos and FortiMail as real mail servers wrote them.

The header fields below are machine-written stamps copied from messages in public mailing-list archives
(no body, no creative text; each block names the list message it comes from, as lore.kernel.org and
the lists' own archives publish it). `tests/fixtures/filters/` holds messages written to each vendor's
documented format; these check that the decoder also reads what the products write in the field, with
its folding, spacing and values, and that such stamps in a header block nobody inside our boundary
wrote are shown as the sender's claims.
"""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.ingest import load_bytes
from inspector.model.filters import FilterField, FilterVerdict
from inspector.model.report import Report

ENVELOPE = (
    "From: Someone <someone@example.org>\r\n"
    "To: list@example.net\r\n"
    "Subject: archived list message\r\n"
    "Date: Mon, 17 Jun 2024 19:27:38 +0200\r\n"
    "Message-ID: <archive-test@example.org>\r\n"
)

# linux-wireless, 17 Jun 2024, Message-ID <ZnByCrJlNQPnLYHe@x1.vandijck-laurijssen.be> (edpnet.be's Barracuda).
BARRACUDA = (
    "X-Barracuda-Connect: 77.109.96.193.adsl.dyn.edpnet.net[77.109.96.193]\r\n"
    "X-Barracuda-Start-Time: 1718645260\r\n"
    "X-Barracuda-URL: https://212.71.1.221:443/cgi-mod/mark.cgi\r\n"
    "X-Virus-Scanned: by bsmtpd at edpnet.be\r\n"
    "X-Barracuda-Scan-Msg-Size: 544\r\n"
    "X-Barracuda-BRTS-Status: 1\r\n"
    "X-Barracuda-Spam-Score: 0.00\r\n"
    "X-Barracuda-Spam-Status: No, SCORE=0.00 using global scores of TAG_LEVEL=1000.0 QUARANTINE_LEVEL=1000.0"
    " KILL_LEVEL=7.0 tests=\r\n"
    "X-Barracuda-Spam-Report: Code version 3.2, rules version 3.2.3.126378\r\n"
    "\tRule breakdown below\r\n"
    "\t pts rule name              description\r\n"
    "\t---- ---------------------- --------------------------------------------------\r\n"
)

# iommu (lists.linux-foundation.org), 7 Aug 2019, Message-ID <858b5409-d8ed-5ff1-2daf-3f6287fb5c8e@arista.com>:
# Google Workspace's routing stamps, written by the sender's own Google tenant.
GOOGLE = (
    "X-CLOUD-SEC-AV-Info: arista,google_mail,monitor\r\nX-CLOUD-SEC-AV-Sent: true\r\nX-Gm-Spam: 0\r\nX-Gm-Phishy: 0\r\n"
)

# qemu-devel (nongnu.org), 5 Mar 2021, Message-ID <20210305170045.869437-10-kbastian@mail.uni-paderborn.de>:
# Sophos PureMessage at uni-paderborn.de.
SOPHOS = (
    "X-PMX-Version: 6.4.9.2830568, Antispam-Engine: 2.7.2.2107409,\r\n"
    " Antispam-Data: 2021.3.5.165117, AntiVirus-Engine: 5.80.0,\r\n"
    " AntiVirus-Data: 2021.2.8.5800000\r\n"
    "X-Sophos-SenderHistory: ip=2a02:908:2214:e5bc::95d, fs=30601053, da=102572734,\r\n"
    " mc=545, sc=4, hc=541, sp=0, fso=30601053, re=0, sd=0, hd=0\r\n"
)

# linux-kernel, Baidu's FortiMail (internal.baidu.com) as archived on lore.kernel.org.
FORTIMAIL = (
    "X-FEAS-Client-IP: 172.31.51.16\r\n"
    "X-FE-Last-Public-Client-IP: 100.100.100.60\r\n"
    "X-FE-Policy-ID: 15:10:21:SYSTEM\r\n"
)


def _report(stamps: str) -> Report:
    return analyze(load_bytes((ENVELOPE + stamps + "\r\n").encode()))


def _of(report: Report, vendor: str, header: str) -> list[FilterField]:
    return [f for f in report.filters if f.vendor == vendor and f.header.lower() == header]


def test_barracuda_as_written_reads_score_levels_and_a_clean_verdict() -> None:
    report = _report(BARRACUDA)
    status = {f.field: f for f in _of(report, "Barracuda", "x-barracuda-spam-status")}
    assert status["spam"].value == "No" and status["spam"].verdict is not FilterVerdict.SPAM
    assert status["KILL_LEVEL"].value == "7.0" and status["KILL_LEVEL"].label == "Block level"
    assert status["TAG_LEVEL"].value == "1000.0"
    (score,) = _of(report, "Barracuda", "x-barracuda-spam-score")
    assert score.value == "0.00" and score.label == "Spam score"
    # The headers Barracuda writes that the table does not describe are kept raw, never dropped.
    assert _of(report, "Barracuda", "x-barracuda-brts-status")
    # No Received field of ours above them: the sender's side wrote them, so they are claims.
    assert report.filters and not any(f.trusted for f in report.filters if f.vendor == "Barracuda")
    assert not any(f.rule == "filter-verdict" for f in report.verdict.findings)


def test_google_routing_stamps_as_written_are_read_as_not_spam_not_phishing() -> None:
    report = _report(GOOGLE)
    (spam,) = _of(report, "Google Workspace", "x-gm-spam")
    (phishy,) = _of(report, "Google Workspace", "x-gm-phishy")
    assert spam.value == "0" and phishy.value == "0"
    assert phishy.verdict is not FilterVerdict.PHISHING and spam.verdict is not FilterVerdict.SPAM
    assert not spam.trusted and not phishy.trusted


def test_sophos_sender_history_is_kept_raw_under_sophos() -> None:
    report = _report(SOPHOS)
    fields = _of(report, "Sophos", "x-sophos-senderhistory")
    assert fields, "a Sophos stamp must never be dropped"
    text = " ".join(f"{f.field}={f.value}" for f in fields)
    assert "mc" in text and "545" in text
    assert not any(f.trusted for f in fields)


def test_fortimail_client_ip_and_policy_stamps() -> None:
    report = _report(FORTIMAIL)
    (client,) = _of(report, "Fortinet FortiMail", "x-feas-client-ip")
    assert client.value == "172.31.51.16" and client.label == "Connecting IP"
    (policy,) = _of(report, "Fortinet FortiMail", "x-fe-policy-id")
    assert policy.value == "15:10:21:SYSTEM" and policy.known
    (public,) = _of(report, "Fortinet FortiMail", "x-fe-last-public-client-ip")
    assert public.value == "100.100.100.60"
