"""ARC (RFC 8617) chain validation with dkimpy, plus what dkimpy does not report.

``dkim.ARC.verify`` gives the chain status and, per instance, AMS/AS validity; it stops at the first
structural problem and needs the body. Around it this module adds: the structure read from the
message alone (:mod:`arc_structure`: gaps, duplicates, restarts, >50 sets, each named), the AMS body
hash per instance computed here (known offline), the DNS status of every key lookup (offline or not
in the snapshot → ``not-verifiable`` naming the records, SERVFAIL/timeout → ``temperror``), and for a
message without body (.msg, pasted headers) a header-only AMS check (bh= removed, as for DKIM).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

import dkim

from inspector.auth import (
    dkim_parse,
    dkimpy_speed,  # noqa: F401 - installs fast RSA conversions in dkimpy
)
from inspector.auth.arc_structure import ArcShape, read_shape, tags_of
from inspector.auth.bodyhash import canonical_body
from inspector.auth.dkim_tags import KeyError_, rsa_public_key
from inspector.auth.dkimpy_limits import too_large_reason
from inspector.auth.provenance import lookup_records, provenance_of, temporary, unavailable
from inspector.dns.adapters import dkim_dnsfunc
from inspector.dns.source import DnsAnswer, QueryLog
from inspector.ingest.message import Message
from inspector.model.auth import ArcInstance, ArcResult, AuthResult
from inspector.model.vocabulary import CheckOutcome
from inspector.parse import arc_instance, tag_list

_QUIET = logging.getLogger("inspector.dkimpy.arc")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False
_QUIET.setLevel(logging.CRITICAL + 1)

_HASHES = {"rsa-sha256": "sha256", "ed25519-sha256": "sha256", "rsa-sha1": "sha1"}


def check_arc(message: Message, *, log: QueryLog) -> ArcResult:
    """Validate the ARC chain; never raises."""
    shape = read_shape(message.headers)
    if not shape.present:
        return ArcResult(result=AuthResult.NONE, reason="the message carries no ARC sets", cv="none")
    header_only = message.body is None
    too_large = too_large_reason(message)
    if too_large:
        return ArcResult(result=AuthResult.POLICY, reason=too_large, structural_errors=tuple(shape.errors))
    mark = log.mark()
    cv: Any = None
    details: list[dict[Any, Any]] = []
    reason = ""
    verifier: Any = None
    internal: str | None = None
    keys = _BoundedKeys()
    try:
        verifier = dkim_parse.verifier(dkim.ARC, message.raw, logger=_QUIET, minkey=1024)
        cv, details, reason = verifier.verify(dnsfunc=keys.dnsfunc)
    except dkim.DKIMException as exc:  # dkimpy's verdict on a malformed message: the chain fails
        cv, reason = b"fail", f"the ARC sets could not be processed ({type(exc).__name__}: {exc})"[:300]
    except Exception as exc:  # noqa: BLE001 - a bug in the verifier is not a verdict on the message
        internal = f"the ARC verifier failed on this message ({type(exc).__name__}: {exc})"[:300]
    by_instance = {int(d.get("instance", 0)): d for d in details if isinstance(d, dict)}
    if header_only and verifier is not None:
        _header_only_ams(verifier, shape, by_instance, keys.dnsfunc)
    answers = [a for a in log.since(mark) if a.rtype == "TXT"]
    missing_names = frozenset(a.name for a in unavailable(answers))
    instances = tuple(
        _instance(i, shape, by_instance.get(i), message, verifier, header_only, missing_names, keys.refused)
        for i in sorted(shape.sets, reverse=True)
    )
    cv_text = _cv_text(cv)
    if header_only:
        cv_text, reason = _header_only_chain(shape, instances, cv_text, reason)
    result = _decide(
        shape, instances, cv_text, reason, internal, answers, header_only=header_only, missing_names=missing_names
    )
    # Provenance once the result is known: a chain decided on the keys it got is not "not verifiable offline".
    return dataclasses.replace(
        result, provenance=provenance_of(answers, result.result), oldest_pass=_oldest_pass(result)
    )


def _oldest_pass(result: ArcResult) -> int | None:
    """RFC 8617 §5.2: walking from the newest set down, the last instance before the first AMS that fails."""
    if result.result is not AuthResult.PASS:
        return None
    oldest: int | None = None
    for inst in result.instances:  # newest first
        if inst.ams_valid != CheckOutcome.PASS:
            break
        oldest = inst.instance
    return oldest


def _decide(
    shape: ArcShape,
    instances: tuple[ArcInstance, ...],
    cv_text: str,
    reason: str,
    internal: str | None,
    answers: list[DnsAnswer],
    *,
    header_only: bool,
    missing_names: frozenset[str],
) -> ArcResult:
    """The chain's result from what validation found (structure first, then DNS trouble, then dkimpy's cv)."""
    missing = unavailable(answers)
    failed = temporary(answers)
    dns = lookup_records(answers)
    prov = provenance_of(answers)
    errors = tuple(shape.errors)
    common: dict[str, Any] = {
        "instances": instances,
        "structural_errors": errors,
        "provenance": prov,
        "dns": dns,
        "latest_instance": shape.latest,
        "header_only": header_only,
        "chain_terminated": any(inst.cv == "fail" for inst in instances),
    }
    if errors:
        return ArcResult(
            result=AuthResult.FAIL, reason="broken ARC structure: " + "; ".join(errors), cv="fail", **common
        )
    if internal is not None:
        # Never "fail": the message may be fine; say that the check itself broke, and that nothing was judged.
        return ArcResult(
            result=AuthResult.PERMERROR,
            reason=internal + "; the chain was not judged (an error in the verifier, not a finding)",
            cv=None,
            error_kind="internal",
            **common,
        )
    newest = instances[0] if instances else None
    if (missing or failed) and newest is not None and newest.ams_body_hash == "fail":
        # RFC 8617 §5.2 step 4: the newest AMS must validate, and its body hash is a fact of the message alone.
        return ArcResult(
            result=AuthResult.FAIL,
            reason=(
                f"the body was changed after the newest ARC set (i={newest.instance}) was added: its "
                "ARC-Message-Signature body hash does not match, so the chain cannot pass whatever the keys say"
            ),
            cv="fail",
            **common,
        )
    if missing and cv_text != "pass":
        names = ", ".join(sorted(missing_names))
        return ArcResult(
            result=AuthResult.NOT_VERIFIABLE,
            reason=(
                f"key record(s) not available ({', '.join(sorted({a.status.value for a in missing}))}): "
                f"{missing[0].status.not_verifiable_text}: {names}"
            ),
            cv=None,
            **common,
        )
    if failed and cv_text != "pass":
        names = ", ".join(sorted({f"{a.name} ({a.status.value})" for a in failed}))
        return ArcResult(
            result=AuthResult.TEMPERROR, reason=f"DNS failure fetching ARC keys: {names}", cv=None, **common
        )
    if cv_text == "pass":
        note = "; header-only: AMS body hashes not checked" if header_only else ""
        return ArcResult(
            result=AuthResult.PASS, reason=f"chain of {shape.latest} set(s) validates{note}", cv="pass", **common
        )
    if cv_text == "none":
        return ArcResult(result=AuthResult.NONE, reason=reason or "the message is not ARC signed", cv="none", **common)
    return ArcResult(result=AuthResult.FAIL, reason=reason or "the chain does not validate", cv="fail", **common)


class _BoundedKeys:
    """dkimpy's key lookup for ARC, refusing RSA keys no real sealer uses before dkimpy does any arithmetic.

    dkimpy fetches and uses ARC keys itself (AMS and AS of every instance), so the DKIM path's key checks
    never ran there: a crafted key with a huge exponent or modulus took minutes per seal. The same bounds as
    for DKIM (:func:`dkim_tags.rsa_public_key`) apply; a refused key reads as "no key" to dkimpy (the
    signature does not validate) and its reason is kept per key name for the report.
    """

    def __init__(self) -> None:
        self.refused: dict[str, str] = {}

    def dnsfunc(self, name: bytes | str, timeout: int = 5) -> str | None:
        record = dkim_dnsfunc(name, timeout)
        if record is None:
            return None
        problem = _key_problem(record)
        if problem is None:
            return record
        key = (name.decode("ascii", errors="replace") if isinstance(name, bytes) else name).lower()
        self.refused[key if key.endswith(".") else key + "."] = problem
        return None


def _key_problem(record: str) -> str | None:
    """Why an RSA key record must not reach dkimpy's arithmetic, or None (other keys: dkimpy judges them)."""
    try:
        tags = tag_list.strict(record.encode("utf-8", errors="replace"))
    except tag_list.TagListError:  # dkimpy reports the syntax error itself
        return None
    if tags.get(b"k", b"rsa").strip().lower() != b"rsa":
        return None
    try:
        data = base64.b64decode(re.sub(rb"\s+", b"", tags.get(b"p", b"")), validate=True)
    except Exception:  # noqa: BLE001 - dkimpy reports bad base64 itself
        return None
    if not data:
        return None
    try:
        rsa_public_key(data)
    except KeyError_ as exc:
        return None if exc.kind == "syntax" else str(exc)
    return None


def _cv_text(cv: Any) -> str:
    if cv is None:
        return "fail"  # a seal said cv=fail: the chain had already ended
    if isinstance(cv, bytes):
        return cv.decode("ascii", errors="replace").lower()
    return str(cv).lower()


def _valid(v: Any) -> CheckOutcome:
    if v is True:
        return CheckOutcome.PASS
    if v is False:
        return CheckOutcome.FAIL
    return CheckOutcome.NOT_CHECKED


def _instance(
    i: int,
    shape: ArcShape,
    detail: dict[Any, Any] | None,
    message: Message,
    verifier: Any,
    header_only: bool,
    missing_names: frozenset[str],
    refused: dict[str, str],
) -> ArcInstance:
    s = shape.sets[i]
    seal = s.one("arc-seal")
    ams = s.one("arc-message-signature")
    aar = s.one("arc-authentication-results")
    seal_tags = tags_of(seal.value) if seal else {}
    ams_tags = tags_of(ams.value) if ams else {}
    aar_text = re.sub(r"\s+", " ", aar.value).strip() if aar else None
    body_state = CheckOutcome.NOT_CHECKED
    if ams is not None and not header_only and verifier is not None:
        body_state = _ams_body_hash(ams_tags, verifier)
    reasons: list[str] = []
    for label, tags in (("AMS", ams_tags), ("AS", seal_tags)):
        name = f"{tags.get('s', '')}._domainkey.{tags.get('d', '')}.".lower()
        if name in missing_names:
            reasons.append(f"{label} key {name} not available here")
        if name in refused:
            reasons.append(f"{label} key {name} refused: {refused[name]}")
    ams_valid = _valid(detail.get("ams-valid")) if detail else CheckOutcome.NOT_CHECKED
    as_valid = _valid(detail.get("as-valid")) if detail else CheckOutcome.NOT_CHECKED
    if detail is None:
        reasons.append("not reached by the chain validation")
    if header_only and ams_valid == "pass":
        reasons.append("AMS header signature valid; body not available")
    return ArcInstance(
        instance=i,
        seal_domain=seal_tags.get("d"),
        seal_selector=seal_tags.get("s"),
        ams_domain=ams_tags.get("d"),
        ams_selector=ams_tags.get("s"),
        ams_valid=ams_valid,
        as_valid=as_valid,
        cv=seal_tags.get("cv", "").lower() or None,
        authentication_results=aar_text,
        ams_body_hash=body_state,
        header_index=seal.index if seal else None,
        reason="; ".join(reasons),
        ams_algorithm=ams_tags.get("a"),
        seal_algorithm=seal_tags.get("a"),
    )


def _ams_body_hash(tags: dict[str, str], verifier: Any) -> CheckOutcome:
    """Compare the AMS bh= with the body as it is now (no DNS needed)."""
    alg = tags.get("a", "").lower()
    if alg not in _HASHES or "bh" not in tags:
        return CheckOutcome.NOT_CHECKED
    c = tags.get("c", "relaxed/relaxed").lower().encode("ascii", errors="replace")
    try:
        body = canonical_body(verifier.body, c)
        if "l" in tags and tags["l"].isdigit():
            body = body[: int(tags["l"])]
        expected = base64.b64decode(tags["bh"], validate=True)
    except Exception:  # noqa: BLE001 - bad c= or base64: the body hash cannot be compared
        return CheckOutcome.NOT_CHECKED
    return CheckOutcome.PASS if hashlib.new(_HASHES[alg], body).digest() == expected else CheckOutcome.FAIL


def _header_only_ams(
    verifier: Any, shape: ArcShape, by_instance: dict[int, dict[Any, Any]], dnsfunc: Callable[..., str | None]
) -> None:
    """Re-check each AMS without bh= (the body is absent), replacing dkimpy's body-dependent verdict."""
    raw_ams = [(n, v) for n, v in verifier.headers if n.lower() == b"arc-message-signature"]
    for i, detail in by_instance.items():
        try:
            raw = next((n, v) for n, v in raw_ams if arc_instance.of_tag_list(v.decode("utf-8", "replace")) == i)
            sig = tag_list.strict(raw[1])
            sig.pop(b"bh", None)
            sig.setdefault(b"c", b"relaxed/relaxed")
            include = [x.lower() for x in re.split(rb"\s*:\s*", sig[b"h"].strip())]
            detail["ams-valid"] = bool(verifier.verify_sig(sig, include, raw, dnsfunc))
        except Exception:  # noqa: BLE001 - leave dkimpy's verdict as it was
            continue


def _header_only_chain(shape: ArcShape, instances: tuple[ArcInstance, ...], cv: str, reason: str) -> tuple[str, str]:
    """The chain status recomputed from header-only AMS results and dkimpy's seal results."""
    if not instances or shape.errors:
        return cv, reason
    newest = instances[0]
    if newest.ams_valid != "pass":
        return "fail", "the most recent ARC-Message-Signature does not validate (header-only check)"
    for inst in instances:
        if inst.cv == "fail":
            return "fail", f"ARC-Seal[{inst.instance}] reported failure, the chain is terminated"
        if inst.as_valid != "pass":
            return "fail", f"ARC-Seal[{inst.instance}] did not validate"
    return "pass", "success (header-only)"
