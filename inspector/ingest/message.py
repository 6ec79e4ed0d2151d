"""The `Message`: what ingest hands to the engine.

It keeps the exact bytes (DKIM and ARC need them untouched), the header fields in order with both
their raw and their RFC 2047-decoded text, and the body when the source has one. A `.msg` file or
pasted headers have no wire-format body, so `body` is ``None`` and body checks say "not checked".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class SourceFormat(enum.Enum):
    """Where the message came from; decides which checks are possible."""

    EML = "eml"
    MSG = "msg"
    HEADERS = "headers"


@dataclass(frozen=True, slots=True)
class HeaderField:
    """One header field as it stood in the message.

    `raw` is the whole field (name, colon, value, folding) as bytes; `value` the unfolded value as text
    (bytes that are not UTF-8 are kept as U+FFFD-free latin-1 so nothing is lost); `decoded` the value
    with RFC 2047 encoded-words decoded, for display only.
    """

    index: int
    name: str
    value: str
    decoded: str
    raw: bytes
    #: The field name in lower case, for comparisons: made once with the field (the checks ask for it about a
    #: thousand times per message; as a property, lower-casing the name each time was ~2 % of an analysis).
    lname: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lname", self.name.lower())


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment as listed (never opened or executed).

    `data` is the decoded payload, kept so the content stage can type it from its bytes and read it as data
    (archive directories, macro streams, PDF objects, QR codes in images); it is never written out, opened
    by another program or executed. It is left out of `repr` and comparisons (it can be megabytes).
    """

    filename: str
    content_type: str
    size: int
    sha256: str
    data: bytes = field(default=b"", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Limit:
    """A bound the reader hit: part of the message was not examined, and the report must say so.

    Hostile messages are built to exhaust a reader (half a million MIME parts, nesting 500 levels deep, a
    million header fields); every such bound is kept here as data so the verdict names it ("parts of this
    message were not examined: …") instead of a green banner over content nobody looked at.
    """

    #: What was bounded: "mime-parts", "mime-depth", "header-fields", "attachments", "recipients", "links".
    what: str
    #: The bound itself (parts, levels, fields, …).
    limit: int
    #: In plain words, what was not examined, e.g. "more than 500 MIME parts: the rest (1.2 MB) …".
    detail: str


@dataclass(frozen=True, slots=True)
class Message:
    """A message as read from the evidence file.

    `raw` holds the bytes the checks see: for `.eml` exactly the bytes read, for pasted headers the
    header block, for `.msg` the transport headers re-encoded (no body survives in a .msg).
    """

    raw: bytes
    headers: tuple[HeaderField, ...]
    body: bytes | None
    format: SourceFormat
    sha256: str
    size: int
    path: str | None = None
    text_body: str | None = None
    html_body: str | None = None
    attachments: tuple[Attachment, ...] = ()
    #: Images shown inside the HTML body (``cid:`` parts without a file name): not attachments to the reader,
    #: but the place a QR code lure sits; read only for QR codes.
    inline_images: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: Bounds hit while reading (see `Limit`): what of the message was not examined.
    limits: tuple[Limit, ...] = ()

    #: The fields by lower-case name, built on the first lookup: the checks look fields up thousands of times
    #: per message, and scanning every field each time was ~7 % of a message's analysis.
    _by_name: dict[str, tuple[HeaderField, ...]] | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> dict[str, tuple[HeaderField, ...]]:
        index = self._by_name
        if index is None:
            grouped: dict[str, list[HeaderField]] = {}
            for h in self.headers:
                grouped.setdefault(h.name.lower(), []).append(h)
            index = {k: tuple(v) for k, v in grouped.items()}
            object.__setattr__(self, "_by_name", index)  # a cache of `headers`, which never change
        return index

    def get_all(self, name: str) -> list[HeaderField]:
        """All fields called `name` (case-insensitive), top of the header block first."""
        return list(self._index().get(name.lower(), ()))

    def get(self, name: str) -> HeaderField | None:
        """The topmost field called `name`, or None."""
        found = self._index().get(name.lower())
        return found[0] if found else None

    @property
    def has_body(self) -> bool:
        """True when the wire-format body is available (body hashes can be checked)."""
        return self.body is not None
