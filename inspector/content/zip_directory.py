"""The first entries of a ZIP's central directory, read without building the whole directory.

`zipfile.ZipFile` reads every entry of the central directory into a `ZipInfo` before the first one can be
looked at. A 28 MB attachment whose directory lists 300,000 empty files made it build 300,000 objects
(16.7 s and 520 MB peak for one message, measured by ``benchmarks/bench_hostile_surfaces.py``) for a
listing that keeps `archives.MAX_MEMBERS` of them. So the entry count is read first, from the end-of-central-
directory record (and its ZIP64 form); an archive over the bound is listed here, entry by entry, up to the
bound (name, sizes, the encryption flag), and `zipfile` is used only for archives that fit.

The format: PKWARE APPNOTE.TXT §4.3.12 (central directory header), §4.3.14–16 (ZIP64 end records), §4.5.3
(the ZIP64 extra field that holds sizes too large for 32 bits).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_EOCD = struct.Struct("<4s4H2LH")  # signature, disk, cd disk, entries here, entries, cd size, cd offset, comment
_LOCATOR = struct.Struct("<4sLQL")  # ZIP64 end-of-central-directory locator
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # ZIP64 end record: …, entries here, entries, cd size, cd offset
_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header (46 bytes)
_ENTRY_SIG = b"PK\x01\x02"
#: The end record sits within the last 22 bytes plus a comment of at most 65,535 bytes.
_TAIL = _EOCD.size + 0xFFFF


@dataclass(frozen=True, slots=True)
class Directory:
    """Where the central directory starts and how many entries it declares."""

    start: int
    entries: int


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    size: int
    compressed: int
    encrypted: bool
    is_dir: bool


def find_directory(data: bytes) -> Directory | None:
    """The central directory's start and entry count, from the end records; None when there is none."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - _TAIL))
    if at < 0 or at + _EOCD.size > len(data):
        return None
    _sig, _disk, _cd_disk, _here, entries, cd_size, cd_offset, _comment = _EOCD.unpack_from(data, at)
    start = at - cd_size  # not `cd_offset`: bytes before the archive (a self-extractor) shift it
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        loc = at - _LOCATOR.size
        if loc < 0 or data[loc : loc + 4] != b"PK\x06\x07":
            return None
        end64 = loc - _EOCD64.size
        if end64 < 0 or data[end64 : end64 + 4] != b"PK\x06\x06":
            return None
        fields = _EOCD64.unpack_from(data, end64)
        entries, cd_size = fields[7], fields[8]
        start = end64 - cd_size
    return Directory(start, entries) if 0 <= start <= len(data) else None


def _zip64_sizes(extra: bytes, size: int, compressed: int) -> tuple[int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<2H", extra, pos)
        if tag == 0x0001:
            values = extra[pos + 4 : pos + 4 + length]
            if size == 0xFFFFFFFF and len(values) >= 8:
                size, values = struct.unpack_from("<Q", values)[0], values[8:]
            if compressed == 0xFFFFFFFF and len(values) >= 8:
                compressed = struct.unpack_from("<Q", values)[0]
            break
        pos += 4 + length
    return size, compressed


def first_entries(data: bytes, directory: Directory, limit: int) -> list[Entry]:
    """At most `limit` entries from the start of the directory; reading stops at the first damaged one."""
    out: list[Entry] = []
    pos = directory.start
    while len(out) < limit and pos + _ENTRY.size <= len(data):
        fields = _ENTRY.unpack_from(data, pos)
        if fields[0] != _ENTRY_SIG:
            break
        flags, compressed, size = fields[5], fields[10], fields[11]
        name_len, extra_len, comment_len = fields[12], fields[13], fields[14]
        name_at = pos + _ENTRY.size
        raw = data[name_at : name_at + name_len]
        extra = data[name_at + name_len : name_at + name_len + extra_len]
        size, compressed = _zip64_sizes(extra, size, compressed)
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace").split("\x00", 1)[0]
        out.append(Entry(name, size, compressed, bool(flags & 0x1), name.endswith("/")))
        pos = name_at + name_len + extra_len + comment_len
    return out
