"""packaging/macos/minimum.py: the macOS floor from wheel tags and from the Mach-O files of a built app.

No Mac here: the wheel names below are the real files pip resolves for this project's pinned build
dependencies on macOS 15 (arm64 and x86_64, CPython 3.11, December 2026), and the Mach-O files are built byte
by byte in the layout of mach-o/loader.h and mach-o/fat.h, thin and fat, with LC_BUILD_VERSION and the older
LC_VERSION_MIN_MACOSX.
"""

from __future__ import annotations

import importlib.util
import plistlib
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    path = ROOT / "packaging" / "macos" / "minimum.py"
    spec = importlib.util.spec_from_file_location("macos_minimum", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["macos_minimum"] = module
    spec.loader.exec_module(module)
    return module


mm = _load()

ARM64_WHEELS = {
    "cffi-2.1.1-cp311-cp311-macosx_11_0_arm64.whl": (11, 0),
    "lxml-6.2.0-cp311-cp311-macosx_10_9_universal2.whl": (10, 9),
    "pillow-13.0.0-cp311-cp311-macosx_11_0_arm64.whl": (11, 0),
    "pyinstaller-6.22.3-py3-none-macosx_10_13_universal2.whl": (10, 13),
    "pynacl-1.6.2-cp38-abi3-macosx_10_10_universal2.whl": (10, 10),
    "pyside6_essentials-6.11.3-cp310-abi3-macosx_13_0_universal2.whl": (13, 0),
    "rapidfuzz-3.14.6-cp311-cp311-macosx_11_0_arm64.whl": (11, 0),
    "shiboken6-6.11.3-cp310-abi3-macosx_13_0_universal2.whl": (13, 0),
    "zxing_cpp-3.1.1-cp311-cp311-macosx_11_0_arm64.whl": (11, 0),
}
X86_64_WHEELS = {
    "cffi-2.1.1-cp311-cp311-macosx_10_15_x86_64.whl": (10, 15),
    "lxml-6.2.0-cp311-cp311-macosx_10_9_x86_64.whl": (10, 9),
    "pillow-13.0.0-cp311-cp311-macosx_10_10_x86_64.whl": (10, 10),
    "pyinstaller-6.22.3-py3-none-macosx_10_13_universal2.whl": (10, 13),
    "pynacl-1.6.2-cp38-abi3-macosx_10_10_universal2.whl": (10, 10),
    "pyside6_essentials-6.11.3-cp310-abi3-macosx_13_0_universal2.whl": (13, 0),
    "rapidfuzz-3.14.6-cp311-cp311-macosx_10_9_x86_64.whl": (10, 9),
    "shiboken6-6.11.3-cp310-abi3-macosx_13_0_universal2.whl": (13, 0),
    "zxing_cpp-3.1.1-cp311-cp311-macosx_10_15_x86_64.whl": (10, 15),
}


@pytest.mark.parametrize(("arch", "wheels"), [("arm64", ARM64_WHEELS), ("x86_64", X86_64_WHEELS)])
def test_each_real_wheel_states_its_floor_for_its_architecture(arch: str, wheels: dict[str, tuple[int, int]]) -> None:
    assert {name: mm.wheel_filename_floor(name, arch) for name in wheels} == wheels
    # The bundle's floor is the highest: Qt for Python's 13.0, on both architectures.
    assert max(wheels.values()) == (13, 0)


def test_a_wheel_for_the_other_architecture_states_nothing() -> None:
    assert mm.wheel_filename_floor("pillow-13.0.0-cp311-cp311-macosx_11_0_arm64.whl", "x86_64") is None
    assert mm.wheel_filename_floor("pillow-13.0.0-cp311-cp311-macosx_10_10_x86_64.whl", "arm64") is None
    assert mm.wheel_filename_floor("pyspf-2.0.14-py3-none-any.whl", "arm64") is None
    assert mm.wheel_filename_floor("lxml-6.2.0-cp311-cp311-win_amd64.whl", "x86_64") is None


def test_a_compressed_tag_counts_only_the_pieces_for_the_architecture() -> None:
    # The old code took the lowest tag of all: 10.9 for an Apple-silicon build that needs 11.0.
    name = "example-1.0-cp311-cp311-macosx_10_9_x86_64.macosx_11_0_arm64.whl"
    assert mm.wheel_filename_floor(name, "arm64") == (11, 0)
    assert mm.wheel_filename_floor(name, "x86_64") == (10, 9)
    # WHEEL files list one full tag per line.
    tags = ["cp311-cp311-macosx_10_9_x86_64", "cp311-cp311-macosx_11_0_arm64"]
    assert mm.tag_floor(tags, "arm64") == (11, 0)


# --- Mach-O ----------------------------------------------------------------------------------------------


def _version(v: tuple[int, int]) -> int:
    return v[0] << 16 | v[1] << 8


def thin(cpu: str, minos: tuple[int, int] | None, old_style: bool = False) -> bytes:
    """A 64-bit little-endian Mach-O image: an LC_UUID, then the minimum (LC_BUILD_VERSION or LC_VERSION_MIN)."""
    cmds = struct.pack("<II16s", 0x1B, 24, b"u" * 16)
    if minos is not None:
        if old_style:
            cmds += struct.pack("<IIII", 0x24, 16, _version(minos), _version((15, 0)))
        else:
            cmds += struct.pack("<IIIIII", 0x32, 24, 1, _version(minos), _version((15, 0)), 0)
    ncmds = 1 + (minos is not None)
    header = struct.pack("<IiiIIIII", 0xFEEDFACF, mm.CPU_TYPES[cpu], 0, 6, ncmds, len(cmds), 0, 0)
    return header + cmds + b"\0" * 64


def fat(slices: dict[str, bytes]) -> bytes:
    """A universal (fat) file: big-endian header and fat_arch entries, each slice 4 KiB aligned."""
    out = bytearray(struct.pack(">II", 0xCAFEBABE, len(slices)))
    offset = 4096
    body = bytearray()
    for cpu, image in slices.items():
        out += struct.pack(">iiIII", mm.CPU_TYPES[cpu], 0, offset + len(body), len(image), 12)
        body += image + b"\0" * (-len(image) % 4096)
    return bytes(out) + b"\0" * (offset - len(out)) + bytes(body)


def test_thin_and_fat_files_give_the_slice_for_the_architecture() -> None:
    assert mm.macho_minimum(thin("arm64", (13, 0)), "arm64") == (13, 0)
    assert mm.macho_minimum(thin("arm64", (13, 0)), "x86_64") is None
    assert mm.macho_minimum(thin("x86_64", (10, 13), old_style=True), "x86_64") == (10, 13)
    universal = fat({"x86_64": thin("x86_64", (12, 0)), "arm64": thin("arm64", (14, 2))})
    assert mm.macho_minimum(universal, "arm64") == (14, 2)
    assert mm.macho_minimum(universal, "x86_64") == (12, 0)


def test_files_that_are_not_mach_o_are_ignored() -> None:
    java_class = struct.pack(">II", 0xCAFEBABE, 0x00000041) + b"\0" * 64  # same magic, a class file version
    for data in (b"", b"\x7fELF" + b"\0" * 60, java_class, thin("arm64", None)):
        assert mm.macho_minimum(data, "arm64") is None


def make_app(tmp_path: Path, claimed: str) -> Path:
    app = tmp_path / "Email Header Inspector.app"
    (app / "Contents" / "MacOS").mkdir(parents=True)
    (app / "Contents" / "Frameworks" / "QtCore.framework").mkdir(parents=True)
    (app / "Contents" / "Info.plist").write_bytes(plistlib.dumps({"LSMinimumSystemVersion": claimed}))
    (app / "Contents" / "MacOS" / "email-header-inspector").write_bytes(
        fat({"x86_64": thin("x86_64", (10, 13)), "arm64": thin("arm64", (11, 0))})
    )
    (app / "Contents" / "Frameworks" / "QtCore.framework" / "QtCore").write_bytes(
        fat({"x86_64": thin("x86_64", (12, 0)), "arm64": thin("arm64", (13, 0))})
    )
    (app / "Contents" / "Resources").mkdir()
    (app / "Contents" / "Resources" / "notes.txt").write_text("not a binary")
    return app


def test_check_fails_when_a_bundled_binary_needs_more_than_info_plist_says(tmp_path: Path) -> None:
    app = make_app(tmp_path, "12.0")
    ok, line = mm.check(app, "arm64", {"lxml": (10, 9)})
    assert not ok
    assert "says 12.0" in line and "13.0" in line and "QtCore" in line
    # The x86_64 slices need only 12.0.
    ok, line = mm.check(app, "x86_64", {"lxml": (10, 9)})
    assert ok, line


def test_check_fails_on_a_wheel_floor_above_every_binary(tmp_path: Path) -> None:
    app = make_app(tmp_path, "13.0")
    assert mm.check(app, "arm64", {"PySide6-Essentials": (13, 0)})[0]
    ok, line = mm.check(app, "arm64", {"some-wheel": (14, 0)})
    assert not ok and "wheel some-wheel" in line


def test_check_fails_when_the_app_holds_no_binary_for_the_architecture(tmp_path: Path) -> None:
    app = make_app(tmp_path, "13.0")
    for f in (app / "Contents").rglob("*"):
        if f.is_file() and f.name != "Info.plist":
            f.write_bytes(thin("x86_64", (12, 0)))
    ok, line = mm.check(app, "arm64", {})
    assert not ok and "no Mach-O file for arm64" in line


def test_main_prints_the_minimum_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert mm.main(["--arch", "arm64"]) == 0
    printed = capsys.readouterr().out.strip()
    assert mm._version(printed) >= mm.BASELINE
    app = make_app(tmp_path, "10.15")
    assert mm.main(["--check", str(app), "--arch", "arm64"]) == 1
    assert "FAIL" in capsys.readouterr().err


def test_minimum_counts_the_collected_binaries_above_the_wheel_tags(tmp_path: Path) -> None:
    """shiboken6 6.11.3 is tagged macosx_13_0 but its libraries say 15.0: the file wins (what the spec passes)."""
    lib = tmp_path / "libshiboken6.abi3.6.11.dylib"
    lib.write_bytes(fat({"x86_64": thin("x86_64", (15, 0)), "arm64": thin("arm64", (15, 0))}))
    text = tmp_path / "README"
    text.write_text("not a binary")
    assert mm.minimum("arm64", files=[lib, text]) == "15.0"
    assert mm._version(mm.minimum("arm64", files=[text])) < (15, 0)
