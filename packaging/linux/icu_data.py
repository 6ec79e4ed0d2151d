"""Slim the ICU data library the Linux Qt wheels bundle (libicudata.so.NN, 32 MB, a quarter of the bundle).

    python packaging/linux/icu_data.py slim LIB            # replace LIB with a library holding only what Qt uses
    python packaging/linux/icu_data.py list LIB            # sizes of the data groups LIB holds

Qt links ICU for four things only (the ICU symbols libQt6Core/Gui/Widgets, the PySide6 modules and the bundled
plugins import, listed by ``readelf --dyn-syms``): collation (``ucol_*``, QCollator: the file dialog sorts names
with it), character set converters (``ucnv_*``, QStringConverter), time zone names (``ucal_*``, QTimeZone) and
locale-aware case mapping (``u_strToUpper``/``u_strToLower``: code, no data). Everything else in ICU's data is
never read by this app: break iterators and their dictionaries (``brkitr/``, 3.4 MB), unit, currency, language
and region display names (``unit/ curr/ lang/ region/``, 10 MB), transliterators (``translit/``), character
names (``unames.icu``), IDNA2003 string preparation (``*.spp``) and spoof checking (``*.cfu``). Collation, the
converters, time zone data and names, the number formats and the locale tree these rely on stay whole.

The data library is one exported symbol, ``icudtNN_dat``: an ICU "common data" package (a header, a table of
contents sorted by name, the items). This script reads it out of the ELF file, writes a package without the groups
above (the same format ``icupkg -r`` writes), and links a new library exporting the same symbol under the same
soname with binutils' ``as`` and ``ld`` (binutils is already needed by PyInstaller on Linux). packaging/smoke.py
then runs Qt's ICU-backed calls against the slimmed library and compares their answers with the full one's.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Item name patterns (inside the package's "icudtNNl/" tree) the app never reads; see the module docstring.
DROPPED = re.compile(r"^(brkitr|unit|curr|lang|region|translit)/|^unames\.icu$|\.spp$|\.cfu$")
DATA_SYMBOL = re.compile(rb"^icudt\d+_dat$")


@dataclass(frozen=True)
class Package:
    """An ICU common data package: its header bytes and its items (name inside the tree, bytes) in TOC order."""

    header: bytes
    prefix: str  # "icudt73l/"
    items: list[tuple[str, bytes]]


def parse_package(blob: bytes) -> Package:
    """Read a common data package (little-endian, as on x86-64 and arm64)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count = struct.unpack_from("<I", blob, header_size)[0]
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    names = []
    for name_offset, _data in entries:
        start = header_size + name_offset
        names.append(blob[start : blob.index(b"\0", start)].decode("ascii"))
    starts = [header_size + data for _name, data in entries] + [len(blob)]
    prefix = names[0].split("/", 1)[0] + "/" if names else ""
    items = []
    for i, name in enumerate(names):
        if not name.startswith(prefix):
            raise ValueError(f"item {name!r} outside {prefix!r}")
        items.append((name[len(prefix) :], blob[starts[i] : starts[i + 1]]))
    return Package(blob[:header_size], prefix, items)


def build_package(pkg: Package) -> bytes:
    """Write a package: header, count, (name offset, data offset) pairs, names, then each item 16-byte aligned."""
    header_size = len(pkg.header)
    names = b"".join((pkg.prefix + name).encode("ascii") + b"\0" for name, _data in pkg.items)
    toc_size = 4 + 8 * len(pkg.items) + len(names)
    data_start = toc_size + (-(header_size + toc_size) % 16)
    entries = bytearray(struct.pack("<I", len(pkg.items)))
    body = bytearray()
    name_offset = 4 + 8 * len(pkg.items)
    for name, data in pkg.items:
        entries += struct.pack("<II", name_offset, data_start + len(body))
        name_offset += len(pkg.prefix) + len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    toc = bytes(entries) + names
    return pkg.header + toc + b"\0" * (data_start - len(toc)) + bytes(body)


def slimmed(pkg: Package) -> Package:
    """The package without the items the app never reads."""
    return Package(pkg.header, pkg.prefix, [(n, d) for n, d in pkg.items if not DROPPED.search(n)])


def groups(pkg: Package) -> dict[str, int]:
    """Bytes per top-level folder (or per file type at the top level), largest first."""
    sizes: dict[str, int] = {}
    for name, data in pkg.items:
        key = name.split("/", 1)[0] + "/" if "/" in name else "*" + os.path.splitext(name)[1]
        sizes[key] = sizes.get(key, 0) + len(data)
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


# --- the ELF library --------------------------------------------------------------------------------------
def read_data_symbol(lib: bytes) -> tuple[str, bytes]:
    """The name and bytes of the ``icudtNN_dat`` symbol of a little-endian 64-bit ELF shared library."""
    if lib[:4] != b"\x7fELF" or lib[4] != 2 or lib[5] != 1:
        raise ValueError("not a little-endian 64-bit ELF file")
    (shoff,) = struct.unpack_from("<Q", lib, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", lib, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", lib, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for i in range(size // entsize):
            st_name, _st_info, _other, shndx, value, st_size = struct.unpack_from("<IBBHQQ", lib, offset + i * entsize)
            start = strtab[4] + st_name
            name = lib[start : lib.index(b"\0", start)]
            if DATA_SYMBOL.match(name) and shndx != 0:
                home = sections[shndx]
                file_offset = home[4] + value - home[3]
                return name.decode("ascii"), lib[file_offset : file_offset + st_size]
    raise ValueError("no icudtNN_dat symbol")


def soname(path: Path) -> str:
    """The library's DT_SONAME (readelf, from binutils)."""
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    if not m:
        raise ValueError(f"{path}: no SONAME")
    return m.group(1)


def link_library(symbol: str, blob: bytes, name: str, out: Path) -> None:
    """A shared library exporting `symbol` (16-byte aligned, read-only) holding `blob`, with soname `name`."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "icu.dat"
        data.write_bytes(blob)
        source = Path(tmp) / "icu.s"
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{data}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        obj = Path(tmp) / "icu.o"
        subprocess.run(["as", "-o", str(obj), str(source)], check=True)
        linked = Path(tmp) / name
        subprocess.run(
            ["ld", "-shared", "-soname", name, "-z", "relro", "-z", "now", "-z", "noexecstack", "--build-id",
             "--hash-style=gnu", "-s", "-o", str(linked), str(obj)],
            check=True,
        )  # fmt: skip
        os.replace(linked, out)


def slim_library(path: Path) -> tuple[int, int]:
    """Replace the ICU data library at `path` with the slimmed one; (bytes before, bytes after)."""
    before = path.stat().st_size
    symbol, blob = read_data_symbol(path.read_bytes())
    pkg = parse_package(blob)
    new = build_package(slimmed(pkg))
    parse_package(new)  # refuse to write what cannot be read back
    mode = path.stat().st_mode
    link_library(symbol, new, soname(path), path)
    os.chmod(path, mode)
    kept_symbol, kept = read_data_symbol(path.read_bytes())
    if kept_symbol != symbol or kept != new:
        raise RuntimeError(f"{path}: the linked library does not hold the package written")
    return before, path.stat().st_size


def main(argv: list[str]) -> int:
    """slim LIB | list LIB."""
    if len(argv) != 2 or argv[0] not in ("slim", "list"):
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[1])
    if argv[0] == "list":
        pkg = parse_package(read_data_symbol(path.read_bytes())[1])
        for key, size in groups(pkg).items():
            print(f"{size:>10}  {key}{'  (dropped by slim)' if DROPPED.search(key.lstrip('*')) else ''}")
        return 0
    before, after = slim_library(path)
    print(f"icu_data: {path.name} {before} -> {after} bytes ({(before - after) / 1e6:.1f} MB less)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
