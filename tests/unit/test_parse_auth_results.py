"""The one Authentication-Results reader (inspector.parse.auth_results), used by the chain and the recorded results.

Before issue 13 item 3 the chain read these fields with its trace-field lexer and the recorded results with
authres plus a tolerant parser; they disagreed. Each case here failed on one of the old readers.
"""

from __future__ import annotations

from inspector.auth.recorded import parse_recorded
from inspector.chain.artefacts import parse_auth_results
from inspector.ingest import load_bytes
from inspector.parse import auth_results
from inspector.settings import AnalysisSettings

SES = (
    "amazonses.com; spf=pass (spf: domain of example.com designates 209.85.220.41 as permitted sender) "
    "client-ip=209.85.220.41; envelope-from=user@example.com; helo=mail-sor-f41.google.com; "
    "dkim=pass header.i=@example.com; dmarc=none header.from=example.com;"
)
MICROSOFT = (
    "spf=pass (sender IP is 203.0.113.5) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) "
    "header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100"
)
RSPAMD = (
    "mail.example.ru;\tdkim=pass header.d=freebsd.org header.s=dkim header.b=H7pb97c0;\r\n"
    "\tdkim=fail (body hash did not verify) header.d=outlook.com header.s=selector1 header.b=LWxzK+W8;\r\n"
    '\tdmarc=fail reason="SPF not aligned (relaxed)" header.from=outlook.com (policy=none)'
)


def _recorded(field: str) -> list[tuple[str | None, str, str, str | None]]:
    raw = f"{field}\r\nFrom: a@example.com\r\n\r\nbody\r\n".encode()
    return [
        (r.authserv_id, r.method, r.result, r.comment)
        for r in parse_recorded(load_bytes(raw), AnalysisSettings(), None)
    ]


def test_chain_and_recorded_results_agree() -> None:
    for value in (SES, MICROSOFT, RSPAMD, "mx.example.net; none", "mx.example.net; dkim=pass header.d=a; spf="):
        chain = parse_auth_results(value, 0)
        recorded = _recorded(f"Authentication-Results: {value}")
        assert [(e.method, e.result) for e in chain.results] == [
            (m, r) for _, m, r, _ in recorded if (m, r) != ("none", "none")
        ]
        ids = {a.lower() if a else None for a, *_ in recorded}
        assert ids == {chain.authserv_id}


def test_ses_property_parts_are_properties_for_the_chain_too() -> None:
    # The old chain made "envelope-from=user@example.com" and "helo=…" results of their own.
    chain = parse_auth_results(SES, 0)
    assert [e.method for e in chain.results] == ["spf", "dkim", "dmarc"]
    spf = auth_results.parse(SES).results[0]
    assert spf.properties["smtp.mailfrom"] == "user@example.com" and spf.properties["client-ip"] == "209.85.220.41"


def test_each_result_keeps_the_comments_of_its_own_resinfo() -> None:
    # The old recorded reader gave every dkim result the comment of the first dkim resinfo: the passing
    # freebsd.org signature read "body hash did not verify".
    got = {(m, c) for _, m, _, c in _recorded(f"Authentication-Results: {RSPAMD}")}
    assert got == {("dkim", None), ("dkim", "body hash did not verify"), ("dmarc", "policy=none")}
    chain = parse_auth_results(RSPAMD, 0)
    assert [e.comment for e in chain.results] == ["", "body hash did not verify", "policy=none"]


def test_quoted_and_angle_values_are_read_for_the_chain() -> None:
    # The trace-field lexer split a quoted string or <…> off its "name=", leaving the value empty: the IP a
    # list server evaluated was lost, and the badges showed reason= and header.from= empty.
    ar = parse_auth_results('lists.ozlabs.org; arc=none smtp.remote-ip="2a01:4f8:d0a:203a::1"', 0)
    assert ar.evaluated_ips() == ["2a01:4f8:d0a:203a::1"]
    e = parse_auth_results('mx.example; dmarc=fail reason="SPF not aligned" header.from=<a@example.com>', 0).results[0]
    assert e.props == {"reason": "SPF not aligned", "header.from": "<a@example.com>"}
    assert e.summary() == "dmarc=fail reason=SPF not aligned header.from=<a@example.com>"


def test_microsoft_form_has_no_authserv_id() -> None:
    f = auth_results.parse(MICROSOFT)
    assert (f.authserv_id, f.parsed_by) == (None, "tolerant")
    assert [(r.method, r.result) for r in f.results] == [
        ("spf", "pass"),
        ("dkim", "pass"),
        ("dmarc", "pass"),
        ("compauth", "pass"),
    ]
    assert f.results[0].comment == "sender IP is 203.0.113.5"
    assert parse_auth_results(MICROSOFT, 0).evaluated_ips() == ["203.0.113.5"]


def test_an_authserv_id_followed_by_junk_is_still_the_id() -> None:
    # Yahoo once wrote this; the old recorded reader called it id-less (Microsoft's form).
    value = "mta1021.mail.ird.yahoo.com  from=ml.example.jp; domainkeys=neutral (no sig); dkim=neutral (no sig)"
    assert auth_results.parse(value).authserv_id == "mta1021.mail.ird.yahoo.com"
    assert parse_auth_results(value, 0).authserv_id == "mta1021.mail.ird.yahoo.com"


def test_an_unreadable_arc_instance_prefix_is_not_a_result() -> None:
    # The old recorded reader kept "i=squanch" as a method "i" with result "squanch" and lost the authserv-id.
    for prefix in ("i=squanch;", "i=;", "i=99999;"):
        f = auth_results.parse(f"{prefix} lists.example.org; spf=pass smtp.mfrom=a@b.example; dmarc=pass", arc=True)
        assert (f.instance, f.authserv_id) == (None, "lists.example.org")
        assert [r.method for r in f.results] == ["spf", "dmarc"]
    ok = auth_results.parse("i=3; lists.example.org; spf=pass", arc=True)
    assert (ok.instance, ok.authserv_id, ok.parsed_by) == (3, "lists.example.org", "authres")


def test_hostile_fields_are_bounded() -> None:
    value = "mx.example; " + "; ".join(f"x{i}=pass (c{i}) a.b={i}" for i in range(5000))
    f = auth_results.parse(value)
    assert len(f.results) <= auth_results.MAX_RESULTS
    deep = "mx.example; dkim=pass " + "(" * 50_000 + "x"
    assert auth_results.parse(deep).authserv_id == "mx.example"


def test_a_field_read_twice_is_read_by_authres_once() -> None:
    """The chain and the recorded results both read every A-R field: the second reading is the first one's."""
    value = "mx.example.net; spf=pass smtp.mailfrom=a@example.org; dkim=pass header.d=example.org"
    auth_results._parse_cached.cache_clear()
    first = auth_results.parse(value)
    again = auth_results.parse(value + " " * 0)
    assert again == first
    info = auth_results._parse_cached.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    # The part beyond MAX_CHARS is never read, so a longer copy of the same field is the same reading.
    long_value = value + ";" + "x" * auth_results.MAX_CHARS
    assert auth_results.parse(long_value) == auth_results.parse(long_value[: auth_results.MAX_CHARS])


def test_none_after_results_is_skipped_not_a_crash() -> None:
    """RFC 8601 §2.2: ``none`` is the whole no-result form; written after resinfos authres hands back a result
    with no method. Before: AttributeError, and the chain and recorded stages of the analysis were lost."""
    f = auth_results.parse("mx.example.com; dkim=pass header.d=example.net; none")
    assert [(r.method, r.result, r.properties) for r in f.results] == [("dkim", "pass", {"header.d": "example.net"})]
    assert f.authserv_id == "mx.example.com"
    assert auth_results.parse("mx.example.com; none").results == ()


def test_a_forged_field_ending_in_none_does_not_hide_the_receivers_own_results() -> None:
    from inspector.analyze import analyze
    from inspector.model.report import Level

    real = (
        "Authentication-Results: mx.receiver.test; spf=fail smtp.mailfrom=news.sender.example; dkim=none; "
        "dmarc=fail header.from=news.sender.example\r\n"
    )
    hop = (
        "Received: from mail.sender.example (mail.sender.example [203.0.113.7])\r\n"
        "\tby mx.receiver.test (Postfix) with ESMTPS id ABC; Mon, 30 Nov 2026 06:30:05 +0000\r\n"
    )
    forged = "Authentication-Results: mx.receiver.test; dmarc=pass header.from=news.sender.example; none\r\n"
    body = (
        "From: Alice <alice@news.sender.example>\r\nTo: bob@receiver.test\r\nSubject: hi\r\n"
        "Date: Mon, 30 Nov 2026 06:29:00 +0000\r\nMessage-ID: <1@sender.example>\r\n\r\nHello body\r\n"
    )
    raw = "Return-Path: <bounce@news.sender.example>\r\n" + real + hop + forged + body
    report = analyze(load_bytes(raw.encode()), AnalysisSettings(trusted_authserv_ids=("mx.receiver.test",)))
    assert not [w for w in report.warnings if "internal error" in w], report.warnings
    assert report.hops and report.boundary.client_ip == "203.0.113.7"
    assert [(r.method, r.result) for r in report.recorded if r.trusted] == [
        ("spf", "fail"),
        ("dkim", "none"),
        ("dmarc", "fail"),
    ]
    assert report.verdict.level is Level.SUSPICIOUS


def test_a_quoted_authserv_id_names_the_same_receiver() -> None:
    """RFC 8601 §2.2: authserv-id is a value, a token or a quoted-string. Before, the quotes stayed part of the
    id, so the receiver's own field never matched its configured id and its results were not evidence."""
    f = auth_results.parse('"mx.receiver.test" 1; spf=fail smtp.mailfrom=a@sender.example')
    assert f.authserv_id == "mx.receiver.test"
    raw = (
        b'Authentication-Results: "mx.receiver.test"; spf=fail smtp.mailfrom=sender.example\r\n'
        b"Received: from mail.sender.example (mail.sender.example [203.0.113.7])\r\n"
        b"\tby mx.receiver.test (Postfix) with ESMTPS id ABC; Mon, 30 Nov 2026 06:30:05 +0000\r\n"
        b"From: a@sender.example\r\n\r\nbody\r\n"
    )
    recorded = parse_recorded(load_bytes(raw), AnalysisSettings(trusted_authserv_ids=("mx.receiver.test",)), 1)
    assert [(r.authserv_id, r.method, r.result, r.trusted) for r in recorded] == [
        ("mx.receiver.test", "spf", "fail", True)
    ]
