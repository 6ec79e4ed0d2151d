"""Microsoft's X-MS-Exchange-Authentication-Results is read as an Authentication-Results field, under the same
positional trust rules: the receiver's own result where it stands in the receiver's region, an earlier tenant's
(untrusted, never called forged: it has no authserv-id to claim) below it, as in every real message of the
corpora that carries it (phishing_pot sample-7550: an intermediate tenant's field below the final receiver's).
"""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes, load_file
from inspector.model.report import Level, ReasonWeight, Report
from inspector.settings import AnalysisSettings
from tests.support.corpora import PHISHING

XMS = "X-MS-Exchange-Authentication-Results"
RESULTS = (
    "spf=fail (sender IP is 198.51.100.7) smtp.mailfrom=bank-example.com; dkim=none (message not signed) "
    "header.d=none;dmarc=fail action=quarantine header.from=bank-example.com;compauth=fail reason=000"
)
MESSAGE = (
    "Received: from mail.sender-example.net (198.51.100.7) by BN8NAM11FT012.mail.protection.outlook.com "
    "(10.13.177.1) with Microsoft SMTP Server; Mon, 30 Nov 2026 10:00:00 +0000\r\n"
    "From: Bank <alerts@bank-example.com>\r\nTo: you@example.net\r\nSubject: Account notice\r\n"
    "Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <1@sender-example.net>\r\n\r\nHello.\r\n"
)


def _analyse(raw: str) -> Report:
    return analyze(load_bytes(raw.encode()), AnalysisSettings(), OfflineSource())


def _xms(report: Report) -> list:
    return [r for r in report.recorded if r.header.lower() == XMS.lower()]


def test_in_the_receivers_region_it_is_the_receivers_own_result() -> None:
    r = _analyse(f"{XMS}: {RESULTS}\r\n{MESSAGE}")
    records = _xms(r)
    assert {(x.method, x.result) for x in records} >= {("spf", "fail"), ("dmarc", "fail"), ("compauth", "fail")}
    assert all(x.trusted for x in records)
    dmarc = next(x for x in records if x.method == "dmarc")
    assert dmarc.policy == "quarantine"
    # The verdict reads it like the standard field: DMARC failing under quarantine, recorded on arrival.
    assert r.verdict.level is Level.DANGEROUS
    assert "recorded-dmarc-failure" in {f.rule for f in r.verdict.findings if f.level is ReasonWeight.DANGEROUS}


def test_same_verdict_as_the_standard_field() -> None:
    standard = _analyse(f"Authentication-Results: {RESULTS}\r\n{MESSAGE}")
    microsoft = _analyse(f"{XMS}: {RESULTS}\r\n{MESSAGE}")
    assert microsoft.verdict.level is standard.verdict.level
    assert [f.rule for f in microsoft.verdict.findings] == [f.rule for f in standard.verdict.findings]


def test_below_the_receiving_hop_it_is_an_earlier_tenants_and_not_trusted() -> None:
    # Among the fields the message came with (not in the run of trace fields right below the receiving hop).
    raw = MESSAGE.replace("From: Bank", f"MIME-Version: 1.0\r\n{XMS}: {RESULTS}\r\nFrom: Bank")
    r = _analyse(raw)
    assert _xms(r) and not any(x.trusted for x in _xms(r))
    assert not any(x.forged for x in _xms(r))
    assert "recorded-dmarc-failure" not in {f.rule for f in r.verdict.findings}


def test_the_topmost_field_is_the_receivers_whichever_form() -> None:
    # A standard field above: the Microsoft field below it is another (untrusted) writer's.
    raw = (
        "Authentication-Results: spf=pass (sender IP is 198.51.100.7) smtp.mailfrom=bank-example.com; "
        "dmarc=pass action=none header.from=bank-example.com\r\n"
        + MESSAGE.replace("From: Bank", f"MIME-Version: 1.0\r\n{XMS}: {RESULTS}\r\nFrom: Bank")
    )
    r = _analyse(raw)
    assert not any(x.trusted for x in _xms(r))
    assert r.verdict.level is Level.OK


def test_real_mail_intermediate_tenant_field_is_untrusted() -> None:
    path = PHISHING / "sample-7550.eml"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    r = analyze(load_file(path), AnalysisSettings(), OfflineSource())
    records = _xms(r)
    assert records and not any(x.trusted for x in records)
    # The final receiver's own standard field stays the trusted one.
    assert any(x.trusted and x.header == "Authentication-Results" for x in r.recorded)
