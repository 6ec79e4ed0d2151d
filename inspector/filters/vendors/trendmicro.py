"""Trend Micro (ScanMail, IMSVA, Email Security): X-TM-AS-Result, X-TMASE-Result, X-TM-AS-User-*-Sender.

Meanings from Trend Micro's online help "X-Headers added by the Antispam engine" (ScanMail for Exchange / IMSVA):
X-TM-AS-Result is ``Yes|No-<level>--<score>-<threshold>`` (spam or not, the score and the spam threshold), and
X-TM-AS-User-Approved-Sender / -Blocked-Sender say whether a user's list decided.
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, S, V, Value, Vendor

DOC_HELP = (
    "Trend Micro ScanMail / IMSVA online help: Antispam X-headers",
    "https://docs.trendmicro.com/en-us/documentation/article/trend-micro-scanmail-for-microsoft-exchange-141-online-help-x-header",
)

_YESNO = {"yes": Value("Yes.", S.NOTICE), "no": Value("No.", S.INFO)}

TRENDMICRO = Vendor(
    name="Trend Micro",
    documentation=(DOC_HELP,),
    headers={
        "x-tm-as-result": Header(
            "trendmicro-result",
            {
                "spam": Field(
                    "Spam?",
                    "Trend Micro's decision.",
                    values={"yes": Value("Spam.", S.WARNING, V.SPAM), "no": Value("Not spam.", S.INFO, V.CLEAN)},
                ),
                "score": Field("Score", "The antispam engine's score."),
                "threshold": Field("Threshold", "The score at which the engine calls a message spam."),
                "level": Field("Detection level", "The engine's detection level code."),
            },
        ),
        "x-tmase-result": Header(
            "trendmicro-result",
            {
                "score": Field("Score", "The antispam engine's score."),
                "threshold": Field("Threshold", "The score at which the engine calls a message spam."),
                "level": Field("Detection level", "The engine's detection level code."),
            },
        ),
        "x-tm-as-user-approved-sender": Header(
            "single",
            {
                "value": Field(
                    "User-approved sender", "Yes when the sender is on the user's approved list.", values=_YESNO
                )
            },
        ),
        "x-tm-as-user-blocked-sender": Header(
            "single",
            {
                "value": Field(
                    "User-blocked sender", "Yes when the sender is on the user's blocked list.", values=_YESNO
                )
            },
        ),
        "x-tm-as-product-ver": Header(
            "single", {"value": Field("Product version", "The Trend Micro product and engine version.")}
        ),
        "x-tmase-version": Header("single", {"value": Field("Engine version", "The antispam engine version.")}),
    },
    prefixes=("x-tm-as-", "x-tmase-"),
)
