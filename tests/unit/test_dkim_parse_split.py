"""`dkim_parse.parse` splits only the header block into lines; the body gets CRLF line ends by replacement.

That must give exactly what splitting the whole message on CRLF-or-LF and joining the body with CRLF gave
(dkimpy's ``rfc822_parse`` behaviour, which the DKIM and ARC body hashes depend on). The reference below is
that whole-message reading, kept here as the oracle.
"""

from __future__ import annotations

import random
import re
from typing import Any

import dkim
import pytest

from inspector.auth import dkim_parse
from tests.support.corpora import phishing_messages

_LINE_END = re.compile(rb"\r?\n")


def _reference(message: bytes) -> tuple[list[list[bytes]], bytes]:
    headers: list[list[bytes]] = []
    lines = _LINE_END.split(message)
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            break
        if line[:1] in (b" ", b"\t"):
            if not headers:
                raise dkim.MessageFormatError("continuation")
            headers[-1][1] += line + b"\r\n"
        else:
            m = re.match(rb"([\x21-\x39\x3b-\x7e]+)([ \t]*):", line)
            if m is not None:
                headers.append([m.group(1) + m.group(2), line[m.end() :] + b"\r\n"])
            elif not line.startswith(b"From "):
                raise dkim.MessageFormatError("junk")
        i += 1
    return headers, b"\r\n".join(lines[i:])


def _outcome(fn: Any, message: bytes) -> Any:
    try:
        headers, body = fn(message)
    except dkim.MessageFormatError:
        return "format error"
    return [[bytes(n), bytes(v)] for n, v in headers], body


@pytest.mark.parametrize(
    "message",
    [
        b"",
        b"\r\n",
        b"\n\nbody",
        b"X: a",
        b"X: a\r\n",
        b"X: a\r\r\n\r\nbody\r",
        b"X: a\n b\n\nline1\nline2\r\nline3\r",
        b"From someone\nX: a\n\nb",
        b" cont\nX: a\n\n",
        b"junk\n\n",
        b"X: a\r\n\r\n\r\n\r\n",
        b"X : obs\r\nY:\r\n\r\n\n\r\r\n",
    ],
)
def test_same_fields_and_body_as_splitting_every_line(message: bytes) -> None:
    assert _outcome(dkim_parse.parse, message) == _outcome(_reference, message)


def test_same_on_random_messages() -> None:
    rng = random.Random(8301)
    pieces = [b"\r", b"\n", b"\r\n", b"X: a", b" b", b"\t", b"From x", b"Y :c", b"body", b"junk", b":", b""]
    for _ in range(20_000):
        message = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        assert _outcome(dkim_parse.parse, message) == _outcome(_reference, message), message


def test_same_on_corpus_messages() -> None:
    for path in phishing_messages()[:80]:
        data = path.read_bytes()
        assert _outcome(dkim_parse.parse, data) == _outcome(_reference, data), path
