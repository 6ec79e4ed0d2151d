"""The cheap "does this message name an attached message?" test says what the regular expression it replaced said.

`has_marker` runs on every message of a batch; it replaced ``re.search(rb"message/rfc822|application/vnd\\.ms-
outlook|\\.msg\\b", data, re.I)`` for speed, and must answer the same for every input, or a forward would
silently stop being unwrapped (or an ordinary message would be parsed for nothing).
"""

from __future__ import annotations

import random
import re

import pytest

from inspector.batch.unwrap import has_marker
from tests.support.corpora import phishing_messages

_REGEX = re.compile(rb"message/rfc822|application/vnd\.ms-outlook|\.msg\b", re.IGNORECASE)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b".msg",
        b"report.MSG\r\n",
        b"report.msgx",
        b"report.msg_1",
        b"report.msg9 and a.msg.",
        b"a.msg\xe9",
        b"Content-Type: Message/RFC822\r\n",
        b"application/VND.MS-Outlook",
        b"application/vnd-ms-outlook",
        b"message/rfc82",
        b"x.ms g",
        b"x.msg" * 3 + b"a",
    ],
)
def test_same_answer_as_the_regex(data: bytes) -> None:
    assert has_marker(data) is (_REGEX.search(data) is not None)


def test_same_answer_on_random_fragments() -> None:
    rng = random.Random(16)
    pieces = [b".msg", b".MSG", b".mSg", b"x", b"_", b"7", b" ", b"\n", b"\xe9", b"message/RFC822", b"g"]
    pieces += [b"Message/rfc82", b"application/vnd.MS-outlook", b".ms", b"\r\n"]
    for _ in range(20_000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        assert has_marker(data) is (_REGEX.search(data) is not None), data


def test_same_answer_on_corpus_messages() -> None:
    for path in phishing_messages()[:100]:
        data = path.read_bytes()
        assert has_marker(data) is (_REGEX.search(data) is not None), path
