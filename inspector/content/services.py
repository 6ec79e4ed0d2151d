"""Services a link can point at that change how it should be read: shorteners, free hosting and forms, and
the click-tracking domains of e-mail service providers.

No maintained, licence-compatible list of these exists that can ship offline (the lists that exist are
blocklists of individual URLs, not of services), so these are small curated tables. Each entry is a service's
own public domain, named on the service's own site; the abuse of the shortener, hosting, storage and form
services for credential lures is documented in public threat reports (APWG Phishing Activity Trends, the
"living off trusted sites" list lots-project.com, Microsoft and Proofpoint threat-intelligence blogs).
A domain matches itself and every name under it.
"""

from __future__ import annotations

#: URL shorteners: the destination is hidden until someone follows the link.
SHORTENERS = frozenset(
    {
        "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly",
        "rebrand.ly", "cutt.ly", "shorturl.at", "rb.gy", "t.ly", "tiny.cc", "bl.ink", "s.id", "lnkd.in",
        "qrco.de", "short.io", "shorturl.com", "tr.im", "x.co", "soo.gd", "clck.ru", "u.to", "t.me",
        "shorte.st", "adf.ly", "tiny.one", "surl.li", "urlz.fr", "2u.pw", "0rz.tw", "1url.com",
    }
)  # fmt: skip

#: Free hosting, cloud storage and form services: anyone can publish a page under these names.
FREE_HOSTING = frozenset(
    {
        # site builders and static hosting
        "sites.google.com", "web.app", "firebaseapp.com", "netlify.app", "vercel.app", "github.io",
        "pages.dev", "workers.dev", "glitch.me", "herokuapp.com", "onrender.com", "surge.sh", "repl.co",
        "webflow.io", "wixsite.com", "weebly.com", "000webhostapp.com", "godaddysites.com", "square.site",
        "notion.site", "canva.site", "carrd.co", "strikingly.com", "blogspot.com", "wordpress.com",
        "r2.dev", "ipfs.io", "dweb.link", "gateway.pinata.cloud", "fleek.co", "azurewebsites.net",
        "web.core.windows.net", "appspot.com", "translate.goog",
        # cloud storage
        "storage.googleapis.com", "firebasestorage.googleapis.com", "blob.core.windows.net",
        "s3.amazonaws.com", "dropboxusercontent.com", "dropbox.com", "1drv.ms", "onedrive.live.com",
        "drive.google.com", "mediafire.com", "wetransfer.com", "we.tl", "box.com", "sendspace.com",
        "filetransfer.io", "pcloud.link",
        # forms and documents anyone can publish
        "docs.google.com", "forms.gle", "forms.office.com", "forms.microsoft.com", "typeform.com",
        "jotform.com", "formstack.com", "wufoo.com", "surveymonkey.com", "zoho.com", "airtable.com",
    }
)  # fmt: skip

#: E-mail service providers' click-tracking hosts: a newsletter's links all go through one of these, and the
#: destination is on the provider's servers, so it cannot be judged offline — nor is the redirect a lure.
ESP_TRACKING = frozenset(
    {
        "sendgrid.net", "list-manage.com", "mailchimp.com", "mcusercontent.com", "rs6.net", "hubspotlinks.com",
        "hubspotemail.net", "hs-sites.com", "exacttarget.com", "sfmc-content.com", "sparkpostmail.com",
        "mandrillapp.com", "mjt.lu", "sendibt2.com", "sendibt3.com", "sendibm1.com", "brevo.com",
        "createsend.com", "createsend1.com", "cmail19.com", "cmail20.com", "awstrack.me", "klclick.com",
        "klclick1.com", "klclick2.com", "klclick3.com", "ctrk.klclick.com", "substack.com", "mailgun.org",
        "emltrk.com", "returnpath.net", "mkt.com", "mktoedge.com", "marketo.com", "pardot.com", "go.pardot.com",
        "braze.com", "iterable.com", "customer.io", "mailerlite.com", "mlsend.com",
        "convertkit-mail.com", "ck.page", "activehosted.com", "acemlna.com", "lt.acemlna.com",
        "getresponse.com", "gr-cdn.com", "aweber.com", "constantcontact.com", "mailjet.com", "postmarkapp.com",
        "smtp2go.com", "elasticemail.com", "sendinblue.com", "omnisend.com", "drip.com", "campaign-archive.com",
        "mailchi.mp", "bnc.lt", "app.link",
    }
)  # fmt: skip


#: First labels of the hosts senders use for their own click tracking (``click.example.com``, ``links.…``):
#: under the sender's own organisation such a host is a redirect, not the destination.
TRACKING_LABELS = frozenset(
    {
        "click", "clicks", "links", "link", "email", "e", "t", "l", "go", "track", "tracking", "trk", "r",
        "redirect", "mail", "em", "url", "u", "lnk", "ablink", "mkt", "news", "newsletter", "info", "c", "ct",
        "emails", "mailing", "marketing", "engage", "learn", "response", "s", "m",
    }
)  # fmt: skip


def listed(host: str | None, table: frozenset[str]) -> str | None:
    """The entry of `table` that `host` is or is under, or None."""
    if not host:
        return None
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        name = ".".join(labels[i:])
        if name in table:
            return name
    return None
