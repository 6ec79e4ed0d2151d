"""Reading DKIM-Signature tags and DKIM key records, with the checks dkimpy skips or gets wrong.

dkimpy's ``validate_signature_fields`` judges t=/x= against ``time.time()`` (we judge them against the
delivery time and "now" ourselves), rejects q= lists such as ``foo/bar:dns/txt``, compares i= without
decoding dkim-quoted-printable, and its key parser (``evaluate_pk``) turns an s= list like
``email:web`` into a spurious ``UnknownKeyTypeError`` and ignores the key flags t=s and h=. So the
syntax checks of RFC 6376 §3.5/§3.6.1/§6.1.1 that decide "permerror, and why" are written here, and
dkimpy's own validator runs afterwards on a cleaned copy (for the base64 and d= checks it does well).
The cryptography itself stays with dkimpy (called from :mod:`inspector.auth.dkim`).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

import dkim

from inspector.parse import tag_list

#: Signature algorithms RFC 6376 / RFC 8463 define; anything else is "unsupported algorithm".
ALGORITHMS = {b"rsa-sha256": ("rsa", "sha256"), b"rsa-sha1": ("rsa", "sha1"), b"ed25519-sha256": ("ed25519", "sha256")}
_QP = re.compile(rb"=([0-9A-Fa-f]{2})")
_SELECTOR = re.compile(rb"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$")
_DOMAIN = re.compile(rb"^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$")
_MAX_HEADER_NAMES = 1000
#: RSA keys larger than this are refused before any arithmetic (RFC 8301 §3.2 range is 1024-4096 bits).
MAX_RSA_BITS = 8192
#: The public exponent: 65537 has 17 bits; anything beyond 64 bits is a CPU weapon, not a key.
MAX_RSA_EXPONENT_BITS = 64
#: DER bytes of p= for an RSA key of MAX_RSA_BITS with a MAX_RSA_EXPONENT_BITS exponent, plus ASN.1 framing.
MAX_RSA_KEY_BYTES = MAX_RSA_BITS // 8 + MAX_RSA_EXPONENT_BITS // 8 + 64


class SignatureSyntaxError(Exception):
    """The DKIM-Signature cannot be used (RFC 6376 §6.1.1 PERMFAIL); the message says why."""


class KeyError_(Exception):
    """The key record cannot be used for this signature (PERMFAIL); `kind` names the cause."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def text(value: bytes | None) -> str | None:
    """Tag bytes as display text (never raises)."""
    if value is None:
        return None
    return value.decode("utf-8", errors="replace")


def decode_qp(value: bytes) -> bytes:
    """dkim-quoted-printable (RFC 6376 §2.11) decoded; whitespace is ignored."""
    value = re.sub(rb"\s+", b"", value)
    return _QP.sub(lambda m: bytes([int(m.group(1), 16)]), value)


def parse_tags(value: bytes) -> dict[bytes, bytes]:
    """Tag=value list → dict; raises SignatureSyntaxError with the offending part."""
    try:
        return tag_list.strict(value)
    except tag_list.TagListError as exc:
        raise SignatureSyntaxError(f"tag list syntax error {exc}") from None


@dataclass(frozen=True, slots=True)
class SignatureTags:
    """The validated tags of one DKIM-Signature, ready for the cryptography."""

    tags: dict[bytes, bytes]
    domain: bytes
    selector: bytes
    algorithm: bytes
    key_type: str
    hash_name: str
    canonicalization: bytes
    include_headers: tuple[bytes, ...]
    identity: bytes
    body_length: int | None
    signed_at: int | None
    expires_at: int | None
    body_hash: bytes
    signature: bytes


def read_signature(value: bytes) -> SignatureTags:
    """Check one DKIM-Signature value as RFC 6376 §6.1.1 demands; raise SignatureSyntaxError if unusable.

    On success the returned `tags` dict is what dkimpy's crypto expects (i= decoded, q=, t= and x=
    removed so that dkimpy neither rejects a q= list nor judges the time by the wall clock). Each step below
    raises SignatureSyntaxError naming the first problem it finds, in the order RFC 6376 lists them.
    """
    tags = parse_tags(value)
    _check_version_and_required(tags)
    alg, key_type, hash_name = _algorithm(tags)
    c = _canonicalization(tags)
    _check_query_method(tags)
    domain, selector = _domain_and_selector(tags)
    headers = _signed_headers(tags)
    identity = _identity(tags, domain)
    body_length = _number(tags, b"l")
    signed_at = _number(tags, b"t")
    expires_at = _number(tags, b"x")
    if signed_at is not None and expires_at is not None and expires_at < signed_at:
        raise SignatureSyntaxError("x= (expiry) is before t= (signing time)")
    b64 = {name: _base64(tags, name) for name in (b"b", b"bh")}
    clean = dict(tags)
    clean[b"a"] = alg
    clean[b"i"] = identity
    for name in (b"q", b"t", b"x"):
        clean.pop(name, None)
    _dkimpy_validates(clean)
    return SignatureTags(
        tags=clean,
        domain=domain,
        selector=selector,
        algorithm=alg,
        key_type=key_type,
        hash_name=hash_name,
        canonicalization=c,
        include_headers=headers,
        identity=identity,
        body_length=body_length,
        signed_at=signed_at,
        expires_at=expires_at,
        body_hash=b64[b"bh"],
        signature=b64[b"b"],
    )


def _check_version_and_required(tags: dict[bytes, bytes]) -> None:
    """v=1 and the tags RFC 6376 §3.5 requires."""
    if b"v" not in tags:
        raise SignatureSyntaxError("missing v= tag (a pre-RFC 6376 draft signature)")
    if tags[b"v"] != b"1":
        raise SignatureSyntaxError(f"unsupported version v={text(tags[b'v'])}")
    for name in (b"a", b"b", b"bh", b"d", b"h", b"s"):
        if name not in tags:
            raise SignatureSyntaxError(f"missing required tag {name.decode()}=")


def _algorithm(tags: dict[bytes, bytes]) -> tuple[bytes, str, str]:
    """a= in lower case, with its key type and hash (RFC 6376 §3.3, RFC 8463)."""
    alg = tags[b"a"].lower()
    if alg not in ALGORITHMS:
        raise SignatureSyntaxError(f"unsupported algorithm a={text(tags[b'a'])}")
    key_type, hash_name = ALGORITHMS[alg]
    return alg, key_type, hash_name


def _canonicalization(tags: dict[bytes, bytes]) -> bytes:
    """c= as written (default simple/simple), when dkimpy knows it."""
    c = tags.get(b"c", b"simple/simple")
    try:
        dkim.canonicalization.CanonicalizationPolicy.from_c_value(c)
    except Exception:  # noqa: BLE001 - dkimpy raises its own error for unknown c=
        raise SignatureSyntaxError(f"unsupported canonicalization c={text(c)}") from None
    return c


def _check_query_method(tags: dict[bytes, bytes]) -> None:
    """q= must list dns/txt (a list such as ``foo/bar:dns/txt`` is fine; dkimpy refuses it)."""
    q = tags.get(b"q")
    if q is not None and b"dns/txt" not in [x.strip().lower() for x in q.split(b":")]:
        raise SignatureSyntaxError(f"unsupported query method q={text(q)} (only dns/txt exists)")


def _domain_and_selector(tags: dict[bytes, bytes]) -> tuple[bytes, bytes]:
    """d= and s=, each a syntactically valid name."""
    domain = tags[b"d"].strip()
    selector = tags[b"s"].strip()
    if not domain or not _DOMAIN.match(domain) or b".." in domain:
        raise SignatureSyntaxError(f"invalid signing domain d={text(domain)}")
    if not selector or not _SELECTOR.match(selector) or b".." in selector:
        raise SignatureSyntaxError(f"invalid selector s={text(selector)}")
    return domain, selector


def _signed_headers(tags: dict[bytes, bytes]) -> tuple[bytes, ...]:
    """h= as lower-case names; bounded, and From must be among them (RFC 6376 §5.4)."""
    headers = tuple(x.strip().lower() for x in re.split(rb"\s*:\s*", tags[b"h"].strip()) if x.strip())
    if len(headers) > _MAX_HEADER_NAMES:
        raise SignatureSyntaxError(f"h= lists {len(headers)} header fields (more than {_MAX_HEADER_NAMES})")
    if b"from" not in headers:
        raise SignatureSyntaxError("From is not signed (h= must include From, RFC 6376 §5.4)")
    return headers


def _identity(tags: dict[bytes, bytes], domain: bytes) -> bytes:
    """i= decoded (default ``@d``), which must be in d= or a subdomain of it."""
    identity = decode_qp(tags[b"i"]) if b"i" in tags else b"@" + domain
    if b"@" not in identity:
        raise SignatureSyntaxError(f"invalid identity i={text(tags.get(b'i'))} (no @)")
    i_domain = identity.rsplit(b"@", 1)[1].lower().rstrip(b".")
    d_lower = domain.lower().rstrip(b".")
    if i_domain != d_lower and not i_domain.endswith(b"." + d_lower):
        raise SignatureSyntaxError(f"identity i={text(identity)} is not in the signing domain d={text(domain)}")
    return identity


def _base64(tags: dict[bytes, bytes], name: bytes) -> bytes:
    """b= or bh= decoded (whitespace ignored); neither may be empty."""
    raw = re.sub(rb"\s+", b"", tags[name])
    try:
        decoded = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureSyntaxError(f"{name.decode()}= is not valid base64") from None
    if not decoded:
        raise SignatureSyntaxError(f"{name.decode()}= is empty")
    return decoded


def _dkimpy_validates(clean: dict[bytes, bytes]) -> None:
    """dkimpy's own field checks on the cleaned tags (base64 and d= are what it does well)."""
    try:
        dkim.validate_signature_fields(clean)
    except dkim.DKIMException as exc:
        raise SignatureSyntaxError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - dkimpy indexes bytes freely; never let it escape
        raise SignatureSyntaxError(f"signature fields rejected ({type(exc).__name__})") from None


def _number(tags: dict[bytes, bytes], name: bytes) -> int | None:
    if name not in tags:
        return None
    v = re.sub(rb"\s+", b"", tags[name])
    if not re.fullmatch(rb"\d{1,76}", v):
        raise SignatureSyntaxError(f"{name.decode()}= is not a decimal number ({text(tags[name])})")
    return int(v)


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """A parsed DKIM key record (RFC 6376 §3.6.1, RFC 8463), usable for a given signature."""

    key_type: str
    public_key: Any
    key_size: int
    testing: bool = False
    flags: tuple[str, ...] = field(default_factory=tuple)


def read_key(record: str | bytes, sig: SignatureTags) -> KeyRecord:
    """Parse and check the key for `sig`; raise KeyError_ naming why it cannot be used."""
    raw = record.encode("utf-8", errors="replace") if isinstance(record, str) else record
    try:
        tags = tag_list.strict(raw)
    except tag_list.TagListError:
        raise KeyError_("syntax", "key record syntax error") from None
    if b"v" in tags and tags[b"v"] != b"DKIM1":
        raise KeyError_("version", f"key record has unsupported version v={text(tags[b'v'])}")
    if b"p" not in tags:
        raise KeyError_("syntax", "key record has no p= (public key)")
    p = re.sub(rb"\s+", b"", tags[b"p"])
    if not p:
        raise KeyError_("revoked", "key revoked (empty p= in the key record)")
    k = tags.get(b"k", b"rsa").strip().lower()
    flags = _key_allows(tags, k, sig)
    try:
        data = base64.b64decode(p, validate=True)
    except (binascii.Error, ValueError):
        raise KeyError_("syntax", "key p= is not valid base64") from None
    if k == b"ed25519":
        return KeyRecord("ed25519", _ed25519_key(data), 256, testing="y" in flags, flags=flags)
    pk, size = rsa_public_key(data)
    return KeyRecord("rsa", pk, size, testing="y" in flags, flags=flags)


def _key_allows(tags: dict[bytes, bytes], k: bytes, sig: SignatureTags) -> tuple[str, ...]:
    """The key's flags (t=), once its type, services, hashes and flags allow it for `sig` (RFC 6376 §3.6.1)."""
    if k not in (b"rsa", b"ed25519"):
        raise KeyError_("type", f"unsupported key type k={text(k)}")
    services = [x.strip() for x in tags.get(b"s", b"*").split(b":")]
    if b"*" not in services and b"email" not in services:
        raise KeyError_("service", f"key is not for e-mail (s={text(tags.get(b's'))})")
    if b"h" in tags:
        hashes = [x.strip().lower() for x in tags[b"h"].split(b":")]
        if sig.hash_name.encode() not in hashes:
            raise KeyError_("hash", f"key does not allow {sig.hash_name} (h={text(tags[b'h'])})")
    flags = tuple(x.strip().decode("ascii", errors="replace") for x in tags.get(b"t", b"").split(b":") if x.strip())
    if "s" in flags:
        i_domain = sig.identity.rsplit(b"@", 1)[1].lower().rstrip(b".")
        if i_domain != sig.domain.lower().rstrip(b"."):
            raise KeyError_(
                "strict-identity",
                f"key flag t=s requires i= to be exactly d=, but i={text(sig.identity)}",
            )
    if k.decode() != sig.key_type:
        raise KeyError_(
            "type-mismatch", f"signature algorithm a={text(sig.algorithm)} does not match key type k={text(k)}"
        )
    return flags


def _ed25519_key(data: bytes) -> Any:
    """PyNaCl's verify key from the 32 bytes of an ed25519 p= (RFC 8463)."""
    if len(data) != 32:
        raise KeyError_("syntax", f"ed25519 key must be 32 bytes, got {len(data)}")
    try:
        import nacl.signing

        return nacl.signing.VerifyKey(data)
    except Exception as exc:  # noqa: BLE001 - PyNaCl missing or key unusable
        raise KeyError_("syntax", f"ed25519 key unusable ({type(exc).__name__})") from None


def rsa_public_key(data: bytes) -> tuple[Any, int]:
    """dkimpy's RSA public key from the DER bytes of p=, and its size; KeyError_ for what no real signer uses.

    Checked before any big-number work: an RSA verification costs one modular multiplication per bit of
    the exponent, on numbers as long as the modulus, so a crafted key (a huge exponent, a huge modulus)
    turned one signature into minutes of CPU. Real DKIM and ARC keys are 1024-4096 bits (RFC 8301 §3.2
    asks verifiers to handle exactly that range) with the exponent 65537 (17 bits), sometimes 3.
    """
    if len(data) > MAX_RSA_KEY_BYTES:
        raise KeyError_(
            "too-large",
            f"RSA key of {len(data)} bytes refused: real keys of 1024-4096 bits take at most ~550 bytes "
            f"(limit {MAX_RSA_KEY_BYTES} bytes)",
        )
    try:
        pk = dkim.crypto.parse_public_key(data)
        modulus, exponent = int(pk["modulus"]), int(pk["publicExponent"])
    except Exception:  # noqa: BLE001 - ASN.1 errors of every kind
        raise KeyError_("syntax", "RSA public key cannot be parsed") from None
    size = modulus.bit_length()
    if size > MAX_RSA_BITS:
        raise KeyError_(
            "too-large",
            f"RSA key of {size} bits refused: real signers use 1024-4096 bits (RFC 8301), and checking with a "
            f"larger one would only cost CPU time (limit {MAX_RSA_BITS} bits)",
        )
    if size < 2:
        raise KeyError_("syntax", f"RSA key of {size} bits is not usable")
    if exponent.bit_length() > MAX_RSA_EXPONENT_BITS:
        raise KeyError_(
            "exponent",
            f"RSA public exponent of {exponent.bit_length()} bits refused: real signers use 65537 (17 bits), and "
            f"a huge exponent only makes verification slow (limit {MAX_RSA_EXPONENT_BITS} bits)",
        )
    if exponent < 3 or exponent % 2 == 0 or exponent >= modulus:
        raise KeyError_("exponent", f"RSA public exponent {exponent} is not valid for RSA")
    return pk, size
