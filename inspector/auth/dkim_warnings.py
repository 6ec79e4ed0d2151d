"""Warnings about a DKIM signature that verifies, in the spirit of DKIM Verifier's.

A valid signature proves less than users think: a header the signer did not cover can be changed at
will, a second From or Subject added above the signed one is what mail clients show, and a signature
by an unrelated domain says nothing about the From address. The header tiers follow DKIM Verifier's
"recommended" mode (``verifier.mjs.js #checkSignedHeaders``); organisational domains come from
``publicsuffixlist`` (parsed once per process).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from inspector.auth.orgdomain import org_domain
from inspector.identities import domain_of, getaddresses
from inspector.ingest.message import HeaderField

#: Headers a mail client shows or acts on: one added above the signed instance is a policy failure.
DISPLAYED = frozenset(
    {
        "from",
        "sender",
        "reply-to",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "content-type",
        "content-transfer-encoding",
        "mime-version",
    }
)
#: Unsigned but present: warn (DKIM Verifier's required + recommended tiers).
RECOMMENDED = ("subject", "date", "to", "cc", "in-reply-to", "references", "list-id", "list-unsubscribe")


def from_domain(headers: Sequence[HeaderField]) -> str | None:
    """The domain of the first address in the topmost From (None when there is none)."""
    for h in headers:
        if h.lname == "from":
            return _addr_domain(h.value)
    return None


def added_headers(headers: Sequence[HeaderField], signed: Sequence[str]) -> list[str]:
    """Signed header names that occur more often in the message than h= covers (added after signing)."""
    present = Counter(h.lname for h in headers)
    covered = Counter(s.lower() for s in signed)
    return [name for name in covered if present.get(name, 0) > covered[name]]


def display_name(lname: str) -> str:
    """ "reply-to" → "Reply-To" for messages."""
    return "-".join(p[:1].upper() + p[1:] for p in lname.split("-")) if lname != "message-id" else "Message-ID"


def header_warnings(
    headers: Sequence[HeaderField], signed: Sequence[str], sdid: str, unsigned_body_bytes: int | None
) -> tuple[list[str], list[str]]:
    """(policy problems, warnings) about which headers the signature covers."""
    policy: list[str] = []
    warnings: list[str] = []
    present = {h.lname for h in headers}
    signed_set = {s.lower() for s in signed}
    for name in added_headers(headers, signed):
        msg = f"a {display_name(name)} header was added after signing (more instances than h= covers)"
        if name in DISPLAYED:
            policy.append(msg + "; mail clients may show the unsigned one")
        else:
            warnings.append(msg)
    for name in RECOMMENDED:
        if name in present and name not in signed_set:
            warnings.append(f"{display_name(name)} is not signed")
    if "reply-to" in present and "reply-to" not in signed_set:
        rt = [h for h in headers if h.lname == "reply-to"]
        dom = _addr_domain(rt[0].value) if rt else None
        if dom and org_domain(dom) != org_domain(sdid):
            warnings.append("Reply-To is not signed and points outside the signing domain")
    if unsigned_body_bytes and "content-type" in present and "content-type" not in signed_set:
        warnings.append("Content-Type is not signed although part of the body is unsigned (l=)")
    return policy, warnings


def _addr_domain(value: str) -> str | None:
    """The domain of the first address in `value` that has an @ (None when it has no domain)."""
    for _n, addr in getaddresses([value]):
        if "@" in addr:
            return domain_of(addr)
    return None


def domain_warning(sdid: str, from_dom: str | None) -> str | None:
    """A warning when the signing domain has nothing to do with the From domain."""
    if not from_dom:
        return None
    if org_domain(sdid) != org_domain(from_dom):
        return f"signing domain {sdid} is unrelated to the From domain {from_dom}"
    return None
