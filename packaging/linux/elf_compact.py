"""Remove the zero padding patchelf leaves in shared libraries (2 MB in Pillow's libXau), without relinking.

    python packaging/linux/elf_compact.py BUNDLE_DIR     # compact every ELF file under it; prints what it saved

auditwheel renames the libraries a wheel vendors (``libXau-154567c4.so.6.0.0``) with patchelf, which appends a
new PT_LOAD segment for the grown dynamic string table at the next multiple of the segment alignment. With the
2 MiB alignment of some toolchains the file then holds 2 MB of zeros between the old end of the file and that
segment: Pillow 13's ``libXau`` is 2,104,240 bytes, of which 2,086,694 are one run of zeros, for a 15 KB library.

The fix moves everything after such a gap down by a multiple of the page size, so each segment's file offset
stays congruent to its address modulo 4096 (what ld.so and the kernel need to map it), lowers the moved loadable
segments' alignment to 4096 where the old one no longer divides the shift, and updates the program header
table, the section headers and the ELF header. Addresses do not change, so nothing inside the library (dynamic
section, symbols, relocations) needs editing. Only a gap that is all zeros and covered by no segment or section
is removed; anything unexpected leaves the file as it was. x86-64 Linux bundles only (page size 4096).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

PAGE = 4096
#: Gaps smaller than this are left alone (nothing worth the rewrite).
MIN_GAP = 64 * 1024
PT_LOAD = 1
SHT_NOBITS = 8


def _extents(data: bytes) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """Byte ranges of the file something refers to (headers, segments, sections), and the ELF header fields."""
    hdr = dict(
        zip(
            ("phoff", "shoff", "flags", "ehsize", "phentsize", "phnum", "shentsize", "shnum", "shstrndx"),
            struct.unpack_from("<QQIHHHHHH", data, 0x20),
            strict=True,
        )
    )
    spans = [(0, hdr["ehsize"]), (hdr["phoff"], hdr["phoff"] + hdr["phnum"] * hdr["phentsize"])]
    if hdr["shnum"]:
        spans.append((hdr["shoff"], hdr["shoff"] + hdr["shnum"] * hdr["shentsize"]))
    for i in range(hdr["phnum"]):
        _t, _f, off, _va, _pa, filesz, _mem, _al = struct.unpack_from(
            "<IIQQQQQQ", data, hdr["phoff"] + i * hdr["phentsize"]
        )
        if filesz:
            spans.append((off, off + filesz))
    for i in range(hdr["shnum"]):
        _n, kind, _fl, _ad, off, size, _l, _i, _al, _es = struct.unpack_from(
            "<IIQQQQIIQQ", data, hdr["shoff"] + i * hdr["shentsize"]
        )
        if kind != SHT_NOBITS and size:
            spans.append((off, off + size))
    return sorted(spans), hdr


def _largest_gap(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The largest stretch of the file no header, segment or section covers (start, end)."""
    best: tuple[int, int] | None = None
    covered = 0
    for start, end in spans:
        if start > covered and (best is None or start - covered > best[1] - best[0]):
            best = (covered, start)
        covered = max(covered, end)
    return best  # (bytes after everything, if any, are not the patchelf pattern: left alone)


def compact(data: bytes) -> bytes | None:
    """`data` (a 64-bit little-endian ELF file) without its zero gap; None when there is nothing to remove."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    spans, hdr = _extents(data)
    gap = _largest_gap(spans)
    if gap is None:
        return None
    start, end = gap
    if end - start < MIN_GAP or data[start:end].count(0) != end - start:
        return None
    new_end = start + (-start % PAGE) + (end % PAGE)  # the first offset >= start congruent to end mod PAGE
    shift = end - new_end
    if shift < MIN_GAP // 2 or shift % PAGE:
        return None
    out = bytearray(data[:new_end] + data[end:])

    def moved(offset: int) -> int:
        return offset - shift if offset >= end else offset

    for i in range(hdr["phnum"]):
        at = hdr["phoff"] + i * hdr["phentsize"]
        kind, flags, off, vaddr, paddr, filesz, memsz, align = struct.unpack_from("<IIQQQQQQ", data, at)
        if off < end < off + filesz:
            return None  # a segment spans the gap: not the pattern this handles
        new_off = moved(off)
        if kind == PT_LOAD and off >= end and align > PAGE and shift % align:
            align = PAGE
        if kind == PT_LOAD and filesz and (new_off - vaddr) % max(align, 1):
            return None
        struct.pack_into("<IIQQQQQQ", out, moved(at), kind, flags, new_off, vaddr, paddr, filesz, memsz, align)
    for i in range(hdr["shnum"]):
        at = hdr["shoff"] + i * hdr["shentsize"]
        fields = list(struct.unpack_from("<IIQQQQIIQQ", data, at))
        if fields[1] != SHT_NOBITS:
            fields[4] = moved(fields[4])
        struct.pack_into("<IIQQQQIIQQ", out, moved(at), *fields)
    struct.pack_into("<QQ", out, 0x20, moved(hdr["phoff"]), moved(hdr["shoff"]) if hdr["shnum"] else 0)
    return bytes(out)


def compact_file(path: Path) -> int:
    """Compact `path` in place; the bytes saved (0 if it was left as it was)."""
    data = path.read_bytes()
    new = compact(data)
    if new is None:
        return 0
    tmp = path.with_name(path.name + ".compact")
    tmp.write_bytes(new)
    os.chmod(tmp, path.stat().st_mode)
    os.replace(tmp, path)
    return len(data) - len(new)


def main(argv: list[str]) -> int:
    """Compact every ELF file under the folders given."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    total = 0
    for root in argv:
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                if path.is_symlink() or not path.is_file():
                    continue
                with path.open("rb") as fh:
                    if fh.read(4) != b"\x7fELF":
                        continue
                saved = compact_file(path)
                if saved:
                    print(f"elf_compact: {path.relative_to(root)}: {saved} bytes of padding removed")
                    total += saved
    print(f"elf_compact: {total} bytes removed in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
