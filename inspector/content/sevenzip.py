"""A 7-Zip archive's directory read from its header, never its files: names, sizes, encryption.

Why not py7zr (the maintained Python 7z library, LGPL-2.1+): the listing needs only the header, and py7zr
imports at load time the whole codec set it can extract with (pyzstd, pyppmd, pybcj, inflate64, brotli,
pycryptodomex, multivolumefile: seven compiled libraries, several megabytes in the bundle) and decompresses
an encoded header in full before anything can be bounded. The header is a documented, small structure
(``7zFormat.txt`` of the LZMA SDK, public domain) and, when it is compressed ("encoded header", the default
of 7-Zip), it is compressed with LZMA or LZMA2, which the standard library's `lzma` decodes. So the reader is
here, about 300 lines, with every bound in its own hands:

- the header is decoded to at most `MAX_HEADER_BYTES`, from at most the bytes the file holds; the LZMA
  dictionary is clamped to that size (liblzma allocates the dictionary up front, and a hostile header may
  declare 4 GB);
- every count read from the header (files, folders, coders, streams) is checked against the bytes that
  remain before anything is allocated for it, so a header claiming 2⁶⁰ files is a malformed archive, not a
  loop; at most `MAX_MEMBERS` files are listed;
- a header encrypted with AES (``7z -mhe=on``) is reported as such: the names cannot be read without the
  password, and no password is ever tried.

A file is encrypted when the folder (7-Zip's unit of compression) that holds its data has an AES coder.
Nothing here decompresses a file's data.
"""

from __future__ import annotations

import lzma
import struct
import zlib
from dataclasses import dataclass, field

from inspector.content.archives import MAX_MEMBERS

SIGNATURE = b"7z\xbc\xaf\x27\x1c"
#: A decoded header larger than this is not read (5,000 files with long names fit in about 1 MB).
MAX_HEADER_BYTES = 8_000_000
#: Coders in one folder, and streams of one coder (7-Zip writes at most 4 coders, 4 streams each).
MAX_CODERS = 32
#: An encoded header whose decoded header is encoded again (never written by 7-Zip) is followed this often.
MAX_HEADER_LAYERS = 4

_AES = bytes.fromhex("06f10701")
_LZMA = bytes.fromhex("030101")
_LZMA2 = b"\x21"
_COPY = b"\x00"

K_END, K_HEADER, K_ARCHIVE_PROPERTIES, K_ADDITIONAL_STREAMS, K_MAIN_STREAMS, K_FILES = 0, 1, 2, 3, 4, 5
K_PACK_INFO, K_UNPACK_INFO, K_SUBSTREAMS, K_SIZE, K_CRC, K_FOLDER, K_CODERS_UNPACK_SIZE = 6, 7, 8, 9, 10, 11, 12
K_NUM_UNPACK_STREAM, K_EMPTY_STREAM, K_EMPTY_FILE, K_NAME, K_ATTRIBUTES, K_ENCODED_HEADER = 13, 14, 15, 17, 21, 23
_DIRECTORY_ATTRIBUTE = 0x10


class SevenZipError(ValueError):
    """The archive is damaged or hostile; the message says how, in a few words."""


@dataclass(slots=True)
class Entry:
    """One file of the directory."""

    name: str
    size: int
    encrypted: bool
    is_dir: bool


@dataclass(slots=True)
class Directory:
    """What the header tells: the files (at most `MAX_MEMBERS`), how many there are in all, and whether the
    header itself is encrypted (then no name can be read)."""

    entries: list[Entry] = field(default_factory=list)
    count: int = 0
    header_encrypted: bool = False


@dataclass(slots=True)
class _Coder:
    method: bytes
    ins: int
    outs: int
    props: bytes


@dataclass(slots=True)
class _Folder:
    coders: list[_Coder]
    bound_outs: set[int]
    packed: list[int]
    unpack_sizes: list[int] = field(default_factory=list)
    #: The folder's own checksum is given (then SubStreamsInfo repeats none for a one-file folder).
    crc_defined: bool = False

    @property
    def encrypted(self) -> bool:
        return any(c.method == _AES for c in self.coders)

    @property
    def size(self) -> int:
        """The size of the folder's final output: the one output no other coder consumes."""
        for i, size in enumerate(self.unpack_sizes):
            if i not in self.bound_outs:
                return size
        return 0


@dataclass(slots=True)
class _Streams:
    pack_pos: int = 0
    pack_sizes: list[int] = field(default_factory=list)
    folders: list[_Folder] = field(default_factory=list)
    #: Per folder, how many files its output holds, and the size of each (from SubStreamsInfo).
    per_folder: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)


class _Bits:
    """A bit vector of `n` items as stored (first item in the high bit), never expanded to a list: a hostile
    header may declare millions of items."""

    def __init__(self, raw: bytes, n: int, *, every: bool = False) -> None:
        self.raw, self.n, self.every = raw, n, every

    def __getitem__(self, i: int) -> bool:
        return self.every or bool(self.raw[i >> 3] & (0x80 >> (i & 7)))

    def count(self) -> int:
        if self.every:
            return self.n
        whole = int.from_bytes(self.raw, "big") >> (8 * len(self.raw) - self.n) if self.n else 0
        return whole.bit_count()


class _Reader:
    """Bytes read forwards; every read past the end is a SevenZipError, never an IndexError."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    @property
    def left(self) -> int:
        return len(self.data) - self.pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise SevenZipError("the header ends too early")
        self.pos += 1
        return self.data[self.pos - 1]

    def take(self, n: int) -> bytes:
        if n < 0 or n > self.left:
            raise SevenZipError("the header ends too early")
        self.pos += n
        return self.data[self.pos - n : self.pos]

    def number(self) -> int:
        """7z's variable-length number: the leading one bits of the first byte say how many bytes follow."""
        first = self.byte()
        mask, value = 0x80, 0
        for i in range(8):
            if not first & mask:
                return value | ((first & (mask - 1)) << (8 * i))
            value |= self.byte() << (8 * i)
            mask >>= 1
        return value

    def count(self, per_item: int = 1) -> int:
        """A number of items that each take at least `per_item` bytes of what remains (else: hostile)."""
        n = self.number()
        if n * per_item > self.left:
            raise SevenZipError("the header declares more entries than it holds")
        return n

    def bits(self, n: int) -> _Bits:
        return _Bits(self.take((n + 7) // 8), n)

    def defined(self, n: int) -> _Bits:
        """An "all defined" byte, or a bit vector of which of `n` items are."""
        return _Bits(b"", n, every=True) if self.byte() else self.bits(n)

    def expect(self, nid: int) -> None:
        if self.byte() != nid:
            raise SevenZipError("the header is not laid out as 7-Zip writes it")


def read_directory(data: bytes) -> Directory:
    """The directory of the 7z archive `data` (raises SevenZipError when it is damaged or hostile)."""
    if not data.startswith(SIGNATURE) or len(data) < 32:
        raise SevenZipError("no 7z signature header")
    (start_crc,) = struct.unpack_from("<I", data, 8)
    if zlib.crc32(data[12:32]) != start_crc:
        raise SevenZipError("the signature header's checksum is wrong")
    offset, size, crc = struct.unpack_from("<QQI", data, 12)
    if size == 0:
        return Directory()  # an empty archive
    if 32 + offset + size > len(data):
        raise SevenZipError("the archive is truncated")
    header = data[32 + offset : 32 + offset + size]
    if zlib.crc32(header) != crc:
        raise SevenZipError("the header's checksum is wrong")
    for _ in range(MAX_HEADER_LAYERS):
        r = _Reader(header)
        nid = r.byte()
        if nid == K_HEADER:
            return _header(r)
        if nid != K_ENCODED_HEADER:
            raise SevenZipError("the header is not laid out as 7-Zip writes it")
        streams = _streams_info(r)
        if any(f.encrypted for f in streams.folders):
            return Directory(header_encrypted=True)
        header = _decode_header(data, streams)
    raise SevenZipError("the header is encoded too many times")


def _decode_header(data: bytes, streams: _Streams) -> bytes:
    """An encoded header unpacked with the standard library's lzma, bounded (see the module)."""
    if len(streams.folders) != 1 or not streams.pack_sizes:
        raise SevenZipError("the encoded header is not laid out as 7-Zip writes it")
    folder = streams.folders[0]
    start = 32 + streams.pack_pos
    packed_size = streams.pack_sizes[0]
    if start + packed_size > len(data):
        raise SevenZipError("the archive is truncated")
    packed = data[start : start + packed_size]
    size = folder.size
    if size > MAX_HEADER_BYTES:
        raise SevenZipError(f"its header declares {size:,} bytes, more than is ever read")
    if len(folder.coders) != 1:
        raise SevenZipError("the header is compressed in a way 7-Zip does not use for headers")
    coder = folder.coders[0]
    if coder.method == _COPY:
        out = packed[:size]
    else:
        dictionary = max(4096, min(size, MAX_HEADER_BYTES))
        if coder.method == _LZMA and len(coder.props) >= 5:
            byte = coder.props[0]
            if byte >= 9 * 5 * 5:
                raise SevenZipError("bad LZMA properties")
            lc, lp, pb = byte % 9, (byte // 9) % 5, byte // 45
            flt = {"id": lzma.FILTER_LZMA1, "lc": lc, "lp": lp, "pb": pb, "dict_size": dictionary}
        elif coder.method == _LZMA2 and coder.props:
            flt = {"id": lzma.FILTER_LZMA2, "dict_size": dictionary}
        else:
            raise SevenZipError("the header is compressed in a way 7-Zip does not use for headers")
        try:
            out = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[flt]).decompress(packed, max_length=size)
        except lzma.LZMAError as exc:
            raise SevenZipError("its compressed header is damaged") from exc
    if len(out) != size:
        raise SevenZipError("its compressed header is damaged")
    return out


def _streams_info(r: _Reader) -> _Streams:
    out = _Streams()
    nid = r.byte()
    if nid == K_PACK_INFO:
        out.pack_pos = r.number()
        n = r.count()
        while (nid := r.byte()) != K_END:
            if nid == K_SIZE:
                out.pack_sizes = [r.number() for _ in range(n)]
            elif nid == K_CRC:
                _skip_digests(r, n)
            else:
                raise SevenZipError("unexpected entry in the pack information")
        nid = r.byte()
    if nid == K_UNPACK_INFO:
        _unpack_info(r, out)
        nid = r.byte()
    out.per_folder = [1] * len(out.folders)
    out.sizes = [f.size for f in out.folders]
    if nid == K_SUBSTREAMS:
        _substreams(r, out)
        nid = r.byte()
    if nid != K_END:
        raise SevenZipError("unexpected entry in the streams information")
    return out


def _unpack_info(r: _Reader, out: _Streams) -> None:
    r.expect(K_FOLDER)
    n = r.count(2)
    if r.byte():
        raise SevenZipError("folders stored outside the header are not read")
    out.folders = [_folder(r) for _ in range(n)]
    r.expect(K_CODERS_UNPACK_SIZE)
    for folder in out.folders:
        outs = sum(c.outs for c in folder.coders)
        folder.unpack_sizes = [r.number() for _ in range(outs)]
    while (nid := r.byte()) != K_END:
        if nid == K_CRC:
            defined = r.defined(n)
            for i, folder in enumerate(out.folders):
                folder.crc_defined = defined[i]
            r.take(4 * defined.count())
        else:
            raise SevenZipError("unexpected entry in the folder information")


def _folder(r: _Reader) -> _Folder:
    n = r.number()
    if not 0 < n <= MAX_CODERS:
        raise SevenZipError("a folder with an implausible number of coders")
    coders = []
    for _ in range(n):
        flags = r.byte()
        if flags & 0x80:
            raise SevenZipError("alternative coder methods are not part of the format")
        method = r.take(flags & 0x0F)
        ins, outs = (r.number(), r.number()) if flags & 0x10 else (1, 1)
        if not (0 < ins <= MAX_CODERS and 0 < outs <= MAX_CODERS):
            raise SevenZipError("a coder with an implausible number of streams")
        props = r.take(r.number()) if flags & 0x20 else b""
        coders.append(_Coder(method, ins, outs, props))
    total_in = sum(c.ins for c in coders)
    total_out = sum(c.outs for c in coders)
    bound_outs = set()
    for _ in range(total_out - 1):
        r.number()  # the input index the output feeds
        bound_outs.add(r.number())
    n_packed = total_in - (total_out - 1)
    if n_packed < 1:
        raise SevenZipError("a folder whose coders are bound in a circle")
    packed = [r.number() for _ in range(n_packed)] if n_packed > 1 else [0]
    return _Folder(coders, bound_outs, packed)


def _substreams(r: _Reader, out: _Streams) -> None:
    nid = r.byte()
    if nid == K_NUM_UNPACK_STREAM:
        out.per_folder = [r.number() for _ in out.folders]
        nid = r.byte()
    # Every file of a folder but its last needs a size in what follows (and a name after that).
    if sum(out.per_folder) > r.left + len(out.folders):
        raise SevenZipError("the header declares more files than it holds")
    sizes: list[int] = []
    for folder, files in zip(out.folders, out.per_folder, strict=True):
        if not files:
            continue
        known = [r.number() for _ in range(files - 1)] if nid == K_SIZE else []
        rest = folder.size - sum(known)
        if rest < 0:
            raise SevenZipError("file sizes larger than their folder")
        sizes.extend([*known, rest])
    if nid == K_SIZE:
        nid = r.byte()
    out.sizes = sizes
    while nid != K_END:
        if nid == K_CRC:
            pairs = zip(out.folders, out.per_folder, strict=True)
            _skip_digests(r, sum(n for f, n in pairs if not (n == 1 and f.crc_defined)))
        else:
            raise SevenZipError("unexpected entry in the substreams information")
        nid = r.byte()


def _skip_digests(r: _Reader, n: int) -> None:
    defined = r.defined(n)
    r.take(4 * defined.count())


def _header(r: _Reader) -> Directory:
    nid = r.byte()
    if nid == K_ARCHIVE_PROPERTIES:
        while r.byte() != K_END:
            r.take(r.number())
        nid = r.byte()
    if nid == K_ADDITIONAL_STREAMS:
        _streams_info(r)
        nid = r.byte()
    streams = _Streams()
    if nid == K_MAIN_STREAMS:
        streams = _streams_info(r)
        nid = r.byte()
    if nid == K_FILES:
        return _files(r, streams)
    if nid != K_END:
        raise SevenZipError("the header is not laid out as 7-Zip writes it")
    return Directory()


def _files(r: _Reader, streams: _Streams) -> Directory:
    n = r.number()
    if n > r.left:  # every file has at least a name's terminating zero
        raise SevenZipError("the header declares more files than it holds")
    empty_stream = _Bits(b"", 0)
    empty_file = _Bits(b"", 0)
    names: list[str] = []
    attributes: dict[int, int] = {}
    while (nid := r.byte()) != K_END:
        block = _Reader(r.take(r.number()))
        if nid == K_EMPTY_STREAM:
            empty_stream = block.bits(n)
        elif nid == K_EMPTY_FILE:
            empty_file = block.bits(empty_stream.count())
        elif nid == K_NAME:
            if block.byte():
                raise SevenZipError("names stored outside the header are not read")
            text = block.take(block.left).decode("utf-16-le", "replace")
            names = text.split("\x00", MAX_MEMBERS)[: min(n, MAX_MEMBERS)]
        elif nid == K_ATTRIBUTES:
            defined = block.defined(n)
            if block.byte():
                raise SevenZipError("attributes stored outside the header are not read")
            for i in range(min(n, MAX_MEMBERS)):
                if defined[i]:
                    attributes[i] = struct.unpack("<I", block.take(4))[0]
    return _entries(n, streams, empty_stream, empty_file, names, attributes)


def _entries(
    n: int,
    streams: _Streams,
    empty_stream: _Bits,
    empty_file: _Bits,
    names: list[str],
    attributes: dict[int, int],
) -> Directory:
    """Files matched to the folders holding their data, in order (a file with an empty stream has none)."""
    folder_of: list[int] = []
    for index, files in enumerate(streams.per_folder):
        folder_of.extend([index] * min(files, MAX_MEMBERS - len(folder_of)))
        if len(folder_of) >= MAX_MEMBERS:
            break
    out = Directory(count=n)
    stream = empty_index = 0
    for i in range(min(n, MAX_MEMBERS)):
        name = names[i] if i < len(names) else f"(file {i + 1})"
        if i < empty_stream.n and empty_stream[i]:
            is_file = empty_index < empty_file.n and empty_file[empty_index]
            empty_index += 1
            is_dir = not is_file or bool(attributes.get(i, 0) & _DIRECTORY_ATTRIBUTE)
            out.entries.append(Entry(name, 0, False, is_dir))
            continue
        if stream >= len(streams.sizes) or stream >= len(folder_of):
            raise SevenZipError("more files than data streams")
        folder = streams.folders[folder_of[stream]]
        out.entries.append(Entry(name, streams.sizes[stream], folder.encrypted, False))
        stream += 1
    return out
