"""Barracuda Email Security Gateway / Spam Firewall: X-Barracuda-Spam-Score, -Spam-Status, -Spam-Flag.

Meanings from Barracuda Campus "Understanding Barracuda X-headers" / "Spam scoring" (TAG_LEVEL, QUARANTINE_LEVEL
and KILL_LEVEL are the scores at which the gateway tags, quarantines and blocks), the format shown by
university IT pages that document their Barracuda headers (e.g. UMIACS "BarracudaSpamFirewall/Scoring").
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, S, V, Value, Vendor

DOC_CAMPUS = (
    "Barracuda Campus: Email Security Gateway spam scoring and X-headers",
    "https://campus.barracuda.com/product/emailsecuritygateway/",
)
DOC_UMIACS = (
    "UMIACS: BarracudaSpamFirewall/Scoring",
    "https://wiki.umiacs.umd.edu/umiacs/index.php/BarracudaSpamFirewall/Scoring",
)

STATUS = Header(
    "barracuda-status",
    {
        "spam": Field(
            "Spam?",
            "Barracuda's decision: Yes when the score reached the tag level.",
            values={"yes": Value("Spam (tagged).", S.WARNING, V.SPAM), "no": Value("Not spam.", S.INFO, V.CLEAN)},
        ),
        "SCORE": Field("Score", "The message's spam score."),
        "TAG_LEVEL": Field("Tag level", "The score at which the gateway tags the message as spam."),
        "QUARANTINE_LEVEL": Field("Quarantine level", "The score at which the gateway quarantines the message."),
        "KILL_LEVEL": Field("Block level", "The score at which the gateway blocks the message."),
        "tests": Field("Rules that matched", "The names of the rules that matched."),
    },
)

BARRACUDA = Vendor(
    name="Barracuda",
    documentation=(DOC_CAMPUS, DOC_UMIACS),
    headers={
        "x-barracuda-spam-score": Header("single", {"value": Field("Spam score", "The message's total spam score.")}),
        "x-barracuda-spam-status": STATUS,
        "x-barracuda-spam-flag": Header(
            "single",
            {
                "value": Field(
                    "Spam flag",
                    "YES when the score reached the tag level.",
                    values={"yes": Value("Spam.", S.WARNING, V.SPAM), "no": Value("Not spam.", S.INFO, V.CLEAN)},
                )
            },
        ),
        "x-barracuda-bayes": Header(
            "single", {"value": Field("Bayes", "The Bayesian classifier's verdict and score.")}
        ),
        "x-barracuda-connect": Header(
            "single", {"value": Field("Connecting host", "The host that connected to the gateway.")}
        ),
    },
    prefixes=("x-barracuda-",),
)
