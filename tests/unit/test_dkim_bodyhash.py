"""The shared canonical body: RFC 6376's forms, and one computation per body and algorithm."""

from __future__ import annotations

import pytest
from dkim.canonicalization import InvalidCanonicalizationPolicyError

from inspector.auth import bodyhash

# RFC 6376 §3.4.5: the example body and its two canonical forms.
BODY = b" C \r\nD \t E\r\n\r\n\r\n"


def test_rfc6376_example_in_both_forms() -> None:
    assert bodyhash.canonical_body(BODY, b"relaxed/relaxed") == b" C\r\nD E\r\n"
    assert bodyhash.canonical_body(BODY, b"relaxed/simple") == b" C \r\nD \t E\r\n"
    assert bodyhash.canonical_body(BODY, b"relaxed") == b" C \r\nD \t E\r\n"  # body defaults to simple


def test_equal_bodies_share_one_computation() -> None:
    bodyhash._canonical.cache_clear()
    first = bodyhash.canonical_body(bytes(bytearray(BODY)), b"simple/relaxed")
    again = bodyhash.canonical_body(bytes(bytearray(BODY)), b"relaxed/relaxed")  # another copy, same algorithm
    assert again is first
    assert bodyhash._canonical.cache_info().hits == 1


def test_unknown_c_value_is_refused_like_dkimpy() -> None:
    with pytest.raises(InvalidCanonicalizationPolicyError):
        bodyhash.canonical_body(BODY, b"relaxed/loose")
