"""A receiver whose SPF check evaluated an address of the analyst's own networks judged the organisation's own
relay, not the sender: a gateway in front of Microsoft 365 whose connector does not skip it (legit false alarm
class of legit-dev sjm__8.msg: Gmail -> the organisation's gateway -> Microsoft 365, which records SPF
soft-fail and DMARC fail "sender IP is <the gateway>"). With the gateway's network configured, as the analyst of
that organisation would, those results are not evidence about the sender; without it nothing changes.
"""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.report import Level, Report
from inspector.settings import AnalysisSettings

GATEWAY = "198.51.100.20"
MESSAGE = (
    "Authentication-Results: spf=softfail (sender IP is {ip}) smtp.mailfrom=gmail.com; dkim={dkim} "
    "header.d={d};dmarc=fail action=none header.from=gmail.com;compauth=fail reason=601\r\n"
    "Received-SPF: SoftFail (protection.outlook.com: domain of transitioning gmail.com discourages use of "
    "{ip} as permitted sender)\r\n"
    "Received: from gw.corp-example.net ({ip}) by AM0PR01MB0001.mail.protection.outlook.com "
    "(10.1.1.1) with Microsoft SMTP Server; Mon, 30 Nov 2026 10:00:05 +0000\r\n"
    "Received: from mail-ed1-f44.google.com (mail-ed1-f44.google.com [209.85.208.44]) by gw.corp-example.net "
    "with ESMTPS; Mon, 30 Nov 2026 10:00:02 +0000\r\n"
    "From: Andrew <andrew.example@gmail.com>\r\nTo: you@corp-example.net\r\nSubject: Hello\r\n"
    "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@mail.gmail.com>\r\n\r\nHello.\r\n"
)


def _report(networks: tuple[str, ...], ip: str = GATEWAY, dkim: str = "none (message not signed)") -> Report:
    d = "none" if dkim.startswith("none") else "gmail.com"
    raw = MESSAGE.format(ip=ip, dkim=dkim, d=d)
    return analyze(load_bytes(raw.encode()), AnalysisSettings(trusted_networks=networks), OfflineSource())


def _trusted(report: Report) -> set[tuple[str, str]]:
    return {(r.method.lower(), r.result.lower()) for r in report.recorded if r.trusted}


def test_without_the_networks_the_receivers_record_stands() -> None:
    r = _report(())
    assert {("spf", "softfail"), ("dmarc", "fail")} <= _trusted(r)
    assert r.verdict.level is Level.SUSPICIOUS


def test_a_check_of_your_own_relay_is_not_evidence_about_the_sender() -> None:
    r = _report((f"{GATEWAY}/32",))
    assert not {("spf", "softfail"), ("dmarc", "fail"), ("compauth", "fail")} & _trusted(r)
    judged = [x for x in r.recorded if x.method.lower() == "spf"]
    assert judged and all("your own relay" in x.trust_basis and not x.forged for x in judged)
    rules = {f.rule for f in r.verdict.findings}
    assert not {"spf-failure", "recorded-dmarc-failure", "composite-auth-failure"} & rules
    assert r.verdict.level is Level.UNVERIFIED


def test_an_evaluated_address_outside_your_networks_still_counts() -> None:
    r = _report(("192.0.2.0/24",))
    assert {("spf", "softfail"), ("dmarc", "fail")} <= _trusted(r)
    assert r.verdict.level is Level.SUSPICIOUS


def test_a_dkim_pass_in_the_same_field_keeps_its_dmarc() -> None:
    r = _report((f"{GATEWAY}/32",), dkim="pass (signature was verified)")
    trusted = _trusted(r)
    assert ("dkim", "pass") in trusted and ("dmarc", "fail") in trusted and ("spf", "softfail") not in trusted
