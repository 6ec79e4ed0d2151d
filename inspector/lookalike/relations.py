"""Reply-To, Return-Path, Sender and DKIM d= pointing at an organisation unrelated to From.

"Related" means the same registrable domain, or two domains the brand table says one brand owns
(amazon.com and amazonses.com). Bounce and signing domains of bulk-mail services are normal for mail sent
through them, so they are not findings; a free-mailbox Reply-To behind a company From is the classic lure.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.lookalike.hosts import org_domain
from inspector.lookalike.reference import Reference
from inspector.model.auth import DkimSignatureResult
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import Identities
from inspector.model.vocabulary import LookalikeKind, Severity


def relation_findings(
    identities: Identities, dkim: Sequence[DkimSignatureResult], ref: Reference
) -> list[LookalikeFinding]:
    """Findings for identities whose organisation differs from the From domain's."""
    from_org = org_domain(identities.from_domain)
    if not from_org:
        return []
    out: list[LookalikeFinding] = []
    from_free = ref.is_freemail(from_org)
    for addr in identities.reply_to[:20]:
        org = org_domain(addr)
        if not org or ref.same_owner(from_org, org) or ref.same_owner(org, from_org):
            continue
        if ref.is_freemail(org) and not from_free:
            out.append(
                LookalikeFinding(
                    "Reply-To",
                    addr,
                    from_org,
                    LookalikeKind.REPLY_TO_FREEMAIL,
                    f"replies go to {addr}, a free mailbox anyone can open, not to {from_org}, the sender it claims",
                    Severity.HIGH,
                    a_label=org,
                )
            )
        else:
            out.append(
                LookalikeFinding(
                    "Reply-To",
                    addr,
                    from_org,
                    LookalikeKind.REPLY_TO_MISMATCH,
                    f"replies go to {org}, a different organisation from {from_org}",
                    Severity.MEDIUM,
                    a_label=org,
                )
            )
    rp = identities.return_path
    rp_org = org_domain(rp)
    unrelated_rp = bool(rp and rp_org and not ref.same_owner(from_org, rp_org) and not ref.same_owner(rp_org, from_org))
    if rp and rp_org and unrelated_rp and rp_org not in ref.bulk_senders:
        free = ref.is_freemail(rp_org) and not from_free
        out.append(
            LookalikeFinding(
                "Return-Path",
                rp,
                from_org,
                LookalikeKind.RETURN_PATH_MISMATCH,
                f"bounces go to {rp_org}, not to {from_org}"
                + ("; a free mailbox" if free else "; often normal when a mailing service sends for a company"),
                Severity.MEDIUM if free else Severity.LOW,
                a_label=rp_org,
            )
        )
    sender_org = org_domain(identities.sender)
    unrelated_sender = bool(sender_org and not ref.same_owner(from_org, sender_org))
    if identities.sender and sender_org and unrelated_sender:  # noqa: SIM102
        if not ref.same_owner(sender_org, from_org) and sender_org not in ref.bulk_senders:
            out.append(
                LookalikeFinding(
                    "Sender",
                    identities.sender,
                    from_org,
                    LookalikeKind.SENDER_MISMATCH,
                    f"the Sender field names {sender_org}, which sent it on behalf of {from_org}",
                    Severity.LOW,
                    a_label=sender_org,
                )
            )
    sig_orgs = [o for o in (org_domain(s.domain) for s in list(dkim)[:20]) if o]
    if sig_orgs and not any(ref.same_owner(from_org, o) or ref.same_owner(o, from_org) for o in sig_orgs):
        foreign = [o for o in dict.fromkeys(sig_orgs) if o not in ref.bulk_senders]
        if foreign:
            out.append(
                LookalikeFinding(
                    "DKIM d=",
                    ", ".join(foreign),
                    from_org,
                    LookalikeKind.DKIM_DOMAIN_MISMATCH,
                    f"the message is signed by {', '.join(foreign)}, not by {from_org}",
                    Severity.LOW,
                    a_label=foreign[0],
                )
            )
    return out
