"""The receivers' filter headers (issue 14): decoded per vendor on real headers, trusted only inside the trust
boundary, summarised per vendor, and counted by the verdict.

Real headers are read by path from ../shared (phishing_pot: CC BY-NC; legit-dev: mixed licences, see its
SOURCES.tsv) and never copied; `tests/fixtures/filters/` holds messages written for this project for vendors
without a real example there (see its SOURCE.md).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.filters.parsers import (
    barracuda_status,
    kv_colon,
    rspamd_result,
    spamassassin_report,
    spamassassin_status,
    trendmicro_result,
)
from inspector.ingest import load_bytes, load_file
from inspector.model.filters import FilterSeverity, FilterVerdict
from inspector.model.report import Level, Report
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.support.corpora import LEGIT, PHISHING

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "filters"


def _report(path: Path, settings: AnalysisSettings | None = None) -> Report:
    return analyze(load_file(path), settings)


def _fields(report: Report, vendor: str, header: str | None = None) -> dict[str, object]:
    return {f.field: f for f in report.filters if f.vendor == vendor and (header is None or f.header.lower() == header)}


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


# ------------------------------------------------------------------------------------------------ Microsoft


def test_microsoft_scl_is_trusted_behind_the_eop_boundary_and_raises_the_verdict() -> None:
    """phishing_pot sample-113: Microsoft 365 (outlook.com) took it in; its X-MS-Exchange-Organization-SCL: 9
    stands below the boundary's Received field (Exchange writes its stamps there) and is trusted through the
    header firewall; the mailbox put it in Junk."""
    report = _report(_need(PHISHING / "sample-113.eml"))
    scl = next(f for f in report.filters if f.header == "X-MS-Exchange-Organization-SCL")
    assert scl.trusted and scl.scl == 9 and scl.verdict is FilterVerdict.SPAM
    assert scl.label == "Spam confidence level (SCL)" and scl.severity is FilterSeverity.WARNING
    assert scl.hop == report.boundary.hop_index
    assert "header firewall" in scl.trust_basis
    dest = next(f for f in report.filters if f.field == "dest")
    assert dest.value == "J" and dest.destination == "Junk" and dest.trusted
    summary = next(s for s in report.filter_summaries if s.vendor == "Microsoft 365")
    assert summary.trusted and summary.text == "Microsoft 365 rated this spam (SCL 9) and delivered it to Junk"
    finding = next(f for f in report.verdict.findings if f.rule == "filter-verdict")
    assert finding.text.startswith("Your mail filter (Microsoft 365) already rated this as spam (SCL 9)")
    assert report.verdict.level in (Level.SUSPICIOUS, Level.DANGEROUS)


def test_microsoft_untrusted_copies_are_the_senders_tenant() -> None:
    """sample-1404 carries X-Forefront-Antispam-Report-Untrusted (SCL:1, SFV:NSPM): Microsoft renamed the
    sending tenant's own stamp; it is decoded but claimed, and never lowers anything."""
    report = _report(_need(PHISHING / "sample-1404.eml"))
    untrusted = [f for f in report.filters if f.header.lower() == "x-forefront-antispam-report-untrusted"]
    assert untrusted and not any(f.trusted for f in untrusted)
    sfv = next(f for f in untrusted if f.field == "SFV")
    assert sfv.value == "NSPM" and sfv.verdict is FilterVerdict.CLEAN and "-Untrusted" in sfv.trust_basis
    unknown = next(f for f in untrusted if f.field == "SFP")
    assert not unknown.known and unknown.value  # not in our table: shown raw, never dropped


def test_compauth_reason_is_decoded_from_the_receivers_authentication_results() -> None:
    report = _report(_need(PHISHING / "sample-113.eml"))
    comp = {f.field: f for f in report.filters if f.header.lower() == "authentication-results"}
    assert comp["compauth"].value == "fail"
    assert comp["reason"].value in {"000", "001"} and comp["reason"].label == "Composite authentication reason"
    assert comp["compauth"].trusted == comp["reason"].trusted


def test_forefront_claimed_copy_from_another_organisation_is_not_trusted() -> None:
    """legit-dev dm-devel__14: a Red Hat list message received by lfdr.de carries Intel's X-Forefront-Antispam-
    Report and Mimecast/IronPort stamps from the way there: all claimed, decoded all the same."""
    report = _report(_need(LEGIT / "dm-devel__14.eml"))
    ms = _fields(report, "Microsoft 365", "x-forefront-antispam-report")
    assert ms["SCL"].value == "1" and not ms["SCL"].trusted  # type: ignore[attr-defined]
    assert ms["DIR"].meaning.startswith("Outbound")  # type: ignore[attr-defined]
    mime = _fields(report, "Mimecast", "x-mimecast-impersonation-protect")
    assert mime["Newly Observed Domain"].value == "false"  # type: ignore[attr-defined]
    cisco = [f for f in report.filters if f.vendor == "Cisco Secure Email"]
    assert {f.value for f in cisco if f.field == "E"} >= {"Sophos"}
    assert not any(f.trusted for f in report.filters if f.vendor in ("Mimecast", "Cisco Secure Email"))
    summaries = {s.vendor: s for s in report.filter_summaries}
    assert summaries["Microsoft 365"].text.startswith("Claimed by the sender, not written by your mail filter:")


# ---------------------------------------------------------------------------------------------- other vendors


def test_spamassassin_above_the_boundary_is_trusted_with_rule_scores() -> None:
    """legit-dev james__1: minet.net's SpamAssassin wrote X-Spam-Status above its boundary Received."""
    report = _report(_need(LEGIT / "james__1.eml"))
    sa = _fields(report, "SpamAssassin", "x-spam-status")
    assert sa["spam"].value == "No" and sa["spam"].trusted  # type: ignore[attr-defined]
    assert sa["BAYES_00"].value == "-1.5"  # type: ignore[attr-defined]
    assert sa["BAYES_00"].meaning == "Bayes spam probability is 0 to 1%."  # type: ignore[attr-defined]
    assert "above the Received field" in sa["spam"].trust_basis  # type: ignore[attr-defined]
    assert report.filter_summaries[0].text.startswith("SpamAssassin found nothing wrong")


def test_rspamd_is_tied_to_the_receiving_hop_by_its_queue_id() -> None:
    """legit-dev linaro-mm-sig__1: lfdr.de's rspamd appended its headers at the bottom; X-Rspamd-Queue-Id is the
    queue id lfdr.de wrote in its Received field, so the block is trusted (hop = that hop)."""
    path = _need(LEGIT / "linaro-mm-sig__1.eml")
    report = _report(path)
    res = _fields(report, "rspamd", "x-spamd-result")
    assert res["spam"].trusted and res["spam"].value == "false"  # type: ignore[attr-defined]
    assert res["R_SPF_ALLOW"].meaning == "SPF verification allows sending."  # type: ignore[attr-defined]
    assert res["spam"].hop == report.boundary.hop_index  # type: ignore[attr-defined]
    # The same block with a queue id the receiver never wrote: claimed.
    raw = path.read_bytes().replace(b"X-Rspamd-Queue-Id: E5D0F412D8C", b"X-Rspamd-Queue-Id: 0000FORGED")
    forged = analyze(load_bytes(raw))
    assert not any(f.trusted for f in forged.filters if f.vendor == "rspamd")


def test_rspamd_extended_report_in_x_spam_report() -> None:
    """phishing_pot sample-3146: X-Spam-Report in rspamd's extended format (Action:, Symbol: NAME(score))."""
    report = _report(_need(PHISHING / "sample-3146.eml"))
    rs = _fields(report, "rspamd", "x-spam-report")
    assert rs["action"].value == "no action"  # type: ignore[attr-defined]
    assert rs["R_UNDISC_RCPT"].value == "3.00"  # type: ignore[attr-defined]


def test_proofpoint_details_and_virus_version() -> None:
    report = _report(_need(LEGIT / "linaro-mm-sig__2.eml"))
    pp = _fields(report, "Proofpoint", "x-proofpoint-spam-details")
    assert pp["rule"].value == "outbound_notspam" and pp["rule"].verdict is FilterVerdict.CLEAN  # type: ignore[attr-defined]
    assert pp["phishscore"].label == "Phishing score"  # type: ignore[attr-defined]
    vv = _fields(report, "Proofpoint", "x-proofpoint-virus-version")
    assert vv["vendor"].value == "baseguard"  # type: ignore[attr-defined]


def test_trend_micro_result() -> None:
    report = _report(_need(LEGIT / "ozlabs-aspeed__33.eml"))
    tm = _fields(report, "Trend Micro", "x-tm-as-result")
    assert tm["spam"].value == "No" and tm["threshold"].value.startswith("8")  # type: ignore[attr-defined]


def test_barracuda_tagged_message_is_trusted_and_counts() -> None:
    report = _report(FIXTURES / "barracuda-tagged.eml")
    bc = _fields(report, "Barracuda", "x-barracuda-spam-status")
    assert bc["spam"].verdict is FilterVerdict.SPAM and bc["spam"].trusted  # type: ignore[attr-defined]
    assert bc["TAG_LEVEL"].value == "3.5" and bc["TAG_LEVEL"].label == "Tag level"  # type: ignore[attr-defined]
    assert "HTML_MESSAGE" in bc
    assert any(f.rule == "filter-verdict" and "(Barracuda)" in f.text for f in report.verdict.findings)


def test_google_routing_headers_count_only_with_google_inside_the_boundary() -> None:
    path = FIXTURES / "google-routed-phishy.eml"
    outside = _report(path)
    assert not any(f.trusted for f in outside.filters if f.vendor == "Google Workspace")
    assert not any(f.rule == "filter-verdict" for f in outside.verdict.findings)
    inside = _report(path, AnalysisSettings(trusted_networks=("209.85.128.0/17",)))
    phishy = _fields(inside, "Google Workspace", "x-gm-phishy")["value"]
    assert phishy.trusted and phishy.verdict is FilterVerdict.PHISHING  # type: ignore[attr-defined]
    reason = next(f for f in inside.verdict.findings if f.rule == "filter-verdict")
    assert reason.text.startswith("Your mail filter (Google Workspace) already rated this as phishing")


def test_sophos_and_fortimail() -> None:
    report = _report(FIXTURES / "sophos-fortimail.eml")
    prob = _fields(report, "Sophos", "x-lased-spamprobability")["value"]
    assert prob.trusted and prob.verdict is FilterVerdict.SPAM  # type: ignore[attr-defined]
    spf = _fields(report, "Fortinet FortiMail", "x-feas-spf")["value"]
    assert spf.label == "SPF result"  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------------------- trust and verdict


def test_forged_clean_verdicts_below_the_boundary_are_claimed() -> None:
    report = _report(FIXTURES / "forged-below-boundary.eml")
    assert report.filters
    assert not any(f.trusted for f in report.filters)
    assert all("claimed by the sender" in f.trust_basis for f in report.filters)
    assert all(s.text.startswith("Claimed by the sender") for s in report.filter_summaries)
    assert {s.vendor for s in report.filter_summaries} >= {
        "SpamAssassin",
        "Microsoft 365",
        "Google Workspace",
        "rspamd",
    }


def _with_top_header(path: Path, header: bytes) -> Report:
    return analyze(load_bytes(header + b"\r\n" + path.read_bytes()))


def test_a_trusted_spam_verdict_raises_an_ok_message_and_a_claimed_one_does_not() -> None:
    path = _need(LEGIT / "james__1.eml")
    base = _report(path)
    assert base.verdict.level is Level.OK
    trusted = _with_top_header(path, b"X-Spam-Flag: YES")
    assert trusted.verdict.level is Level.SUSPICIOUS
    assert [f.rule for f in trusted.verdict.findings if f.level.value == "suspicious"] == ["filter-verdict"]
    # The same header among the sender's headers (after the last Received) is claimed: no change.
    raw = path.read_bytes().replace(b"\nSubject:", b"\nX-Spam-Flag: YES\nSubject:", 1)
    claimed = analyze(load_bytes(raw))
    assert claimed.verdict.level is Level.OK
    assert any(f.field == "value" and not f.trusted and f.header == "X-Spam-Flag" for f in claimed.filters)


def test_a_trusted_clean_verdict_never_lowers_our_findings_nor_confirms_a_sender() -> None:
    bad = _need(PHISHING / "sample-249.eml")
    base = _report(bad)
    clean = _with_top_header(bad, b"X-Spam-Status: No, score=-9.0 required=5.0 tests=ALL_TRUSTED")
    assert any(f.trusted and f.verdict is FilterVerdict.CLEAN for f in clean.filters)
    assert clean.verdict.level is base.verdict.level
    headers_only = b"From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\n"
    assert analyze(load_bytes(headers_only)).verdict.level is Level.UNVERIFIED
    with_clean = analyze(load_bytes(b"X-Spam-Status: No, score=-9.0 required=5.0\r\n" + headers_only))
    assert with_clean.verdict.level is Level.UNVERIFIED


def test_report_with_filters_follows_the_schema() -> None:
    import json
    from importlib import resources

    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    for path in (FIXTURES / "barracuda-tagged.eml", FIXTURES / "forged-below-boundary.eml"):
        doc = report_to_dict(_report(path))
        jsonschema.validate(doc, schema)
        assert doc["filters"] and doc["filter_summaries"]
        first = doc["filters"][0]
        assert set(first) >= {"vendor", "header", "field", "value", "label", "meaning", "severity", "trusted", "hop"}


# ------------------------------------------------------------------------------------------------- parsers


def test_parsers_keep_what_they_cannot_read() -> None:
    assert ("(raw)", "garbage") in kv_colon("SCL:1;garbage;")
    assert trendmicro_result("nonsense") == [("(raw)", "nonsense")]
    assert rspamd_result("??")[0][0] == "(raw)"
    assert spamassassin_report("no rules here")[0][0] == "(raw)"


def test_spamassassin_status_with_scored_tests_and_barracuda_status() -> None:
    pairs = dict(spamassassin_status("No, score=-1.499 required=1 tests=[BAYES_00=-1.5, UNPARSEABLE_RELAY=0.001]"))
    assert pairs["rule:BAYES_00"] == "-1.5" and pairs["required"] == "1"
    bpairs = dict(barracuda_status("No, SCORE=0.00 using per-user scores of TAG_LEVEL=3.5 KILL_LEVEL=1000.0 tests="))
    assert bpairs["spam"] == "No" and bpairs["KILL_LEVEL"] == "1000.0"


def test_spamassassin_report_table_gives_each_rule_its_score_and_description() -> None:
    text = (
        "Content analysis details:   (9.8 points, 5.0 required)  pts rule name description "
        "---- ---------------------- ----- -0.0 NO_RELAYS Informational: message was not relayed via SMTP "
        "1.2 MISSING_HEADERS Missing To: header 2.0 PYZOR_CHECK Listed in Pyzor"
    )
    pairs = dict(spamassassin_report(text))
    assert pairs["rule:MISSING_HEADERS"].startswith("1.2")
    assert "Listed in Pyzor" in pairs["rule:PYZOR_CHECK"]


def test_hostile_filter_headers_are_bounded() -> None:
    huge = b"X-Forefront-Antispam-Report: " + b"A:1;" * 50_000 + b"\r\n"
    report = analyze(load_bytes(huge + b"From: a@example.com\r\nSubject: x\r\n\r\n"))
    assert 0 < len(report.filters) <= 200
    assert all(len(f.value) <= 500 for f in report.filters)


def test_a_list_explains_a_spam_score_it_caused() -> None:
    """legit-dev linaro-mm-sig__19: lfdr.de's rspamd said "add header" because the list broke zohomail.com's DMARC
    (DMARC_POLICY_REJECT, ARC_REJECT); the chain backs the list's part, so the filter's spam verdict is a note,
    as the author's broken signature is. Phishing or malware verdicts are never explained away like this."""
    report = _report(_need(LEGIT / "linaro-mm-sig__19.eml"))
    finding = next(f for f in report.verdict.findings if f.rule == "filter-verdict")
    assert finding.level.value == "note" and "mailing list at linaro.org" in finding.text
    assert report.verdict.level is Level.OK


def test_text_html_and_ticket_carry_the_summary_lines() -> None:
    from inspector.report.to_html import report_to_html
    from inspector.report.to_text import report_to_text
    from inspector.report.wording import ticket_summary

    report = _report(FIXTURES / "barracuda-tagged.eml")
    line = next(s.text for s in report.filter_summaries if s.vendor == "Barracuda")
    assert line.startswith("Barracuda rated this spam")
    assert f"  {line}" in report_to_text(report).splitlines()
    assert f"Filter: {line}" in ticket_summary(report).splitlines()
    page = report_to_html(report)
    assert 'id="filters"' in page and "Tag level" in page and "Barracuda rated this spam" in page
    forged = report_to_html(_report(FIXTURES / "forged-below-boundary.eml"))
    assert "claimed by the sender" in forged


def test_many_filter_headers_are_bounded_in_all() -> None:
    from inspector.filters.decode import MAX_FIELDS

    many = b"".join(b"X-Forefront-Antispam-Report: " + b"A:1;" * 300 + b"\r\n" for _ in range(400))
    report = analyze(load_bytes(many + b"From: a@example.com\r\nSubject: x\r\n\r\n"))
    assert len(report.filters) == MAX_FIELDS


def test_microsoft_phishing_category_summary_and_reason() -> None:
    """A Forefront report written inside the organisation (above the boundary's Received field) that says
    CAT:PHSH with SCL 9: the summary and the verdict name the category first, then the SCL."""
    report = _with_top_header(
        _need(LEGIT / "james__1.eml"),
        b"X-Forefront-Antispam-Report: CIP:203.0.113.5;CTRY:;LANG:en;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:x;PTR:;"
        b"CAT:PHSH;SFTY:9.20;SFS:(13230028);DIR:INB;\r\n"
        b"X-Microsoft-Antispam-Mailbox-Delivery: ucf:0;jmr:0;dest:J;OFR:SpamFilterAuthJ",
    )
    summary = next(s for s in report.filter_summaries if s.vendor == "Microsoft 365")
    assert summary.text == "Microsoft 365 rated this phishing (CAT:PHSH, SCL 9) and delivered it to Junk"
    reason = next(f for f in report.verdict.findings if f.rule == "filter-verdict")
    assert reason.text.startswith("Your mail filter (Microsoft 365) already rated this as phishing (CAT:PHSH, SCL 9)")
    sfty = next(f for f in report.filters if f.field == "SFTY")
    assert sfty.verdict is FilterVerdict.IMPERSONATION and sfty.meaning.startswith("User impersonation")


def test_an_empty_field_reads_as_not_set() -> None:
    report = _report(FIXTURES / "forged-below-boundary.eml")
    sfty = next(f for f in report.filters if f.field == "SFTY")
    assert sfty.value == "" and sfty.meaning.startswith("Not set.") and sfty.verdict is None
