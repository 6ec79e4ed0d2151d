"""RFC 5322 address lists (From, Sender, Reply-To, To), parsed on the raw field, never on decoded text.

Why by hand, and why on the raw text: an RFC 2047 encoded word is only ever display text. Decoding first and
parsing afterwards (what `email.utils.getaddresses(field.decoded)` did) lets an encoded display name supply
its own ``<service@paypal.com>`` or wipe out the real address ("Mailsploit", 2017). Here an encoded word is an
atom like any other: it can be part of a display name, it is decoded only for display afterwards, and when its
decoded text holds ``@``, ``<`` or ``>`` the mailbox says so (`Mailbox.encoded_address`), because a mail
program that shows the decoded name may show that text instead of the real sender.

The standard library's two parsers do not fit: ``email.utils`` recurses per nested comment (a few hundred
"(" raise RecursionError) and guesses on malformed input; ``email.headerregistry`` decodes encoded words
inside the local part of an address, the very thing that must not happen. The differential test
(`tests/unit/test_addresses_differential.py`) checks this parser against ``email.headerregistry`` on generated
well-formed headers, where the two must agree.

The tokenizer is one linear pass with a bounded input; comments nest without recursion.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.ingest.headers import decode_rfc2047

#: Characters of an address field parsed; the rest is ignored with `AddressList.truncated` set.
MAX_FIELD_CHARS = 64 * 1024
#: Mailboxes kept per field.
MAX_MAILBOXES = 1000

_SPECIALS = frozenset('()<>[]:;@\\,."')
_WSP = frozenset(" \t\r\n")


@dataclass(frozen=True, slots=True)
class Mailbox:
    """One mailbox: its address as written (``local@domain``), its display name raw and decoded."""

    address: str
    display_raw: str = ""
    display: str = ""
    #: The decoded text of an encoded word in the display name that contains "@", "<" or ">".
    encoded_address: str | None = None
    #: The group (RFC 5322 §3.4) the mailbox belongs to, if any.
    group: str | None = None

    @property
    def domain(self) -> str | None:
        """The part after the last "@", or None when the address has no "@"."""
        if "@" not in self.address:
            return None
        return self.address.rsplit("@", 1)[1] or None


@dataclass(frozen=True, slots=True)
class AddressList:
    """Every mailbox of a field, and what could not be read as one."""

    mailboxes: tuple[Mailbox, ...] = ()
    #: Pieces between commas that are not a mailbox (no address at all), raw.
    unparsed: tuple[str, ...] = ()
    truncated: bool = False
    #: The first encoded word (in a display name or in a piece that is no mailbox at all) whose decoded text
    #: holds "@", "<" or ">": a mail program showing the decoded text shows an address that is not the sender.
    encoded_address: str | None = None
    #: One phrase per place where two addresses stand in one mailbox without a comma between them
    #: (``<a@x> b@y``, ``a <a@x> <b@y>``, ``a@x b@y``, ``a@x; b@y``): invalid RFC 5322 that mail programs read
    #: differently, the first address or the second. Both are in `mailboxes`.
    malformed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "atom", "qs" (quoted string), "dl" (domain literal), or a special character itself
    text: str  # the token's value (a quoted string without its quotes and escapes)
    raw: str  # the token as written
    space_before: bool


def _skip_comment(value: str, i: int) -> int:
    """The index after the comment (nested, with quoted pairs) that starts at `value[i]`; counts depth, never
    recurses, and an unclosed comment runs to the end."""
    depth, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _quoted(value: str, i: int) -> tuple[str, int]:
    """The content of the quoted string starting at `value[i]` (quoted pairs resolved, line breaks dropped)
    and the index of its closing quote (or the end)."""
    j, n = i + 1, len(value)
    buf: list[str] = []
    while j < n and value[j] != '"':
        if value[j] == "\\" and j + 1 < n:
            j += 1
        if value[j] not in "\r\n":
            buf.append(value[j])
        j += 1
    return "".join(buf), j


def _tokens(value: str) -> list[_Tok]:
    """Atoms, quoted strings, domain literals and specials; comments and folding white space dropped."""
    out: list[_Tok] = []
    i, n = 0, len(value)
    space = False
    while i < n:
        c = value[i]
        if c in _WSP or c == "(":
            i = i + 1 if c in _WSP else _skip_comment(value, i)
            space = True
            continue
        if c == '"':
            text, j = _quoted(value, i)
            # A folded quoted string (or one left open to the end) keeps no line break in its raw form either.
            raw = value[i : j + 1].replace("\r", "").replace("\n", "")
            out.append(_Tok("qs", text, raw, space))
            i = j + 1
        elif c == "[":
            j = value.find("]", i + 1)
            j = n - 1 if j < 0 else j
            # Folding white space may stand inside a domain literal (RFC 5322 §3.4.1): it is not part of it.
            literal = "".join(value[i : j + 1].split())
            out.append(_Tok("dl", literal, literal, space))
            i = j + 1
        elif c in _SPECIALS:
            out.append(_Tok(c, c, c, space))
            i += 1
        else:
            j = i
            while j < n and value[j] not in _SPECIALS and value[j] not in _WSP:
                j += 1
            out.append(_Tok("atom", value[i:j], value[i:j], space))
            i = j
        space = False
    return out


def _phrase_raw(toks: list[_Tok]) -> str:
    return "".join((" " if t.space_before and k else "") + t.raw for k, t in enumerate(toks)).strip()


def _phrase_display(toks: list[_Tok]) -> tuple[str, str | None]:
    """The display name for people (encoded words decoded, quotes removed), and a decoded encoded word holding an
    address-like "@", "<" or ">" if there is one."""
    parts: list[str] = []
    flagged: str | None = None
    prev_encoded = False
    for k, t in enumerate(toks):
        text = t.text
        encoded = t.kind in ("atom", "qs") and "=?" in text and "?=" in text
        if encoded:
            decoded = decode_rfc2047(text)
            if decoded != text and any(ch in decoded for ch in "@<>") and flagged is None:
                flagged = decoded
            text = decoded
        # RFC 2047 §6.2: white space between two adjacent encoded words is not displayed.
        if k and t.space_before and not (encoded and prev_encoded):
            parts.append(" ")
        parts.append(text)
        prev_encoded = encoded and t.kind == "atom"
    return "".join(parts).strip(), flagged


def _addr_spec(toks: list[_Tok]) -> str:
    """An addr-spec as written: local part (dot-atom or quoted) "@" domain; white space and comments dropped."""
    out: list[str] = []
    for t in toks:
        out.append(t.raw)
    return "".join(out)


def _mailbox(toks: list[_Tok], group: str | None) -> Mailbox | None:
    """A mailbox from the tokens between two commas: ``[phrase] <addr-spec>`` or a bare addr-spec."""
    if not toks:
        return None
    opens = [k for k, t in enumerate(toks) if t.kind == "<"]
    if opens:
        start = opens[0]
        end = next((k for k in range(start + 1, len(toks)) if toks[k].kind == ">"), len(toks))
        inner = toks[start + 1 : end]
        # obs-route: "<@relay1,@relay2:user@host>" (commas are split earlier, so only "@relay:" remains)
        colon = next((k for k, t in enumerate(inner) if t.kind == ":"), None)
        if colon is not None and inner and inner[0].kind == "@":
            inner = inner[colon + 1 :]
        phrase = toks[:start]
        display, flagged = _phrase_display(phrase)
        return Mailbox(_addr_spec(inner), _phrase_raw(phrase), display, flagged, group)
    if not any(t.kind == "@" for t in toks):
        return None
    return Mailbox(_addr_spec(toks), "", "", None, group)


def _words(toks: list[_Tok]) -> list[list[_Tok]]:
    """A bare run cut where one address ends and another begins: at a top-level ";" and between two words
    separated by white space (``a@x b@y``); the white space around the dots and "@" of an obs-domain
    (``ceo @ bank . example``) does not cut it."""
    words: list[list[_Tok]] = [[]]
    for k, t in enumerate(toks):
        if t.kind == ";":
            words.append([])
            continue
        word = t.kind in ("atom", "qs", "dl")
        if word and t.space_before and k and toks[k - 1].kind in ("atom", "qs", "dl") and words[-1]:
            words.append([])
        words[-1].append(t)
    return [w for w in words if w]


def _run_mailboxes(toks: list[_Tok], group: str | None) -> tuple[list[Mailbox], list[str]]:
    """The mailboxes of one run between commas, and a sentence when addresses hide beside the first.

    RFC 5322 allows one mailbox there. A run holding two (``<bob@evil.example> alice@bank.example``, a second
    ``<…>``, ``a@x b@y``, ``a@x; b@y``) is malformed, and mail programs disagree on which one they show
    ("Composition Kills", USENIX Security 2020), so DMARC must see every one of them, not the first alone.
    One pass over the run (a loop, no recursion: a hostile field may hold thousands of ``<…>``).
    """
    found: list[Mailbox] = []
    start, n = 0, len(toks)
    while start < n and len(found) < MAX_MAILBOXES:
        lt = next((k for k in range(start, n) if toks[k].kind == "<"), None)
        if lt is None:
            found.extend(_bare_mailboxes(toks[start:], group))
            break
        gt = next((k for k in range(lt + 1, n) if toks[k].kind == ">"), n)
        box = _mailbox(toks[start : gt + 1], group)
        if box is not None and (not found or "@" in box.address):
            found.append(box)
        start = gt + 1
        if not any(t.kind in ("@", "<") for t in toks[start : start + _LOOKAHEAD]):
            break
    others = [b for b in found[1:] if b.address.lower() != found[0].address.lower()]
    if not others:
        return found[:1], []
    return found, [_hidden(found[0], others)]


#: Tokens after an address searched for another one ("<" or "@"); a run of junk longer than this is junk.
_LOOKAHEAD = 64


def _bare_mailboxes(toks: list[_Tok], group: str | None) -> list[Mailbox]:
    """The addr-specs of a run without ``<…>``: one, or several when it holds two "@" or a ";"."""
    if sum(1 for t in toks if t.kind == "@") < 2 and not any(t.kind == ";" for t in toks):
        box = _mailbox(toks, group)
        return [box] if box is not None else []
    return [b for b in (_mailbox(w, group) for w in _words(toks)) if b is not None and "@" in b.address]


def _hidden(first: Mailbox, more: list[Mailbox]) -> str:
    """The sentence for addresses written beside `first` in one mailbox (at most three named)."""
    names = list(dict.fromkeys(b.address for b in more))
    others = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return (
        f"{others} beside {first.address} without a comma between them (invalid RFC 5322): mail programs may "
        "show either address"
    )


def _split(toks: list[_Tok]) -> list[tuple[list[_Tok], str | None]]:
    """The token runs between top-level commas, each with the group it belongs to (groups hold commas)."""
    runs: list[tuple[list[_Tok], str | None]] = []
    current: list[_Tok] = []
    group: str | None = None
    angle = False
    for t in toks:
        if t.kind == "<":
            angle = True
        elif t.kind == ">":
            angle = False
        if not angle and t.kind == ":" and group is None and not any(x.kind in ("<", "@") for x in current):
            group = _phrase_display(current)[0]
            current = []
            continue
        if not angle and t.kind == ";" and group is not None:
            runs.append((current, group))
            current, group = [], None
            continue
        if not angle and t.kind == ",":
            runs.append((current, group))
            current = []
            continue
        if angle and t.kind == ",":
            continue  # obs-route separators inside <…>
        current.append(t)
    runs.append((current, group))
    return runs


def parse_address_list(value: str | None) -> AddressList:
    """Every mailbox of a raw (unfolded, undecoded) address field value."""
    if not value:
        return AddressList()
    truncated = len(value) > MAX_FIELD_CHARS
    toks = _tokens(value[:MAX_FIELD_CHARS])
    boxes: list[Mailbox] = []
    unparsed: list[str] = []
    malformed: list[str] = []
    flagged: str | None = None
    for run, group in _split(toks):
        if len(boxes) >= MAX_MAILBOXES:
            truncated = True
            break
        found, notes = _run_mailboxes(run, group)
        if found:
            boxes.extend(found)
            malformed.extend(notes)
            flagged = flagged or next((b.encoded_address for b in found if b.encoded_address), None)
        elif run:
            unparsed.append(_phrase_raw(run))
            flagged = flagged or _phrase_display(run)[1]
    return AddressList(tuple(boxes[:MAX_MAILBOXES]), tuple(unparsed), truncated, flagged, tuple(malformed))
