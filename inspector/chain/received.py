"""Parsing one Received field into a `ParsedHop`.

The field is lexed once (`lexer.lex`), the date is found after the last top-level ``;`` that yields one
(earlier ``;`` and a semicolon-less tail are tried next), and the remaining tokens are cut into clauses at
keywords that stand at depth 0 (``from by via with id for envelope-from``). Clause contents are interpreted
with small checks on short tokens, never a regex over the whole field. Which name is the HELO and which the
reverse DNS depends on the MTA that wrote the line (the "profile": Postfix, Exim, qmail, Exchange …), as
SpamAssassin's per-MTA knowledge describes. Written by hand: no library parses Received fields reliably
(docs/notes/received-chain.md §1). Never raises; bounded by the lexer's caps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from inspector.chain.dates import DATE_START, ParsedDate, parse_date
from inspector.chain.ipaddr import FoundIp, IPAddress, find_ip, ip_text, scope
from inspector.chain.lexer import ANGLE, COMMENT, LITERAL, QUOTED, SEMI, WORD, Token, lex

KEYWORDS = frozenset({"from", "by", "via", "with", "id", "for", "envelope-from", "envelope-sender"})
_HELO_WORDS = frozenset({"helo", "ehlo", "lhlo", "hello"})
_NO_RDNS = frozenset({"unknown", "softdnserr", "[..]", "unverified"})
_AUTH_PROTOCOLS = frozenset(
    {"ESMTPA", "ESMTPSA", "LMTPA", "LMTPSA", "UTF8SMTPA", "UTF8SMTPSA", "UTF8LMTPA", "UTF8LMTPSA", "ASMTP"}
)
_HTTP_PROTOCOLS = frozenset({"HTTP", "HTTPS", "HTTPU", "HTTPREST"})
_COMMENT_AUTH = (
    re.compile(r"authenticated sender:\s*(\S*)", re.I),
    re.compile(r"\bauthenticated bits=\d+", re.I),
    re.compile(r"\bauthenticated as\s+\S+", re.I),
    re.compile(r"\bAUTH:\s*\w+(?:\s+[^,)\s]+)?", re.I),
    re.compile(r"\bauthenticated user\s+\S+", re.I),
    re.compile(r"^account\s+\S+", re.I),
    re.compile(r"\bwith login\b", re.I),
)
_ENVELOPE = re.compile(r"\b(?:envelope-from|envelope-sender|return-path)\s*<?([^\s<>,;()]*)>?", re.I)
_TLS_POSTFIX = re.compile(r"using\s+(TLSv[\d.]+|SSLv\d)\s+with cipher\s+(\S+)(?:\s+\((\d+/\d+) bits\))?", re.I)
_TLS_KV = re.compile(r"version=(TLS[\w.]*|SSLv[\w/]+)[,\s]+cipher=([\w-]+)(?:[,\s]+bits=(\d+(?:/\d+)?))?", re.I)
_TLS_EXIM = re.compile(r"^(TLS[\w.-]*|SSLv[\d.]+):([\w-]+):(\d+)$")
_TLS_COURIER = re.compile(r"SSL:\s*([\w/.]+),\s*(\d+)\s*bits,\s*([\w-]+)", re.I)
_CLIENT_CN = re.compile(r'Client CN "([^"]*)"(?:.*?\(verified (OK|FAIL)\))?', re.I)
_SOFTWARE_HINT = re.compile(
    r"postfix|exim|sendmail|qmail|domino|microsoft|smtpsvc|exchange|zimbra|halon|haraka|cyrus|communigate|"
    r"powermta|ecelerity|mdaemon|opensmtpd|xmail|scalix|smtpd|\(sg\)|^sg$|amavis|fetchmail|mailenable|"
    r"magicmail|spam firewall|jetsend|navgw|messaging server|\d+\.\d+\.\d+/",
    re.I,
)
_MAX_COMMENT_SCAN = 2000
#: A from-clause comment starting with one of these words holds no host, address or HELO.
_SKIP_FROM_COMMENTS = frozenset({"using", "client", "no", "authenticated", "auth:", "envelope-from", "envelope-sender"})
#: The lexer's WORD at the start of a text (same characters as `lexer._WORD`).
_LEAD_WORD = re.compile(r'[^ ();"\[<]+')
_HOSTNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$")
#: A ``with`` protocol written by Microsoft's servers (the "exchange" profile).
_MICROSOFT_PROTOCOL = re.compile(r"microsoft|smtpsvc|mapi", re.I)
#: A by-clause comment that is a marker, not the receiving software's name.
_NOT_SOFTWARE = re.compile(r"authenticated|envelope-", re.I)
#: Exchange's "(TLS)" comment: the hop was encrypted.
_TLS_COMMENT = re.compile(r"\(TLS\)")


@dataclass(slots=True)
class ParsedHop:
    """What one Received field says, before any chain-level analysis."""

    header_index: int
    raw: str
    text: str = ""
    from_name: str | None = None
    from_helo: str | None = None
    from_rdns: str | None = None
    rdns_state: str = "not_recorded"
    ip: IPAddress | None = None
    ip_invalid: str | None = None
    from_port: int | None = None
    ident: str | None = None
    by_host: str | None = None
    by_ip: IPAddress | None = None
    by_software: str | None = None
    protocol: str | None = None
    via: str | None = None
    queue_id: str | None = None
    for_addr: str | None = None
    envelope_from: str | None = None
    auth: str | None = None
    flags: list[str] = field(default_factory=list)
    tls_version: str | None = None
    tls_cipher: str | None = None
    tls: str | None = None
    when: datetime | None = None
    date_raw: str | None = None
    tz_offset_minutes: int | None = None
    tz_state: str = "none"
    date_issues: list[str] = field(default_factory=list)
    kind: str = "smtp_relay"
    profile: str = "generic"
    comments: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Where, in the cleaned text, a second trace field starts when two were glued into one (else None).
    glue_at: int | None = None
    #: received (a Received field), x_received (Google's internal X-Received), synthetic_originating_ip.
    source: str = "received"
    #: The header field a synthetic hop was built from ("X-Originating-IP" …); None for trace fields.
    source_header: str | None = None

    @property
    def from_ip(self) -> str | None:
        """The connecting IP as text (None when absent or invalid)."""
        return ip_text(self.ip) if self.ip is not None else None

    @property
    def ip_scope(self) -> str | None:
        """Scope of the connecting IP (None without one)."""
        return scope(self.ip, invalid=self.ip is None and self.ip_invalid is not None)

    @property
    def from_host(self) -> str | None:
        """The name to show for the sending side: rDNS when recorded, else the HELO."""
        return self.from_rdns or self.from_helo or self.from_name


def _flag(h: ParsedHop, name: str) -> None:
    if name not in h.flags:
        h.flags.append(name)


def _find_date(tokens: tuple[Token, ...]) -> tuple[ParsedDate | None, int, list[Token], list[str]]:
    """The date, the index of the token where clauses stop, the tokens after the date, and issues."""
    semis = [i for i, t in enumerate(tokens) if t.kind == SEMI]
    for si in reversed(semis[-4:]):
        parsed, trailing = _date_from(tokens[si + 1 :])
        if parsed is not None:
            issues = [] if si == semis[-1] else ["date_not_after_last_semicolon"]
            if trailing and any(t.kind != COMMENT for t in trailing):
                issues.append("text_after_date")
            return parsed, si, trailing, issues
    # No usable ";": look for a date-shaped run at the end (SendGrid, MHA samples).
    plain = [i for i, t in enumerate(tokens) if t.kind == WORD]
    for start in plain[-12:]:
        if not DATE_START.match(tokens[start].text):
            continue
        parsed, trailing = _date_from(tokens[start:])
        if parsed is not None and not any(t.kind not in (COMMENT, SEMI) for t in trailing):
            return parsed, start, list(trailing), ["no_semicolon"]
    # An unclosed last comment that holds "…; date" (Jetsend).
    last = tokens[-1] if tokens else None
    if last is not None and last.kind == COMMENT and ";" in last.text:
        tail = last.text.rsplit(";", 1)[1]
        parsed = parse_date(tail)
        if parsed is not None:
            return parsed, len(tokens), [], ["date_inside_comment"]
    issues = ["missing"]
    if semis and any(t.kind != COMMENT for t in tokens[semis[-1] + 1 :]):
        issues = ["unparsed_date"]
    return None, semis[-1] if semis else len(tokens), [], issues


def _date_from(tokens: tuple[Token, ...] | list[Token]) -> tuple[ParsedDate | None, list[Token]]:
    """Parse a date from the non-comment tokens; return the tokens left after it.

    Comments after the date text stay with the trailing part (envelope-from after the date). Only the
    first 200 characters of words are joined: the date reader looks no further.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []  # (token index, character offset in the joined text)
    length = 0
    for i, t in enumerate(tokens):
        if t.kind == COMMENT or t.kind == SEMI:
            continue
        if length > 200:
            break
        offsets.append((i, length))
        parts.append(t.text)
        length += len(t.text) + 1
    parsed = parse_date(" ".join(parts))
    if parsed is None:
        return None, []
    last_date_tok = max((i for i, off in offsets if off < parsed.consumed), default=-1)
    return parsed, list(tokens[last_date_tok + 1 :])


def _clauses(tokens: list[Token]) -> tuple[list[Token], list[tuple[str, list[Token]]]]:
    """Cut tokens into (keyword, tokens) clauses; tokens before the first keyword are the preamble."""
    preamble: list[Token] = []
    clauses: list[tuple[str, list[Token]]] = []
    for i, t in enumerate(tokens):
        if t.kind == SEMI:
            continue
        kw = t.text.lower() if t.kind == WORD else ""
        if kw in KEYWORDS:
            if kw == "for":
                nxt = next((u for u in tokens[i + 1 :] if u.kind not in (COMMENT, SEMI)), None)
                if nxt is None or not (nxt.kind == ANGLE or "@" in nxt.text):
                    kw = ""  # "for mailman id": not a recipient
            if kw == "from" and any(k == "by" for k, _ in clauses):
                nxt = next((u for u in tokens[i + 1 :] if u.kind != COMMENT), None)
                if nxt is not None and nxt.kind == ANGLE:
                    kw = "envelope-from"  # XMail / IBM: "for <x> from <y>"
            if kw:
                clauses.append((kw, []))
                continue
        if clauses:
            clauses[-1][1].append(t)
        else:
            preamble.append(t)
    return preamble, clauses


def _words(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens if t.kind in (WORD, QUOTED)).strip(" ,")


def _first_value(tokens: list[Token]) -> str | None:
    for t in tokens:
        if t.kind == WORD:
            return t.text.strip(",;")
        if t.kind == ANGLE:
            return f"<{t.text}>"
        if t.kind == LITERAL:
            return f"[{t.text}]"
    return None


def _interpret_comment_markers(h: ParsedHop, text: str) -> None:
    """Authentication markers, TLS details and envelope-from in any comment."""
    scan = text[:_MAX_COMMENT_SCAN]
    low = scan.lower()
    # Cheap substring tests first: most comments carry none of these markers (speed on long chains).
    if h.auth is None and ("auth" in low or "account" in low or "login" in low):
        for rx in _COMMENT_AUTH:
            m = rx.search(scan)
            if m:
                h.auth = m.group(0).strip()
                break
    m = _ENVELOPE.search(scan) if ("envelope" in low or "return-path" in low) else None
    if m and h.envelope_from is None and m.group(1):
        h.envelope_from = m.group(1)
    if "tls" not in low and "ssl" not in low and "client cn" not in low:
        if "may be forged" in low:
            h.rdns_state = "flagged"
        return
    for rx in (_TLS_POSTFIX, _TLS_KV):
        m = rx.search(scan)
        if m and h.tls_version is None:
            h.tls_version, h.tls_cipher = m.group(1), m.group(2)
            h.tls = " ".join(x for x in (m.group(1), m.group(2), m.group(3) and f"{m.group(3)} bits") if x)
    m = _TLS_EXIM.match(scan.strip())
    if m and h.tls_version is None:
        h.tls_version, h.tls_cipher = m.group(1), m.group(2)
        h.tls = f"{m.group(1)} {m.group(2)} {m.group(3)} bits"
    m = _TLS_COURIER.search(scan)
    if m and h.tls_version is None:
        h.tls_version, h.tls_cipher = m.group(1), m.group(3)
        h.tls = f"{m.group(1)} {m.group(3)} {m.group(2)} bits"
    m = _CLIENT_CN.search(scan)
    if m:
        cert = f'client certificate CN "{m.group(1)}"' + (f" (verified {m.group(2)})" if m.group(2) else "")
        h.tls = f"{h.tls}; {cert}" if h.tls else cert
    if "may be forged" in low:
        h.rdns_state = "flagged"


@dataclass(slots=True)
class _FromClues:
    """What a from-clause says, gathered in one pass before any of it is put on the hop.

    Which name is the HELO and which the reverse DNS is only known once the whole clause has been read
    (the MTA's profile can come from its last comment), so the reading and the assigning are two steps.
    """

    name: str | None = None
    name_ip: FoundIp | None = None
    #: Addresses inside comments (``(host [1.2.3.4])``) and bare literals after the name (``[1.2.3.4]``).
    comment_ips: list[FoundIp] = field(default_factory=list)
    top_ips: list[FoundIp] = field(default_factory=list)
    #: A host name written next to an address in a comment: the reverse DNS, for Postfix and sendmail.
    rdns_cand: str | None = None
    #: The HELO as a keyword gives it (``helo x``, ``claiming to be "x"``, ``"EHLO x"``) and as Exim's helo=x.
    helo_kw: str | None = None
    helo_eq: str | None = None
    #: Some comment said the reverse lookup found nothing (``unknown``, ``rdns failed``).
    none_found: bool = False
    profile: str | None = None


def _interpret_from(h: ParsedHop, tokens: list[Token]) -> None:
    """Names, address, port and ident from the from-clause, by the MTA's shape."""
    clues = _read_from_clause(h, tokens)
    _set_connecting_ip(h, clues)
    h.from_name = clues.name
    h.profile = clues.profile or _guess_profile(h, clues)
    _assign_helo_and_rdns(h, clues)
    _settle_rdns(h, clues.none_found)


def _read_from_clause(h: ParsedHop, tokens: list[Token]) -> _FromClues:
    """One pass over the clause's tokens: the name, bare literals and ports, ``claiming``, and each comment."""
    clues = _FromClues()
    for idx, t in enumerate(tokens):
        if t.kind in (WORD, LITERAL) and clues.name is None:
            clues.name = t.text if t.kind == WORD else f"[{t.text}]"
            clues.name_ip = find_ip(t.text)
        elif t.kind == LITERAL:
            found = find_ip(t.text)
            if found is not None:
                clues.top_ips.append(found)
        elif t.kind == WORD:
            _read_from_word(tokens, idx, clues)
        elif t.kind == COMMENT:
            _read_from_comment(h, t.text, clues)
    return clues


def _read_from_word(tokens: list[Token], idx: int, clues: _FromClues) -> None:
    """A word after the name: a ``:port`` for the last bare literal, or obtuse smtpd's ``claiming to be "x"``."""
    w = tokens[idx].text
    if w.startswith(":") and w[1:].isdigit() and clues.top_ips:
        last = clues.top_ips[-1]
        clues.top_ips[-1] = FoundIp(last.ip, int(w[1:]), last.invalid)
    elif w.lower() == "claiming" and idx + 3 < len(tokens) + 1:
        quoted = next((u for u in tokens[idx + 1 :] if u.kind == QUOTED), None)
        if quoted is not None:
            clues.helo_kw = quoted.text
            clues.profile = "obtuse"


def _read_from_comment(h: ParsedHop, text: str, clues: _FromClues) -> None:
    """A comment of the from-clause: markers (auth, TLS, envelope) always, names and addresses if it has any."""
    h.comments.append(text)
    _interpret_comment_markers(h, text)
    # The first word decides whether the comment is read at all; it is the lexer's first WORD token
    # (a comment starting with a delimiter has none), found without lexing the whole comment.
    lead = _LEAD_WORD.match(text)
    first_word = lead.group().lower() if lead else ""
    if first_word in _SKIP_FROM_COMMENTS:
        return
    if first_word in {"single-drop", "mail", "squirrelmail"} or "authenticated" in text.lower():
        if first_word == "mail":
            h.ident = "mail"
        return
    _scan_from_comment(h, lex(text[:_MAX_COMMENT_SCAN], already_clean=True).tokens, first_word, clues)


@dataclass(slots=True)
class _CommentScan:
    """Per comment: the first host-like word before any address, and whether an address was seen."""

    host_word: str | None = None
    saw_ip: bool = False


def _scan_from_comment(h: ParsedHop, sub: tuple[Token, ...], first_word: str, clues: _FromClues) -> None:
    """The tokens of one from-clause comment: HELO keywords, ``helo=``, ``ident=``, addresses, rDNS words."""
    scan = _CommentScan()
    j = 0
    while j < len(sub):
        s = sub[j]
        low = s.text.lower()
        if s.kind == WORD and low in _HELO_WORDS:
            j = _read_helo_keyword(sub, j, first_word, clues)
        elif s.kind == WORD and low == "account":
            j += 2
            clues.profile = "communigate"
        else:
            j = _read_comment_token(h, sub, j, clues, scan) + 1
    if scan.host_word and scan.saw_ip and clues.rdns_cand is None:
        clues.rdns_cand = scan.host_word


def _read_helo_keyword(sub: tuple[Token, ...], j: int, first_word: str, clues: _FromClues) -> int:
    """``helo NAME`` (qmail) or ``account NAME helo …`` (CommuniGate); returns the index after it."""
    nxt = sub[j + 1] if j + 1 < len(sub) else None
    if nxt is not None and nxt.kind in (WORD, LITERAL):
        clues.helo_kw = nxt.text if nxt.kind == WORD else f"[{nxt.text}]"
        j += 2
    else:
        clues.helo_kw = ""
        j += 1
    clues.profile = clues.profile or ("communigate" if first_word == "account" else "qmail")
    return j


def _read_comment_token(h: ParsedHop, sub: tuple[Token, ...], j: int, clues: _FromClues, scan: _CommentScan) -> int:
    """One other token of a from-clause comment; returns the index of the last token it used."""
    s = sub[j]
    low = s.text.lower()
    if s.kind == QUOTED and low[:5] in ("ehlo ", "helo "):
        clues.helo_kw = s.text[5:].strip()
        clues.profile = "zmailer"
    elif s.kind == WORD and low.startswith("helo="):
        clues.helo_eq = s.text[5:] or (
            f"[{sub[j + 1].text}]" if j + 1 < len(sub) and sub[j + 1].kind == LITERAL else ""
        )
        clues.profile = "exim"
    elif s.kind == WORD and low.startswith("ident="):
        h.ident = s.text[6:] or (sub[j + 1].text if j + 1 < len(sub) else None)
    elif s.kind == LITERAL:
        return _read_comment_literal(h, sub, j, clues, scan)
    elif s.kind == WORD:
        return _read_comment_word(sub, j, clues, scan)
    return j


def _read_comment_literal(h: ParsedHop, sub: tuple[Token, ...], j: int, clues: _FromClues, scan: _CommentScan) -> int:
    """``[1.2.3.4]`` in a comment, with a following ``:port``; returns the index of the last token used."""
    found = find_ip(sub[j].text)
    if found is None:
        if sub[j].text == "":
            h.warnings.append("empty address literal")
        return j
    clues.comment_ips.append(found)
    scan.saw_ip = True
    if j + 1 < len(sub) and sub[j + 1].kind == WORD and sub[j + 1].text.startswith(":"):
        port = sub[j + 1].text[1:]
        if port.isdigit():
            clues.comment_ips[-1] = FoundIp(found.ip, int(port), found.invalid)
            return j + 1
    return j


def _read_comment_word(sub: tuple[Token, ...], j: int, clues: _FromClues, scan: _CommentScan) -> int:
    """A bare word in a comment: an address, a "no reverse DNS" marker, or the host name (rDNS candidate)."""
    word = sub[j].text
    low = word.lower()
    found = find_ip(word)
    if found is not None:
        clues.comment_ips.append(found)
        scan.saw_ip = True
    elif low in _NO_RDNS:
        clues.none_found = True
    elif low == "rdns" and j + 1 < len(sub) and sub[j + 1].text.lower() == "failed":
        clues.none_found = True
        return j + 1
    elif low != "verified" and not scan.saw_ip and scan.host_word is None and _HOSTNAME.match(word):
        scan.host_word = word
    return j


def _set_connecting_ip(h: ParsedHop, clues: _FromClues) -> None:
    """The connecting address: inside comments first, then a bare literal, then the name itself."""
    ip_found = next(iter(clues.comment_ips), None) or next(iter(clues.top_ips), None)
    if ip_found is None and clues.name_ip is not None:
        ip_found = clues.name_ip
    if ip_found is not None:
        h.ip, h.from_port, h.ip_invalid = ip_found.ip, ip_found.port, ip_found.invalid
        if ip_found.invalid:
            h.warnings.append(f"invalid IP address {ip_found.invalid!r}")


def _guess_profile(h: ParsedHop, clues: _FromClues) -> str:
    """The MTA's shape when no keyword of the clause named it: from helo=, an rDNS comment, the software."""
    software = (h.by_software or "").lower()
    if clues.helo_eq is not None or "exim" in software:
        return "exim"
    if clues.rdns_cand is not None:
        return "postfix" if "postfix" in software else "sendmail-like"
    if h.protocol and _MICROSOFT_PROTOCOL.search(h.protocol):
        return "exchange"
    if "domino" in software:
        return "domino"
    return "generic"


def _assign_helo_and_rdns(h: ParsedHop, clues: _FromClues) -> None:
    """Which name is the HELO and which the reverse DNS, by profile (SpamAssassin's per-MTA knowledge)."""
    name = clues.name
    if h.profile in ("qmail", "zmailer", "obtuse", "exim"):
        # The name outside the comment is the reverse DNS (or an address); the HELO is in a keyword.
        name_is_addr = name is not None and (clues.name_ip is not None or name.startswith("["))
        if name is not None and not name_is_addr:
            if name.lower() in _NO_RDNS:
                clues.none_found = True
            else:
                h.from_rdns = name
        h.from_helo = clues.helo_kw if clues.helo_kw is not None else clues.helo_eq
        if h.from_helo is None and (h.profile == "exim" or name_is_addr):
            h.from_helo = name
    elif h.profile == "communigate":
        h.from_helo = clues.helo_kw
    else:
        # Postfix and sendmail-like: the name is the HELO, the comment's host (if any) the reverse DNS.
        h.from_helo = name
        if clues.rdns_cand is not None:
            h.from_rdns = clues.rdns_cand


def _settle_rdns(h: ParsedHop, none_found: bool) -> None:
    """Empty HELOs and "unknown" reverse names become absent; the hop's rDNS state follows."""
    if h.from_helo == "":
        h.from_helo = None
    if h.from_rdns:
        h.from_rdns = h.from_rdns.rstrip(".")
        if h.from_rdns.lower() in _NO_RDNS:
            h.from_rdns = None
            none_found = True
    if h.rdns_state != "flagged":
        if h.from_rdns:
            h.rdns_state = "present"
        elif none_found:
            h.rdns_state = "none_found"


def _comment_ip(sub: tuple[Token, ...]) -> FoundIp | None:
    """The address in a by/from comment shaped ``(ip)``, ``([ip])`` or ``(host [ip])`` (not ``(NAVGW 2.5.2.12)``)."""
    if not sub:
        return None
    first = find_ip(sub[0].text) if sub[0].kind in (WORD, LITERAL) else None
    if first is not None:
        return first
    if len(sub) > 1 and sub[1].kind == LITERAL:
        return find_ip(sub[1].text)
    return None


def _interpret_by(h: ParsedHop, tokens: list[Token]) -> None:
    """The receiving host (its name, its address) and the software named in the by-clause's comments."""
    words: list[str] = []
    collecting = True
    for t in tokens:
        if t.kind == WORD and collecting:
            if not (t.text.startswith(":") and words):  # a ":port" after the name is not part of it
                words.append(t.text.strip(","))
        elif t.kind == LITERAL:
            _by_literal(h, t.text, before_name=not words)
            collecting = False
        else:
            collecting = False
            if t.kind == COMMENT:
                _by_comment(h, t.text)
    if words:
        _set_by_host(h, words)


def _by_literal(h: ParsedHop, text: str, *, before_name: bool) -> None:
    """``by [1.2.3.4]``: the receiving host's address (a literal in place of the name wins over one after it)."""
    f = find_ip(text)
    if f is not None and f.ip is not None and (before_name or h.by_ip is None):
        h.by_ip = f.ip


def _by_comment(h: ParsedHop, text: str) -> None:
    """A by-clause comment: the receiving host's address (``(10.1.2.3)``), else the software's name."""
    h.comments.append(text)
    _interpret_comment_markers(h, text)
    found = _comment_ip(lex(text[:_MAX_COMMENT_SCAN], already_clean=True).tokens)
    if found is not None:
        if h.by_ip is None and found.ip is not None:
            h.by_ip = found.ip
        elif found.invalid:
            h.warnings.append(f"invalid IP address {found.invalid!r} for the by-host")
    elif h.by_software is None and not _NOT_SOFTWARE.match(text):
        h.by_software = text[:200]


def _set_by_host(h: ParsedHop, words: list[str]) -> None:
    """The by-host from the clause's leading words (several words or a mailbox are warned about)."""
    host = " ".join(words)
    h.by_host = host[:255]
    f = find_ip(host)
    if f is not None and f.ip is not None and h.by_ip is None:
        h.by_ip = f.ip
    if "@" in host:
        h.warnings.append("the by-host is a mailbox, not a host name")
    if len(words) > 1:
        h.warnings.append("multi-word by-host")


def _interpret_with(h: ParsedHop, tokens: list[Token]) -> None:
    value = _words(tokens)
    if h.protocol is None:
        h.protocol = value[:200] or None
    elif value:
        h.warnings.append("duplicate 'with' clause")
    for t in tokens:
        if t.kind == COMMENT:
            h.comments.append(t.text)
            _interpret_comment_markers(h, t.text)
            if h.by_software is None and _SOFTWARE_HINT.search(t.text[:200]):
                h.by_software = t.text[:200]
        elif t.kind == LITERAL and h.by_software is None:
            h.by_software = t.text[:200]  # XMail: with [XMail 1.20 ESMTP Server]


def _protocol_flags(h: ParsedHop) -> None:
    proto = (h.protocol or "").strip()
    word = proto.split(" ", 1)[0].upper() if proto else ""
    base = word.split("/", 1)[0]
    comments = " ".join(h.comments)
    if base.startswith(("ESMTP", "UTF8SMTP")):
        _flag(h, "esmtp")
    if base.startswith("UTF8"):
        _flag(h, "utf8")
    if base.startswith(("LMTP", "UTF8LMTP")):
        _flag(h, "lmtp")
    if base.endswith(("S", "SA")) and base.startswith(("ESMTP", "LMTP", "UTF8")) and base not in ("ESMTPA",):
        _flag(h, "tls")
    if "/TLS/" in word:
        _flag(h, "tls")
        if h.tls is None:
            h.tls = proto.split("/TLS/", 1)[1].split(" ", 1)[0]
            h.tls_cipher = h.tls
    if base in _AUTH_PROTOCOLS or base.endswith("SA") or (base.endswith("A") and base[:-1] in ("ESMTP", "LMTP")):
        _flag(h, "auth")
        h.auth = h.auth or f"with {word}"
    if base in _HTTP_PROTOCOLS:
        _flag(h, "http")
        h.auth = h.auth or f"with {word}"
    if base == "MAPI":
        _flag(h, "mapi")
        h.auth = h.auth or "with mapi (mailbox submission)"
    if base == "LOCAL":
        _flag(h, "local")
    if base in ("POP3", "IMAP", "POP", "IMAPS", "POP3S") or "fetchmail" in comments.lower():
        _flag(h, "fetch")
    if h.tls_version or (h.protocol and _TLS_COMMENT.search(comments) and "microsoft" in proto.lower()):
        _flag(h, "tls")
    if (h.via or "").upper().startswith("HTTP"):
        _flag(h, "http")
        h.auth = h.auth or f"via {h.via}"
    if h.auth is not None:
        _flag(h, "auth")


def _kind(h: ParsedHop, text_lower: str) -> str:
    scope_ = h.ip_scope
    if "fetch" in h.flags:
        return "fetch"
    if "invoked by uid" in text_lower or "from userid" in text_lower or "invoked from network" in text_lower:
        return "local_injection"
    if "listexpand" in text_lower or "outflank-mailman" in text_lower:
        return "list_expansion"
    if "lmtp" in h.flags:
        return "lmtp_delivery"
    if "local" in h.flags or (h.by_software and "/submit" in h.by_software.lower()):
        return "local_injection"
    if h.from_name and h.from_name.startswith("/"):
        return "local_injection"
    if any(c.lower().startswith("from ") and "@localhost" in c.lower() for c in h.comments):
        return "local_injection"
    software = (h.by_software or "").lower()
    if "amavis" in software or (h.protocol or "").lower().startswith("qmail-scanner"):
        return "content_filter"
    if h.by_ip is not None and h.by_ip.is_loopback and scope_ is not None:
        return "content_filter"
    if h.auth is not None:
        return "submission"
    if scope_ == "loopback":
        return "content_filter"
    if h.by_host and h.ip is None and h.from_name is None and find_ip(h.by_host) is not None:
        return "internal_provider"
    return "smtp_relay"


#: At most this many trace fields are read out of one glued field.
MAX_GLUED_PARTS = 8


def _glue_point(tokens: tuple[Token, ...]) -> int | None:
    """Where a second trace field starts inside this one, as a position in the cleaned text, or None.

    Two shapes: a ``Received:`` (or ``X-Received:``) word at depth 0 after the start, and a date followed
    directly (comments aside) by a second ``from`` that has a ``by`` after it — a trace field ends with its
    date, so a new ``from … by …`` after one is the start of another field whose line break was lost.
    """
    froms: list[int] = []
    bys: list[int] = []
    for i, t in enumerate(tokens):
        if t.kind != WORD:
            continue
        low = t.text.lower()
        if i > 0 and low.startswith(("received:", "x-received:")):
            return t.pos
        if low == "from" and len(froms) < MAX_GLUED_PARTS:
            froms.append(i)
        elif low == "by":
            bys.append(i)
    if len(froms) < 2 or not bys or bys[-1] < froms[1]:
        return None
    for fi in froms[1:]:
        si = next((j for j in range(fi - 1, -1, -1) if tokens[j].kind == SEMI), None)
        if si is None or not any(b > fi for b in bys):
            continue
        parsed, trailing = _date_from(tokens[si + 1 : fi])
        if parsed is not None and all(t.kind == COMMENT for t in trailing):
            return tokens[fi].pos
    return None


def parse_received_field(value: str, header_index: int = 0) -> list[ParsedHop]:
    """The hops of one Received field, newest first: one, or several when trace fields were glued together.

    A glued field is split only when every part reads as a trace line on its own (a from or by clause
    and a date); otherwise it stays one hop with a warning. The parts keep the field's header index and
    their unfolded text as `raw`. Never raises.
    """
    first = parse_received(value, header_index)
    if first.glue_at is None:
        return [first]
    parts: list[str] = []
    rest = first.text
    cut: int | None = first.glue_at
    while cut is not None and len(parts) < MAX_GLUED_PARTS - 1:
        parts.append(rest[:cut].strip())
        rest = rest[cut:]
        low = rest.lower()
        for prefix in ("x-received:", "received:"):
            if low.startswith(prefix):
                rest = rest[len(prefix) :]
                break
        rest = rest.strip()
        cut = _glue_point(lex(rest, already_clean=True).tokens)
    parts.append(rest)
    hops = [parse_received(p, header_index) for p in parts]
    if all(h.when is not None and (h.by_host or h.by_ip or h.from_name) for h in hops) and len(hops) > 1:
        note = f"split: this Received field held {len(hops)} trace fields glued together (a lost line break)"
        for h in hops:
            h.warnings.append(note)
            h.glue_at = None
        return hops
    first.warnings.append(
        "this Received field seems to hold two trace fields glued together; they could not be told apart "
        "safely, so it is shown as one"
    )
    return [first]


def parse_received(value: str, header_index: int = 0) -> ParsedHop:
    """Parse the value of one Received field (folded or not). Never raises."""
    try:
        return _parse(value, header_index)
    except Exception as exc:  # noqa: BLE001 - hostile input must become an "unparseable" hop, never an error
        h = ParsedHop(header_index=header_index, raw=value[:4096], kind="unparseable")
        h.warnings.append(f"parser error: {type(exc).__name__}")
        return h


def _parse(value: str, header_index: int) -> ParsedHop:
    lexed = lex(value)
    h = ParsedHop(header_index=header_index, raw=value if len(value) <= 16384 else value[:16384], text=lexed.text)
    h.warnings.extend(lexed.warnings)
    tokens = lexed.tokens
    if not tokens:
        h.kind = "junk"
        h.warnings.append("empty Received field")
        return h
    low_text = lexed.text.lower()
    if "received:" in low_text or low_text.count("from") > 1:  # cheap test before the token walk
        h.glue_at = _glue_point(tokens)
    parsed, cut, trailing, issues = _find_date(tokens)
    h.date_issues.extend(issues)
    if parsed is not None:
        _set_date(h, parsed)
    body = [t for t in tokens[:cut] if t.kind != SEMI] + [t for t in trailing if t.kind != SEMI]
    preamble, clauses = _clauses(body)
    _warn_duplicate_clauses(h, clauses)
    by_toks = next((toks for kw, toks in clauses if kw == "by"), None)
    from_toks = next((toks for kw, toks in clauses if kw == "from"), None)
    # Comments of the preamble: "(qmail N invoked from network)", "(from user@localhost)", "(majordomo@x)".
    _keep_comments(h, preamble)
    if from_toks is None:
        from_toks = _from_without_keyword(h, preamble, by_toks)
    # by and with first: the profile depends on the receiving software.
    if by_toks is not None:
        _interpret_by(h, by_toks)
        if not h.by_host and h.by_ip is None:
            h.warnings.append("empty by-host")
    for kw, toks in clauses:
        if kw != "by" and not (kw == "from" and toks is from_toks):
            _interpret_clause(h, kw, toks)
    _keep_comments(h, trailing)
    if from_toks is not None:
        _interpret_from(h, from_toks)
    _protocol_flags(h)
    if h.envelope_from is not None:
        h.envelope_from = h.envelope_from.strip("<>")
    h.kind = _kind(h, low_text)
    if from_toks is None and by_toks is None and h.when is None:
        h.kind = "junk" if len(h.text) < 200 and not clauses else "unparseable"
        h.warnings.append("not a trace line: no from, no by and no date")
    elif from_toks is None and by_toks is None:
        h.warnings.append("no from and no by clause")
    return h


def _set_date(h: ParsedHop, parsed: ParsedDate) -> None:
    h.when = parsed.when
    h.date_raw = parsed.raw
    h.tz_offset_minutes = parsed.offset_minutes
    h.tz_state = parsed.tz_state
    h.date_issues.extend(parsed.issues)


def _warn_duplicate_clauses(h: ParsedHop, clauses: list[tuple[str, list[Token]]]) -> None:
    """A second from / by / with / id clause: two trace fields glued, or a forged line."""
    seen: dict[str, int] = {}
    for kw, _toks in clauses:
        seen[kw] = seen.get(kw, 0) + 1
    for kw, n in seen.items():
        if n > 1 and kw in ("from", "by", "with", "id"):
            h.warnings.append(f"duplicate '{kw}' clause")


def _keep_comments(h: ParsedHop, tokens: Sequence[Token]) -> None:
    """Keep the comments among `tokens` on the hop, and read their markers (auth, TLS, envelope-from)."""
    for t in tokens:
        if t.kind == COMMENT:
            h.comments.append(t.text)
            _interpret_comment_markers(h, t.text)


def _from_without_keyword(h: ParsedHop, preamble: list[Token], by_toks: list[Token] | None) -> list[Token] | None:
    """The sending side when no ``from`` keyword names it: a ``(from host [ip])`` comment, or bare words."""
    pre_comment = next((t for t in preamble if t.kind == COMMENT and t.text.lower().startswith("from ")), None)
    if pre_comment is not None:
        sub = lex(pre_comment.text[5:], already_clean=True).tokens
        return list(sub) if any(find_ip(s.text) for s in sub if s.kind in (WORD, LITERAL)) else None
    if by_toks is not None and any(t.kind in (WORD, LITERAL) for t in preamble):
        h.warnings.append("no 'from' keyword before the sending host")
        return list(preamble)
    return None


def _interpret_clause(h: ParsedHop, kw: str, toks: list[Token]) -> None:
    """One clause other than ``by`` and the ``from`` that names the sender (those are read on their own)."""
    if kw == "with":
        _interpret_with(h, toks)
    elif kw == "via":
        h.via = h.via or (_words(toks)[:200] or None)
    elif kw == "id":
        _interpret_id(h, toks)
        _keep_comments(h, toks)
    elif kw == "for":
        v = next((t.text for t in toks if t.kind == ANGLE), None) or _first_value(toks)
        if v and h.for_addr is None:
            h.for_addr = v.strip("<>")[:320]
        _keep_comments(h, toks)
    elif kw in ("envelope-from", "envelope-sender"):
        v = next((t.text for t in toks if t.kind == ANGLE), None) or _first_value(toks)
        if v and h.envelope_from is None:
            h.envelope_from = v.strip("<>")[:320]
    elif kw == "from":  # a second from-clause: only its comments are kept
        _keep_comments(h, toks)


def _interpret_id(h: ParsedHop, toks: list[Token]) -> None:
    """The queue id; ``id ABCfor <x>`` (a missing space) gives back the recipient."""
    v = _first_value(toks)
    if not v or h.queue_id is not None:
        return
    nxt_angle = next((t for t in toks if t.kind == ANGLE), None)
    if v.lower().endswith("for") and len(v) > 3 and nxt_angle is not None and h.for_addr is None:
        v = v[:-3]
        h.for_addr = nxt_angle.text
        h.warnings.append("missing space between the id and 'for'")
    h.queue_id = v[:200]
