"""packaging/linux/elf_compact.py removes patchelf's zero padding and the library still loads and works.

The padded library is made the way auditwheel made Pillow's libXau: this system's libXau renamed with patchelf
at a 2 MiB page size, then stripped (as PyInstaller strips the bundle). It is loaded in a child process with the
dynamic linker (ctypes) and one of its functions called, before and after.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBXAU = Path("/usr/lib/x86_64-linux-gnu/libXau.so.6")


def _load() -> ModuleType:
    path = ROOT / "packaging" / "linux" / "elf_compact.py"
    spec = importlib.util.spec_from_file_location("elf_compact", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["elf_compact"] = module
    spec.loader.exec_module(module)
    return module


ec = _load()


@pytest.fixture
def padded(tmp_path: Path) -> Path:
    if not LIBXAU.exists() or not shutil.which("patchelf") or not shutil.which("strip"):
        pytest.skip("needs libXau (libxau6), patchelf and strip (binutils): packaging/ci.sh installs them")
    lib = tmp_path / "libXau-0123456789abcdef.so.6.0.0"
    shutil.copy(LIBXAU.resolve(), lib)
    subprocess.run(["patchelf", "--page-size", "2097152", "--set-soname", lib.name, str(lib)], check=True)
    subprocess.run(["strip", str(lib)], check=True)
    return lib


def works(lib: Path) -> str:
    code = (
        "import ctypes,sys; l=ctypes.CDLL(sys.argv[1]); l.XauFileName.restype=ctypes.c_char_p; print(l.XauFileName())"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(lib)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_padding_is_removed_and_the_library_still_works(padded: Path) -> None:
    before = padded.stat().st_size
    answer = works(padded)
    assert before > 1_000_000  # the auditwheel/patchelf pattern: megabytes of zeros in a 15 KB library
    saved = ec.compact_file(padded)
    assert saved > 1_000_000 and padded.stat().st_size == before - saved
    assert works(padded) == answer
    readelf = subprocess.run(["readelf", "-a", "-W", str(padded)], capture_output=True, text=True, check=False)
    assert readelf.returncode == 0 and "Error" not in readelf.stderr and padded.name in readelf.stdout
    # Nothing more to remove the second time.
    assert ec.compact_file(padded) == 0


def test_a_gap_that_is_not_all_zeros_is_left_alone(padded: Path) -> None:
    data = bytearray(padded.read_bytes())
    spans, _hdr = ec._extents(bytes(data))
    start, end = ec._largest_gap(spans)
    data[(start + end) // 2] = 1
    assert ec.compact(bytes(data)) is None


def test_files_that_are_not_64_bit_elf_are_left_alone() -> None:
    assert ec.compact(b"MZ" + b"\0" * 200_000) is None
    assert ec.compact(b"\x7fELF\x01\x01" + b"\0" * 200_000) is None
