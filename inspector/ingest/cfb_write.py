"""A compound file (MS-CFB) written from a tree of streams, in memory.

Why the inspector writes one: an Outlook item attached to another Outlook item is not stored as bytes but as
a sub-storage of the outer file (``__substg1.0_3701000D``). To judge it like any attached message (its own
attachments typed, the original of a "report phishing" forward analysed), it is turned into the .msg file
Outlook itself writes when the attached item is saved on its own: the same streams under a new root. olefile
only reads, and the one Python library that writes .msg files is GPL-3.0, so the few rules needed are here.

Version 4 (4096-byte sectors): the 109 FAT pointers of the header then map 109 × 1024 sectors (about 450 MB),
so no DIFAT chain is ever needed for what the .msg reader accepts (it reads at most a few times the size of
the outer file). Layout: header sector, FAT, regular streams, mini stream, mini FAT, directory. Each storage's
children form a balanced binary search tree in MS-CFB's order (shorter names first, then upper-cased names),
so a reader walking it recursively goes about log2(n) deep.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 4096
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Sectors the header's FAT pointers can map (no DIFAT is written).
MAX_SECTORS = 109 * (SECTOR // 4)


@dataclass(slots=True)
class Storage:
    """A storage: named streams (bytes) and sub-storages, and its class id (16 bytes, as stored on disk)."""

    children: dict[str, bytes | Storage] = field(default_factory=dict)
    clsid: bytes = b"\x00" * 16


@dataclass(slots=True)
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    clsid: bytes = b"\x00" * 16
    kids: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    black: bool = True
    start: int = ENDOFCHAIN
    size: int = 0


class TooLarge(ValueError):
    """The tree does not fit in a compound file without a DIFAT chain (over about 450 MB)."""


def _flatten(storage: Storage, entries: list[_Entry], parent: int) -> None:
    # Iterative: a hostile source tree may be deep.
    todo: list[tuple[Storage, int]] = [(storage, parent)]
    while todo:
        node, at = todo.pop()
        for name, value in node.children.items():
            index = len(entries)
            if isinstance(value, Storage):
                entries.append(_Entry(name[:31], 1, clsid=value.clsid))
                todo.append((value, index))
            else:
                entries.append(_Entry(name[:31], 2, bytes(value)))
            entries[at].kids.append(index)


def _order(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def _balance(entries: list[_Entry], ids: list[int], depth: int, last: int, red_last: bool) -> int:
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    node = entries[ids[mid]]
    node.black = not (red_last and depth == last)
    node.left = _balance(entries, ids[:mid], depth + 1, last, red_last)
    node.right = _balance(entries, ids[mid + 1 :], depth + 1, last, red_last)
    return ids[mid]


def _link(entries: list[_Entry]) -> None:
    for e in entries:
        if e.kids:
            ids = sorted(e.kids, key=lambda i: _order(entries[i].name))
            last = len(ids).bit_length() - 1
            full = len(ids) == (1 << (last + 1)) - 1
            e.child = _balance(entries, ids, 0, last, red_last=not full)


def _sectors(n: int) -> int:
    return -(-n // SECTOR)


def write_cfb(root: Storage) -> bytes:
    """`root` serialised as a version 4 compound file (raises `TooLarge` past the header-only FAT)."""
    entries = [_Entry("Root Entry", 5, clsid=root.clsid)]
    _flatten(root, entries, 0)
    _link(entries)
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != 2:
            continue
        e.size = len(e.data)
        if 0 < e.size < MINI_CUTOFF:
            first, count = len(minifat), -(-e.size // MINI_SECTOR)
            mini += e.data.ljust(count * MINI_SECTOR, b"\x00")
            minifat.extend(first + i + 1 if i < count - 1 else ENDOFCHAIN for i in range(count))
            e.start = first
        elif e.size:
            big.append(e)
    minifat_blob = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
    data_sectors = (
        sum(_sectors(e.size) for e in big)
        + _sectors(len(mini))
        + _sectors(len(minifat_blob))
        + _sectors(len(entries) * 128)
    )
    n_fat = 1
    while n_fat * (SECTOR // 4) < data_sectors + n_fat:
        n_fat += 1
    if n_fat > 109 or data_sectors + n_fat > MAX_SECTORS:
        raise TooLarge("the compound file would need a DIFAT chain")
    fat = [FATSECT] * n_fat + [FREESECT] * (n_fat * (SECTOR // 4) - n_fat)
    body = bytearray()

    def place(blob: bytes) -> int:
        count = _sectors(len(blob))
        if not count:
            return ENDOFCHAIN
        first = n_fat + len(body) // SECTOR
        for i in range(count):
            fat[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN
        body.extend(blob.ljust(count * SECTOR, b"\x00"))
        return first

    for e in big:
        e.start = place(e.data)
    entries[0].start, entries[0].size = place(bytes(mini)), len(mini)
    minifat_start = place(minifat_blob.ljust(_sectors(len(minifat_blob)) * SECTOR, b"\xff"))
    directory = b"".join(_dir_entry(e) for e in entries)  # after placing: start sectors are known
    directory += _dir_entry(None) * ((_sectors(len(directory)) * SECTOR - len(directory)) // 128)
    dir_start = place(directory)
    header = bytearray(SECTOR)
    header[0:8] = MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0004, 0xFFFE, 12, 6)
    struct.pack_into(
        "<IIIIIIIII",
        header,
        40,
        len(directory) // SECTOR,
        n_fat,
        dir_start,
        0,
        MINI_CUTOFF,
        minifat_start,
        _sectors(len(minifat_blob)),
        ENDOFCHAIN,
        0,
    )
    struct.pack_into("<109I", header, 76, *(list(range(n_fat)) + [FREESECT] * (109 - n_fat)))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + bytes(body)


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
    if e.kind != 1:
        struct.pack_into("<IQ", out, 116, e.start, e.size)
    return bytes(out)
