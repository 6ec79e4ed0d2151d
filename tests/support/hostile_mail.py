"""Hostile-size messages built in memory (issue 12 item 6): for tests and `benchmarks/bench_hostile_size.py`."""

from __future__ import annotations

from tests.support.msg_writer import MsgRecipient, build_msg

HEAD = (
    b"From: a@example.org\r\nTo: b@example.org\r\nSubject: size\r\nDate: Mon, 1 Dec 2025 10:00:00 +0000\r\n"
    b"Message-ID: <size@example.org>\r\n"
)


TINY_PART = b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n"


def mime_tiny(size: int) -> bytes:
    """About `size` bytes of tiny text parts, then an attachment named invoice.exe."""
    part = TINY_PART
    n = max(1, size // len(part))
    return (
        HEAD
        + b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        + part * n
        + b'--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="invoice.exe"'
        + b"\r\n\r\nMZ\r\n--b--\r\n"
    )


def mime_nested(depth: int) -> bytes:
    out = [HEAD + b"MIME-Version: 1.0\r\n"]
    for i in range(depth):
        out.append(f'Content-Type: multipart/mixed; boundary="n{i}"\r\n\r\n--n{i}\r\n'.encode())
    out.append(b'Content-Type: text/html\r\n\r\n<a href="https://evil.example/">x</a>\r\n')
    for i in reversed(range(depth)):
        out.append(f"--n{i}--\r\n".encode())
    return b"".join(out)


def headers(size: int) -> bytes:
    line = b"X-Filler: 0123456789012345678901234567890123456789\r\n"
    return HEAD + line * max(1, size // len(line)) + b"\r\nbody\r\n"


def dkim_many(n: int) -> bytes:
    sig = b"DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=s; h=from; bh=AAAA; b=AAAA\r\n"
    return sig * n + HEAD + b"\r\nbody\r\n"


def msg_recipients(n: int) -> bytes:
    """A sent item (no transport headers, so the recipients are read) with `n` recipients."""

    recipients = [MsgRecipient(f"Recipient {i} with a long display name", f"r{i}@example.org") for i in range(n)]
    return build_msg(
        {0x0037001F: "many recipients", 0x0042001F: "Sender", 0x5D02001F: "a@example.org"}, recipients=recipients
    )
