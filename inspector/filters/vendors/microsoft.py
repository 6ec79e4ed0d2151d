"""Microsoft 365 / Exchange Online Protection: X-Forefront-Antispam-Report, X-Microsoft-Antispam, the
X-MS-Exchange-Organization-* stamps, X-Microsoft-Antispam-Mailbox-Delivery and compauth.

Meanings from Microsoft's "Anti-spam message headers in Microsoft 365" (the field tables of
X-Forefront-Antispam-Report and X-Microsoft-Antispam, and the compauth reason codes), "Spam confidence level
(SCL)", "Bulk complaint level (BCL)", and Exchange Server's "Anti-spam stamps" and "Header firewall" (which
says the X-MS-Exchange-Organization-* headers of mail from outside are removed at the organisation's border).
X-Microsoft-Antispam-Mailbox-Delivery is not documented by Microsoft: its meanings are marked as observed
(the same reading as Microsoft's own Message Header Analyzer), never as Microsoft's word.
"""

from __future__ import annotations

from inspector.filters.spec import Field, Header, Range, S, V, Value, Vendor

DOC_HEADERS = (
    "Anti-spam message headers in Microsoft 365",
    "https://learn.microsoft.com/en-us/defender-office-365/message-headers-eop-mdo",
)
DOC_SCL = (
    "Spam confidence level (SCL) in Exchange Online Protection",
    "https://learn.microsoft.com/en-us/defender-office-365/anti-spam-spam-confidence-level-scl-about",
)
DOC_BCL = (
    "Bulk complaint level (BCL) in EOP",
    "https://learn.microsoft.com/en-us/defender-office-365/anti-spam-bulk-complaint-level-bcl-about",
)
DOC_STAMPS = (
    "Exchange Server: Anti-spam stamps",
    "https://learn.microsoft.com/en-us/exchange/antispam-and-antimalware/antispam-protection/antispam-stamps",
)
DOC_FIREWALL = (
    "Exchange Server: Header firewall",
    "https://learn.microsoft.com/en-us/exchange/mail-flow/mail-routing/header-firewall",
)

_UNDOCUMENTED = " (not documented by Microsoft; the reading Microsoft's Message Header Analyzer also uses)"

SCL = Field(
    "Spam confidence level (SCL)",
    "How likely the spam filter thinks the message is spam, from -1 to 9.",
    values={
        "-1": Value(
            "Spam filtering was skipped (an allow list, a mail flow rule or an internal sender).", S.NOTICE, V.BYPASSED
        )
    },
    ranges=(
        Range(0, 1, "Not spam: the spam filter found nothing.", S.INFO, V.CLEAN),
        Range(2, 4, "Low; Microsoft does not use these values for a spam decision.", S.INFO, None),
        Range(5, 6, "Spam: the filter's default action is the Junk folder.", S.WARNING, V.SPAM),
        Range(7, 9, "High-confidence spam.", S.WARNING, V.SPAM),
    ),
    is_scl=True,
)

BCL = Field(
    "Bulk complaint level (BCL)",
    "How much the sender sends bulk mail that draws complaints, from 0 to 9.",
    ranges=(
        Range(0, 0, "Not from a bulk sender.", S.INFO, None),
        Range(1, 3, "From a bulk sender that draws few complaints.", S.INFO, V.BULK),
        Range(4, 7, "From a bulk sender that draws a mixed number of complaints.", S.NOTICE, V.BULK),
        Range(8, 9, "From a bulk sender that draws many complaints.", S.NOTICE, V.BULK),
    ),
)

PCL = Field(
    "Phishing confidence level (PCL)",
    "How likely the content is phishing (an older Exchange stamp).",
    ranges=(
        Range(0, 3, "The content is not likely phishing.", S.INFO, None),
        Range(4, 8, "The content is likely phishing.", S.WARNING, None),
    ),
)

SFV = Field(
    "Spam filtering verdict (SFV)",
    "What the spam filter did with the message.",
    values={
        "BLK": Value(
            "Filtering was skipped and the message blocked: the sender is on a user's Blocked Senders list.",
            S.WARNING,
            V.SPAM,
        ),
        "NSPM": Value("Marked as not spam and delivered to the recipients.", S.INFO, V.CLEAN),
        "SFE": Value(
            "Filtering was skipped and the message allowed: the sender is on a user's Safe Senders list.",
            S.NOTICE,
            V.BYPASSED,
        ),
        "SKA": Value(
            "Filtering was skipped and the message allowed: the sender is on an anti-spam policy's allow list.",
            S.NOTICE,
            V.BYPASSED,
        ),
        "SKB": Value("Marked as spam: the sender is on an anti-spam policy's block list.", S.WARNING, V.SPAM),
        "SKI": Value(
            "Filtering was skipped: the message comes from inside the same organisation (intra-org).",
            S.INFO,
            V.BYPASSED,
        ),
        "SKN": Value(
            "Marked as not spam before spam filtering (for example by a mail flow rule).", S.NOTICE, V.BYPASSED
        ),
        "SKQ": Value("The message was released from quarantine and sent to the recipients.", S.NOTICE, None),
        "SKS": Value("Marked as spam before spam filtering (for example by a mail flow rule).", S.WARNING, V.SPAM),
        "SPM": Value("Marked as spam by spam filtering.", S.WARNING, V.SPAM),
    },
)

CAT = Field(
    "Protection policy category (CAT)",
    "The category of protection policy applied to the message.",
    values={
        "AMP": Value("Anti-malware.", S.DANGER, V.MALWARE),
        "BIMP": Value("Brand impersonation.", S.DANGER, V.IMPERSONATION),
        "BULK": Value("Bulk mail.", S.NOTICE, V.BULK),
        "DIMP": Value("Domain impersonation.", S.DANGER, V.IMPERSONATION),
        "FTBP": Value("Anti-malware common attachments filter (a blocked file type).", S.DANGER, V.MALWARE),
        "GIMP": Value("Mailbox intelligence impersonation.", S.DANGER, V.IMPERSONATION),
        "HPHSH": Value("High-confidence phishing.", S.DANGER, V.PHISHING),
        "HPHISH": Value("High-confidence phishing.", S.DANGER, V.PHISHING),
        "HSPM": Value("High-confidence spam.", S.WARNING, V.SPAM),
        "INTOS": Value("Intra-organisation phishing.", S.DANGER, V.PHISHING),
        "MALW": Value("Malware.", S.DANGER, V.MALWARE),
        "OSPM": Value("Outbound spam.", S.WARNING, V.SPAM),
        "PHSH": Value("Phishing.", S.DANGER, V.PHISHING),
        "SAP": Value("Safe Attachments.", S.NOTICE, None),
        "SPM": Value("Spam.", S.WARNING, V.SPAM),
        "SPOOF": Value("Spoofing: the sender address is not authenticated.", S.DANGER, V.SPOOFING),
        "UIMP": Value("User impersonation.", S.DANGER, V.IMPERSONATION),
        "NONE": Value("No protection category applied.", S.INFO, V.CLEAN),
    },
)

SFTY = Field(
    "Safety tip (SFTY)",
    "Set when the message was identified as phishing and given a safety tip; the value says which kind.",
    values={
        "9.19": Value(
            "Domain impersonation: the sending domain is trying to impersonate a protected domain.",
            S.DANGER,
            V.IMPERSONATION,
        ),
        "9.20": Value(
            "User impersonation: the sending user is trying to impersonate a protected user.", S.DANGER, V.IMPERSONATION
        ),
        "9.25": Value(
            "First contact safety tip: the recipient does not usually receive mail from this sender.", S.NOTICE, None
        ),
        "9.": Value("Identified as phishing (safety tip).", S.DANGER, V.PHISHING),
    },
    prefix_values=True,
)

IPV = Field(
    "IP filtering verdict (IPV)",
    "What connection filtering decided about the sending server's address.",
    values={
        "CAL": Value(
            "Spam filtering was skipped: the address is on the connection filter's IP Allow List.", S.NOTICE, V.BYPASSED
        ),
        "NLI": Value("The address is not on any IP reputation list.", S.INFO, None),
    },
)

DIR = Field(
    "Direction (DIR)",
    "Which way the message was going.",
    values={
        "INB": Value("Inbound: from outside the organisation.", S.INFO),
        "OUT": Value("Outbound: sent from the organisation.", S.INFO),
        "INT": Value("Internal: between mailboxes of the organisation.", S.INFO),
    },
)

_FOREFRONT = Header(
    "kv-colon",
    {
        "ARC": Field("ARC", "The ARC protocol fields: AAR (the authentication results), AMS and AS (signatures, cv=)."),
        "CAT": CAT,
        "CIP": Field("Connecting IP address (CIP)", "The address of the server that connected to Microsoft 365."),
        "CTRY": Field("Country (CTRY)", "The country of the connecting address, as Microsoft's geolocation places it."),
        "DIR": DIR,
        "H": Field("HELO name (H)", "The name the sending server gave in HELO/EHLO."),
        "IPV": IPV,
        "LANG": Field("Language (LANG)", "The language the message is written in, as the filter detected it."),
        "PTR": Field("Reverse DNS (PTR)", "The reverse DNS name of the connecting address (empty when it has none)."),
        "SCL": SCL,
        "SFS": Field(
            "Matched rules (SFS)", "Identifiers of the spam filter rules that matched (Microsoft's internal codes)."
        ),
        "SFTY": SFTY,
        "SFV": SFV,
        "SRV": Field(
            "Bulk service (SRV)",
            "SRV:BULK: identified as bulk mail by spam filtering and the bulk complaint level threshold.",
            values={"BULK": Value("Identified as bulk mail (BCL threshold reached).", S.NOTICE, V.BULK)},
        ),
        "X-CustomSpam": Field(
            "Advanced spam filter option (X-CustomSpam)", "An Advanced Spam Filter option matched (named in the value)."
        ),
    },
)

_ANTISPAM = Header(
    "kv-colon",
    {
        "BCL": BCL,
        "PCL": PCL,
    },
)

_MAILBOX = Header(
    "kv-colon",
    {
        "dest": Field(
            "Delivered to (dest)",
            "The folder the mailbox delivered the message to" + _UNDOCUMENTED + ".",
            values={
                "I": Value("Inbox.", S.INFO, destination="Inbox"),
                "J": Value("Junk Email folder.", S.NOTICE, destination="Junk"),
                "C": Value("A folder chosen by a custom rule.", S.INFO, destination="a custom folder"),
                "D": Value("Deleted Items.", S.INFO, destination="Deleted Items"),
            },
        ),
        "OFR": Field(
            "Override reason (OFR)",
            "Why the delivery folder was chosen" + _UNDOCUMENTED + ".",
            values={
                "SpamFilterAuthJ": Value(
                    "Junk because the spam filter or failed sender authentication said so.", S.NOTICE
                ),
                "TrustedSenderList": Value(
                    "The recipient's safe senders list overrode the filter.", S.NOTICE, V.BYPASSED
                ),
                "CustomRules": Value("A mailbox rule chose the folder.", S.INFO),
                "ExclusiveSettings": Value("The mailbox's 'only trusted senders' setting chose the folder.", S.INFO),
                "SpamFilter": Value("The spam filter chose the folder.", S.NOTICE),
            },
        ),
        "ucf": Field("User custom filter (ucf)", "1 when the user's own junk settings acted" + _UNDOCUMENTED + "."),
        "jmr": Field("Junk mail rule (jmr)", "1 when the mailbox junk mail rule acted" + _UNDOCUMENTED + "."),
        "auth": Field(
            "Sender authenticated (auth)", "1 when the sender was treated as authenticated" + _UNDOCUMENTED + "."
        ),
        "ex": Field("Exclusive (ex)", "1 when 'only trusted senders' is on" + _UNDOCUMENTED + "."),
        "abwl": Field("Allow/block list hit (abwl)", "1 when an allow/block list entry matched" + _UNDOCUMENTED + "."),
        "wl": Field("Allow list (wl)", "1 when a safe senders entry matched" + _UNDOCUMENTED + "."),
        "pcwl": Field(
            "Personal contacts allow list (pcwl)",
            "1 when the sender is in the recipient's contacts" + _UNDOCUMENTED + ".",
        ),
        "kl": Field("Block list (kl)", "1 when a blocked senders entry matched" + _UNDOCUMENTED + "."),
        "dwl": Field("Domain allow list (dwl)", "1 when a safe domain entry matched" + _UNDOCUMENTED + "."),
        "dkl": Field("Domain block list (dkl)", "1 when a blocked domain entry matched" + _UNDOCUMENTED + "."),
        "rwl": Field("Recipient allow list (rwl)", "1 when a safe recipient entry matched" + _UNDOCUMENTED + "."),
        "ENG": Field("Engine codes (ENG)", "Microsoft's internal filter engine codes" + _UNDOCUMENTED + "."),
        "RF": Field("Rule flags (RF)", "Microsoft's internal codes" + _UNDOCUMENTED + "."),
    },
)

_ORG_SCL = Header("single", {"value": SCL}, single="value")
_ORG_PCL = Header("single", {"value": PCL})
_ORG_BCL = Header("single", {"value": BCL})
_AUTH_AS = Header(
    "single",
    {
        "value": Field(
            "Authenticated as (AuthAs)",
            "How Exchange authenticated the submitting server or user.",
            values={
                "Anonymous": Value("From an anonymous (unauthenticated) sender: mail from outside.", S.INFO),
                "Internal": Value("From inside the organisation (authenticated).", S.INFO),
                "Partner": Value("From a partner connection (authenticated, e.g. TLS with a partner).", S.INFO),
            },
        )
    },
)
_AUTH_SOURCE = Header(
    "single",
    {"value": Field("Authentication source (AuthSource)", "The server that decided how the message is authenticated.")},
)
_DIRECTIONALITY = Header(
    "single",
    {
        "value": Field(
            "Message direction",
            "Whether Exchange treated the message as coming from outside or from the organisation.",
            values={
                "Incoming": Value("Incoming: from outside the organisation.", S.INFO),
                "Originating": Value("Originating: sent from inside the organisation.", S.INFO),
            },
        )
    },
)
_OPAQUE = Header(
    "single",
    {"value": Field("Encoded diagnostics", "Encoded data for Microsoft's own diagnostics; not meant to be read.")},
)

_UNTRUSTED = (
    "Microsoft renamed this header '-Untrusted': the sender's own Microsoft 365 tenant wrote it, not your filter"
)

COMPAUTH = Field(
    "Composite authentication (compauth)",
    "Microsoft 365's own judgement whether the From address is authenticated (SPF, DKIM, DMARC, ARC and more).",
    values={
        "pass": Value("Passed: the From address is authenticated.", S.INFO),
        "fail": Value(
            "Failed: Microsoft 365 could not confirm the sender address (the reason code says how).", S.WARNING
        ),
        "softpass": Value("Soft pass: passed implicit authentication.", S.INFO),
        "none": Value("Not checked, or composite authentication was bypassed.", S.INFO),
    },
)
COMPAUTH_REASON = Field(
    "Composite authentication reason",
    "The reason code Microsoft 365 gave for compauth.",
    values={
        "000": Value(
            "Failed explicit authentication: DMARC failed where the domain asks to quarantine or reject.",
            S.DANGER,
            V.SPOOFING,
        ),
        "001": Value(
            "Failed implicit authentication: the domain publishes no authentication records, or only weak ones "
            "(SPF ~all or ?all, DMARC p=none).",
            S.WARNING,
        ),
        "002": Value("The organisation forbids this sender/domain pair to send spoofed mail.", S.DANGER, V.SPOOFING),
        "010": Value(
            "DMARC failed under quarantine or reject and the sending domain is one of your own "
            "(self-to-self spoofing).",
            S.DANGER,
            V.SPOOFING,
        ),
        "011": Value(
            "Failed implicit authentication and the sending domain is one of your own (self-to-self spoofing).",
            S.DANGER,
            V.SPOOFING,
        ),
        "1": Value("Passed (1xx): Microsoft's internal code for why.", S.INFO),
        "2": Value("Soft-passed implicit authentication (2xx).", S.INFO),
        "3": Value("Not checked for composite authentication (3xx).", S.INFO),
        "4": Value("Composite authentication was bypassed (4xx).", S.NOTICE),
        "5": Value("Internal code (5xx): no action was applied.", S.INFO),
        "6": Value("Failed implicit authentication, sending domain is one of your own (6xx).", S.WARNING),
        "7": Value("Passed (7xx): Microsoft's internal code for why.", S.INFO),
        "9": Value("Composite authentication was bypassed (9xx).", S.NOTICE),
    },
    prefix_values=True,
)

MICROSOFT = Vendor(
    name="Microsoft 365",
    documentation=(DOC_HEADERS, DOC_SCL, DOC_BCL, DOC_STAMPS, DOC_FIREWALL),
    headers={
        "x-forefront-antispam-report": _FOREFRONT,
        "x-forefront-antispam-report-untrusted": Header("kv-colon", _FOREFRONT.fields, senders_copy=_UNTRUSTED),
        "x-microsoft-antispam": _ANTISPAM,
        "x-microsoft-antispam-untrusted": Header("kv-colon", _ANTISPAM.fields, senders_copy=_UNTRUSTED),
        "x-microsoft-antispam-mailbox-delivery": _MAILBOX,
        "x-ms-exchange-organization-scl": _ORG_SCL,
        "x-ms-exchange-organization-pcl": _ORG_PCL,
        "x-ms-exchange-organization-bcl": _ORG_BCL,
        "x-ms-exchange-organization-authas": _AUTH_AS,
        "x-ms-exchange-organization-authsource": _AUTH_SOURCE,
        "x-ms-exchange-organization-messagedirectionality": _DIRECTIONALITY,
        "x-microsoft-antispam-message-info": _OPAQUE,
        "x-microsoft-antispam-message-info-original": Header("single", _OPAQUE.fields, senders_copy=_UNTRUSTED),
    },
    prefixes=("x-forefront-antispam", "x-microsoft-antispam"),
    receiver_orgs=("outlook.com", "office365.com", "microsoft.com", "hotmail.com", "outlook.cn", "office365.us"),
    firewall_headers=(
        "x-forefront-antispam-report",
        "x-microsoft-antispam",
        "x-microsoft-antispam-mailbox-delivery",
        "x-microsoft-antispam-message-info",
    ),
    firewall_prefixes=("x-ms-exchange-organization-",),
)
