"""Rewrite the 7z fixtures of tests/fixtures/attachments/sevenzip/ with the real 7-Zip program.

Run from the repository root: ``.venv/bin/python -m tests.support.make_7z_fixtures`` (needs ``7z``, Debian's
``p7zip-full``; the committed files were made with 7-Zip 26.02). The tests read the committed files, so they
do not need the program; this script says how each was made. Every input file is written here, with a fixed
modification time; 7-Zip's own choices (LZMA2, an encoded header, the x86 filter for programs) are its
defaults unless a switch says otherwise.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "attachments" / "sevenzip"
RTLO = "\u202e"
PASSWORD = "Invoice2026"


def pe_program() -> bytes:
    """A minimal PE image (the same as tests/unit/test_content_attachments.py's)."""
    head = bytearray(b"MZ" + b"\0" * 0x3E)
    struct.pack_into("<I", head, 0x3C, 0x40)
    coff = struct.pack("<HHIIIHH", 0x14C, 1, 0, 0, 0, 0xE0, 0x0102)
    return bytes(head) + b"PE\0\0" + coff + b"\0" * 256


#: fixture name -> (files, 7z switches)
ARCHIVES: dict[str, tuple[dict[str, bytes], list[str]]] = {
    "program.7z": (
        {"Invoice.pdf.exe": pe_program(), "readme.txt": b"Open the invoice.\n", "docs/terms.txt": b"Terms\n"},
        [],
    ),
    "harmless.7z": (
        {"report.txt": b"Quarterly report\n" * 40, "figures.csv": b"a,b\n1,2\n", "empty.txt": b""},
        [],
    ),
    "encrypted.7z": ({"Invoice.pdf": b"%PDF-1.4\n" + b"x" * 2000, "scan.js": b"WScript.Echo(1);\n"}, [f"-p{PASSWORD}"]),
    "encrypted-header.7z": ({"Invoice.exe": pe_program()}, [f"-p{PASSWORD}", "-mhe=on"]),
    "names.7z": (
        {
            f"Invoice_{RTLO}fdp.scr": pe_program(),
            "Shipping label.lnk": b"L\0\0\0\x01\x14\x02\0" + b"\0" * 68,
            "open.js": b"WScript.Echo(1);\n",
        },
        ["-mhc=off"],  # a header stored as it is (not compressed)
    ),
    "lzma1-bcj2.7z": (
        {"setup.exe": pe_program() * 40, "notes.txt": b"notes\n" * 100},
        ["-m0=BCJ2", "-m1=LZMA:d=1m", "-m2=LZMA:d=64k", "-m3=LZMA:d=64k", "-mb0s0:1", "-mb0s1:2", "-mb0s2:3"],
    ),
}


def main() -> None:
    seven = shutil.which("7z")
    if seven is None:
        raise SystemExit("7z not found (apt-get install p7zip-full)")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (files, switches) in ARCHIVES.items():
        with tempfile.TemporaryDirectory() as tmp:
            for rel, data in files.items():
                path = Path(tmp, "in", rel)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                os.utime(path, (1_780_000_000, 1_780_000_000))
            target = Path(tmp, name)
            cmd = [seven, "a", "-bd", "-y", *switches, str(target), *sorted(files)]
            subprocess.run(cmd, cwd=Path(tmp, "in"), check=True, capture_output=True)
            (OUT / name).write_bytes(target.read_bytes())
            print(f"{name}: {target.stat().st_size} bytes  ({' '.join(switches) or 'defaults'})")


if __name__ == "__main__":
    main()
