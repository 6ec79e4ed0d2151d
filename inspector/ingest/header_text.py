"""Is this text e-mail header fields at all? One rule for a file, pasted text and standard input.

A chat sentence or a two-line fragment copied by mistake used to be analysed as a message (a chat sentence
read SUSPICIOUS, a fragment DANGEROUS: a verdict about nothing). Text counts as header fields when at least
one field is a mail field (From, Received, Subject …) and the lines that are not ``Name: value`` fields are
fewer than the fields: real pasted headers carry a stray line or two (a mail client's summary table, a
wrapped line), a sentence or a fragment does not carry fields at all, or carries more prose than fields.
The reader stops after `MAX_SCAN_LINES` lines (bounded work on a 60 MB paste).
"""

from __future__ import annotations

from inspector.ingest.headers import _FIELD_NAME, _lines, split_head_body

#: Field and non-field lines looked at to decide (a real header block decides within a few lines), and the
#: bytes read for it (folded lines are skipped, not counted, within these bytes).
MAX_SCAN_LINES = 5_000
MAX_SCAN_BYTES = 4 * 1024 * 1024
#: The refusal when no mail field is there at all (the same words as for a file).
NO_FIELDS = "no e-mail header fields were found at the start of this file"
NO_FIELDS_PASTED = (
    "no e-mail header fields (From:, Received:, Subject: …) were found in the pasted text; copy the message's "
    "headers ('Show original', 'View source') or save the message as a file"
)


def header_text_problem(data: bytes, mail_fields: frozenset[str], *, pasted: bool = False) -> str | None:
    """Why `data` (a message or its header block) is not e-mail header fields; None when it is.

    `pasted` words the refusal for text from the clipboard or standard input rather than a file."""
    head, _body = split_head_body(data[:MAX_SCAN_BYTES])
    fields = junk = 0
    mail = False
    first_junk = b""
    cut = len(data) > MAX_SCAN_BYTES and _body is None
    for i, line in enumerate(_lines(head)):
        if line[:1] in (b" ", b"\t"):
            # A folded line belongs to its field (a crafted field may fold thousands of times): not counted.
            if fields == 0:
                junk += 1
                first_junk = first_junk or line
            continue
        if fields + junk >= MAX_SCAN_LINES:
            cut = True
            break
        m = _FIELD_NAME.match(line)
        if m is not None:
            fields += 1
            mail = mail or m.group(1).decode("ascii").lower() in mail_fields
        elif i == 0 and line.startswith(b"From "):
            continue  # an mbox separator
        elif line.strip():
            junk += 1
            first_junk = first_junk or line
    if not mail:
        # Past the bound nothing is decided: a block of 5,000 other fields may still hold a From (the reader's
        # own check of every field refuses a file without any).
        return None if cut else (NO_FIELDS_PASTED if pasted else NO_FIELDS)
    if junk and junk >= fields:
        text = first_junk.decode("utf-8", errors="replace").strip()[:60]
        sample = "".join(c if c.isprintable() else "?" for c in text)  # no control or bidi code in a message
        return (
            f"this text does not read as e-mail header fields: {junk} of its {junk + fields} lines are not "
            f"'Name: value' header fields (e.g. {sample!r}); copy the message's headers "
            "('Show original', 'View source') or save the message as a file"
        )
    return None


def pasted_bytes(text: str) -> bytes:
    """Pasted text as the bytes the reader sees: line endings CRLF, outer empty lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", errors="surrogateescape")


def pasted_text_problem(text: str) -> str | None:
    """Why pasted `text` is not e-mail header fields (None when it is): the check `read_pasted_headers` makes,
    for a window that wants to refuse a paste before it starts an analysis (bounded: `MAX_SCAN_LINES`)."""
    from inspector.ingest import MAIL_FIELDS

    if not text.strip():
        return "the pasted text is empty"
    return header_text_problem(pasted_bytes(text[: 4 * 1024 * 1024]), MAIL_FIELDS, pasted=True)
