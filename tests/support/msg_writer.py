"""A small writer of MS-CFB compound files and Outlook .msg items, for test fixtures only.

Why by hand: olefile can only read (and patch streams in place), and the one Python library that writes
.msg files (extract-msg's companions) is GPL. The parts of MS-CFB and MS-OXMSG written here are the ones
an Outlook item needs: a version 3 compound file (512-byte sectors, a FAT of at most 109 sectors, so files
up to about 6.8 MB; no DIFAT), the directory as one red-black tree per storage, the mini stream and mini
FAT for streams under 4096 bytes; and the .msg property layout (``__properties_version1.0`` plus one
``__substg1.0_IIIITTTT`` stream per variable-size property, recipient and attachment storages, the named
property storage).

Sector order in the file: header, FAT, regular streams, mini stream, mini FAT, directory. The directory
comes last on purpose, as in many real files whose directory grew after a large attachment was written.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: CLSID of an Outlook message item {00020D0B-0000-0000-C000-000000000046}, in its on-disk byte order.
CLSID_MSG = bytes.fromhex("0B0D020000000000C000000000000046")

#: A storage is a mapping of names to streams (bytes) or sub-storages.
Tree = Mapping[str, "bytes | Tree"]


# --- MS-CFB -----------------------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    black: bool = True
    start: int = ENDOFCHAIN
    size: int = 0
    clsid: bytes = b"\x00" * 16


def _name_key(name: str) -> tuple[int, str]:
    # MS-CFB 2.6.4: shorter names sort first, then code units compared after simple upper-casing.
    return (len(name), name.upper())


def _flatten(tree: Tree, entries: list[_Entry], parent: int) -> None:
    for name, value in tree.items():
        if len(name) > 31 or not name or any(c in name for c in "/\\:!"):
            raise ValueError(f"invalid compound file entry name {name!r}")
        index = len(entries)
        if isinstance(value, bytes | bytearray):
            entries.append(_Entry(name, 2, bytes(value)))
        else:
            entries.append(_Entry(name, 1))
            _flatten(value, entries, index)
        entries[parent].children.append(index)


def _build_tree(entries: list[_Entry], ids: list[int], depth: int, max_depth: int, red_last: bool) -> int:
    """Balanced binary search tree over sorted `ids`; nodes on an incomplete last level are red."""
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.black = not (red_last and depth == max_depth)
    node.left = _build_tree(entries, ids[:mid], depth + 1, max_depth, red_last)
    node.right = _build_tree(entries, ids[mid + 1 :], depth + 1, max_depth, red_last)
    return ids[mid]


def _link_siblings(entries: list[_Entry]) -> None:
    for e in entries:
        if not e.children:
            continue
        ids = sorted(e.children, key=lambda i: _name_key(entries[i].name))
        n = len(ids)
        max_depth = n.bit_length() - 1  # depth of the last level of a median-split tree
        complete = n == (1 << (max_depth + 1)) - 1
        e.child = _build_tree(entries, ids, 0, max_depth, red_last=not complete)


def _chain(fat: list[int], first: int, count: int) -> None:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN


def write_cfb(tree: Tree, *, root_clsid: bytes = b"\x00" * 16) -> bytes:
    """Serialise `tree` (names to bytes or nested mappings) as a version 3 compound file."""
    entries = [_Entry("Root Entry", 5, clsid=root_clsid)]
    _flatten(tree, entries, 0)
    _link_siblings(entries)

    # Small streams go into the mini stream, 64-byte aligned.
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != 2:
            continue
        e.size = len(e.data)
        if e.size == 0:
            e.start = ENDOFCHAIN
        elif e.size < MINI_CUTOFF:
            first = len(mini) // MINI_SECTOR
            count = -(-e.size // MINI_SECTOR)
            mini += e.data + b"\x00" * (count * MINI_SECTOR - e.size)
            minifat.extend([0] * count)
            _chain(minifat, first, count)
            e.start = first
        else:
            big.append(e)

    def sectors(n_bytes: int) -> int:
        return -(-n_bytes // SECTOR)

    big_sectors = sum(sectors(e.size) for e in big)
    mini_sectors = sectors(len(mini))
    minifat_sectors = sectors(len(minifat) * 4)
    dir_sectors = sectors(len(entries) * 128)
    data_sectors = big_sectors + mini_sectors + minifat_sectors + dir_sectors
    n_fat = 1
    while n_fat * (SECTOR // 4) < data_sectors + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("file too large for this writer (it writes no DIFAT)")
    total = n_fat + data_sectors
    fat = [FREESECT] * (n_fat * (SECTOR // 4))
    for i in range(n_fat):
        fat[i] = FATSECT
    body = bytearray()
    nxt = n_fat

    def place(blob: bytes) -> int:
        nonlocal nxt
        count = sectors(len(blob))
        if count == 0:
            return ENDOFCHAIN
        first = nxt
        _chain(fat, first, count)
        body.extend(blob + b"\x00" * (count * SECTOR - len(blob)))
        nxt += count
        return first

    for e in big:
        e.start = place(e.data)
    root = entries[0]
    root.start = place(bytes(mini))
    root.size = len(mini)
    minifat_blob = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_blob += b"\xff" * (minifat_sectors * SECTOR - len(minifat_blob))
    minifat_start = place(minifat_blob)
    directory = b"".join(_dir_entry(e) for e in entries)
    empty = _dir_entry(None)
    while len(directory) % SECTOR:
        directory += empty
    dir_start = place(directory)
    assert nxt == total

    header = bytearray(SECTOR)
    header[0:8] = MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into(
        "<IIIIIIIII",
        header,
        40,
        0,  # directory sectors: always 0 in version 3
        n_fat,
        dir_start,
        0,  # transaction signature
        MINI_CUTOFF,
        minifat_start,
        minifat_sectors,
        ENDOFCHAIN,  # no DIFAT sectors
        0,
    )
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    struct.pack_into("<109I", header, 76, *difat)
    fat_blob = struct.pack(f"<{len(fat)}I", *fat)
    return bytes(header) + fat_blob + bytes(body)


def _dir_entry(e: _Entry | None) -> bytes:
    out = bytearray(128)
    if e is None:
        struct.pack_into("<III", out, 68, NOSTREAM, NOSTREAM, NOSTREAM)
        return bytes(out)
    name = e.name.encode("utf-16-le")
    out[0 : len(name)] = name
    struct.pack_into("<HBB", out, 64, len(name) + 2, e.kind, 1 if e.black else 0)
    struct.pack_into("<III", out, 68, e.left, e.right, e.child)
    out[80:96] = e.clsid
    if e.kind == 1:
        start, size = 0, 0
    else:
        start, size = e.start, e.size
    struct.pack_into("<IQ", out, 116, start, size)
    return bytes(out)


# --- MS-OXMSG ---------------------------------------------------------------------------------------

PT_LONG = 0x0003
PT_BOOLEAN = 0x000B
PT_OBJECT = 0x000D
PT_STRING8 = 0x001E
PT_UNICODE = 0x001F
PT_SYSTIME = 0x0040
PT_BINARY = 0x0102

#: A property value: text (PT_UNICODE, or PT_STRING8 when given as bytes with a 001E tag), bytes
#: (PT_BINARY or PT_STRING8), int (PT_LONG / PT_BOOLEAN), datetime (PT_SYSTIME).
PropValue = str | bytes | int | bool | datetime


def _filetime(dt: datetime) -> int:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    epoch = datetime(1601, 1, 1, tzinfo=UTC)
    delta = dt - epoch
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _props(props: Mapping[int, PropValue], header: bytes) -> dict[str, bytes]:
    """The property stream and the substg streams of one object; keys of `props` are full tags."""
    streams: dict[str, bytes] = {}
    table = bytearray(header)
    for tag, value in props.items():
        ptype = tag & 0xFFFF
        flags = 0x00000006  # readable | writable
        if ptype in (PT_UNICODE, PT_STRING8, PT_BINARY):
            if ptype == PT_UNICODE:
                assert isinstance(value, str)
                data = value.encode("utf-16-le")
                size = len(data) + 2
            elif ptype == PT_STRING8:
                data = value if isinstance(value, bytes) else str(value).encode("cp1252")
                size = len(data) + 1
            else:
                assert isinstance(value, bytes)
                data = value
                size = len(data)
            streams[f"__substg1.0_{tag:08X}"] = data
            table += struct.pack("<IIII", tag, flags, size, 0)
        elif ptype == PT_SYSTIME:
            assert isinstance(value, datetime)
            table += struct.pack("<IIQ", tag, flags, _filetime(value))
        elif ptype in (PT_LONG, PT_BOOLEAN):
            assert isinstance(value, int)
            table += struct.pack("<IIiI", tag, flags, int(value), 0)
        else:
            raise ValueError(f"property type {ptype:04X} is not supported by this writer")
    streams["__properties_version1.0"] = bytes(table)
    return streams


@dataclass
class MsgAttachment:
    """An attachment by value (PR_ATTACH_METHOD 1)."""

    data: bytes
    long_filename: str | None = None
    short_filename: str | None = None
    mime: str | None = None
    extra: dict[int, PropValue] = field(default_factory=dict)


@dataclass
class MsgRecipient:
    """A recipient row (PR_RECIPIENT_TYPE 1 To, 2 Cc, 3 Bcc)."""

    display_name: str
    smtp_address: str
    kind: int = 1


@dataclass
class MsgEmbedded:
    """An Outlook item attached to another (PR_ATTACH_METHOD 5): stored as the sub-storage
    ``__substg1.0_3701000D`` of its attachment, with a 24-byte property header (MS-OXMSG 2.2.3)."""

    props: Mapping[int, PropValue]
    display_name: str
    recipients: Sequence[MsgRecipient] = ()
    attachments: Sequence[MsgAttachment | MsgEmbedded] = ()


def _item_tree(
    props: Mapping[int, PropValue],
    recipients: Sequence[MsgRecipient],
    attachments: Sequence[MsgAttachment | MsgEmbedded],
    *,
    embedded: bool,
) -> dict[str, bytes | Tree]:
    counts = struct.pack("<IIII", len(recipients), len(attachments), len(recipients), len(attachments))
    header = b"\x00" * 8 + counts + (b"" if embedded else b"\x00" * 8)
    root: dict[str, bytes | Tree] = {}
    root.update(_props(props, header))
    if not embedded:
        root["__nameid_version1.0"] = {
            "__substg1.0_00020102": b"",
            "__substg1.0_00030102": b"",
            "__substg1.0_00040102": b"",
        }
    for i, r in enumerate(recipients):
        rprops: dict[int, PropValue] = {
            0x0C150003: r.kind,
            0x3001001F: r.display_name,
            0x3003001F: r.smtp_address,
            0x3002001F: "SMTP",
            0x39FE001F: r.smtp_address,
        }
        root[f"__recip_version1.0_#{i:08X}"] = _props(rprops, b"\x00" * 8)
    for i, a in enumerate(attachments):
        if isinstance(a, MsgEmbedded):
            storage: dict[str, bytes | Tree] = dict(_props({0x37050003: 5, 0x3001001F: a.display_name}, b"\x00" * 8))
            storage["__substg1.0_3701000D"] = _item_tree(a.props, a.recipients, a.attachments, embedded=True)
            root[f"__attach_version1.0_#{i:08X}"] = storage
            continue
        aprops: dict[int, PropValue] = {0x37050003: 1, 0x37010102: a.data}
        if a.long_filename is not None:
            aprops[0x3707001F] = a.long_filename
        if a.short_filename is not None:
            aprops[0x3704001F] = a.short_filename
        if a.mime is not None:
            aprops[0x370E001F] = a.mime
        aprops.update(a.extra)
        root[f"__attach_version1.0_#{i:08X}"] = _props(aprops, b"\x00" * 8)
    return root


def build_msg(
    props: Mapping[int, PropValue],
    *,
    recipients: Sequence[MsgRecipient] = (),
    attachments: Sequence[MsgAttachment | MsgEmbedded] = (),
) -> bytes:
    """An Outlook .msg item with the given top-level properties (full tags), recipients and attachments
    (by value, or Outlook items embedded as sub-storages)."""
    return write_cfb(_item_tree(props, recipients, attachments, embedded=False), root_clsid=CLSID_MSG)


# --- The committed fixtures (tests/fixtures/msg/) ---------------------------------------------------

_RECEIVED = (
    "Received: from mail-out.example-bank.test (mail-out.example-bank.test [198.51.100.25])\r\n"
    "\tby mx1.corp.example with ESMTPS id 4Fz9Qk1x2Vz3; Mon, 30 Nov 2026 08:14:03 +0100 (CET)\r\n"
)
_AUTH = "Authentication-Results: mx1.corp.example;\r\n\tspf=pass smtp.mailfrom=example-bank.test;\r\n\tdkim=none\r\n"

#: Transport headers with non-ASCII text in the UTF-16 stream: raw UTF-8 (RFC 6532) and RFC 2047 words.
UNICODE_HEADERS = (
    "Microsoft Mail Internet Headers Version 2.0\r\n"
    + _RECEIVED
    + _AUTH
    + "From: =?utf-8?q?J=C3=B6rg_M=C3=BCller?= <joerg@example-bank.test>\r\n"
    "To: Zoë Dupont <zoe@corp.example>\r\n"
    "Subject: Grüße aus Köln – Rechnung 42\r\n"
    "Date: Mon, 30 Nov 2026 08:14:00 +0100\r\n"
    "Message-ID: <unicode-1@example-bank.test>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
)

#: Transport headers in the 8-bit stream, with one cp1252 byte (0xE9) left raw in Subject.
STRING8_HEADERS = (
    _RECEIVED.encode("ascii")
    + b"Return-Path: <bounce@example-bank.test>\r\n"
    + b"From: Caf\xe9 Support <support@example-bank.test>\r\n"
    + b"To: staff@corp.example\r\n"
    + b"Subject: Men\xfc du jour\r\n"
    + b"Date: Mon, 30 Nov 2026 08:15:00 +0100\r\n"
    + b"Message-ID: <string8-1@example-bank.test>\r\n"
    + b"\r\n"
)

HTML_HEADERS = (
    _RECEIVED + _AUTH + "From: PayPal Service <service@paypa1-secure.test>\r\n"
    "Reply-To: refunds@collector.test\r\n"
    "To: staff@corp.example\r\n"
    "Subject: Your account is on hold\r\n"
    "Date: Mon, 30 Nov 2026 08:16:00 +0100\r\n"
    "Message-ID: <html-1@paypa1-secure.test>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="b1"\r\n'
    "\r\n"
)
HTML_BODY = (
    b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
    b'<body><p>Dear customer, your account is on hold. <a href="https://paypa1-secure.test/login">Log in</a>'
    b" to restore it \xe2\x80\x94 thank you.</p></body></html>"
)
PLAIN_BODY = "Dear customer, your account is on hold. Log in to restore it — thank you."
#: 6,000 bytes: above the 4,096-byte mini stream cut-off, so it lives in regular sectors.
PDF_ATTACHMENT = b"%PDF-1.4\n" + bytes(range(256)) * 23 + b"\n%%EOF\n"
TXT_ATTACHMENT = b"Invoice 42: please pay within 3 days.\r\n"


def fixture_files() -> dict[str, bytes]:
    """The .msg fixtures by file name; deterministic, so tests can check the committed copies are current."""
    when = datetime(2026, 11, 30, 7, 14, 0, tzinfo=UTC)
    files: dict[str, bytes] = {}
    files["unicode-headers.msg"] = build_msg(
        {
            0x0037001F: "Grüße aus Köln – Rechnung 42",
            0x007D001F: UNICODE_HEADERS,
            0x1000001F: "Hallo Zoë,\r\nanbei die Rechnung.\r\n",
            0x0E060040: when,
            0x3FFD0003: 65001,
        },
        recipients=[MsgRecipient("Zoë Dupont", "zoe@corp.example")],
    )
    files["string8-headers.msg"] = build_msg(
        {
            0x0037001E: b"Men\xfc du jour",
            0x007D001E: STRING8_HEADERS,
            0x1000001E: b"Soupe \xe0 l'oignon\r\n",
            0x3FFD0003: 1252,
        }
    )
    files["html-attachments.msg"] = build_msg(
        {
            0x0037001F: "Your account is on hold",
            0x007D001F: HTML_HEADERS,
            0x1000001F: PLAIN_BODY,
            0x10130102: HTML_BODY,
            0x3FDE0003: 65001,
        },
        recipients=[MsgRecipient("Staff", "staff@corp.example")],
        attachments=[
            MsgAttachment(
                PDF_ATTACHMENT,
                long_filename="Invoice_Nov_2026.pdf",
                short_filename="INVOIC~1.PDF",
                mime="application/pdf",
            ),
            MsgAttachment(TXT_ATTACHMENT, short_filename="README.TXT", mime="text/plain"),
        ],
    )
    files["sent-item.msg"] = build_msg(
        {
            0x0037001F: "Quarterly figures",
            0x0042001F: "Ana Lima",
            0x5D02001F: "ana.lima@corp.example",
            0x0C1A001F: "Ana Lima",
            0x5D01001F: "ana.lima@corp.example",
            0x0E04001F: "Ben Ode",
            0x1035001F: "<sent-1@corp.example>",
            0x00390040: when,
            0x1000001F: "Figures attached.\r\n",
            0x3FFD0003: 65001,
        },
        recipients=[
            MsgRecipient("Ben Ode", "ben.ode@partner.test", 1),
            MsgRecipient("Cy Finance", "finance@corp.example", 2),
        ],
    )
    whole = files["html-attachments.msg"]
    # Cut inside the FAT-mapped data: the directory (written last) is gone.
    files["truncated.msg"] = whole[: len(whole) // 2]
    return files


def main() -> None:
    """Rewrite tests/fixtures/msg/ from `fixture_files()`."""
    from pathlib import Path

    out = Path(__file__).resolve().parent.parent / "fixtures" / "msg"
    out.mkdir(parents=True, exist_ok=True)
    for name, blob in fixture_files().items():
        (out / name).write_bytes(blob)
        print(f"{name}: {len(blob)} bytes")


if __name__ == "__main__":
    main()
