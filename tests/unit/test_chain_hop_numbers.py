"""Every sentence that names a hop uses the number the hop views show: the hop's number in the whole chain.

A chain longer than the display cap hides its middle (`inspector.chain.pipeline`); hops keep their number in the
whole chain (`Hop.number`: hop 2,751 after 2,500 hidden ones), and the hop cards, the hop table and the legend
show it. The sentences the engine writes about hops — a break's evidence ("the body changed after hop N") and
its headline, a signature's timing note, a filter header tied to a hop by its queue id, SPF's identity source —
must say the same number, in the JSON, the text and HTML reports and the GUI.

The class test pads real messages (`../shared/corpora`) with older hops below their Received chain, enough
for the middle to be hidden: every hop of the original message keeps its place and its number grows by exactly
the padding, so each sentence must be the original one with every "hop N" read as "hop N+PAD". The listed
position would grow by less (the hidden hops are not listed).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inspector.analyze import analyze
from inspector.chain import MAX_HOPS, analyze_chain
from inspector.chain.pipeline import HEAD_HOPS
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.report import Report
from inspector.report.to_html import report_to_html
from inspector.report.to_json import report_to_dict
from inspector.report.to_text import report_to_text
from inspector.report.wording import break_text
from inspector.settings import AnalysisSettings
from tests.support.corpora import LEGIT, SHARED
from tests.support.padded_chain import PAD, padded

HOP = re.compile(r"\bhop (\d+)\b")
#: Real messages whose sentences name hops: breaks (body changed, ARC restarted, subject tag), rspamd blocks
#: tied to the receiving hop by queue id, and SPF's identity source (every one of them).
MESSAGES = (
    SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml",
    SHARED / "corpora" / "real-chains" / "mailbits-twine_release.eml",
    LEGIT / "linaro-mm-sig__1.eml",
    LEGIT / "dm-devel__1.eml",
    LEGIT / "openbmc__13.eml",
    LEGIT / "ozlabs-aspeed__1.eml",
)


def sentences(report: Report) -> list[str]:
    """Every sentence of the report that may name a hop, in a fixed order."""
    out = [b.evidence for b in report.breaks]
    out += [break_text(b, report.identities.mailing_list, hops=report.hops) for b in report.breaks]
    out += [f.trust_basis for f in report.filters]
    out.append(report.spf.identity_source or "")
    out += [w for w in report.warnings if HOP.search(w)]
    return out


def shifted(text: str, by: int) -> str:
    return HOP.sub(lambda m: f"hop {int(m.group(1)) + by}", text)


def _analyse(raw: bytes) -> Report:
    return analyze(load_bytes(raw), AnalysisSettings(), OfflineSource())


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: p.name)
def test_after_a_hidden_gap_every_sentence_names_the_hop_by_its_number(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    raw = path.read_bytes()
    plain, long = _analyse(raw), _analyse(padded(raw))
    assert long.boundary.truncated and long.boundary.hops_omitted > 0  # the middle is hidden
    assert long.boundary.hop_index is not None and plain.boundary.hop_index is not None
    shown = {h.number_shown for h in long.hops}
    assert long.hops[long.boundary.hop_index].number_shown == plain.hops[plain.boundary.hop_index].number_shown + PAD
    before, after = sentences(plain), sentences(long)
    assert len(before) == len(after)
    named = [s for s in before if HOP.search(s)]
    assert named, "the message has no sentence naming a hop: it tests nothing"
    for old, new in zip(before, after, strict=True):
        assert new == shifted(old, PAD)
        # Each hop a sentence names is one the hop views show, by that number.
        assert {int(n) for n in HOP.findall(new)} <= shown

    # The same sentences reach every output: JSON, text and HTML.
    data = report_to_dict(long)
    assert [b["evidence"] for b in data["breaks"]] == [b.evidence for b in long.breaks]
    text, page = report_to_text(long), report_to_html(long)
    for b in long.breaks:
        line = break_text(b, long.identities.mailing_list, hops=long.hops)
        assert line.removeprefix("✖ ") in text
        head = line.split(":", 1)[0]
        assert head.replace("—", "&mdash;") in page or head in page or head.replace("—", "&#8212;") in page


def chain_message(n: int, top: str = "") -> bytes:
    """`n` Received fields from h{i} to h{i+1} one minute apart (newest on top), `top` right below the newest."""
    start = datetime(2026, 11, 30, 4, 0, 0, tzinfo=UTC)
    lines = []
    for i in reversed(range(n)):
        when = (start + timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        lines.append(
            f"Received: from h{i}.relay.example (h{i}.relay.example [198.51.{i // 250}.{i % 250 + 1}]) "
            f"by h{i + 1}.relay.example with ESMTP id Q{i}; {when}\r\n"
        )
        if i == n - 1 and top:
            lines.append(top)
    return ("".join(lines) + "From: a@relay.example\r\nSubject: long\r\n\r\nbody\r\n").encode()


def test_a_signature_after_the_gap_is_named_by_its_hop_number() -> None:
    """A DKIM signature (d=relay.example, its body hash wrong, signed a day before its hop received the mail)
    on the hop below the newest: hop 2,999 of 3,000, listed 499th. Its timing note and the break say 2999."""
    n = 3000
    t = int(datetime(2026, 11, 30, 4, 0, tzinfo=UTC).timestamp()) - 86_400
    sig = f"DKIM-Signature: v=1; a=rsa-sha256; d=relay.example; s=s1; t={t}; h=from; bh=AAAA; b=AAAA\r\n"
    c = analyze_chain(load_bytes(chain_message(n, sig)), AnalysisSettings())
    assert c.truncated and len(c.hops) == MAX_HOPS and c.hops[HEAD_HOPS].number == n - (MAX_HOPS - HEAD_HOPS) + 1
    body = next(b for b in c.breaks if b.what == "body changed")
    assert body.after_hop == MAX_HOPS - 2 and c.hops[body.after_hop].number == n - 1
    assert body.evidence.endswith("so the body changed after hop 2999")
    assert "DKIM d=relay.example (hop 2999)" in body.evidence
    timing = next(w for w in c.warnings if "signed" in w and "before" in w)
    assert "(hop 2999)" in timing
    assert break_text(body, hops=c.hops).startswith("✖ body changed after hop 2999")


def test_a_break_across_the_hidden_gap_stays_open_between_its_numbers() -> None:
    """Listed next to each other but 2,500 hops apart: the bracket names both ends, never "at hop 2751"."""
    from inspector.model.chain import Break

    c = analyze_chain(load_bytes(chain_message(3000)), AnalysisSettings())
    gap = HEAD_HOPS
    text = break_text(Break("body changed", gap - 1, gap, "x"), hops=c.hops)
    assert text.startswith("✖ body changed between hop 250 and hop 2751")
    # Without hops (a break on its own) the listed positions are all there is.
    assert break_text(Break("body changed", 1, 1, "x")).startswith("✖ body changed at hop 2")
