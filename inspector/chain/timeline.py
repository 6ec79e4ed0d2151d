"""Delays, clock skew and time annotations along the chain (oldest first).

Delay = this hop's time minus the previous *dated* hop's (MHA's rule), always with `total_seconds()`.
Skew attribution: the largest weighted set of hops whose times are consistent (non-decreasing, 2 s
tolerance) is kept, ties going to newer hops (the receiving side's clocks are the ones we trust); a
hop outside that set owns the skew, estimated against its kept neighbours. This isolates a single host
whose clock is off (one host 78 min ahead between two hops 21 s apart) where a plain regression would
smear the error over both neighbours. O(n²) on at most the display cap of hops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from inspector.chain.orgdomain import org_domain
from inspector.chain.received import ParsedHop
from inspector.timefmt import span

_GREYLIST = re.compile(r"delayed\s+(\d+)\s+seconds", re.I)


@dataclass(slots=True)
class HopTime:
    """Per-hop time results."""

    delay: float | None = None
    state: str | None = None
    skew: float | None = None
    annotations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Timeline:
    """Per-hop results plus chain totals."""

    per_hop: list[HopTime]
    before_boundary: float | None = None
    after_boundary: float | None = None
    total: float | None = None
    warnings: list[str] = field(default_factory=list)


def classify(delta: float) -> str:
    """Label a delay by the table of docs/notes/received-chain.md §5.2."""
    if -2 < delta < 2:
        return "same_second"
    if delta < 0:
        if delta >= -300:
            return "minor_skew"
        half_hours = abs(delta) / 1800
        if abs(abs(delta) - round(half_hours) * 1800) <= 300 and round(half_hours) >= 1:
            return "timezone_label_error"
        return "major_skew"
    if delta <= 60:
        return "normal"
    if delta <= 900:
        return "delay"
    if delta <= 6 * 3600:
        return "significant_delay"
    return "major_delay"


def _consistent_set(times: list[tuple[int, float, float]]) -> set[int]:
    """Indexes (into `times`) of the heaviest non-decreasing subsequence, ties to newer hops."""
    n = len(times)
    best = [0.0] * n
    nxt = [-1] * n
    for i in range(n - 1, -1, -1):
        _, ti, wi = times[i]
        best[i] = wi
        for j in range(i + 1, n):
            if times[j][1] >= ti - 2 and wi + best[j] > best[i]:
                best[i] = wi + best[j]
                nxt[i] = j
    if not n:
        return set()
    # Start from the heaviest chain; among equals, the one that starts latest keeps newer hops.
    start = max(range(n), key=lambda i: (best[i], i))
    chosen = set()
    while start != -1:
        chosen.add(start)
        start = nxt[start]
    return chosen


def build_timeline(
    chain: list[ParsedHop],
    boundary: int | None,
    trusted: list[bool],
    greylist: list[str],
    list_signals: list[str],
) -> Timeline:
    """Delays, states, skew and annotations for `chain` (oldest first)."""
    per = [HopTime() for _ in chain]
    tl = Timeline(per)
    _delays(chain, per)
    _skew(chain, trusted, per)
    for ht in per:
        if ht.state == "timezone_label_error":
            ht.annotations.append(
                "a negative gap of about a whole number of hours: a wrong time-zone label, not a delay"
            )
    _explain_greylisting(greylist, per)
    if list_signals:
        _explain_list_holds(chain, list_signals, per)
    times = [h.when for h in chain if h.when is not None]
    if len(times) >= 2:
        tl.total = (times[-1] - times[0]).total_seconds()
    if boundary is not None:
        _around_boundary(chain, boundary, tl)
    claimed = [h.when for h in chain[: boundary or 0] if h.when is not None]
    orgs = {org for h in chain[: boundary or 0] if (org := org_domain(h.by_host)) is not None}
    if len(claimed) >= 3 and len(set(claimed)) == 1 and len(orgs) >= 3:
        tl.warnings.append("several claimed hops carry the identical timestamp (typical of generated chains)")
    return tl


def _delays(chain: list[ParsedHop], per: list[HopTime]) -> None:
    """Each dated hop's delay after the previous dated hop, and its class."""
    prev: datetime | None = None
    for k, h in enumerate(chain):
        if h.when is None:
            continue
        if prev is not None:
            d = (h.when - prev).total_seconds()
            per[k].delay = d
            per[k].state = classify(d)
        prev = h.when


def _skew(chain: list[ParsedHop], trusted: list[bool], per: list[HopTime]) -> None:
    """Hops whose time breaks the order of the largest consistent set (trusted hops weigh more): clock skew."""
    dated = [(k, h.when.timestamp(), 3.0 if trusted[k] else 1.0) for k, h in enumerate(chain) if h.when is not None]
    keep = _consistent_set(dated)
    kept = [dated[i] for i in sorted(keep)]
    for i, (k, t, _w) in enumerate(dated):
        if i in keep:
            continue
        lower = max((kt for kk, kt, _ in kept if kk < k), default=None)
        upper = min((kt for kk, kt, _ in kept if kk > k), default=None)
        ref = t
        if lower is not None and t < lower:
            ref = lower
        elif upper is not None and t > upper:
            ref = upper
        skew = t - ref
        if abs(skew) >= 2:
            per[k].skew = skew
            direction = "ahead" if skew > 0 else "behind"
            per[k].annotations.append(
                f"this host's clock looks {span(abs(skew))} {direction} of its neighbours (its time breaks the order)"
            )


def _explain_greylisting(greylist: list[str], per: list[HopTime]) -> None:
    """X-Greylist "delayed N seconds": the first delay within a minute of N is explained by it."""
    for g in greylist:
        m = _GREYLIST.search(g)
        if not m:
            continue
        secs = int(m.group(1))
        cands = [k for k, ht in enumerate(per) if ht.delay is not None and abs(ht.delay - secs) <= 60]
        if cands:
            per[cands[0]].annotations.append(f"greylisting explains this delay (X-Greylist: delayed {secs} seconds)")


def _explain_list_holds(chain: list[ParsedHop], list_signals: list[str], per: list[HopTime]) -> None:
    """Delays over 15 minutes at a mailing list's hosts: held for moderation or re-sent by the list."""
    for k, ht in enumerate(per):
        if ht.delay is not None and ht.delay > 900 and _listish(chain[k], list_signals):
            ht.annotations.append(
                f"held or re-sent by the mailing list ({'; '.join(list_signals[:2])}): {span(ht.delay)}"
            )


def _around_boundary(chain: list[ParsedHop], boundary: int, tl: Timeline) -> None:
    """Time before and after the boundary, and hops dated on the wrong side of it."""
    bt = chain[boundary].when
    if bt is None:
        return
    before = [h.when for h in chain[:boundary] if h.when is not None]
    after = [h.when for h in chain[boundary + 1 :] if h.when is not None]
    tl.before_boundary = (bt - before[0]).total_seconds() if before else None
    tl.after_boundary = (after[-1] - bt).total_seconds() if after else 0.0
    if any((t - bt).total_seconds() < -300 for t in after):
        tl.warnings.append("a hop inside the receiving organisation is dated more than 5 minutes before the boundary")
    if any((t - bt).total_seconds() > 300 for t in before):
        tl.warnings.append("a hop below the trust boundary is dated after the boundary (claimed times are unreliable)")


def _listish(h: ParsedHop, signals: list[str]) -> bool:
    text = f"{h.by_host or ''} {h.from_host or ''} {h.by_software or ''} {h.protocol or ''}".lower()
    if any(w in text for w in ("list", "mailman", "majordomo", "sympa", "ezmlm")):
        return True
    dom = org_domain(h.by_host)
    return dom is not None and any(s.split("@")[-1].split(">")[0].lower().endswith(dom) for s in signals)
