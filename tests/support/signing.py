"""Signed test messages and a loopback DNS zone that holds their keys.

Messages are signed with dkimpy's own test keys (`../shared/conformance/dkimpy-testdata`, zlib licence, used
by path); the public keys are served by the loopback DNS server (`tests.support.dns_server`), so every check
goes through the live DNS path as it would against a real resolver.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import dkim

from inspector.dns.live import LiveSource
from inspector.ingest.message import Message
from inspector.model.auth import ArcResult, DkimSignatureResult
from tests.conftest import SHARED
from tests.support.dns_server import LoopbackDnsServer
from tests.support.zones import logged

DATA = SHARED / "conformance" / "dkimpy-testdata" / "data"
PRIVATE = (DATA / "2048_testkey.key").read_bytes()
PUBLIC = (DATA / "2048_testkey_wo_markers.pub.txt").read_text(encoding="ascii").strip()
DOMAIN = "example.com"
SELECTOR = "sel"
KEY_NAME = f"{SELECTOR}._domainkey.{DOMAIN}"
#: dkimpy stamps t= with the clock, so "now" is the clock too (a pinned date would read the signature as future).
NOW = datetime.now(UTC)
#: Loopback answers arrive in milliseconds; a dropped query (TIMEOUT) costs this long.
LIFETIME = 1.0

MESSAGE = (
    b"Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.receiver.test;"
    b" Tue, 1 Dec 2026 11:59:00 +0000\r\n"
    b"From: Alice <alice@example.com>\r\n"
    b"To: Bob <bob@receiver.test>\r\n"
    b"Subject: Quarterly figures\r\n"
    b"Date: Tue, 1 Dec 2026 11:58:00 +0000\r\n"
    b"Message-ID: <q4@example.com>\r\n"
    b"\r\n"
    b"Hello Bob,\r\n"
    b"the figures are attached.\r\n"
)
SIGNED_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id")


def sign(
    message: bytes = MESSAGE,
    *,
    canonicalize: tuple[bytes, bytes] = (b"relaxed", b"relaxed"),
    algorithm: bytes = b"rsa-sha256",
    headers: Sequence[bytes] = SIGNED_HEADERS,
    private: bytes = PRIVATE,
    domain: str = DOMAIN,
    selector: str = SELECTOR,
) -> bytes:
    """`message` with a DKIM-Signature prepended (dkimpy signs; its parser needs ordinary field names)."""
    sig = dkim.sign(
        message,
        selector.encode(),
        domain.encode(),
        private,
        canonicalize=canonicalize,
        signature_algorithm=algorithm,
        include_headers=list(headers),
    )
    return bytes(sig) + message


def arc_seal(
    message: bytes,
    *,
    domain: str = DOMAIN,
    selector: str = SELECTOR,
    srv_id: str = "mx.example.com",
    algorithm: bytes = b"rsa-sha256",
) -> bytes:
    """`message` with one ARC set prepended; an Authentication-Results of `srv_id` is added first (dkimpy needs it)."""
    ar = f"Authentication-Results: {srv_id}; spf=pass smtp.mailfrom=alice@example.com\r\n".encode()
    msg = ar + message
    signer = dkim.ARC(msg, signature_algorithm=algorithm)
    arc = signer.sign(selector.encode(), domain.encode(), PRIVATE, srv_id.encode(), include_headers=None)
    return b"".join(bytes(h) for h in arc) + msg


def key_entries(record: str = PUBLIC, name: str = KEY_NAME) -> list[dict[str, Any]]:
    """The zone entry that publishes `record` at `name`, in character-strings of at most 255 bytes."""
    return [{"name": name, "type": "TXT", "rdata": [[record[i : i + 255] for i in range(0, len(record), 255)]]}]


@contextmanager
def loopback(entries: list[dict[str, Any]]) -> Iterator[LiveSource]:
    """A live DNS source asking a loopback server that serves `entries`."""
    with LoopbackDnsServer(entries) as server:
        yield LiveSource(server.address, lifetime=LIFETIME)


def check_dkim_live(message: Message, entries: list[dict[str, Any]]) -> tuple[DkimSignatureResult, ...]:
    """All DKIM results for `message`, its keys asked from a loopback server serving `entries`."""
    from inspector.auth.dkim import check_dkim

    with loopback(entries) as source, logged(source) as log:
        return check_dkim(message, log=log, now=NOW, delivery_time=None)


def check_arc_live(message: Message, entries: list[dict[str, Any]]) -> ArcResult:
    """The ARC result for `message`, keys from a loopback server serving `entries`."""
    from inspector.auth.arc import check_arc

    with loopback(entries) as source, logged(source) as log:
        return check_arc(message, log=log)


def der_rsa_public_key(modulus: int, exponent: int) -> str:
    """A PKCS#1 RSAPublicKey (DER, base64) with any modulus and exponent, for crafted key records."""

    def length(n: int) -> bytes:
        if n < 0x80:
            return bytes([n])
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        return bytes([0x80 | len(raw)]) + raw

    def integer(v: int) -> bytes:
        raw = v.to_bytes(v.bit_length() // 8 + 1, "big")
        return b"\x02" + length(len(raw)) + raw

    body = integer(modulus) + integer(exponent)
    return base64.b64encode(b"\x30" + length(len(body)) + body).decode("ascii")
