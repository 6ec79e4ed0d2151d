"""Placing DKIM signatures, ARC sets, Authentication-Results and Received-SPF on hops, and finding breaks.

Placement (docs/notes/received-chain.md §6.1): an artefact belongs to the hop whose receiving organisation (by-host's
organisational domain) matches its identity (d=, authserv-id, SPF receiver). Its neighbours in the header
block are tried first — signatures look at the hop below them (signed while that host held the message),
results at the hop above (validators often insert below their own Received) — then any aligned hop, with
an exact host name and the signature time t= as tie-breakers; otherwise it stays unplaced.

Break localisation (§6.3, §6.4): a DKIM / ARC-Message-Signature body hash that no longer matches the final
body means the body changed after that signer; one that matches means it did not change after. The newest
mismatch and the oldest later match bracket the hop that changed it. Subject tags and From rewriting by a
list explain header-only damage; verdicts recorded along the chain show where a pass turned into a fail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from inspector.chain.artefacts import AuthResults, CanonicalBodies, ReceivedSpf, body_hash_state, tags
from inspector.chain.orgdomain import admd
from inspector.chain.received import ParsedHop
from inspector.dns.names import same_name
from inspector.identities import list_id
from inspector.ingest.message import Message
from inspector.model.chain import Break, PlacedArtefact, numbered
from inspector.model.vocabulary import BodyHashMatch
from inspector.parse import arc_instance

_SIG_KINDS = ("dkim-signature", "arc-set")
#: The leading run of a Subject: reply/forward prefixes and bracketed tags, one at a time.
_LEADING = re.compile(r"\s*(?:(?:re|fwd?|aw|sv)\s*(?:\[\d{1,4}\])?\s*:|\[([^\]]{1,64})\])", re.I)
#: Bounds for hostile subjects: leading items looked at.
_MAX_LEADING = 20
#: Artefacts beyond this many are not placed (bounded work on hostile header blocks).
MAX_ARTEFACTS = 200


@dataclass(slots=True)
class Artefact:
    """Working record before it becomes a `PlacedArtefact`."""

    kind: str
    identity: str
    header_indexes: list[int]
    exact_host: str | None = None
    instance: int | None = None
    selector: str | None = None
    signed_headers: tuple[str, ...] = ()
    signed_at: datetime | None = None
    body_hash: BodyHashMatch = BodyHashMatch.NOT_APPLICABLE
    length_limit: int | None = None
    results: list[str] = field(default_factory=list)
    auth: AuthResults | None = None
    hop: int | None = None
    placement: str = "unplaced"
    detail: str = ""
    signed_vs_hop: float | None = None
    timing: str = ""

    @property
    def pos(self) -> int:
        """Header index that decides the neighbours."""
        return self.header_indexes[0]

    def placed(self) -> PlacedArtefact:
        """The immutable report record."""
        return PlacedArtefact(
            kind=self.kind,
            identity=self.identity,
            header_indexes=tuple(self.header_indexes),
            hop_index=self.hop,
            placement=self.placement,
            instance=self.instance,
            selector=self.selector,
            signed_headers=self.signed_headers,
            signed_at=self.signed_at.isoformat().replace("+00:00", "Z") if self.signed_at else None,
            body_hash=self.body_hash,
            body_length_limit=self.length_limit,
            results=tuple(self.results),
            detail=self.detail,
            signed_vs_hop_seconds=self.signed_vs_hop,
            timing_note=self.timing,
        )


def _epoch(value: str | None) -> datetime | None:
    if not value or not value.isdigit() or len(value) > 12:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _sig(
    kind: str, t: dict[str, str], indexes: list[int], body: bytes | None, bodies: CanonicalBodies | None
) -> Artefact:
    h = tuple(x.strip().lower() for x in t.get("h", "").split(":") if x.strip())
    limit = int(t["l"]) if t.get("l", "").isdigit() else None
    a = Artefact(
        kind=kind,
        identity=t.get("d", "").lower(),
        header_indexes=indexes,
        selector=t.get("s"),
        signed_headers=h,
        signed_at=_epoch(t.get("t")),
        body_hash=BodyHashMatch(body_hash_state(t, body, bodies)),
        length_limit=limit,
    )
    if limit is not None:
        a.detail = f"l={limit}: content after the first {limit} body bytes is not signed"
    return a


#: An ARC header's tags by instance: [(header index, tags)], in header order.
_ArcHeaders = dict[int, list[tuple[int, dict[str, str]]]]


def collect(
    message: Message, ars: list[AuthResults], spfs: list[ReceivedSpf], aars: list[AuthResults]
) -> list[Artefact]:
    """Every artefact of the message, in header order: DKIM signatures, ARC sets, A-R, Received-SPF."""
    out: list[Artefact] = []
    seals: _ArcHeaders = {}
    amss: _ArcHeaders = {}
    bodies = CanonicalBodies(message.body) if message.body is not None else None
    for f in message.headers:
        if len(out) >= MAX_ARTEFACTS:
            break
        name = f.lname
        if name == "dkim-signature":
            out.append(_sig("dkim-signature", tags(f.value), [f.index], message.body, bodies))
        elif name in ("arc-seal", "arc-message-signature"):
            inst = arc_instance.of_tag_list(f.value)
            if inst is None:
                continue
            t = tags(f.value)
            (seals if name == "arc-seal" else amss).setdefault(inst, []).append((f.index, t))
    out.extend(_arc_sets(message, seals, amss, aars, bodies))
    out.extend(_auth_results_artefact(a) for a in ars)
    out.extend(_received_spf_artefact(rs) for rs in spfs)
    return out[: MAX_ARTEFACTS * 2]


def _arc_sets(
    message: Message, seals: _ArcHeaders, amss: _ArcHeaders, aars: list[AuthResults], bodies: CanonicalBodies | None
) -> list[Artefact]:
    """One artefact per ARC set (first 60 instances), each paired by instance and by order within it."""
    aar_by_i: dict[int, list[AuthResults]] = {}
    for a in aars:
        if a.instance is not None:
            aar_by_i.setdefault(a.instance, []).append(a)
    out: list[Artefact] = []
    for inst in sorted(set(seals) | set(amss))[:60]:
        s_list, m_list, r_list = seals.get(inst, []), amss.get(inst, []), aar_by_i.get(inst, [])
        for k in range(max(len(s_list), len(m_list))):
            s = s_list[k] if k < len(s_list) else None
            m = m_list[k] if k < len(m_list) else None
            r = r_list[k] if k < len(r_list) else None
            out.append(_arc_set(message, inst, s, m, r, bodies))
    return out


def _arc_set(
    message: Message,
    inst: int,
    s: tuple[int, dict[str, str]] | None,
    m: tuple[int, dict[str, str]] | None,
    r: AuthResults | None,
    bodies: CanonicalBodies | None,
) -> Artefact:
    """An ARC set from its seal `s`, message signature `m` and results `r` (any may be missing, and is said)."""
    idx = sorted(x for x in (s[0] if s else None, m[0] if m else None, r.header_index if r else None) if x is not None)
    if m is not None:
        art = _sig("arc-set", m[1], idx, message.body, bodies)
    else:
        art = Artefact(kind="arc-set", identity="", header_indexes=idx)
    if s is not None:
        art.identity = art.identity or s[1].get("d", "").lower()
        art.signed_at = art.signed_at or _epoch(s[1].get("t"))
        cv = s[1].get("cv", "")
        art.detail = "; ".join(x for x in (art.detail, f"cv={cv}" if cv else "") if x)
    art.instance = inst
    if r is not None:
        art.exact_host = r.authserv_id
        art.results = [e.summary() for e in r.results[:8]]
        art.auth = r
    missing = [
        n for n, v in (("ARC-Seal", s), ("ARC-Message-Signature", m), ("ARC-Authentication-Results", r)) if v is None
    ]
    if missing:
        art.detail = "; ".join(x for x in (art.detail, "missing " + ", ".join(missing)) if x)
    return art


def _auth_results_artefact(a: AuthResults) -> Artefact:
    return Artefact(
        kind="authentication-results",
        identity=a.authserv_id or "",
        header_indexes=[a.header_index],
        exact_host=a.authserv_id,
        results=[e.summary() for e in a.results[:12]],
        auth=a,
    )


def _received_spf_artefact(rs: ReceivedSpf) -> Artefact:
    return Artefact(
        kind="received-spf",
        identity=rs.receiver or "",
        header_indexes=[rs.header_index],
        exact_host=rs.receiver,
        results=[f"spf={rs.result or '?'} client-ip={rs.client_ip or '?'}"],
    )


def _aligned(h: ParsedHop, ident: str | None, exact: str | None) -> bool:
    if exact and same_name(h.by_host, exact):  # RFC 8616: U-label and A-label spellings are one host
        return True
    return ident is not None and admd(h.by_host) == ident


def place(arts: list[Artefact], chain: list[ParsedHop]) -> None:
    """Set `hop` and `placement` of each artefact (chain oldest first, each hop knows its header index)."""
    # Only Received hops carry an organisation's by-host: X-Received and synthetic hops are never neighbours.
    trace = [k for k in range(len(chain)) if chain[k].source == "received"]
    by_header = sorted(trace, key=lambda k: chain[k].header_index)
    for a in arts:
        ident = admd(a.identity) if a.identity else None
        if ident is None and a.exact_host:
            ident = admd(a.exact_host)
        above = next((k for k in reversed(by_header) if chain[k].header_index < a.pos), None)
        below = next((k for k in by_header if chain[k].header_index > a.pos), None)
        order = [below, above] if a.kind in _SIG_KINDS else [above, below]
        for k in order:
            if k is not None and _aligned(chain[k], ident, a.exact_host):
                a.hop, a.placement = k, "next to the hop of its organisation"
                break
        if a.hop is not None:
            continue
        cands = [k for k in trace if _aligned(chain[k], ident, None)]
        exact = [k for k in cands if same_name(chain[k].by_host, a.exact_host)]
        cands = exact or cands
        if not cands:
            a.placement = "unplaced: no hop belongs to its organisation"
            continue
        signed = a.signed_at
        if signed is not None:
            timed = [k for k in cands if (w := chain[k].when) is not None and (w - signed).total_seconds() <= 120]
            if timed:
                a.hop, a.placement = max(timed), "by identity and signing time (out of position)"
                continue
        a.hop = min(cands, key=lambda k: abs(chain[k].header_index - a.pos))
        a.placement = "by identity (out of position)"


def _list_names(message: Message) -> set[str]:
    """The names the list goes by, from its own fields (lowercase).

    The List-Id's list-label (RFC 2919: the first label of ``<list-label.namespace>``) and the local part of the
    List-Post / X-BeenThere / X-Mailing-List address, each also by its leading hyphen parts (Mailman's default
    prefix is the list's name; admins shorten it: ``[Distutils]`` on distutils-sig), and the words of the
    List-Id's own description (``… (PyPI/pip/twine/wheel/setuptools/distutils/etc)``): the list chose them all.
    """
    labels: set[str] = set()
    words: set[str] = set()
    lid_field = message.get("list-id")
    if lid_field is not None:
        lid = list_id(lid_field.value)
        if lid:
            labels.add(lid.split(".", 1)[0])
        phrase = lid_field.value[:500].split("<", 1)[0]
        words.update(w for w in re.split(r"[^\w-]+", phrase.lower()) if len(w) >= 4)
    for name in ("list-post", "x-beenthere", "x-mailing-list"):
        f = message.get(name)
        if f is None:
            continue
        m = re.search(r"(?:mailto:)?<?\s*([^<>@\s,;:]{1,64})@", f.value[:500], re.I)
        if m:
            labels.add(m.group(1).lower())
    names = words | labels
    for label in labels:
        parts = re.split(r"(?=[-_])", label)
        names.update(p for p in ("".join(parts[: i + 1]) for i in range(len(parts))) if len(p) >= 3)
    return names


def list_tag(subject: str, message: Message) -> str | None:
    """The bracketed Subject tag the mailing list added, or None.

    A tag counts as the list's only on evidence that the list added it: its text is one of the list's own names
    (`_list_names`: ``[dm-devel]`` on List-Id ``<dm-devel.redhat.com>``; ``[ruby-core:12345]`` with a message
    number). Tags the
    author wrote (``[PATCH v2 0/4]``, ``[RFC]``, another list's tag in a cross-post) are not: calling them a
    list's change would explain a broken signature with a change that never happened.
    """
    names = _list_names(message)
    if not names:
        return None
    pos = 0
    for _ in range(_MAX_LEADING):
        m = _LEADING.match(subject, pos)
        if m is None or m.end() == pos:
            return None
        pos = m.end()
        inner = (m.group(1) or "").strip().lower()
        if not inner:
            continue
        for name in names:
            if inner == name or re.fullmatch(re.escape(name) + r"\s*[:# -]\s*\d{1,9}", inner):
                return f"[{m.group(1)}]"
    return None


def _hostlist(chain: list[ParsedHop], lo: int, hi: int) -> tuple[str, ...]:
    seen: list[str] = []
    for k in range(max(lo, 0), min(hi, len(chain) - 1) + 1):
        if chain[k].source != "received":
            continue
        host = chain[k].by_host or "?"
        if host not in seen:
            seen.append(host)
    return tuple(seen)


def find_breaks(
    arts: list[Artefact],
    chain: list[ParsedHop],
    message: Message,
    list_admd: str | None,
    numbers: Sequence[int] = (),
) -> tuple[list[Break], list[str]]:
    """Breaks (body, subject tag, From rewrite, recorded verdicts, ARC restart) and warnings.

    `numbers` are the hops' numbers in the whole chain (`Hop.number`: hidden hops counted); the evidence
    sentences name hops by them (`inspector.model.chain.numbered`), as every hop view does.
    """
    breaks: list[Break] = []
    warnings: list[str] = []
    sigs = [
        a
        for a in arts
        if a.kind in _SIG_KINDS and a.hop is not None and a.body_hash in (BodyHashMatch.MATCH, BodyHashMatch.MISMATCH)
    ]
    mism = [a for a in sigs if a.body_hash == BodyHashMatch.MISMATCH]
    if mism:
        m = max(a.hop for a in mism if a.hop is not None)
        later = [a for a in sigs if a.body_hash == BodyHashMatch.MATCH and a.hop is not None and a.hop >= m]
        earlier_ok = [a for a in sigs if a.body_hash == BodyHashMatch.MATCH and a.hop is not None and a.hop < m]
        if earlier_ok:
            warnings.append(
                "an older signature's body hash still matches while a newer one does not (l= or misplacement)"
            )
        before = min((a.hop for a in later if a.hop is not None), default=None)
        hi = before if before is not None else len(chain) - 1
        # A signature added at the same hop still matches: the body changed at that hop, between the two
        # signings; the bracket is then (hop m-1, hop m], never "between hop m and hop m".
        after: int | None = m
        lo = m + 1
        if before == m:
            after, lo = (m - 1 if m > 0 else None), m
        suspects = _hostlist(chain, lo, hi)

        def no(k: int | None) -> str:
            return "?" if k is None else str(numbered(numbers, k))

        names = ", ".join(f"{_sig_name(a)} (hop {no(a.hop)})" for a in mism)
        text = f"body hash of {names} no longer matches the body"
        if later:
            text += "; " + ", ".join(f"{_sig_name(a)} (hop {no(a.hop)})" for a in later) + " still matches"
            if before == m:
                text += f", so the body changed at hop {no(m)}, between the signatures added there"
            else:
                text += f", so the body changed after hop {no(m)} and at or before hop {no(hi)}"
        else:
            text += f"; no later signature matches, so the body changed after hop {no(m)}"
        if list_admd and any(admd(chain[k].by_host) == list_admd for k in range(lo, hi + 1)):
            text += f" — the mailing list at {list_admd} sits in that stretch and is the likely modifier"
        breaks.append(Break("body changed", after, before, text, suspects))
    subject = message.get("subject")
    subj = subject.decoded if subject is not None else ""
    tag = list_tag(subj or "", message)
    frm = message.get("from")
    from_text = frm.decoded if frm is not None else ""
    for a in arts:
        if a.kind != "dkim-signature" or a.hop is None:
            continue
        if list_admd and admd(a.identity) == list_admd:
            continue
        list_hop = next(
            (k for k in range(a.hop + 1, len(chain)) if list_admd and admd(chain[k].by_host) == list_admd), None
        )
        if tag and "subject" in a.signed_headers and list_admd:
            breaks.append(
                Break(
                    "subject tagged",
                    a.hop,
                    list_hop,
                    f'Subject now carries "{tag}", the list\'s own name as a tag; d={a.identity} signed the Subject '
                    "(h=), so the tag alone breaks that signature even where the body is intact",
                    _hostlist(chain, a.hop + 1, list_hop) if list_hop is not None else (),
                )
            )
        rewritten = " via " in from_text.lower() or message.get("x-original-from") is not None
        if rewritten and "from" in a.signed_headers:
            breaks.append(
                Break(
                    "From rewritten",
                    a.hop,
                    list_hop,
                    f'From is now "{from_text[:80]}" (rewritten, e.g. a list\'s DMARC mitigation); d={a.identity} '
                    "signed From (h=), so the rewrite breaks that signature",
                    (),
                )
            )
    breaks.extend(_verdict_changes(arts, chain, numbers))
    breaks.extend(_arc_restarts(arts, chain))
    return breaks, warnings


def _sig_name(a: Artefact) -> str:
    if a.kind == "arc-set":
        return f"ARC-Message-Signature i={a.instance} d={a.identity}"
    return f"DKIM d={a.identity}"


def _verdict_changes(arts: list[Artefact], chain: list[ParsedHop], numbers: Sequence[int]) -> list[Break]:
    """pass at one receiver, fail/neutral at a later one, for the same signing domain."""
    seen: dict[str, list[tuple[int, str, str, str]]] = {}
    for a in arts:
        if a.auth is None or a.hop is None:
            continue
        for e in a.auth.results:
            if e.method != "dkim":
                continue
            dom = e.props.get("header.d") or e.props.get("header.i", "").split("@")[-1]
            if not dom:
                continue
            seen.setdefault(dom.lower(), []).append((a.hop, e.result, e.comment, a.identity))
    out: list[Break] = []
    for dom, rows in seen.items():
        rows.sort(key=lambda r: r[0])
        first_pass = next((r for r in rows if r[1] == "pass"), None)
        if first_pass is None:
            continue
        later_bad = next((r for r in rows if r[0] > first_pass[0] and r[1] in ("fail", "neutral", "permerror")), None)
        if later_bad is None:
            continue
        reason = f" ({later_bad[2]})" if later_bad[2] else ""
        out.append(
            Break(
                "DKIM verdict changed",
                first_pass[0],
                later_bad[0],
                f"{first_pass[3]} (hop {numbered(numbers, first_pass[0])}) recorded dkim=pass for {dom}; "
                f"{later_bad[3]} (hop {numbered(numbers, later_bad[0])}) recorded dkim={later_bad[1]}{reason}",
                _hostlist(chain, first_pass[0] + 1, later_bad[0]),
            )
        )
    return out


def _arc_restarts(arts: list[Artefact], chain: list[ParsedHop]) -> list[Break]:
    sets = [a for a in arts if a.kind == "arc-set" and a.instance is not None]
    out: list[Break] = []
    by_i: dict[int, list[Artefact]] = {}
    for a in sets:
        by_i.setdefault(a.instance or 0, []).append(a)
    for inst, group in sorted(by_i.items()):
        if len(group) < 2:
            continue
        group.sort(key=lambda a: (a.hop if a.hop is not None else -1, -a.pos))
        first, again = group[0], group[-1]
        host = chain[again.hop].by_host if again.hop is not None else None
        out.append(
            Break(
                "ARC chain restarted",
                first.hop,
                again.hop,
                f"two ARC sets claim i={inst} (d={first.identity}, d={again.identity}): "
                f"{again.identity} started a new chain at {host or 'an unplaced hop'} instead of adding "
                f"i={inst + 1}",
                (host,) if host else (),
            )
        )
    instances = sorted(by_i)
    if instances and instances != list(range(1, instances[-1] + 1)):
        out.append(Break("ARC chain has gaps", None, None, f"ARC instances present: {instances}", ()))
    return out
