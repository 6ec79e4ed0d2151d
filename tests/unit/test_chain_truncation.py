"""A chain longer than the display cap keeps both ends: the sender's first hops and the receiving side.

The middle is hidden, and every listed hop says how many hops were hidden just before it, so views can draw
an "N hops hidden" row in the right place and the delay across the gap is explained.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from inspector.chain import MAX_HOPS, MAX_PARSED, analyze_chain
from inspector.chain.pipeline import HEAD_HOPS, kept_positions
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings

START = datetime(2026, 11, 30, 4, 0, 0, tzinfo=UTC)


def chain_message(n: int) -> bytes:
    """`n` Received fields, hop i (oldest first) from h{i} to h{i+1}, one minute apart (newest on top)."""
    lines = []
    for i in reversed(range(n)):
        when = (START + timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        lines.append(
            f"Received: from h{i}.relay.example (h{i}.relay.example [198.51.{i // 250}.{i % 250 + 1}]) "
            f"by h{i + 1}.relay.example with ESMTP id Q{i}; {when}\r\n"
        )
    return ("".join(lines) + "From: a@relay.example\r\nSubject: long\r\n\r\nbody\r\n").encode()


def test_a_long_chain_keeps_the_senders_first_hops_and_the_newest() -> None:
    n = 3000
    c = analyze_chain(load_bytes(chain_message(n)), AnalysisSettings())
    hops = c.hops
    assert c.truncated and len(hops) == MAX_HOPS
    # Both ends: the very first hop (h0, the sender's) and the very last (the mailbox side).
    assert hops[0].from_host == "h0.relay.example"
    assert hops[HEAD_HOPS - 1].from_host == f"h{HEAD_HOPS - 1}.relay.example"
    assert hops[HEAD_HOPS].from_host == f"h{n - (MAX_HOPS - HEAD_HOPS)}.relay.example"
    assert hops[-1].from_host == f"h{n - 1}.relay.example"
    # The gap is on the first newest-side hop, and only there; together the gaps are what was omitted.
    hidden = [(h.index, h.hidden_before) for h in hops if h.hidden_before]
    assert hidden == [(HEAD_HOPS, n - MAX_HOPS)]
    assert c.boundary.hops_omitted == n - MAX_HOPS
    # The delay across the gap spans the hidden hops (one minute each) and says so.
    gap = hops[HEAD_HOPS]
    assert gap.delay_seconds == (n - MAX_HOPS + 1) * 60
    assert any("spans the 2,500 hidden hops" in a for a in gap.annotations)
    # Total delivery time runs from the sender's first hop to the newest one.
    assert c.boundary.total_seconds == (n - 1) * 60
    assert any("oldest and the newest" in w for w in c.warnings)


def test_beyond_the_parse_cap_both_ends_are_still_read() -> None:
    n = MAX_PARSED + 700
    c = analyze_chain(load_bytes(chain_message(n)), AnalysisSettings())
    assert c.hops[0].from_host == "h0.relay.example" and c.hops[-1].from_host == f"h{n - 1}.relay.example"
    assert c.boundary.received_count == n
    assert sum(h.hidden_before for h in c.hops) == c.boundary.hops_omitted == n - MAX_HOPS
    assert any("in the middle were not" in w for w in c.warnings)


def test_kept_positions_always_keep_the_hops_that_must_be_listed() -> None:
    assert kept_positions(10, (3,)) == list(range(10))
    keep = kept_positions(2000, (1000, None, 1500))
    assert len(keep) == MAX_HOPS and 1000 in keep and 1500 in keep
    assert 0 in keep and 1999 in keep and 2000 - HEAD_HOPS in keep
    # A must-keep hop already listed costs nothing.
    assert kept_positions(2000, (5,)) == sorted(set(range(MAX_HOPS - HEAD_HOPS)) | set(range(2000 - HEAD_HOPS, 2000)))


def _original_number(hop_from_host: str | None) -> int:
    return int((hop_from_host or "").split(".", 1)[0].removeprefix("h")) + 1


def test_every_listed_hop_keeps_its_number_in_the_whole_chain() -> None:
    """After a hidden gap the next hop is hop 2,501 of the chain, not the 251st listed (the views show this)."""
    for n in (3000, MAX_PARSED + 700):
        c = analyze_chain(load_bytes(chain_message(n)), AnalysisSettings())
        assert [h.number for h in c.hops] == [_original_number(h.from_host) for h in c.hops]
        gap = c.hops[HEAD_HOPS]
        assert gap.hidden_before and gap.number == HEAD_HOPS + gap.hidden_before + 1 != gap.index + 1
        assert c.hops[-1].number == n


def test_views_show_the_number_in_the_whole_chain() -> None:
    from inspector.analyze import analyze
    from inspector.dns.offline import OfflineSource
    from inspector.model.report import hop_number
    from inspector.report.to_html import report_to_html
    from inspector.report.to_text import report_to_text
    from inspector.report.wording import hop_text

    n = 3000
    r = analyze(load_bytes(chain_message(n)), AnalysisSettings(), OfflineSource())
    gap = r.hops[HEAD_HOPS]
    number = HEAD_HOPS + gap.hidden_before + 1
    text = report_to_text(r)
    assert f"  {number}. h{number - 1}.relay.example" in text
    assert f"  {HEAD_HOPS + 1}. h{number - 1}.relay.example" not in text
    assert hop_text(gap, claimed=True).title.startswith(f"{number}.")
    assert f'id="hop-{number}"' in report_to_html(r)
    assert hop_number(r, len(r.hops) - 1) == n
    # A hand-built report without numbers shows listed positions, as before.
    assert hop_number(r, 0) == 1
