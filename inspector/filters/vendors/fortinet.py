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
    },
    prefixes=("x-feas-", "x-fortinet-", "x-fortiguard-"),
)
