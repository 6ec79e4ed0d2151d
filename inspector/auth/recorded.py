"""What the receivers recorded: Authentication-Results, ARC-Authentication-Results, Received-SPF.

The fields are read by `inspector.parse.auth_results` (authres first, a tolerant reading for what authres
refuses, such as Microsoft's form without an authserv-id, marked ``parsed_by="tolerant"``; each result with
the comments of its own resinfo) and `inspector.parse.received_spf` (RFC 7208 §9.1): the same readers the
chain uses, so both name the same receiver and results for one field.

Trust (RFC 8601 §5): a result is only evidence when the receiving organisation wrote it, and a border
MTA removes incoming fields that claim its own authserv-id, so one with that id that sits among the
headers the message arrived with came with the message: it was written by the sender, not the receiver.
The receiver's *region* is therefore positional: every field above the Received field of the trust
boundary (`boundary_header_index`, the hop where the receiver took the message in), plus the run of
trace fields (Authentication-Results, Received-SPF, ARC-*) directly below it, where Gmail and Postfix
milters put their own results (docs/notes/received-chain.md §1.2, §6.1).
- The trusted authserv-ids are the configured ones (`settings.trusted_authserv_ids`; ``.example.com``
  also trusts subdomains), else the id of the topmost Authentication-Results when it is in the region.
- A field claiming a trusted id below the region is untrusted and marked *probably forged*
  (`FORGED_MARK`), unless a Received field below the region was written by the same organisation (the
  message passed through it before, e.g. forwarded back, or a gateway that appends its field at the end),
  which is untrusted but not called forged.
- Within the region, the topmost field of an id is the receiver's. A lower field with that id is
  untrusted and marked probably forged when it contradicts a result written above it for the same
  check; it is untrusted (not called forged) when the receiver's fields for that id stand above its
  Received field and this one below it (one receiver writes in one place); otherwise it is trusted
  (milters that each write their own field, one field per DKIM signature).
- Received-SPF: the topmost one in the region (with configured ids: whose receiver is trusted).
  ARC-Authentication-Results are trusted only through the ARC chain, or for a configured id in the region.

`compare` puts trusted recorded results beside ours and explains each difference in plain words.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from inspector.dns.names import same_name
from inspector.dns.source import DnsStatus
from inspector.ingest.message import HeaderField, Message
from inspector.model.auth import (
    AUTH_RESULTS_HEADERS,
    FORGED_MARK,
    ArcResult,
    AuthResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    RecordedResult,
    SpfResult,
)
from inspector.orgdomain import host_org
from inspector.parse import auth_results, received_spf, tag_list
from inspector.parse.auth_results import AuthResultsField, Resinfo
from inspector.settings import AnalysisSettings, authserv_id_matches

#: Bounds for hostile input: fields read per message, characters per field (results per field:
#: `inspector.parse.auth_results.MAX_RESULTS`).
MAX_FIELDS = 200
MAX_FIELD_CHARS = 20_000

_AAR = "arc-authentication-results"
_RSPF = "received-spf"
#: The fields read: both forms of Authentication-Results, ARC-Authentication-Results, Received-SPF.
_RECORDED_FIELDS = frozenset({*AUTH_RESULTS_HEADERS, _AAR, _RSPF})
_SYNONYMS = {"hardfail": "fail", "bestguesspass": "none", "softpass": "pass"}


def org_domain(name: str | None) -> str | None:
    """The organisation of host `name` (an authserv-id or a Received by-host); None for IP literals, single
    labels, junk, and mailboxes (which `host_org` would read as their domain: a host name holds no "@")."""
    if not name or "@" in name:
        return None
    return host_org(name)


#: Fields a receiving hop writes next to its own Received field: a run of them directly below the boundary's
#: Received field still belongs to the receiver (Gmail: Received-SPF then Authentication-Results).
_TRACE_BLOCK = frozenset({*AUTH_RESULTS_HEADERS, _AAR, _RSPF, "arc-seal", "arc-message-signature"})
_BY_HOST = re.compile(r"\bby\s+\[?([A-Za-z0-9][A-Za-z0-9.:-]*)", re.I)


def is_probably_forged(r: RecordedResult) -> bool:
    """Whether `r` claims a trusted receiver but stands where that receiver cannot have written it."""
    return bool(r.forged)


@dataclass(frozen=True)
class _Region:
    """Where the receiving organisation's own fields stand: above the boundary's Received, or just below it."""

    #: Header index of the trust boundary's Received field; None when the message has no Received at all.
    anchor: int | None
    #: First header index after the run of trace fields directly below the anchor.
    end: int

    def zone(self, index: int) -> str:
        if self.anchor is None or index < self.anchor:
            return "above"
        return "adjacent" if index < self.end else "below"


def _region(headers: Sequence[HeaderField], boundary_header_index: int | None) -> _Region:
    received = [h.index for h in headers if h.lname == "received"]
    anchor = boundary_header_index if boundary_header_index is not None else (received[0] if received else None)
    if anchor is None:
        return _Region(None, 1 << 30)
    names = {h.index: h.lname for h in headers}
    end = anchor + 1
    while names.get(end) in _TRACE_BLOCK:
        end += 1
    return _Region(anchor, end)


#: A client on the loopback address is the receiving machine itself: the name it is given there is another name of
#: that machine (Proofpoint: ``from pps.filterd (m0074060.ppops.net [127.0.0.1]) by mx0a-….pphosted.com``).
_LOOPBACK_NAME = re.compile(
    r"^\s*from\s+\S+\s*\(\s*([A-Za-z0-9][A-Za-z0-9.-]*)\s*\[(?:127\.[0-9.]+|(?:IPv6:)?::1)\]", re.I
)
#: Bounds for the scan of earlier visits (hostile chains hold thousands of Received fields).
_MAX_VISIT_FIELDS = 1000
_MAX_VISIT_CHARS = 4000


def _earlier_orgs(headers: Sequence[HeaderField], region: _Region) -> frozenset[str]:
    """The organisations that wrote a Received field below the region: the message passed through them before
    the receiving hop took it in.

    A Received field's writer is its by-host, and also the name a loopback client is given there (the same
    machine). The boundary's own Received field does not count (it is this delivery's).
    """
    floor = region.anchor if region.anchor is not None else -1
    orgs: set[str] = set()
    below = [h for h in headers if h.lname == "received" and h.index > floor][:_MAX_VISIT_FIELDS]
    for h in below:
        value = h.value[:_MAX_VISIT_CHARS]
        for m in (_BY_HOST.search(value), _LOOPBACK_NAME.search(value)):
            org = org_domain(m.group(1)) if m else None
            if org:
                orgs.add(org)
    return frozenset(orgs)


def _earlier_visit(authserv_id: str, earlier: frozenset[str]) -> bool:
    """Whether the authserv-id's organisation wrote a Received field below the region (`_earlier_orgs`).

    Then a field claiming that id below the region was written when the message passed through that
    organisation before (forwarded out and back, a list server's or a gateway's own earlier pass, or a gateway
    that appends its field at the end of the header), not for this delivery: untrusted, but not evidence of
    forgery. Adjacency is not required: Mimecast appends its Authentication-Results below the message's own
    fields, far from its Received field, and a list mirror puts the list server's whole pass below its own.
    A forger who also forges such a Received field gains nothing: the field stays untrusted.
    """
    org = org_domain(authserv_id)  # None for IPs, single labels and junk
    return org is not None and org in earlier


def _check_key(r: Resinfo) -> tuple[str, ...]:
    """What a result is about: one SPF check per identity kind, one DKIM result per signature, else the method."""
    method = r.method
    props = r.properties
    if method == "spf":
        return ("spf", "helo" if "smtp.helo" in props and "smtp.mailfrom" not in props else "mailfrom")
    if method == "dkim":
        d = (props.get("header.d") or _domain(props.get("header.i")) or "").lower()
        return ("dkim", d, (props.get("header.s") or "").lower(), props.get("header.b") or "")
    return (method,)


@dataclass
class _Written:
    """What one receiver (authserv-id) wrote in its region so far: zones, and results per check."""

    zones: set[str] = field(default_factory=set)
    results: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    #: It wrote dkim=none without a domain: it saw no valid signature at all.
    no_signature: bool = False

    def conflict(self, lower: Sequence[Resinfo]) -> str | None:
        """The check on which `lower` contradicts what this receiver wrote above it, or None."""
        for lo in lower:
            method, result = lo.method, _norm(lo.result)
            if method == "dkim" and self.no_signature and result != "none":
                return f"dkim=none (no valid signature) against dkim={result}"
            other = sorted(self.results.get(_check_key(lo), set()) - {result})
            if other:
                return f"{method}={other[0]} against {method}={result}"
        return None

    def add(self, zone: str, results: Sequence[Resinfo]) -> None:
        self.zones.add(zone)
        for r in results:
            key, result = _check_key(r), _norm(r.result)
            self.results.setdefault(key, set()).add(result)
            if key[0] == "dkim" and result == "none" and not key[1]:
                self.no_signature = True


def parse_recorded(
    message: Message, settings: AnalysisSettings, boundary_header_index: int | None
) -> tuple[RecordedResult, ...]:
    """Every recorded result, with whether its authserv-id is trusted (and why)."""
    fields = [h for h in message.headers if h.lname in _RECORDED_FIELDS][:MAX_FIELDS]
    configured = tuple(settings.trusted_authserv_ids)
    region = _region(message.headers, boundary_header_index)
    parsed = [
        (h, auth_results.parse(h.value[:MAX_FIELD_CHARS], arc=h.lname == _AAR)) for h in fields if h.lname != _RSPF
    ]
    judge = _Judge(configured, region, parsed, _earlier_orgs(message.headers, region))
    out: list[RecordedResult] = []
    for h, p in parsed:
        out.extend(_field_results(h, p, *judge.trust(h, p)))
    out.extend(_received_spf_results([h for h in fields if h.lname == _RSPF], configured, region))
    return tuple(_own_relay_judged(out, settings.trusted_networks))


#: The IP a receiver says its SPF check evaluated: Microsoft's "sender IP is X"; "(does not) designate(s) X as
#: permitted sender" (Gmail, Microsoft's Received-SPF), "discourages use of X as permitted sender" (soft-fail).
_SENDER_IP_IS = re.compile(r"sender IP is\s+([0-9A-Fa-f:.]+)", re.I)
_DESIGNATES = re.compile(r"\b(?:designates?|use of)\s+([0-9A-Fa-f:.]+)\s+as\s+permitted", re.I)


def _evaluated_ip(r: RecordedResult) -> str | None:
    """The client IP an SPF record says was checked, when it says."""
    for key in ("client-ip", "smtp.remote-ip", "smtp.client-ip"):
        if r.properties.get(key):
            return r.properties[key].strip()
    for rx in (_SENDER_IP_IS, _DESIGNATES):
        m = rx.search(" ".join(filter(None, (r.comment, r.reason))))
        if m:
            return m.group(1).rstrip(".")
    return None


def _in_networks(ip_text: str, networks: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(ip_text)
    except ValueError:
        return False
    for n in networks:
        try:
            net = ipaddress.ip_network(n.strip(), strict=False)
        except ValueError:
            continue
        if net.version == ip.version and ip in net:
            return True
    return False


def _own_relay_judged(results: list[RecordedResult], networks: tuple[str, ...]) -> list[RecordedResult]:
    """Trusted SPF records that checked an address of the analyst's own networks judged your own relay, not the
    sender (a gateway in front of Microsoft 365 whose connector does not skip it): the SPF result, and a DMARC
    or composite result of the same field that rests on it (no DKIM pass there), are not evidence about the
    sender. They are kept, untrusted, with the reason."""
    if not networks:
        return results
    judged: dict[int, str] = {}
    for r in results:
        if r.trusted and r.method.lower() == "spf":
            ip = _evaluated_ip(r)
            if ip and _in_networks(ip, networks):
                judged[r.header_index] = ip
    if not judged:
        return results
    dkim_pass = {r.header_index for r in results if r.method.lower() == "dkim" and r.result.lower() == "pass"}
    out: list[RecordedResult] = []
    for r in results:
        ip = judged.get(r.header_index)
        method = r.method.lower()
        rests_on_spf = method == "spf" or (method in ("dmarc", "compauth") and r.header_index not in dkim_pass)
        if ip and r.trusted and rests_on_spf:
            basis = (
                f"it checked {ip}, an address of your own networks (trusted networks): a check of your own relay, "
                "not of the sender"
            )
            r = dataclasses.replace(r, trusted=False, trust_basis=basis, forged=False)
        out.append(r)
    return out


class _Judge:
    """Decides, field by field from the top, whether an (ARC-)Authentication-Results is the receiver's own.

    Stateful: what each receiver wrote above (`written`) decides whether a lower field with its id
    contradicts it. The rules are the module docstring's.
    """

    def __init__(
        self,
        configured: tuple[str, ...],
        region: _Region,
        parsed: Sequence[tuple[HeaderField, AuthResultsField]],
        earlier: frozenset[str],
    ) -> None:
        self.configured = configured
        self.region = region
        self.earlier = earlier
        self.top_ar = next(((h, p) for h, p in parsed if h.lname in AUTH_RESULTS_HEADERS), None)
        self.top_id = self.top_ar[1].authserv_id if self.top_ar else None
        self.top_ok = self.top_ar is not None and region.zone(self.top_ar[0].index) != "below"
        #: What each receiver wrote in its region, per authserv-id (lowercase).
        self.written: dict[str, _Written] = {}

    def claims(self, h: HeaderField, authserv_id: str | None) -> tuple[bool, str]:
        """Whether the field claims a trusted receiver (before its position is judged), and why not."""
        if self.configured:
            if authserv_id_matches(authserv_id, self.configured):
                return True, f"authserv-id {authserv_id} is in the trusted list"
            return False, "authserv-id is not in the trusted list"
        if h.lname == _AAR:
            return False, "written by an intermediary (ARC); trusted only through the ARC chain"
        if not self.top_ok or self.top_ar is None:
            return False, "no Authentication-Results was written by the receiving hop"
        if h is self.top_ar[0]:
            return True, "written by the receiving hop (topmost Authentication-Results)"
        if authserv_id is not None and authserv_id.lower() == (self.top_id or "").lower():
            return True, "written by the receiving hop (same authserv-id as the topmost Authentication-Results)"
        if authserv_id is None:
            return False, "no authserv-id, and not the topmost Authentication-Results"
        return False, "another authserv-id than the receiving hop's"

    def trust(self, h: HeaderField, p: AuthResultsField) -> tuple[bool, str]:
        """(trusted, why) for one field; call in header order, top first."""
        claimed, basis = self.claims(h, p.authserv_id)
        if not claimed:
            return False, basis
        zone = self.region.zone(h.index)
        if h.lname == _AAR:
            if zone == "below":
                return False, f"{basis}, but it is below the receiving hop's Received field (an earlier ARC set)"
            return True, basis
        if zone == "below":
            return False, self._below(p.authserv_id)
        return self._in_region(p, zone, basis)

    def _below(self, authserv_id: str | None) -> str:
        """Why a field claiming the receiver below its Received field is not trusted (and whether forged)."""
        who = authserv_id or "the receiving hop"
        if authserv_id and _earlier_visit(authserv_id, self.earlier):
            return (
                f"claims {who}, but stands below the receiving hop's Received field, and a Received field below "
                "it was written by the same organisation: written when the message passed through it before, "
                "not for this delivery"
            )
        if not authserv_id:
            return "no authserv-id, and below the receiving hop's Received field"
        return (
            f"claims {who}, but was already in the message when the receiving hop took it in (below its "
            f"Received field, among what the sender's side wrote); a receiver removes such fields "
            f"(RFC 8601 §5): {FORGED_MARK}"
        )

    def _in_region(self, p: AuthResultsField, zone: str, basis: str) -> tuple[bool, str]:
        """A field in the receiver's region: trusted unless it contradicts, or stands apart from, what that
        receiver wrote above it."""
        who = p.authserv_id or "the receiving hop"
        above = self.written.setdefault((p.authserv_id or "").lower(), _Written())
        conflict = above.conflict(p.results)
        if conflict is not None:
            return False, (
                f"claims {who}, but contradicts what {who} wrote above it for the same check ({conflict}): "
                f"{FORGED_MARK}"
            )
        if zone == "adjacent" and "above" in above.zones:
            return False, (
                f"{who} wrote its own results above the receiving hop's Received field; this one stands below it "
                "and probably came with the message"
            )
        above.add(zone, p.results)
        return True, basis


def _field_results(h: HeaderField, p: AuthResultsField, trusted: bool, basis: str) -> list[RecordedResult]:
    """One RecordedResult per result of the field (a ``none`` row when it holds none)."""
    if not p.results:
        return [_result(h, p.authserv_id, trusted, basis, "none", "none", None, {}, p.instance, p.parsed_by, None)]
    return [
        _result(
            h,
            p.authserv_id,
            trusted,
            basis,
            r.method,
            r.result,
            r.reason,
            r.properties,
            p.instance,
            p.parsed_by,
            r.comment,
        )
        for r in p.results
    ]


def _received_spf_results(
    fields: Sequence[HeaderField], configured: tuple[str, ...], region: _Region
) -> list[RecordedResult]:
    """Each Received-SPF, trusted when it is the receiver's: the topmost in the region (with configured ids:
    the topmost whose receiver is trusted)."""
    out: list[RecordedResult] = []
    seen_rspf = False
    for h in fields:
        spf = received_spf.parse(h.value[:MAX_FIELD_CHARS])
        in_region = region.zone(h.index) != "below"
        if configured:
            matches = authserv_id_matches(spf.receiver, configured)
            trusted = matches and in_region and not seen_rspf
            if not matches:
                basis = "receiver is not in the trusted list"
            elif not in_region:
                basis = "receiver is in the trusted list, but it stands below the receiving hop's Received field"
            elif seen_rspf:
                basis = "receiver is in the trusted list, but a Received-SPF of it stands above this one"
            else:
                basis = "receiver is in the trusted list"
            seen_rspf = seen_rspf or (matches and in_region)
        else:
            trusted = not seen_rspf and in_region
            basis = (
                "written by the receiving hop (topmost Received-SPF)"
                if trusted
                else "not the receiving hop's Received-SPF (could have been written by the sender)"
            )
            seen_rspf = True
        result = spf.word or "unknown"
        out.append(
            _result(h, spf.receiver, trusted, basis, "spf", result, None, spf.pairs, None, "received-spf", spf.comment)
        )
    return out


def _result(
    h: HeaderField,
    authserv_id: str | None,
    trusted: bool,
    basis: str,
    method: str,
    result: str,
    reason: str | None,
    props: dict[str, str],
    instance: int | None,
    parsed_by: str,
    comment: str | None,
) -> RecordedResult:
    return RecordedResult(
        header=h.name,
        header_index=h.index,
        authserv_id=authserv_id,
        trusted=trusted,
        method=method,
        result=result,
        reason=reason,
        properties=props,
        instance=instance,
        trust_basis=basis,
        parsed_by=parsed_by,
        comment=comment,
        # `trust` ends the basis with FORGED_MARK exactly when it judged the field forged (the one producer).
        forged=not trusted and basis.endswith(FORGED_MARK),
    )


# ---------------------------------------------------------------------------------------------- compare


def _norm(result: str) -> str:
    r = result.lower()
    return _SYNONYMS.get(r, r)


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    return value.rsplit("@", 1)[-1].strip().strip("<>").rstrip(".").lower() or None


def compare(
    recorded: Sequence[RecordedResult],
    spf: SpfResult,
    dkim: Sequence[DkimSignatureResult],
    arc: ArcResult,
    dmarc: DmarcResult,
) -> tuple[Disagreement, ...]:
    """Where trusted recorded results and ours differ, in plain words (recorded Authentication-Results first)."""
    trusted = [r for r in recorded if r.trusted and r.header.lower() != _AAR]
    trusted.sort(key=lambda r: (r.header.lower() not in AUTH_RESULTS_HEADERS, r.header_index))
    out: list[Disagreement] = []
    rec_spf = next((r for r in trusted if r.method == "spf"), None)
    if rec_spf is not None:
        out.extend(_compare_spf(rec_spf, spf))
    for r in (r for r in trusted if r.method == "dkim"):
        out.extend(_compare_dkim(r, dkim))
    rec_dmarc = next((r for r in trusted if r.method == "dmarc"), None)
    if rec_dmarc is not None:
        out.extend(_compare_dmarc(rec_dmarc, dmarc))
    rec_arc = next((r for r in trusted if r.method == "arc"), None)
    if rec_arc is not None:
        out.extend(_simple("arc", rec_arc, arc.result, arc.reason))
    return tuple(out)


def _who(r: RecordedResult) -> str:
    return f"the receiver ({r.authserv_id})" if r.authserv_id else "the receiver"


def _unchecked(method: str, r: RecordedResult, ours: AuthResult, reason: str) -> Disagreement | None:
    word = f"{method}={_norm(r.result)}"
    if ours is AuthResult.NOT_VERIFIABLE:
        # Our reason carries the DNS status' wording: an unreachable resolver is not "offline".
        unreachable = DnsStatus.UNREACHABLE.not_verifiable_text in reason
        where = "here (no DNS server answered)" if unreachable else "offline"
        return Disagreement(method, r.result, ours.value, f"could not re-check {where}; {_who(r)} recorded {word}")
    if ours is AuthResult.NOT_ANALYSED:
        why = f" ({reason})" if reason else ""
        return Disagreement(method, r.result, ours.value, f"not re-checked here{why}; {_who(r)} recorded {word}")
    return None


def _simple(method: str, r: RecordedResult, ours: AuthResult, reason: str) -> list[Disagreement]:
    un = _unchecked(method, r, ours, reason)
    if un is not None:
        return [un]
    if _norm(r.result) == ours.value:
        return []
    why = f" ({reason})" if reason else ""
    text = f"{_who(r)} recorded {method}={_norm(r.result)} at delivery; re-checking gives {ours.value}{why}"
    return [Disagreement(method, r.result, ours.value, text)]


def _compare_dmarc(r: RecordedResult, dmarc: DmarcResult) -> list[Disagreement]:
    """DMARC as recorded vs ours; where the receiver's answer is the RFC 7489 one, say so and why RFC 9989 differs.

    A receiver may still run RFC 7489 (PSL organisational domain, pct=, no t=/psd=): its dmarc= or
    policy.dmarc= can then be right by its standard and differ from our RFC 9989 answer.
    """
    old = dmarc.rfc7489
    if old is None or not dmarc.differences or _unchecked("dmarc", r, dmarc.result, dmarc.reason) is not None:
        return _simple("dmarc", r, dmarc.result, dmarc.reason)
    rec = _norm(r.result)
    why = "; ".join(dmarc.differences)
    if rec != dmarc.result.value and rec == old.result.value:
        text = (
            f"{_who(r)} recorded dmarc={rec} at delivery, which is the RFC 7489 answer; {dmarc.standard} gives "
            f"{dmarc.result.value}: {why}"
        )
        return [Disagreement("dmarc", r.result, dmarc.result.value, text)]
    their_policy = (r.properties.get("policy.dmarc") or "").lower() or None
    if rec == dmarc.result.value and their_policy and their_policy != dmarc.policy and their_policy == old.policy:
        text = (
            f"both say dmarc={rec}, but {_who(r)} recorded policy.dmarc={their_policy}, the RFC 7489 policy; "
            f"{dmarc.standard} applies {dmarc.policy or 'no policy'}: {why}"
        )
        return [Disagreement("dmarc", r.result, dmarc.result.value, text)]
    return _simple("dmarc", r, dmarc.result, dmarc.reason)


def _compare_spf(r: RecordedResult, spf: SpfResult) -> list[Disagreement]:
    un = _unchecked("spf", r, spf.result, spf.reason)
    if un is not None:
        return [un]
    rec = _norm(r.result)
    their_domain = _domain(
        r.properties.get("smtp.mailfrom") or r.properties.get("envelope-from") or r.properties.get("smtp.helo")
    )
    their_ip = r.properties.get("client-ip") or r.properties.get("smtp.remote-ip")
    notes: list[str] = []
    if their_domain and spf.domain and their_domain != spf.domain.lower():
        notes.append(f"the receiver checked {their_domain}, we checked {spf.domain}")
    if their_ip and spf.client_ip and their_ip.strip() != spf.client_ip.strip():
        notes.append(f"the receiver judged {their_ip}, we judged {spf.client_ip}")
    if rec == spf.result.value and not notes:
        return []
    if rec == spf.result.value:
        text = f"both say spf={rec}, but " + "; ".join(notes)
    else:
        cause = "; ".join(notes) if notes else f"the SPF record of {spf.domain or 'the domain'} may have changed since"
        text = f"{_who(r)} recorded spf={rec} at delivery; re-checking gives {spf.result.value}: {cause}"
    return [Disagreement("spf", r.result, spf.result.value, text)]


def _match_signature(r: RecordedResult, dkim: Sequence[DkimSignatureResult]) -> DkimSignatureResult | None:
    d = (r.properties.get("header.d") or _domain(r.properties.get("header.i")) or "").lower()
    s = (r.properties.get("header.s") or "").lower()
    candidates = [x for x in dkim if x.domain and same_name(x.domain, d)]  # RFC 8616: U- or A-label d=
    if s:
        candidates = [x for x in candidates if (x.selector or "").lower() == s] or candidates
    passing = [x for x in candidates if x.result is AuthResult.PASS]
    if _norm(r.result) == "pass" and passing:
        return passing[0]
    return candidates[0] if candidates else None


def _compare_dkim(r: RecordedResult, dkim: Sequence[DkimSignatureResult]) -> list[Disagreement]:
    d = r.properties.get("header.d") or _domain(r.properties.get("header.i")) or "?"
    rec = _norm(r.result)
    sig = _match_signature(r, dkim)
    if sig is None:
        if rec in ("pass", "fail"):
            text = f"{_who(r)} recorded dkim={rec} for d={d}; there is no DKIM-Signature by {d} to re-check here"
            return [Disagreement("dkim", r.result, "absent", text)]
        return []
    un = _unchecked("dkim", r, sig.result, sig.reason)
    if un is not None:
        return [Disagreement("dkim", r.result, sig.result.value, un.explanation + f" for d={d}")]
    ours = sig.result.value
    if rec == ours:
        return []
    if rec == "pass":
        text = f"{_who(r)} saw dkim=pass for d={d} at delivery; " + _why_not_now(sig)
    elif sig.result is AuthResult.PASS:
        text = (
            f"{_who(r)} recorded dkim={rec} for d={d}, but the signature verifies now "
            "(the receiver may have had a DNS problem, or checked a different copy of the message)"
        )
    else:
        text = f"{_who(r)} recorded dkim={rec} for d={d}; re-checking gives {ours}" + (
            f" ({sig.reason})" if sig.reason else ""
        )
    return [Disagreement("dkim", r.result, ours, text)]


def _revoked(record: str) -> bool:
    """A DKIM key record whose p= is empty (RFC 6376 §3.6.1: the key was revoked); tag names are case-sensitive."""
    p = next((t for t in tag_list.terms(record) if t.has_equals and t.written_name == "p"), None)
    return p is not None and not p.value


def _why_not_now(sig: DkimSignatureResult) -> str:
    """Why a signature the receiver saw pass does not pass now.

    The DKIM check says in `error_kind` when the key is gone or revoked; a result without it (made elsewhere)
    is judged from its key lookup.
    """
    if sig.error_kind == "no-key":
        return "the key is no longer published"
    if sig.error_kind == "key-revoked":
        return "the key has since been revoked (empty p=)"
    key = next((x for x in sig.dns if "._domainkey." in x.name and x.rtype == "TXT"), None)
    if key is not None and key.status in ("NXDOMAIN", "NODATA"):
        return "the key is no longer published"
    if key is not None and any(_revoked(t) for t in key.records):
        return "the key has since been revoked (empty p=)"
    if sig.body_hash == "fail":
        return "the body no longer matches the signature (changed after delivery, e.g. by a gateway or forwarder)"
    if sig.header_signature == "fail":
        return "a signed header changed after delivery"
    return f"re-checking gives {sig.result.value}" + (f" ({sig.reason})" if sig.reason else "")
