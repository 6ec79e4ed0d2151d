"""The chain on the real messages of ../shared/corpora/real-chains (expectations from its SOURCE.md and the files)."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.chain import ChainAnalysis, analyze_chain
from inspector.ingest import load_file
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED

CORPUS = SHARED / "corpora" / "real-chains"


def _chain(name: str, settings: AnalysisSettings | None = None) -> ChainAnalysis:
    return analyze_chain(load_file(CORPUS / name), settings or AnalysisSettings())


def _by_what(chain: ChainAnalysis, what: str) -> list:
    return [b for b in chain.breaks if b.what == what]


def test_arcallow_boundary_is_googles_receipt_from_outlook() -> None:
    c = _chain("rspamd-arcallow.eml")
    b = c.boundary
    assert c.analysed and b.client_ip == "40.92.74.29"  # Received-SPF client-ip=40.92.74.29
    assert b.helo == "EUR04-DB3-obe.outbound.protection.outlook.com"
    assert b.mail_from == "testcpsf@outlook.com"
    assert b.confidence == "high" and b.method == "anchored"
    hop = c.hops[b.hop_index or 0]
    assert hop.is_boundary and hop.by_host == "mx.google.com" and hop.trust_zone == "boundary"
    assert [h.index for h in c.hops] == list(range(len(c.hops)))
    assert all(h.trust_zone == "external-claimed" for h in c.hops[: b.hop_index])
    assert all("claimed by the sending side — unverifiable" in h.warnings for h in c.hops[: b.hop_index])
    assert c.delivery_time is not None and c.delivery_time.isoformat() == "2020-09-25T17:19:07+00:00"
    # Body intact end to end: every signature's body hash matches, no body break.
    sigs = [a for h in c.hops for a in h.artefacts if a.kind in ("dkim-signature", "arc-set")]
    assert {a.identity for a in sigs} == {"outlook.com", "microsoft.com", "google.com"}
    assert all(a.body_hash == "match" for a in sigs)
    assert not _by_what(c, "body changed")
    # Google's ARC i=2, A-R and Received-SPF sit on the boundary hop; Microsoft's DKIM and ARC i=1 before it.
    on_boundary = {(a.kind, a.instance) for a in hop.artefacts}
    assert ("arc-set", 2) in on_boundary and ("received-spf", None) in on_boundary
    ms = next(a for h in c.hops for a in h.artefacts if a.kind == "arc-set" and a.instance == 1)
    assert ms.hop_index is not None and ms.hop_index < (b.hop_index or 0)


def test_twine_boundary_body_break_at_the_list_and_four_day_hold() -> None:
    c = _chain("mailbits-twine_release.eml")
    b = c.boundary
    assert b.client_ip == "188.166.95.178" and b.helo == "mail.python.org"  # "designates 188.166.95.178"
    assert b.mail_from == "distutils-sig-bounces+recipient=redacted.nil@python.org"
    assert c.hops[b.hop_index or 0].by_host == "mx.google.com"
    body = _by_what(c, "body changed")
    assert len(body) == 1
    brk = body[0]
    # gmail.com's signature (oldest hop) no longer matches; python.org's (on the list host) does.
    assert c.hops[brk.after_hop or 0].by_host == "mail-ej1-x62d.google.com"
    assert brk.before_hop is not None and c.hops[brk.before_hop].by_host == "mail.python.org"
    assert brk.suspects == ("mail.python.org",)
    assert "gmail.com" in brk.evidence and "python.org" in brk.evidence
    assert _by_what(c, "subject tagged")  # "[Distutils]" while gmail.com signed Subject
    verdict = _by_what(c, "DKIM verdict changed")
    assert verdict and "body hash did not verify" in verdict[0].evidence
    # The 4-day hold: Dec 24 06:12:11 EST -> Dec 28 10:07:19 EST at the list host.
    held = max(c.hops, key=lambda h: h.delay_seconds or 0)
    assert held.delay_seconds == 4 * 86400 + 3 * 3600 + 55 * 60 + 8
    assert held.by_host == "mail.python.org" and held.delay_state == "major_delay"
    assert any("mailing list" in a for a in held.annotations)
    assert b.seconds_before_boundary == held.delay_seconds + 1  # 11:12:10Z at gmail -> 15:07:19Z at Google
    assert b.seconds_after_boundary == 0


def test_arcbad_list_changed_the_body_and_restarted_arc() -> None:
    c = _chain("rspamd-arcbad.eml")
    b = c.boundary
    assert b.client_ip == "96.47.72.81" and c.hops[b.hop_index or 0].by_host == "mail.highsecure.ru"
    body = _by_what(c, "body changed")
    assert len(body) == 1
    assert "mailman.nyi.freebsd.org" in body[0].suspects
    assert all("outlook" not in s for s in body[0].suspects)
    assert "freebsd.org" in body[0].evidence
    restart = _by_what(c, "ARC chain restarted")
    assert restart and "i=1" in restart[0].evidence and "freebsd.org" in restart[0].evidence
    # ARC i=1 of mx1.freebsd.org records the original ingress from Outlook.
    assert b.original_client_ip == "2a01:111:f400:fe0d::804"
    assert b.original_hop_index is not None
    assert c.hops[b.original_hop_index].from_ip == "2a01:111:f400:fe0d::804"
    verdict = _by_what(c, "DKIM verdict changed")
    assert verdict and "outlook.com" in verdict[0].evidence


def test_junk_lines_below_and_above_real_hops() -> None:
    for name in ("rspamd-received1.eml", "rspamd-received2.eml"):
        c = _chain(name)
        junk = [h for h in c.hops if h.kind == "junk"]
        assert [h.raw.strip() for h in junk] == ["or is it", "apparently"], name
        assert any("not trace lines" in w for w in c.warnings)
        b = c.boundary
        assert b.client_ip == "2a01:7c8:aab6:26d:5054:ff:fed1:1da2", name
        assert c.hops[b.hop_index or 0].by_host == "mx1.freebsd.org"
        assert b.mail_from == "upwest201diana@outlook.com"
    # Junk above the real hops is crossed on the way down: the inference is less sure.
    assert _chain("rspamd-received2.eml").boundary.confidence == "low"
    assert _chain("rspamd-received1.eml").boundary.confidence == "medium"


def test_trusted_authserv_id_setting_and_spf_in_the_engine() -> None:
    msg = load_file(CORPUS / "rspamd-arcbad.eml")
    c = analyze_chain(msg, AnalysisSettings(trusted_authserv_ids=("mail.highsecure.ru",)))
    assert c.boundary.client_ip == "96.47.72.81" and c.boundary.authserv_id == "mail.highsecure.ru"
    report = analyze(msg, AnalysisSettings(now="2020-09-08T00:00:00Z"))
    assert report.boundary.client_ip == "96.47.72.81"
    assert report.spf.client_ip == "96.47.72.81"
    assert report.hops and report.hops[report.boundary.hop_index or 0].is_boundary


def test_header_only_message_says_body_not_checked() -> None:
    raw = (CORPUS / "mailbits-twine_release.eml").read_bytes()
    head = raw.split(b"\n\n", 1)[0].decode("utf-8", "replace")
    from inspector.ingest import read_pasted_headers

    c = analyze_chain(read_pasted_headers(head), AnalysisSettings())
    assert c.boundary.client_ip == "188.166.95.178"
    sigs = [a for h in c.hops for a in h.artefacts if a.kind in ("dkim-signature", "arc-set")]
    assert sigs and all(a.body_hash == "not checked" for a in sigs)
    assert not _by_what(c, "body changed")
    assert _by_what(c, "DKIM verdict changed")  # recorded verdicts still locate the break
