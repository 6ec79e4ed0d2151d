"""authres's pattern step, replaced by `inspector.parse.authres_speed` (issue 16 item 3), reads every value as
authres's own step does: the same header (authserv-id, version, results, properties, comments) or the same
error, on generated Authentication-Results values and on every A-R field of the corpora."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import authres
import pytest
from authres.core import AuthenticationResultsHeader
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inspector.ingest import load_file
from inspector.parse import authres_speed
from tests.support.corpora import legit_messages, phishing_messages

_CONTEXT = authres.all_features()


@contextmanager
def _step(step: Any) -> Iterator[None]:
    saved = AuthenticationResultsHeader._parse_pattern
    AuthenticationResultsHeader._parse_pattern = step
    try:
        yield
    finally:
        AuthenticationResultsHeader._parse_pattern = saved


def _reading(value: str) -> tuple[str, ...]:
    """Everything authres read from `value`, as text (or the error it raised)."""
    try:
        header = AuthenticationResultsHeader.parse_value(_CONTEXT, value)
    except Exception as exc:  # noqa: BLE001 - the error is part of the reading being compared
        return ("error", type(exc).__name__, str(exc))
    results = tuple(
        repr(
            (
                type(r).__name__,
                r.__dict__.get("method"),
                r.__dict__.get("result"),
                r.__dict__.get("reason"),
                r.__dict__.get("result_comment"),
                [(p.type, p.name, str(p.value), p.comment) for p in getattr(r, "properties", [])],
            )
        )
        for r in header.results
    )
    try:
        text = str(header)
    except Exception as exc:  # noqa: BLE001 - authres cannot write some of what it reads back
        text = f"{type(exc).__name__}: {exc}"
    return (str(header.authserv_id), str(header.version), str(header.authserv_id_comment), *results, text)


def _same_reading(value: str) -> None:
    with _step(authres_speed._original_parse_pattern):
        before = _reading(value)
    with _step(authres_speed.parse_pattern):
        after = _reading(value)
    assert after == before, value


_PIECES = [
    "mx.example.com",
    "mx.google.com",
    " 1",
    ";",
    "; ",
    " ",
    "\r\n\t",
    "spf=pass",
    "spf=softfail",
    "dkim=pass",
    "dkim=fail",
    "dmarc=pass",
    "arc=pass",
    "none",
    "smtp.mailfrom=a@b.example",
    "smtp.mailfrom=b.example",
    "header.d=b.example",
    "header.i=@b.example",
    "header.from=b.example",
    "header.b=AbC+/1",
    "policy.dmarc=p",
    "(sender IP is 192.0.2.1)",
    "(nested (comment))",
    "(",
    ")",
    'reason="bad sig"',
    "reason=x",
    '"quoted"',
    "\\",
    "/",
    "=",
    ".",
    "@",
    "x",
    "DKIM=PASS",
    "NONE",
    "Reason=y",
    'REASON="z"',
    "iprev=pass policy.iprev=192.0.2.1",
    "auth=pass smtp.auth=u",
]


#: Whole resinfos, to be put after an authserv-id.
_RESINFOS = [
    "spf=pass smtp.mailfrom=a@b.example",
    "dkim=pass (2048-bit key) header.d=b.example header.i=@b.example",
    'dkim=fail reason="bad signature" header.d=b.example',
    "dmarc=pass (p=REJECT) header.from=b.example",
    "Reason=y",
    "NONE",
    "none",
    "SPF=SoftFail Smtp.MailFrom=x@y.example",
    "arc=pass (i=1)",
    "iprev=pass policy.iprev=192.0.2.1",
]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=14).map("".join),
        st.builds(
            lambda authserv, resinfos: "; ".join([authserv, *resinfos]),
            st.sampled_from(["mx.example.com", "mx.example.com 1", "MX.Example.COM (comment)"]),
            st.lists(st.one_of(st.sampled_from(_RESINFOS), st.sampled_from(_PIECES)), max_size=4),
        ),
    )
)
@example("mx.example.com; NONE")
@example('mx.example.com; spf=pass REASON="z"')
def test_generated_values_are_read_as_authres_reads_them(value: str) -> None:
    _same_reading(value)


def test_every_corpus_authentication_results_is_read_as_authres_reads_it() -> None:
    paths = phishing_messages() + legit_messages()
    if not paths:
        pytest.skip("corpora not available")
    seen = 0
    for path in paths:
        try:
            message = load_file(path)
        except Exception:  # noqa: BLE001 - an unreadable corpus file has no field to read
            continue
        for name in ("Authentication-Results", "ARC-Authentication-Results"):
            for field in message.get_all(name):
                _same_reading(field.value)
                seen += 1
    assert seen > 100
