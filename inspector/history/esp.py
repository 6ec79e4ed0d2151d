"""E-mail service providers recognised by the organisations of the names a message was sent through.

The history words "always through Microsoft 365" rather than "always from outlook.com hosts": an analyst
knows the provider's name. Each entry is an organisational domain the provider's own documentation names
for its sending hosts, signatures or bounce addresses. A name that is not listed is simply not a recognised
provider: the history then compares the hosts' organisations themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Organisational domain → the provider's name.
PROVIDERS: dict[str, str] = {
    "outlook.com": "Microsoft 365 / Outlook",
    "office365.us": "Microsoft 365 / Outlook",
    "hotmail.com": "Microsoft 365 / Outlook",
    "google.com": "Google (Gmail / Workspace)",
    "googlemail.com": "Google (Gmail / Workspace)",
    "gmail.com": "Google (Gmail / Workspace)",
    "amazonses.com": "Amazon SES",
    "sendgrid.net": "SendGrid",
    "sendgrid.com": "SendGrid",
    "mcsv.net": "Mailchimp",
    "rsgsv.net": "Mailchimp",
    "mcdlv.net": "Mailchimp",
    "mailchimpapp.net": "Mailchimp",
    "mandrillapp.com": "Mailchimp Transactional (Mandrill)",
    "mailgun.net": "Mailgun",
    "mailgun.org": "Mailgun",
    "mtasv.net": "Postmark",
    "postmarkapp.com": "Postmark",
    "sparkpostmail.com": "SparkPost",
    "exacttarget.com": "Salesforce Marketing Cloud",
    "hubspotemail.net": "HubSpot",
    "zoho.com": "Zoho Mail",
    "zohomail.com": "Zoho Mail",
    "zoho.eu": "Zoho Mail",
    "pphosted.com": "Proofpoint",
    "ppe-hosted.com": "Proofpoint",
    "mimecast.com": "Mimecast",
    "yahoo.com": "Yahoo Mail",
    "yahoodns.net": "Yahoo Mail",
    "messagingengine.com": "Fastmail",
    "sendinblue.com": "Brevo (Sendinblue)",
    "brevo.com": "Brevo (Sendinblue)",
    "mailjet.com": "Mailjet",
    "icloud.com": "Apple iCloud Mail",
    "me.com": "Apple iCloud Mail",
    "protonmail.ch": "Proton Mail",
    "proton.me": "Proton Mail",
    "salesforce.com": "Salesforce",
    "mailersend.net": "MailerSend",
    "smtp2go.com": "SMTP2GO",
    "elasticemail.com": "Elastic Email",
    "constantcontact.com": "Constant Contact",
    "ccsend.com": "Constant Contact",
    "github.com": "GitHub",
}


def provider_of(orgs: Iterable[str | None]) -> str | None:
    """The first recognised provider among `orgs` (organisational domains, most telling first), or None."""
    for org in orgs:
        if org and org.lower() in PROVIDERS:
            return PROVIDERS[org.lower()]
    return None
