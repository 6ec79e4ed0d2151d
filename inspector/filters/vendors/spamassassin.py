"""Apache SpamAssassin: X-Spam-Status, X-Spam-Flag, X-Spam-Score, X-Spam-Level, X-Spam-Report.

Meanings from the SpamAssassin configuration manual (``add_header``, ``_YESNO_``, ``_SCORE_``, ``_REQD_``,
``_TESTS_``, ``_REPORT_`` templates) and the rule descriptions of the default rule set (``describe`` lines of
the 72_active / 50_scores rules shipped with SpamAssassin 4.0). Only common rules are described; any other
rule name is shown with its score and "no description in our table".
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Rule, S, V, Value, Vendor

DOC_CONF = (
    "Mail::SpamAssassin::Conf (add_header and its template tags)",
    "https://spamassassin.apache.org/full/4.0.x/doc/Mail_SpamAssassin_Conf.html",
)
DOC_RULES = ("SpamAssassin default rule set (describe lines)", "https://spamassassin.apache.org/old/tests.html")

YESNO = Field(
    "Spam?",
    "SpamAssassin's decision: Yes when the score reached the required score.",
    values={
        "yes": Value("Spam: the score reached the required score.", S.WARNING, V.SPAM),
        "no": Value("Not spam: the score stayed below the required score.", S.INFO, V.CLEAN),
    },
)

STATUS = Header(
    "spamassassin-status",
    {
        "spam": YESNO,
        "score": Field("Score", "The sum of the scores of the rules that matched (higher is more spam-like)."),
        "hits": Field("Score", "The sum of the scores of the rules that matched (older name of score)."),
        "required": Field("Required score", "The score at or above which SpamAssassin calls a message spam."),
        "tests": Field("Rules that matched", "The names of the rules that matched, each decoded below when known."),
        "autolearn": Field(
            "Bayes auto-learning", "Whether the Bayes classifier learned from this message (ham, spam, no)."
        ),
        "autolearn_force": Field("Bayes auto-learning forced", "Whether auto-learning was forced."),
        "version": Field("SpamAssassin version", "The SpamAssassin version that checked the message."),
        "shortcircuit": Field("Short-circuit", "Whether a short-circuit rule ended the checks early."),
    },
)

RULES: dict[str, Rule] = {
    "ALL_TRUSTED": Rule("Passed through trusted hosts only via SMTP."),
    "BAYES_00": Rule("Bayes spam probability is 0 to 1%."),
    "BAYES_05": Rule("Bayes spam probability is 1 to 5%."),
    "BAYES_20": Rule("Bayes spam probability is 5 to 20%."),
    "BAYES_40": Rule("Bayes spam probability is 20 to 40%."),
    "BAYES_50": Rule("Bayes spam probability is 40 to 60%."),
    "BAYES_60": Rule("Bayes spam probability is 60 to 80%."),
    "BAYES_80": Rule("Bayes spam probability is 80 to 95%."),
    "BAYES_95": Rule("Bayes spam probability is 95 to 99%."),
    "BAYES_99": Rule("Bayes spam probability is 99 to 100%.", V.SPAM),
    "BAYES_999": Rule("Bayes spam probability is 99.9 to 100%.", V.SPAM),
    "DKIM_SIGNED": Rule("Message has a DKIM or DK signature, not necessarily valid."),
    "DKIM_VALID": Rule("Message has at least one valid DKIM or DK signature."),
    "DKIM_VALID_AU": Rule("Message has a valid DKIM or DK signature from the author's domain."),
    "DKIM_VALID_EF": Rule("Message has a valid DKIM or DK signature from the envelope-from domain."),
    "DKIM_INVALID": Rule("DKIM or DK signature exists, but is not valid."),
    "DMARC_PASS": Rule("DMARC pass policy."),
    "DMARC_REJECT": Rule("DMARC reject policy.", V.SPOOFING),
    "DMARC_QUAR": Rule("DMARC quarantine policy.", V.SPOOFING),
    "DMARC_NONE": Rule("DMARC none policy."),
    "DMARC_MISSING": Rule("Missing DMARC policy."),
    "SPF_PASS": Rule("SPF: sender matches SPF record."),
    "SPF_HELO_PASS": Rule("SPF: HELO matches SPF record."),
    "SPF_FAIL": Rule("SPF: sender does not match SPF record (fail)."),
    "SPF_SOFTFAIL": Rule("SPF: sender does not match SPF record (softfail)."),
    "SPF_NONE": Rule("SPF: sender does not publish an SPF record."),
    "SPF_HELO_NONE": Rule("SPF: HELO does not publish an SPF record."),
    "SPF_NEUTRAL": Rule("SPF: sender does not match SPF record (neutral)."),
    "HTML_MESSAGE": Rule("HTML included in message."),
    "MIME_HTML_ONLY": Rule("Message only has text/html MIME parts."),
    "HTML_IMAGE_ONLY_08": Rule("HTML: images with 400-800 bytes of words."),
    "MISSING_HEADERS": Rule("Missing To: header."),
    "MISSING_FROM": Rule("Missing From: header."),
    "MISSING_DATE": Rule("Missing Date: header."),
    "MISSING_SUBJECT": Rule("Missing Subject: header."),
    "MISSING_MID": Rule("Missing Message-Id: header."),
    "EMPTY_MESSAGE": Rule("Message appears to have no textual parts and no Subject: text."),
    "NO_RELAYS": Rule("Informational: message was not relayed via SMTP."),
    "NO_RECEIVED": Rule("Informational: message has no Received headers."),
    "RCVD_IN_DNSWL_NONE": Rule("Sender listed at https://www.dnswl.org/, no trust."),
    "RCVD_IN_DNSWL_LOW": Rule("Sender listed at https://www.dnswl.org/, low trust."),
    "RCVD_IN_DNSWL_MED": Rule("Sender listed at https://www.dnswl.org/, medium trust."),
    "RCVD_IN_DNSWL_HI": Rule("Sender listed at https://www.dnswl.org/, high trust."),
    "RCVD_IN_MSPIKE_H2": Rule("Average reputation (+2)."),
    "RCVD_IN_MSPIKE_WL": Rule("Mailspike good senders."),
    "RCVD_IN_ZEN_BLOCKED_OPENDNS": Rule("ADMINISTRATOR NOTICE: the query to zen.spamhaus.org was blocked."),
    "RCVD_IN_SBL": Rule("Received via a relay in Spamhaus SBL.", V.SPAM),
    "RCVD_IN_XBL": Rule("Received via a relay in Spamhaus XBL.", V.SPAM),
    "RCVD_IN_PBL": Rule("Received via a relay in Spamhaus PBL."),
    "RCVD_IN_BL_SPAMCOP_NET": Rule("Received via a relay in bl.spamcop.net.", V.SPAM),
    "URIBL_BLOCKED": Rule("ADMINISTRATOR NOTICE: the query to URIBL was blocked."),
    "URIBL_DBL_SPAM": Rule("Contains a spam URL listed in the Spamhaus DBL blocklist.", V.SPAM),
    "URIBL_DBL_PHISH": Rule("Contains a phishing URL listed in the Spamhaus DBL blocklist.", V.PHISHING),
    "URIBL_DBL_MALWARE": Rule("Contains a malware URL listed in the Spamhaus DBL blocklist.", V.MALWARE),
    "URIBL_ABUSE_SURBL": Rule("Contains an URL listed in the ABUSE SURBL blocklist.", V.SPAM),
    "URIBL_PH_SURBL": Rule("Contains an URL listed in the PH SURBL blocklist (phishing).", V.PHISHING),
    "URIBL_MW_SURBL": Rule("Contains an URL listed in the MW SURBL blocklist (malware).", V.MALWARE),
    "URIBL_BLACK": Rule("Contains an URL listed in the URIBL blacklist.", V.SPAM),
    "PYZOR_CHECK": Rule("Listed in Pyzor."),
    "RAZOR2_CHECK": Rule("Listed in Razor2."),
    "FREEMAIL_FROM": Rule("Sender email is commonly abused enduser mail provider."),
    "FREEMAIL_REPLYTO": Rule("Reply-To/From or Reply-To/body contain different freemails."),
    "FREEMAIL_FORGED_REPLYTO": Rule("Freemail in Reply-To, but not From."),
    "HEADER_FROM_DIFFERENT_DOMAINS": Rule("From and EnvelopeFrom 2nd level mail domains are different."),
    "MAILING_LIST_MULTI": Rule("Multiple indicators imply a widely-seen list manager."),
    "RDNS_NONE": Rule("Delivered to internal network by a host with no rDNS."),
    "RDNS_DYNAMIC": Rule("Delivered to internal network by host with dynamic-looking rDNS."),
    "T_SCC_BODY_TEXT_LINE": Rule("No description available."),
    "TVD_SPACE_RATIO": Rule("Unusual ratio of spaces in the body."),
    "HTML_FONT_LOW_CONTRAST": Rule("HTML font color similar or identical to background."),
    "LOTS_OF_MONEY": Rule("Huge... sums of money."),
    "ADVANCE_FEE_2_NEW_MONEY": Rule("Advance Fee fraud and lots of money.", V.SPAM),
    "PHISH_FORGED_FROM": Rule("Phishing: forged From.", V.PHISHING),
    "FORGED_GMAIL_RCVD": Rule("'From' gmail.com does not match 'Received' headers.", V.SPOOFING),
    "FORGED_OUTLOOK_HTML": Rule("Outlook can't send HTML message only."),
    "SUSPICIOUS_RECIPS": Rule("Similar-looking 'To' recipients."),
    "TO_NO_BRKTS_PCNT": Rule("To: lacks brackets + percentage."),
    "KAM_DMARC_STATUS": Rule("Test rule for DKIM or SPF failure with strict alignment."),
    "KAM_DMARC_REJECT": Rule(
        "DKIM has failed, SPF has failed on the message and the domain has a DMARC reject policy.", V.SPOOFING
    ),
    "KAM_DMARC_QUARANTINE": Rule(
        "DKIM has failed, SPF has failed on the message and the domain has a DMARC quarantine policy.", V.SPOOFING
    ),
    "NICE_REPLY_A": Rule("Looks like a legit reply (A)."),
    "RP_MATCHES_RCVD": Rule("Envelope sender domain matches handover relay domain."),
    "T_KAM_HTML_FONT_INVALID": Rule("Test for invalidly named or formatted font."),
}

MEANING_RULE = "A SpamAssassin rule that matched, with the score it added."

SPAMASSASSIN = Vendor(
    name="SpamAssassin",
    documentation=(DOC_CONF, DOC_RULES),
    headers={
        "x-spam-status": STATUS,
        "x-spam-flag": Header(
            "single",
            {
                "value": Field(
                    "Spam flag",
                    "Added as YES when SpamAssassin calls the message spam.",
                    values={
                        "yes": Value("Spam.", S.WARNING, V.SPAM),
                        "no": Value("Not spam.", S.INFO, V.CLEAN),
                    },
                )
            },
        ),
        "x-spam-score": Header(
            "single",
            {"value": Field("Spam score", "The message's total score (some setups write ten times the score).")},
        ),
        "x-spam-level": Header(
            "single",
            {"value": Field("Spam level", "One star per point of score (a quick visual of X-Spam-Score).")},
        ),
        "x-spam-report": Header("spamassassin-report", {}),
        "x-spam-checker-version": Header(
            "single",
            {"value": Field("Checker version", "The SpamAssassin version and the host that ran it (on HOST).")},
        ),
    },
    prefixes=("x-spam-",),
    rules=RULES,
)
