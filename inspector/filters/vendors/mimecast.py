"""Mimecast: X-Mimecast-Spam-Score, X-Mimecast-Impersonation-Protect, X-Mimecast-Spam-Signature.

Meanings from Mimecast's knowledge base articles "Mimecast X-Headers" / "Impersonation Protect" (the
impersonation identifiers, each true or false, and the policy name) and "Spam scoring" (a higher
X-Mimecast-Spam-Score is more spam-like; the spam detection threshold is set per policy).
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Range, S, V, Value, Vendor

DOC_HEADERS = (
    "Mimecast Knowledge Base: Mimecast X-Headers",
    "https://community.mimecast.com/s/article/Mimecast-X-Headers",
)
DOC_IMPERSONATION = (
    "Mimecast Knowledge Base: Configuring Impersonation Protection",
    "https://community.mimecast.com/s/article/Configuring-Impersonation-Protection",
)

_HIT = Value("This identifier matched.", S.WARNING, V.IMPERSONATION)
_MISS = Value("Did not match.", S.INFO)


def _identifier(label: str, what: str) -> Field:
    return Field(label, what, values={"true": _HIT, "false": _MISS})


IMPERSONATION = Header(
    "kv-semicolon-equals",
    {
        "Policy": Field("Policy", "The Impersonation Protection policy that checked the message."),
        "Similar Internal Domain": _identifier(
            "Similar internal domain", "The sender's domain looks like one of your own."
        ),
        "Similar Monitored External Domain": _identifier(
            "Similar monitored external domain", "The sender's domain looks like a domain you monitor."
        ),
        "Custom External Domain": _identifier("Custom external domain", "The sender's domain is on your custom list."),
        "Mimecast External Domain": _identifier(
            "Mimecast external domain", "The sender's domain is on Mimecast's list."
        ),
        "Newly Observed Domain": _identifier("Newly observed domain", "The sender's domain was registered recently."),
        "Internal User Name": _identifier("Internal user name", "The display name matches one of your users."),
        "Custom Display Name List": _identifier("Custom display name", "The display name is on your custom list."),
        "Reply-to Address Mismatch": _identifier("Reply-To mismatch", "Replies go to another address than the sender."),
        "Targeted Threat Dictionary": _identifier(
            "Targeted threat dictionary", "The content matches Mimecast's targeted threat words."
        ),
        "Mimecast Threat Dictionary": _identifier(
            "Mimecast threat dictionary", "The content matches Mimecast's threat words."
        ),
        "Custom Threat Dictionary": _identifier("Custom threat dictionary", "The content matches your threat words."),
    },
)

MIMECAST = Vendor(
    name="Mimecast",
    documentation=(DOC_HEADERS, DOC_IMPERSONATION),
    headers={
        "x-mimecast-spam-score": Header(
            "single",
            {
                "value": Field(
                    "Spam score",
                    "Mimecast's spam score: higher is more spam-like; the threshold is set per policy.",
                    ranges=(Range(0, 0, "No spam indication.", S.INFO, V.CLEAN),),
                )
            },
        ),
        "x-mimecast-impersonation-protect": IMPERSONATION,
        "x-mimecast-spam-signature": Header(
            "single", {"value": Field("Spam signature", "Which spam signature matched (Mimecast's code).")}
        ),
        "x-mimecast-bulk-signature": Header(
            "single", {"value": Field("Bulk signature", "Which bulk signature matched (Mimecast's code).")}
        ),
        "x-mimecast-originator": Header(
            "single", {"value": Field("Originator", "The Mimecast account that handled the message.")}
        ),
    },
    prefixes=("x-mimecast-",),
)
