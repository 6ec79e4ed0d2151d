"""Generated relay mutations for the differential test against mailauth (a seeded, deterministic generator).

Each case is a message signed by dkimpy (RSA-2048, ed25519 or rsa-sha1; the four c= combinations; sometimes
l=, an over-signed Subject, a second signature by another domain, a selector whose key lookup fails), often
ARC-sealed by a first relay, then changed the way later relays change mail: re-folding, white space, header
reorder, added headers (trace fields, an obs-syntax field, a second Subject), footers, a new
Content-Transfer-Encoding, LF line ends, trailing blank lines, blank or missing bodies, kernel.org's
``ARC-Message-Signature:i=1;``. The same DNS zone (`zone`) is served to both verifiers from one loopback server.
"""

from __future__ import annotations

import base64
import quopri
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dkim

from tests.support.signing import DATA, PRIVATE, PUBLIC, key_entries
from tests.support.zones import txt

SEED = 20261206
ED_PRIVATE = (DATA / "ed25519test.key").read_bytes()
ED_PUBLIC = "v=DKIM1; " + (DATA / "ed25519test.dns").read_text(encoding="ascii").strip()
CLIENT_IP = "192.0.2.1"
HELO = "mail.example.com"

_PLAIN = (
    b"Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.receiver.test;"
    b" Tue, 1 Dec 2026 11:59:00 +0000\r\n"
    b"From: Alice Example <alice@example.com>\r\n"
    b"To: Bob <bob@receiver.test>, Carol <carol@receiver.test>\r\n"
    b"Subject: Quarterly figures for the board meeting, with a subject long enough that relays fold it\r\n"
    b"Date: Tue, 1 Dec 2026 11:58:00 +0000\r\n"
    b"Message-ID: <q4-figures@example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"X-Mailer: Example Mailer 1.0\r\n"
    b"\r\n"
    b"Hello Bob,\r\n"
    b"\r\n"
    b"the  figures   are attached.\t\r\n"
    b"Gr\xc3\xbc\xc3\x9fe, Alice\r\n"
)
_MULTIPART = (
    b"From: Alice Example <alice@example.com>\r\n"
    b"To: Bob <bob@receiver.test>\r\n"
    b"Subject: Invoice 2026-118\r\n"
    b"Date: Tue, 1 Dec 2026 11:58:00 +0000\r\n"
    b"Message-ID: <inv-118@example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/alternative; boundary="b1"\r\n'
    b"\r\n"
    b"--b1\r\n"
    b"Content-Type: text/plain; charset=us-ascii\r\n"
    b"\r\n"
    b"Please find the invoice below.\r\n"
    b"--b1\r\n"
    b"Content-Type: text/html; charset=us-ascii\r\n"
    b"\r\n"
    b"<p>Please find the <b>invoice</b> below.</p>\r\n"
    b"--b1--\r\n"
    b"\r\n"
    b"\r\n"
)
_EMPTY = (
    b"From: Alice Example <alice@example.com>\r\n"
    b"To: Bob <bob@receiver.test>\r\n"
    b"Subject: (no body)\r\n"
    b"Date: Tue, 1 Dec 2026 11:58:00 +0000\r\n"
    b"Message-ID: <empty@example.com>\r\n"
    b"\r\n"
)
TEMPLATES = {"plain": _PLAIN, "multipart": _MULTIPART, "empty": _EMPTY}


def zone() -> list[dict[str, Any]]:
    """Keys, SPF records and the failing selectors, for both verifiers."""
    return [
        *key_entries(PUBLIC, "sel._domainkey.example.com"),
        *key_entries(PUBLIC, "sel._domainkey.relay.example.net"),
        *key_entries(PUBLIC, "arc._domainkey.example.org"),
        txt("ed._domainkey.example.com", ED_PUBLIC),
        txt("down._domainkey.example.com", status="SERVFAIL"),
        txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all"),
        txt("localhost", "v=spf1 -all"),
    ]


@dataclass(frozen=True)
class Case:
    """One generated message and what was done to it."""

    id: str
    message: bytes
    signing: str
    mutations: tuple[str, ...]
    sender: str
    ip: str = CLIENT_IP
    helo: str = HELO


# --- mutations: (head, body) → (head, body); head and body use CRLF until "lf" -----------------------------


def _fields(head: bytes) -> list[bytes]:
    """The header block as whole fields (folding included), each ending in CRLF."""
    out: list[bytes] = []
    for line in head.split(b"\r\n")[:-1]:
        if line[:1] in (b" ", b"\t") and out:
            out[-1] += line + b"\r\n"
        else:
            out.append(line + b"\r\n")
    return out


def _refold(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    candidates = [i for i, f in enumerate(fields) if f.count(b" ") > 3 and not f.lower().startswith(b"dkim-sig")]
    if not candidates:
        return head
    i = rnd.choice(candidates)
    flat = fields[i].replace(b"\r\n\t", b" ").replace(b"\r\n ", b" ")
    spaces = [p for p in range(flat.index(b":") + 2, len(flat) - 2) if flat[p : p + 1] == b" "]
    p = rnd.choice(spaces) if spaces else None
    fields[i] = flat if p is None else flat[:p] + b"\r\n\t" + flat[p + 1 :]
    return b"".join(fields)


def _refold_signature(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    for i, f in enumerate(fields):
        if f.lower().startswith(b"dkim-signature:"):
            fields[i] = f.replace(b"; ", b";\r\n  ", 2)
            break
    return b"".join(fields)


def _ws_header(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    i = rnd.choice([i for i, f in enumerate(fields) if f.lower().startswith((b"subject:", b"to:", b"from:"))])
    fields[i] = fields[i].replace(b": ", b":\t ", 1).replace(b" ", b"  ", 2)
    return b"".join(fields)


def _header_case(head: bytes, rnd: random.Random) -> bytes:
    return head.replace(b"\r\nSubject:", b"\r\nSUBJECT:").replace(b"\r\nTo:", b"\r\nto:")


def _reorder_unsigned(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    movable = [f for f in fields if f.lower().startswith((b"x-mailer:", b"received:", b"mime-version:"))]
    if not movable:
        return head
    f = rnd.choice(movable)
    fields.remove(f)
    fields.insert(rnd.randrange(len(fields) + 1), f)
    return b"".join(fields)


def _reorder_signed(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    idx = [i for i, f in enumerate(fields) if f.lower().startswith((b"to:", b"subject:", b"date:"))]
    if len(idx) >= 2:
        a, b = rnd.sample(idx, 2)
        fields[a], fields[b] = fields[b], fields[a]
    return b"".join(fields)


def _add_trace(head: bytes, rnd: random.Random) -> bytes:
    return (
        b"Received: from relay.example.net (relay.example.net [198.51.100.7])\r\n"
        b"\tby mx.receiver.test with ESMTPS; Tue, 1 Dec 2026 12:00:01 +0000\r\n"
        b"X-Spam-Score: 0.1\r\n" + head
    )


def _add_obs(head: bytes, rnd: random.Random) -> bytes:
    return b"X-Relay-Info : scanned\r\n" + head


def _add_subject(head: bytes, rnd: random.Random) -> bytes:
    return b"Subject: URGENT: new bank details\r\n" + head


def _kernel_arc(head: bytes, rnd: random.Random) -> bytes:
    return head.replace(b"ARC-Message-Signature: ", b"ARC-Message-Signature:")


def _subject_tag(head: bytes, rnd: random.Random) -> bytes:
    return head.replace(b"\r\nSubject: ", b"\r\nSubject: [list] ", 1)


def _move_signature(head: bytes, rnd: random.Random) -> bytes:
    fields = _fields(head)
    sigs = [f for f in fields if f.lower().startswith(b"dkim-signature:")]
    if sigs:
        fields.remove(sigs[0])
        fields.insert(len(fields), sigs[0])
    return b"".join(fields)


def _no_space_after_colon(head: bytes, rnd: random.Random) -> bytes:
    return head.replace(b"\r\nFrom: ", b"\r\nFrom:", 1).replace(b"\r\nTo: ", b"\r\nTo:\t", 1)


def _raw_8bit_header(head: bytes, rnd: random.Random) -> bytes:
    return rnd.choice([b"X-Note: caf\xc3\xa9 cr\xc3\xa8me\r\n", b"X-Note: caf\xe9 latin-1\r\n", b"X-Empty:\r\n"]) + head


def _footer(body: bytes, rnd: random.Random) -> bytes:
    return body + b"-- \r\nThis message was scanned by the relay.\r\n"


def _cte(head: bytes, body: bytes, rnd: random.Random) -> tuple[bytes, bytes]:
    if b"8bit" not in head:
        return head, body
    if rnd.random() < 0.5:
        new = quopri.encodestring(body.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
        return head.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: quoted-printable"), new
    b64 = base64.encodebytes(body).replace(b"\n", b"\r\n")
    return head.replace(b"Content-Transfer-Encoding: 8bit", b"Content-Transfer-Encoding: base64"), b64


def _ws_body(body: bytes, rnd: random.Random) -> bytes:
    return body.replace(b"\r\n", b"  \r\n", 2).replace(b"Hello", b"Hello \t")


HEAD_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "refold": _refold,
    "refold-signature": _refold_signature,
    "whitespace-header": _ws_header,
    "header-case": _header_case,
    "reorder-unsigned": _reorder_unsigned,
    "reorder-signed": _reorder_signed,
    "add-trace-headers": _add_trace,
    "add-obs-syntax-header": _add_obs,
    "add-second-subject": _add_subject,
    "arc-no-space-after-colon": _kernel_arc,
    "subject-tag": _subject_tag,
    "move-signature-down": _move_signature,
    "no-space-after-colon": _no_space_after_colon,
    "add-8bit-or-empty-header": _raw_8bit_header,
}
BODY_MUTATIONS = (
    "footer",
    "whitespace-body",
    "trailing-blank-lines",
    "cte",
    "blank-body",
    "remove-body",
    "tabs-to-spaces",
    "bare-cr-or-lf",
)
ENDING_MUTATIONS = ("lf", "no-final-crlf-trailing-ws")


def mutate(message: bytes, names: tuple[str, ...], rnd: random.Random) -> bytes:
    """Apply the named mutations in a fixed order (header, body, then line endings)."""
    head, _sep, body = message.partition(b"\r\n\r\n")
    head += b"\r\n"
    for name in names:
        if name in HEAD_MUTATIONS:
            head = HEAD_MUTATIONS[name](head, rnd)
    removed = False
    for name in names:
        if name == "footer":
            body = _footer(body, rnd)
        elif name == "whitespace-body":
            body = _ws_body(body, rnd)
        elif name == "trailing-blank-lines":
            body += b"\r\n\r\n\r\n"
        elif name == "cte":
            head, body = _cte(head, body, rnd)
        elif name == "blank-body":
            body = rnd.choice([b"", b"\r\n", b"\r\n\r\n   \r\n"])
        elif name == "remove-body":
            removed = True
        elif name == "tabs-to-spaces":
            body = body.replace(b"\t", b"    ")
        elif name == "bare-cr-or-lf":
            body = body.replace(b"attached.", rnd.choice([b"attached.\r", b"attached.\n", b"at\rtached."]), 1)
    out = head if removed else head + b"\r\n" + body
    if "no-final-crlf-trailing-ws" in names and not removed:
        out = out.rstrip(b"\r\n") + b" \t "
    if "lf" in names:
        out = out.replace(b"\r\n", b"\n")
    return out


# --- signing ---------------------------------------------------------------------------------------------

_C = ((b"relaxed", b"relaxed"), (b"simple", b"simple"), (b"relaxed", b"simple"), (b"simple", b"relaxed"))
_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type")


def _sign(message: bytes, rnd: random.Random) -> tuple[bytes, str]:
    c = rnd.choice(_C)
    roll = rnd.random()
    headers = list(_HEADERS)
    if rnd.random() < 0.3:
        headers.append(b"subject")  # over-signed: a second Subject cannot be added unnoticed
    length = rnd.random() < 0.1
    if roll < 0.15:
        alg, key, sel = b"ed25519-sha256", ED_PRIVATE, b"ed"
    elif roll < 0.22:
        alg, key, sel = b"rsa-sha1", PRIVATE, b"sel"
    elif roll < 0.30:
        alg, key, sel = b"rsa-sha256", PRIVATE, b"down"
    else:
        alg, key, sel = b"rsa-sha256", PRIVATE, b"sel"
    sig = dkim.sign(
        message,
        sel,
        b"example.com",
        key,
        canonicalize=c,
        signature_algorithm=alg,
        include_headers=headers,
        length=length,
    )
    label = f"{alg.decode()} s={sel.decode()} c={c[0].decode()}/{c[1].decode()}" + (" l=" if length else "")
    signed = bytes(sig) + message
    if rnd.random() < 0.2:
        second = dkim.sign(signed, b"sel", b"relay.example.net", PRIVATE, include_headers=[b"from", b"subject"])
        signed = bytes(second) + signed
        label += " +relay.example.net"
    return signed, label


def _seal(message: bytes) -> bytes:
    ar = (
        b"Authentication-Results: mx.example.org; dkim=pass header.d=example.com;"
        b" spf=pass smtp.mailfrom=example.com\r\n"
    )
    msg = ar + message
    sets = dkim.arc_sign(msg, b"arc", b"example.org", PRIVATE, b"mx.example.org", include_headers=None)
    return b"".join(bytes(h) for h in sets) + msg


def generate(count: int, seed: int = SEED) -> list[Case]:
    """`count` cases, the same for the same seed."""
    rnd = random.Random(seed)
    cases: list[Case] = []
    all_mutations = (*HEAD_MUTATIONS, *BODY_MUTATIONS, *ENDING_MUTATIONS)
    for n in range(count):
        template = rnd.choice(sorted(TEMPLATES))
        signed, label = _sign(TEMPLATES[template], rnd)
        sealed = rnd.random() < 0.35
        if sealed:
            signed = _seal(signed)
            label += " +arc"
        k = rnd.choice((0, 1, 1, 2, 2, 3))
        names = tuple(sorted(rnd.sample(all_mutations, k)))
        roll = rnd.random()
        sender = "alice@example.com"
        if roll < 0.12:
            sender = "bounces+phishing@pot=hotmail.com@example.com"
        elif roll < 0.17:
            sender = "u@localhost"
        cases.append(Case(f"c{n:03d}-{template}", mutate(signed, names, rnd), label, names, sender))
    return cases
