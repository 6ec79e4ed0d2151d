"""The plain-language verdict: ok / suspicious / dangerous, with reasons a helpdesk worker can act on.

Rules, in the order they matter:

- A domain made to look like another (homoglyph, IDN, embedding, combo-squat, free hosting …) in From, or a
  display name claiming a brand its address does not back, is **dangerous**, whatever SPF/DKIM/DMARC say:
  passing checks only prove the sender owns the look-alike domain, and the reason says so.
- DMARC failing under a ``reject`` or ``quarantine`` policy is **dangerous**; failing under ``none``, SPF
  failing without DMARC passing, every DKIM signature failing, a broken chain, several From fields, a
  free-mailbox Reply-To behind a company From, or a weaker look-alike are **suspicious**.
- ``not-verifiable`` (no DNS offline) is never a failure: it is said plainly and changes nothing. Sections
  other stages did not fill (``not-analysed``) are skipped and named as not checked.
- DMARC pass alone never reads as "safe": an ``ok`` verdict says no warning signs were found and what the
  pass does prove.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.report.auth_model import AuthResult
from inspector.report.lookalike_model import LookalikeFinding
from inspector.report.model import Level, Report, SectionState, Verdict

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

_AUTH_SECTIONS = ("spf", "dkim", "dmarc")
_SECTION_NAMES = {
    "spf": "SPF",
    "dkim": "DKIM",
    "arc": "ARC",
    "dmarc": "DMARC",
    "hops": "the Received chain",
    "lookalikes": "look-alike names",
    "recorded": "the receiving server's own results",
}


@dataclass
class _Reasons:
    """Reasons collected per level; output in order dangerous → suspicious → notes."""

    dangerous: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def level(self) -> Level:
        if self.dangerous:
            return Level.DANGEROUS
        if self.suspicious:
            return Level.SUSPICIOUS
        return Level.OK

    def ordered(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.dangerous, *self.suspicious, *self.notes]))


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _state(report: Report, name: str) -> SectionState:
    return report.sections.get(name, SectionState.NOT_ANALYSED)


def _analysed(report: Report, name: str) -> bool:
    return _state(report, name) in (SectionState.ANALYSED, SectionState.PARTIAL)


def _brand_name(domain: str) -> str:
    """The brand that owns `domain` per the shipped table, else the domain itself."""
    try:
        from inspector.lookalike.reference import reference_for

        ref = reference_for()
        owners = ref.brands_for(domain)
        canonical = [b for b in owners if domain in b.canonical]
        pick = canonical or list(owners)
        return pick[0].name if pick else domain
    except Exception:  # noqa: BLE001 - the verdict must not fail because a data file is unreadable
        return domain


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


def _lookalike_reasons(report: Report, out: _Reasons) -> None:
    if not _analysed(report, "lookalikes"):
        return
    ids = report.identities
    from_domain = ids.from_domain
    rank = {"high": 0, "medium": 1, "low": 2}
    findings = sorted(report.lookalikes, key=lambda f: rank.get(f.severity, 3))
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
            brand = _brand_name(claim.resembles) if claim.kind == "display-name" else claim.resembles
            lead = f"This message says it is {brand}, but it comes from {shown}, made to look like {f.resembles}"
        else:
            lead = f"It comes from {shown}, made to look like {f.resembles} ({f.explanation})"
        text = _sentence(f"{lead}; {clause}")
        if f.severity == "high" or claim is not None:
            out.dangerous.append(text)
        elif f.severity == "medium":
            out.suspicious.append(text)
        else:
            out.notes.append(text)
    for claim in display:
        if id(claim) in used:
            continue
        extra = "" if report.dmarc.result is not AuthResult.PASS else f"; {clause}"
        out.dangerous.append(_sentence(claim.explanation + extra))
    from_forms = {f.a_label for f in from_fake if f.a_label}
    for f in other_fake:
        if f.a_label and f.a_label in from_forms:
            continue  # the same look-alike domain as From: already said
        what = "domain" if f.field == "DKIM d=" else "address"
        text = _sentence(f"The {f.field} {what} {f.value} is made to look like {f.resembles}: {f.explanation}")
        _target(out, f).append(text)
    for f in findings:
        if f.kind == "reply-to-freemail":
            out.suspicious.append(_sentence(f.explanation))
        elif f.kind in RELATION_KINDS:
            out.notes.append(_sentence(f.explanation))
        elif f.kind not in DECEPTIVE_KINDS and f.kind not in ("display-name", "display-address"):
            _target(out, f).append(_sentence(f.explanation))


def _target(out: _Reasons, f: LookalikeFinding) -> list[str]:
    return out.dangerous if f.severity == "high" else out.suspicious if f.severity == "medium" else out.notes


def _auth_reasons(report: Report, out: _Reasons) -> None:
    dom = report.dmarc.from_domain or report.identities.from_domain or "the sender's domain"
    not_verifiable: list[str] = []
    dmarc_ok = _analysed(report, "dmarc")
    dmarc = report.dmarc.result if dmarc_ok else AuthResult.NOT_ANALYSED
    if dmarc is AuthResult.FAIL:
        policy = report.dmarc.policy
        if policy in ("reject", "quarantine"):
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
    elif dmarc is AuthResult.NOT_VERIFIABLE:
        not_verifiable.append("DMARC")
    elif dmarc in (AuthResult.TEMPERROR, AuthResult.PERMERROR):
        out.notes.append(_sentence(f"DMARC for {dom} could not be evaluated ({dmarc.value})"))
    spf = report.spf.result if _analysed(report, "spf") else AuthResult.NOT_ANALYSED
    if spf is AuthResult.FAIL and dmarc is not AuthResult.PASS:
        out.suspicious.append(
            _sentence(
                f"The server that delivered it is not allowed to send mail for {report.spf.domain or dom} (SPF fail)"
            )
        )
    elif spf is AuthResult.SOFTFAIL and dmarc is not AuthResult.PASS:
        out.notes.append(_sentence(f"SPF soft-fails for {report.spf.domain or dom}: the sending server is not listed"))
    elif spf is AuthResult.NOT_VERIFIABLE:
        not_verifiable.append("SPF")
    if _analysed(report, "dkim") and report.dkim:
        results = [s.result for s in report.dkim]
        if all(r is AuthResult.FAIL for r in results):
            changed = any(s.body_hash == "fail" for s in report.dkim)
            why = "the message was changed after it was signed" if changed else "the signature does not match"
            if dmarc is not AuthResult.PASS:
                out.suspicious.append(_sentence(f"Every DKIM signature fails: {why}"))
            else:
                out.notes.append(_sentence(f"A DKIM signature fails ({why}), but DMARC still passes"))
        elif all(r is AuthResult.NOT_VERIFIABLE for r in results):
            not_verifiable.append("DKIM")
    no_auth = (
        dmarc is AuthResult.NONE
        and spf in (AuthResult.NONE, AuthResult.NEUTRAL, AuthResult.SOFTFAIL)
        and not any(s.result is AuthResult.PASS for s in report.dkim)
        and _analysed(report, "spf")
    )
    if no_auth:
        out.suspicious.append(
            _sentence(f"Nothing authenticates it: {dom} publishes no DMARC policy and no check passes")
        )
    if not_verifiable:
        out.notes.append(
            _sentence(
                f"{', '.join(not_verifiable)} could not be checked here (no DNS answer available); "
                "that is not a failure"
            )
        )
    # A trusted receiver's own record fills in what we could not re-check.
    for rec in report.recorded:
        if not rec.trusted or rec.result.lower() not in ("fail", "permerror"):
            continue
        ours = {"dmarc": dmarc, "spf": spf}.get(rec.method.lower())
        if ours in (AuthResult.NOT_VERIFIABLE, AuthResult.NOT_ANALYSED):
            out.suspicious.append(
                _sentence(
                    f"Your mail server ({rec.authserv_id or 'trusted'}) recorded {rec.method.upper()} "
                    f"{rec.result} for this message"
                )
            )
    if _analysed(report, "disagreements") or report.disagreements:
        for d in report.disagreements:
            out.notes.append(_sentence(d.explanation))


def _chain_reasons(report: Report, out: _Reasons) -> None:
    for b in report.breaks:
        out.suspicious.append(_sentence(f"The message was altered on its way: {b.what}"))
    for w in report.warnings:
        low = w.lower()
        if "from fields" in low or "no from field" in low or "several addresses" in low:
            out.suspicious.append(_sentence(w))
        elif low.startswith("internal error"):
            out.notes.append(_sentence(f"Part of the analysis failed ({w}); its result is missing"))


def _summary(level: Level, report: Report, out: _Reasons) -> str:
    dom = report.identities.from_domain
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


def decide(report: Report) -> Verdict | None:
    """Combine authentication, chain and look-alike findings into a level, ordered reasons and a summary."""
    analysed = [name for name in (*_AUTH_SECTIONS, "lookalikes", "hops") if _analysed(report, name)]
    if not analysed:
        return Verdict(
            level=Level.NOT_ANALYSED,
            reasons=("Nothing could be analysed in this message.",),
            summary="No verdict: none of the checks could run on this input.",
        )
    out = _Reasons()
    _lookalike_reasons(report, out)
    _auth_reasons(report, out)
    _chain_reasons(report, out)
    missing = [
        _SECTION_NAMES.get(n, n)
        for n in (*_AUTH_SECTIONS, "lookalikes")
        if _state(report, n) in (SectionState.NOT_ANALYSED, SectionState.ERROR)
    ]
    if missing:
        out.notes.append(_sentence(f"Not checked: {', '.join(missing)}"))
    level = out.level()
    if level is Level.OK and not out.notes:
        out.notes.append("No warning signs found.")
    if level is Level.OK and _analysed(report, "dmarc") and report.dmarc.result is AuthResult.PASS:
        dom = report.dmarc.from_domain or report.identities.from_domain
        out.notes.insert(0, _sentence(f"It passes DMARC for {dom}: it really comes from {dom}"))
    return Verdict(level=level, reasons=out.ordered(), summary=_summary(level, report, out))
