"""Library search paths of a Linux bundle: no build-machine path may stay in a bundled ELF file.

    python packaging/linux/rpath.py check BUNDLE_DIR    # list offending files, exit 1 if any
    python packaging/linux/rpath.py fix BUNDLE_DIR      # drop the offending entries (patchelf)

A Python built by pyenv or python-build links libpython and its extension modules with an RPATH such as
``/root/.pyenv/versions/3.11.7/lib``; PyInstaller copies them as they are. On a user's machine that path
then means "look in a folder that does not exist, or worse, one someone else controls", and lintian flags
it (custom-library-search-path). Entries relative to the file (``$ORIGIN``...) are what a relocatable bundle
needs and stay; every absolute entry goes. The bundle's own executable is skipped: PyInstaller appends its
archive to that file, which patchelf would cut off (and the bootloader carries no search path anyway).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DYNAMIC = re.compile(r"\((RPATH|RUNPATH)\)\s+Library (?:rpath|runpath): \[([^\]]*)\]")


def is_elf(path: Path) -> bool:
    """A regular (not symlinked) ELF file."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def search_paths(path: Path) -> list[tuple[str, list[str]]]:
    """The (RPATH|RUNPATH, entries) of one ELF file, from readelf (binutils)."""
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True, check=False).stdout
    return [(kind, value.split(":")) for kind, value in DYNAMIC.findall(out)]


def offending(bundle: Path) -> dict[Path, list[str]]:
    """Every ELF file under `bundle/_internal` with a search-path entry that is not relative to $ORIGIN."""
    found: dict[Path, list[str]] = {}
    internal = bundle / "_internal"
    for p in sorted(internal.rglob("*") if internal.is_dir() else bundle.rglob("*")):
        if not is_elf(p):
            continue
        bad = [e for _kind, entries in search_paths(p) for e in entries if e and not e.startswith("$ORIGIN")]
        if bad:
            found[p] = bad
    return found


def fix(bundle: Path) -> int:
    """Rewrite each offending file's search path to its $ORIGIN entries only (or remove it)."""
    fixed = 0
    for p, _bad in offending(bundle).items():
        keep = [e for _k, entries in search_paths(p) for e in entries if e.startswith("$ORIGIN")]
        cmd = ["patchelf", "--set-rpath", ":".join(keep), str(p)] if keep else ["patchelf", "--remove-rpath", str(p)]
        subprocess.run(cmd, check=True)
        fixed += 1
    return fixed


def main() -> int:
    """check | fix BUNDLE_DIR."""
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "fix"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    bundle = Path(sys.argv[2])
    if sys.argv[1] == "fix":
        print(f"   rpath: removed build-machine search paths from {fix(bundle)} files")
    left = offending(bundle)
    for p, bad in left.items():
        print(f"{p.relative_to(bundle)}: {':'.join(bad)}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
