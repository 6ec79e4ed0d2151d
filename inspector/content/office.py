"""Office documents read for macros, with oletools' olevba (BSD-2-Clause), never opened in Office.

olevba reads the VBA project's streams (OLE ``.doc``/``.xls``/``.ppt``, and ``vbaProject.bin`` inside
OOXML ``.docm``/``.xlsm``/…), decompresses the module source and lists the keywords that matter: macros that
run by themselves when the document opens (``AutoOpen``, ``Document_Open``, ``Workbook_Open``) and calls that
reach outside the document (``Shell``, ``CreateObject``, ``URLDownloadToFile``). Nothing is executed; the
P-code disassembler (pcodedmp, GPL-licensed, an optional part of oletools) is never imported: `disable_pcode`
is set and VBA stomping detection, the only caller, is not used. The OLE file's streams tell which program
the file belongs to (and an MSI installer from a document).
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from dataclasses import dataclass, field

from inspector.content import filetypes
from inspector.content.filetypes import FileType

#: Bytes of uncompressed OOXML content olevba may read (a zip bomb inside a .docm stays a finding).
MAX_OOXML_UNCOMPRESSED = 50_000_000
#: Keywords kept per document.
MAX_KEYWORDS = 8
_MSI_CLSID = "000C1084-0000-0000-C000-000000000046"
_OLE_KINDS = (
    ("WordDocument", FileType("application/msword", "office", "a Word document")),
    ("Workbook", FileType("application/vnd.ms-excel", "office", "an Excel workbook")),
    ("Book", FileType("application/vnd.ms-excel", "office", "an Excel workbook")),
    ("PowerPoint Document", FileType("application/vnd.ms-powerpoint", "office", "a PowerPoint presentation")),
    ("EncryptedPackage", FileType("application/x-encrypted-office", "office", "a password-protected Office file")),
    ("__properties_version1.0", FileType("application/vnd.ms-outlook", "message", "an Outlook message")),
)
_OOXML_KINDS = (
    ("word/", FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "office",
                       "a Word document")),
    ("xl/", FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "office",
                     "an Excel workbook")),
    ("ppt/", FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "office",
                      "a PowerPoint presentation")),
)  # fmt: skip


@dataclass(slots=True)
class OfficeSigns:
    """What an Office document holds: macros, the ones that start by themselves, risky calls."""

    macros: bool = False
    autoexec: list[str] = field(default_factory=list)
    suspicious: list[str] = field(default_factory=list)
    encrypted: bool = False
    error: str | None = None
    not_examined: str | None = None


def ole_type(data: bytes) -> FileType:
    """Which program an OLE compound file belongs to, from its streams (an MSI from its root CLSID)."""
    import olefile  # with the first OLE attachment, not with the engine (start-up time)

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if (ole.root.clsid or "").upper() == _MSI_CLSID:
                return filetypes.MSI
            names = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # noqa: BLE001 - a damaged file is still an OLE file by its magic
        return filetypes.OLE
    for stream, kind in _OLE_KINDS:
        if stream in names or any(n.startswith(stream) for n in names):
            return kind
    return filetypes.OLE


def ooxml_type(names: list[str]) -> FileType:
    """An OOXML document's program from its part names (macro-enabled when it holds a VBA project)."""
    macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    for prefix, kind in _OOXML_KINDS:
        if any(n.startswith(prefix) for n in names):
            if macros:
                program = prefix.rstrip("/")
                mime = {"word": "application/vnd.ms-word.document.macroEnabled.12",
                        "xl": "application/vnd.ms-excel.sheet.macroEnabled.12",
                        "ppt": "application/vnd.ms-powerpoint.presentation.macroEnabled.12"}[program]  # fmt: skip
                return FileType(mime, "office", f"{kind.label} with macros")
            return kind
    return filetypes.OOXML


def _quiet() -> None:
    """olevba logs every parsing hiccup at WARNING/ERROR on the root of its own loggers: hostile documents
    are normal here and their problems are findings, not log noise."""
    for name in ("olevba", "oletools", "olefile", "ppt_parser", "crypto"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _ooxml_too_big(data: bytes) -> bool:
    import zipfile  # here, not at the top: most messages carry no Office file (start-up time)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return sum(i.file_size for i in zf.infolist()) > MAX_OOXML_UNCOMPRESSED
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def inspect_office(data: bytes, is_zip: bool) -> OfficeSigns:
    """Macros in an Office document (see the module); a document olevba cannot read gets `error` set."""
    signs = OfficeSigns()
    if is_zip and _ooxml_too_big(data):
        signs.not_examined = f"more than {MAX_OOXML_UNCOMPRESSED // 1_000_000} MB uncompressed"
        return signs
    with warnings.catch_warnings():
        # olevba's grammars use pyparsing's old camelCase names, which warn on every first import.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools import olevba  # lazily: its import builds parsing grammars (~0.1 s), needed only here

    _quiet()
    parser = None
    try:
        parser = olevba.VBA_Parser("attachment", data=data, relaxed=True, disable_pcode=True)
        if parser.type == "Text":
            # olevba takes any text it cannot place for VBA source: not an Office document at all.
            signs.error = "not an Office document"
            return signs
        signs.encrypted = bool(getattr(parser, "is_encrypted", False))
        signs.macros = bool(parser.detect_vba_macros())
        if signs.macros:
            for kind, keyword, _description in parser.analyze_macros(show_decoded_strings=False):
                if kind == "AutoExec" and keyword not in signs.autoexec:
                    signs.autoexec.append(str(keyword))
                elif kind == "Suspicious" and " " not in str(keyword) and keyword not in signs.suspicious:
                    # Only the calls (Shell, CreateObject …), not olevba's notes ("Hex Strings").
                    signs.suspicious.append(str(keyword))
    except Exception as exc:  # noqa: BLE001 - hostile documents: a finding, never a crash
        signs.error = type(exc).__name__
    finally:
        if parser is not None:
            with contextlib.suppress(Exception):
                parser.close()
    signs.autoexec = signs.autoexec[:MAX_KEYWORDS]
    signs.suspicious = signs.suspicious[:MAX_KEYWORDS]
    return signs
