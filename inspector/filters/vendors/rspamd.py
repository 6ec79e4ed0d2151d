"""rspamd: X-Spamd-Result, X-Rspamd-Action, X-Spam-Action, X-Spamd-Bar, X-Rspamd-Server, X-Rspamd-Queue-Id.

Meanings from the rspamd documentation: "Milter headers module" (the headers and their contents) and
"Actions and scores" (no action, greylist, add header, rewrite subject, soft reject, reject), and the symbol
descriptions of the default modules (SPF, DKIM, DMARC, Bayes, RBL). X-Rspamd-Queue-Id is the queue id of the
MTA that asked rspamd, which is how a copy is tied to the receiving hop (see `inspector.filters.trust`).
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Rule, S, V, Value, Vendor

DOC_MILTER = ("rspamd: Milter headers module", "https://rspamd.com/doc/modules/milter_headers.html")
DOC_ACTIONS = ("rspamd: Actions and scores", "https://rspamd.com/doc/faq.html#what-are-rspamd-actions")

ACTION = Field(
    "Action",
    "What rspamd told the mail server to do with the message.",
    values={
        "no action": Value("Deliver normally: not spam.", S.INFO, V.CLEAN),
        "greylist": Value("Greylist: delay the message and accept it when the sender retries.", S.NOTICE, None),
        "add header": Value(
            "Deliver with a spam header (usually to the Junk folder): probable spam.", S.WARNING, V.SPAM
        ),
        "rewrite subject": Value("Deliver with a spam mark in the subject: probable spam.", S.WARNING, V.SPAM),
        "soft reject": Value("Temporarily refuse the message.", S.WARNING, None),
        "reject": Value("Refuse the message: spam.", S.WARNING, V.SPAM),
    },
)

RESULT = Header(
    "rspamd-result",
    {
        "spam": Field(
            "Spam?",
            "rspamd's decision for the default metric: True when the action is reject or add header.",
            values={
                "true": Value("Spam.", S.WARNING, V.SPAM),
                "false": Value("Not spam.", S.INFO, V.CLEAN),
            },
        ),
        "score": Field("Score", "The sum of the scores of the symbols that matched."),
        "required": Field("Required score", "The score at which rspamd rejects the message."),
    },
)

RULES: dict[str, Rule] = {
    "R_SPF_ALLOW": Rule("SPF verification allows sending."),
    "R_SPF_FAIL": Rule("SPF verification failed."),
    "R_SPF_SOFTFAIL": Rule("SPF verification soft-failed."),
    "R_SPF_NA": Rule("Missing SPF record."),
    "R_SPF_NEUTRAL": Rule("SPF policy is neutral."),
    "R_DKIM_ALLOW": Rule("DKIM verification succeeded."),
    "R_DKIM_REJECT": Rule("DKIM verification failed."),
    "R_DKIM_NA": Rule("Missing DKIM signature."),
    "R_DKIM_TEMPFAIL": Rule("DKIM verification soft-failed (temporary error)."),
    "DMARC_POLICY_ALLOW": Rule("DMARC permit policy."),
    "DMARC_POLICY_REJECT": Rule("DMARC reject policy: the message fails it.", V.SPOOFING),
    "DMARC_POLICY_QUARANTINE": Rule("DMARC quarantine policy: the message fails it.", V.SPOOFING),
    "DMARC_POLICY_SOFTFAIL": Rule("DMARC failed under p=none."),
    "DMARC_NA": Rule("No DMARC record."),
    "ARC_ALLOW": Rule("ARC checks success."),
    "ARC_NA": Rule("ARC signature absent."),
    "ARC_REJECT": Rule("ARC checks failed."),
    "BAYES_HAM": Rule("Message probably ham (Bayes)."),
    "BAYES_SPAM": Rule("Message probably spam (Bayes).", V.SPAM),
    "MAILLIST": Rule("Message seems to be from a mailing list."),
    "MIME_GOOD": Rule("Known content-type."),
    "RCVD_TLS_ALL": Rule("All hops used encrypted transports."),
    "RCVD_TLS_LAST": Rule("The last hop used an encrypted transport."),
    "RCVD_NO_TLS_LAST": Rule("The last hop did not use an encrypted transport."),
    "FORGED_SENDER": Rule("Sender is forged (different From: header and smtp MAIL FROM: addresses)."),
    "FORGED_RECIPIENTS": Rule("Recipients are not matching the To: and Cc: headers."),
    "FROM_HAS_DN": Rule("From header has a display name."),
    "PHISHING": Rule("Phished URL (the text of a link shows another host than its target).", V.PHISHING),
    "PHISHED_OPENPHISH": Rule("Phished URL listed by OpenPhish.", V.PHISHING),
    "PHISHED_PHISHTANK": Rule("Phished URL listed by PhishTank.", V.PHISHING),
    "DBL_PHISH": Rule("Phishing domain listed in the Spamhaus DBL.", V.PHISHING),
    "DBL_SPAM": Rule("Spam domain listed in the Spamhaus DBL.", V.SPAM),
    "DBL_MALWARE": Rule("Malware domain listed in the Spamhaus DBL.", V.MALWARE),
    "RBL_SPAMHAUS_SBL": Rule("From address listed in the Spamhaus SBL.", V.SPAM),
    "RBL_SPAMHAUS_XBL": Rule("From address listed in the Spamhaus XBL.", V.SPAM),
    "RCVD_IN_DNSWL_NONE": Rule("Sender listed at dnswl.org, no trust."),
    "RCVD_IN_DNSWL_LOW": Rule("Sender listed at dnswl.org, low trust."),
    "RCVD_IN_DNSWL_MED": Rule("Sender listed at dnswl.org, medium trust."),
    "RCVD_IN_DNSWL_HI": Rule("Sender listed at dnswl.org, high trust."),
    "RWL_MAILSPIKE_GOOD": Rule("From address is listed in the Mailspike good reputation list."),
    "ASN": Rule("The autonomous system number of the sender's address."),
    "NEURAL_HAM": Rule("The neural network says ham."),
    "NEURAL_SPAM": Rule("The neural network says spam.", V.SPAM),
    "MID_RHS_MATCH_FROM": Rule("Message-ID's right-hand side matches the From domain."),
    "TO_DN_SOME": Rule("Some of the recipients have display names."),
    "TO_MATCH_ENVRCPT_ALL": Rule("All of the recipients match the envelope."),
    "RCPT_COUNT_ONE": Rule("One recipient."),
    "HAS_LIST_UNSUB": Rule("Has a List-Unsubscribe header."),
    "FREEMAIL_FROM": Rule("From is a free mail provider."),
    "FREEMAIL_REPLYTO": Rule("Reply-To is a free mail provider."),
    "FORGED_SENDER_MAILLIST": Rule("The sender differs because a mailing list resent the message."),
}

RSPAMD = Vendor(
    name="rspamd",
    documentation=(DOC_MILTER, DOC_ACTIONS),
    headers={
        "x-spamd-result": RESULT,
        "x-rspamd-action": Header("single", {"value": ACTION}),
        "x-spam-action": Header("single", {"value": ACTION}),
        "x-spamd-bar": Header(
            "single", {"value": Field("Score bar", "One + (or -) per point of score; / for a score near zero.")}
        ),
        "x-rspamd-server": Header(
            "single", {"value": Field("Scanning server", "The rspamd host that checked the message.")}
        ),
        "x-rspamd-queue-id": Header(
            "single",
            {"value": Field("Queue id", "The mail server's queue id for the message, as rspamd was given it.")},
        ),
        "x-rspamd-score": Header("single", {"value": Field("Score", "The total score.")}),
        "x-spam-report": Header("rspamd-report", {"action": ACTION}, when=r"\bSymbol:\s*[A-Z]"),
    },
    prefixes=("x-rspamd-", "x-spamd-"),
    queue_id_header="x-rspamd-queue-id",
    rules=RULES,
)
