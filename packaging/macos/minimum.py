"""The oldest macOS the app can run on, from what it bundles; and the check that Info.plist says so.

    python packaging/macos/minimum.py                 # print the minimum (run with the build venv's Python)
    python packaging/macos/minimum.py --check APP     # compare APP's LSMinimumSystemVersion with it; exit 1 if lower

A frozen app runs only where every binary in it runs. Each wheel says its floor in its platform tag
(``PySide6_Essentials-6.x-cp39-abi3-macosx_13_0_universal2.whl`` cannot load on macOS 12), and the Python
interpreter in its build configuration (MACOSX_DEPLOYMENT_TARGET). The app used to claim macOS 11 while its Qt
needed 13: the spec now writes this module's answer into Info.plist, and the release workflow runs ``--check``
on the built app, so a PySide6 upgrade that raises the floor cannot ship with a stale claim.
"""

from __future__ import annotations

import plistlib
import re
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

TAG = re.compile(r"macosx_(\d+)_(\d+)_")


def _version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def floors() -> dict[str, tuple[int, int]]:
    """Each installed distribution's macOS floor from its wheel tags, and the interpreter's (as 'Python')."""
    found: dict[str, tuple[int, int]] = {}
    target = sysconfig.get_config_var("MACOSX_DEPLOYMENT_TARGET")
    if target:
        found["Python"] = _version(str(target))
    for dist in metadata.distributions():
        wheel = dist.read_text("WHEEL") or ""
        tags = [TAG.search(line) for line in wheel.splitlines() if line.startswith("Tag:")]
        versions = [(int(m.group(1)), int(m.group(2))) for m in tags if m]
        if versions:
            # A wheel with several macOS tags runs from the lowest one it names.
            found[dist.metadata["Name"]] = min(versions)
    return found


def minimum() -> str:
    """The highest floor of all, as "13.0" (11.0 when nothing says more: PyInstaller's own bootloader floor)."""
    values = list(floors().values()) or [(11, 0)]
    major, minor = max([*values, (11, 0)])
    return f"{major}.{minor}"


def main(argv: list[str]) -> int:
    """Print the minimum, or check an app's Info.plist against it."""
    if len(argv) == 2 and argv[0] == "--check":
        plist = plistlib.loads((Path(argv[1]) / "Contents" / "Info.plist").read_bytes())
        claimed = str(plist.get("LSMinimumSystemVersion", "0"))
        need = minimum()
        worst = {k: f"{v[0]}.{v[1]}" for k, v in floors().items() if v == _version(need)}
        if _version(claimed) < _version(need):
            print(f"FAIL macOS minimum: Info.plist says {claimed}, the bundle needs {need} ({worst})", file=sys.stderr)
            return 1
        print(f"PASS macOS minimum: Info.plist says {claimed}; the bundled wheels and Python need {need} ({worst})")
        return 0
    print(minimum())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
