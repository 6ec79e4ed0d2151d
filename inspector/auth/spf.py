"""SPF (RFC 7208) re-run with pyspf through the DNS layer.

pyspf does the evaluation (mechanisms, macros, the 10-lookup and 2-void-lookup limits); its DNS comes
only from the current `DnsSource` through the hook in :mod:`inspector.dns.adapters`. pyspf reports a
DNS problem only as ``temperror``, so the exact status is read back from the analysis' QueryLog: a
record that is offline or missing from the snapshot makes the result ``not-verifiable`` (naming the
record), never temperror, fail or permerror.

pyspf 2.0.14 lets a DNS error during ``ptr`` validation end the whole check as temperror; RFC 7208
§5.5 says a failed PTR lookup makes the mechanism not match and a failed A lookup skips that name.
`_Query` overrides that one method (a real resolver answers SERVFAIL for a CNAME loop, so the suite's
``ptr-cname-loop`` needs it over live DNS). Offline/not-in-snapshot answers still propagate: skipping
them could turn "could not check" into a definite result.

To tell the domain's own explanation (``exp=``) from pyspf's default text, the query gets a sentinel
default explanation; the report then says whose words it shows.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import Any, NamedTuple

import spf as pyspf

from inspector.auth.provenance import describe, lookup_records, provenance_of, unavailable
from inspector.dns.adapters import SpfDnsUnavailable
from inspector.dns.names import to_ascii
from inspector.dns.source import DnsAnswer, QueryLog, normalize_name
from inspector.model.auth import AuthResult, SpfResult

#: Marks "pyspf fell back to its default explanation" (never shown).
_DEFAULT_EXP = "\x00inspector-default-explanation\x00"

_RESULTS = {
    "pass": AuthResult.PASS,
    "fail": AuthResult.FAIL,
    "softfail": AuthResult.SOFTFAIL,
    "neutral": AuthResult.NEUTRAL,
    "none": AuthResult.NONE,
    "permerror": AuthResult.PERMERROR,
    "temperror": AuthResult.TEMPERROR,
    # pyspf's legacy names, should a code path still produce them.
    "unknown": AuthResult.PERMERROR,
    "error": AuthResult.TEMPERROR,
}

#: Overall budget (seconds) for one evaluation, RFC 7208 §4.6.4 (pyspf's `querytime`).
SPF_TIME_BUDGET = 20


def _skippable(exc: Exception) -> bool:
    """A real DNS error (skip the name), not "this workstation could not ask" (must propagate)."""
    return not (isinstance(exc, SpfDnsUnavailable) and exc.status.is_unavailable)


class _Query(pyspf.query):
    """pyspf's query with three RFC 7208 corrections.

    - §5.5 error handling for PTR validation (above).
    - §4.6.4: the address lookups of the names a PTR query returned are not void lookups. pyspf counted a
      PTR name without addresses as one, so a client with three stale reverse names made the domain's
      record a permerror (the limit is two).
    - §7.3: a macro expansion longer than 253 characters is truncated from the left, label by label, until
      it fits. pyspf drops one label only, so a longer expansion went to DNS as an illegal name and came
      back as temperror.
    """

    def validated_ptrs(self) -> list[str]:
        try:
            names = self.dns_ptr(self.i)
        except pyspf.TempError as exc:
            if _skippable(exc):
                return []
            raise
        out: list[str] = []
        for name in names[: pyspf.MAX_PTR]:
            try:
                if name and self.cidrmatch(self.dns(name, self.A, ignore_void=True), self.cidrmax):
                    out.append(name)
            except pyspf.TempError as exc:
                if not _skippable(exc):
                    raise
        return out

    def expand(self, s: str, stripdot: bool = True) -> str:
        result: str = super().expand(s, stripdot)
        if stripdot:
            while len(result) > MAX_DOMAIN_CHARS and "." in result:
                result = result.split(".", 1)[1]
        return result


#: RFC 7208 §7.3: a domain name after macro expansion is at most this long.
MAX_DOMAIN_CHARS = 253


def malformed_domain(domain: str) -> str | None:
    """Why `domain` cannot be an SPF domain (RFC 7208 §4.3: then check_host() is "none"), or None.

    Not a multi-label name (``localhost``, ``u@localhost``), an empty or over-long label, or an address
    literal: no DNS query is made for it.
    """
    name = domain[:-1] if domain.endswith(".") else domain
    if not name:
        return "it is empty"
    if any(c in name for c in "[]@ \t"):
        return "it is not a domain name (an address literal or stray characters)"
    labels = name.split(".")
    if len(labels) < 2:
        return "it is a single label, not a fully qualified domain name"
    if any(not label for label in labels):
        return "it has an empty label"
    if any(len(label.encode("utf-8", errors="replace")) > 63 for label in labels):
        return "it has a label longer than 63 characters"
    if len(name) > MAX_DOMAIN_CHARS:
        return f"it is longer than {MAX_DOMAIN_CHARS} characters"
    return None


def check_spf(
    client_ip: str | None,
    mail_from: str | None,
    helo: str | None,
    *,
    identity_source: str,
    log: QueryLog,
    at: datetime | None = None,
) -> SpfResult:
    """Evaluate SPF for one connection.

    `mail_from` ``""`` is the null sender: the HELO identity is checked instead (RFC 7208 §2.4).
    `mail_from` None means the envelope sender is unknown (no Return-Path): HELO is checked too,
    and the report says so. `at` replays the ``%{t}`` macro at a past time (default: now).
    """
    helo_name = (helo or "").strip() or None
    base = SpfResult(client_ip=client_ip, mail_from=mail_from, helo=helo_name, identity_source=identity_source)
    who = _identities(base, client_ip, mail_from, helo_name)
    if isinstance(who, SpfResult):
        return who
    notes: list[str] = []
    if mail_from is None:
        notes.append("the envelope sender (MAIL FROM) is unknown, so the HELO identity was checked")
    mark = log.mark()
    try:
        q, (raw_result, _code, exp) = _evaluate(who, helo_name, at)
    except Exception as exc:  # noqa: BLE001 - pyspf raises on some hostile identities; report, never crash
        answers = log.since(mark)
        failed = AuthResult.PERMERROR if isinstance(exc, pyspf.PermError) else AuthResult.NOT_ANALYSED
        return _replace(
            base,
            result=failed,
            reason=f"pyspf could not evaluate this identity: {exc}",
            dns=lookup_records(answers),
            provenance=provenance_of(answers, failed),
        )
    answers = log.since(mark)
    domain = str(getattr(q, "d", "") or "") or None
    problem = str(getattr(q, "prob", "") or "")
    result, reason_parts = _judge(_RESULTS.get(str(raw_result), AuthResult.PERMERROR), answers, problem, notes)
    from_domain = exp is not None and exp != _DEFAULT_EXP and result in (AuthResult.FAIL, AuthResult.SOFTFAIL)
    explanation = exp if from_domain else _plain(result, str(who.ip), domain, getattr(q, "mechanism", None), problem)
    return _replace(
        base,
        result=result,
        domain=domain,
        identity=str(getattr(q, "ident", "mailfrom")),
        explanation=explanation,
        explanation_from_domain=from_domain,
        mechanism=getattr(q, "mechanism", None),
        dns_lookups=int(getattr(q, "lookups", 0) or 0),
        void_lookups=int(getattr(q, "void_lookups", 0) or 0),
        reason="; ".join(reason_parts),
        record=_top_record(answers, domain),
        provenance=provenance_of(answers, result),
        dns=lookup_records(answers),
    )


class _Identities(NamedTuple):
    """What SPF is asked about: the client IP, the MAIL FROM (stripped; "" for the null sender) and its parts."""

    ip: ipaddress.IPv4Address | ipaddress.IPv6Address
    sender: str
    local: str
    sender_domain: str


def _identities(
    base: SpfResult, client_ip: str | None, mail_from: str | None, helo_name: str | None
) -> _Identities | SpfResult:
    """The identities to check, or the result that says why there is nothing SPF can check (no DNS asked)."""
    if not client_ip:
        return _replace(base, result=AuthResult.NOT_ANALYSED, reason="no connecting IP address could be determined")
    ip = _parse_ip(client_ip)
    if ip is None:
        return _replace(base, result=AuthResult.NOT_ANALYSED, reason=f"{client_ip!r} is not an IP address")
    sender = (mail_from or "").strip().strip("<>").strip()
    if not sender and not helo_name:
        why = "null sender and no HELO name" if mail_from is not None else "no MAIL FROM and no HELO name"
        return _replace(base, result=AuthResult.NOT_ANALYSED, reason=f"nothing to check: {why}")
    if sender and "@" in sender and not sender.rsplit("@", 1)[1]:
        return _replace(base, result=AuthResult.NONE, identity="mailfrom", reason="the MAIL FROM address has no domain")
    # RFC 7208 §4.3: the domain is what follows the LAST "@" (a local part may hold one: "a@b"@d, or
    # bounces+user@host=example.com@bounce.example); pyspf splits at the first.
    local, _at, sender_domain = sender.rpartition("@") if "@" in sender else ("postmaster", "", sender)
    identity_kind, checked = ("mailfrom", sender_domain) if sender else ("helo", helo_name or "")
    bad = malformed_domain(to_ascii(checked))
    if bad is not None:
        what = "MAIL FROM domain" if sender else "HELO name"
        return _replace(
            base,
            result=AuthResult.NONE,
            identity=identity_kind,
            domain=checked or None,
            reason=f"the {what} {checked!r} cannot have an SPF record: {bad} (RFC 7208 §4.3)",
        )
    return _Identities(ip, sender, local, sender_domain)


def _evaluate(who: _Identities, helo_name: str | None, at: datetime | None) -> tuple[_Query, tuple[Any, Any, Any]]:
    """pyspf's evaluation of the identities (raises what pyspf raises)."""
    # RFC 8616 §5: SPF evaluates the A-label form of an internationalised domain (pyspf refuses
    # non-ASCII names outright and answers "none" without a lookup).
    q = _Query(
        i=str(who.ip),
        s=_ascii_address(who.sender),
        h=to_ascii(helo_name or ""),
        strict=True,
        querytime=SPF_TIME_BUDGET,
    )
    if who.sender:
        q.l, q.o = who.local or "postmaster", to_ascii(who.sender_domain)
        q.d = q.o
    q.set_default_explanation(_DEFAULT_EXP)
    if at is not None:
        q.t = str(int(at.timestamp()))
    return q, q.check()


def _judge(
    result: AuthResult, answers: list[DnsAnswer], problem: str, notes: list[str]
) -> tuple[AuthResult, list[str]]:
    """The result with DNS trouble told apart (unavailable here vs temporary), and the reason's parts."""
    reason_parts = list(notes)
    if result is AuthResult.TEMPERROR:
        cause = _cause(answers)
        if cause is not None and cause.status.is_unavailable:
            result = AuthResult.NOT_VERIFIABLE
            reason_parts.append(f"{cause.status.not_verifiable_text}: {describe(cause)}")
        elif cause is not None:
            reason_parts.append(f"DNS trouble: {describe(cause)}")
        elif problem:
            reason_parts.append(problem)
    elif result is AuthResult.PERMERROR and problem:
        reason_parts.append(problem)
    else:
        missing = unavailable(answers)
        if missing:
            reason_parts.append(
                "some lookups were not available here (" + "; ".join(describe(a) for a in missing[:3]) + ")"
            )
    return result, reason_parts


def _replace(base: SpfResult, **kw: object) -> SpfResult:
    import dataclasses

    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    t = text.strip().strip("[]")
    if t.lower().startswith("ipv6:"):
        t = t[5:]
    try:
        ip = ipaddress.ip_address(t.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _cause(answers: list[DnsAnswer]) -> DnsAnswer | None:
    """The answer that stopped pyspf: the last one that was not a DNS answer (pyspf stops at the first)."""
    for a in reversed(answers):
        if not a.status.is_answer:
            return a
    return None


def _ascii_address(address: str) -> str:
    """`address` with its domain in A-label form (the local part is left as written)."""
    if "@" not in address:
        return address
    local, domain = address.rsplit("@", 1)
    return f"{local}@{to_ascii(domain)}"


def _top_record(answers: list[DnsAnswer], domain: str | None) -> str | None:
    """The SPF record published at the evaluated domain, as text."""
    if not domain:
        return None
    want = normalize_name(domain)
    for a in answers:
        if a.name == want and a.rtype == "TXT":
            for t in a.txt_strings():
                s = t.decode("utf-8", errors="replace")
                if s.lower().startswith("v=spf1") and (len(s) == 6 or s[6] == " "):
                    return s
    return None


def _plain(result: AuthResult, ip: str, domain: str | None, mechanism: object, problem: str) -> str:
    d = domain or "the domain"
    m = f" (matched {mechanism})" if mechanism else ""
    if result is AuthResult.PASS:
        return f"{d} authorises {ip} to send its mail{m}"
    if result is AuthResult.FAIL:
        return f"{d} says {ip} is not allowed to send its mail{m}"
    if result is AuthResult.SOFTFAIL:
        return f"{d} says {ip} is probably not allowed to send its mail{m}"
    if result is AuthResult.NEUTRAL:
        return f"{d} makes no statement about {ip}{m}"
    if result is AuthResult.NONE:
        return f"{d} publishes no SPF record"
    if result is AuthResult.PERMERROR:
        return f"the SPF record of {d} is broken: {problem}" if problem else f"the SPF record of {d} is broken"
    if result is AuthResult.NOT_VERIFIABLE:
        return f"the SPF records of {d} are not available here, so {ip} could not be checked"
    return f"DNS failed while checking {ip} against {d}; a receiver would try again later"
