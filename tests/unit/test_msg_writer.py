"""The test helper that writes compound files and .msg items must itself be correct (MS-CFB v3)."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import olefile
import pytest

from tests.conftest import ROOT
from tests.support.msg_writer import ENDOFCHAIN, NOSTREAM, Tree, fixture_files, write_cfb

FIXTURES = ROOT / "tests" / "fixtures" / "msg"


def _open_strict(data: bytes) -> olefile.OleFileIO:
    # DEFECT_UNSURE: olefile raises on anything it finds even slightly off.
    return olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_UNSURE)


def test_streams_round_trip_through_olefile() -> None:
    tree: Tree = {
        "empty": b"",
        "one": b"\x01",
        "mini_max": b"m" * 4095,  # last size kept in the mini stream
        "regular_min": b"r" * 4096,  # first size in regular sectors
        "big": bytes(range(256)) * 300,
        "sub": {"inner": b"x" * 100, "deeper": {"leaf": b"y" * 5000}},
    }
    ole = _open_strict(write_cfb(tree))
    assert ole.parsing_issues == []
    assert ole.openstream("empty").read() == b""
    assert ole.openstream("one").read() == b"\x01"
    assert ole.openstream("mini_max").read() == b"m" * 4095
    assert ole.openstream("regular_min").read() == b"r" * 4096
    assert ole.openstream("big").read() == bytes(range(256)) * 300
    assert ole.openstream("sub/inner").read() == b"x" * 100
    assert ole.openstream("sub/deeper/leaf").read() == b"y" * 5000
    assert ole.get_type("sub") == olefile.STGTY_STORAGE


def test_header_is_version_3_with_512_byte_sectors() -> None:
    data = write_cfb({"a": b"a"})
    _minor, major, order, shift, mini_shift = struct.unpack_from("<HHHHH", data, 24)
    assert (major, order, shift, mini_shift) == (3, 0xFFFE, 9, 6)
    assert struct.unpack_from("<I", data, 56)[0] == 4096
    assert len(data) % 512 == 0


def _check_tree(ole: olefile.OleFileIO, sid: int) -> tuple[int, list[str]]:
    """Black height of the subtree and its names in order; asserts the red-black rules on the way."""
    if sid == NOSTREAM:
        return 1, []
    e = ole.direntries[sid]
    lh, left = _check_tree(ole, e.sid_left)
    rh, right = _check_tree(ole, e.sid_right)
    assert lh == rh, f"unequal black height under {e.name}"
    if e.color == 0:  # red: no red child
        for child in (e.sid_left, e.sid_right):
            assert child == NOSTREAM or ole.direntries[child].color == 1
    return lh + (1 if e.color == 1 else 0), [*left, e.name, *right]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 8, 20, 33])
def test_directory_is_a_sorted_red_black_tree(n: int) -> None:
    # Names of different lengths and cases: CFB sorts by length first, then upper-cased.
    names = [("n" * (1 + i % 5)) + f"{i:03d}" + ("X" if i % 2 else "a") for i in range(n)]
    ole = _open_strict(write_cfb({name: bytes([i]) for i, name in enumerate(names)}))
    root = ole.direntries[0]
    top = ole.direntries[root.sid_child]
    assert top.color == 1, "the root of a tree is black"
    _, order = _check_tree(ole, root.sid_child)
    assert order == sorted(names, key=lambda s: (len(s), s.upper()))


def test_empty_stream_starts_at_end_of_chain() -> None:
    data = write_cfb({"empty": b""})
    ole = _open_strict(data)
    entry = ole.direntries[ole.root.sid_child]
    assert entry.size == 0 and entry.isectStart == ENDOFCHAIN


def test_committed_fixtures_are_current() -> None:
    """The files in tests/fixtures/msg are exactly what the helper writes (regenerate with its main())."""
    expected = fixture_files()
    committed = {p.name: p.read_bytes() for p in Path(FIXTURES).glob("*.msg")}
    assert committed == expected


@pytest.mark.parametrize(
    "name", ["unicode-headers.msg", "string8-headers.msg", "html-attachments.msg", "sent-item.msg"]
)
def test_fixtures_are_clean_for_olefile(name: str) -> None:
    ole = _open_strict((FIXTURES / name).read_bytes())
    assert ole.parsing_issues == []
    streams = {"/".join(p) for p in ole.listdir()}
    assert "__properties_version1.0" in streams
    assert "__nameid_version1.0/__substg1.0_00020102" in streams
    # Outlook's message CLSID on the root storage.
    assert ole.root.clsid.upper() == "00020D0B-0000-0000-C000-000000000046"
