"""DMARC per RFC 9989 (DMARCbis), with the RFC 7489 (+ RFC 9091 ``np=``) answer kept beside it.

Written by hand rather than taken from authheaders because authheaders aligns only the first DKIM
result, turns SERVFAIL into "none", keeps one TXT record (so "several records" is lost) and re-parses
its PSL on every call (see docs/notes/verification-engine.md §1.3).

The RFC 9989 answer (the report's top-level fields):

- policy discovery (§4.10.1): ``_dmarc.<From domain>``; without a record there, the DNS Tree Walk
  (:mod:`inspector.auth.dmarc_treewalk`, §4.10) up to the top-level domain, at most eight questions.
  Several records at one name are all discarded and the walk goes on. The record applied is the
  Organizational Domain's, else a Public Suffix Domain's (``psd=y``).
- the Organizational Domain (§4.10.2) comes from the same walk: ``psd=n``, one label below ``psd=y``, or
  the record with the fewest labels; so ``github.io`` (a record without ``psd=y``) is the organisational
  domain of ``x.github.io``. The Public Suffix List is used only when DNS cannot finish the walk.
- the policy applied (§4.10.1, §4.7): ``p`` at the From domain; for a subdomain ``sp`` when the name
  exists (any answer but NXDOMAIN, Appendix A.4) and ``np`` when it does not (NXDOMAIN); then ``t=y``
  lowers it one step (``p=reject; t=y`` → quarantine). ``pct``, ``rf`` and ``ri`` are gone (Appendix
  A.6) and ignored with a note; unknown tags and bad optional values are ignored with a finding
  (:mod:`inspector.auth.dmarc_record`); a missing or invalid ``p=`` is ``p=none`` with a valid ``rua=``,
  else no DMARC processing.
- alignment over every DKIM signature that passed and SPF, relaxed (same Organizational Domain, one
  walk per identifier) or strict (same name), comparing A-labels (RFC 8616). Each identifier gets a
  sentence on why it did or did not align.

The RFC 7489 answer (``DmarcResult.rfc7489``): ``_dmarc.<From>`` then ``_dmarc.<PSL org domain>``,
several records → none, PSL alignment, ``np=`` for a name without A/AAAA/MX (RFC 9091 §2.1), ``pct=``
sampling, no ``t=``/``psd=``. ``DmarcResult.differences`` says where the two answers differ and why.

DNS trouble gives temperror; a record this workstation cannot see (offline, not in the snapshot)
gives ``not-verifiable``, naming the record, while alignment is still computed and shown. A From
field with several addresses is evaluated for each author domain and the worst outcome reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from inspector.auth.dmarc_record import POLICIES, DmarcRecord, is_dmarc, parse_record
from inspector.auth.dmarc_treewalk import OrgDomain, TreeWalker, Walk, WalkStep, select_org_domain
from inspector.auth.orgdomain import org_domain
from inspector.auth.provenance import describe, lookup_records, provenance_of
from inspector.dns.context import current_source
from inspector.dns.names import to_ascii
from inspector.dns.source import DnsAnswer, DnsStatus, QueryLog
from inspector.identities import domain_of, getaddresses
from inspector.model.auth import (
    AuthResult,
    DkimSignatureResult,
    DmarcResult,
    DmarcRfc7489,
    DmarcTreeWalkStep,
    SpfResult,
)
from inspector.model.report import Identities

_STRICTNESS = {"none": 0, "quarantine": 1, "reject": 2}
#: RFC 9989 §4.7 t=y: "one level below the specified policy".
_TESTING = {"reject": "quarantine", "quarantine": "none", "none": "none"}
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
#: Distinct identifier domains that get their own tree walk; beyond this the PSL answers (hostile input).
MAX_IDENTIFIER_WALKS = 10

_Stop = tuple[AuthResult, str]
#: domain -> (organisational domain, how it was found in words)
_OrgOf = Callable[[str], tuple[str, str]]


def _valid_domain(domain: str) -> bool:
    if not domain or len(domain) > 253 or any(c.isspace() or ord(c) < 32 or c in '@<>[]\\"' for c in domain):
        return False
    return all(0 < len(label) <= 63 or not label.isascii() for label in domain.split("."))


def author_domains(identities: Identities) -> tuple[str, ...]:
    """Every distinct domain among the From field's addresses, in order."""
    found: list[str] = []
    # The addresses identities parsed on the raw field (the decoded `from_header` is display text only). An
    # Identities built by hand (tests, callers) may carry only `from_header` and `from_address`: then its
    # `from_header` is read, as before.
    addresses = identities.from_addresses
    if not addresses and identities.from_address and identities.from_header:
        addresses = tuple(a for _, a in getaddresses([identities.from_header]))
    for addr in addresses:
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
    walker = TreeWalker()
    results = [_evaluate(d, spf, dkim, header_only, walker) for d in domains]
    answers = _unique(log.since(mark))
    worst = min(results, key=lambda r: (_SEVERITY.get(r.result, 9), -_STRICTNESS.get(r.policy or "", -1)))
    findings = list(worst.findings)
    if len(domains) > 1:
        findings.append(
            "the From field(s) name several authors ("
            + ", ".join(domains)
            + "); DMARC was evaluated for each and the worst outcome is shown: "
            + "; ".join(f"{r.from_domain}: dmarc={r.result.value}" for r in results)
        )
    return dataclasses.replace(
        worst,
        author_domains=domains,
        findings=tuple(findings),
        dns=lookup_records(answers),
        provenance=provenance_of(answers, worst.result),
    )


def _unique(answers: list[DnsAnswer]) -> list[DnsAnswer]:
    """Each (name, type) once: walks for several identifiers share their upper questions."""
    seen: set[tuple[str, str]] = set()
    out: list[DnsAnswer] = []
    for a in answers:
        if (a.name, a.rtype) not in seen:
            seen.add((a.name, a.rtype))
            out.append(a)
    return out


def _stop_for(step: WalkStep, what: str) -> _Stop:
    if step.outcome == "unavailable":
        return AuthResult.NOT_VERIFIABLE, f"{step.answer.status.not_verifiable_text}: {describe(step.answer)} ({what})"
    return AuthResult.TEMPERROR, f"DNS trouble: {describe(step.answer)} ({what})"


@dataclasses.dataclass
class _Policy:
    """What policy discovery found: the record, where, and the tags that matter."""

    record: DmarcRecord | None = None
    domain: str | None = None
    source: str | None = None
    stop: _Stop | None = None
    fallback: str | None = None
    findings: list[str] = dataclasses.field(default_factory=list)


def _evaluate(
    from_domain: str, spf: SpfResult, dkim: Sequence[DkimSignatureResult], header_only: bool, walker: TreeWalker
) -> DmarcResult:
    base = DmarcResult(from_domain=from_domain)
    if not _valid_domain(from_domain):
        return dataclasses.replace(
            base, result=AuthResult.PERMERROR, reason=f"the From domain {from_domain!r} is not a valid domain name"
        )
    author = to_ascii(from_domain)
    # --- RFC 9989 policy discovery (§4.10.1) and the Organizational Domain (§4.10.2), one walk
    walk = walker.walk(author)
    pol = _discover_9989(author, walk)
    org = walker.org_domain(author)
    findings = list(org.findings)
    findings += pol.findings
    rec = pol.record
    tags = rec.tags if rec is not None else {}
    adkim = tags.get("adkim", "r")
    aspf = tags.get("aspf", "r")
    if pol.record is not None and pol.stop is None:
        findings += [f"the DMARC record at _dmarc.{pol.domain}: {why}" for why in pol.record.ignored]
        findings += _removed_notes(pol.record, pol.domain or author)

    identifier_walks: dict[str, OrgDomain] = {}

    def org_9989(domain: str) -> tuple[str, str]:
        d = to_ascii(domain)
        if d == author:
            return org.domain, _org_words(org)
        if d not in identifier_walks:
            if len(identifier_walks) >= MAX_IDENTIFIER_WALKS:
                return org_domain(d), "by the Public Suffix List (too many identifiers to walk)"
            identifier_walks[d] = walker.org_domain(d)
        found = identifier_walks[d]
        return found.domain, _org_words(found)

    align = _alignment(from_domain, spf, dkim, adkim, aspf, header_only, org_9989)
    findings += [f for o in identifier_walks.values() for f in o.findings if f not in findings]
    p = tags.get("p") if pol.fallback is None else "none"
    base = dataclasses.replace(
        base,
        org_domain=org.domain,
        org_domain_method=org.method,
        record=rec.text if rec is not None else None,
        record_domain=pol.domain,
        record_source=pol.source,
        p=p,
        sp=tags.get("sp"),
        np=tags.get("np"),
        adkim=adkim,
        aspf=aspf,
        pct=int(tags["pct"]) if "pct" in tags else None,
        psd=(rec.get("psd") or "u") if rec is not None else None,
        policy_fallback=pol.fallback,
        ignored_tags=rec.ignored_tags if rec is not None else (),
        tree_walk=_walk_report(walk),
        spf_aligned=align.spf_aligned,
        dkim_aligned=align.dkim_aligned,
        aligned_by=align.aligned_by,
        alignment=tuple(align.sentences),
        provisional=header_only and any(True for _ in dkim) and not align.spf_aligned,
    )
    old = _evaluate_7489(author, spf, dkim, header_only)
    if pol.stop is not None:
        result, reason = pol.stop
        if align.aligned_by and result is AuthResult.NOT_VERIFIABLE:
            findings.append(f"{align.aligned_by} passed and is aligned: DMARC would pass if a policy is published")
        out = dataclasses.replace(base, result=result, reason=reason, findings=tuple(findings))
        return dataclasses.replace(out, rfc7489=old.answer, differences=tuple(_differences(out, old, pol)))

    exists: bool | None = None
    if pol.source == "from-domain":
        chosen = p
    else:
        chosen, exists = _subdomain_policy(author, p, tags.get("sp"), tags.get("np"), findings, old)
    policy = chosen
    testing = tags.get("t") == "y"
    if testing and chosen is not None:
        policy = _TESTING[chosen]
        if policy != chosen:
            findings.append(
                f"t=y: the domain is testing its policy, so receivers apply {policy} instead of {chosen} "
                "(RFC 9989 §4.7)"
            )
    result, reason = _outcome(from_domain, align)
    out = dataclasses.replace(
        base,
        result=result,
        reason=reason,
        policy=policy,
        policy_before_testing=chosen,
        testing=testing,
        author_exists=exists,
        findings=tuple(findings),
    )
    return dataclasses.replace(out, rfc7489=old.answer, differences=tuple(_differences(out, old, pol)))


def _org_words(org: OrgDomain) -> str:
    if org.method == "psl-fallback":
        return "by the Public Suffix List, as the DNS tree walk could not finish"
    walk = org.walk
    if walk is None or not walk.records:
        return "no DMARC record on the way up, so the name is its own organisational domain"
    found = next((s for s in walk.records if s.psd == "n"), None) or next(
        (s for s in walk.records if s.psd == "y" and s.domain != walk.start), None
    )
    if found is not None:
        return f"the DNS tree walk stopped at _dmarc.{found.domain} (psd={found.psd})"
    return f"the DNS tree walk's highest DMARC record is at _dmarc.{walk.records[-1].domain}"


def _walk_report(walk: Walk) -> tuple[DmarcTreeWalkStep, ...]:
    assumed = {s.domain for s in walk.assumed_empty}
    return tuple(
        DmarcTreeWalkStep(
            domain=s.domain,
            status=s.answer.status.value,
            outcome=s.outcome,
            psd=s.psd if s.outcome == "record" else None,
            assumed_empty=s.domain in assumed,
        )
        for s in walk.steps
    )


def _discover_9989(author: str, walk: Walk) -> _Policy:
    """RFC 9989 §4.10.1: the record at the From domain, else the Organizational Domain's, else the PSD's."""
    out = _Policy()
    first = walk.steps[0] if walk.steps else None
    if first is None:
        out.stop = (AuthResult.NONE, f"no DMARC record at _dmarc.{author}")
        return out
    if first.outcome in ("trouble", "unavailable") and first not in walk.assumed_empty:
        out.stop = _stop_for(first, f"the From domain's own record, _dmarc.{author}")
        return out
    for s in walk.steps:
        if s.outcome == "several-records":
            out.findings.append(
                f"_dmarc.{s.domain} publishes {s.count} DMARC records; RFC 9989 §4.10 discards them all and "
                "the tree walk goes on (RFC 7489 stopped there with none)"
            )
    if first.outcome == "record" and first.record is not None:
        out.record, out.domain, out.source = first.record, author, "from-domain"
    else:
        if walk.failed is not None:
            out.stop = _stop_for(
                walk.failed,
                f"the DNS tree walk for {author} could not ask _dmarc.{walk.failed.domain}, "
                "where the policy that applies could be published",
            )
            return out
        org = select_org_domain(walk)
        at_org = next((s for s in walk.records if s.domain == org), None)
        psd = next((s for s in walk.records if s.psd == "y"), None)
        if at_org is not None and at_org.record is not None:
            out.record, out.domain, out.source = at_org.record, org, "org-domain"
        elif psd is not None and psd.record is not None:
            out.record, out.domain, out.source = psd.record, psd.domain, "psd"
            out.findings.append(
                f"the policy is the Public Suffix Domain's: _dmarc.{psd.domain} has psd=y and {org} publishes no "
                "DMARC record of its own (RFC 9989 §4.10.1)"
            )
        else:
            asked = ", ".join(f"_dmarc.{s.domain}" for s in walk.steps)
            out.stop = (AuthResult.NONE, f"no DMARC record at {asked}")
            return out
    out.stop, out.fallback = _check_policy_tags(out.record, out.domain or author, out.findings)
    return out


def _removed_notes(rec: DmarcRecord, where: str) -> list[str]:
    notes: list[str] = []
    if "pct" in rec.removed:
        notes.append(
            f"pct={rec.removed['pct']} at _dmarc.{where} is ignored: RFC 9989 removed pct (Appendix A.6; t= "
            "replaces it); RFC 7489 receivers apply the policy to that share of failing mail"
        )
    for name in ("rf", "ri"):
        if name in rec.removed:
            notes.append(
                f"{name}={rec.removed[name]} at _dmarc.{where} is ignored: RFC 9989 removed it (reporting moved to "
                "RFC 9990)"
            )
    return notes


def _check_policy_tags(
    rec: DmarcRecord | None, record_domain: str, findings: list[str]
) -> tuple[_Stop | None, str | None]:
    """RFC 9989 §4.10.1 (RFC 7489 §6.6.3 step 6): a missing or invalid p= means p=none with a valid rua=,
    otherwise no DMARC processing (result none). Never permerror: the record is a DMARC record."""
    if rec is None or rec.p_problem is None:
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


def _subdomain_policy(
    author: str, p: str | None, sp: str | None, np_: str | None, findings: list[str], old: _Old
) -> tuple[str | None, bool | None]:
    """RFC 9989 §4.10.1/§4.7: sp (else p) for an existing subdomain, np (else sp, p) for one that does not exist."""
    existing = sp or p
    if np_ is None:
        return existing, None
    ex = _existence(author)
    old.existence = ex
    if ex.exists_9989 is False:
        findings.append(f"{author} does not exist in DNS (NXDOMAIN), so the np= policy applies (RFC 9989 §4.7)")
        return np_, False
    if ex.exists_9989 is None:
        findings.append(f"could not tell whether {author} exists; np={np_} would apply if it does not")
        return existing, None
    return existing, True


@dataclasses.dataclass(frozen=True)
class _Existence:
    """Whether a name exists: RFC 9989 (any answer but NXDOMAIN) and RFC 9091 (an A, AAAA or MX record)."""

    exists_9989: bool | None
    exists_9091: bool | None
    statuses: tuple[str, ...]


def _existence(domain: str) -> _Existence:
    statuses: list[str] = []
    nodata = unknown = False
    for rtype in ("A", "AAAA", "MX"):
        ans = current_source().query(f"{domain}.", rtype)
        statuses.append(f"{rtype} {ans.status.value}")
        if ans.status is DnsStatus.NOERROR and ans.records:
            return _Existence(True, True, tuple(statuses))
        if ans.status is DnsStatus.NXDOMAIN:
            return _Existence(False, False, tuple(statuses))
        if ans.status.is_answer:
            nodata = True
        else:
            unknown = True
    return _Existence(True if nodata else None, None if unknown else False, tuple(statuses))


def _outcome(from_domain: str, align: _Alignment) -> tuple[AuthResult, str]:
    if align.aligned_by:
        return AuthResult.PASS, f"{align.aligned_by} passed and is aligned with {from_domain}"
    if align.unverifiable:
        return AuthResult.NOT_VERIFIABLE, "no aligned identifier passed, but " + "; ".join(align.unverifiable)
    if align.temporary:
        return AuthResult.TEMPERROR, "no aligned identifier passed, and " + "; ".join(align.temporary)
    return (
        AuthResult.FAIL,
        f"no identifier both passed and aligned with {from_domain}: " + "; ".join(align.sentences),
    )


# --- the RFC 7489 (+ RFC 9091) answer -------------------------------------------------------------------


@dataclasses.dataclass
class _Old:
    """The RFC 7489 answer and the facts behind it (to explain differences)."""

    answer: DmarcRfc7489 = dataclasses.field(default_factory=DmarcRfc7489)
    several_at: str | None = None
    pct: int | None = None
    existence: _Existence | None = None
    np_applied: bool = False


def _psl_org(domain: str) -> tuple[str, str]:
    return org_domain(domain), "by the Public Suffix List"


def _evaluate_7489(author: str, spf: SpfResult, dkim: Sequence[DkimSignatureResult], header_only: bool) -> _Old:
    """RFC 7489 §6.6.3 (+ RFC 9091): _dmarc.<From>, then _dmarc.<PSL org domain>; several records → none."""
    out = _Old()
    org = org_domain(author)
    record: str | None = None
    record_domain = source = None
    stop: _Stop | None = None
    for domain, where in ((author, "from-domain"), (org, "org-domain")):
        if where == "org-domain" and org == author:
            break
        ans = current_source().query(f"_dmarc.{domain}.", "TXT")
        if ans.status.is_unavailable:
            stop = (AuthResult.NOT_VERIFIABLE, f"{ans.status.not_verifiable_text}: {describe(ans)}")
            break
        if not ans.status.is_answer:
            stop = (AuthResult.TEMPERROR, f"DNS trouble: {describe(ans)}")
            break
        texts = [t.decode("utf-8", errors="replace") for t in ans.txt_strings()]
        found = [t for t in texts if is_dmarc(t)]
        if len(found) > 1:
            stop = (AuthResult.NONE, f"_dmarc.{domain} publishes {len(found)} DMARC records; RFC 7489 says none apply")
            out.several_at = domain
            break
        if found:
            record, record_domain, source = found[0], domain, where
            break
    if stop is None and record is None:
        places = f"_dmarc.{author}" + (f" or _dmarc.{org}" if org != author else "")
        stop = (AuthResult.NONE, f"no DMARC record at {places}")
    rec = parse_record(record) if record is not None else None
    fallback = None
    if stop is None:
        stop, fallback = _check_policy_tags(rec, record_domain or author, [])
    tags = rec.tags if rec is not None else {}
    # The alignment modes are those of the record each standard found; with the same record they agree.
    adkim, aspf = tags.get("adkim", "r"), tags.get("aspf", "r")
    align = _alignment(author, spf, dkim, adkim, aspf, header_only, _psl_org)
    answer = DmarcRfc7489(
        org_domain=org,
        record_domain=record_domain,
        record_source=source,
        spf_aligned=align.spf_aligned,
        dkim_aligned=align.dkim_aligned,
    )
    if stop is not None:
        out.answer = dataclasses.replace(answer, result=stop[0], reason=stop[1])
        return out
    p = "none" if fallback else tags.get("p")
    policy = p
    if source == "org-domain":
        policy = tags.get("sp") or p
        np_ = tags.get("np")
        if np_ is not None:
            ex = _existence(author)
            out.existence = ex
            if ex.exists_9091 is False:
                policy, out.np_applied = np_, True
    out.pct = int(tags["pct"]) if "pct" in tags else None
    result, reason = _outcome(author, align)
    if out.pct is not None and out.pct < 100 and policy in ("quarantine", "reject") and result is AuthResult.FAIL:
        lower = "quarantine" if policy == "reject" else "none"
        reason += f" (pct={out.pct}: {policy} for {out.pct}% of failing mail, {lower} for the rest)"
    out.answer = dataclasses.replace(answer, result=result, reason=reason, policy=policy)
    return out


def _differences(new: DmarcResult, old: _Old, pol: _Policy) -> list[str]:
    """Where the RFC 7489 answer differs from the RFC 9989 one, each with the reason."""
    a = old.answer
    out: list[str] = []
    if pol.stop is not None and pol.stop[0] in (AuthResult.NOT_VERIFIABLE, AuthResult.TEMPERROR):
        # The RFC 9989 answer is undecided (a question of the walk went unanswered); RFC 7489 asks fewer names.
        if a.result is not new.result:
            out.append(
                f"result: RFC 9989 could not be decided ({pol.stop[1]}); RFC 7489, which asks only "
                f"_dmarc.{new.from_domain} and the Public Suffix List's organisational domain, gives "
                f"dmarc={a.result.value}" + (f" with policy {a.policy}" if a.policy else "")
            )
        return out
    # With no record under either standard DMARC does not apply, and the organisational domains do not matter.
    if a.org_domain != new.org_domain and (a.record_domain or new.record_domain):
        how = (
            "the Public Suffix List fallback"
            if new.org_domain_method == "psl-fallback"
            else "the DNS tree walk (records published in DNS)"
        )
        out.append(
            f"organisational domain: RFC 9989 finds {new.org_domain} by {how}; RFC 7489 takes {a.org_domain} from "
            "the Public Suffix List"
        )
    if (a.record_domain, a.record_source) != (new.record_domain, new.record_source):
        if old.several_at:
            why = (
                f"_dmarc.{old.several_at} publishes several DMARC records: RFC 7489 stops with none, RFC 9989 "
                "discards them and walks on"
            )
        elif new.record_source == "psd":
            why = f"RFC 9989 applies the Public Suffix Domain policy at _dmarc.{new.record_domain} (psd=y)"
        else:
            why = "the DNS tree walk and the Public Suffix List find different organisational domains"
        mine = f"_dmarc.{new.record_domain}" if new.record_domain else "no record"
        theirs = f"_dmarc.{a.record_domain}" if a.record_domain else "no record"
        out.append(f"policy record: RFC 9989 uses {mine}, RFC 7489 {theirs}: {why}")
    if a.policy != new.policy and (a.record_domain == new.record_domain or not out):
        whys: list[str] = []
        if new.testing and new.policy != new.policy_before_testing:
            whys.append(f"t=y lowers {new.policy_before_testing} to {new.policy} in RFC 9989; RFC 7489 has no t=")
        ex = old.existence
        if ex is not None and ex.exists_9989 is True and ex.exists_9091 is False:
            whys.append(
                f"{new.from_domain} has no A, AAAA or MX record but is not NXDOMAIN ({', '.join(ex.statuses)}): "
                "RFC 9091 calls it non-existent (np=), RFC 9989 says it exists (sp=)"
            )
        out.append(
            f"policy applied: RFC 9989 {new.policy or 'none found'}, RFC 7489 {a.policy or 'none found'}"
            + (": " + "; ".join(whys) if whys else "")
        )
    if old.pct is not None and old.pct < 100 and a.policy in ("quarantine", "reject") and a.result is AuthResult.FAIL:
        out.append(
            f"pct={old.pct}: RFC 7489 receivers apply {a.policy} to {old.pct}% of failing mail only; RFC 9989 "
            "removed pct and applies the policy to all of it"
        )
    if a.result is not new.result:
        if (a.spf_aligned, a.dkim_aligned) != (new.spf_aligned, new.dkim_aligned):
            why = "an identifier aligns under one standard's organisational domain and not the other's"
        elif a.record_domain != new.record_domain:
            why = "the two standards find a different policy record (see above)"
        else:
            why = "see the reasons above"
        out.append(f"result: RFC 9989 dmarc={new.result.value}, RFC 7489 dmarc={a.result.value}: {why}")
    return out


# --- identifier alignment ---------------------------------------------------------------------------------


@dataclasses.dataclass
class _Alignment:
    spf_aligned: bool = False
    dkim_aligned: bool = False
    aligned_by: str | None = None
    sentences: list[str] = dataclasses.field(default_factory=list)
    unverifiable: list[str] = dataclasses.field(default_factory=list)
    temporary: list[str] = dataclasses.field(default_factory=list)


def _aligns(identifier: str, from_domain: str, mode: str, org_of: _OrgOf) -> tuple[bool, str]:
    # RFC 8616 §6: compare after IDNA conversion, so bücher.test and xn--bcher-kva.test are one name.
    ident, frm = to_ascii(identifier), to_ascii(from_domain)
    if ident == frm:
        written = identifier.lower().rstrip(".") != from_domain.lower().rstrip(".")
        return True, "the same domain" + (f" ({frm} in A-label form, RFC 8616)" if written else "")
    if mode == "s":
        # Strict alignment is a string comparison (RFC 9989 §4.10.2): no organisational domain is needed.
        return False, f"a different name; strict mode needs exactly {frm}"
    (org_i, how_i), (org_f, how_f) = org_of(ident), org_of(frm)
    if org_i == org_f:
        return True, f"the same organisational domain ({org_f}; {how_i})"
    return False, f"a different organisation ({org_i}, {how_i}; not {org_f}, {how_f})"


def _dkim_passing(sig: DkimSignatureResult, header_only: bool) -> bool:
    if sig.result is AuthResult.PASS:
        return True
    return header_only and sig.header_signature == "pass" and sig.body_hash == "not-checked"


#: Results whose alignment cannot change the outcome: no tree walk is spent on them (RFC 9989 §4.10.2 walks
#: only for passing identifiers); their sentence compares names only.
_NOT_COUNTING = (AuthResult.FAIL, AuthResult.PERMERROR, AuthResult.NONE, AuthResult.POLICY, AuthResult.NEUTRAL)


def _alignment(
    from_domain: str,
    spf: SpfResult,
    dkim: Sequence[DkimSignatureResult],
    adkim: str,
    aspf: str,
    header_only: bool,
    org_of: _OrgOf,
) -> _Alignment:
    out = _Alignment()
    mode_word = {"r": "relaxed", "s": "strict"}
    for sig in dkim:
        if not sig.domain:
            continue
        label = f"DKIM d={sig.domain}"
        passing = _dkim_passing(sig, header_only)
        if not passing and sig.result in _NOT_COUNTING:
            same = to_ascii(sig.domain) == to_ascii(from_domain)
            out.sentences.append(
                f"{label} did not pass ({sig.result.value})"
                + (", although it is the From domain's own signature" if same else "")
            )
            continue
        ok, how = _aligns(sig.domain, from_domain, adkim, org_of)
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
    if spf_domain and spf.result in _NOT_COUNTING:
        out.sentences.append(f"SPF {spf_domain} did not pass ({spf.result.value})")
    elif spf_domain:
        ok, how = _aligns(spf_domain, from_domain, aspf, org_of)
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


__all__ = ["POLICIES", "author_domains", "check_dmarc"]
