"""Write the .deb's machine-readable copyright file from packaging/licenses/components.json.

    python packaging/linux/make_copyright.py APP_DIR > debian/usr/share/doc/email-header-inspector/copyright

APP_DIR is where the bundle is installed (/usr/lib/email-header-inspector). One source for what the bundle
carries and under which licence: the same index the bundle's licence folder and the smoke test use, so the
copyright file cannot claim "all MIT" while the bundle ships LGPL Qt, GPL-with-exception runtime libraries and
permissive C libraries. Each component gets a Files paragraph (its Linux files as DEP-5 globs, its licence's
short name) and each licence a standalone paragraph pointing at the full text inside the bundle; the GPL/LGPL
and Apache texts also point at /usr/share/common-licenses, where every Debian system has them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
INDEX = HERE.parent / "licenses" / "components.json"
LICENSE = HERE.parent.parent / "LICENSE"
COMMON = {
    "LGPL-3": "/usr/share/common-licenses/LGPL-3",
    "GPL-2": "/usr/share/common-licenses/GPL-2",
    "GPL-3": "/usr/share/common-licenses/GPL-3",
    "GPL-2+": "/usr/share/common-licenses/GPL-2",
    "GPL-3+": "/usr/share/common-licenses/GPL-3",
    "Apache-2.0": "/usr/share/common-licenses/Apache-2.0",
    "MPL-2.0": "/usr/share/common-licenses/MPL-2.0",
}


def block(text: str) -> list[str]:
    """Text as a DEP-5 continuation block (empty lines become ' .')."""
    return [" " + line if line.strip() else " ." for line in text.strip("\n").splitlines()]


def short_names(expr: str) -> list[str]:
    """The licence names in a DEP-5 expression ('A or B and C with D exception' -> A, B, C with D exception)."""
    names: list[str] = []
    for part in expr.replace(" and ", " or ").split(" or "):
        names.append(part.strip())
    return names


def main() -> int:
    """Print the copyright file."""
    app = (sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/email-header-inspector").strip("/")
    internal = app + "/_internal"
    components = json.loads(INDEX.read_text(encoding="utf-8"))["components"]
    out = [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        "Upstream-Name: Email Header Inspector",
        "Comment: The application is MIT-licensed (Expat). It is shipped as a PyInstaller bundle in",
        f" /{app} that carries third-party components unmodified, listed below with their",
        f" licences; the full texts are in /{app}/_internal/licenses/ (index:",
        " THIRD_PARTY_NOTICES.md there). Qt and Qt for Python are used under the LGPL-3: they are",
        f" separate shared libraries under /{internal}/PySide6/ and can be replaced",
        " (see licenses/Qt/NOTICE.txt for how, and where the source is).",
        "",
        "Files: *",
        "Copyright: Email Header Inspector developers",
        "License: Expat",
    ]
    seen: dict[str, list[str]] = {}
    pure: list[str] = []
    for comp in components:
        name, dep5 = comp["name"], comp["dep5"]
        texts = [f"/{internal}/licenses/{t}" for t in comp["texts"]]
        for short in short_names(dep5):
            seen.setdefault(short, [])
            seen[short] += [t for t in texts if t not in seen[short]]
        if comp["name"] == "Email Header Inspector":
            continue
        files = [f"{internal}/{pat}" for pat in comp.get("linux_files", [])]
        if name == "PyInstaller bootloader":
            files = [f"{app}/email-header-inspector"]
        if not files:  # pure-Python code inside the executable's archive: no file of its own to name
            pure.append(f"{name} ({comp['licence']}; texts: {', '.join(texts)}).")
            continue
        out += ["", "Files: " + "\n ".join(files), f"Copyright: the {name} authors; see {texts[0]}", f"License: {dep5}"]
        out += [f"Comment: {name}: {comp['licence']}."]
    header_end = out.index("Files: *") - 1
    if pure:
        out[header_end:header_end] = block("The executable's Python archive also holds " + " ".join(pure))
    for short, texts in seen.items():
        out += ["", f"License: {short}"]
        if short == "Expat":
            out += block(LICENSE.read_text(encoding="utf-8"))
            continue
        base = short.split(" with ")[0]
        lines = [f"The full text is in {', '.join(texts)}."]
        if base in COMMON:
            lines.append(f"On Debian systems the {base.rstrip('+')} text is also in {COMMON[base]}.")
        out += block("\n".join(lines))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
