"""Regenerate the bundled sample messages and their DNS snapshots (developer tool, not shipped code).

The samples are fictional: keys are generated here and published only in the bundled snapshots, IPs are
from the documentation ranges (RFC 5737). Run: ``.venv/bin/python tools/make_samples.py``.
"""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import dkim

OUT = Path(__file__).resolve().parent.parent / "resources" / "samples"
CAPTURED = "2026-11-27T09:15:00Z"
#: 2026-11-27 09:14:04 UTC, one second after the sample's Date.
SIGNED_AT = 1795770844


def keypair() -> tuple[bytes, str]:
    """A fresh RSA-2048 key (openssl): the private PEM and the base64 public key for p=."""
    pem = subprocess.run(["openssl", "genrsa", "2048"], check=True, capture_output=True).stdout
    der = subprocess.run(
        ["openssl", "rsa", "-pubout", "-outform", "DER"], input=pem, check=True, capture_output=True
    ).stdout
    return pem, base64.b64encode(der).decode()


def split255(s: str) -> list[str]:
    return [s[i : i + 255] for i in range(0, len(s), 255)]


def build(
    name: str,
    head_above: list[str],
    signed_head: list[str],
    body: str,
    domain: str,
    selector: str,
    records: list[dict[str, object]],
) -> None:
    pem, pub = keypair()
    # dkimpy stamps t= from the clock; pin it (this is a one-off developer tool) to the sample's signing time.
    real_time = dkim.time.time
    dkim.time.time = lambda: SIGNED_AT  # type: ignore[assignment]
    core = ("\r\n".join(signed_head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode()
    sig = dkim.sign(
        core,
        selector.encode(),
        domain.encode(),
        pem,
        include_headers=[
            b"from",
            b"to",
            b"subject",
            b"date",
            b"message-id",
            b"reply-to",
            b"mime-version",
            b"content-type",
        ],
        linesep=b"\r\n",
    )
    dkim.time.time = real_time  # type: ignore[assignment]
    full = ("\r\n".join(head_above) + "\r\n").encode() + sig + core
    (OUT / f"{name}.eml").write_bytes(full)
    recs = [
        {
            "name": f"{selector}._domainkey.{domain}.",
            "type": "TXT",
            "status": "NOERROR",
            "ttl": 3600,
            "ad": False,
            "captured_at": CAPTURED,
            "rdata": [split255(f"v=DKIM1; k=rsa; p={pub}")],
        }
    ]
    for r in records:
        recs.append({"ttl": 3600, "ad": False, "captured_at": CAPTURED, "status": "NOERROR", **r})
    doc = {
        "format": "dns-snapshot/1",
        "created_at": CAPTURED,
        "capture": {
            "mode": "sample",
            "resolver": "fictional zone data for the bundled sample",
            "tool": "tools/make_samples.py",
        },
        "records": recs,
    }
    (OUT / f"{name}.dns.json").write_text(json.dumps(doc, indent=1) + "\n")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    body = (
        "Dear customer,\n\nWe noticed unusual activity on your account. Your access has been limited until you\n"
        "confirm your details within 24 hours:\n\n    https://paypa1.com/secure/account/verify?id=88213\n\n"
        "If you do not confirm, your account will be permanently suspended.\n\nPayPal Security Team\n"
    )
    build(
        "paypal-lookalike",
        head_above=[
            "Return-Path: <bounce-7731@paypa1.com>",
            "Delivered-To: alex.morgan@corp.example.com",
            "Received: from mx1.corp.example.com (mx1.corp.example.com [10.20.0.5])",
            "\tby mailstore2.corp.example.com (Postfix) with LMTP id 4Ck2Lq0xZbz9sFt",
            "\tfor <alex.morgan@corp.example.com>; Fri, 27 Nov 2026 09:14:09 +0000 (UTC)",
            "Authentication-Results: mx1.corp.example.com;",
            "\tspf=pass (sender IP is 203.0.113.45) smtp.mailfrom=paypa1.com;",
            "\tdkim=pass header.d=paypa1.com header.s=mail2026;",
            "\tdmarc=pass (p=reject) header.from=paypa1.com",
            "Received: from mail.paypa1.com (mail.paypa1.com [203.0.113.45])",
            "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))",
            "\t(No client certificate requested)",
            "\tby mx1.corp.example.com (Postfix) with ESMTPS id 4Ck2Lp6Wq1z9sFs",
            "\tfor <alex.morgan@corp.example.com>; Fri, 27 Nov 2026 09:14:08 +0000 (UTC)",
            "Received: from localhost (localhost [127.0.0.1])",
            "\tby mail.paypa1.com (Postfix) with ESMTPSA id 9A1B2C3D4E",
            "\tfor <alex.morgan@corp.example.com>; Fri, 27 Nov 2026 09:14:05 +0000 (UTC)",
        ],
        signed_head=[
            'From: "PayPal" <service@paypa1.com>',
            "Reply-To: paypal.billing.help@gmail.com",
            "To: alex.morgan@corp.example.com",
            "Subject: Your account has been limited - action required",
            "Date: Fri, 27 Nov 2026 09:14:03 +0000",
            "Message-ID: <20261127091403.88213@paypa1.com>",
            "MIME-Version: 1.0",
            'Content-Type: text/plain; charset="utf-8"',
        ],
        body=body,
        domain="paypa1.com",
        selector="mail2026",
        records=[
            {"name": "paypa1.com.", "type": "TXT", "rdata": [["v=spf1 ip4:203.0.113.0/24 -all"]]},
            {"name": "_dmarc.paypa1.com.", "type": "TXT", "rdata": [["v=DMARC1; p=reject; adkim=r; aspf=r"]]},
            # The rest of the RFC 9989 DNS tree walk (what dns-capture records): .com publishes no DMARC record.
            {"name": "_dmarc.com.", "type": "TXT", "status": "NXDOMAIN"},
        ],
    )


if __name__ == "__main__":
    main()
