"""Outlook .msg files (MS-OXMSG items in an OLE compound file), read with olefile.

What survives in a .msg: the transport headers the receiving server saw (``PR_TRANSPORT_MESSAGE_HEADERS``,
0x007D), the bodies Outlook kept (plain 0x1000, HTML 0x1013) and the attachments, but not the wire-format
body. So the Message carries the transport headers re-encoded with CRLF as its `raw` (DKIM can verify the
header signature at most) and ``body=None``.

A sent or draft item never crossed a server and has no transport headers. It is still read: From, To,
Subject, Date and Message-ID are rebuilt from the item's own properties so the report can show them, with
a warning that nothing can be verified.

The property layout is read by hand (a few lines of ``struct``) because the only complete Python .msg
library, extract-msg, is GPL-3.0 and cannot be used in a permissively licensed tool.

Hostile files: every olefile failure becomes one :class:`InputError` line; no stream larger than the file
itself is read (a looping FAT cannot make us allocate more), and the total read is capped.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import struct
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import olefile

from inspector.errors import InputError
from inspector.ingest.cfb_write import Storage, TooLarge, write_cfb
from inspector.ingest.detect import REFUSAL, Detected
from inspector.ingest.headers import MAX_HEADER_FIELDS, parse_header_block_bounded
from inspector.ingest.message import Attachment, HeaderField, Limit, Message, SourceFormat
from inspector.ingest.normalize import MS_PREAMBLE

PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_OBJECT = 0x000D
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_SYSTIME = 0x0040
PT_BINARY = 0x0102

PR_SUBJECT = 0x0037
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_SENT_REPRESENTING_NAME = 0x0042
PR_SENT_REPRESENTING_EMAIL = 0x0065
PR_TRANSPORT_MESSAGE_HEADERS = 0x007D
PR_SENDER_NAME = 0x0C1A
PR_SENDER_EMAIL = 0x0C1F
PR_RECIPIENT_TYPE = 0x0C15
PR_DISPLAY_CC = 0x0E03
PR_DISPLAY_TO = 0x0E04
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_BODY = 0x1000
PR_RTF_COMPRESSED = 0x1009
PR_HTML = 0x1013
PR_INTERNET_MESSAGE_ID = 0x1035
PR_DISPLAY_NAME = 0x3001
PR_EMAIL_ADDRESS = 0x3003
PR_CREATION_TIME = 0x3007
PR_ATTACH_DATA = 0x3701
PR_ATTACH_FILENAME = 0x3704
PR_ATTACH_METHOD = 0x3705
PR_ATTACH_LONG_FILENAME = 0x3707
PR_ATTACH_MIME_TAG = 0x370E
PR_SMTP_ADDRESS = 0x39FE
PR_INTERNET_CPID = 0x3FDE
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_SENDER_SMTP_ADDRESS = 0x5D01
PR_SENT_REPRESENTING_SMTP_ADDRESS = 0x5D02

NO_TRANSPORT_HEADERS = (
    "this looks like a sent or draft item: it carries no transport headers, so nothing can be verified"
)
#: Attachments beyond this many are not listed (bounded work on hostile files).
MAX_ATTACHMENTS = 500
#: Recipients beyond this many are not listed.
MAX_RECIPIENTS = 1000
#: Old Exchange servers put this line before the header fields; it is not a field.
_EXCHANGE_PREFIX = re.compile(rb"^" + re.escape(MS_PREAMBLE) + rb"\r?\n", re.IGNORECASE)
_ATTACH = re.compile(r"^__attach_version1\.0_#[0-9A-Fa-f]{8}$")
_RECIP = re.compile(r"^__recip_version1\.0_#[0-9A-Fa-f]{8}$")
#: Windows code pages whose Python codec is not simply "cp<N>".
_CODEPAGES = {
    65001: "utf-8",
    1200: "utf-16-le",
    20127: "ascii",
    28591: "latin-1",
    28592: "iso8859-2",
    28595: "iso8859-5",
    28597: "iso8859-7",
    28605: "iso8859-15",
    20866: "koi8-r",
    21866: "koi8-u",
    50220: "iso2022-jp",
    50221: "iso2022-jp",
    50222: "iso2022-jp",
    51932: "euc-jp",
    51949: "euc-kr",
    936: "gbk",
    54936: "gb18030",
}


class _Budget:
    """Bytes we are still willing to read: a hostile FAT could otherwise make streams repeat forever."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, n: int) -> bool:
        if n > self.left:
            return False
        self.left -= n
        return True


class _SectorSet(list[int]):
    """olefile's list of sectors already used by a stream, with set-speed membership.

    olefile checks every stream it opens against a plain list of the streams opened before: opening n
    streams costs n²/2 comparisons (4,000 recipients, five streams each: seconds). The list is kept (olefile
    appends to it) and a set answers ``in``.
    """

    def __init__(self, items: list[int]) -> None:
        super().__init__(items)
        self._set = set(items)

    def append(self, item: int) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


class _OleFile(olefile.OleFileIO):
    """olefile with a set-speed duplicate-stream check (see `_SectorSet`); the check itself is olefile's."""

    def _check_duplicate_stream(self, first_sect: int, minifat: bool = False) -> None:
        name = "_used_streams_minifat" if minifat else "_used_streams_fat"
        used = getattr(self, name, None)
        if isinstance(used, list) and not isinstance(used, _SectorSet):
            setattr(self, name, _SectorSet(used))
        super()._check_duplicate_stream(first_sect, minifat)


class _Tree:
    """The container's directory, walked once and indexed by path and by parent storage.

    Every lookup goes through this index, never through olefile's own path functions (`exists`, `get_type`,
    `openstream`): they search each storage's children by name from the root, a linear scan per step, so a
    .msg with 4,000 recipients (20,000 entries) took 15 s of quadratic lookups.
    """

    def __init__(self, ole: olefile.OleFileIO, size: int) -> None:
        self.ole = ole
        self.limit = size
        self.budget = _Budget(4 * size + (1 << 20))
        self.children: dict[tuple[str, ...], list[list[str]]] = {}
        self.streams: list[list[str]] = []
        self.entries: dict[tuple[str, ...], olefile.olefile.OleDirectoryEntry] = {}
        # Iterative walk (a deep directory tree must not exhaust the stack); olefile's own listdir recurses.
        todo: list[tuple[tuple[str, ...], olefile.olefile.OleDirectoryEntry]] = [((), ole.root)]
        while todo:
            prefix, node = todo.pop()
            for entry in node.kids:
                path = (*prefix, entry.name)
                if entry.entry_type not in (olefile.STGTY_STREAM, olefile.STGTY_STORAGE) or path in self.entries:
                    continue
                self.entries[path] = entry
                self.children.setdefault(prefix, []).append(list(path))
                if entry.entry_type == olefile.STGTY_STREAM:
                    self.streams.append(list(path))
                else:
                    todo.append((path, entry))

    def kind(self, path: list[str]) -> int | None:
        """The entry type (olefile.STGTY_STREAM or STGTY_STORAGE) of `path`, None when it does not exist."""
        entry = self.entries.get(tuple(path))
        return None if entry is None else int(entry.entry_type)

    def open_stream(self, path: list[str]) -> tuple[int, Any] | None:
        """(declared size, reader) of the stream at `path`, or None."""
        entry = self.entries.get(tuple(path))
        if entry is None or entry.entry_type != olefile.STGTY_STREAM:
            return None
        return int(entry.size), self.ole._open(entry.isectStart, entry.size)

    def storages_matching(self, pattern: re.Pattern[str]) -> list[list[str]]:
        """Top-level storages whose name matches `pattern`, in name order."""
        found = [p for p in self.children.get((), []) if pattern.match(p[0]) and self.kind(p) == olefile.STGTY_STORAGE]
        return sorted(found)


class _Item:
    """One MAPI object (the message, a recipient, an attachment): its storage path and its properties."""

    def __init__(self, tree: _Tree, prefix: list[str], header_size: int) -> None:
        self.ole = tree.ole
        self.prefix = prefix
        self.budget = tree.budget
        self.limit = tree.limit
        self.issues: list[str] = []
        self.fixed: dict[int, tuple[int, bytes]] = {}
        self.streams: dict[tuple[int, int], list[str]] = {}
        self.storages: dict[tuple[int, int], list[str]] = {}
        self.tree = tree
        for path in tree.children.get(tuple(prefix), ()):
            name = path[-1]
            if name.startswith("__substg1.0_") and len(name) == 20:
                try:
                    tag = int(name[12:], 16)
                except ValueError:
                    continue
                key = (tag >> 16, tag & 0xFFFF)
                if tree.kind(path) == olefile.STGTY_STREAM:
                    self.streams[key] = path
                else:
                    self.storages[key] = path
        table = self.read([*prefix, "__properties_version1.0"])
        if table is not None:
            for off in range(header_size, len(table) - 15, 16):
                tag, _flags, value = struct.unpack_from("<II8s", table, off)
                self.fixed[tag >> 16] = (tag & 0xFFFF, value)

    def read(self, path: list[str]) -> bytes | None:
        """A stream's bytes, or None when it is absent, unreadable or implausibly large."""
        entry = self.tree.entries.get(tuple(path))
        if entry is None or entry.entry_type != olefile.STGTY_STREAM:
            return None
        size = int(entry.size)
        if size > self.limit or not self.budget.take(size):
            self.issues.append(f"stream {'/'.join(path)} declares {size} bytes, more than the file holds; skipped")
            return None
        opened = self.tree.open_stream(path)
        if opened is None:
            return None
        with opened[1] as fh:
            data: bytes = fh.read()
        return data

    def raw(self, prop: int) -> tuple[int, bytes] | None:
        """The type and raw bytes of a variable-size property, preferring the Unicode form."""
        for ptype in (PT_UNICODE, PT_STRING8, PT_BINARY):
            path = self.streams.get((prop, ptype))
            if path is not None:
                data = self.read(path)
                if data is not None:
                    return ptype, data
        return None

    def text(self, prop: int, codepage: str) -> str | None:
        """A string property as text (UTF-16LE, or 8-bit in the item's code page)."""
        found = self.raw(prop)
        if found is None:
            return None
        ptype, data = found
        if ptype == PT_UNICODE:
            value = data.decode("utf-16-le", errors="replace")
        else:
            value = data.decode(codepage, errors="replace")
        return value.split("\x00", 1)[0]

    def long(self, prop: int) -> int | None:
        entry = self.fixed.get(prop)
        if entry is None or entry[0] not in (PT_LONG, PT_BOOLEAN):
            return None
        return int(struct.unpack_from("<i", entry[1])[0])

    def time(self, prop: int) -> datetime | None:
        entry = self.fixed.get(prop)
        if entry is None or entry[0] != PT_SYSTIME:
            return None
        ticks = struct.unpack_from("<Q", entry[1])[0]
        try:
            return datetime(1601, 1, 1, tzinfo=UTC) + timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None


def read_msg(data: bytes, path: str | None = None, *, sha256: str | None = None) -> Message:
    """Read an Outlook message's transport headers, bodies and attachment names."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    try:
        # A BytesIO, never the bytes themselves: olefile takes short bytes objects for a file name.
        ole = _OleFile(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - olefile raises OSError, struct.error, IndexError, RecursionError …
        raise InputError(f"this Outlook .msg (OLE compound) file is corrupt or truncated ({_why(exc)})") from None
    try:
        return _read(ole, data, path, sha)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"this Outlook .msg (OLE compound) file is corrupt or truncated ({_why(exc)})") from None
    finally:
        ole.close()


def _why(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "its directory tree is nested too deeply"
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return text or type(exc).__name__


def _codec(cpid: int | None) -> str:
    if cpid is None:
        return "cp1252"
    name = _CODEPAGES.get(cpid, f"cp{cpid}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _read(ole: olefile.OleFileIO, data: bytes, path: str | None, sha: str) -> Message:
    tree = _Tree(ole, len(data))
    top = _Item(tree, [], 32)
    if not top.fixed and not top.streams:
        raise InputError(REFUSAL[Detected.OLE_OTHER])
    warnings: list[str] = []
    limits: list[Limit] = []
    codepage = _codec(top.long(PR_MESSAGE_CODEPAGE) or top.long(PR_INTERNET_CPID))
    html_codepage = _codec(top.long(PR_INTERNET_CPID) or top.long(PR_MESSAGE_CODEPAGE))

    headers_raw = _transport_headers(top)
    if headers_raw is not None and headers_raw.strip():
        raw = headers_raw
        fields, header_warnings, stopped = parse_header_block_bounded(raw)
        warnings.extend(header_warnings)
        if stopped is not None:
            limits.append(
                Limit(
                    "header-fields",
                    MAX_HEADER_FIELDS,
                    f"more than {MAX_HEADER_FIELDS:,} header fields: the rest of the header block was not examined",
                )
            )
    else:
        fields, raw = _rebuilt_headers(tree, top, codepage, limits)
        if not fields:
            raise InputError(
                "this Outlook .msg has no transport headers, no sender and no subject; there is nothing to analyse"
            )
        warnings.append(NO_TRANSPORT_HEADERS)
        warnings.append(
            "the header fields shown were rebuilt from the Outlook item's own properties, not read from the wire"
        )

    text_body = top.text(PR_BODY, codepage)
    html_body = _html(top, html_codepage)
    if text_body is None and html_body is None and top.raw(PR_RTF_COMPRESSED) is not None:
        warnings.append("the body is stored only as compressed RTF, which is not shown")

    attachments = _attachments(tree, codepage, warnings, limits)
    issues = top.issues + [f"{exc_type.__name__}: {msg}" for exc_type, msg in getattr(ole, "parsing_issues", [])]
    if issues:
        shown = "; ".join(dict.fromkeys(issues))
        warnings.append(f"the .msg container is damaged, some content may be missing ({shown[:300]})")
    return Message(
        raw=raw,
        headers=tuple(fields),
        body=None,
        format=SourceFormat.MSG,
        sha256=sha,
        size=len(data),
        path=path,
        text_body=text_body,
        html_body=html_body,
        attachments=tuple(attachments),
        warnings=tuple(warnings),
        limits=tuple(limits),
    )


def _transport_headers(top: _Item) -> bytes | None:
    """PR_TRANSPORT_MESSAGE_HEADERS as CRLF bytes: UTF-16 re-encoded as UTF-8, 8-bit kept byte for byte."""
    found = top.raw(PR_TRANSPORT_MESSAGE_HEADERS)
    if found is None:
        return None
    ptype, data = found
    if ptype == PT_UNICODE:
        blob = data.decode("utf-16-le", errors="replace").split("\x00", 1)[0].encode("utf-8", errors="replace")
    else:
        blob = data.split(b"\x00", 1)[0]
    blob = _EXCHANGE_PREFIX.sub(b"", blob.lstrip(b"\r\n"))
    lines = re.split(rb"\r\n|\r|\n", blob)
    # The header block ends at the first empty line; Outlook usually stores one or two after it.
    out: list[bytes] = []
    for line in lines:
        if not line:
            break
        out.append(line)
    if not out:
        return None
    return b"\r\n".join(out) + b"\r\n"


def _html(top: _Item, codepage: str) -> str | None:
    found = top.raw(PR_HTML)
    if found is None:
        return None
    ptype, data = found
    if ptype == PT_UNICODE:
        return data.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
    m = re.search(rb"""<meta[^>]{0,200}charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", data[:4096], re.IGNORECASE)
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace").rstrip("\x00")
        except LookupError:
            pass
    return data.decode(codepage, errors="replace").rstrip("\x00")


def _attachments(tree: _Tree, codepage: str, warnings: list[str], limits: list[Limit]) -> list[Attachment]:
    out: list[Attachment] = []
    for n, prefix in enumerate(tree.storages_matching(_ATTACH)):
        if n >= MAX_ATTACHMENTS:
            warnings.append(f"more than {MAX_ATTACHMENTS} attachments; the rest are not listed")
            limits.append(
                Limit(
                    "attachments", MAX_ATTACHMENTS, f"more than {MAX_ATTACHMENTS} attachments: the rest are not listed"
                )
            )
            break
        item = _Item(tree, prefix, 8)
        name = (
            item.text(PR_ATTACH_LONG_FILENAME, codepage)
            or item.text(PR_ATTACH_FILENAME, codepage)
            or item.text(PR_DISPLAY_NAME, codepage)
            or "(unnamed)"
        )
        mime = item.text(PR_ATTACH_MIME_TAG, codepage) or "application/octet-stream"
        content = item.raw(PR_ATTACH_DATA)
        if content is not None:
            blob = content[1]
        elif (PR_ATTACH_DATA, PT_OBJECT) in item.storages:
            # An embedded Outlook item or OLE object: written out as the file of its own Outlook saves.
            inner = item.storages[(PR_ATTACH_DATA, PT_OBJECT)]
            is_item = tree.kind([*inner, "__properties_version1.0"]) == olefile.STGTY_STREAM
            blob = _standalone(tree, item, inner, is_item)
            if mime == "application/octet-stream" and (item.long(PR_ATTACH_METHOD) == 5 or is_item):
                mime = "application/vnd.ms-outlook"
        else:
            blob = b""
        warnings.extend(item.issues)
        out.append(
            Attachment(
                filename=name, content_type=mime, size=len(blob), sha256=hashlib.sha256(blob).hexdigest(), data=blob
            )
        )
    return out


#: CLSID of an Outlook message item {00020D0B-0000-0000-C000-000000000046}, as stored on disk.
CLSID_MSG = bytes.fromhex("0B0D020000000000C000000000000046")
_NAMEID = "__nameid_version1.0"


def _standalone(tree: _Tree, item: _Item, storage: list[str], is_item: bool) -> bytes:
    """The sub-storage of an embedded attachment as a compound file of its own: for an Outlook item, the .msg
    file Outlook writes when the attached item is saved on its own (MS-OXMSG 2.2.3: the property stream's
    header grows from the 24 bytes of an embedded item to the 32 of a top-level one, and the named-property
    map, kept only at the top of a file, is copied along); for an OLE object (a Word document pasted as an
    object), the document's own file. Every stream goes through the reader's byte budget."""
    root = _copy(tree, item, storage)
    if is_item:
        props = root.children.get("__properties_version1.0")
        if isinstance(props, bytes) and len(props) >= 24:
            root.children["__properties_version1.0"] = props[:24] + b"\x00" * 8 + props[24:]
        if _NAMEID not in root.children and tree.kind([_NAMEID]) == olefile.STGTY_STORAGE:
            root.children[_NAMEID] = _copy(tree, item, [_NAMEID])
        if not any(root.clsid):
            root.clsid = CLSID_MSG
    try:
        return write_cfb(root)
    except TooLarge:
        item.issues.append("an embedded item is too large to be written out on its own; skipped")
        return b""


def _copy(tree: _Tree, item: _Item, storage: list[str]) -> Storage:
    """The streams and storages under `storage`, read within the budget (iterative: hostile trees are deep)."""
    top = Storage(clsid=_clsid_bytes(tree.entries.get(tuple(storage))))
    todo: list[tuple[list[str], Storage]] = [(storage, top)]
    while todo:
        path, node = todo.pop()
        for child in tree.children.get(tuple(path), ()):
            kind = tree.kind(child)
            if kind == olefile.STGTY_STORAGE:
                sub = Storage(clsid=_clsid_bytes(tree.entries.get(tuple(child))))
                node.children[child[-1]] = sub
                todo.append((child, sub))
            elif kind == olefile.STGTY_STREAM:
                data = item.read(child)
                if data is not None:
                    node.children[child[-1]] = data
    return top


def _clsid_bytes(entry: Any) -> bytes:
    """olefile keeps a class id as text ("00020D0B-0000-…"); the file stores it in mixed-endian bytes."""
    text = getattr(entry, "clsid", "") or ""
    try:
        return uuid.UUID(text).bytes_le
    except ValueError:
        return b"\x00" * 16


def read_msg_attachments(data: bytes) -> tuple[tuple[Attachment, ...], tuple[str, ...]]:
    """The attachments of an Outlook item, whether or not it has headers to analyse (an attached item is
    opened for its files by the content stage), and what was found damaged on the way (empty when
    nothing). Raises InputError when the file cannot be read at all."""
    try:
        ole = _OleFile(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - as in read_msg
        raise InputError(f"this Outlook .msg (OLE compound) file is corrupt or truncated ({_why(exc)})") from None
    try:
        tree = _Tree(ole, len(data))
        top = _Item(tree, [], 32)
        codepage = _codec(top.long(PR_MESSAGE_CODEPAGE) or top.long(PR_INTERNET_CPID))
        issues: list[str] = []
        found = tuple(_attachments(tree, codepage, issues, []))
        issues += top.issues + [f"{kind.__name__}: {msg}" for kind, msg in getattr(ole, "parsing_issues", [])]
        return found, tuple(dict.fromkeys(issues))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"this Outlook .msg (OLE compound) file is corrupt or truncated ({_why(exc)})") from None
    finally:
        ole.close()


def _rebuilt_headers(
    tree: _Tree, top: _Item, codepage: str, limits: list[Limit] | None = None
) -> tuple[list[HeaderField], bytes]:
    """From, Sender, To, Cc, Subject, Date and Message-ID from MAPI properties (no transport headers)."""
    pairs: list[tuple[str, str]] = []
    from_name = top.text(PR_SENT_REPRESENTING_NAME, codepage)
    from_addr = top.text(PR_SENT_REPRESENTING_SMTP_ADDRESS, codepage) or top.text(PR_SENT_REPRESENTING_EMAIL, codepage)
    sender_name = top.text(PR_SENDER_NAME, codepage)
    sender_addr = top.text(PR_SENDER_SMTP_ADDRESS, codepage) or top.text(PR_SENDER_EMAIL, codepage)
    if not (from_name or from_addr):
        from_name, from_addr = sender_name, sender_addr
    if from_name or from_addr:
        pairs.append(("From", _mailbox(from_name, from_addr)))
    if (sender_name or sender_addr) and (sender_addr or "").lower() != (from_addr or "").lower():
        pairs.append(("Sender", _mailbox(sender_name, sender_addr)))
    to, cc = _recipients(tree, codepage, limits)
    to_text = ", ".join(to) or top.text(PR_DISPLAY_TO, codepage)
    cc_text = ", ".join(cc) or top.text(PR_DISPLAY_CC, codepage)
    if to_text:
        pairs.append(("To", to_text))
    if cc_text:
        pairs.append(("Cc", cc_text))
    subject = top.text(PR_SUBJECT, codepage)
    if subject is not None:
        pairs.append(("Subject", subject))
    when = top.time(PR_CLIENT_SUBMIT_TIME) or top.time(PR_MESSAGE_DELIVERY_TIME) or top.time(PR_CREATION_TIME)
    if when is not None:
        pairs.append(("Date", format_datetime(when)))
    message_id = top.text(PR_INTERNET_MESSAGE_ID, codepage)
    if message_id:
        pairs.append(("Message-ID", message_id))
    if not any(name in ("From", "Subject") for name, _ in pairs):
        return [], b""
    fields: list[HeaderField] = []
    for name, value in pairs:
        value = " ".join(value.split())  # no line breaks may sneak into a rebuilt field
        raw = f"{name}: {value}\r\n".encode()
        fields.append(HeaderField(index=len(fields), name=name, value=value, decoded=value, raw=raw))
    return fields, b"".join(f.raw for f in fields)


def _mailbox(name: str | None, addr: str | None) -> str:
    if addr and "@" in addr:
        if name and name != addr:
            quoted = name.replace("\\", "\\\\").replace('"', '\\"')
            return f'"{quoted}" <{addr}>'
        return f"<{addr}>"
    return name or addr or ""


def _recipients(tree: _Tree, codepage: str, limits: list[Limit] | None = None) -> tuple[list[str], list[str]]:
    to: list[str] = []
    cc: list[str] = []
    for n, prefix in enumerate(tree.storages_matching(_RECIP)):
        if n >= MAX_RECIPIENTS:
            if limits is not None:
                limits.append(
                    Limit(
                        "recipients",
                        MAX_RECIPIENTS,
                        f"more than {MAX_RECIPIENTS:,} recipients: the rest are not listed",
                    )
                )
            break
        item = _Item(tree, prefix, 8)
        name = item.text(PR_DISPLAY_NAME, codepage)
        addr = item.text(PR_SMTP_ADDRESS, codepage) or item.text(PR_EMAIL_ADDRESS, codepage)
        kind = item.long(PR_RECIPIENT_TYPE)
        if kind == 2:
            cc.append(_mailbox(name, addr))
        elif kind in (1, None):
            to.append(_mailbox(name, addr))
    return to, cc
