"""The verdict with a trusted authserv-id on real mail (issue 11): fields that name the trusted id below the
receiving hop are called forged only on evidence, under either reading of "the receiver's own id" (the
organisation that made the final delivery, or the topmost Authentication-Results' id). Real messages of
../shared/corpora/legit-dev are read by path (never copied).
"""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.auth.recorded import is_probably_forged
from inspector.ingest import load_bytes, load_file
from inspector.model.report import Level, ReasonWeight, Report
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED

LEGIT = SHARED / "corpora" / "legit-dev"


def _trusted(name: str, *ids: str) -> Report:
    path = LEGIT / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return analyze(load_file(path), AnalysisSettings(trusted_authserv_ids=ids))


def _rules(report: Report, weight: ReasonWeight) -> set[str]:
    return {f.rule for f in report.verdict.findings if f.level is weight}


def test_a_gateway_that_appends_its_field_at_the_end_is_an_earlier_pass_not_a_forgery() -> None:
    # Red Hat's list mail leaves through Mimecast, which appends "Authentication-Results: relay.mimecast.com"
    # at the very end of the header; the final receiver (lfdr.de) wrote none, so the topmost id is Mimecast's.
    # Mimecast's Received fields stand below the receiving hop: the message passed through it before.
    r = _trusted("dm-devel__3.eml", "relay.mimecast.com")
    mimecast = [x for x in r.recorded if x.authserv_id == "relay.mimecast.com" and x.header == "Authentication-Results"]
    assert mimecast and not any(x.trusted for x in mimecast)
    assert not any(is_probably_forged(x) for x in mimecast)
    assert all("passed through it before" in x.trust_basis for x in mimecast)
    assert "forged-receiver-results" not in _rules(r, ReasonWeight.SUSPICIOUS)


def test_a_loopback_client_names_the_machine_that_wrote_the_field() -> None:
    # Proofpoint re-injects "from pps.filterd (m0074060.ppops.net [127.0.0.1]) by mx0a-….pphosted.com": the
    # pphosted.com host is the ppops.net machine, so its "Authentication-Results: ppops.net" below the
    # receiving hop is from the gateway's pass before the receiver's internal hops, not a forgery.
    r = _trusted("sjm__6.msg", "ppops.net")
    pp = [x for x in r.recorded if x.authserv_id == "ppops.net"]
    assert pp and not any(is_probably_forged(x) for x in pp)
    assert "forged-receiver-results" not in _rules(r, ReasonWeight.SUSPICIOUS)


def test_a_field_naming_the_receiver_that_claims_no_pass_is_a_note_not_an_alarm() -> None:
    # Microsoft 365 writes "authentication-results: qq.com; dkim=none (message not signed) …; dmarc=none" under
    # the recipient's domain when it sends. It stands among the sender's fields (still marked forged: a fact of
    # position), but it makes nothing look checked, so the verdict only notes it.
    r = _trusted("sjm__4.eml", "qq.com")
    low = [x for x in r.recorded if x.authserv_id == "qq.com"]
    assert low and all(is_probably_forged(x) for x in low) and all(x.result == "none" for x in low)
    assert "forged-receiver-results" in _rules(r, ReasonWeight.NOTE)
    assert "forged-receiver-results" not in _rules(r, ReasonWeight.SUSPICIOUS)


FORGED_PASS = (
    b"Received: from mail.sender.example (mail.sender.example [198.51.100.7])\r\n"
    b"\tby mx.receiver.test with ESMTPS id A1; Mon, 30 Nov 2026 06:30:00 +0000\r\n"
    b"Authentication-Results: mx.receiver.test; spf=none smtp.mailfrom=sender.example\r\n"
    b"Received: from pc (pc [10.0.0.2]) by mail.sender.example with ESMTP id B2;\r\n"
    b"\tMon, 30 Nov 2026 06:29:00 +0000\r\n"
    b"Authentication-Results: mx.receiver.test; dmarc=pass header.from=bank.example\r\n"
    b"From: Bank <alerts@bank.example>\r\nTo: you@receiver.test\r\nSubject: Account\r\n"
    b"Date: Mon, 30 Nov 2026 06:28:00 +0000\r\nMessage-ID: <1@bank.example>\r\n\r\nHello.\r\n"
)


@pytest.mark.parametrize("ids", [(), ("mx.receiver.test",)])
def test_a_forged_pass_below_the_receiving_hop_stays_an_alarm(ids: tuple[str, ...]) -> None:
    # The class the rule exists for: the sender's side wrote a field claiming the receiver's pass.
    r = analyze(load_bytes(FORGED_PASS), AnalysisSettings(trusted_authserv_ids=ids))
    low = [x for x in r.recorded if x.method == "dmarc"]
    assert low and all(is_probably_forged(x) for x in low)
    assert "forged-receiver-results" in _rules(r, ReasonWeight.SUSPICIOUS)
    assert r.verdict.level in (Level.SUSPICIOUS, Level.DANGEROUS)
