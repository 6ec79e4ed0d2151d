"""Render the app icon (`resources/icons/app.svg`, also used by the window) into the installers' PNG/ICO/ICNS.

Run once after editing the SVG (the outputs are committed, so builds need nothing extra):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/make_icons.py

Written by hand instead of using Pillow or iconutil because both containers are trivial when every entry
is a PNG (Windows Vista+ reads PNG-in-ICO; macOS 10.7+ reads PNG-in-ICNS), Qt (already a dependency)
renders the SVG, and iconutil exists only on macOS.
"""

from __future__ import annotations

import struct
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parent.parent / "resources" / "icons" / "app.svg"  # the one source of the app icon
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (ic11-ic14 are the @2x variants of 16/32/128/256).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))


def render_png(size: int) -> bytes:
    """The SVG rendered at size x size pixels, as PNG bytes."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "icon.png"
        image.save(str(out))
        return out.read_bytes()


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are the given PNGs (width/height byte 0 means 256)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file with one PNG element per type in ICNS_TYPES."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write the 256 px PNG (the .deb's hicolor icon), the ICO and the ICNS files next to the SVG."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    sizes = sorted(set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(size) for size in sizes}
    (HERE / "email-header-inspector-256.png").write_bytes(pngs[256])
    (HERE / "email-header-inspector.ico").write_bytes(build_ico({s: pngs[s] for s in ICO_SIZES}))
    (HERE / "email-header-inspector.icns").write_bytes(build_icns(pngs))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
