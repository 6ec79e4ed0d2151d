"""The plain-language verdict: ok / suspicious / dangerous, with reasons a helpdesk worker can act on.

Each rule is a small function that reads the Report and adds plain sentences at a level; `decide` runs them
in order of importance, and the reasons come out dangerous first, then suspicious, then notes.

Level policy:

- **dangerous**: the message is built to deceive, or its sender address is proven false where the domain's
  owner asked for such mail to be refused:
  a domain made to look like another in From, or a display name claiming a brand its address does not
  back (passing checks then only prove the sender owns the look-alike); DMARC failing under a ``reject`` or
  ``quarantine`` policy, by our re-check or as your own mail server recorded it on arrival; a receiver's
  DMARC failure for the domain of a well-known brand; and a sender address shown to be false *together
  with* replies that go to another organisation (the set-up of fraud that wants an answer).
- **suspicious**: something does not add up, confirm another way: DMARC failing with no policy, Microsoft
  365's composite authentication failing, SPF fail or soft-fail without a DMARC pass, every DKIM signature
  failing, nothing authenticating the sender at all, a From domain that cannot exist or no From domain,
  several From fields, a free-mailbox Reply-To behind a company, replies going from one free mailbox to a
  different one, the message changed on its way, a header claiming to be your mail server's result that was
  already in the message when it arrived (probably forged), a passing signature that leaves the end of the
  body unsigned (``l=``: anyone could have appended it), or a weaker look-alike.
- notes only: relations that are often innocent (bounces handled by a mailing service, a signing service),
  disagreements with the receiver, and everything that could not be checked.

Guards against false alarms:

- ``not-verifiable`` (no DNS offline) is never a failure; a receiver's own record fills in only where we
  could not re-check, and only records from a trusted receiver count: for each check the receiver's
  topmost record (one per signature for DKIM), never "any pass" among several.
- Mail that came through a mailing list (List-Id) which vouches for itself (its own signature verified by
  us or recorded as passing by your mail server) is expected to break the author's signature and DMARC: a
  change made at the list's hosts, and a DMARC failure under ``none``, become notes that say so; an
  enforced DMARC failure stays suspicious but is never raised to dangerous, and the fraud combination is
  not applied (lists set Reply-To to themselves).
- DMARC pass alone never reads as "safe": an ``ok`` verdict says no warning signs were found and what the
  pass does prove.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import SupportsIndex

from inspector.auth.dkim_warnings import DISPLAYED, display_name
from inspector.auth.orgdomain import org_or_none
from inspector.content.disguise import KIND_WORDS
from inspector.identities import domain_of
from inspector.model.auth import AUTH_RESULTS_HEADERS, AuthResult, DkimSignatureResult, RecordedResult
from inspector.model.chain import Break, Hop
from inspector.model.content import NEW_LINK_DOMAIN as _NEW_LINK_DOMAIN
from inspector.model.content import Link
from inspector.model.filters import VERDICT_ORDER, FilterField, FilterVerdict
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import (
    CaveatKind,
    Level,
    MailKind,
    ReasonWeight,
    Report,
    SectionState,
    Verdict,
    VerdictReason,
    section_state,
)
from inspector.model.vocabulary import SEVERITY_ORDER, Severity
from inspector.orgdomain import under_public_suffix

#: Look-alike kinds that mean someone built a name to deceive (not merely a related-looking one).
DECEPTIVE_KINDS = frozenset(
    {
        "idn-homoglyph",
        "homoglyph",
        "target-embedding",
        "split-name",
        "www-prefix",
        "combosquat",
        "free-hosting",
        "shared-tenant",
        "typo",
        "tld-swap",
        "brand-in-subdomain",
        "mixed-script",
        "whole-script",
    }
)
#: Relations between identities that are often innocent; they are mentioned but never raise the level alone.
RELATION_KINDS = frozenset({"reply-to-mismatch", "return-path-mismatch", "sender-mismatch", "dkim-domain-mismatch"})
#: Identity fields a reader neither sees as the sender nor replies to.
_HIDDEN_FIELDS = frozenset({"Return-Path", "Sender", "DKIM d="})
#: Look-alike kinds about where replies go.
REPLY_KINDS = frozenset({"reply-to-freemail", "reply-to-mismatch"})

_KIND_WORDS = {
    MailKind.BOUNCE: "delivery report (bounce)",
    MailKind.AUTO_REPLY: "reply",
    MailKind.REPORT: "report",
    MailKind.ORDINARY: "message",
}

#: Tags a reason can carry, for rules that weigh combinations.
FORGED = "forged-sender"  # evidence (a failure, not an absence) that the From address is not genuine
REPLIES = "replies-elsewhere"  # replies go to another organisation or mailbox than the sender's
#: A backed mailing list re-sent it and broke the author's DMARC under an enforced policy: the list is proven,
#: the author is not, and the domain owner asked receivers to act on exactly that failure (level: unverified).
AUTHOR_UNPROVEN = "author-unproven"
#: Tag: every signature fails on a body your mail server had verified on arrival (`_verified_on_arrival`), so
#: the body in hand is not the one that arrived: nothing here confirms the content that is being judged.
BODY_UNPROVEN = "body-unproven"

_AUTH_SECTIONS = ("spf", "dkim", "dmarc")
#: Look-alike findings, most serious first (a word outside the vocabulary sorts last).
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITY_ORDER)}
_SECTION_NAMES = {
    "identities": "the sender's identities (From, Reply-To, Sender)",
    "spf": "SPF",
    "dkim": "DKIM",
    "arc": "ARC",
    "dmarc": "DMARC",
    "hops": "the Received chain",
    "lookalikes": "look-alike names",
    "recorded": "the receiving server's own results",
}
_UNCHECKED = (AuthResult.NOT_VERIFIABLE, AuthResult.NOT_ANALYSED)
#: The fact "the body changed after it was signed", stated by a failing body hash and by a chain break.
BODY_CHANGED = "body-changed"


def break_fact(b: Break) -> str:
    """The fact a chain break states (``body-changed``, ``break:subject-tagged`` …), for merging reasons."""
    kind = b.what.lower().replace(" ", "-")
    return BODY_CHANGED if kind == BODY_CHANGED else f"break:{kind}"


class _Bucket(list[str]):
    """The reasons of one weight; each remembers the rule that was running when it was added, and the facts
    it states (see `VerdictReason.facts`)."""

    def __init__(self, owner: _Reasons) -> None:
        super().__init__()
        self.owner = owner
        self.rules: list[str] = []
        self.facts: list[tuple[str, ...]] = []

    def append(self, text: str, facts: tuple[str, ...] = ()) -> None:
        super().append(text)
        self.rules.append(self.owner.rule)
        self.facts.append(facts)

    def insert(self, index: SupportsIndex, text: str, facts: tuple[str, ...] = ()) -> None:
        super().insert(index, text)
        self.rules.insert(index, self.owner.rule)
        self.facts.insert(index, facts)

    def pairs(self) -> list[tuple[str, str, tuple[str, ...]]]:
        return list(zip(self.rules, self, self.facts, strict=True))


class _Reasons:
    """Reasons collected per level, in the order the rules added them, plus tags for combinations.

    `rule` is the identity of the rule now running (set by `decide`), so every reason carries it into
    `Verdict.findings`: the census counts false alarms by rule, and tests name the rule they expect.
    """

    def __init__(self) -> None:
        self.rule = "verdict"
        self.dangerous = _Bucket(self)
        self.suspicious = _Bucket(self)
        self.notes = _Bucket(self)
        self.tags: set[str] = set()

    def level(self) -> Level:
        if self.dangerous:
            return Level.DANGEROUS
        if self.suspicious:
            return Level.SUSPICIOUS
        return Level.OK

    def findings(self, unverified: tuple[tuple[str, str, tuple[str, ...]], ...] = ()) -> tuple[VerdictReason, ...]:
        """Every reason once, dangerous first, then suspicious, then what is unconfirmed, then notes.

        A reason whose facts were all stated by an earlier (weightier) reason says the same thing again
        ("Every DKIM signature fails: the message was changed …" and "The message was altered on its way:
        body changed"): it is merged into that reason, by the facts, never by comparing sentences; the merged
        rule is kept in `also` so counts by rule still see it.
        """
        seen: set[str] = set()
        out: list[VerdictReason] = []
        stated: dict[str, int] = {}  # fact → index in `out` of the reason that stated it first
        for weight, pairs in (
            (ReasonWeight.DANGEROUS, self.dangerous.pairs()),
            (ReasonWeight.SUSPICIOUS, self.suspicious.pairs()),
            (ReasonWeight.UNVERIFIED, list(unverified)),
            (ReasonWeight.NOTE, self.notes.pairs()),
        ):
            for rule, text, facts in pairs:
                if text in seen:
                    continue
                if facts and all(f in stated for f in facts):
                    k = stated[facts[0]]
                    if rule != out[k].rule and rule not in out[k].also:
                        out[k] = dataclasses.replace(out[k], also=(*out[k].also, rule))
                    continue
                seen.add(text)
                for f in facts:
                    stated.setdefault(f, len(out))
                out.append(VerdictReason(rule=rule, level=weight, text=text, facts=facts))
        return tuple(out)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _analysed(report: Report, name: str) -> bool:
    return section_state(report, name) in (SectionState.ANALYSED, SectionState.PARTIAL)


# --- facts the rules share ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What several rules need, computed once from the Report."""

    dom: str
    dmarc: AuthResult
    spf: AuthResult
    dmarc_policy: str | None
    #: Trusted receiver records by method (lowercase): DKIM one per signature, topmost first; every other
    #: method only the receiver's topmost record (a lower one never outvotes it).
    trusted: dict[str, tuple[RecordedResult, ...]]
    #: The mailing list's organisational domain, when the message came through one (its own headers say so).
    list_org: str | None
    #: What backs the list's claim to have re-sent it, in words ("its own signature verifies" …); None when
    #: the list evidence is unbacked (headers anyone can write) or there is no list.
    list_backing: str | None
    #: The list vouches for itself: its own DKIM signature or ARC seal verifies (ours or your server's record).
    #: Only this excuses a DMARC failure of the author's domain.
    list_vouched: bool
    #: A verified ARC chain carries an intermediary's record that the author's DMARC or aligned DKIM passed when
    #: it took the message in (RFC 8617 §7.2: what ARC is for): the author was proven before the list changed it.
    author_passed_upstream: bool = False

    def recorded(self, method: str) -> tuple[RecordedResult, ...]:
        return self.trusted.get(method, ())

    def recorded_results(self, method: str) -> set[str]:
        return {r.result.lower() for r in self.recorded(method)}

    def dmarc_passed(self) -> bool:
        """DMARC passed by our re-check, or (when we could not re-check) as your mail server recorded it."""
        if self.dmarc is AuthResult.PASS:
            return True
        return self.dmarc in _UNCHECKED and bool(self.recorded_results("dmarc") & {"pass", "bestguesspass"})


def _facts(report: Report) -> _Facts:
    ids = report.identities
    dom = report.dmarc.from_domain or ids.from_domain or "the sender's domain"
    dmarc = report.dmarc.result if _analysed(report, "dmarc") else AuthResult.NOT_ANALYSED
    spf = report.spf.result if _analysed(report, "spf") else AuthResult.NOT_ANALYSED
    trusted: dict[str, list[RecordedResult]] = {}
    for rec in sorted(report.recorded, key=lambda r: r.header_index):
        if rec.trusted and rec.header.lower() != "arc-authentication-results":
            trusted.setdefault(rec.method.lower(), []).append(rec)
    for method, recs in trusted.items():
        if method != "dkim":
            trusted[method] = [_topmost(recs)]
    frozen = {k: tuple(v) for k, v in trusted.items()}
    list_org, backing, signed = _list_backing(report, frozen)
    return _Facts(
        dom=dom,
        dmarc=dmarc,
        spf=spf,
        dmarc_policy=report.dmarc.policy,
        trusted=frozen,
        list_org=list_org,
        list_backing=backing,
        list_vouched=signed,
        author_passed_upstream=_author_passed_upstream(report, frozen, dom),
    )


def _author_passed_upstream(report: Report, trusted: dict[str, tuple[RecordedResult, ...]], dom: str) -> bool:
    """Whether a verified ARC chain records that the author's domain passed DMARC (or aligned DKIM) upstream.

    The chain counts as verified by our re-check, or (when we could not re-check) by your mail server's
    trusted arc=pass. An ARC-Authentication-Results is only evidence through such a chain.
    """
    arc_ok = (_analysed(report, "arc") and report.arc.result is AuthResult.PASS) or (
        report.arc.result in _UNCHECKED and any(r.result.lower() == "pass" for r in trusted.get("arc", ()))
    )
    org = org_or_none(dom)
    if not arc_ok or org is None:
        return False
    for r in report.recorded:
        if r.header.lower() != "arc-authentication-results" or r.result.lower() != "pass":
            continue
        method = r.method.lower()
        if method == "dmarc" and org_or_none(r.properties.get("header.from")) == org:
            return True
        if method == "dkim" and org_or_none(r.signing_domain) == org:
            return True
    return False


def _list_orgs(report: Report) -> list[str]:
    """The organisational domains the message's list evidence names (List-Id first)."""
    ids = report.identities
    if not (ids.list_evidence or ids.mailing_list):
        return []
    names = [ids.mailing_list, *ids.list_domains] if ids.mailing_list else list(ids.list_domains)
    # Only real internet names: a List-Id like "<.7289367.xt.local>" names no organisation.
    return list(dict.fromkeys(o for o in (org_or_none(n) for n in names if under_public_suffix(n)) if o))


def _list_backing(
    report: Report, trusted: dict[str, tuple[RecordedResult, ...]]
) -> tuple[str | None, str | None, bool]:
    """The list's organisation and what backs its part, from evidence a sender cannot simply write.

    A list is only known from its own headers (List-Id, X-BeenThere, Mailman's and Google Groups' fields), which
    anyone can add; the list's part counts as established when something verifies it: the list's own DKIM
    signature (ours, or your mail server's record), an ARC set sealed by the list, your mail server's SPF pass
    for the list's bounce address, or the receiving hop (written by your mail server) taking it from the
    list's own server. Organisations are compared with the brand table too (googlegroups.com is Google's).
    Returns the list's organisation, what backs it (None: unbacked) and whether the list *signed* (DKIM/ARC).
    """
    from_org = org_or_none(report.identities.from_domain)
    # A list re-sends somebody else's mail: a "list" run by the From domain's own organisation (a newsletter,
    # a notification service) is the sender itself, and excuses nothing.
    # (Exact organisations: googlegroups.com re-sends gmail.com users' mail although Google runs both.)
    orgs = _ListOrgs(tuple(o for o in _list_orgs(report) if o != from_org))
    if not orgs.orgs:
        return None, None, False
    signed = _list_signature(report, trusted, orgs)
    if signed is not None:
        return signed
    spf_org = _list_spf(report, trusted, orgs)
    hop_org, hop_host = _list_hop(report, orgs)
    if spf_org and hop_org == spf_org:
        # Two facts your mail server wrote: it took the message from the list's own server, and that server
        # is authorised (SPF) for the list's bounce address. The list delivered it, as surely as a signature.
        return spf_org, f"your mail server took it from the list's own server ({hop_host}), authorised by SPF", True
    if spf_org:
        return spf_org, "SPF passes for its bounce address", False
    if hop_org:
        return hop_org, f"your mail server took it in from the list's own server ({hop_host})", False
    return orgs.orgs[0], None, False


@dataclass(frozen=True, slots=True)
class _ListOrgs:
    """The organisations a mailing list's own headers name (not the From domain's), most specific first."""

    orgs: tuple[str, ...]

    def mine(self, domain: str | None, *, exact: bool = False) -> str | None:
        """The list organisation `domain` belongs to, or None.

        Signatures may come from the list operator's other domain (googlegroups.com signs as Google's);
        envelope and host names must be the list's own organisation (`exact`): Google's hosts serve every
        Gmail user.
        """
        org = org_or_none(domain)
        if not org:
            return None
        return next((o for o in self.orgs if o == org or (not exact and _same_owner(o, org))), None)


def _list_signature(
    report: Report, trusted: dict[str, tuple[RecordedResult, ...]], orgs: _ListOrgs
) -> tuple[str, str, bool] | None:
    """The list's own DKIM signature (ours, or your mail server's record), or its ARC seal on a chain that holds."""
    for s in report.dkim:
        if s.result is AuthResult.PASS and (o := orgs.mine(s.domain)):
            return o, f"its own signature ({s.domain}) verifies", True
    for r in trusted.get("dkim", ()):
        if r.result.lower() == "pass" and (o := orgs.mine(r.signing_domain)):
            return o, f"your mail server recorded its signature ({r.signing_domain}) as valid", True
    arc_ok = report.arc.result is AuthResult.PASS or any(r.result.lower() == "pass" for r in trusted.get("arc", ()))
    if arc_ok:
        for inst in report.arc.instances:
            if o := orgs.mine(inst.seal_domain):
                return o, f"it sealed the message with ARC ({inst.seal_domain}) and the ARC chain holds", True
    return None


def _list_spf(report: Report, trusted: dict[str, tuple[RecordedResult, ...]], orgs: _ListOrgs) -> str | None:
    """The list organisation SPF passes for (ours, else your mail server's record), by its bounce address."""
    spf_org: str | None = None
    if report.spf.result is AuthResult.PASS:
        spf_org = orgs.mine(report.spf.domain, exact=True)
    for r in trusted.get("spf", ()):
        mail_from = r.properties.get("smtp.mailfrom")
        if not spf_org and r.result.lower() == "pass":
            spf_org = orgs.mine(domain_of(mail_from) or mail_from, exact=True)
    return spf_org


def _list_hop(report: Report, orgs: _ListOrgs) -> tuple[str | None, str | None]:
    """The list organisation (and host) your mail server took the message in from at the trust boundary."""
    boundary = report.boundary
    if boundary.hop_index is None or not 0 <= boundary.hop_index < len(report.hops):
        return None, None
    hop = report.hops[boundary.hop_index]
    for host in (hop.from_rdns, hop.from_host):
        if host and (o := orgs.mine(host, exact=True)):
            return o, host
    return None, None


def _same_owner(a: str, b: str) -> bool:
    """Two organisational domains the brand table gives one owner (googlegroups.com and google.com)."""
    from inspector.lookalike.reference import ReferenceDataError, reference_for

    try:
        ref = reference_for()
    except ReferenceDataError:  # the look-alike stage reports the broken table; here only equal names match
        return False
    return ref.same_owner(a, b) or ref.same_owner(b, a)


def _topmost(recs: list[RecordedResult]) -> RecordedResult:
    """The receiver's own record of a check: the topmost; for SPF the MAIL FROM check of that field if it has one."""
    top = [r for r in recs if r.header_index == recs[0].header_index]
    if top[0].method.lower() == "spf":
        return next((r for r in top if "smtp.mailfrom" in r.properties), top[0])
    return top[0]


def _recorded_policy(rec: RecordedResult, from_domain: str | None) -> str | None:
    """The policy a receiver's DMARC record says applied to `from_domain`: its sp= for a subdomain."""
    org = org_or_none(from_domain)
    if rec.subdomain_policy and org and org != (from_domain or "").strip().rstrip(".").lower():
        return rec.subdomain_policy
    return rec.policy


def _server(rec: RecordedResult, *, start: bool = True) -> str:
    name = f"your mail server ({rec.authserv_id})" if rec.authserv_id else "your mail server"
    return name[0].upper() + name[1:] if start else name


# --- rules, in order of importance ---------------------------------------------------------------------


def _auth_clause(report: Report, from_domain: str | None) -> str:
    """What the authentication results mean for an impersonation, in words."""
    dmarc = report.dmarc.result if _analysed(report, "dmarc") else AuthResult.NOT_ANALYSED
    who = from_domain or "the sending domain"
    if dmarc is AuthResult.PASS:
        return f"its checks pass, which only proves the sender owns {who}"
    if dmarc in (AuthResult.FAIL,):
        return "it also fails the authentication checks"
    if dmarc is AuthResult.NOT_VERIFIABLE:
        return "its authentication could not be checked here, and would prove nothing about the brand anyway"
    return "passing authentication would prove nothing about the brand anyway"


def _claim_target(out: _Reasons, claim: LookalikeFinding) -> list[str]:
    """Where a display-name claim goes: by the severity the look-alike stage gave it (high or unrated:
    dangerous; medium: suspicious, e.g. a brand on its own public mailbox service; low: a note)."""
    if claim.severity == Severity.MEDIUM:
        return out.suspicious
    if claim.severity == Severity.LOW:
        return out.notes
    return out.dangerous


def _target(out: _Reasons, f: LookalikeFinding) -> list[str]:
    if f.severity == Severity.HIGH:
        return out.dangerous
    return out.suspicious if f.severity == Severity.MEDIUM else out.notes


def impersonation(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Look-alike domains and brand claims in the display name: built to deceive, whatever the checks say."""
    if not _analysed(report, "lookalikes"):
        return
    from_domain = report.identities.from_domain
    findings = [f for f in report.lookalikes if not _brand_uses(report, facts, f, out)]
    findings.sort(key=lambda f: _SEVERITY_RANK.get(f.severity, len(_SEVERITY_RANK)))
    display = [f for f in findings if f.kind in ("display-name", "display-address")]
    from_fake = [f for f in findings if f.field == "From" and f.kind in DECEPTIVE_KINDS]
    other_fake = [f for f in findings if f.field != "From" and f.kind in DECEPTIVE_KINDS]
    clause = _auth_clause(report, from_domain)
    used: set[int] = set()
    if from_fake:
        f = from_fake[0]
        used.add(id(f))
        shown = f.u_label or from_domain or f.value
        claim = display[0] if display else None
        if claim is not None:
            used.add(id(claim))
            brand = (claim.brand or claim.resembles) if claim.kind == "display-name" else claim.resembles
            lead = f"This message says it is {brand}, but it comes from {shown}, made to look like {f.resembles}"
        else:
            lead = f"It comes from {shown}, made to look like {f.resembles} ({f.explanation})"
        text = _sentence(f"{lead}; {clause}")
        if f.severity == Severity.HIGH or (claim is not None and _claim_target(out, claim) is out.dangerous):
            out.dangerous.append(text)
        elif f.severity == Severity.MEDIUM or claim is not None:
            out.suspicious.append(text)
        else:
            out.notes.append(text)
    for claim in display:
        if id(claim) in used:
            continue
        if (
            claim.kind == "display-name"
            and org_or_none(from_domain)
            and org_or_none(from_domain) == org_or_none(claim.resembles)
        ):
            # The brand's own canonical domain is also a public mailbox (fastmail.com): it may be the brand,
            # or any of its users who typed the brand's name.
            brand = claim.brand or claim.resembles
            out.suspicious.append(
                _sentence(
                    f"The name shown says {brand}, and it comes from {from_domain}, where {brand} also gives "
                    f"mailboxes to the public: it may be {brand} itself, or anyone with such a mailbox"
                )
            )
            continue
        extra = "" if report.dmarc.result is not AuthResult.PASS else f"; {clause}"
        _claim_target(out, claim).append(_sentence(claim.explanation + extra))
    from_forms = {f.a_label for f in from_fake if f.a_label}
    for f in other_fake:
        if f.a_label and f.a_label in from_forms:
            continue  # the same look-alike domain as From: already said
        what = "domain" if f.field == "DKIM d=" else "address"
        text = _sentence(f"The {f.field} {what} {f.value} is made to look like {f.resembles}: {f.explanation}")
        if f.field in _HIDDEN_FIELDS and f.severity != Severity.HIGH:
            # Return-Path, Sender and DKIM d= are not what the reader sees or answers to: a weaker resemblance
            # there (a list's own domain one letter from a brand's) is a note; a strong one still counts.
            out.notes.append(text)
        else:
            _target(out, f).append(text)
    for f in findings:
        if f.kind in DECEPTIVE_KINDS or f.kind in ("display-name", "display-address") or f.kind in REPLY_KINDS:
            continue  # replies are weighed by `diverted_replies`
        if f.kind not in RELATION_KINDS:
            _target(out, f).append(_sentence(f.explanation))


_DISGUISE_FIELDS = {"From display name": "the sender's name", "Subject": "the subject", "body": "the body's text"}


def disguised_text(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Words disguised to slip past keyword filters (`ContentView.disguised`): marks or invisible characters put
    inside the words of the sender's name, the subject or the body.

    Nobody's keyboard or mail program writes an overlay mark on one letter of a word, a Thai vowel sign on a
    Latin letter or a zero-width space inside "password": it is done so that a filter looking for the word does
    not find it while the reader still reads it, that is, deliberate filter evasion. The content stage rates
    each finding by how sure that is (`inspector.content.disguise`): ``high`` is dangerous (the message is built
    to get past your defences), ``medium`` suspicious, ``low`` a note. One reason per level, naming the fields.
    """
    by_level: dict[Severity, list[tuple[str, str]]] = {}
    for d in report.content.disguised:
        words = ", ".join(f"'{w}'" for w in d.words[:3])
        code = d.characters[0].split(" ", 1)[0] if d.characters else ""
        by_level.setdefault(d.severity, []).append(
            (_DISGUISE_FIELDS.get(d.field, d.field), f"{words}: {KIND_WORDS.get(d.kind, d.kind)}, {code}")
        )
    for severity, found in by_level.items():
        fields = " and ".join(dict.fromkeys(f for f, _w in found))
        evidence = "; ".join(dict.fromkeys(w for _f, w in found))
        text = (
            f"Words in {fields} are disguised so that spam and phishing filters miss them while a reader hardly "
            f"notices ({evidence}): senders of genuine mail have no reason to do that"
        )
        bucket = {Severity.HIGH: out.dangerous, Severity.MEDIUM: out.suspicious}.get(severity, out.notes)
        bucket.append(_sentence(text))


def _passing_signers(report: Report, facts: _Facts) -> set[str]:
    """Organisations whose DKIM signature on this message verifies (ours, or your mail server's record)."""
    orgs = {org_or_none(s.domain) for s in report.dkim if s.result is AuthResult.PASS}
    orgs |= {org_or_none(r.signing_domain) for r in facts.recorded("dkim") if r.result.lower() == "pass"}
    orgs.discard(None)
    return {o for o in orgs if o}


def _brand_uses(report: Report, facts: _Facts, f: LookalikeFinding, out: _Reasons) -> bool:
    """A look-alike the imitated brand demonstrably uses itself; said as a note, and True, when so.

    - the brand's own signature verifies on this message (it signed mail from, or naming, that domain);
    - a bounce, Sender or signing domain resembling the From domain's own organisation, on a message whose
      From is authenticated (DMARC, or a check passing for that organisation): the brand's own infrastructure.
    """
    if f.kind not in DECEPTIVE_KINDS and f.kind not in ("display-name", "display-address"):
        return False
    target = org_or_none(f.resembles)
    if not target:
        return False
    if target in _passing_signers(report, facts):
        out.notes.append(
            _sentence(
                f"The {f.field} {f.value} resembles {f.resembles}, but {target}'s own signature on this message "
                f"verifies: it is a name {target} uses for its mail"
            )
        )
        return True
    from_org = org_or_none(report.identities.from_domain)
    if (
        f.field in _HIDDEN_FIELDS
        and target == from_org
        and (facts.dmarc_passed() or _aligned_pass(report, facts, target))
    ):
        out.notes.append(
            _sentence(
                f"The {f.field} {f.value} resembles {f.resembles}; the message is authenticated as {from_org}, "
                f"so this is {from_org}'s own mailing infrastructure"
            )
        )
        return True
    return False


def relations(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Bounces, Sender and signing domains of another organisation: often a mailing service, said as a note."""
    if _analysed(report, "lookalikes"):
        for f in report.lookalikes:
            if f.kind in RELATION_KINDS and f.kind not in REPLY_KINDS:
                out.notes.append(_sentence(f.explanation))


def dmarc_failure(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Our own DMARC re-check failed: the domain's owner did not authorise this sender."""
    dom = facts.dom
    if facts.dmarc is AuthResult.FAIL:
        out.tags.add(FORGED)
        policy = facts.dmarc_policy
        if facts.list_vouched:
            _list_explains_dmarc(facts, policy, out)
        elif policy in ("reject", "quarantine"):
            out.dangerous.append(
                _sentence(
                    f"It fails DMARC for {dom}, whose owner asks receivers to {policy} such mail: "
                    f"it was most likely not sent by {dom}"
                )
            )
        else:
            out.suspicious.append(
                _sentence(
                    f"It fails DMARC for {dom}: nothing proves it was sent by {dom} (the domain asks for no action)"
                )
            )
    elif facts.dmarc in (AuthResult.TEMPERROR, AuthResult.PERMERROR):
        out.notes.append(_sentence(f"DMARC for {dom} could not be evaluated ({facts.dmarc.value})"))


def _list_explains_dmarc(facts: _Facts, policy: str | None, out: _Reasons, recorded_by: str | None = None) -> None:
    """A backed list re-sent the message and the author's DMARC fails: the classic DMARC/list problem.

    RFC 7960 §3.2.3 describes it (a list that alters the message breaks the author's DKIM, and re-sending breaks
    SPF alignment); RFC 7489 §7.2.1.1 and DMARCbis give receivers a local-policy override for it
    ("mailing_list"), ARC (RFC 8617) exists for it. So the failure is expected and is no evidence of forgery —
    but under an enforced policy (quarantine/reject) nothing here proves the author either, and the domain's
    owner asked receivers to act on exactly this failure. Neither "suspicious" (the list is proven, the change
    explained: calling that an alarm on every such list message trains users to ignore alarms) nor "ok"
    (the author is unproven where the owner demands proof): the verdict becomes `unverified` with the author as
    what is missing (`AUTHOR_UNPROVEN`). With no enforced policy it is a note.
    """
    # Say whose finding it is: our re-check, or the receiver's record when we could not re-check here.
    fails = f"{recorded_by} recorded that it fails" if recorded_by else "It fails"
    text = (
        f"{fails} DMARC for {facts.dom}, as mail re-sent by the mailing list at {facts.list_org} usually does: "
        f"the list vouches for itself, but nothing proves the author's address"
    )
    if facts.author_passed_upstream:
        out.notes.append(
            _sentence(
                f"{fails} DMARC for {facts.dom} after the mailing list at {facts.list_org} changed it; its verified "
                f"ARC chain records that the author's domain passed when the message was taken in"
            )
        )
    elif policy in ("reject", "quarantine"):
        out.tags.add(AUTHOR_UNPROVEN)
        out.notes.append(_sentence(f"{text}, and {facts.dom} asks receivers to {policy} such mail"))
    else:
        out.notes.append(_sentence(text))


def recorded_dmarc_failure(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Your mail server recorded DMARC fail on arrival, and we could not re-check it here."""
    if facts.dmarc not in _UNCHECKED:
        return
    fails = [r for r in facts.recorded("dmarc") if r.result.lower() in ("fail", "permerror")]
    if not fails or facts.dmarc_passed():
        return
    rec = fails[0]
    who = _server(rec)
    if rec.result.lower() == "permerror":
        out.suspicious.append(_sentence(f"{who} could not apply DMARC to this message (permerror)"))
        return
    out.tags.add(FORGED)
    dom = rec.properties.get("header.from") or facts.dom
    policy = _recorded_policy(rec, dom)
    if facts.list_vouched:
        _list_explains_dmarc(facts, policy, out, recorded_by=who)
        return
    brand = report.identities.from_brand if org_or_none(dom) == org_or_none(report.identities.from_domain) else None
    lead = f"{who} checked it on arrival: it fails DMARC for {dom}"
    if _server_report(report) and policy not in ("reject", "quarantine") and not brand:
        # A bounce from a mail server's MAILER-DAEMON/postmaster under a host name with no enforced policy: most
        # servers do not sign their own reports. Nothing proves the sender, which the level says (unverified).
        out.tags.discard(FORGED)
        out.notes.append(_sentence(f"{lead}, as unsigned delivery reports from mail servers often do"))
        return
    if policy in ("reject", "quarantine"):
        out.dangerous.append(
            _sentence(f"{lead}, whose owner asks receivers to {policy} such mail: it was most likely not sent by {dom}")
        )
    elif brand:
        out.dangerous.append(_sentence(f"{lead}, a domain of {brand}: it was most likely not sent by {brand}"))
    else:
        out.suspicious.append(_sentence(f"{lead}: nothing proves it was sent by {dom}"))


def _server_report(report: Report) -> bool:
    """A bounce or report from a mail server's own system mailbox (MAILER-DAEMON, postmaster)."""
    ids = report.identities
    return ids.from_system_mailbox and ids.kind in (MailKind.BOUNCE, MailKind.REPORT)


def composite_auth_failure(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Microsoft 365's compauth=fail: its own judgement that the From address is not authenticated."""
    if facts.dmarc not in _UNCHECKED or FORGED in out.tags or facts.dmarc_passed():
        return
    fails = [r for r in facts.recorded("compauth") if r.result.lower() == "fail"]
    if not fails:
        return
    rec = fails[0]
    code = f", reason {rec.reason}" if rec.reason else ""
    text = (
        f"{_server(rec)} could not confirm that the sender address really belongs to {facts.dom} "
        f"(composite authentication failed{code})"
    )
    if (rec.reason or "").strip() != "001":
        # 001 is "implicit": the domain publishes nothing to check against, an absence rather than a proof.
        out.tags.add(FORGED)
    if facts.list_vouched:
        out.notes.append(_sentence(f"{text}; it came through the mailing list at {facts.list_org}, which explains it"))
    else:
        out.suspicious.append(_sentence(text))


def _no_authentication(report: Report, facts: _Facts) -> str | None:
    """The sentence when nothing at all authenticates the sender (ours, else your mail server's record)."""
    if (
        facts.dmarc is AuthResult.NONE
        and facts.spf in (AuthResult.NONE, AuthResult.NEUTRAL, AuthResult.SOFTFAIL)
        and not any(s.result is AuthResult.PASS for s in report.dkim)
        and _analysed(report, "spf")
    ):
        return f"Nothing authenticates it: {facts.dom} publishes no DMARC policy and no check passes"
    if facts.dmarc not in _UNCHECKED or facts.spf not in _UNCHECKED:
        return None
    dmarc = facts.recorded_results("dmarc")
    spf = facts.recorded_results("spf")
    if (
        dmarc == {"none"}
        and spf
        and spf <= {"none", "neutral", "softfail"}
        and "pass" not in facts.recorded_results("dkim")
        and not any(s.result is AuthResult.PASS for s in report.dkim)
    ):
        who = _server(facts.recorded("dmarc")[0], start=False)
        return f"Nothing authenticates it: {who} found no DMARC policy for {facts.dom} and no check that passes"
    return None


def missing_authentication(report: Report, facts: _Facts, out: _Reasons) -> None:
    """No DMARC policy and no passing check: anyone could have written this From address."""
    text = None if report.identities.from_domain_problem else _no_authentication(report, facts)
    if text:
        out.suspicious.append(_sentence(text))


def spf_failure(report: Report, facts: _Facts, out: _Reasons) -> None:
    """The server that handed the message over is not one the domain lists (ours, else your mail server's)."""
    if facts.dmarc_passed():
        return
    spf_domain = report.spf.domain or facts.dom
    result: str | None = None
    lead = "The server that delivered it"
    if facts.spf in (AuthResult.FAIL, AuthResult.SOFTFAIL):
        result = facts.spf.value
    elif facts.spf in _UNCHECKED:
        recorded = facts.recorded("spf")
        hit = next((r for r in recorded if r.result.lower() == "fail"), None)
        hit = hit or next((r for r in recorded if r.result.lower() == "softfail"), None)
        if hit is not None:
            result = hit.result.lower()
            lead = f"{_server(hit)} found that the server that delivered it"
            mail_from = hit.properties.get("smtp.mailfrom")
            spf_domain = domain_of(mail_from) or mail_from or facts.dom
    if result == "fail":
        out.tags.add(FORGED)
        out.suspicious.append(_sentence(f"{lead} is not allowed to send mail for {spf_domain} (SPF fail)"))
    elif result == "softfail" and _no_authentication(report, facts) is None:
        out.suspicious.append(_sentence(f"{lead} is not one {spf_domain} lists as its own (SPF soft-fail)"))


def dkim_failure(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Every DKIM signature fails: the message was changed, or the signatures are fake."""
    if not (_analysed(report, "dkim") and report.dkim):
        return
    if not all(s.result is AuthResult.FAIL for s in report.dkim):
        return
    changed = any(s.body_hash == "fail" for s in report.dkim)
    why = "the message was changed after it was signed" if changed else "the signature does not match"
    stated = ("dkim-fail", BODY_CHANGED) if changed else ("dkim-fail",)
    if facts.dmarc is AuthResult.PASS:
        out.notes.append(_sentence(f"A DKIM signature fails ({why}), but DMARC still passes"), stated)
    elif _list_resent(report, facts):
        out.notes.append(_sentence(_list_sentence(facts)))
    elif facts.list_org and all(_receiver_verified(facts, s, by=facts.list_org) for s in report.dkim):
        # The receiver is the list itself (its id is the trusted one): it checked the author's signature on
        # arrival, then re-sent the message with its changes.
        out.notes.append(
            _sentence(
                f"Every DKIM signature fails here ({why}), but your mail server recorded each as valid when the "
                f"message arrived; the mailing list at {facts.list_org} changed it after that"
            )
        )
    elif changed and (arrived := _verified_on_arrival(report, facts)):
        out.notes.append(_sentence(_after_arrival_sentence(arrived, "Every DKIM signature fails here")), stated)
        out.tags.add(BODY_UNPROVEN)
    else:
        out.suspicious.append(_sentence(f"Every DKIM signature fails: {why}"), stated)


def _verified_on_arrival(report: Report, facts: _Facts) -> str | None:
    """The signing domain your mail server recorded as valid on arrival, when the body changed only after that.

    Every signature that fails here fails on its body hash, and your trusted mail server recorded a DKIM pass
    for one of them when the message came in: the body matched then, so it was changed after your server took
    the message in (a security gateway rewriting links, a footer or banner added inside your organisation, the
    program it was saved or exported with), not on the sender's side or on the way. None otherwise.
    """
    failing = [s for s in report.dkim if s.result is AuthResult.FAIL]
    if not failing or any(s.body_hash != "fail" for s in failing):
        return None
    for sig in failing:
        d = (sig.domain or "").lower().rstrip(".")
        if d and any(r.result.lower() == "pass" and r.signing_domain == d for r in facts.recorded("dkim")):
            return d
    return None


def _after_arrival_sentence(domain: str, lead: str) -> str:
    return (
        f"{lead} (the body was changed after it was signed), but your mail server recorded the signature of "
        f"{domain} as valid when the message arrived: the change was made after that, on your side (a security "
        "gateway rewriting links, a footer added inside your organisation, or the program the message was saved "
        "with), so it says nothing against the sender"
    )


def _receiver_verified(facts: _Facts, sig: DkimSignatureResult, by: str) -> bool:
    """A trusted receiver of organisation `by` recorded DKIM pass for this signature's domain on arrival."""
    d = (sig.domain or "").lower().rstrip(".")
    return bool(d) and any(
        r.result.lower() == "pass" and r.signing_domain == d and org_or_none(r.authserv_id) == by
        for r in facts.recorded("dkim")
    )


def _list_resent(report: Report, facts: _Facts) -> bool:
    """The message came through a mailing list whose part is backed, or that is placed on the changing hops."""
    if not facts.list_org:
        return False
    return bool(facts.list_backing) or any(_list_changed(b, facts.list_org) for b in report.breaks)


def _list_sentence(facts: _Facts) -> str:
    why = f" ({facts.list_backing})" if facts.list_backing else ""
    return (
        f"A mailing list at {facts.list_org} re-sent this and changed it{why}; the original author's signature "
        "no longer verifies, which is normal for list mail"
    )


def added_signed_headers(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A valid signature, and a second Subject/Date/From… added above the signed one (RFC 6376 §8.15).

    Says what is true: the domain did sign this message (the signature and DMARC still pass), but the copy a
    mail client shows may be the one someone added afterwards. Reads the typed `added_headers` fact.
    """
    if not _analysed(report, "dkim"):
        return
    said: set[str] = set()
    for sig in report.dkim:
        if sig.result is not AuthResult.PASS:
            continue
        names = [n for n in sig.added_headers if n in DISPLAYED and n not in said]
        if not names:
            continue
        said.update(names)
        shown = []
        for n in names:
            copies = [h for h in report.headers if h.name.lower() == n]
            if len(copies) >= 2 and n in ("subject", "date", "from", "to", "reply-to"):
                added, signed = copies[0].decoded.strip()[:100], copies[-1].decoded.strip()[:100]
                shown.append(f"added {display_name(n)} {added!r}, signed {signed!r}")
        which = " and ".join(display_name(n) for n in names)
        seen = f" ({'; '.join(shown)})" if shown else ""
        out.suspicious.append(
            _sentence(
                f"The domain {sig.domain} did sign this message, but someone added a second {which} above the "
                f"signed one after it was signed: your mail client may show the added one instead{seen}"
            )
        )


def _aligned_pass(report: Report, facts: _Facts, org: str) -> bool:
    """Some check passed for the From domain's own organisation (ours, or your mail server's record)."""
    if any(s.result is AuthResult.PASS and org_or_none(s.domain) == org for s in report.dkim):
        return True
    if report.spf.result is AuthResult.PASS and org_or_none(report.spf.domain) == org:
        return True
    for rec in facts.recorded("dkim"):
        if rec.result.lower() == "pass" and org_or_none(rec.signing_domain) == org:
            return True
    for rec in facts.recorded("spf"):
        mail_from = rec.properties.get("smtp.mailfrom")
        if rec.result.lower() == "pass" and org_or_none(domain_of(mail_from) or mail_from) == org:
            return True
    return False


def unproven_brand_sender(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A well-known brand's own domain in From, and nothing for that domain passes: brands authenticate."""
    if FORGED in out.tags or facts.dmarc_passed():
        return
    org = org_or_none(report.identities.from_domain)
    brand = report.identities.from_brand
    if not brand or not org:
        return
    checked = facts.dmarc is AuthResult.NONE or (facts.dmarc in _UNCHECKED and facts.recorded("dmarc"))
    if not checked or _aligned_pass(report, facts, org):
        return
    out.tags.add(FORGED)
    out.suspicious.append(
        _sentence(
            f"It says it comes from {report.identities.from_domain}, a domain of {brand}, but nothing shows "
            f"{brand} sent it: no check for {org} passes, and {brand}'s real mail is authenticated"
        )
    )


def impossible_sender(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A From address whose domain cannot exist, or that has no domain: nobody can own it."""
    ids = report.identities
    if ids.from_domain_problem:
        out.tags.add(FORGED)
        out.suspicious.append(
            _sentence(
                f"The sender's address ({ids.from_address}) is not a real internet address: "
                f"its domain {ids.from_domain_problem}; nobody can own it, so no check can confirm who sent it"
            )
        )
    elif ids.from_header is not None and not ids.from_domain:
        shown = (ids.from_header or "").strip()[:120] or "an empty From field"
        if ids.kind is not MailKind.ORDINARY and (ids.from_system_mailbox or not ids.from_address):
            # A mail server's own report (bounce, auto-reply) from MAILER-DAEMON with the null sender <>
            # (RFC 5321 §4.5.5): normal, and nothing to impersonate; the level follows what establishes it.
            out.notes.append(
                _sentence(
                    f"This is an automatic {_KIND_WORDS[ids.kind]} from a mail server ({shown}); such reports "
                    "often have no sender domain"
                )
            )
            return
        out.tags.add(FORGED)
        out.suspicious.append(
            _sentence(
                f"The sender's address ({shown}) has no domain: it cannot belong to anyone, and nothing can be checked"
            )
        )


def _mailbox(address: str) -> str:
    local, _, dom = address.strip().strip("<>").lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{dom}"


def diverted_replies(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Replies that go somewhere other than the sender: a free mailbox behind a company, or another free mailbox."""
    ids = report.identities
    said: set[str] = set()
    from_free = bool(ids.from_freemail)
    free_replies = {_mailbox(a) for a in ids.reply_to_freemail}
    for f in report.lookalikes if _analysed(report, "lookalikes") else ():
        if f.kind not in REPLY_KINDS:
            continue
        out.tags.add(REPLIES)
        said.add(_mailbox(f.value))
        if f.kind == "reply-to-freemail":
            out.suspicious.append(_sentence(f.explanation))
        elif from_free and _mailbox(f.value) in free_replies:
            out.suspicious.append(_sentence(_free_to_free(f.value, ids.from_address)))
        else:
            out.notes.append(_sentence(f.explanation))
    if not (from_free and ids.from_address):
        return
    own = _mailbox(ids.from_address)
    for addr in ids.reply_to[:20]:
        box = _mailbox(addr)
        if box == own or box in said or box not in free_replies:
            continue
        said.add(box)
        out.tags.add(REPLIES)
        out.suspicious.append(_sentence(_free_to_free(addr, ids.from_address)))


def _free_to_free(reply: str, sender: str | None) -> str:
    return (
        f"Replies go to {reply}, a different free mailbox from the one it was sent from ({sender}): "
        "a common trick in advance-fee and payment fraud"
    )


def forged_and_diverted(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A sender address shown to be false, with replies routed elsewhere: fraud that wants your answer."""
    if FORGED not in out.tags or REPLIES not in out.tags or out.dangerous or facts.list_vouched:
        return
    replies = ", ".join(dict.fromkeys(a.lower() for a in report.identities.reply_to[:3])) or "another address"
    out.dangerous.append(
        _sentence(
            f"The sender's address is not genuine and replies would go to {replies} instead: "
            "together, the set-up of a fraud that wants you to answer"
        )
    )


def _list_changed(b: Break, list_org: str | None) -> bool:
    return bool(list_org) and any(org_or_none(host) == list_org for host in b.suspects)


def alterations(report: Report, facts: _Facts, out: _Reasons) -> None:
    """The body or signed headers changed on the way; at a mailing list's own hosts that is expected."""
    backed = bool(facts.list_org and facts.list_backing)
    # A list whose part is backed changes what it re-sends (subject tag, footer): even a change that cannot be
    # placed on one of its hops is most likely its own.
    by_list = [b for b in report.breaks if backed or _list_changed(b, facts.list_org)]
    arrived = _verified_on_arrival(report, facts)
    for b in report.breaks:
        if b in by_list:
            continue
        if arrived and break_fact(b) == BODY_CHANGED:
            out.notes.append(_sentence(_after_arrival_sentence(arrived, "The body changed")), (BODY_CHANGED,))
            out.tags.add(BODY_UNPROVEN)
        else:
            out.suspicious.append(_sentence(f"The message was altered on its way: {b.what}"), (break_fact(b),))
    if by_list:
        whats = ", ".join(dict.fromkeys(b.what for b in by_list))
        out.notes.append(
            _sentence(
                f"The mailing list at {facts.list_org} changed the message on its way ({whats}); lists do that, "
                "and it explains why the author's own signature no longer matches"
            )
        )


def malformed_headers(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Several From fields or none: receivers may show a different sender than the one checked.

    Also says which parts of the analysis failed (their section is in the error state), with the warning the
    pipeline wrote for each when there is one.
    """
    ids = report.identities
    machine = ids.kind is not MailKind.ORDINARY and ids.from_header is None
    for issue in ids.from_issues:
        # A mail server's own report (a bounce with only a MAILER-DAEMON Return-Path) without a From field is
        # badly made, not a disguise: said as a note.
        (out.notes if machine else out.suspicious).append(_sentence(issue))
    for name, state in report.sections.items():
        if state is SectionState.ERROR:
            what = _failure(report, name)
            out.notes.append(
                _sentence(f"Part of the analysis failed ({what}); its result is missing"),
                (CaveatKind.CHECK_FAILED.value, f"section:{name}"),
            )


def _failure(report: Report, name: str) -> str:
    """What went wrong in the section `name`: the error the pipeline recorded for it, else the section's name."""
    error = report.errors.get(name)
    if error:
        return f"internal error while checking {name}: {error}"
    return f"{_SECTION_NAMES.get(name, name)} could not be completed"


def forged_receiver_results(report: Report, facts: _Facts, out: _Reasons) -> None:
    """An Authentication-Results claiming your mail server that was already in the message when it arrived.

    A receiver removes incoming fields with its own name (RFC 8601 §5); one that stands among the headers the
    message came with, or contradicts your server's own result, was written to make the message look checked.
    That intent needs a check the field says *passed*: a field that claims nothing passed (``dkim=none
    (message not signed); dmarc=none``, which Microsoft 365 writes under the recipient's domain when it sends)
    makes nothing look checked, so it is a note (ignored, untrusted), not a reason for suspicion.
    """
    if not _analysed(report, "recorded"):
        return
    forged = [r for r in report.recorded if r.forged]
    if not forged:
        return
    first = min(forged, key=lambda r: r.header_index)
    who = f" ({first.authserv_id})" if first.authserv_id else ""
    claims = list(dict.fromkeys(f"{r.method}={r.result.lower()}" for r in forged if r.result.lower() == "pass"))
    if not claims:
        out.notes.append(
            _sentence(
                f"A header naming your mail server{who} was already in the message when it arrived; it claims no "
                "passing check, so it makes nothing look verified; it is ignored"
            )
        )
        return
    out.suspicious.append(
        _sentence(
            f"A header claiming to be your mail server's result{who} was already in the message when it arrived: "
            f"it was probably forged to make the message look checked (it claims {', '.join(claims[:4])}); "
            "ignore what it says"
        )
    )


def _bytes(n: int) -> str:
    return f"{n} byte" if n == 1 else f"{n} bytes"


def unsigned_content(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A passing signature with l= that leaves the end of the body unsigned: anyone could have appended it.

    The signature still passes, so nothing else says so. Not raised when another passing signature of the
    same organisation covers the whole body; on list mail whose list vouches for itself the tail is most
    likely the list's footer, said as a note.
    """
    if not _analysed(report, "dkim"):
        return
    sigs = [s for s in report.dkim if s.result is AuthResult.PASS or _receiver_passed(facts, s)]
    full = {org_or_none(s.domain) for s in sigs if not s.unsigned_body_bytes}
    partial = [s for s in sigs if (s.unsigned_body_bytes or 0) > 0 and org_or_none(s.domain) not in full]
    if not partial:
        return
    from_org = org_or_none(report.identities.from_domain)
    partial.sort(key=lambda s: (org_or_none(s.domain) != from_org, -(s.unsigned_body_bytes or 0)))
    sig = partial[0]
    n = sig.unsigned_body_bytes or 0
    whose = "the sender's signature" if from_org and org_or_none(sig.domain) == from_org else "the signature"
    text = (
        f"Part of the message ({_bytes(n)} at the end) is not covered by {whose} ({sig.domain or 'unknown domain'}): "
        "anyone could have added it — check any link or instruction there"
    )
    if facts.list_vouched:
        out.notes.append(_sentence(f"{text}; the mailing list at {facts.list_org} probably added it as a footer"))
    else:
        out.suspicious.append(_sentence(text))


def _receiver_passed(facts: _Facts, sig: DkimSignatureResult) -> bool:
    """We could not check the key here, the body hash matches, and your mail server recorded a pass for it."""
    if sig.result not in _UNCHECKED or sig.body_hash != "pass" or not sig.domain:
        return False
    d = sig.domain.lower()
    return any(r.result.lower() == "pass" and (r.signing_domain or "") == d for r in facts.recorded("dkim"))


def unverifiable_and_disagreements(report: Report, facts: _Facts, out: _Reasons) -> None:
    """What could not be checked here (never a failure), and where the receiver saw it differently."""
    if report.dns.note:
        # DNS itself failed (no server answered, or the time budget ran out): one fact, said once, before
        # the results it affected; never worded as a policy, key or record problem.
        problem = f"dns-{report.dns.problem}" if report.dns.problem else "dns-problem"
        # An unreachable server is why nothing was verifiable: the "could not be checked" note says it again.
        also = (CaveatKind.NOT_VERIFIABLE.value,) if problem == CaveatKind.DNS_UNREACHABLE.value else ()
        out.notes.append(_sentence(report.dns.note), (problem, *also))
    not_verifiable = [
        name for name, result in (("DMARC", facts.dmarc), ("SPF", facts.spf)) if result is AuthResult.NOT_VERIFIABLE
    ]
    if _analysed(report, "dkim") and report.dkim and all(s.result is AuthResult.NOT_VERIFIABLE for s in report.dkim):
        not_verifiable.append("DKIM")
    if not_verifiable:
        out.notes.append(
            _sentence(
                f"{', '.join(not_verifiable)} could not be checked here (no DNS answer available); "
                "that is not a failure"
            ),
            (CaveatKind.NOT_VERIFIABLE.value,),
        )
    for d in report.disagreements:
        out.notes.append(_sentence(d.explanation))


def unexamined_content(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Bounds the engine hit (`Report.limits`) and attachment names that hide characters: never silence.

    A message built to exceed the reader's bounds (hundreds of MIME parts or levels, a million header fields)
    hides what lies beyond them, an HTML body, links, an ``invoice.exe``; a right-to-left override makes
    ``invoice_2025<U+202E>fdp.exe`` read ``invoice_2025exe.pdf``. Both are typed facts of the report.
    """
    for limit in report.limits:
        out.suspicious.append(
            _sentence(f"Parts of this message were not examined: {limit.detail}"),
            (CaveatKind.CONTENT_NOT_EXAMINED.value, f"limit:{limit.what}:{limit.detail}"),
        )
    for a in report.content.attachments:
        if a.name_hides_characters:
            out.suspicious.append(
                _sentence(
                    f"An attachment's name holds hidden or text-reversing characters ({a.filename}), "
                    "so it may not be the type it appears to be"
                )
            )


#: Link findings the verdict reads, with the level each raises (others stay in the report's link list).
_LINK_LEVELS = {
    ("lookalike", "high"): "dangerous",
    ("text-mismatch", "high"): "suspicious",
    ("active-scheme", "high"): "suspicious",
}
#: Findings that only name what the reader is shown when a stronger one holds (a brand named in the text is
#: too common in newsletters to stand alone).
_LINK_CONTEXT = ("text-mismatch", "brand-mismatch")
#: Links named in the verdict; the rest are counted ("and 3 more").
_MAX_LINK_REASONS = 3


def risky_links(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Links the reader clicks that imitate a brand, say one place and open another, or run code.

    Only clickable links count (a tracking pixel is not a lure), and only the findings in `_LINK_LEVELS`:
    shorteners, free hosting, open redirects and wrappers stay facts of the link list, since newsletters use
    them every day. A link's text is never compared with an e-mail service's click tracking (see
    `inspector.content.judge`). Each risky destination is named once, with what the reader sees.
    """
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for link in report.content.links:
        if getattr(link, "role", None) != "link":
            continue
        hits = [(_LINK_LEVELS[(f.kind, f.severity)], f) for f in link.findings if (f.kind, f.severity) in _LINK_LEVELS]
        if not hits:
            continue
        dangerous = any(level == "dangerous" for level, _f in hits)
        level, finding = next(((lv, f) for lv, f in hits if lv == "dangerous"), hits[0])
        said = next((f for f in link.findings if f.kind in _LINK_CONTEXT), None)
        if dangerous and said is not None:
            finding = said
            explanation = f"{finding.explanation.rstrip('.')}: a domain made to look like another"
        else:
            explanation = finding.explanation
        explanation = _and_never_linked(explanation, link)
        key = f"{link.domain}|{finding.kind}"
        if key in seen:
            continue
        seen.add(key)
        found.append((level, explanation))
    found.sort(key=lambda p: p[0] != "dangerous")
    for level, explanation in found[:_MAX_LINK_REASONS]:
        bucket = out.dangerous if level == "dangerous" else out.suspicious
        plain = explanation[0].lower() + explanation[1:]
        bucket.append(_sentence(f"A link in the message is not what it seems: {plain}"))
    if len(found) > _MAX_LINK_REASONS:
        more = found[_MAX_LINK_REASONS:]
        bucket = out.dangerous if any(lv == "dangerous" for lv, _e in more) else out.suspicious
        bucket.append(_sentence(f"{len(more)} more links are risky in the same ways (see the Links list)"))


def _and_never_linked(explanation: str, link: Link) -> str:
    """`explanation` of a risky link, with the sender history's word on it when the destination is new."""
    new = next((f for f in link.findings if f.kind == _NEW_LINK_DOMAIN), None)
    if new is None:
        return explanation
    return f"{explanation.rstrip('.')}; {new.explanation}"


def links_new_for_sender(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Links to a place this sender never linked to (`inspector.history.links`), only for a sender whose
    learnt links always went to the same few places. Alone it is a note: a sender may link somewhere new. With
    a link finding that is everyday in newsletters (free hosting, a shortener, a redirect, a brand named in
    the text, a medium look-alike) it is suspicious: a steady sender turning to such a place is how a hijacked
    account's lure looks. A link `risky_links` already names carries the sentence there. Which signs count,
    and the sentence, are the link's own (`Link.risk_note`, `inspector.model.content.link_risk`): the Links
    table shows the same combination as the link's raised risk.
    """
    seen: set[str] = set()
    notes: list[str] = []
    for link in report.content.links:
        new = next((f for f in link.findings if f.kind == _NEW_LINK_DOMAIN), None)
        if link.role != "link" or new is None or link.domain in seen:
            continue
        seen.add(link.domain or "")
        if any((f.kind, f.severity) in _LINK_LEVELS for f in link.findings):
            continue
        if not link.risk_note:  # no sign the new destination makes worse (`inspector.model.content.link_risk`)
            notes.append(new.explanation)
            continue
        plain = link.risk_note[0].lower() + link.risk_note[1:]
        out.suspicious.append(_sentence(f"A link goes where this sender never linked before: {plain}"))
    for text in notes[:_MAX_LINK_REASONS]:
        out.notes.append(text)
    if len(notes) > _MAX_LINK_REASONS:
        more = len(notes) - _MAX_LINK_REASONS
        out.notes.append(f"{more} more links go to places this sender never linked to (see the Links list).")


#: Attachment findings (of severity ``high``) the verdict reads, with the level each raises; the rest stay in
#: the attachment list. The order is the order of preference when one file has several.
_ATTACHMENT_LEVELS = {
    "executable": "dangerous",
    "script": "dangerous",
    "shortcut": "dangerous",
    "html-smuggling": "dangerous",
    "html-form": "dangerous",
    "archive-dangerous": "dangerous",
    "pdf-launch": "dangerous",
    "double-extension": "dangerous",
    "disk-image": "suspicious",
    "macro-autoexec": "suspicious",
    "pdf-javascript": "suspicious",
    "svg-script": "suspicious",
    "embedded-file": "suspicious",
    "password-in-body": "suspicious",
    "pdf-link": "suspicious",
    "html-link": "suspicious",
    "shortcut-link": "suspicious",
    "attached-message": "dangerous",
}
#: Attachments named in the verdict; the rest are counted.
_MAX_ATTACHMENT_REASONS = 3


def dangerous_attachments(report: Report, facts: _Facts, out: _Reasons) -> None:
    """An attachment that runs when opened, hides what it is, or smuggles: named, with what it really is.

    Read from the typed findings of the content stage (`inspector.content.attachments`): the file's type
    comes from its bytes, never its name. One reason per top-level file (its most telling finding; a file
    inside an archive or an attached message is named by its container's finding); a name that only hides
    characters is said by `unexamined_content`.
    """
    found: list[tuple[str, str]] = []
    for att in report.content.attachments:
        if att.part:
            # A file inside an archive or an attached message: its container's own finding names it.
            continue
        hits = [f for f in att.findings if f.severity == "high" and f.kind in _ATTACHMENT_LEVELS]
        if not hits:
            continue
        order = list(_ATTACHMENT_LEVELS)
        best = min(hits, key=lambda f: (_ATTACHMENT_LEVELS[f.kind] != "dangerous", order.index(f.kind)))
        found.append((_ATTACHMENT_LEVELS[best.kind], best.explanation))
    found.sort(key=lambda p: p[0] != "dangerous")
    for level, explanation in found[:_MAX_ATTACHMENT_REASONS]:
        (out.dangerous if level == "dangerous" else out.suspicious).append(_sentence(explanation))
    if len(found) > _MAX_ATTACHMENT_REASONS:
        more = found[_MAX_ATTACHMENT_REASONS:]
        bucket = out.dangerous if any(lv == "dangerous" for lv, _e in more) else out.suspicious
        bucket.append(_sentence(f"{len(more)} more attachments are risky in the same ways (see Attachments)"))


#: QR-code destination findings the verdict reads, with the level each raises.
_QR_LEVELS = {
    ("lookalike", "high"): "dangerous",
    ("active-scheme", "high"): "suspicious",
    ("ip-literal", "medium"): "suspicious",
    ("punycode", "medium"): "suspicious",
}


def quishing(report: Report, facts: _Facts, out: _Reasons) -> None:
    """A QR code whose destination imitates a brand, is a bare IP address or runs code ("quishing"): the
    reader's phone opens it, out of reach of the mail filter that checks links."""
    seen: set[str] = set()
    for code in report.content.qr:
        hits = [(_QR_LEVELS[(f.kind, f.severity)], f) for f in code.findings if (f.kind, f.severity) in _QR_LEVELS]
        if not hits or code.url_defanged in seen:
            continue
        seen.add(code.url_defanged)
        level, finding = next(((lv, f) for lv, f in hits if lv == "dangerous"), hits[0])
        plain = finding.explanation[0].lower() + finding.explanation[1:]
        text = f"A QR code in the message ({code.where}) sends the phone that scans it elsewhere than it seems: {plain}"
        (out.dangerous if level == "dangerous" else out.suspicious).append(_sentence(text))


#: The rules, most important first (the order of reasons within a level).
#: A trusted filter verdict that raises the level to suspicious (issue 14): it rated the message as harmful.
_FILTER_ALARMS = frozenset(
    {
        FilterVerdict.MALWARE,
        FilterVerdict.PHISHING,
        FilterVerdict.SPOOFING,
        FilterVerdict.IMPERSONATION,
        FilterVerdict.SPAM,
    }
)
#: Filter verdicts a self-vouching mailing list explains (the authentication failures resending causes).
_LIST_EXPLAINED = frozenset({FilterVerdict.SPAM, FilterVerdict.SPOOFING})
_FILTER_WORDS = {
    FilterVerdict.MALWARE: "carrying malware",
    FilterVerdict.PHISHING: "phishing",
    FilterVerdict.SPOOFING: "spoofing (a sender address it could not authenticate)",
    FilterVerdict.IMPERSONATION: "impersonation",
    FilterVerdict.SPAM: "spam",
}


def _filter_evidence(f: FilterField) -> str:
    if f.scl is not None:
        return f"SCL {f.scl}"
    return f"{f.header}: {f.value}" if f.field == "value" else f"{f.field}:{f.value}"


def filter_verdict(report: Report, facts: _Facts, out: _Reasons) -> None:
    """Your own mail filter already rated the message harmful: a trusted filter header (written inside your
    organisation, see `inspector.filters.trust`) says phishing, spoofing, impersonation, malware or spam
    (Microsoft's SCL of 5 or more). Suspicious, worded with the filter's name and the fields it rests on.

    Microsoft's compauth is left to `composite_auth_failure`, which weighs it against our own DMARC. A trusted
    "clean" verdict adds nothing: it never lowers what our own checks found, and never confirms a sender.
    """
    by_vendor: dict[str, list[FilterField]] = {}
    for f in report.filters:
        if f.trusted and f.verdict in _FILTER_ALARMS and f.header.lower() not in AUTH_RESULTS_HEADERS:
            by_vendor.setdefault(f.vendor, []).append(f)
    for vendor, fields in by_vendor.items():
        verdict = next(v for v in VERDICT_ORDER if any(f.verdict is v for f in fields))
        evidence = list(dict.fromkeys(_filter_evidence(f) for f in fields if f.verdict is verdict))
        evidence += [
            e for e in dict.fromkeys(_filter_evidence(f) for f in fields if f.scl is not None) if e not in evidence
        ]
        dest = next((f.destination for f in report.filters if f.vendor == vendor and f.trusted and f.destination), None)
        where = f"; it delivered it to {dest}" if dest else ""
        text = (
            f"Your mail filter ({vendor}) already rated this as {_FILTER_WORDS[verdict]} "
            f"({', '.join(evidence[:4])}){where}"
        )
        if verdict in _LIST_EXPLAINED and _list_resent(report, facts):
            # Filters score list-resent mail up for the DMARC/ARC failures the list itself causes; the list's
            # part is backed here (as for the author's broken signature), so that is explained, not a warning.
            out.notes.append(
                _sentence(f"{text}; it came through the mailing list at {facts.list_org}, which explains it")
            )
        else:
            out.suspicious.append(_sentence(text))


def sender_history(report: Report, facts: _Facts, out: _Reasons) -> None:
    """The sender against the analyst's own past mail (`inspector.history`): a look-alike of a real
    correspondent is dangerous (built to deceive the people who know the real one); new sending infrastructure
    or a new Reply-To for a known sender is suspicious (the account-takeover signals); first contact, a changed
    display name, a rare sender and a new network inside a known provider are notes. Without a store the
    section has no findings and nothing here changes the verdict.
    """
    for finding in report.history.findings:
        bucket = {"high": out.dangerous, "medium": out.suspicious}.get(finding.severity, out.notes)
        # Already a sentence; it may start with an address, which keeps its case.
        bucket.append(finding.explanation)


RULES: tuple[Callable[[Report, _Facts, _Reasons], None], ...] = (
    impersonation,
    disguised_text,
    sender_history,
    risky_links,
    links_new_for_sender,
    dangerous_attachments,
    quishing,
    dmarc_failure,
    recorded_dmarc_failure,
    impossible_sender,
    composite_auth_failure,
    filter_verdict,
    spf_failure,
    missing_authentication,
    unproven_brand_sender,
    diverted_replies,
    dkim_failure,
    added_signed_headers,
    forged_receiver_results,
    unsigned_content,
    alterations,
    relations,
    malformed_headers,
    unexamined_content,
    unverifiable_and_disagreements,
)
#: Rules that weigh what the others found (run after them).
COMBINATIONS: tuple[Callable[[Report, _Facts, _Reasons], None], ...] = (forged_and_diverted,)


def _summary(level: Level, report: Report, missing: tuple[str, ...] = ()) -> str:
    dom = report.identities.from_domain
    if level is Level.UNVERIFIED and missing == ("body",):
        return (
            "Could not confirm the content: the checks prove the sender and nothing wrong was found, "
            "but the body changed after your mail server verified it, so what you see is not what arrived. "
            f"What to do: {_what_to_do(missing)}."
        )
    if level is Level.UNVERIFIED:
        return (
            "Could not confirm who sent this: nothing wrong was found, but nothing here proves the sender. "
            f"What to do: {_what_to_do(missing)}."
        )
    if level is Level.DANGEROUS:
        return "Treat this as phishing: do not click links, open attachments or reply; report it."
    if level is Level.SUSPICIOUS:
        return "Be careful: something about this message does not add up; confirm with the sender another way."
    if _analysed(report, "dmarc") and report.dmarc.result is AuthResult.PASS and dom:
        return (
            f"No warning signs found; the checks prove it was sent by {dom}, "
            "not that its content is safe or that you know the sender."
        )
    return "No warning signs found in what could be checked; that is not a guarantee the message is safe."


def _missing_sections(report: Report) -> Iterable[str]:
    for n in (*_AUTH_SECTIONS, "lookalikes"):
        if section_state(report, n) in (SectionState.NOT_ANALYSED, SectionState.ERROR):
            yield _SECTION_NAMES.get(n, n)


def _established(report: Report, facts: _Facts) -> bool:
    """Whether a re-check here or a trusted receiver's record establishes who sent the message.

    DMARC passing (ours, or your mail server's record); a check passing for the From domain's own organisation
    (ours or recorded); a mailing list whose part is backed (the list re-sent it: see `_list_backing`); for a
    bounce or report from a mail server, SPF passing for that server or your mail server having taken it in
    from a host of the organisation its From names.
    """
    if section_state(report, "identities") is SectionState.ERROR:
        return False  # who the message claims to be from is unknown: nothing can confirm it
    if facts.dmarc_passed() or facts.list_backing:
        return True
    org = org_or_none(report.identities.from_domain)
    if org and _aligned_pass(report, facts, org):
        return True
    # Any check that passes names who is responsible for the message (a signing or envelope domain), even
    # when it is not the From domain's organisation: the relation findings say how they differ.
    if any(s.result is AuthResult.PASS for s in report.dkim) or report.spf.result is AuthResult.PASS:
        return True
    if {"pass"} & (facts.recorded_results("dkim") | facts.recorded_results("spf")):
        return True
    if report.identities.kind in (MailKind.BOUNCE, MailKind.REPORT):
        hop = _boundary_hop(report)
        if org and hop is not None and any(org_or_none(h) == org for h in (hop.from_rdns, hop.from_host) if h):
            return True
    return False


def _boundary_hop(report: Report) -> Hop | None:
    i = report.boundary.hop_index
    return report.hops[i] if i is not None and 0 <= i < len(report.hops) else None


#: What can be missing to establish the sender, by key: the phrase `Verdict.missing` carries, and what to do.
_MISSING: dict[str, tuple[str, str | None]] = {
    "transport": (
        "transport headers (no Received fields: a sent, draft or forwarded copy)",
        "get the message as it arrived (the recipient's copy saved as .eml, or 'Show original')",
    ),
    "dns": ("DNS (the checks could not be re-run here)", "analyse it again with live DNS or a DNS snapshot"),
    "signature": ("a DKIM signature", None),
    "receiver": (
        "a trusted receiving server's record (Authentication-Results)",
        "set your mail server's authserv-id as trusted if its results are in the message",
    ),
    "pass": ("a check that passes for the sender's domain", None),
    "identities": (
        "the sender's identities (reading the From, Reply-To and Sender fields failed)",
        "look at the From field in the Headers tab",
    ),
    "author": (
        "proof of the author's address (a mailing list changed the message, which breaks the author's DMARC, and "
        "the author's domain asks receivers to quarantine or reject such mail)",
        "check the message in the list's archive or with the author",
    ),
    "body": (
        "the body as your mail server received it (it changed after your server verified its DKIM signature)",
        "analyse the recipient's copy as it arrived (saved as .eml, or 'Show original') if the content matters",
    ),
}


def _missing(report: Report, facts: _Facts) -> tuple[str, ...]:
    """What is missing to establish the sender, as keys of `_MISSING`."""
    out: list[str] = []
    if section_state(report, "identities") is SectionState.ERROR:
        out.append("identities")
    if not report.hops:
        out.append("transport")
    unchecked = [facts.dmarc, facts.spf, *(s.result for s in report.dkim)]
    if any(r is AuthResult.NOT_VERIFIABLE for r in unchecked):
        out.append("dns")
    if not report.dkim:
        out.append("signature")
    if not any(facts.recorded(m) for m in ("dmarc", "spf", "dkim")):
        out.append("receiver")
    return tuple(out) or ("pass",)


def _unverified_reason(keys: tuple[str, ...], missing: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """The UNVERIFIED reason: the sender is not established, or (only `body` missing) the content is not."""
    facts = tuple(f"missing:{k}" for k in keys)
    if keys == ("body",):
        text = _sentence(f"Could not confirm the content: missing {missing[0]}")
        return ("unverified-content", text, ("unverified-content", *facts))
    return (
        "unverified-sender",
        _sentence(f"Could not confirm who sent this: missing {'; '.join(missing)}"),
        ("unverified-sender", *facts),
    )


def _what_to_do(missing: tuple[str, ...]) -> str:
    steps = [step for key in missing if (step := _MISSING[key][1])]
    steps.append("confirm with the sender another way before acting on it")
    return "; ".join(steps)


def decide(report: Report) -> Verdict | None:
    """Combine authentication, chain, identity and look-alike findings into a level, ordered reasons, a summary."""
    analysed = [name for name in (*_AUTH_SECTIONS, "lookalikes", "hops") if _analysed(report, name)]
    if not analysed:
        return Verdict(
            level=Level.NOT_ANALYSED,
            reasons=("Nothing could be analysed in this message.",),
            summary="No verdict: none of the checks could run on this input.",
        )
    if report.identities.from_freemail is None and _analysed(report, "lookalikes"):
        # A report assembled without the look-alike stage's identity facts (an importer, a test): ask that
        # stage for them, as the pipeline does, instead of guessing.
        from inspector.lookalike import identity_facts
        from inspector.settings import AnalysisSettings

        report = dataclasses.replace(report, identities=identity_facts(report.identities, AnalysisSettings()))
    facts = _facts(report)
    out = _Reasons()
    for rule in (*RULES, *COMBINATIONS):
        out.rule = _rule_id(rule)
        rule(report, facts, out)
    out.rule = "not-checked"
    missing_sections = list(_missing_sections(report))
    if missing_sections:
        out.notes.append(_sentence(f"Not checked: {', '.join(missing_sections)}"), ("not-checked",))
    level = out.level()
    unverified: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    missing: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    author_unproven = AUTHOR_UNPROVEN in out.tags
    body_unproven = BODY_UNPROVEN in out.tags
    established = _established(report, facts)
    if level is Level.OK and (author_unproven or body_unproven or not established):
        # A body changed after arrival leaves the sender proven but not the content being judged: no warning
        # sign, and no "ok" either (the links and attachments read here are not the ones that arrived).
        level = Level.UNVERIFIED
        keys = _missing(report, facts) if (author_unproven or not established) else ()
        if author_unproven:
            keys = ("author", *(k for k in keys if k != "pass"))
        if body_unproven:
            keys = (*keys, "body")
        missing = tuple(_MISSING[k][0] for k in keys)
        unverified = (_unverified_reason(keys, missing),)
    out.rule = "summary"
    if level is Level.OK and not out.notes:
        out.notes.append("No warning signs found.")
    if level is Level.OK and facts.dmarc is AuthResult.PASS:
        dom = report.dmarc.from_domain or report.identities.from_domain
        out.notes.insert(0, _sentence(f"It passes DMARC for {dom}: it really comes from {dom}"))
    findings = out.findings(unverified)
    return Verdict(
        level=level,
        reasons=tuple(f.text for f in findings),
        summary=_summary(level, report, keys if level is Level.UNVERIFIED else ()),
        findings=findings,
        missing=missing,
    )


def _rule_id(rule: Callable[..., None]) -> str:
    """A rule's stable identity: its function name in kebab case (``dmarc_failure`` → ``dmarc-failure``)."""
    return rule.__name__.strip("_").replace("_", "-")
