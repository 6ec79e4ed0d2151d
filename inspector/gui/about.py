"""The About box's text: our version and licence, and the LGPL notice for Qt that the packaged app owes.

LGPL-3.0 §4 asks a program that shows copyright notices while it runs to show the Qt library's among them, with
a pointer to the LGPL and GPL texts. The packaged builds carry those texts in their licence folder
(``_internal/licenses`` beside the program; packaging/inspector.spec puts them there); a source checkout has
them in ``packaging/licenses``. Where neither exists (a plain ``pip install``), the gnu.org addresses are given.
Plain text functions, so the wording is tested without a window.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from inspector import __version__

LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"
GPL_URL = "https://www.gnu.org/licenses/gpl-3.0.html"


def licence_folder() -> Path | None:
    """The folder holding LGPL-3.0.txt and GPL-3.0.txt (and every bundled component's licence), if any."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "licenses"] if frozen else []
    candidates.append(Path(__file__).resolve().parents[2] / "packaging" / "licenses")
    for folder in candidates:
        if (folder / "LGPL-3.0.txt").is_file() and (folder / "GPL-3.0.txt").is_file():
            return folder
    return None


def about_html(qt_version: str, pyside_version: str, folder: Path | None = None) -> str:
    """The About box as rich text (the licence folder is a local link; nothing remote is ever loaded)."""
    folder = licence_folder() if folder is None else folder
    if folder is not None:
        where = (
            f'<a href="{html.escape(folder.as_uri())}">{html.escape(str(folder))}</a> '
            "(LGPL-3.0.txt, GPL-3.0.txt, Qt/NOTICE.txt and the licence of every other bundled component)"
        )
    else:
        where = f"{LGPL_URL} and {GPL_URL}"
    return (
        f"<p><b>Email Header Inspector {html.escape(__version__)}</b></p>"
        "<p>Re-verifies SPF, DKIM, ARC and DMARC, follows the Received chain hop by hop and detects lookalike "
        "domains. Email Header Inspector is free software under the MIT licence.</p>"
        f"<p>This program uses the Qt {html.escape(qt_version)} libraries and Qt for Python (PySide6 "
        f"{html.escape(pyside_version)}), Copyright (C) The Qt Company Ltd. and other contributors, under the "
        "GNU Lesser General Public License version 3 (LGPL-3.0), a set of additional permissions on the GNU "
        "General Public License version 3. They are separate libraries that you may replace with your own "
        f"build. The licence texts and how to get Qt's source code: {where}.</p>"
    )
