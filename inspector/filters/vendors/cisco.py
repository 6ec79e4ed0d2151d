"""Cisco Secure Email Gateway (IronPort): X-IronPort-Anti-Spam-Filtered, -Anti-Spam-Result, X-IronPort-AV,
X-Amp-Result.

Meanings from the "User Guide for AsyncOS for Cisco Secure Email Gateway" (anti-spam and anti-virus chapters:
X-IronPort-Anti-Spam-Filtered is added when the message was scanned, X-IronPort-Anti-Spam-Result carries the
scan's rule hits in an encoded form only Cisco reads; X-IronPort-AV names the anti-virus engine and scan).
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, S, V, Value, Vendor

DOC_GUIDE = (
    "User Guide for AsyncOS for Cisco Secure Email Gateway (Anti-Spam, Anti-Virus)",
    "https://www.cisco.com/c/en/us/support/security/email-security-appliance/products-user-guide-list.html",
)

CISCO = Vendor(
    name="Cisco Secure Email",
    documentation=(DOC_GUIDE,),
    headers={
        "x-ironport-anti-spam-filtered": Header(
            "single",
            {"value": Field("Anti-spam scanned", "true when the gateway's anti-spam engine scanned the message.")},
        ),
        "x-ironport-anti-spam-result": Header(
            "single",
            {"value": Field("Anti-spam result (encoded)", "The scan's rule hits, encoded; only Cisco can read them.")},
        ),
        "x-ironport-av": Header(
            "kv-semicolon-equals",
            {
                "E": Field("Anti-virus engine", "The anti-virus engine that scanned the message (Sophos, McAfee …)."),
                "i": Field("Engine and definition versions", "Versions of the engine and its definitions."),
                "d": Field("Scan result", "scan: the message was scanned ('scan'208' and similar codes)."),
                "a": Field("Scan id", "The gateway's id for the scan."),
                "v": Field("Virus name", "The name of the virus found.", values={}),
            },
        ),
        "x-amp-result": Header(
            "single",
            {
                "value": Field(
                    "Malware protection (AMP) result",
                    "What Cisco's Advanced Malware Protection concluded about the attachments.",
                    values={
                        "clean": Value("Clean.", S.INFO, V.CLEAN),
                        "malicious": Value("Malicious attachment.", S.DANGER, V.MALWARE),
                        "skipped": Value("Not scanned.", S.INFO),
                        "unknown": Value("Unknown.", S.INFO),
                    },
                )
            },
        ),
        "x-ironport-outbreak-status": Header(
            "single", {"value": Field("Outbreak filter", "The outbreak filter's threat level for the message.")}
        ),
    },
    prefixes=("x-ironport-", "x-amp-"),
)
