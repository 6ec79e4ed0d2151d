"""Proofpoint Email Protection: X-Proofpoint-Spam-Details, X-Proofpoint-Virus-Version, X-Proofpoint-Spam-Reason.

Proofpoint documents these headers in its administration guides behind its support portal (not public); the
meanings below are the field names as Proofpoint writes them, read plainly ("phishscore" is the phishing
classifier's score, 0-100), and say so. Proofpoint's default classifier threshold of 50 ("a score of 50 or
more is treated as a match") is from the Proofpoint Protection Server administration guide.
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Range, S, V, Value, Vendor

DOC_GUIDE = (
    "Proofpoint Protection Server / Email Protection administration guide (Proofpoint support portal, not public)",
    "https://help.proofpoint.com/",
)
_AS_WRITTEN = " (Proofpoint's field name, read plainly; Proofpoint's guide is not public)"


def _score(label: str, what: str, verdict: V | None) -> Field:
    return Field(
        label,
        f"{what}, 0-100{_AS_WRITTEN}.",
        ranges=(
            Range(0, 49, "Below Proofpoint's default threshold (50).", S.INFO, None),
            Range(
                50, 100, "At or above Proofpoint's default threshold (50).", S.WARNING if verdict else S.NOTICE, verdict
            ),
        ),
    )


DETAILS = Header(
    "kv-equals",
    {
        "rule": Field(
            "Matched rule",
            "The Proofpoint rule that decided the message's disposition" + _AS_WRITTEN + ".",
            values={
                "notspam": Value("Not spam.", S.INFO, V.CLEAN),
                "spam": Value("Spam.", S.WARNING, V.SPAM),
                "bulk": Value("Bulk mail.", S.NOTICE, V.BULK),
                "phish": Value("Phishing.", S.DANGER, V.PHISHING),
                "malware": Value("Malware.", S.DANGER, V.MALWARE),
                "outbound_notspam": Value("Outbound mail, not spam (the sender's own Proofpoint).", S.INFO, V.CLEAN),
                "fb_default_notspam": Value(
                    "Not spam (default rule of a Proofpoint-filtered provider).", S.INFO, V.CLEAN
                ),
            },
        ),
        "policy": Field("Policy", "The Proofpoint policy route that applied" + _AS_WRITTEN + "."),
        "score": _score("Spam score", "The spam classifier's overall score", V.SPAM),
        "spamscore": _score("Spam score", "The spam classifier's score", V.SPAM),
        "phishscore": _score("Phishing score", "The phishing classifier's score", V.PHISHING),
        "malwarescore": _score("Malware score", "The malware classifier's score", V.MALWARE),
        "bulkscore": _score("Bulk score", "The bulk mail classifier's score", V.BULK),
        "impostorscore": _score(
            "Impostor score", "The impostor (business e-mail compromise) classifier's score", V.IMPERSONATION
        ),
        "suspectscore": _score("Suspect score", "The suspect classifier's score", None),
        "adultscore": _score("Adult score", "The adult content classifier's score", None),
        "lowpriorityscore": _score("Low-priority score", "The low-priority mail classifier's score", None),
        "priorityscore": Field("Priority score", "Proofpoint's internal priority" + _AS_WRITTEN + "."),
        "clxscore": Field("CLX score", "Proofpoint's internal classifier score" + _AS_WRITTEN + "."),
        "mlxscore": Field("MLX score", "Proofpoint's machine-learning classifier score" + _AS_WRITTEN + "."),
        "mlxlogscore": Field(
            "MLX log score", "Proofpoint's machine-learning classifier score (log)" + _AS_WRITTEN + "."
        ),
        "classifier": Field("Classifier", "The classifier that decided" + _AS_WRITTEN + "."),
        "adjust": Field("Adjustment", "A score adjustment applied by the policy" + _AS_WRITTEN + "."),
        "reason": Field("Reason", "Which part of the classifier decided" + _AS_WRITTEN + "."),
        "scancount": Field("Scan count", "How many times the message was scanned" + _AS_WRITTEN + "."),
        "engine": Field("Engine version", "The version of the filter engine."),
        "definitions": Field("Definitions", "The version of the filter definitions."),
    },
)

PROOFPOINT = Vendor(
    name="Proofpoint",
    documentation=(DOC_GUIDE,),
    headers={
        "x-proofpoint-spam-details": DETAILS,
        "x-proofpoint-virus-version": Header(
            "kv-equals",
            {
                "vendor": Field("Anti-virus vendor", "The anti-virus engine Proofpoint used (fsecure, baseguard …)."),
                "engine": Field("Engine versions", "Versions of the scanning engines."),
                "definitions": Field("Definitions", "Dates of the virus definitions used."),
                "signatures": Field("Signatures", "Version of the virus signatures."),
            },
        ),
        "x-proofpoint-spam-reason": Header(
            "single",
            {
                "value": Field(
                    "Spam reason",
                    "Proofpoint's short disposition" + _AS_WRITTEN + ".",
                    values={"safe": Value("Safe.", S.INFO, V.CLEAN), "spam": Value("Spam.", S.WARNING, V.SPAM)},
                )
            },
        ),
    },
    prefixes=("x-proofpoint-",),
)
