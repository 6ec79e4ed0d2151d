"""7-Zip archives listed from their header, never extracted (issue 15 item 3).

The archives in tests/fixtures/attachments/sevenzip/ were made by the real 7-Zip (26.02, Debian's p7zip-full)
with ``tests/support/make_7z_fixtures.py``, which says how each was made; hostile ones are built here byte by
byte (a header claiming 2⁶⁰ files, an LZMA bomb in the encoded header, a 4 GB dictionary, garbage). When the
``7z`` program is installed (CI installs it), random archives are also listed by it and by the reader and the
two listings compared.
"""

from __future__ import annotations

import contextlib
import lzma
import random
import shutil
import struct
import subprocess
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.content import archives, sevenzip
from inspector.content.sevenzip import SIGNATURE, SevenZipError, read_directory
from tests.support.make_7z_fixtures import PASSWORD
from tests.unit.test_content_attachments import att, judged, kinds, message, report_of

SEVEN = Path(__file__).resolve().parent.parent / "fixtures" / "attachments" / "sevenzip"
RTLO = "\u202e"


def fixture(name: str) -> bytes:
    return (SEVEN / name).read_bytes()


def listing(name: str) -> list[tuple[str, int, bool]]:
    return [(e.name, e.size, e.encrypted) for e in read_directory(fixture(name)).entries]


# -- hand-built archives -------------------------------------------------------------------------------------


def num(n: int) -> bytes:
    """7z's variable-length number."""
    for i in range(8):
        if n < 1 << (7 * (i + 1)):
            first = ((0xFF << (8 - i)) & 0xFF) | (n >> (8 * i))
            return bytes([first]) + (n & ((1 << (8 * i)) - 1)).to_bytes(i, "little")
    return b"\xff" + n.to_bytes(8, "little")


def seven_zip(header: bytes, packed: bytes = b"") -> bytes:
    """A 7z file: signature header (with correct checksums), packed streams, then `header`."""
    start = struct.pack("<QQI", len(packed), len(header), zlib.crc32(header))
    return SIGNATURE + b"\x00\x04" + struct.pack("<I", zlib.crc32(start)) + start + packed + header


def files_header(names: list[str]) -> bytes:
    """A plain header (kHeader) listing `names` as empty files (no data streams)."""
    n = len(names)
    empty = bytes([0xFF] * (n // 8) + ([(0xFF << (8 - n % 8)) & 0xFF] if n % 8 else []))
    names_blob = b"\x00" + "".join(f"{x}\x00" for x in names).encode("utf-16-le")
    return (
        b"\x01\x05"
        + num(n)
        + b"\x0e" + num(len(empty)) + empty
        + b"\x0f" + num(len(empty)) + empty
        + b"\x11" + num(len(names_blob)) + names_blob
        + b"\x00\x00"
    )  # fmt: skip


def encoded_header(packed: bytes, declared: int, props: bytes) -> bytes:
    """kEncodedHeader: one pack stream at offset 0, one folder with one LZMA coder, `declared` bytes out."""
    folder = num(1) + bytes([0x23]) + bytes.fromhex("030101") + num(len(props)) + props
    return (
        b"\x17\x06" + num(0) + num(1) + b"\x09" + num(len(packed)) + b"\x00"
        + b"\x07\x0b" + num(1) + b"\x00" + folder + b"\x0c" + num(declared) + b"\x00"
        + b"\x00"
    )  # fmt: skip


def lzma1(data: bytes) -> bytes:
    return lzma.compress(
        data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1, "dict_size": 1 << 20, "lc": 3, "pb": 2}]
    )


LZMA_PROPS = bytes([3 + 45 * 2]) + struct.pack("<I", 1 << 20)  # lc=3 lp=0 pb=2, 1 MB dictionary


# -- the real 7-Zip's archives -------------------------------------------------------------------------------


def test_real_archives_are_listed_with_names_sizes_and_encryption() -> None:
    assert listing("program.7z") == [("Invoice.pdf.exe", 344, False), ("docs/terms.txt", 6, False),
                                     ("readme.txt", 18, False)]  # fmt: skip
    assert listing("harmless.7z") == [("empty.txt", 0, False), ("figures.csv", 8, False), ("report.txt", 680, False)]
    assert listing("encrypted.7z") == [("Invoice.pdf", 2009, True), ("scan.js", 17, True)]
    assert listing("names.7z") == [(f"Invoice_{RTLO}fdp.scr", 344, False), ("Shipping label.lnk", 76, False),
                                   ("open.js", 17, False)]  # fmt: skip
    # BCJ2: a folder of four coders and four packed streams (the complex-coder layout).
    assert listing("lzma1-bcj2.7z") == [("notes.txt", 600, False), ("setup.exe", 13760, False)]
    hidden = read_directory(fixture("encrypted-header.7z"))
    assert hidden.header_encrypted and hidden.entries == []


def test_archive_with_a_program_is_a_dangerous_attachment() -> None:
    report = report_of(message(("Invoice.7z", "application/x-7z-compressed", fixture("program.7z"))))
    (row,) = report.content.attachments
    assert row.detected_type == "application/x-7z-compressed"
    assert row.members == ("Invoice.pdf.exe", "docs/terms.txt", "readme.txt")
    assert kinds(row) == {"archive-dangerous": "high"}
    reasons = [f.text for f in report.verdict.findings if f.rule == "dangerous-attachments"]
    assert reasons == ["The archive Invoice.7z holds Invoice.pdf.exe (a program): opening it runs it."]


def test_harmless_archive_has_no_finding() -> None:
    (row,), _ = judged(att("report.7z", fixture("harmless.7z")))
    assert row.findings == () and row.members == ("empty.txt", "figures.csv", "report.txt")


def test_member_names_are_judged_like_zip_members() -> None:
    (row,), _ = judged(att("parcel.7z", fixture("names.7z")))
    text = next(f.explanation for f in row.findings if f.kind == "archive-dangerous")
    # The bidi override is shown, not obeyed; the shortcut and the script are counted.
    assert "Invoice_<U+202E>fdp.scr (a program) and 2 more such file(s)" in text
    (row,), _ = judged(att("setup.7z", fixture("lzma1-bcj2.7z")))
    assert "setup.exe (a program)" in next(f.explanation for f in row.findings if f.kind == "archive-dangerous")


def test_encrypted_archive_with_and_without_the_password_in_the_body() -> None:
    (row,), _ = judged(att("Invoice.7z", fixture("encrypted.7z")))
    assert kinds(row)["encrypted-archive"] == "medium" and "password-in-body" not in kinds(row)
    assert kinds(row)["archive-dangerous"] == "high"  # scan.js: the names are readable
    (row,), _ = judged(att("Invoice.7z", fixture("encrypted.7z")), body=f"The password is {PASSWORD}")
    assert kinds(row)["password-in-body"] == "high" and kinds(row)["encrypted-archive"] == "low"


def test_encrypted_header_hides_the_names() -> None:
    (row,), _ = judged(att("Invoice.7z", fixture("encrypted-header.7z")))
    assert row.members == () and kinds(row) == {"encrypted-archive": "medium"}
    assert "even the names of its files are hidden" in row.findings[0].explanation
    (row,), _ = judged(att("Invoice.7z", fixture("encrypted-header.7z")), body=f"Passwort: {PASSWORD}")
    assert kinds(row)["password-in-body"] == "high"


# -- damaged and hostile archives ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in SEVEN.glob("*.7z")))
def test_truncated_archives_are_malformed_never_a_crash(name: str) -> None:
    data = fixture(name)
    for cut in range(1, len(data)):
        with pytest.raises(SevenZipError):
            read_directory(data[:cut])
    (row,), _ = judged(att(name, data[: len(data) * 2 // 3]))
    assert kinds(row) == {"malformed": "low"}
    assert "damaged archive (the archive is truncated)" in row.findings[0].explanation


@pytest.mark.parametrize("name", sorted(p.name for p in SEVEN.glob("*.7z")))
def test_every_flipped_byte_is_a_finding_or_a_listing(name: str) -> None:
    """Checksums guard the header; a change anywhere is caught by them or read as an ordinary listing."""
    data = bytearray(fixture(name))
    for i in range(len(data)):
        flipped = bytes(data[:i]) + bytes([data[i] ^ 0x55]) + bytes(data[i + 1 :])
        with contextlib.suppress(SevenZipError):
            read_directory(flipped)


def test_header_claiming_two_to_the_sixty_files_is_refused_at_once() -> None:
    header = b"\x01\x05" + num(1 << 60) + b"\x00\x00"
    with pytest.raises(SevenZipError, match="more files than it holds"):
        read_directory(seven_zip(header))
    folders = b"\x01\x04\x07\x0b" + num(1 << 50) + b"\x00"
    with pytest.raises(SevenZipError, match="more entries than it holds"):
        read_directory(seven_zip(folders))
    streams = b"\x01\x04\x06" + num(0) + num(1 << 40) + b"\x00"
    with pytest.raises(SevenZipError):
        read_directory(seven_zip(streams))


def test_many_files_are_listed_up_to_the_bound() -> None:
    names = [f"file{i:05}.txt" for i in range(archives.MAX_MEMBERS + 500)] + ["last.exe"]
    directory = read_directory(seven_zip(files_header(names)))
    assert directory.count == len(names) and len(directory.entries) == archives.MAX_MEMBERS
    (row,), _ = judged(att("many.7z", seven_zip(files_header(names))))
    assert "more than 5,000 entries" in next(f.explanation for f in row.findings if f.kind == "not-examined")
    assert len(row.members) == archives.MAX_SHOWN_MEMBERS


def test_encoded_header_is_decoded_with_lzma() -> None:
    plain = files_header(["a.txt", "b.exe"])
    packed = lzma1(plain)
    data = seven_zip(encoded_header(packed, len(plain), LZMA_PROPS), packed)
    assert [e.name for e in read_directory(data).entries] == ["a.txt", "b.exe"]


def test_lzma_bomb_in_the_header_is_bounded() -> None:
    bomb = lzma1(b"\x00" * 20_000_000)  # 20 MB of zeros in a few kB
    # Declared as it is: refused from the declared size, nothing decoded.
    with pytest.raises(SevenZipError, match="more than is ever read"):
        read_directory(seven_zip(encoded_header(bomb, 20_000_000, LZMA_PROPS), bomb))
    # Declared small, decoding to far more, with a 4 GB dictionary asked for: stops at the declared size.
    props = LZMA_PROPS[:1] + struct.pack("<I", 0xFFFFFFFF)
    data = seven_zip(encoded_header(bomb, sevenzip.MAX_HEADER_BYTES, props), bomb)
    tracemalloc.start()
    try:
        with pytest.raises(SevenZipError):
            read_directory(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * sevenzip.MAX_HEADER_BYTES  # output + dictionary, never the 4 GB asked for
    (row,), _ = judged(att("bomb.7z", data))
    assert kinds(row) == {"malformed": "low"}


def test_corrupt_lzma_stream_and_wrong_checksums() -> None:
    plain = files_header(["a.txt"])
    packed = bytearray(lzma1(plain))
    packed[8:40] = bytes(32)
    with pytest.raises(SevenZipError):
        read_directory(seven_zip(encoded_header(bytes(packed), len(plain), LZMA_PROPS), bytes(packed)))
    data = bytearray(seven_zip(plain))
    data[-3] ^= 1
    with pytest.raises(SevenZipError, match="checksum"):
        read_directory(bytes(data))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.booleans())
def test_garbage_after_the_signature_never_raises_anything_else(body: bytes, encoded: bool) -> None:
    header = (b"\x17" if encoded else b"\x01") + body
    with contextlib.suppress(SevenZipError):
        read_directory(seven_zip(header, body))
    (row,), _ = judged(att("x.7z", seven_zip(header, body)))
    assert all(f.kind != "malformed" or f.severity == "low" for f in row.findings)


# -- the real 7-Zip against the reader -----------------------------------------------------------------------


def _seven_listing(path: Path, password: str | None) -> list[tuple[str, int, bool]]:
    cmd = ["7z", "l", "-slt", "-ba", f"-p{password or ''}", str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows, cur = [], {}
    for line in [*out.splitlines(), ""]:
        if " = " in line:
            key, value = line.split(" = ", 1)
            cur[key] = value
        elif cur:
            if "D" not in cur.get("Attributes", ""):
                rows.append((cur["Path"], int(cur.get("Size") or 0), cur.get("Encrypted") == "+"))
            cur = {}
    return rows


@pytest.mark.skipif(shutil.which("7z") is None, reason="the 7z program is not installed (CI installs p7zip-full)")
@pytest.mark.parametrize("seed", range(6))
def test_listing_equals_the_real_7zip(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    src = tmp_path / "in"
    names = []
    for i in range(rng.randint(1, 60)):
        folder = rng.choice(["", "docs/", "Ünïcode dir/", "a/b/c/"])
        stem = rng.choice(["report", "Invoice", "фото", "請求書", "x"])
        name = f"{folder}{stem}_{i}.{rng.choice(['txt', 'exe', 'pdf'])}"
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(rng.choice([0, 1, 100, 5000, 70000])))
        names.append(name)
    switches = rng.choice([[], ["-ms=off"], ["-m0=LZMA"], ["-mhc=off"], [f"-p{PASSWORD}"], ["-m0=PPMd"]])
    archive = tmp_path / "t.7z"
    subprocess.run(["7z", "a", "-bd", "-y", *switches, str(archive), "."], cwd=src, check=True, capture_output=True)
    mine = [(e.name, e.size, e.encrypted) for e in read_directory(archive.read_bytes()).entries if not e.is_dir]
    assert sorted(mine) == sorted(_seven_listing(archive, PASSWORD))


def test_7z_inside_a_zip_is_listed_as_a_nested_archive() -> None:
    from tests.unit.test_content_attachments import zip_of

    outer, inner = judged(att("docs.zip", zip_of({"Invoice.7z": fixture("program.7z")})))[0]
    assert inner.part == "docs.zip" and inner.members[0] == "Invoice.pdf.exe"
    assert kinds(inner)["archive-dangerous"] == "high"
    words = next(f.explanation for f in outer.findings if f.kind == "archive-dangerous")
    assert "Invoice.7z (a program inside)" in words
