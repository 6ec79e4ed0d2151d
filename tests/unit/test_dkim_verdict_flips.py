"""Issue 10 items 3-6, 8, 9 (DKIM/ARC part): corner cases that flipped the verdict, through a loopback DNS server.

Every message here is signed with dkimpy's test key and its key is served by a real DNS server on loopback;
nothing is mocked. Each test failed on the code before the fix (the old result is named in its docstring).
"""

from __future__ import annotations

import base64
import hashlib

import dkim

from inspector.analyze import analyze
from inspector.auth.dkim_tags import MAX_RSA_BITS, MAX_RSA_EXPONENT_BITS
from inspector.ingest import load_bytes
from inspector.ingest.eml import read_eml, read_pasted_headers
from inspector.model.auth import AuthResult
from inspector.model.report import Level
from inspector.settings import AnalysisSettings
from tests.support.signing import (
    KEY_NAME,
    MESSAGE,
    NOW,
    PUBLIC,
    arc_seal,
    check_arc_live,
    check_dkim_live,
    der_rsa_public_key,
    key_entries,
    loopback,
    sign,
)
from tests.support.zones import txt

DMARC_REJECT = txt("_dmarc.example.com", "v=DMARC1; p=reject")
SETTINGS = AnalysisSettings(now=NOW.isoformat(), client_ip="192.0.2.1", mail_from="alice@example.com")


def _body_changed(signed: bytes) -> bytes:
    return signed.replace(b"the figures are attached.", b"pay the invoice to IBAN XX00 1234.")


# --- item 3: a changed body is a fact, also when the key lookup fails ----------------------------------


def test_body_hash_mismatch_with_key_servfail_or_timeout_is_fail() -> None:
    """Before: temperror (dns-temporary); the changed body hid behind the DNS error."""
    changed = read_eml(_body_changed(sign()))
    for status in ("SERVFAIL", "TIMEOUT"):
        (r,) = check_dkim_live(changed, [txt(KEY_NAME, status=status)])
        assert (r.result, r.body_hash, r.header_signature) == (AuthResult.FAIL, "fail", "not-checked"), status
        assert r.error_kind == "body-hash-mismatch"
        assert "body was changed after signing" in r.reason and status in r.reason


def test_intact_body_with_key_servfail_stays_temperror() -> None:
    """The fix must not turn every DNS error into a failure: an unchanged body is still only temperror."""
    (r,) = check_dkim_live(read_eml(sign()), [txt(KEY_NAME, status="SERVFAIL")])
    assert (r.result, r.body_hash, r.error_kind) == (AuthResult.TEMPERROR, "pass", "dns-temporary")


def test_changed_body_with_key_servfail_is_never_a_green_verdict() -> None:
    """Before: DKIM temperror, DMARC not failing, verdict "ok". Now DKIM fails, DMARC fails, the verdict is not ok."""
    raw = _body_changed(sign())
    spf = txt("example.com", "v=spf1 -all")
    with loopback([txt(KEY_NAME, status="SERVFAIL"), DMARC_REJECT, spf]) as source:
        report = analyze(load_bytes(raw), settings=SETTINGS, dns=source)
    assert report.dkim[0].result is AuthResult.FAIL
    assert report.dmarc.result is AuthResult.FAIL
    assert report.verdict is not None and report.verdict.level is not Level.OK
    assert any("changed after it was signed" in r for r in report.verdict.reasons)


def test_arc_newest_body_hash_mismatch_with_key_servfail_is_fail() -> None:
    """Before: ARC temperror. The newest AMS body hash is a fact of the message: the chain cannot pass."""
    sealed = arc_seal(MESSAGE)
    ok = check_arc_live(read_eml(sealed), key_entries())
    assert ok.result is AuthResult.PASS, ok.reason
    result = check_arc_live(read_eml(_body_changed(sealed)), [txt(KEY_NAME, status="SERVFAIL")])
    assert (result.result, result.cv) == (AuthResult.FAIL, "fail"), result.reason
    assert result.instances[0].ams_body_hash == "fail"
    intact = check_arc_live(read_eml(sealed), [txt(KEY_NAME, status="SERVFAIL")])
    assert intact.result is AuthResult.TEMPERROR


# --- item 4: a blank or missing body is the empty body -------------------------------------------------


def _blanked(signed: bytes, tail: bytes) -> bytes:
    head = signed.split(b"\r\n\r\n", 1)[0]
    return head + tail


def test_blanked_or_removed_body_fails_dkim() -> None:
    """Before: an all-blank body was "no body", so only the header signature was checked and DKIM passed."""
    signed = sign()
    for tail in (b"\r\n\r\n", b"\r\n\r\n\r\n   \r\n\r\n", b"\r\n"):
        (r,) = check_dkim_live(read_eml(_blanked(signed, tail)), key_entries())
        assert (r.result, r.body_hash, r.header_only) == (AuthResult.FAIL, "fail", False), tail
        assert r.header_signature == "pass"


def test_a_signed_empty_body_passes_when_blank() -> None:
    """The empty body is a body: a message signed with an empty body verifies with a blank one."""
    empty = MESSAGE.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    signed = sign(empty)
    for raw in (signed, signed + b"\r\n\r\n", signed.rstrip(b"\r\n") + b"\r\n"):
        (r,) = check_dkim_live(read_eml(raw), key_entries())
        assert (r.result, r.body_hash) == (AuthResult.PASS, "pass"), raw[-12:]


def test_blanked_body_fails_the_arc_message_signature_body_hash() -> None:
    sealed = arc_seal(MESSAGE)
    result = check_arc_live(read_eml(_blanked(sealed, b"\r\n\r\n")), key_entries())
    assert result.result is AuthResult.FAIL and result.instances[0].ams_body_hash == "fail"
    assert not result.header_only


def test_only_pasted_headers_are_header_only_and_say_so() -> None:
    head = sign().split(b"\r\n\r\n", 1)[0].decode()
    (r,) = check_dkim_live(read_pasted_headers(head), key_entries())
    assert (r.result, r.body_hash, r.header_only) == (AuthResult.PASS, "not-checked", True)
    assert "pasted headers or .msg" in r.reason and "not checked" in r.reason


# --- item 5: obsolete field-name syntax (space before the colon) --------------------------------------


def test_unsigned_header_with_space_before_colon_does_not_break_dkim() -> None:
    """Before: dkimpy refused the whole message, every signature was permerror ("syntax")."""
    raw = b"X-Relay-Info : scanned\r\n" + sign()
    (r,) = check_dkim_live(read_eml(raw), key_entries())
    assert r.result is AuthResult.PASS, r.reason


def test_signed_obs_syntax_header_is_canonicalised_per_rfc6376() -> None:
    """Relaxed canonicalisation deletes the space before the colon (RFC 6376 §3.4.2): signed without, it passes."""
    plain = b"X-Relay-Info: scanned\r\n" + MESSAGE
    signed = sign(plain, headers=(b"from", b"subject", b"x-relay-info"))
    relayed = signed.replace(b"X-Relay-Info: scanned", b"X-Relay-Info  :  scanned")
    (r,) = check_dkim_live(read_eml(relayed), key_entries())
    assert r.result is AuthResult.PASS, r.reason
    # Simple canonicalisation keeps the bytes: the same change breaks a simple/simple signature.
    simple = sign(plain, canonicalize=(b"simple", b"simple"), headers=(b"from", b"subject", b"x-relay-info"))
    (s,) = check_dkim_live(read_eml(simple.replace(b"X-Relay-Info: scanned", b"X-Relay-Info : scanned")), key_entries())
    assert (s.result, s.header_signature) == (AuthResult.FAIL, "fail")


def test_obs_syntax_header_does_not_break_arc() -> None:
    """Before: ARC fail ("the ARC sets could not be processed (MessageFormatError …)")."""
    raw = b"X-Relay-Info : scanned\r\n" + arc_seal(MESSAGE)
    result = check_arc_live(read_eml(raw), key_entries())
    assert result.result is AuthResult.PASS, result.reason


# --- item 6: a Date or Subject added above the signed one ---------------------------------------------


def test_added_subject_or_date_keeps_the_signature_and_is_flagged() -> None:
    """Before: dkim=policy → DMARC fail → "most likely not sent by example.com"."""
    signed = sign()
    for added in (b"Subject: URGENT: new bank details\r\n", b"Date: Mon, 7 Dec 2026 09:00:00 +0000\r\n"):
        raw = added + signed
        (r,) = check_dkim_live(read_eml(raw), key_entries())
        name = added.split(b":", 1)[0].decode().lower()
        assert (r.result, r.added_headers) == (AuthResult.PASS, (name,)), r.reason
        assert "added above the signed one" in r.reason
        with loopback([*key_entries(), DMARC_REJECT]) as source:
            report = analyze(load_bytes(raw), settings=SETTINGS, dns=source)
        assert report.dmarc.result is AuthResult.PASS
        assert report.verdict is not None and report.verdict.level is Level.SUSPICIOUS
        said = [x for x in report.verdict.reasons if "did sign this message" in x]
        assert said and f"second {name.title()}" in said[0], report.verdict.reasons
        assert "signed '" in said[0] and "added " in said[0]
        assert not any("not sent by" in x for x in report.verdict.reasons)


def test_oversigned_subject_is_not_an_added_header() -> None:
    """h= naming Subject twice covers a missing second instance: nothing was added."""
    signed = sign(headers=(b"from", b"subject", b"subject", b"date"))
    (r,) = check_dkim_live(read_eml(signed), key_entries())
    assert (r.result, r.added_headers) == (AuthResult.PASS, ())


# --- item 8: rsa-sha1 -----------------------------------------------------------------------------------


def test_rsa_sha1_fails_with_the_cryptographic_result_and_the_reason() -> None:
    """Before: pass (with a warning). RFC 8301 §3.1: verifiers must not consider rsa-sha1 signatures valid."""
    (r,) = check_dkim_live(read_eml(sign(algorithm=b"rsa-sha1")), key_entries())
    assert (r.result, r.error_kind) == (AuthResult.FAIL, "weak-algorithm")
    assert (r.body_hash, r.header_signature, r.algorithm) == ("pass", "pass", "rsa-sha1")
    assert "RFC 8301" in r.reason and "cryptographically valid" in r.reason


def test_rsa_sha1_arc_set_fails_the_chain() -> None:
    """ARC signs as DKIM does: an rsa-sha1 set is not accepted either (dkimpy's ARC verifier refuses it already)."""
    result = check_arc_live(read_eml(arc_seal(MESSAGE, algorithm=b"rsa-sha1")), key_entries())
    assert (result.result, result.cv) == (AuthResult.FAIL, "fail")
    assert "rsa-sha1" in result.reason


# --- item 9: relaxed body with trailing white space and no final CRLF --------------------------------


def test_relaxed_body_last_line_white_space_without_final_crlf() -> None:
    """Before: dkimpy kept the trailing space ("text \\r\\n"), so such signatures failed with a body mismatch."""
    # Signed over a body every implementation canonicalises alike; the relay then leaves white space at the
    # end of the last line and drops the final CRLF: RFC 6376 §3.4.4 gives the same canonical body.
    signed = sign(MESSAGE)
    expected = base64.b64encode(hashlib.sha256(b"Hello Bob,\r\nthe figures are attached.\r\n").digest()).decode()
    assert f"bh={expected}" in signed.decode().replace("\r\n", "").replace(" ", "").replace("\t", "")
    relayed = signed.rstrip(b"\r\n") + b"  \t "
    (r,) = check_dkim_live(read_eml(relayed), key_entries())
    assert (r.result, r.computed_body_hash, r.expected_body_hash) == (AuthResult.PASS, expected, expected)


# --- item 9: an internal error is never "fail"; kernel.org's "ARC-Message-Signature:i=1;" ------------------


def _kernel_org_style(sealed: bytes) -> bytes:
    """Rewrite the ARC fields as kernel.org's lists write them: no space after the colon, i= first."""
    out = []
    for line in sealed.split(b"\r\n"):
        if line.startswith(b"ARC-Message-Signature: "):
            line = b"ARC-Message-Signature:" + line[len(b"ARC-Message-Signature: ") :]
        out.append(line)
    return b"\r\n".join(out)


def test_arc_message_signature_without_space_after_colon_passes() -> None:
    """Before: dkimpy IndexError → ARC "fail" ("the ARC sets could not be processed (IndexError …)")."""
    sealed = arc_seal(MESSAGE)
    assert b"ARC-Message-Signature: i=1;" in sealed
    raw = _kernel_org_style(sealed)
    result = check_arc_live(read_eml(raw), key_entries())
    assert result.result is AuthResult.PASS, result.reason


def test_a_verifier_crash_is_permerror_internal_never_fail() -> None:
    """A key whose type does not match the seal's algorithm makes PyNaCl raise ValueError inside dkimpy.

    Before: "fail". Now: permerror, error_kind "internal", and the reason says the verifier failed.
    """
    sealed = arc_seal(MESSAGE)
    ed = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    result = check_arc_live(read_eml(sealed), key_entries(ed))
    assert result.result is not AuthResult.FAIL
    assert (result.result, result.error_kind) == (AuthResult.PERMERROR, "internal"), result.reason
    assert "not a finding" in result.reason


# --- issue 12 item 5: RSA keys as a CPU weapon ---------------------------------------------------------


def _public_numbers() -> tuple[int, int]:
    der = base64.b64decode(PUBLIC.split("p=", 1)[1])
    pk = dkim.crypto.parse_public_key(der)
    return int(pk["modulus"]), int(pk["publicExponent"])


def test_huge_rsa_exponent_is_refused_before_any_arithmetic_dkim_and_arc() -> None:
    """Before: accepted; each verification costs one modular multiplication per exponent bit."""
    n, _e = _public_numbers()
    crafted = f"v=DKIM1; k=rsa; p={der_rsa_public_key(n, (1 << 4000) + 1)}"
    (r,) = check_dkim_live(read_eml(sign()), key_entries(crafted))
    assert (r.result, r.error_kind) == (AuthResult.PERMERROR, "key-exponent")
    assert f"limit {MAX_RSA_EXPONENT_BITS} bits" in r.reason and r.header_signature == "not-checked"
    arc = check_arc_live(read_eml(arc_seal(MESSAGE)), key_entries(crafted))
    assert arc.result is AuthResult.FAIL
    assert "refused: RSA public exponent of 4001 bits" in arc.instances[0].reason


def test_huge_rsa_modulus_is_refused_dkim_and_arc() -> None:
    """Before: DKIM allowed 16384 bits and ARC had no cap at all."""
    modulus = (1 << (MAX_RSA_BITS + 1000)) + 12345
    crafted = f"v=DKIM1; k=rsa; p={der_rsa_public_key(modulus, 65537)}"
    (r,) = check_dkim_live(read_eml(sign()), key_entries(crafted))
    assert (r.result, r.error_kind) == (AuthResult.PERMERROR, "key-too-large")
    arc = check_arc_live(read_eml(arc_seal(MESSAGE)), key_entries(crafted))
    assert arc.result is AuthResult.FAIL and "refused" in arc.instances[0].reason


def test_real_key_sizes_and_exponents_still_pass() -> None:
    n, e = _public_numbers()
    assert e == 65537
    rebuilt = f"v=DKIM1; k=rsa; p={der_rsa_public_key(n, e)}"
    (r,) = check_dkim_live(read_eml(sign()), key_entries(rebuilt))
    assert r.result is AuthResult.PASS and r.key_size == 2048
