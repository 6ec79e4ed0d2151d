"""The Date header and DKIM t= against the Received chain."""

# ruff: noqa: E501 - Received lines are kept whole, as an MTA writes them, so they can be read against the asserts.

from __future__ import annotations

from inspector.chain import ChainAnalysis, analyze_chain
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings
from inspector.timefmt import words_span as span

# Oldest first in time: submission 04:00:01, MX 04:00:10 (the boundary), store 04:00:12 (all UTC).
SUBMIT = "from [10.1.1.4] (unknown [10.1.1.4]) (Authenticated sender: a@sender.example) by mail.sender.example (Postfix) with ESMTPSA id C3; Mon, 30 Nov 2026 05:00:01 +0100"
MX = "from mail.sender.example (mail.sender.example [198.51.100.7]) by mx.corp.example (Postfix) with ESMTPS id A1; Mon, 30 Nov 2026 04:00:10 +0000"
INNER = "from mx.corp.example (mx.corp.example [10.0.0.5]) by store.corp.example (Postfix) with LMTP id B2; Mon, 30 Nov 2026 04:00:12 +0000"


def _chain(date: str | None, extra: str = "") -> ChainAnalysis:
    head = "".join(f"Received: {r}\r\n" for r in (INNER, MX, SUBMIT)) + extra
    if date is not None:
        head += f"Date: {date}\r\n"
    return analyze_chain(load_bytes((head + "From: a@sender.example\r\n\r\nhi\r\n").encode()), AnalysisSettings())


def test_ordinary_date_gives_figures_and_no_finding() -> None:
    b = _chain("Mon, 30 Nov 2026 03:59:58 +0000").boundary
    assert b.date_header == "2026-11-30T03:59:58Z"
    assert b.date_vs_first_hop_seconds == -3  # 03:59:58 vs the submission at 04:00:01Z
    assert b.date_vs_boundary_seconds == -12  # vs the MX at 04:00:10Z
    assert b.time_findings == ()


def test_date_days_before_the_first_hop_is_a_finding_in_plain_words() -> None:
    c = _chain("Fri, 27 Nov 2026 04:00:01 +0000")
    assert c.boundary.date_vs_first_hop_seconds == -3 * 86400
    assert len(c.boundary.time_findings) == 1
    text = c.boundary.time_findings[0]
    assert text.startswith("the Date says it was written 3 days before the first server saw it")
    assert "mail.sender.example" in text and text in c.warnings


def test_date_in_the_future_of_delivery_is_a_finding() -> None:
    # 08:00:10 +0200 is 06:00:10Z: two hours after the boundary hop at 04:00:10Z.
    c = _chain("Mon, 30 Nov 2026 08:00:10 +0200")
    assert c.boundary.date_vs_boundary_seconds == 2 * 3600
    assert [f[:70] for f in c.boundary.time_findings] == [
        "the Date says it was written 2 hours after your organisation received "
    ]


def test_missing_unreadable_and_zoneless_dates_are_noted() -> None:
    assert _chain(None).boundary.time_findings == (
        "the message has no Date header (every message must carry one, RFC 5322)",
    )
    b = _chain("yesterday at noon").boundary
    assert b.date_header is None and b.date_vs_first_hop_seconds is None
    assert b.time_findings[0].startswith("the Date header could not be read as a date")
    b = _chain("Mon, 30 Nov 2026 04:00:00 -0000").boundary
    assert b.date_vs_first_hop_seconds == -1 and "no usable time zone" in b.time_findings[0]


def test_dkim_t_against_the_hop_it_is_placed_on() -> None:
    # Signed by sender.example while mail.sender.example held the message (received 04:00:01Z, left at 04:00:10Z).
    ok = "DKIM-Signature: v=1; a=rsa-sha256; d=sender.example; s=s; t=1796011205; h=from; bh=AAAA; b=BBBB\r\n"
    c = _chain("Mon, 30 Nov 2026 04:00:00 +0000", extra=ok)
    art = next(a for h in c.hops for a in h.artefacts if a.kind == "dkim-signature")
    assert c.hops[art.hop_index or 0].by_host == "mail.sender.example"
    assert art.signed_at == "2026-11-30T04:00:05Z" and art.signed_vs_hop_seconds == 4 and art.timing_note == ""
    # Two hours before that host received it.
    early = ok.replace("t=1796011205", "t=1796004001")
    c = _chain("Mon, 30 Nov 2026 04:00:00 +0000", extra=early)
    art = next(a for h in c.hops for a in h.artefacts if a.kind == "dkim-signature")
    assert art.signed_vs_hop_seconds == -7200
    assert art.timing_note.startswith(
        "DKIM signature d=sender.example says it was signed 2 hours before mail.sender.example received"
    )
    assert art.timing_note in c.warnings
    # An hour after the next server (mx.corp.example, 04:00:10Z) already had it.
    late = ok.replace("t=1796011205", "t=1796014810")
    c = _chain("Mon, 30 Nov 2026 04:00:00 +0000", extra=late)
    art = next(a for h in c.hops for a in h.artefacts if a.kind == "dkim-signature")
    assert "1 hour after the next server (mx.corp.example)" in art.timing_note


def test_span_words() -> None:
    assert [span(s) for s in (40, 1200, 3600, 5 * 3600, 86400, -3 * 86400)] == [
        "40 seconds",
        "20 minutes",
        "1 hour",
        "5 hours",
        "1 day",
        "3 days",
    ]
