"""The oldest macOS the app can run on, from what it bundles; and the check that Info.plist says so.

    python packaging/macos/minimum.py                    # print the minimum (run with the build venv's Python)
    python packaging/macos/minimum.py --check APP        # compare APP's LSMinimumSystemVersion; exit 1 if lower
    python packaging/macos/minimum.py --check APP --arch x86_64   # another architecture than this machine's

A frozen app runs only where every binary in it runs. Two independent sources say where that is:

- each installed binary wheel's platform tags (``pyside6_essentials-6.11.3-cp310-abi3-macosx_13_0_universal2.whl``
  cannot load on macOS 12), and the interpreter's MACOSX_DEPLOYMENT_TARGET; only the tags for this build's
  architecture count (a wheel tagged ``macosx_10_9_x86_64.macosx_11_0_arm64`` needs 11.0 on Apple silicon);
- with ``--check``, every Mach-O file inside the built app: its ``LC_BUILD_VERSION`` (or the older
  ``LC_VERSION_MIN_MACOSX``) minimum, read from the slice for the architecture (fat files hold several). This also
  covers what no wheel tag describes: PyInstaller's bootloader, the Python library, libraries a hook pulled in.

The app used to claim macOS 11 while its Qt needed 13: the spec writes :func:`minimum` into Info.plist, and
build_dmg.sh and the release workflow run ``--check`` on the built app, so an upgrade that raises the floor cannot
ship with a stale claim. Pure standard library, so tests run it on Linux with real wheel names and Mach-O headers.
"""

from __future__ import annotations

import os
import platform
import plistlib
import re
import struct
import sys
import sysconfig
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

TAG = re.compile(r"macosx_(\d+)_(\d+)_([a-z0-9_]+)$")
#: Which wheel architectures run on each machine architecture (packaging.tags' _mac_binary_formats, trimmed).
RUNS_ON = {
    "arm64": {"arm64", "universal2", "universal"},
    "x86_64": {"x86_64", "intel", "fat64", "fat32", "universal2", "universal"},
}
#: The floor when nothing says more: PyInstaller's bootloader and CPython 3.11 support macOS 10.13 / 10.9, but
#: Apple silicon starts at 11.0; keep 11.0 for both, the oldest this project has ever claimed.
BASELINE = (11, 0)

Version = tuple[int, int]


def _version(text: str) -> Version:
    major, _, minor = text.partition(".")
    return int(major), int(minor.partition(".")[0] or 0)


def tag_floor(tags: Iterable[str], arch: str) -> Version | None:
    """The lowest macOS version among the platform tags that run on `arch` (None when none is a macOS tag for it).

    `tags` are full tags (``cp311-cp311-macosx_11_0_arm64``) or platform parts; a compressed platform part
    (``macosx_10_9_x86_64.macosx_11_0_arm64``) counts as its pieces.
    """
    found: list[Version] = []
    for tag in tags:
        for platform_part in tag.split("-")[-1].split("."):
            m = TAG.match(platform_part)
            if m and m.group(3) in RUNS_ON.get(arch, {arch}):
                found.append((int(m.group(1)), int(m.group(2))))
    return min(found) if found else None


def wheel_filename_floor(filename: str, arch: str) -> Version | None:
    """The floor a wheel file name states for `arch`: its platform tag is the last dash-separated field."""
    stem = filename.removesuffix(".whl")
    return tag_floor([stem.split("-")[-1]], arch)


def floors(arch: str) -> dict[str, Version]:
    """Each installed distribution's floor from its WHEEL tags (for `arch`), and the interpreter's (as 'Python')."""
    found: dict[str, Version] = {}
    target = sysconfig.get_config_var("MACOSX_DEPLOYMENT_TARGET")
    if target:
        found["Python"] = _version(str(target))
    for dist in metadata.distributions():
        wheel = dist.read_text("WHEEL") or ""
        tags = [line.partition(":")[2].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
        floor = tag_floor(tags, arch)
        if floor is not None:
            found[dist.metadata["Name"]] = floor
    return found


def minimum(arch: str | None = None, files: Iterable[str | os.PathLike[str]] = ()) -> str:
    """The highest floor of the wheels' tags and of the Mach-O `files`, as "13.0" (BASELINE when nothing says more).

    The spec passes the binaries PyInstaller collected: a wheel's tag is what its maker promised, the files'
    LC_BUILD_VERSION is what the linker wrote, and the two disagree (shiboken6 6.11.3 is tagged macosx_13_0 but its
    libraries say 15.0).
    """
    arch = arch or platform.machine()
    values = [*floors(arch).values(), *files_floors((Path(f) for f in files), arch).values()]
    major, minor = max([*values, BASELINE])
    return f"{major}.{minor}"


# --- Mach-O ----------------------------------------------------------------------------------------------
MH_MAGIC_64 = 0xFEEDFACF
MH_MAGIC = 0xFEEDFACE
FAT_MAGIC = 0xCAFEBABE
FAT_MAGIC_64 = 0xCAFEBABF
LC_VERSION_MIN_MACOSX = 0x24
LC_BUILD_VERSION = 0x32
PLATFORM_MACOS = 1
#: Mach-O cpu types (mach/machine.h).
CPU_TYPES = {"x86_64": 0x01000007, "arm64": 0x0100000C}


def _decode(packed: int) -> Version:
    """Mach-O versions are xxxx.yy.zz in nibbles: 0x000D0000 is 13.0."""
    return packed >> 16, (packed >> 8) & 0xFF


def _thin_minimum(data: bytes, start: int) -> Version | None:
    """The macOS minimum of one thin Mach-O image starting at `start` (None if it states none)."""
    if len(data) < start + 28:
        return None
    for endian in ("<", ">"):
        magic = struct.unpack_from(endian + "I", data, start)[0]
        if magic in (MH_MAGIC_64, MH_MAGIC):
            break
    else:
        return None
    ncmds = struct.unpack_from(endian + "I", data, start + 16)[0]
    offset = start + (32 if magic == MH_MAGIC_64 else 28)
    for _ in range(min(ncmds, 10_000)):
        if offset + 8 > len(data):
            return None
        cmd, size = struct.unpack_from(endian + "II", data, offset)
        if cmd == LC_BUILD_VERSION and offset + 12 <= len(data):
            plat, minos = struct.unpack_from(endian + "II", data, offset + 8)
            if plat == PLATFORM_MACOS:
                return _decode(minos)
        elif cmd == LC_VERSION_MIN_MACOSX and offset + 12 <= len(data):
            return _decode(struct.unpack_from(endian + "I", data, offset + 8)[0])
        if size < 8:
            return None
        offset += size
    return None


def macho_minimum(data: bytes, arch: str) -> Version | None:
    """The macOS minimum of a Mach-O file's slice for `arch` (a thin file of another architecture: None)."""
    if len(data) < 8:
        return None
    magic, nfat = struct.unpack_from(">II", data, 0)
    if magic in (FAT_MAGIC, FAT_MAGIC_64):
        if not 0 < nfat < 32:  # 0xCAFEBABE is also a Java class file's magic
            return None
        entry = 32 if magic == FAT_MAGIC_64 else 20
        for i in range(nfat):
            base = 8 + i * entry
            if base + entry > len(data):
                return None
            cputype = struct.unpack_from(">i", data, base)[0] & 0xFFFFFFFF
            if magic == FAT_MAGIC_64:
                offset = struct.unpack_from(">Q", data, base + 8)[0]
            else:
                offset = struct.unpack_from(">I", data, base + 8)[0]
            if cputype == CPU_TYPES.get(arch):
                return _thin_minimum(data, offset)
        return None
    for endian in ("<", ">"):
        if struct.unpack_from(endian + "I", data, 0)[0] in (MH_MAGIC_64, MH_MAGIC):
            cputype = struct.unpack_from(endian + "i", data, 4)[0] & 0xFFFFFFFF
            if cputype != CPU_TYPES.get(arch):
                return None
            return _thin_minimum(data, 0)
    return None


def _files(root: Path) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _is_macho(head: bytes) -> bool:
    return len(head) == 4 and struct.unpack(">I", head)[0] in (
        FAT_MAGIC,
        FAT_MAGIC_64,
        MH_MAGIC,
        MH_MAGIC_64,
        0xCFFAEDFE,
        0xCEFAEDFE,
    )


def files_floors(paths: Iterable[Path], arch: str) -> dict[str, Version]:
    """Each Mach-O file among `paths` with the macOS minimum its `arch` slice states (other files are skipped)."""
    found: dict[str, Version] = {}
    for path in paths:
        try:
            with path.open("rb") as fh:
                head = fh.read(4)
                if not _is_macho(head):
                    continue
                data = head + fh.read()
        except OSError:
            continue
        floor = macho_minimum(data, arch)
        if floor is not None:
            found[str(path)] = floor
    return found


def bundle_minimums(app: Path, arch: str) -> dict[str, Version]:
    """Every Mach-O file in `app` (its path inside the app) with the macOS minimum its `arch` slice states."""
    return {str(Path(k).relative_to(app)): v for k, v in files_floors(_files(app), arch).items()}


def _fmt(v: Version) -> str:
    return f"{v[0]}.{v[1]}"


def check(app: Path, arch: str, wheel_floors: dict[str, Version]) -> tuple[bool, str]:
    """Whether `app`'s LSMinimumSystemVersion covers its wheels and its Mach-O files; and a one-line report."""
    plist = plistlib.loads((app / "Contents" / "Info.plist").read_bytes())
    claimed = _version(str(plist.get("LSMinimumSystemVersion", "0")))
    binaries = bundle_minimums(app, arch)
    if not binaries:
        return False, f"FAIL macOS minimum: no Mach-O file for {arch} in {app}"
    sources = {**{f"wheel {k}": v for k, v in wheel_floors.items()}, **{f"file {k}": v for k, v in binaries.items()}}
    need = max([*sources.values(), BASELINE])
    worst = sorted(k for k, v in sources.items() if v == need)
    detail = f"{len(binaries)} Mach-O files, {len(wheel_floors)} wheels; highest {_fmt(need)}: {', '.join(worst[:4])}"
    if claimed < need:
        return False, f"FAIL macOS minimum ({arch}): Info.plist says {_fmt(claimed)}, the bundle needs {detail}"
    return True, f"PASS macOS minimum ({arch}): Info.plist says {_fmt(claimed)}; {detail}"


def main(argv: list[str]) -> int:
    """Print the minimum, or check an app's Info.plist against its wheels and its binaries."""
    arch = platform.machine()
    if "--arch" in argv:
        i = argv.index("--arch")
        arch = argv[i + 1]
        del argv[i : i + 2]
    if len(argv) == 2 and argv[0] == "--check":
        ok, line = check(Path(argv[1]), arch, floors(arch))
        print(line, file=sys.stdout if ok else sys.stderr)
        return 0 if ok else 1
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print(minimum(arch))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
