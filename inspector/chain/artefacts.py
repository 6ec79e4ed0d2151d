"""Reading the authentication artefacts the chain places on hops.

DKIM-Signature / ARC tags are read leniently by `inspector.parse.tag_list` (dkimpy's parser raises on the
malformed ones we must still show). Authentication-Results, ARC-Authentication-Results and Received-SPF are
read by `inspector.parse.auth_results` and `inspector.parse.received_spf`, the readers the recorded results
use too (comments kept: "designates 188.166.95.178 as permitted sender", "body hash did not verify"); this
module only takes the chain's view of them. Body hashes are recomputed with dkimpy's canonicalisation, through
`inspector.auth.bodyhash` (shared with the DKIM and ARC stages); no DNS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field

from inspector.auth.bodyhash import canonical_body
from inspector.chain.ipaddr import find_ip
from inspector.parse import auth_results, received_spf, tag_list
from inspector.parse.tag_list import compact

_DESIGNATES = re.compile(r"designates\s+(\S+)\s+as\s+permitted", re.I)
#: Microsoft's SPF comment: "spf=pass (sender IP is 203.0.113.7) smtp.mailfrom=…".
_SENDER_IP_IS = re.compile(r"sender IP is\s+([0-9A-Fa-f:.]+)")
#: Bodies larger than this are not hashed (bounded time); the hash state says so.
MAX_BODY_BYTES = 50 * 1024 * 1024


def tags(value: str) -> dict[str, str]:
    """DKIM-style tag list as a dict (first occurrence wins); whitespace inside values is removed."""
    return {name: compact(v) for name, v in tag_list.lenient(value).items()}


@dataclass(frozen=True, slots=True)
class ResultEntry:
    """One ``method=result`` of an A-R / AAR field, with its comment and properties."""

    method: str
    result: str
    comment: str = ""
    props: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """Short text for the report."""
        bits = [f"{self.method}={self.result}"]
        if self.comment:
            bits.append(f"({self.comment[:160]})")
        bits.extend(f"{k}={v}" for k, v in list(self.props.items())[:4])
        return " ".join(bits)


@dataclass(frozen=True, slots=True)
class AuthResults:
    """An Authentication-Results or ARC-Authentication-Results field."""

    header_index: int
    authserv_id: str | None
    results: tuple[ResultEntry, ...]
    instance: int | None = None

    def evaluated_ips(self) -> list[str]:
        """IPs this receiver says it evaluated (SPF "designates", smtp.remote-ip, policy.iprev)."""
        ips: list[str] = []
        for r in self.results:
            for key in ("smtp.remote-ip", "policy.iprev", "smtp.client-ip"):
                if key in r.props:
                    ips.append(r.props[key])
            if r.method == "spf":
                for rx in (_DESIGNATES, _SENDER_IP_IS):
                    m = rx.search(r.comment)
                    if m:
                        ips.append(m.group(1))
                        break
        out: list[str] = []
        for ip in ips:
            f = find_ip(ip)
            if f is not None and f.ip is not None and str(f.ip) not in out:
                out.append(str(f.ip))
        return out


def parse_auth_results(value: str, header_index: int, *, arc: bool = False) -> AuthResults:
    """An A-R / AAR value as the chain sees it (`inspector.parse.auth_results`). Never raises.

    The authserv-id in lower case (None for Microsoft's id-less form); each result with its comments joined on
    one line and the ``name=value`` words as written (the first of each name).
    """
    parsed = auth_results.parse(value, arc=arc)
    results = tuple(
        ResultEntry(r.method, r.result, " ".join(" ".join(r.comments).split()), _first_of_each(r.written))
        for r in parsed.results
    )
    authserv = parsed.authserv_id.lower() if parsed.authserv_id else None
    return AuthResults(header_index, authserv, results, parsed.instance)


def _first_of_each(words: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in words:
        out.setdefault(name, value)
    return out


@dataclass(frozen=True, slots=True)
class ReceivedSpf:
    """A Received-SPF field."""

    header_index: int
    result: str | None
    client_ip: str | None
    receiver: str | None
    text: str


def parse_received_spf(value: str, header_index: int) -> ReceivedSpf:
    """Result, client-ip (or the "designates" IP) and the receiver (receiver= or the comment's prefix)."""
    spf = received_spf.parse(value)
    ip: str | None = None
    for candidate in (spf.pairs.get("client-ip"), spf.designated_ip):
        found = find_ip(candidate) if candidate else None
        if found is not None and found.ip is not None:
            ip = str(found.ip)
            break
    receiver = spf.receiver.lower() if spf.receiver else None
    return ReceivedSpf(header_index, spf.result, ip, receiver, " ".join(value[:8192].split())[:300])


class CanonicalBodies:
    """One message body in wire form (CRLF line ends), made once per analysis, and its canonical forms.

    Every DKIM-Signature and ARC-Message-Signature asks for the body hash; a large body normalised and
    canonicalised afresh for each of them is what made a 21 MB message with six signatures take seconds.
    The canonical forms come from `inspector.auth.bodyhash`, whose cache the DKIM and ARC stages share:
    the wire form here is byte for byte the body dkimpy parses, so each form is computed once per message.
    """

    def __init__(self, body: bytes) -> None:
        self.body = body
        self._wire: bytes | None = None

    def canonical(self, c: str) -> bytes:
        """The body canonicalised for the body half of `c` (raises on a malformed c=, as dkimpy does)."""
        if self._wire is None:
            # Every bare LF becomes CRLF (as ``re.sub(rb"(?<!\r)\n", b"\r\n", body)``, four times slower).
            self._wire = self.body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        return canonical_body(self._wire, c.encode("ascii"))


def body_hash_state(sig: dict[str, str], body: bytes | None, bodies: CanonicalBodies | None = None) -> str:
    """ "match", "mismatch", "not checked" (no body), "malformed" (bad c=, a=, l= or bh=).

    `bodies` (for `body`) lets the signatures of one message share the canonical bodies.
    """
    if body is None:
        return "not checked"
    bh = sig.get("bh")
    if not bh:
        return "malformed"
    algo = sig.get("a", "rsa-sha256").lower()
    hasher = hashlib.sha1 if algo.endswith("sha1") else hashlib.sha256 if algo.endswith("sha256") else None
    if hasher is None:
        return "malformed"
    if len(body) > MAX_BODY_BYTES:
        return "not checked"
    try:
        canon = (bodies or CanonicalBodies(body)).canonical(sig.get("c", "simple/simple"))
        if "l" in sig:
            length = int(sig["l"])
            if length < 0:
                return "malformed"
            canon = canon[:length]
        digest = base64.b64encode(hasher(canon).digest()).decode("ascii")
    except Exception:  # noqa: BLE001 - a malformed c=/l= is a finding, not an error
        return "malformed"
    return "match" if digest == bh else "mismatch"
