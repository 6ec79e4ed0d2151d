"""Campaign grouping (issue 16 item 4): which messages share strong indicators, read from real reports."""

from __future__ import annotations

import re

from inspector.analyze import analyze
from inspector.batch.campaigns import Member, group, indicators_of, mask_subject, network_of
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings
from tests.support.corpora import PHISHING, legit_messages

SETTINGS = AnalysisSettings(now="2026-12-01T00:00:00Z")


def _member(position: int, data: bytes) -> Member:
    report = analyze(load_bytes(data, path=f"m{position}.eml"), SETTINGS)
    return Member(position, f"m{position}", report.identities.date, indicators_of(report))


def _variant(data: bytes, name: str, number: int) -> bytes:
    """The same message sent to another person with another reference number (what mail merge varies)."""
    data = re.sub(rb"(?mi)^To:.*$", f"To: {name} <{name.lower()}@victim.example>\r".encode(), data, count=1)
    return re.sub(rb"(?mi)^Subject:(.*)$", f"Subject: {name}, ticket {number} needs action\r".encode(), data, count=1)


def test_subject_masking() -> None:
    assert mask_subject("RE: Fwd: Invoice 12,345.00 for Maria", ["maria"]) == "invoice # for <name>"
    assert mask_subject("Your parcel JX82HH1299 to bob@corp.example") == "your parcel <id> to <address>"
    assert mask_subject("12345") is None  # nothing left to compare
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert network_of("not an ip") is None


def test_one_campaign_with_varied_recipients_others_apart() -> None:
    base = (PHISHING / "sample-1096.eml").read_bytes()
    wave = [_variant(base, name, n) for name, n in (("Alice", 1001), ("Bruno", 2002), ("Chidi", 3003))]
    unrelated = [p.read_bytes() for p in legit_messages() if p.suffix == ".eml"][:6]
    members = [_member(i, d) for i, d in enumerate([wave[0], *unrelated[:3], wave[1], *unrelated[3:], wave[2]])]

    found = group(members)

    wave_positions = (0, 4, 8)
    assert [tuple(m.position for m in c.members) for c in found if c.members[0].position == 0] == [wave_positions]
    campaign = next(c for c in found if c.members[0].position == 0)
    kinds = {kind for kind, _, count in campaign.shared if count == 3}
    assert "subject" in kinds and len(kinds) >= 2
    assert ("subject", "<name>, ticket # needs action", 3) in campaign.shared
    assert campaign.first_seen is not None and campaign.first_seen == campaign.last_seen  # one Date in the wave
    # No unrelated message joined it.
    assert all(m.position in wave_positions for m in campaign.members)


def test_a_shared_attachment_alone_links_and_one_shared_kind_does_not() -> None:
    ind_a = (("attachment", ("aa" * 32,)), ("from_org", ("one.example",)))
    ind_b = (("attachment", ("aa" * 32,)), ("from_org", ("two.example",)))
    ind_c = (("from_org", ("one.example",)), ("subject", ("hello there",)))
    ind_d = (("from_org", ("one.example",)), ("subject", ("something else",)))
    found = group(
        [
            Member(0, "a", None, ind_a),
            Member(1, "b", None, ind_b),
            Member(2, "c", None, ind_c),
            Member(3, "d", None, ind_d),
        ]
    )
    assert [[m.position for m in c.members] for c in found] == [[0, 1]]


def test_link_indicator_is_the_destinations_domain_not_its_defanged_url() -> None:
    """Two copies linking to one site on different paths share its domain; the indicator is a domain (it was
    the registrable part of the defanged URL text: ``]evil-pay[.]example/a/1``, one value per path)."""

    def message(path: str) -> bytes:
        return (
            "From: a@sender.example\r\nTo: b@victim.example\r\nSubject: hello\r\nContent-Type: text/html\r\n\r\n"
            f'<a href="https://login.evil-pay.example/{path}">pay</a>\r\n'
        ).encode()

    a = dict(_member(0, message("a/1")).indicators)
    b = dict(_member(1, message("b/2")).indicators)
    assert a["link"] == b["link"] == ("evil-pay.example",)
