"""A hostile message for the GUI tests: rich text, local-file and UNC resources, controls and bidi everywhere.

Every resource it names points into `canary` (a folder the test watches) or at a UNC share, so a test can
observe whether anything was opened. The words ``HOSTILE-MARK`` inside ``<b>…</b>`` let a test tell markup
shown as text (``<b>HOSTILE-MARK</b>`` is read) from markup that Qt interpreted (only ``HOSTILE-MARK``).
"""

from __future__ import annotations

from pathlib import Path

MARK = "HOSTILE-MARK"
#: Control and bidi characters that must never reach a widget raw.
RAW_CONTROLS = ("\x1b", "\u202e", "\u009b", "\u2066")


RICH_TAGS = ("subject", "hop1", "hop1by", "hop0", "ar", "dkim", "from", "xrich")
BODY_FILES = (
    "link.css",
    "import.css",
    "css-url.png",
    "body-bg.png",
    "img.png",
    "abs.png",
    "table-bg.png",
    "td-bg.png",
    "a.html",
)
#: Named relative to the current folder (the test runs inside the canary folder).
RELATIVE_FILES = ("rel.png", "rel-import.css")


def canary_names() -> list[str]:
    """Every file name in the canary folder that the hostile message points at."""
    names = [f"{t}{suffix}" for t in RICH_TAGS for suffix in (".png", "-abs.png", "-bg.png", ".lnk")]
    return names + list(BODY_FILES) + list(RELATIVE_FILES)


def make_canary(folder: Path) -> Path:
    """A folder holding a real file for every name the hostile message points at. The pictures are valid
    PNGs and the rest CSS/HTML, so code that loaded any of them would show it (or open it, seen by inotify)."""
    from PySide6.QtGui import QImage

    folder.mkdir()
    png = QImage(8, 8, QImage.Format.Format_ARGB32)
    png.fill(0xFFFF0000)
    for name in canary_names():
        if name.endswith(".png"):
            assert png.save(str(folder / name))
        else:
            (folder / name).write_text("p { color: red }  <b>loaded</b>\n")
    return folder


def rich(canary: Path, tag: str) -> str:
    """One hostile rich-text fragment naming files in `canary` (different per `tag`)."""
    return (
        f'<b>{MARK}</b><img src="file://{canary}/{tag}.png"><img src="{canary}/{tag}-abs.png">'
        f'<img src="//attacker.example/share/{tag}.png"><a href="file://{canary}/{tag}.lnk">x</a>'
        f'<table background="file://{canary}/{tag}-bg.png"><tr><td>VERIFIED SAFE</td></tr></table>'
    )


def hostile_message(canary: Path, dev_zero: bool = False) -> bytes:
    """The message (CRLF, 8-bit): header fields, a Received chain, results, an HTML body and attachments.

    With `dev_zero` the Subject and the HTML also name ``file:///dev/zero`` (reading it never ends: only for
    tests that run the GUI in a child process with a time limit).
    """
    zero = '<img src="file:///dev/zero">' if dev_zero else ""
    subj = zero + rich(canary, "subject") + "\u202egnp.exe \x1b[31mred\x1b[0m \u009b2J"
    html_body = (
        f"<html><head><link rel=stylesheet href='file://{canary}/link.css'>"
        f"<style>@import url(file://{canary}/import.css); @import 'rel-import.css';"
        f" p {{ background-image: url(file://{canary}/css-url.png) }}</style></head>"
        f"<body background='file://{canary}/body-bg.png'><p>Hello {MARK}</p>{zero}"
        f"<img src='file://{canary}/img.png'><img src='rel.png'><img src='{canary}/abs.png'>"
        f"<img src='//attacker.example/share/unc.png'><img src='\\\\attacker.example\\share\\unc2.png'>"
        f"<img src='data:image/png;base64,iVBORw0KGgo='><img src='cid:logo@x'>"
        f"<img src='https://track.example/p.gif' width=1 height=1>"
        f"<table background='file://{canary}/table-bg.png'><tr><td background='file://{canary}/td-bg.png'>"
        f"cell</td></tr></table><a href='file://{canary}/a.html'>link</a></body></html>"
    )
    lines = [
        f"Received: from evil.example ({rich(canary, 'hop1')} [203.0.113.9]) by mx.example.org "
        f"(\u202e{rich(canary, 'hop1by')}) with ESMTP id X; Mon, 30 Nov 2026 03:40:00 +0000",
        f"Received: from {rich(canary, 'hop0')} by relay.evil.example with SMTP; Mon, 30 Nov 2026 03:39:00 +0000",
        f"Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=x@paypa1.com "
        f'reason="{rich(canary, "ar")}"; dkim=fail header.d=paypa1.com',
        f"DKIM-Signature: v=1; a=rsa-sha256; d=paypa1.com; s=sel; h=from:subject; bh=AAAA; b=BBBB; "
        f"z={rich(canary, 'dkim')}",
        f'From: "PayPal {rich(canary, "from")} \u202e" <service@paypa1.com>',
        f"Reply-To: <b>{MARK}</b> <attacker@evil.example>",
        "To: victim@example.org",
        f"Subject: {subj}",
        "Date: Mon, 30 Nov 2026 03:40:00 +0000",
        "Message-ID: <x@evil.example>",
        f"X-Rich: {rich(canary, 'xrich')}",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="B"',
        "",
        "--B",
        "Content-Type: text/plain; charset=utf-8",
        "",
        f"Text body {MARK} \x1b]52;c;ZXZpbA==\x07 \u202eexe.pdf",
        "--B",
        "Content-Type: text/html; charset=utf-8",
        "",
        html_body,
        "--B",
        "Content-Type: application/octet-stream",
        f'Content-Disposition: attachment; filename="invoice_2025\u202efdp.exe<b>{MARK}</b>"',
        "",
        "TVqQAAMAAAAEAAAA",
        "--B--",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")
