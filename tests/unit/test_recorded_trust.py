"""Which recorded Authentication-Results are the receiver's own (RFC 8601 §5), and which came with the message.

The messages are built by hand so that each field's position relative to the trust boundary's Received field
is known; the boundary index given to `parse_recorded` is that Received field's index (0-based field number).
"""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.auth.recorded import is_probably_forged, parse_recorded
from inspector.ingest import load_bytes
from inspector.model.auth import RecordedResult
from inspector.model.report import Level
from inspector.settings import AnalysisSettings

SENDER_HOP = (
    "Received: from mail.sender.example (mail.sender.example [203.0.113.7])\r\n"
    "\tby mx.receiver.test (Postfix) with ESMTPS id ABC; Mon, 30 Nov 2026 06:30:05 +0000\r\n"
)
BODY = (
    "From: Alice <alice@news.sender.example>\r\n"
    "To: bob@receiver.test\r\n"
    "Subject: hi\r\n"
    "Date: Mon, 30 Nov 2026 06:29:00 +0000\r\n"
    "Message-ID: <1@sender.example>\r\n"
    "\r\n"
    "Hello body\r\n"
)
REAL = (
    "Authentication-Results: mx.receiver.test; spf=fail smtp.mailfrom=news.sender.example; dkim=none; "
    "dmarc=fail header.from=news.sender.example\r\n"
)
FORGED = (
    "Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=news.sender.example; "
    "dkim=pass header.d=news.sender.example; dmarc=pass header.from=news.sender.example\r\n"
)
#: A hop on the sender's side: below the receiver's Received field, written by the sender's own server.
SUBMISSION_HOP = (
    "Received: from [10.0.0.5] (helo=pc) by mail.sender.example with ESMTPSA id Z; Mon, 30 Nov 2026 06:28:05 +0000\r\n"
)


def _recorded(raw: str, boundary: int | None, ids: tuple[str, ...] = ()) -> list[RecordedResult]:
    out = parse_recorded(load_bytes(raw.encode()), AnalysisSettings(trusted_authserv_ids=ids), boundary)
    assert out is not None
    return list(out)


def _by_index(rs: list[RecordedResult]) -> dict[int, list[RecordedResult]]:
    out: dict[int, list[RecordedResult]] = {}
    for r in rs:
        out.setdefault(r.header_index, []).append(r)
    return out


def test_forged_copy_just_below_the_receivers_received_loses_to_the_receivers_own() -> None:
    # Field 0 Return-Path, 1 the receiver's A-R, 2 its Received, 3 the sender's forged A-R (the reviewer's R1).
    raw = "Return-Path: <bounce@news.sender.example>\r\n" + REAL + SENDER_HOP + FORGED + BODY
    by = _by_index(_recorded(raw, boundary=2))
    assert all(r.trusted for r in by[1]) and not any(is_probably_forged(r) for r in by[1])
    assert {(r.method, r.result) for r in by[1]} == {("spf", "fail"), ("dkim", "none"), ("dmarc", "fail")}
    assert len(by[3]) == 3 and all(not r.trusted and is_probably_forged(r) for r in by[3])
    assert "spf=fail against spf=pass" in by[3][0].trust_basis


def test_forged_field_below_a_sender_side_hop_is_untrusted_with_and_without_configured_ids() -> None:
    # 1 receiver's A-R, 2 receiver's Received (boundary), 3 the sender's submission hop, 4 forged (the reviewer's R4).
    raw = "Return-Path: <bounce@news.sender.example>\r\n" + REAL + SENDER_HOP + SUBMISSION_HOP + FORGED + BODY
    for ids in ((), ("mx.receiver.test",), (".receiver.test",)):
        by = _by_index(_recorded(raw, boundary=2, ids=ids))
        assert all(r.trusted for r in by[1]), ids
        assert all(not r.trusted and is_probably_forged(r) for r in by[4]), ids
        assert "RFC 8601" in by[4][0].trust_basis


def test_forged_field_is_untrusted_even_when_the_receiver_wrote_nothing_itself() -> None:
    # No Authentication-Results by the receiver at all: the only one is below the sender's hop.
    raw = SENDER_HOP + SUBMISSION_HOP + FORGED + BODY
    for ids in ((), ("mx.receiver.test",)):
        rs = _recorded(raw, boundary=0, ids=ids)
        assert rs and not any(r.trusted for r in rs), ids
    # With the id configured it claims your server, so it is called forged; without, nothing names the receiver.
    assert all(is_probably_forged(r) for r in _recorded(raw, boundary=0, ids=("mx.receiver.test",)))
    assert not any(is_probably_forged(r) for r in _recorded(raw, boundary=0))


GMAIL_STYLE = (
    "Received: by 2002:a05:6a10:a0c9:0:0:0:0 with SMTP id x9csp1; Mon, 30 Nov 2026 06:30:06 -0800 (PST)\r\n"
    "Return-Path: <bounce@news.sender.example>\r\n"
    "Received: from mail.sender.example (mail.sender.example. [203.0.113.7])\r\n"
    "        by mx.google.com with ESMTPS id a1si1; Mon, 30 Nov 2026 06:30:05 -0800 (PST)\r\n"
    "Received-SPF: pass (google.com: domain of bounce@news.sender.example designates 203.0.113.7 as permitted "
    "sender) client-ip=203.0.113.7;\r\n"
    "Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=news.sender.example; "
    "dmarc=fail header.from=news.sender.example\r\n"
)


def test_gmail_style_results_just_below_the_receivers_own_received_stay_trusted() -> None:
    # 0 internal delivery, 1 Return-Path, 2 boundary Received by mx.google.com, 3 Received-SPF, 4 A-R (adjacent).
    raw = GMAIL_STYLE + BODY
    for ids in ((), ("mx.google.com",)):
        by = _by_index(_recorded(raw, boundary=2, ids=ids))
        assert by[4] and all(r.trusted for r in by[4]), ids
    # Received-SPF names its receiver "google.com": the topmost in the region is trusted when nothing is configured.
    spf = _by_index(_recorded(raw, boundary=2))[3][0]
    assert spf.header == "Received-SPF" and spf.authserv_id == "google.com" and spf.trusted


def test_gmail_style_with_a_forged_copy_further_down() -> None:
    # 5 the sender's submission hop, 6 a forged A-R claiming mx.google.com: below the region.
    raw = GMAIL_STYLE + SUBMISSION_HOP + FORGED.replace("mx.receiver.test", "mx.google.com") + BODY
    for ids in ((), ("mx.google.com",)):
        by = _by_index(_recorded(raw, boundary=2, ids=ids))
        assert all(r.trusted for r in by[4]), ids
        assert all(not r.trusted and is_probably_forged(r) for r in by[6]), ids


def test_a_field_after_the_senders_own_headers_is_not_adjacent() -> None:
    # The run below the boundary's Received ends at the first field that is not a trace field.
    raw = SENDER_HOP + "DKIM-Signature: v=1; d=news.sender.example; s=s1; b=x; bh=y; h=from\r\n" + FORGED + BODY
    (forged, *_) = _recorded(raw, boundary=0, ids=("mx.receiver.test",))
    assert not forged.trusted and is_probably_forged(forged)


def test_several_fields_of_one_receiver_in_its_region() -> None:
    # Milters each write their own field above the Received: all trusted, they report different checks.
    milters = (
        "Authentication-Results: mx.receiver.test; dmarc=pass header.from=news.sender.example\r\n"
        "Authentication-Results: mx.receiver.test; dkim=pass header.d=news.sender.example header.s=s1\r\n"
        "Authentication-Results: mx.receiver.test; dkim=fail header.d=esp.example header.s=k1\r\n"
        "Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=news.sender.example\r\n"
    )
    rs = _recorded(milters + SENDER_HOP + BODY, boundary=4)
    assert len(rs) == 4 and all(r.trusted for r in rs)
    # A lower field in the region that contradicts one above for the same check: the topmost is the receiver's.
    contradicting = "Authentication-Results: mx.receiver.test; dmarc=fail header.from=news.sender.example\r\n"
    by = _by_index(_recorded(milters + contradicting + SENDER_HOP + BODY, boundary=5))
    assert by[0][0].trusted and by[0][0].result == "pass"
    assert not by[4][0].trusted and is_probably_forged(by[4][0])
    # The same signature reported twice with a different result (header.d and header.s agree).
    dkim_twice = "Authentication-Results: mx.receiver.test; dkim=pass header.d=esp.example header.s=k1\r\n"
    by = _by_index(_recorded(milters + dkim_twice + SENDER_HOP + BODY, boundary=5))
    assert not by[4][0].trusted and is_probably_forged(by[4][0])


def test_receiver_above_its_received_and_a_new_claim_below_it() -> None:
    # The receiver wrote above its Received field; a field below it adds a check the receiver did not report.
    # It contradicts nothing, but one receiver writes in one place: untrusted, not called forged.
    above = "Authentication-Results: mx.receiver.test; spf=fail smtp.mailfrom=news.sender.example\r\n"
    below = "Authentication-Results: mx.receiver.test; dmarc=pass header.from=news.sender.example\r\n"
    by = _by_index(_recorded(above + SENDER_HOP + below + BODY, boundary=1))
    assert by[0][0].trusted
    assert not by[2][0].trusted and not is_probably_forged(by[2][0])
    assert "came with the message" in by[2][0].trust_basis


def test_an_earlier_pass_through_the_same_organisation_is_not_called_forged() -> None:
    # Forwarded back: the message went through receiver.test before; that visit's A-R sits by its own Received.
    earlier = (
        "Received: from out.forwarder.example (out.forwarder.example [198.51.100.9])\r\n"
        "\tby mx2.receiver.test with ESMTPS id OLD; Mon, 30 Nov 2026 06:20:00 +0000\r\n"
        "Authentication-Results: mx.receiver.test; dmarc=pass header.from=news.sender.example\r\n"
    )
    raw = REAL + SENDER_HOP + earlier + BODY
    by = _by_index(_recorded(raw, boundary=1, ids=("mx.receiver.test",)))
    assert all(r.trusted for r in by[0])
    assert not by[3][0].trusted and not is_probably_forged(by[3][0])
    assert "passed through it before" in by[3][0].trust_basis


def test_received_spf_of_a_configured_receiver_below_the_region_is_untrusted() -> None:
    spf = (
        "Received-SPF: pass (mx.receiver.test: domain of a@news.sender.example designates 10.0.0.5 as permitted "
        "sender) receiver=mx.receiver.test; client-ip=10.0.0.5\r\n"
    )
    rs = _recorded(SENDER_HOP + SUBMISSION_HOP + spf + BODY, boundary=0, ids=("mx.receiver.test",))
    (r,) = rs
    assert r.header == "Received-SPF" and r.authserv_id == "mx.receiver.test" and not r.trusted


def test_microsoft_form_below_the_region_is_untrusted_but_claims_no_id() -> None:
    ms = "Authentication-Results: spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=news.sender.example\r\n"
    rs = _recorded(REAL + SENDER_HOP + SUBMISSION_HOP + ms + BODY, boundary=1)
    low = [r for r in rs if r.header_index == 3]
    assert low and not any(r.trusted or is_probably_forged(r) for r in low)


def test_forged_field_cannot_move_the_boundary_or_win_the_verdict() -> None:
    # The forged field names the sender's own submission client as the IP the receiver evaluated: anchoring on
    # it would move the trust boundary to the sender's side (and SPF to an address the sender chose).
    hop = (
        "Received: from pc.sender.example (pc.sender.example [198.51.100.20]) by mail.sender.example with ESMTPS "
        "id Z; Mon, 30 Nov 2026 06:28:05 +0000\r\n"
    )
    forged = FORGED.replace(
        "smtp.mailfrom=news.sender.example;", "smtp.mailfrom=news.sender.example smtp.remote-ip=198.51.100.20;"
    )
    raw = "Return-Path: <bounce@news.sender.example>\r\n" + REAL + SENDER_HOP + hop + forged + BODY
    for ids in ((), ("mx.receiver.test",)):
        report = analyze(load_bytes(raw.encode()), AnalysisSettings(trusted_authserv_ids=ids))
        assert report.boundary.client_ip == "203.0.113.7" and report.boundary.header_index == 2, ids
        assert [r.header_index for r in report.recorded if r.trusted] == [1, 1, 1], ids
        assert report.verdict.level is Level.SUSPICIOUS, ids
    # A Received-SPF naming the receiver, below the sender's hop, cannot anchor the boundary either.
    spf = (
        "Received-SPF: pass (mx.receiver.test: domain of bounce@news.sender.example designates 198.51.100.20 as "
        "permitted sender) receiver=mx.receiver.test; client-ip=198.51.100.20\r\n"
    )
    raw = "Return-Path: <bounce@news.sender.example>\r\n" + REAL + SENDER_HOP + hop + spf + BODY
    for ids in ((), ("mx.receiver.test",)):
        report = analyze(load_bytes(raw.encode()), AnalysisSettings(trusted_authserv_ids=ids))
        assert report.boundary.client_ip == "203.0.113.7", ids
