"""DKIM (RFC 6376, RFC 8463) verification of every signature on its own, with dkimpy's cryptography.

dkimpy answers one bool per call and loses why; so the engine runs the steps itself and keeps each
outcome apart: tag syntax (:mod:`dkim_tags`, which also works around dkimpy's gaps), the body hash
(computed here with dkimpy's canonicalisation, so it is known even offline and even when the key is
gone), the key lookup (its exact DNS status read back from the QueryLog: no key, revoked, SERVFAIL,
not available offline are different results), the key record checks (flags t=s/t=y, h=, s=, k= vs a=),
and finally the header signature alone through dkimpy's ``verify_sig_process`` with bh= removed — the
"header-only" trick, which is also how a .msg or pasted headers are checked. t=/x= are judged against
the delivery time and now (:mod:`dkim_time`), never dkimpy's wall clock. No exception leaves this
module: a library failure on hostile input becomes a permerror naming it.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import dkim

from inspector.auth import (
    dkim_parse,
    dkimpy_speed,  # noqa: F401 - installs fast RSA conversions in dkimpy
)
from inspector.auth.bodyhash import canonical_body
from inspector.auth.dkim_tags import KeyError_, KeyRecord, SignatureSyntaxError, SignatureTags, read_key, read_signature
from inspector.auth.dkim_tags import text as tag_text
from inspector.auth.dkim_time import TimeState, iso, judge
from inspector.auth.dkim_warnings import added_headers, display_name, domain_warning, from_domain, header_warnings
from inspector.auth.dkimpy_limits import too_large_reason
from inspector.auth.provenance import lookup_records, provenance_of
from inspector.dns.adapters import DnsUnavailable, dkim_key_records
from inspector.dns.source import DnsAnswer, DnsStatus, QueryLog, normalize_name
from inspector.ingest.message import Message
from inspector.model.auth import AuthResult, DkimSignatureResult
from inspector.model.vocabulary import CheckOutcome
from inspector.parse import tag_list

#: Signatures beyond this many are listed but not verified (bounded work on hostile input).
MAX_SIGNATURES = 32
#: RSA keys below this many bits are refused (RFC 8301 §3.2); below WARN_KEY_BITS they get a warning.
MIN_KEY_BITS = 1024
WARN_KEY_BITS = 2048

_QUIET = logging.getLogger("inspector.dkimpy")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False
_QUIET.setLevel(logging.CRITICAL + 1)


def check_dkim(
    message: Message, *, log: QueryLog, now: datetime, delivery_time: datetime | None
) -> tuple[DkimSignatureResult, ...]:
    """One result per DKIM-Signature field, top first (empty when the message is unsigned)."""
    fields = message.get_all("DKIM-Signature")
    if not fields:
        return ()
    too_large = too_large_reason(message)
    if too_large:
        return tuple(
            DkimSignatureResult(
                index=i,
                result=AuthResult.POLICY,
                reason=too_large,
                error_kind="too-large",
                header_index=f.index,
                header_only=message.body is None,
            )
            for i, f in enumerate(fields)
        )
    try:
        verifier = dkim_parse.verifier(dkim.DKIM, message.raw, logger=_QUIET, minkey=0)
    except Exception as exc:  # noqa: BLE001 - dkimpy's parser on hostile bytes
        return tuple(
            DkimSignatureResult(
                index=i,
                result=AuthResult.PERMERROR,
                reason=f"the message could not be parsed for DKIM ({type(exc).__name__})",
                error_kind="syntax",
                header_index=f.index,
                header_only=message.body is None,
            )
            for i, f in enumerate(fields)
        )
    sig_headers = [h for h in verifier.headers if h[0].lower() == b"dkim-signature"]
    ctx = _Context(message, verifier, log, now, delivery_time)
    results: list[DkimSignatureResult] = []
    for idx, raw in enumerate(sig_headers):
        hidx = fields[idx].index if len(fields) == len(sig_headers) else None
        if idx >= MAX_SIGNATURES:
            results.append(
                DkimSignatureResult(
                    index=idx,
                    header_index=hidx,
                    reason=f"not verified: only the first {MAX_SIGNATURES} signatures are checked",
                )
            )
            continue
        try:
            results.append(ctx.verify(idx, raw, hidx))
        except Exception as exc:  # noqa: BLE001 - last line of defence: never let a library crash escape
            results.append(
                DkimSignatureResult(
                    index=idx,
                    header_index=hidx,
                    result=AuthResult.PERMERROR,
                    reason=f"the signature could not be processed ({type(exc).__name__}: {exc})"[:300],
                    error_kind="internal",
                    header_only=message.body is None,
                )
            )
    return tuple(results)


class _Context:
    """What every signature of one message shares: the parsed message (canonical bodies: `bodyhash`)."""

    def __init__(
        self, message: Message, verifier: Any, log: QueryLog, now: datetime, delivery_time: datetime | None
    ) -> None:
        self.message = message
        self.verifier = verifier
        self.log = log
        self.now = now
        self.delivery_time = delivery_time
        self.header_only = message.body is None
        self.from_domain = from_domain(message.headers)
        #: The key lookup's answers of the signature being verified (its provenance, once the result is known).
        self.key_answers: list[DnsAnswer] = []

    def verify(self, idx: int, raw: Sequence[bytes], hidx: int | None) -> DkimSignatureResult:
        """One signature, step by step: tags, body hash, time, key lookup, key checks, header signature."""
        self.key_answers = []
        result = self._verify(idx, raw, hidx)
        if not self.key_answers:
            return result
        # Once the result is known: a body-hash failure with the key unavailable is decided by the message.
        return dataclasses.replace(result, provenance=provenance_of(self.key_answers, result.result))

    def _verify(self, idx: int, raw: Sequence[bytes], hidx: int | None) -> DkimSignatureResult:
        base: dict[str, Any] = {"index": idx, "header_index": hidx, "header_only": self.header_only}
        try:
            sig = read_signature(raw[1])
        except SignatureSyntaxError as exc:
            return _syntax_error(base, raw, exc)
        domain = sig.domain.decode("ascii", errors="replace").lower()
        base.update(_described(sig, domain))
        warnings: list[str] = []
        reasons: list[str] = []
        body_state = self._body_hash(sig, base, warnings, reasons)
        times = _Times.judge(sig, self.delivery_time, self.now)
        base.update(times.fields())
        lookup = self._fetch_key(sig, base)
        unusable = _without_usable_key(base, lookup, body_state, warnings)
        if unusable is not None:
            return unusable
        key, header_ok, header_reason = self._verify_with_any_key(sig, lookup, raw, base, warnings)
        base.update(key_size=key.key_size, key_type=key.key_type, key_flags=key.flags)
        if key.testing:
            warnings.append("the signing domain is only testing DKIM (key flag t=y)")
        base["header_signature"] = CheckOutcome.PASS if header_ok else CheckOutcome.FAIL
        self._add_warnings(base, domain, key, times, warnings)
        warnings.extend(reasons)
        return _decide(base, sig, key, times, body_state, (header_ok, header_reason), warnings)

    def _body_hash(
        self, sig: SignatureTags, base: dict[str, Any], warnings: list[str], reasons: list[str]
    ) -> CheckOutcome:
        """ "pass", "fail" or "not-checked" (no body): needs no DNS, so it is known offline and when the key is
        gone. Records the canonical body length, the unsigned tail (l=) and the computed hash in `base`."""
        if self.header_only:
            base["body_hash"] = CheckOutcome.NOT_CHECKED
            return CheckOutcome.NOT_CHECKED
        body = canonical_body(self.verifier.body, sig.canonicalization)
        total = len(body)
        base["canonical_body_length"] = total
        hashed = body
        if sig.body_length is not None:
            hashed = body[: sig.body_length]
            unsigned = max(0, total - sig.body_length)
            base["unsigned_body_bytes"] = unsigned
            if sig.body_length > total:
                reasons.append(f"l={sig.body_length} is longer than the body ({total} bytes)")
            elif unsigned:
                warnings.append(
                    f"not the entire body is signed: l= covers {sig.body_length} of {total} bytes, "
                    f"{unsigned} bytes could have been appended by anyone"
                )
        digest = hashlib.new(sig.hash_name, hashed).digest()
        base["computed_body_hash"] = base64.b64encode(digest).decode("ascii")
        state = CheckOutcome.PASS if digest == sig.body_hash else CheckOutcome.FAIL
        base["body_hash"] = state
        return state

    def _fetch_key(self, sig: SignatureTags, base: dict[str, Any]) -> _KeyLookup:
        """The key record, with the exact DNS status read back from the log, and the key read from it."""
        qname = normalize_name(sig.selector + b"._domainkey." + sig.domain)
        mark = self.log.mark()
        records: list[str] = []
        failure: DnsUnavailable | None = None
        try:
            records = dkim_key_records(qname.encode("ascii", errors="replace"))
        except DnsUnavailable as exc:
            failure = exc
        answers = [a for a in self.log.since(mark) if a.rtype == "TXT"]
        self.key_answers = answers
        record = records[0] if records else None
        lookup = _KeyLookup(qname, record, _status(answers, failure))
        status = lookup.status
        if status is not None and (status.is_unavailable or status.is_temporary):
            lookup.problem = f"key record {qname} not available, {status.value}"
        elif record is None:
            lookup.problem = f"{qname} has no key record ({status.value if status is not None else 'no record'})"
        else:
            # RFC 6376 §3.6.2.2: several key records are each tried in turn (see `_verify_with_any_key`); a record
            # this signature cannot use is skipped while another one can be used.
            for candidate in records:
                try:
                    lookup.usable.append((candidate, read_key(candidate, sig)))
                except KeyError_ as exc:
                    lookup.error = lookup.error or exc
            if lookup.usable:
                lookup.record, lookup.key = lookup.usable[0]
                lookup.error = None
            else:
                lookup.problem = str(lookup.error)
        base.update(dns=lookup_records(answers), provenance=provenance_of(answers), key_record=lookup.record)
        return lookup

    def _verify_with_any_key(
        self, sig: SignatureTags, lookup: _KeyLookup, raw: Sequence[bytes], base: dict[str, Any], warnings: list[str]
    ) -> tuple[KeyRecord, bool, str]:
        """The header signature checked with each usable key record in turn (RFC 6376 §3.6.2.2), the first that
        verifies kept: DNS returns several records in no fixed order, and the result must not depend on it."""
        first = lookup.key
        assert first is not None  # _without_usable_key answered every other case
        ok, reason = _verify_header(self.verifier, sig, first, raw)
        if len(lookup.usable) > 1:
            warnings.append(
                f"{lookup.qname} publishes {len(lookup.usable)} usable key records; each was tried (RFC 6376 §3.6.2.2)"
            )
        if ok:
            return first, ok, reason
        for record, key in lookup.usable[1:]:
            if _verify_header(self.verifier, sig, key, raw)[0]:
                base["key_record"] = record
                return key, True, ""
        return first, ok, reason

    def _add_warnings(
        self, base: dict[str, Any], domain: str, key: KeyRecord, times: _Times, warnings: list[str]
    ) -> None:
        """What a valid signature still leaves open: unsigned or added headers, another domain, a weak key, time."""
        policy, more = header_warnings(
            self.message.headers, base["signed_headers"], domain, base.get("unsigned_body_bytes")
        )
        warnings.extend(policy)
        warnings.extend(more)
        base["added_headers"] = tuple(added_headers(self.message.headers, base["signed_headers"]))
        dw = domain_warning(domain, self.from_domain)
        if dw:
            warnings.append(dw)
        if key.key_type == "rsa" and MIN_KEY_BITS <= key.key_size < WARN_KEY_BITS:
            warnings.append(f"signed with a weak {key.key_size}-bit RSA key")
        if times.judged is TimeState.FUTURE:
            warnings.append("signature is in the future (" + times.judged_text + ")")
        if times.state_now is TimeState.EXPIRED and times.state_delivery is TimeState.VALID:
            warnings.append("signature has expired since delivery (it was in date when delivered)")


def _syntax_error(base: dict[str, Any], raw: Sequence[bytes], exc: SignatureSyntaxError) -> DkimSignatureResult:
    """A signature whose tags cannot be used; still shows what d=, s= and a= say where they can be read."""
    loose = tag_list.strict_or_empty(raw[1])  # the syntax error below says why it is empty
    base.update(
        domain=tag_text(loose.get(b"d")),
        selector=tag_text(loose.get(b"s")),
        algorithm=tag_text(loose.get(b"a")),
    )
    return DkimSignatureResult(
        **base, result=AuthResult.PERMERROR, reason=f"signature syntax error: {exc}", error_kind="syntax"
    )


def _described(sig: SignatureTags, domain: str) -> dict[str, Any]:
    """The report fields that come from the tags alone."""
    return {
        "domain": domain,
        "selector": sig.selector.decode("ascii", errors="replace"),
        "algorithm": sig.algorithm.decode("ascii"),
        "canonicalization": _c_text(sig.canonicalization),
        "signed_headers": tuple(h.decode("ascii", errors="replace") for h in sig.include_headers),
        "identity": sig.identity.decode("utf-8", errors="replace"),
        "body_length_limit": sig.body_length,
        "signed_at": iso(sig.signed_at),
        "expires_at": iso(sig.expires_at),
        "expected_body_hash": base64.b64encode(sig.body_hash).decode("ascii"),
    }


@dataclass(frozen=True, slots=True)
class _Times:
    """t=/x= judged at delivery and now (`dkim_time.judge`); the delivery judgement counts when it is known."""

    state_delivery: TimeState
    text_delivery: str
    state_now: TimeState
    text_now: str
    delivery_known: bool

    @classmethod
    def judge(cls, sig: SignatureTags, delivery_time: datetime | None, now: datetime) -> _Times:
        state_d, text_d = judge(sig.signed_at, sig.expires_at, delivery_time, "at delivery")
        state_n, text_n = judge(sig.signed_at, sig.expires_at, now, "now")
        return cls(state_d, text_d, state_n, text_n, delivery_time is not None)

    @property
    def judged(self) -> TimeState:
        return self.state_delivery if self.delivery_known else self.state_now

    @property
    def judged_text(self) -> str:
        return self.text_delivery if self.delivery_known else self.text_now

    def fields(self) -> dict[str, Any]:
        return {
            "time_at_delivery": self.text_delivery,
            "time_now": self.text_now,
            "time_state_delivery": self.state_delivery.value,
            "time_state_now": self.state_now.value,
        }


@dataclass(slots=True)
class _KeyLookup:
    """The key record lookup of one signature: its DNS status, the record, and the key or why it is unusable."""

    qname: str
    record: str | None
    status: DnsStatus | None
    key: KeyRecord | None = None
    problem: str | None = None
    error: KeyError_ | None = None
    #: Every record at the name this signature can use, with its key, in DNS order (`key` is the first's).
    usable: list[tuple[str, KeyRecord]] = field(default_factory=list)


def _without_usable_key(
    base: dict[str, Any], lookup: _KeyLookup, body_state: CheckOutcome, warnings: list[str]
) -> DkimSignatureResult | None:
    """The result when there is no usable key (None when there is one), most telling cause first."""
    qname, status, body_note = lookup.qname, lookup.status, _body_note(body_state)
    if lookup.key is None and body_state == "fail":
        # The body hash is a fact of the message alone: whatever the key (missing, unusable, or its lookup
        # failed for now), this signature cannot pass. Temporary DNS trouble must not hide it.
        return DkimSignatureResult(
            **base,
            result=AuthResult.FAIL,
            header_signature=CheckOutcome.NOT_CHECKED,
            reason=(
                "body hash mismatch: the body was changed after signing, so this signature cannot pass "
                f"whatever its key (the header signature was not checked: {lookup.problem})"
            ),
            error_kind="body-hash-mismatch",
            warnings=tuple(warnings),
        )
    if status is not None and status.is_unavailable:
        return DkimSignatureResult(
            **base,
            result=AuthResult.NOT_VERIFIABLE,
            header_signature=CheckOutcome.NOT_CHECKED,
            reason=f"key record {qname} not available ({status.value}): {status.not_verifiable_text}{body_note}",
            error_kind="dns-unavailable",
            warnings=tuple(warnings),
        )
    if status is not None and status.is_temporary:
        return DkimSignatureResult(
            **base,
            result=AuthResult.TEMPERROR,
            reason=f"DNS {status.value} while fetching the key {qname}{body_note}",
            error_kind="dns-temporary",
            warnings=tuple(warnings),
        )
    if lookup.record is None:
        what = status.value if status is not None else "no record"
        return DkimSignatureResult(
            **base,
            result=AuthResult.PERMERROR,
            reason=f"no key: {qname} has no key record ({what}){body_note}",
            error_kind="no-key",
            warnings=tuple(warnings),
        )
    if lookup.key is None:
        unusable = lookup.error or KeyError_("syntax", "key record unusable")
        return DkimSignatureResult(
            **base,
            result=AuthResult.PERMERROR,
            reason=f"{unusable}{body_note}",
            error_kind="key-revoked" if unusable.kind == "revoked" else f"key-{unusable.kind}",
            warnings=tuple(warnings),
        )
    return None


def _decide(
    base: dict[str, Any],
    sig: SignatureTags,
    key: KeyRecord,
    times: _Times,
    body_state: CheckOutcome,
    header: tuple[bool, str],
    warnings: list[str],
) -> DkimSignatureResult:
    """The result of a signature whose key was usable: the first failing check decides, else pass."""

    def done(result: AuthResult, reason: str, kind: str | None) -> DkimSignatureResult:
        return DkimSignatureResult(**base, result=result, reason=reason, error_kind=kind, warnings=tuple(warnings))

    header_ok, header_reason = header
    if body_state == "fail":
        extra = "" if header_ok else "; the header signature does not verify either"
        return done(AuthResult.FAIL, "body hash mismatch: the body was changed after signing" + extra, "body-hash")
    if not header_ok:
        return done(AuthResult.FAIL, header_reason, "signature")
    if times.judged is TimeState.EXPIRED:
        return done(AuthResult.PERMERROR, f"signature expired ({times.judged_text})", "expired")
    if key.key_type == "rsa" and key.key_size < MIN_KEY_BITS:
        # RFC 8301 §3.2: verifiers MUST NOT consider such signatures valid, so the result is fail.
        return done(
            AuthResult.FAIL,
            f"weak key: {key.key_size}-bit RSA (RFC 8301 requires at least {MIN_KEY_BITS}); "
            "the signature itself is cryptographically valid",
            "weak-key",
        )
    if sig.algorithm == b"rsa-sha1":
        # RFC 8301 §3.1: verifiers MUST NOT consider rsa-sha1 signatures valid, so the result is fail.
        return done(
            AuthResult.FAIL,
            "rsa-sha1 is not accepted: RFC 8301 §3.1 forbids considering rsa-sha1 signatures valid "
            "(SHA-1 is broken); the signature itself is cryptographically valid",
            "weak-algorithm",
        )
    added = ""
    if base["added_headers"]:
        names = ", ".join(display_name(n) for n in base["added_headers"])
        added = (
            f"; but a second {names} was added above the signed one after signing (RFC 6376 §8.15): "
            "mail clients may show the added, unsigned one"
        )
    if base["header_only"]:
        return done(
            AuthResult.PASS,
            "header signature valid; the body is not available (pasted headers or .msg), so it was not checked" + added,
            None,
        )
    return done(AuthResult.PASS, f"valid signature by {base['domain']}" + added, None)


def _c_text(c: bytes) -> str:
    parts = c.decode("ascii", errors="replace").lower().split("/")
    if len(parts) == 1:
        parts.append("simple")
    return "/".join(parts)


def _status(answers: Sequence[DnsAnswer], failure: DnsUnavailable | None) -> DnsStatus | None:
    if answers:
        return answers[-1].status
    if failure is not None:
        return failure.status
    return None


def _body_note(body_state: CheckOutcome) -> str:
    if body_state == "pass":
        return "; the body hash matches (body unchanged since signing)"
    if body_state == "fail":
        return "; the body hash does not match (the body changed after signing)"
    return ""


def _verify_header(verifier: Any, sig: SignatureTags, key: KeyRecord, raw: Sequence[bytes]) -> tuple[bool, str]:
    """Check the header signature alone (bh= left out so dkimpy does not re-hash the body)."""
    verifier.pk = key.public_key
    verifier.keysize = key.key_size
    verifier.ktag = key.key_type.encode("ascii")
    verifier.seqtlsrpt = False
    verifier.tlsrpt = False
    verifier.minkey = 0
    tags = dict(sig.tags)
    tags.pop(b"bh", None)
    try:
        ok = bool(verifier.verify_sig_process(tags, list(sig.include_headers), (raw[0], raw[1]), None))
    except dkim.DKIMException as exc:
        return False, f"signature does not verify ({exc})"
    except Exception as exc:  # noqa: BLE001 - PyNaCl/ASN.1 errors on hostile signatures
        return False, f"signature does not verify ({type(exc).__name__})"
    if ok:
        return True, ""
    return False, "signature does not verify: a signed header field was changed, or the key does not match"
