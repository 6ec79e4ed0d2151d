"""Synthetic mail of one correspondent whose links always lead to the same places, for the link history tests.

Every name is under ``.test`` (RFC 2606: never a real domain) and every address in documentation ranges, so
the messages (and the history stores made from them, such as ``tests/fixtures/history/v1-store.sqlite3``)
hold no third-party data. The shape is a supplier's invoice mail: one Received hop from the supplier's
server to the analyst's (unsigned, so offline checks have nothing to fail on) and an HTML body whose buttons
go to the supplier's payment portal and its own site.
"""

from __future__ import annotations

from collections.abc import Sequence

SUPPLIER = "billing@acme-corp.test"
PORTAL = "https://portal.acme-pay.test/invoice/{n}"
OWN_SITE = "https://www.acme-corp.test/help"
TRACKED = "https://u123.ct.sendgrid.net/ls/click?upn=abc{n}"


def invoice_mail(
    n: int,
    links: Sequence[str] = (PORTAL, OWN_SITE),
    *,
    sender: str = SUPPLIER,
    day: int = 1,
    month: str = "Mar",
    ip: str = "198.51.100.7",
    list_id: bool = False,
    texts: Sequence[str] = (),
) -> bytes:
    """Invoice number `n` from `sender` with `links` (each ``{n}`` filled in) as HTML anchors."""
    domain = sender.rsplit("@", 1)[1]
    anchors = "\n".join(
        f'<p><a href="{url.format(n=n)}">{texts[i] if i < len(texts) else f"Open link {i + 1}"}</a></p>'
        for i, url in enumerate(links)
    )
    extra = f"List-Id: <billing.{domain}>\r\n" if list_id else ""
    text = (
        f"Received: from mail.{domain} (mail.{domain} [{ip}])\r\n"
        f"\tby mx.analyst.test (Postfix) with ESMTPS id A{n:05d}\r\n"
        f"\tfor <ap@analyst.test>; {day:02d} {month} 2026 09:00:{n % 60:02d} +0000\r\n"
        f'From: "Acme Billing" <{sender}>\r\n'
        "To: ap@analyst.test\r\n"
        f"Subject: Invoice {n}\r\n"
        f"Date: {day:02d} {month} 2026 09:00:00 +0000\r\n"
        f"Message-ID: <invoice-{n}-{day}{month}@{domain}>\r\n"
        f"{extra}"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "\r\n"
        f"<html><body><p>Your invoice {n} is ready.</p>\n{anchors}\n</body></html>\r\n"
    )
    return text.encode()
