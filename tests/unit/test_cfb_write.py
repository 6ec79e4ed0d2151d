"""The compound-file writer that turns an Outlook item embedded in another into a .msg of its own.

Read back with olefile (the reader the inspector uses, written independently of this writer): names, sizes,
bytes, storages nested three deep, streams on both sides of the mini-stream cut-off, a storage with 3,000
children (a balanced sibling tree: olefile walks it recursively), and more than one FAT sector.
"""

from __future__ import annotations

import io
import random

import olefile
import pytest

from inspector.ingest.cfb_write import MINI_CUTOFF, Storage, write_cfb

CLSID = bytes.fromhex("0B0D020000000000C000000000000046")


def read_back(data: bytes) -> dict[str, bytes]:
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        assert not getattr(ole, "parsing_issues", [])
        return {"/".join(p): ole.openstream(p).read() for p in ole.listdir(streams=True, storages=False)}


def test_streams_and_storages_round_trip() -> None:
    rng = random.Random(7)
    blobs = {
        "empty": b"",
        "tiny": b"x",
        "just-under": rng.randbytes(MINI_CUTOFF - 1),
        "at-cutoff": rng.randbytes(MINI_CUTOFF),
        "big": rng.randbytes(5_000_000),  # 1,221 sectors: two FAT sectors
    }
    inner = Storage({"deep": Storage({"leaf": b"leaf bytes"})}, clsid=CLSID)
    root = Storage({**blobs, "sub": inner}, clsid=CLSID)
    data = write_cfb(root)
    got = read_back(data)
    assert got == {**blobs, "sub/deep/leaf": b"leaf bytes"}
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        assert ole.root.clsid == "00020D0B-0000-0000-C000-000000000046"
        assert ole.getclsid("sub") == "00020D0B-0000-0000-C000-000000000046"
        assert ole.sector_size == 4096


def test_thousands_of_children_read_back_in_full() -> None:
    names = [f"__substg1.0_{i:08X}" for i in range(3000)]
    root = Storage({n: n.encode() for n in names})
    got = read_back(write_cfb(root))
    assert sorted(got) == sorted(names) and all(got[n] == n.encode() for n in names)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 8, 100])
def test_sibling_trees_of_every_shape(count: int) -> None:
    root = Storage({f"s{i}": bytes([i]) for i in range(count)})
    assert read_back(write_cfb(root)) == {f"s{i}": bytes([i]) for i in range(count)}
