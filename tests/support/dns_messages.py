"""Messages and zones for the DNS budget tests and benchmark: many DKIM signatures by example.test.

Each signature is well formed and its body hash is right, so the only thing a verifier still needs is the key
(``selNN._domainkey.example.test``): what happens then depends on how the loopback server treats that name.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

CLIENT_IP = "192.0.2.10"
BODY = b"hello\r\n"


def key_name(i: int, prefix: str = "sel") -> str:
    return f"{prefix}{i}._domainkey.example.test."


def signed_message(n: int, prefix: str = "sel") -> bytes:
    """A message from alice@example.test with `n` DKIM signatures, selectors ``{prefix}0`` … ``{prefix}{n-1}``."""
    bh = base64.b64encode(hashlib.sha256(BODY).digest())
    sigs = b"".join(
        b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=%s%d;\r\n"
        b" h=from:to:subject:date; bh=%s;\r\n"
        b" b=dGVzdA==\r\n" % (prefix.encode(), i, bh)
        for i in range(n)
    )
    return (
        sigs + b"Received: from mx.example.test (mx.example.test [" + CLIENT_IP.encode() + b"])\r\n"
        b" by mx.receiver.test with ESMTPS id abc; Sun, 6 Dec 2026 07:00:00 +0000\r\n"
        b"Return-Path: <bounce@example.test>\r\n"
        b"From: Alice <alice@example.test>\r\nTo: bob@receiver.test\r\nSubject: budget\r\n"
        b"Date: Sun, 6 Dec 2026 06:59:00 +0000\r\nMessage-ID: <budget@example.test>\r\n\r\n" + BODY
    )


def base_zone() -> list[dict[str, Any]]:
    """SPF (passes for CLIENT_IP) and DMARC (p=reject) of example.test, answered at once."""
    return [
        {"name": "example.test.", "type": "TXT", "rdata": [["v=spf1 ip4:" + CLIENT_IP + " -all"]]},
        {"name": "_dmarc.example.test.", "type": "TXT", "rdata": [["v=DMARC1; p=reject"]]},
    ]


def key_entries(n: int, *, prefix: str = "sel", **entry: Any) -> list[dict[str, Any]]:
    """One TXT entry per key name; `entry` gives its status/delay/rdata (default: a revoked key "p=")."""
    base: dict[str, Any] = {"type": "TXT", "rdata": [["v=DKIM1; p="]]}
    base.update(entry)
    return [{**base, "name": key_name(i, prefix)} for i in range(n)]
