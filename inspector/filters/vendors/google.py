"""Google Workspace routing: X-Gm-Spam and X-Gm-Phishy.

Meaning from Google Workspace Admin Help "Set up routing for your domain or organization": with the option
"Add X-Gm-Spam and X-Gm-Phishy headers", Gmail writes 1 when it classified the message as spam / phishing and
0 otherwise, for downstream servers to act on.
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, S, V, Value, Vendor

DOC_ROUTING = (
    "Google Workspace Admin Help: Set up routing for your domain or organization",
    "https://support.google.com/a/answer/6297084",
)

GOOGLE = Vendor(
    name="Google Workspace",
    documentation=(DOC_ROUTING,),
    headers={
        "x-gm-spam": Header(
            "single",
            {
                "value": Field(
                    "Gmail spam classification",
                    "1 when Gmail classified the message as spam, 0 when not.",
                    values={
                        "1": Value("Gmail classified it as spam.", S.WARNING, V.SPAM),
                        "0": Value("Not spam.", S.INFO, V.CLEAN),
                    },
                )
            },
        ),
        "x-gm-phishy": Header(
            "single",
            {
                "value": Field(
                    "Gmail phishing classification",
                    "1 when Gmail classified the message as phishing, 0 when not.",
                    values={
                        "1": Value("Gmail classified it as phishing.", S.DANGER, V.PHISHING),
                        "0": Value("Not phishing.", S.INFO, V.CLEAN),
                    },
                )
            },
        ),
    },
)
