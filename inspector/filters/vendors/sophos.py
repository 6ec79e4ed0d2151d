"""Sophos Email Appliance / PureMessage: X-LASED-SpamProbability, X-LASED-Hits, X-Sophos-* headers.

Meanings from Sophos's PureMessage/Email Appliance documentation ("Message headers added by Sophos"): the
LASED engine writes the spam probability (0 to 1) and the rules that hit. Sophos Central Email's own headers
(X-Sophos-*) are not documented publicly and are shown raw.
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Range, S, V, Vendor

DOC_PM = ("Sophos PureMessage / Email Appliance: message headers", "https://docs.sophos.com/")

SOPHOS = Vendor(
    name="Sophos",
    documentation=(DOC_PM,),
    headers={
        "x-lased-spamprobability": Header(
            "single",
            {
                "value": Field(
                    "Spam probability",
                    "The LASED engine's probability that the message is spam, 0 to 1.",
                    ranges=(
                        Range(0, 0.499, "Below one half: probably not spam.", S.INFO, None),
                        Range(0.5, 1, "One half or more: probably spam.", S.WARNING, V.SPAM),
                    ),
                )
            },
        ),
        "x-lased-hits": Header("single", {"value": Field("Rules that matched", "The LASED rules that matched.")}),
        "x-lased-version": Header("single", {"value": Field("Engine version", "The LASED engine version.")}),
    },
    prefixes=("x-sophos-", "x-lased-"),
)
