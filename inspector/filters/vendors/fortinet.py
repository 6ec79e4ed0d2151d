"""Fortinet FortiMail: X-FEAS-* headers (FortiMail's antispam), X-Fortinet-*.

Meanings from the FortiMail Administration Guide ("Headers added by FortiMail": X-FEAS-SPF, X-FEAS-DKIM,
X-FEAS-DMARC carry the authentication results, X-FEAS-Client-IP the connecting address; spam tagging itself
uses the header name the administrator configures, so it cannot be recognised here).
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Vendor

DOC_GUIDE = (
    "FortiMail Administration Guide: headers added by FortiMail",
    "https://docs.fortinet.com/product/fortimail",
)

FORTINET = Vendor(
    name="Fortinet FortiMail",
    documentation=(DOC_GUIDE,),
    headers={
        "x-feas-spf": Header("single", {"value": Field("SPF result", "FortiMail's SPF result for the sender.")}),
        "x-feas-dkim": Header("single", {"value": Field("DKIM result", "FortiMail's DKIM result.")}),
        "x-feas-dmarc": Header("single", {"value": Field("DMARC result", "FortiMail's DMARC result.")}),
        "x-feas-client-ip": Header(
            "single", {"value": Field("Connecting IP", "The address that connected to FortiMail.")}
        ),
        "x-feas-bec": Header(
            "single", {"value": Field("Business e-mail compromise check", "FortiMail's BEC check result.")}
        ),
        "x-fe-policy-id": Header(
            "single",
            {
                "value": Field(
                    "Policy IDs", "The identifiers of the FortiMail policies applied to the message, as written."
                )
            },
        ),
        "x-fe-last-public-client-ip": Header(
            "single",
            {"value": Field("Last public client IP", "The last public address FortiMail saw before internal hops.")},
        ),
    },
    # X-FE-* are FortiMail's too (policy IDs, the last public client): seen on real FortiMail mail in public
    # mailing-list archives (tests/unit/test_filters_public_archives.py).
    prefixes=("x-feas-", "x-fe-", "x-fortinet-", "x-fortiguard-"),
)
