"""Authentication-Results and ARC-Authentication-Results (RFC 8601, RFC 8617 §4.1.1): one reading for the
chain (which receiver evaluated which IP, the badges on each hop) and the recorded results (beside ours).

authres is the first pass: it knows RFC 8601's grammar (ptype.property names, reason=, quoted values,
versions). Two things it cannot do are done here by hand:

- a tolerant reading for what authres refuses: Microsoft's form without an authserv-id
  (``spf=pass (sender IP is …) smtp.mailfrom=…; dkim=…``, where authres would take "spf=pass" for the id),
  stray tokens such as ``action=none`` or ``compauth=pass reason=100``, and Amazon SES's Received-SPF-style
  ``; envelope-from=…; helo=…`` after its spf result (properties of that result, never methods); such a field
  is marked ``parsed_by="tolerant"``;
- the comments, which authres drops and which carry what an analyst needs ("designates 192.0.2.1 as
  permitted sender", "body hash did not verify", rspamd's trailing "(policy=quarantine)"). Each result keeps
  the comments of its own resinfo, and the ``name=value`` words as written there (`Resinfo.written`).

Every pass is linear in the field's length and bounded (`MAX_CHARS`, `MAX_RESULTS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from inspector.parse.arc_instance import split_aar
from inspector.parse.comments import parts_with_comments, strip_comments

#: A field is read this far; results beyond `MAX_RESULTS` per field are dropped (hostile input). 64 is the
#: larger of the two old readers' bounds (the chain's; the recorded results stopped at 50), so neither reads less.
MAX_CHARS = 20_000
MAX_RESULTS = 64

_METHOD_RESULT = re.compile(r"^([A-Za-z0-9_-]+)(?:/(\d+))?\s*=\s*([A-Za-z0-9_-]+)")
_PROP = re.compile(r"^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?)\s*=\s*(.*)$", re.S)
#: ``method[/version]=result`` at the start of a resinfo. The method is written as authres reads one (KTEXT and
#: dots); re.I also lets in the four non-ASCII letters Python folds onto ASCII ones (İ ı ſ K), see `fold`.
_RESINFO_METHOD = re.compile(r"\s*([A-Za-z0-9!#$%&'*+?^_`{|}~.-]+)(?:/\d+)?\s*=\s*[A-Za-z0-9_-]+", re.I)
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
#: A blank-separated word of a resinfo: a quoted string stays inside its word (``reason="a b"``).
_WORD = re.compile(r'(?:[^\s"]|"[^"]*"?)+')

#: Names that stand alone after a ";" in some receivers' fields but are properties, not methods (RFC 8601 §2.7
#: registers methods; these are Received-SPF's key=value names, RFC 7208 §9.1, which Amazon SES writes there).
_PROPERTY_NAMES = frozenset({"client-ip", "envelope-from", "helo", "receiver", "identity", "mechanism", "problem"})
#: The RFC 8601 property each of them means.
_PROPERTY_AS = {"envelope-from": "smtp.mailfrom", "helo": "smtp.helo"}

PARSED_BY_AUTHRES = "authres"
PARSED_BY_TOLERANT = "tolerant"

#: (folded method, comments, written words) of one ``method=result`` resinfo as written.
_Part = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]


def fold(method: str) -> str:
    """A method name as re.I compares it: those four letters match their ASCII ones."""
    return method.translate(_FOLD).lower()


@dataclass(frozen=True, slots=True)
class Resinfo:
    """One ``method=result`` of a field, with its reason, properties and the comments of its resinfo."""

    method: str
    result: str
    reason: str | None = None
    #: RFC 8601 properties by ``ptype.property`` (lower-case names), values unquoted.
    properties: dict[str, str] = field(default_factory=dict)
    #: The comments of this resinfo, in order (the one after the result and any trailing the properties).
    comments: tuple[str, ...] = ()
    #: Every ``name=value`` word after ``method=result`` as written (names lower-case, quotes removed, reason=
    #: and unknown words included), in order: what a badge shows.
    written: tuple[tuple[str, str], ...] = ()

    @property
    def comment(self) -> str | None:
        """The non-empty comments joined with "; ", or None."""
        return "; ".join(c for c in self.comments if c) or None


@dataclass(frozen=True, slots=True)
class AuthResultsField:
    """What one Authentication-Results or ARC-Authentication-Results field says."""

    #: The authserv-id as written; None when the field has none (Microsoft's form) or nothing readable.
    authserv_id: str | None
    results: tuple[Resinfo, ...] = ()
    #: "authres" when authres accepted the field, "tolerant" when the hand-written reading took over.
    parsed_by: str = PARSED_BY_AUTHRES
    #: The ARC instance (``i=N;``) of an ARC-Authentication-Results; None otherwise or when unreadable.
    instance: int | None = None


def parse(value: str, *, arc: bool = False) -> AuthResultsField:
    """Read an Authentication-Results value (`arc`: an ARC-Authentication-Results one). Never raises.

    Each field is read twice per analysis (the chain's badges, the recorded results), and authres is the
    costliest reader of a header (about 1 ms a field), so the readings of the last fields are kept
    (`_CACHED`): the answer is a pure function of the value, and nothing changes a reading once made.
    """
    return _parse_cached(value[:MAX_CHARS], arc)


#: Readings kept: every A-R and AAR field of the message being analysed (the chain reads at most 200 + 200).
_CACHED = 512


@lru_cache(maxsize=_CACHED)
def _parse_cached(value: str, arc: bool) -> AuthResultsField:
    instance: int | None = None
    if arc:
        instance, value = split_aar(value)
    if _idless(value):
        # Microsoft's form has no authserv-id at all; authres would read "spf=pass" as one.
        return _tolerant(value, instance)
    try:
        header = _authres().parse_value(value)
    except Exception:  # noqa: BLE001 - authres raises its own SyntaxError and others on odd input
        return _tolerant(value, instance)
    try:
        results = _authres_results(header, _result_parts(value))
    except Exception:  # noqa: BLE001 - an authres object of a shape we did not expect: read it by hand
        return _tolerant(value, instance)
    authserv_id = str(header.authserv_id) if header.authserv_id else None
    return AuthResultsField(authserv_id, tuple(results), PARSED_BY_AUTHRES, instance)


def _authres_results(header: Any, parts: list[_Part]) -> list[Resinfo]:
    """authres's results as Resinfos, each with the comments and words of the resinfo it was read from."""
    results: list[Resinfo] = []
    at = 0
    # RFC 8601 §2.2: "none" stands alone (no-result); written after real resinfos (``…; dkim=pass …; none``)
    # authres still accepts it and hands back a result object with no method. It says nothing: skipped, so
    # one forged field cannot take the other results (or the whole chain reading) down with it.
    for r in [r for r in header.results if getattr(r, "method", None)][:MAX_RESULTS]:
        method = str(r.method).lower()
        # The resinfo this result was read from: the next one written with the same method.
        k = next((j for j in range(at, len(parts)) if parts[j][0] == fold(method)), None)
        comments, written = ((), ()) if k is None else parts[k][1:]
        at = at if k is None else k + 1
        props = {f"{p.type}.{p.name}".lower(): str(p.value) for p in r.properties}
        reason = str(r.reason) if r.reason else None
        results.append(Resinfo(method, str(r.result).lower(), reason, props, comments, written))
    return results


def _unquoted(word: str) -> str:
    """An authserv-id as its value: RFC 8601 §2.2 makes it a ``value`` (RFC 2045: token or quoted-string), so
    ``"mx.example.com"`` names mx.example.com (authres refuses the quoted form; the tolerant reader keeps it)."""
    if len(word) > 1 and word[0] == word[-1] == '"':
        return re.sub(r"\\(.)", r"\1", word[1:-1])
    return word


def _idless(value: str) -> bool:
    """Whether the field starts with a result rather than an authserv-id (Microsoft 365's form).

    A first part that merely holds an "=" after its first word is an id followed by junk (Yahoo once wrote
    ``mta1021.mail.ird.yahoo.com from=example.jp; domainkeys=…``): the id is still the first word.
    """
    first = strip_comments(value.split(";", 1)[0])[0]
    return _METHOD_RESULT.match(first.strip()) is not None


_context: Any = None


def _authres() -> Any:
    global _context
    if _context is None:
        import authres

        from inspector.parse.authres_speed import install

        install()
        _context = authres.all_features()
    return _context


def _words(text: str) -> tuple[tuple[str, str], ...]:
    """The ``name=value`` words of a resinfo's text after its ``method=result``."""
    out: list[tuple[str, str]] = []
    for w in _WORD.findall(text):
        name, eq, val = w.partition("=")
        if eq and name and '"' not in name:  # an "=" inside a quoted string is no name=value
            out.append((name.lower(), val.strip('"')))
    return tuple(out)


def _result_parts(value: str) -> list[_Part]:
    """(folded method, comments, written words) of every ``method=result`` resinfo, in order."""
    out = []
    for text, comments in parts_with_comments(value):
        m = _RESINFO_METHOD.match(text)
        if m:
            out.append((fold(m.group(1)), tuple(comments), _words(text[m.end() :])))
    return out


def _is_property_part(name: str) -> bool:
    n = name.lower()
    return n in _PROPERTY_NAMES or "." in n


def _ses_properties(props: dict[str, str], part: str) -> None:
    """Every ``name=value`` of `part` as a property of the result before it (kept whole: an address has "@")."""
    for tok in part.split():
        pm = _PROP.match(tok)
        if pm is None:
            continue
        name, val = pm.group(1).lower(), pm.group(2).strip('"')
        props.setdefault(name, val)
        if name in _PROPERTY_AS:
            props.setdefault(_PROPERTY_AS[name], val)


def _tolerant(value: str, instance: int | None) -> AuthResultsField:
    """Best-effort reading of a value authres refused (or Microsoft's id-less form)."""
    parts = [(text.strip(), comments) for text, comments in parts_with_comments(value)]
    authserv_id: str | None = None
    if parts and _METHOD_RESULT.match(parts[0][0]) is None:
        tokens = parts[0][0].split()
        authserv_id = _unquoted(tokens[0]) if tokens and "=" not in tokens[0] else None
        parts = parts[1:]
    results: list[Resinfo] = []
    for part, comments in parts[:MAX_RESULTS]:
        tokens = part.split()
        if not tokens or (tokens[0].lower() == "none" and len(tokens) == 1):
            continue
        m = _METHOD_RESULT.match(part)
        if m is None:
            continue
        if results and _is_property_part(m.group(1)):
            # Amazon SES ends its spf resinfo with ";": "spf=pass (…) client-ip=…; envelope-from=a@b; helo=h;".
            # Those are properties of the result before them, never methods of their own.
            _ses_properties(results[-1].properties, part)
            continue
        props: dict[str, str] = {}
        reason: str | None = None
        for tok in part[m.end() :].split():
            pm = _PROP.match(tok)
            if pm is None:
                continue
            name, val = pm.group(1).lower(), pm.group(2).strip('"')
            if name == "reason":
                reason = val
            else:
                props[name] = val
        written = _words(part[m.end() :])
        results.append(Resinfo(m.group(1).lower(), m.group(3).lower(), reason, props, tuple(comments), written))
    return AuthResultsField(authserv_id, tuple(results), PARSED_BY_TOLERANT, instance)
