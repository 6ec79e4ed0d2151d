"""DMARC per RFC 9989 (DMARCbis) through the loopback DNS server, with the RFC 7489 answer beside it.

The zones are served over real DNS (tests/support/dns_server.py); the server's query log proves which
questions the tree walk asked. Section numbers are RFC 9989's (= draft-ietf-dmarc-dmarcbis-41).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.auth.dmarc_treewalk import walk_targets
from inspector.auth.recorded import compare
from inspector.cli import main
from inspector.dns.live import LiveSource
from inspector.ingest import load_bytes
from inspector.model.auth import ArcResult, AuthResult, RecordedResult, SpfResult
from inspector.report.to_html import report_to_html
from inspector.report.to_json import report_to_dict
from inspector.report.to_text import report_to_text
from inspector.report.wording import dmarc_details, dmarc_summary, ticket_summary
from inspector.settings import AnalysisSettings
from tests.support.dmarc_run import host, rec, run_loopback, sig, spf_pass
from tests.support.dns_server import LoopbackDnsServer

SCHEMA = Path(__file__).resolve().parents[2] / "inspector" / "report" / "schema" / "report.schema.json"
DEEP = "a.b.c.d.e.f.g.h.i.j.mail.example.com"


def nx(name: str) -> dict[str, Any]:
    return {"name": name, "type": "TXT", "status": "NXDOMAIN"}


def dmarc_asked(asked: list[tuple[str, str]]) -> list[str]:
    return [name for name, rtype in asked if rtype == "TXT" and name.startswith("_dmarc.")]


# --- §4.10 the walk itself -------------------------------------------------------------------------------


def test_walk_targets_follow_the_rfc_example() -> None:
    # RFC 9989 §4.10: the eight queries for a.b.c.d.e.f.g.h.i.j.mail.example.com.
    assert walk_targets(DEEP) == [
        DEEP,
        "g.h.i.j.mail.example.com",
        "h.i.j.mail.example.com",
        "i.j.mail.example.com",
        "j.mail.example.com",
        "mail.example.com",
        "example.com",
        "com",
    ]
    assert walk_targets("a.mail.example.com") == ["a.mail.example.com", "mail.example.com", "example.com", "com"]
    eight = "h.g.f.e.d.c.b.a"
    assert walk_targets(eight) == [eight, "g.f.e.d.c.b.a", "f.e.d.c.b.a", "e.d.c.b.a", "d.c.b.a", "c.b.a", "b.a", "a"]
    assert walk_targets("localhost") == ["localhost"]


def test_deep_author_walks_at_most_eight_queries_to_the_org_record() -> None:
    # Appendix B.4.2: the policy domain is the highest record on the way up, example.com.
    zone = [rec("_dmarc.example.com.", "v=DMARC1; p=reject; sp=quarantine"), nx("_dmarc.com.")]
    r, asked = run_loopback(zone, f"x@{DEEP}", dkim=(sig("signing.example.com"),))
    walked = dmarc_asked(asked)
    assert walked[:8] == [f"_dmarc.{d}." for d in walk_targets(DEEP)]
    assert (r.record_domain, r.record_source, r.org_domain) == ("example.com", "org-domain", "example.com")
    assert r.result is AuthResult.PASS and r.org_domain_method == "dns-tree-walk"
    assert len(r.tree_walk) == 8 and r.tree_walk[-2].outcome == "record"


def test_simple_example_b41_a_subdomain_record_does_not_split_the_organisation() -> None:
    # B.4.1: records at example.com and signing.example.com; the org domain of both is example.com.
    zone = [
        rec("_dmarc.example.com.", "v=DMARC1; p=reject"),
        rec("_dmarc.signing.example.com.", "v=DMARC1; p=none"),
        nx("_dmarc.com."),
    ]
    r, _ = run_loopback(zone, "x@example.com", dkim=(sig("signing.example.com"),))
    assert r.result is AuthResult.PASS and r.dkim_aligned and r.policy == "reject"


def test_psd_n_at_an_intermediate_name_makes_it_the_organisational_domain() -> None:
    zone = [
        rec("_dmarc.mail.example.com.", "v=DMARC1; p=reject; psd=n"),
        rec("_dmarc.example.com.", "v=DMARC1; p=none"),
        nx("_dmarc.com."),
    ]
    r, _ = run_loopback(zone, "x@a.mail.example.com", dkim=(sig("example.com"),))
    # The walk stopped at psd=n: _dmarc.example.com and _dmarc.com were not needed for the author.
    assert [s.domain for s in r.tree_walk] == ["a.mail.example.com", "mail.example.com"]
    assert r.org_domain == "mail.example.com" and r.record_domain == "mail.example.com" and r.psd == "n"
    assert r.result is AuthResult.FAIL and not r.dkim_aligned and r.policy == "reject"
    # RFC 7489 (PSL: example.com) aligns the example.com signature: the answers differ, and say why.
    assert r.rfc7489 is not None and r.rfc7489.result is AuthResult.PASS
    assert any("organisational domain" in d for d in r.differences)
    assert any("result: RFC 9989 dmarc=fail, RFC 7489 dmarc=pass" in d for d in r.differences)


def test_psd_y_example_b43() -> None:
    zone = [
        rec("_dmarc.giant.bank.example.", "v=DMARC1; p=reject"),
        rec("_dmarc.bank.example.", "v=DMARC1; p=reject; psd=y"),
        nx("_dmarc.example."),
    ]
    # SPF mail.giant.bank.example shares the org domain giant.bank.example: aligned.
    r, _ = run_loopback(zone, "x@giant.bank.example", spf=spf_pass("mail.giant.bank.example"))
    assert r.result is AuthResult.PASS and r.org_domain == "giant.bank.example"
    # DKIM mail.mega.bank.example: its org domain is mega.bank.example, not aligned.
    r2, _ = run_loopback(zone, "x@giant.bank.example", dkim=(sig("mail.mega.bank.example"),))
    assert r2.result is AuthResult.FAIL and r2.policy == "reject"
    assert any("mega.bank.example" in s for s in r2.alignment)


def test_psd_policy_applies_when_the_org_domain_publishes_none() -> None:
    # authheaders' psdsub case: From example.gov, only _dmarc.gov (psd=y) publishes: the PSD policy applies.
    zone = [rec("_dmarc.gov.", "v=DMARC1; p=reject; psd=y"), host("example.gov.")]
    r, _ = run_loopback(zone, "x@example.gov", dkim=(sig("attacker.example"),))
    assert (r.result, r.policy, r.record_source, r.record_domain) == (AuthResult.FAIL, "reject", "psd", "gov")
    assert r.org_domain == "example.gov"
    assert r.rfc7489 is not None and r.rfc7489.result is AuthResult.NONE
    assert any("Public Suffix Domain" in d for d in r.differences)


def test_psd_policy_is_not_used_when_the_org_domain_has_its_own_record() -> None:
    zone = [rec("_dmarc.example.gov.", "v=DMARC1; p=none"), rec("_dmarc.gov.", "v=DMARC1; p=reject; psd=y")]
    r, _ = run_loopback(zone, "x@mail.example.gov", dkim=(sig("attacker.example"),))
    assert (r.policy, r.record_domain, r.record_source) == ("none", "example.gov", "org-domain")


def test_a_parent_record_without_psd_is_the_organisational_domain_github_io() -> None:
    # github.io is a PSL private suffix (RFC 7489 via the full PSL: user.github.io is its own org domain),
    # but it publishes a DMARC record without psd=y, so RFC 9989 makes github.io the organisational domain.
    zone = [rec("_dmarc.github.io.", "v=DMARC1; p=reject"), nx("_dmarc.io."), host("user.github.io.")]
    r, _ = run_loopback(zone, "x@user.github.io", dkim=(sig("github.io"),))
    assert (r.org_domain, r.record_domain, r.record_source) == ("github.io", "github.io", "org-domain")
    assert r.result is AuthResult.PASS
    assert r.rfc7489 is not None and r.rfc7489.org_domain == "user.github.io"
    assert r.rfc7489.result is AuthResult.NONE
    assert any("organisational domain" in d and "Public Suffix List" in d for d in r.differences)


def test_several_records_at_one_name_are_discarded_and_the_walk_goes_on() -> None:
    zone = [
        rec("_dmarc.news.example.com.", "v=DMARC1; p=none", "v=DMARC1; p=none; rua=mailto:a@example.com"),
        rec("_dmarc.example.com.", "v=DMARC1; p=reject"),
        nx("_dmarc.com."),
    ]
    r, asked = run_loopback(zone, "x@news.example.com", dkim=(sig("attacker.example"),))
    assert (r.result, r.policy, r.record_domain) == (AuthResult.FAIL, "reject", "example.com")
    assert r.tree_walk[0].outcome == "several-records"
    assert "_dmarc.example.com." in dmarc_asked(asked)
    assert r.rfc7489 is not None and r.rfc7489.result is AuthResult.NONE


# --- §4.10.1 which policy: sp / np / t ---------------------------------------------------------------------


ORG = "v=DMARC1; p=reject; sp=quarantine; np=reject"


def test_np_applies_to_a_name_that_does_not_exist() -> None:
    zone = [rec("_dmarc.example.com.", "v=DMARC1; p=none; sp=none; np=reject"), nx("_dmarc.com.")]
    r, asked = run_loopback(zone, "x@gone.example.com", dkim=(sig("attacker.example"),))
    assert (r.policy, r.author_exists) == ("reject", False)
    assert ("gone.example.com.", "A") in asked


def test_a_name_with_any_record_takes_sp_not_np() -> None:
    # txt.example.com has a TXT record only: A/AAAA/MX answer NODATA. RFC 9989 (Appendix A.4): it exists → sp.
    # RFC 9091 §2.1 (the RFC 7489 answer): no A, AAAA or MX → non-existent → np.
    zone = [rec("_dmarc.example.com.", ORG), nx("_dmarc.com."), rec("txt.example.com.", "hello")]
    r, _ = run_loopback(zone, "x@txt.example.com", dkim=(sig("attacker.example"),))
    assert (r.policy, r.author_exists) == ("quarantine", True)
    assert r.rfc7489 is not None and r.rfc7489.policy == "reject"
    assert any("RFC 9091 calls it non-existent" in d for d in r.differences)


def test_an_existing_subdomain_takes_sp() -> None:
    zone = [rec("_dmarc.example.com.", ORG), nx("_dmarc.com."), host("www.example.com.")]
    r, _ = run_loopback(zone, "x@www.example.com", dkim=(sig("attacker.example"),))
    assert (r.policy, r.author_exists) == ("quarantine", True)
    assert not r.differences


@pytest.mark.parametrize(("p", "applied"), [("reject", "quarantine"), ("quarantine", "none"), ("none", "none")])
def test_t_y_applies_one_level_less(p: str, applied: str) -> None:
    zone = [rec("_dmarc.example.com.", f"v=DMARC1; p={p}; t=y"), nx("_dmarc.com.")]
    r, _ = run_loopback(zone, "x@example.com", dkim=(sig("attacker.example"),))
    assert (r.result, r.policy, r.policy_before_testing, r.testing) == (AuthResult.FAIL, applied, p, True)
    assert r.rfc7489 is not None and r.rfc7489.policy == p
    if p != applied:
        assert any("t=y lowers" in d for d in r.differences)


def test_removed_tags_are_ignored_with_a_note() -> None:
    zone = [rec("_dmarc.example.com.", "v=DMARC1; p=reject; pct=0; rf=afrf; ri=3600"), nx("_dmarc.com.")]
    r, _ = run_loopback(zone, "x@example.com", dkim=(sig("attacker.example"),))
    assert (r.result, r.policy) == (AuthResult.FAIL, "reject")
    for tag in ("pct=0", "rf=afrf", "ri=3600"):
        assert any(tag in f and "RFC 9989 removed" in f for f in r.findings), tag
    assert any("pct=0" in d for d in r.differences)


# --- DNS trouble during the walk ----------------------------------------------------------------------------


def test_trouble_above_the_found_record_at_a_public_suffix_is_tolerated() -> None:
    zone = [
        rec("_dmarc.example.com.", "v=DMARC1; p=reject"),
        {"name": "_dmarc.com.", "type": "TXT", "status": "SERVFAIL"},
    ]
    r, _ = run_loopback(zone, "x@mail.example.com", dkim=(sig("example.com"),))
    assert r.result is AuthResult.PASS and r.org_domain == "example.com" and r.org_domain_method == "dns-tree-walk"
    assert any("com is a public suffix" in f for f in r.findings)
    assert r.tree_walk[-1].assumed_empty


def test_trouble_where_the_policy_could_be_is_temperror() -> None:
    zone = [{"name": "_dmarc.example.com.", "type": "TXT", "status": "SERVFAIL"}, nx("_dmarc.com.")]
    r, _ = run_loopback(zone, "x@mail.example.com", dkim=(sig("attacker.example"),))
    assert r.result is AuthResult.TEMPERROR and "_dmarc.example.com." in r.reason


def test_trouble_in_an_identifiers_walk_falls_back_to_the_psl_with_a_finding() -> None:
    zone = [
        rec("_dmarc.example.com.", "v=DMARC1; p=reject"),
        nx("_dmarc.com."),
        {"name": "_dmarc.mail.example.com.", "type": "TXT", "status": "SERVFAIL"},
    ]
    r, _ = run_loopback(zone, "x@example.com", dkim=(sig("mail.example.com"),))
    assert r.result is AuthResult.PASS
    assert any("Public Suffix List" in s for s in r.alignment)
    assert any("could not ask _dmarc.mail.example.com" in f for f in r.findings)


# --- the report: JSON Schema, text, HTML, GUI wording; dns-capture -----------------------------------------


def _signed_message(from_domain: str) -> bytes:
    return (
        f"From: Alice <alice@{from_domain}>\r\nTo: bob@receiver.test\r\nSubject: hi\r\n"
        "Message-ID: <1@x>\r\nDate: Sun, 06 Dec 2026 07:00:00 +0000\r\n\r\nHello\r\n"
    ).encode()


TESTING_ZONE = [rec("_dmarc.example.com.", "v=DMARC1; p=reject; t=y"), nx("_dmarc.com.")]


def test_the_difference_is_in_the_json_schema_and_every_rendering() -> None:
    with LoopbackDnsServer(TESTING_ZONE) as server:
        report = analyze(load_bytes(_signed_message("example.com")), AnalysisSettings(), LiveSource(server.address))
    m = report.dmarc
    assert (m.result, m.policy, m.testing) == (AuthResult.FAIL, "quarantine", True)
    doc = report_to_dict(report)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert doc["dmarc"]["rfc7489"]["policy"] == "reject" and doc["dmarc"]["standard"] == "RFC 9989"
    assert doc["dmarc"]["tree_walk"][0]["domain"] == "example.com"
    text = report_to_text(report)
    assert "DMARC 7489" in text and "t=y lowers reject to quarantine" in text
    html = report_to_html(report)
    assert "Differs from RFC 7489" in html and "RFC 7489 differs" in html
    # The window's DMARC row and its children (inspector/gui/auth_panel.py renders exactly these).
    assert "RFC 7489 differs: dmarc=fail, policy reject" in dmarc_summary(m)
    labels = dict(dmarc_details(m))
    assert labels["Testing (t=)"] == "t=y: reject published, quarantine applied"
    assert labels["DNS tree walk"] and labels["Differs from RFC 7489"]
    # "Copy summary for a ticket" (window and CLI share ticket_summary) carries it too.
    assert "DMARC by RFC 7489: dmarc=fail, policy reject" in ticket_summary(report)


def test_dns_capture_records_the_tree_walk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msg = tmp_path / "m.eml"
    msg.write_bytes(_signed_message("a.b.example.com"))
    out = tmp_path / "snap.json"
    zone = [rec("_dmarc.example.com.", "v=DMARC1; p=reject"), nx("_dmarc.com.")]
    with LoopbackDnsServer(zone) as server:
        assert main(["dns-capture", str(msg), "-o", str(out), "--nameserver", server.address]) == 0
    names = {r["name"] for r in json.loads(out.read_text())["records"] if r["type"] == "TXT"}
    assert {"_dmarc.a.b.example.com.", "_dmarc.b.example.com.", "_dmarc.example.com.", "_dmarc.com."} <= names
    capsys.readouterr()
    assert main(["analyze", "--json", str(msg), "--dns-snapshot", str(out)]) == 0
    replay = json.loads(capsys.readouterr().out)["dmarc"]
    assert (replay["result"], replay["record_domain"], replay["provenance"]) == ("fail", "example.com", "dns-snapshot")


def test_no_record_under_either_standard_is_no_difference() -> None:
    # The organisational domains differ (tree walk: the name itself; PSL: example.com) but DMARC applies
    # under neither, so nothing is reported as a difference.
    r, asked = run_loopback([nx("_dmarc.com.")], "x@a.example.com", dkim=(sig("attacker.example"),))
    assert r.result is AuthResult.NONE and r.rfc7489 is not None and r.rfc7489.result is AuthResult.NONE
    assert (r.org_domain, r.rfc7489.org_domain) == ("a.example.com", "example.com")
    assert not r.differences
    assert dmarc_asked(asked)[:3] == ["_dmarc.a.example.com.", "_dmarc.example.com.", "_dmarc.com."]


def _recorded(result: str, **props: str) -> RecordedResult:
    return RecordedResult(
        header="Authentication-Results",
        header_index=0,
        authserv_id="mx.receiver.test",
        trusted=True,
        method="dmarc",
        result=result,
        properties=props,
    )


def test_a_receiver_running_rfc_7489_is_explained_not_contradicted() -> None:
    # The receiver recorded policy.dmarc=reject for p=reject; t=y: right by RFC 7489, which has no t=.
    r, _ = run_loopback(TESTING_ZONE, "x@example.com", dkim=(sig("attacker.example"),))
    (d,) = compare((_recorded("fail", **{"policy.dmarc": "reject"}),), SpfResult(), (), ArcResult(), r)
    assert "recorded policy.dmarc=reject, the RFC 7489 policy" in d.explanation and "t=y lowers" in d.explanation
    # A receiver whose dmarc= is the RFC 7489 one (github.io: none there, pass here) is named as such.
    zone = [rec("_dmarc.github.io.", "v=DMARC1; p=reject"), nx("_dmarc.io."), host("user.github.io.")]
    g, _ = run_loopback(zone, "x@user.github.io", dkim=(sig("github.io"),))
    (d2,) = compare((_recorded("none"),), SpfResult(), (), ArcResult(), g)
    assert "which is the RFC 7489 answer; RFC 9989 gives pass" in d2.explanation
    assert "organisational domain" in d2.explanation


def test_an_undecided_tree_walk_shows_the_rfc_7489_answer_and_why() -> None:
    # A name between the From domain and its PSL organisational domain cannot be asked: RFC 9989 cannot
    # tell whether the policy is there; RFC 7489 never asks it and finds example.com's record.
    zone = [
        {"name": "_dmarc.b.example.com.", "type": "TXT", "status": "SERVFAIL"},
        rec("_dmarc.example.com.", "v=DMARC1; p=reject"),
        nx("_dmarc.com."),
    ]
    r, _ = run_loopback(zone, "x@a.b.example.com", dkim=(sig("attacker.example"),))
    assert r.result is AuthResult.TEMPERROR and "_dmarc.b.example.com." in r.reason
    assert r.rfc7489 is not None and (r.rfc7489.result, r.rfc7489.policy) == (AuthResult.FAIL, "reject")
    (d,) = r.differences
    assert "RFC 9989 could not be decided" in d and "gives dmarc=fail with policy reject" in d
