"""The look-alike stage: lookalike and impersonation checks on every identity in a message.

Each domain the message names (From, Reply-To, Return-Path, Sender, every DKIM d=) is compared with the
user's protected and own domains, the shipped brand table and the popular-domain list; the From display
name is checked for brand claims its domain does not back; Reply-To, Return-Path, Sender and DKIM d= are
checked for pointing at an organisation unrelated to From.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from inspector.lookalike.display_names import check_display
from inspector.lookalike.domains import find_domain_match
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import reference_for
from inspector.lookalike.relations import relation_findings
from inspector.model.auth import DkimSignatureResult
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import Identities, MailKind
from inspector.model.vocabulary import SEVERITY_ORDER
from inspector.settings import AnalysisSettings

#: At most this many DKIM signatures and Reply-To addresses are examined (hostile messages carry hundreds).
MAX_IDENTITIES = 20


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().strip("<>").strip()
    if "@" in v:
        v = v.rsplit("@", 1)[1]
    return v.strip().rstrip(".") or None


def check_message(
    identities: Identities,
    dkim: Sequence[DkimSignatureResult],
    settings: AnalysisSettings,
    *,
    display_name_read_as: str | None = None,
) -> tuple[LookalikeFinding, ...] | None:
    """All lookalike and impersonation findings for one message, most severe first.

    `display_name_read_as` is the From display name without the marks and invisible characters put into its
    words to hide a brand from filters (`inspector.content.disguise.undisguised`, applied by the pipeline:
    the content stage owns the disguise detector); the brand claims are looked for in it.
    """
    protected = tuple(dict.fromkeys((*settings.protected_domains, *settings.own_domains)))
    ref = reference_for(protected, tuple(settings.own_domains))
    fields: list[tuple[str, str, str]] = []
    if identities.from_domain:
        fields.append(("From", identities.from_address or identities.from_domain, identities.from_domain))
    for addr in identities.reply_to[:MAX_IDENTITIES]:
        d = _domain(addr)
        if d:
            fields.append(("Reply-To", addr, d))
    rp = _domain(identities.return_path)
    if rp and identities.return_path:
        fields.append(("Return-Path", identities.return_path, rp))
    sd = _domain(identities.sender)
    if sd and identities.sender:
        fields.append(("Sender", identities.sender, sd))
    for sig in list(dkim)[:MAX_IDENTITIES]:
        if sig.domain:
            fields.append(("DKIM d=", sig.domain, sig.domain))
    findings: list[LookalikeFinding] = []
    seen: set[tuple[str, str]] = set()
    for field, value, domain in fields:
        if (field, domain.lower()) in seen:
            continue
        seen.add((field, domain.lower()))
        host = parse_host(domain)
        if host is None or not host.is_valid:
            continue  # includes IP literals (a@[192.0.2.1]): a machine, not a name to compare
        match = find_domain_match(host, ref)
        if match is not None:
            findings.append(
                LookalikeFinding(
                    field=field,
                    value=value,
                    resembles=match.resembles,
                    kind=match.kind,
                    explanation=match.explanation,
                    severity=match.severity,
                    a_label=host.a_label,
                    u_label=host.u_label,
                )
            )
    from_host = parse_host(identities.from_domain) if identities.from_domain else None
    system_report = identities.from_system_mailbox and identities.kind is not MailKind.ORDINARY
    for match in check_display(
        identities.from_display_name,
        identities.from_domain,
        ref,
        from_address=identities.from_address,
        system_report=system_report,
        read_as=display_name_read_as,
    ):
        findings.append(
            LookalikeFinding(
                field="From display name",
                value=identities.from_display_name or "",
                resembles=match.resembles,
                kind=match.kind,
                explanation=match.explanation,
                severity=match.severity,
                a_label=from_host.a_label if from_host else None,
                u_label=from_host.u_label if from_host else None,
                brand=match.brand,
            )
        )
    findings.extend(relation_findings(identities, dkim, ref))
    findings.sort(key=lambda f: SEVERITY_ORDER.index(f.severity))
    return tuple(findings)


def identity_facts(identities: Identities, settings: AnalysisSettings) -> Identities:
    """`identities` with the facts only this stage can state: the From's own brand and free-mailbox facts.

    Computed once here (where the brand table and the free-mail list live) so the verdict reads them as
    typed fields instead of rebuilding the table itself.
    """
    protected = tuple(dict.fromkeys((*settings.protected_domains, *settings.own_domains)))
    ref = reference_for(protected, tuple(settings.own_domains))
    host = parse_host(identities.from_domain) if identities.from_domain else None
    org = host.registrable if host is not None and host.is_valid else None
    brand = next((b.name for b in ref.brands_for(org) if org and b.backs(org) and not b.synthetic), None)
    free_replies = tuple(a for a in identities.reply_to[:MAX_IDENTITIES] if ref.is_freemail(_domain(a)))
    return replace(
        identities,
        from_brand=brand,
        from_freemail=ref.is_freemail(org) if org else False,
        reply_to_freemail=free_replies,
    )
