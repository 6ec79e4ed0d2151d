"""DKIM Verifier test data (../shared/conformance/dkim_verifier-testdata) with its dns.yml.

Expected per-signature results are transcribed from lieser/dkim_verifier ``test/unittest/verifierSpec.mjs.js``
(@515be6b) and ``authVerifierSpec.mjs.js``: SUCCESS / PERMFAIL / TEMPFAIL, plus the warnings those tests
assert. The ``flags_s-*``, ``alignment-*`` and ``header_with_non_ascii_char`` files are not asserted in
that spec version; their expectation follows from their names and RFC 6376 (marked "by name"). The key
variations are the spec's own (the same message with another key record). Times are judged against the
topmost Received, as DKIM Verifier does. Differences are listed in dkim-disagreements.md.
"""

from __future__ import annotations

import pytest

from inspector.model.auth import DkimSignatureResult
from tests.conftest import SHARED
from tests.support.zones import txt
from tests.support.zones_dkim import (
    dkim_verifier_dns,
    dkim_verifier_word,
    known_disagreements,
    stub_source,
    verify,
)

DATA = SHARED / "conformance" / "dkim_verifier-testdata"
ENTRIES = dkim_verifier_dns(DATA / "dns.yml")
KNOWN = known_disagreements("dkim_verifier-testdata")
A2_KEY = (
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631u"
    "BItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB"
)

#: file -> expected words per signature ("-" = not asserted upstream); "+warn:X" = a warning about X asserted.
EXPECTED: dict[str, list[str]] = {
    "rfc6376-A.2.eml": ["SUCCESS"],
    "rfc8463-A.3.eml": ["SUCCESS", "SUCCESS"],
    "dkim/time-received_after_creation.eml": ["SUCCESS"],
    "dkim/time-received_briefly_before_creation.eml": ["SUCCESS"],
    "dkim/time-received_long_before_creation.eml": ["SUCCESS+warn:future"],
    "rfc6376-A.2-ill_formed-missing_v.eml": ["PERMFAIL"],
    "rfc8463-A.3-key_algo_mismatch.eml": ["PERMFAIL", "PERMFAIL"],
    "rfc6376-A.2-body_modified.eml": ["PERMFAIL"],
    "rfc6376-A.2-header_subject_modified.eml": ["PERMFAIL"],
    "dkim/added_header-from.eml": ["PERMFAIL"],
    "dkim/added_header-subject.eml": ["PERMFAIL"],
    "dkim/added_header-date.eml": ["PERMFAIL"],
    "dkim/added_header-to.eml": ["PERMFAIL"],
    "dkim/unsigned_header-content-type.eml": ["SUCCESS+warn:Content-Type"],
    "dkim/unsigned_header-reply_to-in_domain.eml": ["SUCCESS"],
    "dkim/unsigned_header-reply_to-not_in_domain.eml": ["SUCCESS+warn:Reply-To"],
    "dkim/unsigned_header-reply_to-invalid.eml": ["SUCCESS"],
    "rfc6376-A.2-ill_formed-list_id.eml": ["SUCCESS"],
    "ill_formed-from.eml": ["PERMFAIL"],
    "fakePayPal.eml": [],
    "arh/rfc6376-A.2-arh-valid.eml": ["SUCCESS"],
    # by name (RFC 6376 §3.6.1 t=s; DKIM Verifier's FROM_NOT_IN_SDID warning)
    "dkim/flags_s-auid_is_subdomain_of_sdid.eml": ["PERMFAIL"],
    "dkim/flags_s-auid_and_sdid_match.eml": ["SUCCESS"],
    "dkim/alignment-from_not_in_sdid.eml": ["SUCCESS+warn:From"],
    "dkim/alignment-signed_by_parent_domain.eml": ["SUCCESS"],
    "dkim/alignment-from_not_in_auid.eml": ["SUCCESS"],
    "dkim/header_with_non_ascii_char.eml": ["SUCCESS"],
    # the real messages: the signature whose key dns.yml captured must verify
    "original/Fastmail from Amazon - Verify your new Amazon account.eml": ["SUCCESS", "-"],
    "original/Fastmail from CNN - Thanks for subscribing to 5 Things.eml": ["SUCCESS"],
    "original/Fastmail from CNN - Welcome to CNN Breaking News.eml": ["SUCCESS"],
    "original/Fastmail from Fastmail - How to keep your email private.eml": ["SUCCESS", "-"],
    "original/Fastmail from Fastmail - Welcome! Get set up in 3 steps..eml": ["SUCCESS", "-"],
}

#: verifierSpec's key variations of rfc6376-A.2.eml: key record -> expected word.
KEY_VARIANTS = {
    "empty notes tag": ("v=DKIM1;n=;p=" + A2_KEY, "SUCCESS"),
    "allowed hash list": ("v=DKIM1;h=sha1:sha256;p=" + A2_KEY, "SUCCESS"),
    "wildcard service": ("v=DKIM1;s=*;p=" + A2_KEY, "SUCCESS"),
    "email service": ("v=DKIM1;s=email;p=" + A2_KEY, "SUCCESS"),
    "unknown tag": ("v=DKIM1;g=*;p=" + A2_KEY, "SUCCESS"),
    "revoked key": ("v=DKIM1; p=", "PERMFAIL"),
    "hash not allowed": ("v=DKIM1;h=sha1;p=" + A2_KEY, "PERMFAIL"),
    "other service": ("v=DKIM1;s=other;p=" + A2_KEY, "PERMFAIL"),
    "t=s with AUID in a subdomain": ("v=DKIM1;t=s;p=" + A2_KEY, "PERMFAIL"),
}

WARN_TEXT = {
    "future": "in the future",
    "Content-Type": "Content-Type",
    "Reply-To": "Reply-To",
    "From": "unrelated to the From domain",
}


def _word(r: DkimSignatureResult, expected: str) -> str:
    word = dkim_verifier_word(r)
    if "+warn:" in expected:
        what = expected.split("+warn:", 1)[1]
        if any(WARN_TEXT[what] in w for w in r.warnings):
            word += f"+warn:{what}"
    return word


def _observed(file: str) -> list[str]:
    results = verify((DATA / "data" / file).read_bytes(), stub_source(ENTRIES), use_received=True)
    exp = EXPECTED[file]
    return [_word(r, exp[i] if i < len(exp) else "") for i, r in enumerate(results)]


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_dkim_verifier_case(file: str) -> None:
    observed = _observed(file)
    expected = EXPECTED[file]
    ours = [o if e != "-" else "-" for o, e in zip(observed, expected, strict=False)] + observed[len(expected) :]
    ours_text, exp_text = ", ".join(ours) or "none", ", ".join(expected) or "none"
    if file in KNOWN:
        assert KNOWN[file] == (exp_text, ours_text)
        assert ours_text != exp_text
    else:
        assert ours_text == exp_text


@pytest.mark.parametrize("variant", sorted(KEY_VARIANTS))
def test_dkim_verifier_key_variant(variant: str) -> None:
    record, expected = KEY_VARIANTS[variant]
    entries = [e for e in ENTRIES if e["name"] != "brisbane._domainkey.example.com"]
    entries.append(txt("brisbane._domainkey.example.com", record))
    results = verify((DATA / "data" / "rfc6376-A.2.eml").read_bytes(), stub_source(entries))
    assert [dkim_verifier_word(r) for r in results] == [expected]


def test_every_file_is_verified_without_crash() -> None:
    """The files upstream uses for other features (ARH parsing, BIMI) still verify or fail cleanly."""
    files = sorted(p for p in (DATA / "data").rglob("*.eml"))
    assert len(files) == 53
    for p in files:
        for r in verify(p.read_bytes(), stub_source(ENTRIES), use_received=True):
            assert r.reason
