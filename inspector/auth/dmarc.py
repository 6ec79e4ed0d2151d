"""DMARC (RFC 7489, with RFC 9091 ``np=``), our own implementation over every DKIM result and SPF.

Written by hand rather than taken from authheaders because authheaders aligns only the first DKIM
result, turns SERVFAIL into "none", keeps one TXT record (so "several records → none" is lost) and
re-parses its PSL on every call (see ../shared/design/notes/verification-engine.md §1.3).

What it does, in RFC 7489 §6.6.3 order: look up ``_dmarc.<From domain>``; if that holds no DMARC
record, ``_dmarc.<organisational domain>`` (PSL, :mod:`inspector.auth.orgdomain`). Several records at
the level that has any → none. A record whose terms do not parse, or whose known tags have invalid
values → permerror naming the term. A missing ``p=`` → none (step 6), or ``p=none`` when ``rua=`` is
valid. Alignment is checked for every passing DKIM signature and for SPF, relaxed or strict as the
record says, and each identifier gets a sentence on why it did or did not align.

DNS trouble gives temperror; a record this workstation cannot see (offline, not in the snapshot)
gives ``not-verifiable``, naming the record, while alignment is still computed and shown. A From
field with several addresses is evaluated for each author domain and the worst outcome reported.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from inspector.auth.orgdomain import org_domain
from inspector.auth.provenance import describe, lookup_records, provenance_of
from inspector.dns.context import current_source
from inspector.dns.source import DnsAnswer, DnsStatus, QueryLog
from inspector.identities import domain_of, getaddresses
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, SpfResult
from inspector.model.report import Identities

#: RFC 7489 §6.4: the record starts with the v tag, value "DMARC1" (case-sensitive: %x44.4d.41.52.43.31).
_VERSION = re.compile(r"^\s*v\s*=\s*DMARC1\s*(;|$)")
_TERM = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*)$", re.S)
_PCT = re.compile(r"^[0-9]{1,3}$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_POLICIES = ("none", "quarantine", "reject")
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


class RecordError(ValueError):
    """A DMARC record that cannot be used (the message says why)."""


def parse_record(text: str) -> dict[str, str]:
    """The tags of a DMARC record, names lower-cased; raises RecordError for a broken record.

    Unknown tags are kept (and ignored by the caller, RFC 7489 §6.3); known tags are validated.
    """
    tags: dict[str, str] = {}
    for raw_term in text.split(";"):
        term = raw_term.strip()
        if not term:
            continue
        m = _TERM.match(term)
        if m is None:
            raise RecordError(f"the term {term!r} is not tag=value")
        name, value = m.group(1).lower(), m.group(2).strip()
        if name in tags:
            raise RecordError(f"the tag {name}= appears twice")
        tags[name] = value
    if tags.get("v") != "DMARC1":
        raise RecordError("the record does not start with v=DMARC1")
    for name in ("adkim", "aspf"):
        if name in tags and tags[name].lower() not in ("r", "s"):
            raise RecordError(f"{name}={tags[name]} is not r or s")
    if "pct" in tags and not (_PCT.match(tags["pct"]) and int(tags["pct"]) <= 100):
        raise RecordError(f"pct={tags['pct']} is not a whole number from 0 to 100")
    if "np" in tags and tags["np"].lower() not in _POLICIES:
        raise RecordError(f"np={tags['np']} is not none, quarantine or reject")
    return tags


def _valid_rua(tags: dict[str, str]) -> bool:
    uris = [u.strip() for u in tags.get("rua", "").split(",") if u.strip()]
    return any(_URI.match(u.split("!", 1)[0]) for u in uris)


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
    return [t for t in texts if _VERSION.match(t)]


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
            stop = (AuthResult.NOT_VERIFIABLE, f"not verifiable offline: {describe(ans)}")
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

    tags: dict[str, str] = {}
    fallback: str | None = None
    findings: list[str] = []
    if record is not None and stop is None:
        try:
            tags = parse_record(record)
        except RecordError as exc:
            stop = (AuthResult.PERMERROR, f"the DMARC record at _dmarc.{record_domain} is broken: {exc}")
        else:
            stop, fallback = _check_policy_tags(tags, record_domain or from_domain, findings)

    adkim = tags.get("adkim", "r").lower()
    aspf = tags.get("aspf", "r").lower()
    pct = int(tags["pct"]) if _PCT.match(tags.get("pct", "")) else None
    p = tags["p"].lower() if tags.get("p", "").lower() in _POLICIES else None
    sp = tags["sp"].lower() if tags.get("sp", "").lower() in _POLICIES else None
    np_ = tags["np"].lower() if tags.get("np", "").lower() in _POLICIES else None
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
    tags: dict[str, str], record_domain: str, findings: list[str]
) -> tuple[tuple[AuthResult, str] | None, str | None]:
    """RFC 7489 §6.6.3 step 6: a missing or invalid p=/sp=."""
    problems: list[str] = []
    if "p" not in tags:
        problems.append("it has no p= tag")
    elif tags["p"].lower() not in _POLICIES:
        problems.append(f"p={tags['p']} is not none, quarantine or reject")
    if "sp" in tags and tags["sp"].lower() not in _POLICIES:
        problems.append(f"sp={tags['sp']} is not none, quarantine or reject")
    if not problems:
        return None, None
    what = " and ".join(problems)
    if _valid_rua(tags):
        findings.append(f"the DMARC record at _dmarc.{record_domain}: {what}; as it names rua=, p=none applies")
        return None, "rua"
    if "p" not in tags and len(problems) == 1:
        return (
            AuthResult.NONE,
            f"the DMARC record at _dmarc.{record_domain} has no p= tag, so DMARC is not applied",
        ), None
    return (AuthResult.PERMERROR, f"the DMARC record at _dmarc.{record_domain} is broken: {what}"), None


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
    ident, frm = identifier.lower().rstrip("."), from_domain.lower().rstrip(".")
    if ident == frm:
        return True, "the same domain"
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
