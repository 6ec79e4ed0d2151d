"""QR codes read out of images, offline: zxing-cpp (Apache-2.0) decodes, Pillow (MIT-CMU) reads the image.

A QR code in a mail ("scan to keep your mailbox active") sends the reader's phone to the attacker's page,
past the mail filter that reads links but not pictures ("quishing"). The decoded text is judged as a link by
the content stage. Bounds: the image file's size, its declared pixel count (read from the header before
anything is decoded, so a decompression bomb is refused unread), and a downscale of large images before
decoding (a photographed poster is thousands of pixels wide; QR codes in mail are decoded at 2,000 or
fewer). Pillow opens only the raster formats listed in `_FORMATS`; no plugin for vector or document formats
(EPS would start Ghostscript) is ever used.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

#: Image bytes decoded per image, pixels an image may declare, and the edge it is scaled down to.
MAX_IMAGE_BYTES = 15_000_000
MAX_PIXELS = 40_000_000
MAX_EDGE = 2_000
#: Payloads kept per image (a sheet of codes is not a lure; the first few say enough).
MAX_CODES = 5
#: Images whose short edge is below this (icons, tracking pixels, spacers), or whose long edge is more than
#: `MAX_ASPECT` times the short one (banners), cannot hold a QR code a phone reads: not decoded.
MIN_EDGE = 40
MAX_ASPECT = 4
_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "WEBP", "TIFF", "ICO")
#: Pixel values (width × height × colour channels, as decoded) one message may have decoded for QR codes, all
#: its pictures together: attachments, inline images, data: images of the body and of attached web pages,
#: PDF pictures. A PNG of 6,300 × 6,300 transparent pixels is 170 KB and takes seconds and half a gigabyte to
#: decode; the per-picture bounds let thirty of them (or eight in each of thirty attached pages) through, so
#: the message as a whole has this budget (about 5 s of decoding) and pictures past it are not decoded.
MAX_MESSAGE_PIXELS = 200_000_000
#: Values one picture may decode to: 40 M grey pixels, or 16 M with transparency (converted to RGBA first),
#: so a single picture stays near 1.5 s and 250 MB (a 6,300 × 6,300 RGBA PNG took 3.6 s and 540 MB).
MAX_PICTURE_VALUES = 64_000_000
#: Drawing work one message may spend looking for QR codes drawn without a picture: SVG elements walked,
#: HTML table cells read, PDF drawing operators. Each drawing has its own bounds, but thirty attached web
#: pages with eight drawings each multiplied them: six pages with one 90,000-rectangle SVG took 46 s.
#: A drawn QR code is at most a few thousand elements (57 x 57 modules: 3,249 cells); past this budget (about
#: one worst-case drawing, 4 s) the drawings are not read.
MAX_MESSAGE_DRAWING_WORK = 50_000


class QrError(Exception):
    """The image could not be read for QR codes (damaged, too large, unsupported)."""


class QrSkipped(QrError):
    """The image was not decoded: the message's decoding budget (`MAX_MESSAGE_PIXELS`) was spent."""


#: What the message being analysed may still decode (a one-item list: spent in place); None outside
#: `message_budget` (a single picture is bounded by `MAX_PIXELS` alone).
_budget: ContextVar[list[int] | None] = ContextVar("qr_pixel_budget", default=None)
#: The drawing work the message may still spend (`MAX_MESSAGE_DRAWING_WORK`), likewise.
_work: ContextVar[list[int] | None] = ContextVar("qr_drawing_budget", default=None)


@contextlib.contextmanager
def message_budget(total: int | None = None, drawing: int | None = None) -> Iterator[list[int]]:
    """Every picture decoded inside shares `total` pixel values (default `MAX_MESSAGE_PIXELS`), every drawing
    read inside `drawing` units of work (default `MAX_MESSAGE_DRAWING_WORK`): the content stage, one message."""
    left = [MAX_MESSAGE_PIXELS if total is None else total]
    work = [MAX_MESSAGE_DRAWING_WORK if drawing is None else drawing]
    token, work_token = _budget.set(left), _work.set(work)
    try:
        yield left
    finally:
        _work.reset(work_token)
        _budget.reset(token)


def budget_spent() -> bool:
    """True when a picture or a drawing of the current message was left unread for the budgets."""
    left, work = _budget.get(), _work.get()
    return (left is not None and left[0] < 0) or (work is not None and work[0] < 0)


def spend_drawing(units: int = 1) -> bool:
    """Charge drawing work to the message; False once its budget is spent (the drawing stops being read)."""
    work = _work.get()
    if work is None:
        return True
    work[0] -= units
    return work[0] >= 0


def _charge(image: Any) -> None:
    # Decoded as grey (L) or RGB; every other mode (palette, 1-bit, alpha, 16-bit) is converted to RGBA first.
    channels = 1 if image.mode == "L" else 3 if image.mode == "RGB" else 4
    cost = image.width * image.height * channels
    if cost > MAX_PICTURE_VALUES:
        raise QrError(f"the image is too large to decode ({image.width:,} × {image.height:,} pixels, {image.mode})")
    left = _budget.get()
    if left is None:
        return
    if left[0] < cost:
        left[0] = -1
        raise QrSkipped("not decoded: the message's pictures together are larger than can be decoded for one message")
    left[0] -= cost


def decode_pil(image: Any) -> list[str]:
    """The QR payloads in a Pillow image (scaled down first when large), charged to the message's budget."""
    if image.width * image.height > MAX_PIXELS:
        raise QrError(f"the image is larger than {MAX_PIXELS:,} pixels")
    _charge(image)
    return _decode(image)


def _decode(image: Any) -> list[str]:
    import zxingcpp  # lazily: only messages with an image pay for the import
    from PIL import Image

    if max(image.width, image.height) > MAX_EDGE:
        image = image.resize(_scaled(image.width, image.height), Image.Resampling.BILINEAR, reducing_gap=2.0)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image).convert("L")
    found = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormats([zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode])
    )
    return [b.text for b in found if b.valid and b.text][:MAX_CODES]


def _scaled(width: int, height: int) -> tuple[int, int]:
    factor = MAX_EDGE / max(width, height)
    return max(1, round(width * factor)), max(1, round(height * factor))


def worth_decoding(width: int, height: int) -> bool:
    """True when an image of this size may hold a QR code a phone can read (not an icon, a spacer or a banner)."""
    return min(width, height) >= MIN_EDGE and max(width, height) <= MAX_ASPECT * min(width, height)


def decode_image(data: bytes) -> list[str]:
    """The QR payloads in the image file `data`; `QrError` when it cannot or may not be decoded."""
    from PIL import Image

    if len(data) > MAX_IMAGE_BYTES:
        raise QrError(f"the image is larger than {MAX_IMAGE_BYTES // 1_000_000} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_FORMATS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise QrError(f"the image declares more than {MAX_PIXELS:,} pixels")
                if not worth_decoding(image.width, image.height):
                    return []
                if image.format == "JPEG":
                    image.draft("L", (MAX_EDGE, MAX_EDGE))  # JPEG decodes straight to a smaller scale
                _charge(image)  # before decoding: the pixels as they will be decoded (after a JPEG draft)
                image.load()
                return _decode(image)
    except QrError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise QrError("the image declares more pixels than an e-mail picture has (a decompression bomb)") from exc
    except Exception as exc:
        raise QrError(f"the image could not be read ({type(exc).__name__})") from exc
