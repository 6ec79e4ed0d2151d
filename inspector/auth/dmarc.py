"""DMARC (RFC 7489, with RFC 9091 ``np=``), our own implementation over every DKIM result and SPF.

Written by hand rather than taken from authheaders because authheaders aligns only the first DKIM
result, turns SERVFAIL into "none", keeps one TXT record (so "several records → none" is lost) and
re-parses its PSL on every call (see docs/notes/verification-engine.md §1.3).

What it does, in RFC 7489 §6.6.3 order: look up ``_dmarc.<From domain>``; if that holds no DMARC
record, ``_dmarc.<organisational domain>`` (PSL, :mod:`inspector.auth.orgdomain`). Several records at
the level that has any → none. Terms that do not parse, unknown tags and invalid optional values are
ignored with a finding naming them (:mod:`inspector.auth.dmarc_record`; never permerror). A missing or
invalid ``p=`` → no DMARC processing (none), or ``p=none`` when ``rua=`` is valid. Alignment is
checked for every passing DKIM signature and for SPF, relaxed or strict as the record says, and each
identifier gets a sentence on why it did or did not align.

DNS trouble gives temperror; a record this workstation cannot see (offline, not in the snapshot)
gives ``not-verifiable``, naming the record, while alignment is still computed and shown. A From
field with several addresses is evaluated for each author domain and the worst outcome reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from inspector.auth.dmarc_record import POLICIES, DmarcRecord, is_dmarc, parse_record
from inspector.auth.orgdomain import org_domain
from inspector.auth.provenance import describe, lookup_records, provenance_of
from inspector.dns.context import current_source
from inspector.dns.names import to_ascii
from inspector.dns.source import DnsAnswer, DnsStatus, QueryLog
from inspector.identities import domain_of, getaddresses
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, SpfResult
from inspector.model.report import Identities

_POLICIES = POLICIES
_STRICTNESS = {"none": 0, "quarantine": 1, "reject": 2}
#: Worst first, for picking the author domain to report when a From field has several.
_SEVERITY = {
    AuthResult.FAIL: 0,
    AuthResult.PERMERROR: 1,
    AuthResult.TEMPERROR: 2,
    AuthResult.NOT_VERIFIABLE: 3,
    AuthResult.NONE: 4,
    AuthResult.NOT_ANALYSED: 5,
    AuthResult.PASS: 6,
}
MAX_AUTHOR_DOMAINS = 10


def _valid_domain(domain: str) -> bool:
    if not domain or len(domain) > 253 or any(c.isspace() or ord(c) < 32 or c in '@<>[]\\"' for c in domain):
        return False
    return all(0 < len(label) <= 63 or not label.isascii() for label in domain.split("."))


def author_domains(identities: Identities) -> tuple[str, ...]:
    """Every distinct domain among the From field's addresses, in order."""
    found: list[str] = []
    if identities.from_header:
        # Hostile header text gives no pairs; then the one domain identities found stands alone.
        for _, addr in getaddresses([identities.from_header]):
            d = domain_of(addr)
            if d and d not in found:
                found.append(d)
    if identities.from_domain and identities.from_domain not in found:
        found.insert(0, identities.from_domain)
    return tuple(found[:MAX_AUTHOR_DOMAINS])


def check_dmarc(
    identities: Identities, spf: SpfResult, dkim: Sequence[DkimSignatureResult], *, log: QueryLog, header_only: bool
) -> DmarcResult:
    """Evaluate DMARC for the From domain (each author domain when the From field names several)."""
    domains = author_domains(identities)
    if not domains:
        why = "the message has no From field" if not identities.from_header else "the From field has no domain"
        return DmarcResult(
            result=AuthResult.PERMERROR, reason=f"{why}, so DMARC cannot be applied", provenance=provenance_of([])
        )
    mark = log.mark()
    results = [_evaluate(d, spf, dkim, header_only) for d in domains]
    answers = log.since(mark)
    worst = min(results, key=lambda r: (_SEVERITY.get(r.result, 9), -_STRICTNESS.get(r.policy or "", -1)))
    findings = list(worst.findings)
    if len(domains) > 1:
        findings.append(
            "the From field names several authors ("
            + ", ".join(domains)
            + "); DMARC was evaluated for each and the worst outcome is shown: "
            + "; ".join(f"{r.from_domain}: dmarc={r.result.value}" for r in results)
        )
    return dataclasses.replace(
        worst,
        author_domains=domains,
        findings=tuple(findings),
        dns=lookup_records(answers),
        provenance=provenance_of(answers),
    )


def _txt(name: str) -> DnsAnswer:
    return current_source().query(name, "TXT")


def _dmarc_records(a: DnsAnswer) -> list[str]:
    texts = [t.decode("utf-8", errors="replace") for t in a.txt_strings()]
    return [t for t in texts if is_dmarc(t)]


def _evaluate(from_domain: str, spf: SpfResult, dkim: Sequence[DkimSignatureResult], header_only: bool) -> DmarcResult:
    base = DmarcResult(from_domain=from_domain)
    if not _valid_domain(from_domain):
        return dataclasses.replace(
            base, result=AuthResult.PERMERROR, reason=f"the From domain {from_domain!r} is not a valid domain name"
        )
    org = org_domain(from_domain)
    base = dataclasses.replace(base, org_domain=org)

    # --- policy discovery (RFC 7489 §6.6.3 steps 1-5)
    record: str | None = None
    record_domain: str | None = None
    source: str | None = None
    stop: tuple[AuthResult, str] | None = None
    for domain, where in ((from_domain, "from-domain"), (org, "org-domain")):
        if where == "org-domain" and org == from_domain:
            break
        ans = _txt(f"_dmarc.{domain}.")
        if ans.status.is_unavailable:
            stop = (AuthResult.NOT_VERIFIABLE, f"{ans.status.not_verifiable_text}: {describe(ans)}")
            break
        if not ans.status.is_answer:
            stop = (AuthResult.TEMPERROR, f"DNS trouble: {describe(ans)}")
            break
        found = _dmarc_records(ans)
        if len(found) > 1:
            stop = (AuthResult.NONE, f"_dmarc.{domain} publishes {len(found)} DMARC records; RFC 7489 says none apply")
            record_domain, source = domain, where
            break
        if found:
            record, record_domain, source = found[0], domain, where
            break
    if stop is None and record is None:
        places = f"_dmarc.{from_domain}" + (f" or _dmarc.{org}" if org != from_domain else "")
        stop = (AuthResult.NONE, f"no DMARC record at {places}")

    rec: DmarcRecord | None = None
    fallback: str | None = None
    findings: list[str] = []
    if record is not None and stop is None:
        rec = parse_record(record)  # a record that passed is_dmarc() always parses
        findings.extend(f"the DMARC record at _dmarc.{record_domain}: {why}" for why in rec.ignored)
        stop, fallback = _check_policy_tags(rec, record_domain or from_domain, findings)

    tags = rec.tags if rec is not None else {}
    adkim = tags.get("adkim", "r")
    aspf = tags.get("aspf", "r")
    pct = int(tags["pct"]) if "pct" in tags else None
    p = tags.get("p")
    sp = tags.get("sp")
    np_ = tags.get("np")
    if fallback:
        p = "none"
    base = dataclasses.replace(
        base,
        record=record,
        record_domain=record_domain,
        record_source=source,
        p=p,
        sp=sp,
        np=np_,
        adkim=adkim,
        aspf=aspf,
        pct=pct,
        policy_fallback=fallback,
        ignored_tags=rec.ignored_tags if rec is not None else (),
    )

    # --- identifier alignment (computed even when the policy cannot be had)
    align = _alignment(from_domain, spf, dkim, adkim, aspf, header_only)
    base = dataclasses.replace(
        base,
        spf_aligned=align.spf_aligned,
        dkim_aligned=align.dkim_aligned,
        aligned_by=align.aligned_by,
        alignment=tuple(align.sentences),
        provisional=header_only and any(True for _ in dkim) and not align.spf_aligned,
    )
    if stop is not None:
        result, reason = stop
        if result is not AuthResult.PASS and align.aligned_by and result in (AuthResult.NOT_VERIFIABLE,):
            findings.append(f"{align.aligned_by} passed and is aligned: DMARC would pass if a policy is published")
        return dataclasses.replace(base, result=result, reason=reason, findings=tuple(findings))

    policy = _effective_policy(from_domain, source, p, sp, np_, findings)
    if pct is not None and pct < 100 and policy in ("quarantine", "reject"):
        lower = "quarantine" if policy == "reject" else "none"
        findings.append(f"pct={pct}: receivers apply {policy} to {pct}% of failing mail and {lower} to the rest")
    if align.aligned_by:
        result, reason = AuthResult.PASS, f"{align.aligned_by} passed and is aligned with {from_domain}"
    elif align.unverifiable:
        result = AuthResult.NOT_VERIFIABLE
        reason = "no aligned identifier passed, but " + "; ".join(align.unverifiable)
    elif align.temporary:
        result = AuthResult.TEMPERROR
        reason = "no aligned identifier passed, and " + "; ".join(align.temporary)
    else:
        result = AuthResult.FAIL
        reason = f"no identifier both passed and aligned with {from_domain}: " + "; ".join(align.sentences)
    return dataclasses.replace(base, result=result, reason=reason, policy=policy, findings=tuple(findings))


def _check_policy_tags(
    rec: DmarcRecord, record_domain: str, findings: list[str]
) -> tuple[tuple[AuthResult, str] | None, str | None]:
    """RFC 9989 §4.10.1 (RFC 7489 §6.6.3 step 6): a missing or invalid p= means p=none with a valid rua=,
    otherwise no DMARC processing (result none). Never permerror: the record is a DMARC record."""
    if rec.p_problem is None:
        return None, None
    if rec.valid_rua:
        findings.append(
            f"the DMARC record at _dmarc.{record_domain}: {rec.p_problem}; as it names a valid rua=, p=none applies"
        )
        return None, "rua"
    return (
        AuthResult.NONE,
        f"the DMARC record at _dmarc.{record_domain} publishes no usable policy ({rec.p_problem}) and no valid "
        "rua=, so no DMARC processing applies (RFC 9989 §4.10.1, RFC 7489 §6.6.3)",
    ), None


def _effective_policy(
    from_domain: str, source: str | None, p: str | None, sp: str | None, np_: str | None, findings: list[str]
) -> str | None:
    """p at the From domain; at the org domain sp (or p), or np when the From domain does not exist."""
    if source == "from-domain":
        return p
    policy = sp or p
    if np_ is None:
        return policy
    exists = _domain_exists(from_domain)
    if exists is False:
        findings.append(f"{from_domain} does not exist in DNS, so the np= policy applies (RFC 9091)")
        return np_
    if exists is None:
        findings.append(f"could not tell whether {from_domain} exists; np={np_} would apply if it does not")
    return policy


def _domain_exists(domain: str) -> bool | None:
    """RFC 9091 §2.1: a domain with no A, AAAA or MX records does not exist; None when DNS cannot tell."""
    unknown = False
    for rtype in ("A", "AAAA", "MX"):
        ans = current_source().query(f"{domain}.", rtype)
        if ans.status is DnsStatus.NOERROR and ans.records:
            return True
        if ans.status is DnsStatus.NXDOMAIN:
            return False
        if not ans.status.is_answer:
            unknown = True
    return None if unknown else False


@dataclasses.dataclass
class _Alignment:
    spf_aligned: bool = False
    dkim_aligned: bool = False
    aligned_by: str | None = None
    sentences: list[str] = dataclasses.field(default_factory=list)
    unverifiable: list[str] = dataclasses.field(default_factory=list)
    temporary: list[str] = dataclasses.field(default_factory=list)


def _aligns(identifier: str, from_domain: str, mode: str) -> tuple[bool, str]:
    # RFC 8616 §6: compare after IDNA conversion, so bücher.test and xn--bcher-kva.test are one name.
    ident, frm = to_ascii(identifier), to_ascii(from_domain)
    if ident == frm:
        written = identifier.lower().rstrip(".") != from_domain.lower().rstrip(".")
        return True, "the same domain" + (f" ({frm} in A-label form, RFC 8616)" if written else "")
    if mode == "s":
        if org_domain(ident) == org_domain(frm):
            return False, f"only the same organisation ({org_domain(frm)}); strict mode needs exactly {frm}"
        return False, f"a different organisation ({org_domain(ident)}, not {org_domain(frm)})"
    if org_domain(ident) == org_domain(frm):
        return True, f"the same organisational domain ({org_domain(frm)})"
    return False, f"a different organisation ({org_domain(ident)}, not {org_domain(frm)})"


def _dkim_passing(sig: DkimSignatureResult, header_only: bool) -> bool:
    if sig.result is AuthResult.PASS:
        return True
    return header_only and sig.header_signature == "pass" and sig.body_hash == "not-checked"


def _alignment(
    from_domain: str, spf: SpfResult, dkim: Sequence[DkimSignatureResult], adkim: str, aspf: str, header_only: bool
) -> _Alignment:
    out = _Alignment()
    mode_word = {"r": "relaxed", "s": "strict"}
    for sig in dkim:
        if not sig.domain:
            continue
        ok, how = _aligns(sig.domain, from_domain, adkim)
        label = f"DKIM d={sig.domain}"
        passing = _dkim_passing(sig, header_only)
        if ok and passing:
            out.dkim_aligned = True
            out.aligned_by = out.aligned_by or label
            extra = " (header signature only: the body was not available)" if sig.result is not AuthResult.PASS else ""
            out.sentences.append(f"{label} passed and is aligned ({mode_word[adkim]}): {how}{extra}")
        elif ok:
            out.sentences.append(f"{label} is aligned ({how}) but the signature did not pass: {sig.result.value}")
            if sig.result is AuthResult.NOT_VERIFIABLE:
                out.unverifiable.append(f"{label} is aligned and could not be verified here")
            elif sig.result is AuthResult.TEMPERROR:
                out.temporary.append(f"{label} is aligned and its key lookup failed temporarily")
        else:
            out.sentences.append(f"{label} ({sig.result.value}) is not aligned: {how}")
    if not any(s.domain for s in dkim):
        out.sentences.append("no DKIM signature to align")

    spf_domain = spf.domain or domain_of(spf.mail_from) or None
    if spf_domain:
        ok, how = _aligns(spf_domain, from_domain, aspf)
        label = f"SPF {spf_domain}"
        if ok and spf.result is AuthResult.PASS:
            out.spf_aligned = True
            out.aligned_by = out.aligned_by or label
            out.sentences.append(f"{label} passed and is aligned ({mode_word[aspf]}): {how}")
        elif ok:
            out.sentences.append(f"{label} is aligned ({how}) but SPF did not pass: {spf.result.value}")
            if spf.result in (AuthResult.NOT_VERIFIABLE, AuthResult.NOT_ANALYSED):
                why = "could not be checked here" + (f" ({spf.reason})" if spf.reason else "")
                out.unverifiable.append(f"{label} is aligned and {why}")
            elif spf.result is AuthResult.TEMPERROR:
                out.temporary.append(f"{label} is aligned and its SPF check hit DNS trouble")
        else:
            out.sentences.append(f"{label} ({spf.result.value}) is not aligned: {how}")
    else:
        out.sentences.append("no SPF identity to align (no MAIL FROM or HELO domain)")
    return out
