"""What a file is, from its bytes (magic numbers and a little structure), and what its name claims.

The sender chooses both the name and the declared MIME type; only the bytes say what the reader's computer
will do with the file. Detection reads fixed offsets and the first few kilobytes, never the whole file, and
never hands the bytes to anything that could run them. Families group the types the way a reader's risk
does: an ``executable`` runs when double-clicked, a ``script`` runs in Windows Script Host or a shell, a
``shortcut`` points Windows at something else, a ``disk-image`` mounts as a drive (and its content escapes
the "downloaded from the internet" mark), ``html`` opens in the browser (where it can imitate a login page).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

#: Bytes of the start read for text signatures (HTML, scripts).
HEAD_BYTES = 8192


@dataclass(frozen=True, slots=True)
class FileType:
    """A detected type: MIME type, family (see the module) and the words a reader understands."""

    mime: str
    family: str
    label: str


EXE = FileType("application/x-dosexec", "executable", "a Windows program")
DLL = FileType("application/x-msdownload", "executable", "a Windows program library (DLL)")
ELF = FileType("application/x-executable", "executable", "a Linux program")
MACHO = FileType("application/x-mach-binary", "executable", "a macOS program")
JAVA_CLASS = FileType("application/java-vm", "executable", "a Java program")
JAR = FileType("application/java-archive", "executable", "a Java program (JAR)")
APK = FileType("application/vnd.android.package-archive", "executable", "an Android app")
MSI = FileType("application/x-msi", "executable", "a Windows installer")
LNK = FileType("application/x-ms-shortcut", "shortcut", "a Windows shortcut (.lnk)")
URL_SHORTCUT = FileType("application/x-mswinurl", "shortcut", "an Internet shortcut (.url)")
ISO = FileType("application/x-iso9660-image", "disk-image", "a disk image (ISO)")
UDF = FileType("application/x-udf-image", "disk-image", "a disk image (UDF)")
VHD = FileType("application/x-vhd", "disk-image", "a virtual hard disk (VHD)")
VHDX = FileType("application/x-vhdx", "disk-image", "a virtual hard disk (VHDX)")
RAW_DISK = FileType("application/x-raw-disk-image", "disk-image", "a disk image (IMG)")
DMG = FileType("application/x-apple-diskimage", "disk-image", "a macOS disk image (DMG)")
HTML = FileType("text/html", "html", "a web page (HTML)")
SVG = FileType("image/svg+xml", "html", "an SVG image (a web document that can hold scripts)")
HTA = FileType("application/hta", "script", "an HTML application (HTA), which runs with full rights")
WSF = FileType("application/x-wsf", "script", "a Windows Script File")
ENCODED_SCRIPT = FileType("application/x-encoded-script", "script", "an encoded Windows script (VBE/JSE)")
WSH_SCRIPT = FileType("application/x-wsh-script", "script", "a Windows script")
BATCH = FileType("application/x-bat", "script", "a Windows batch script")
POWERSHELL = FileType("application/x-powershell", "script", "a PowerShell script")
SHELL = FileType("text/x-shellscript", "script", "a shell script")
PDF = FileType("application/pdf", "pdf", "a PDF document")
OLE = FileType("application/x-ole-storage", "office", "an Office (OLE) file")
OOXML = FileType("application/vnd.openxmlformats-officedocument", "office", "an Office document")
ODF = FileType("application/vnd.oasis.opendocument", "office", "an OpenDocument file")
RTF = FileType("application/rtf", "office", "an RTF document")
ZIP = FileType("application/zip", "archive", "a ZIP archive")
RAR = FileType("application/vnd.rar", "archive", "a RAR archive")
SEVEN_ZIP = FileType("application/x-7z-compressed", "archive", "a 7-Zip archive")
GZIP = FileType("application/gzip", "archive", "a gzip archive")
BZIP2 = FileType("application/x-bzip2", "archive", "a bzip2 archive")
XZ = FileType("application/x-xz", "archive", "an xz archive")
CAB = FileType("application/vnd.ms-cab-compressed", "archive", "a Windows cabinet archive (CAB)")
ACE = FileType("application/x-ace-compressed", "archive", "an ACE archive")
ARJ = FileType("application/x-arj", "archive", "an ARJ archive")
TAR = FileType("application/x-tar", "archive", "a tar archive")
MESSAGE = FileType("message/rfc822", "message", "an e-mail message")
PNG = FileType("image/png", "image", "a PNG image")
JPEG = FileType("image/jpeg", "image", "a JPEG image")
GIF = FileType("image/gif", "image", "a GIF image")
BMP = FileType("image/bmp", "image", "a BMP image")
WEBP = FileType("image/webp", "image", "a WebP image")
TIFF = FileType("image/tiff", "image", "a TIFF image")
ICO = FileType("image/vnd.microsoft.icon", "image", "an icon")
ICS = FileType("text/calendar", "text", "a calendar invitation")
XML = FileType("application/xml", "text", "an XML document")
TEXT = FileType("text/plain", "text", "a text file")

#: Families whose files do something when the reader opens them: an attachment of one of these is named.
DANGEROUS_FAMILIES = frozenset({"executable", "script", "shortcut", "disk-image"})

_FAMILY_EXT: dict[str, tuple[str, ...]] = {
    "executable": (
        "exe", "scr", "com", "pif", "cpl", "dll", "msi", "msix", "msixbundle", "appx", "appxbundle", "msp", "mst",
        "sys", "drv", "ocx", "jar", "apk", "app", "gadget", "xll", "class", "elf", "appimage",
    ),
    "script": (
        "js", "jse", "vbs", "vbe", "vb", "wsf", "wsh", "wsc", "hta", "ps1", "psm1", "psd1", "ps1xml", "bat",
        "cmd", "sct", "reg", "msc", "inf", "sh", "command", "applescript", "scpt",
    ),
    "shortcut": (
        "lnk", "url", "scf", "website", "settingcontent-ms", "library-ms", "searchconnector-ms", "appref-ms",
        "desktop", "webloc",
    ),
    "disk-image": ("iso", "img", "vhd", "vhdx", "dmg", "udf", "toast"),
    "html": ("htm", "html", "xhtml", "shtml", "xht", "mht", "mhtml", "svg", "svgz", "shtm"),
    "pdf": ("pdf",),
    "office": (
        "doc", "docx", "docm", "dot", "dotx", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlt", "xltx", "xltm",
        "xlam", "xla", "ppt", "pptx", "pptm", "pot", "potx", "potm", "pps", "ppsx", "ppsm", "ppam", "sldm",
        "rtf", "odt", "ods", "odp", "one", "pub", "vsd", "vsdx", "vsdm", "wbk",
    ),
    "archive": ("zip", "zipx", "rar", "7z", "gz", "tgz", "tar", "bz2", "tbz2", "xz", "txz", "cab", "ace", "arj",
                "lzh", "lha", "z", "r00", "r01", "001", "uue", "xxe"),
    "message": ("eml", "msg"),
    "image": ("png", "jpg", "jpeg", "jpe", "gif", "bmp", "webp", "tif", "tiff", "ico", "heic", "avif"),
    "text": ("txt", "csv", "ics", "vcf", "xml", "json", "log", "md"),
}  # fmt: skip
EXTENSION_FAMILY: dict[str, str] = {ext: fam for fam, exts in _FAMILY_EXT.items() for ext in exts}
#: Office extensions that can hold macros (the x-formats without "m" cannot, by their content type).
MACRO_EXTENSIONS = frozenset(
    {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm", "doc", "dot", "xls",
     "xlt", "xla", "ppt", "pot", "pps", "vsdm"}
)  # fmt: skip
#: Extensions of documents and pictures a reader expects to open safely: the decoy half of a double extension.
DECOY_FAMILIES = frozenset({"pdf", "office", "image", "text", "archive", "message"})

_ISO_OFFSETS = (0x8001, 0x8801, 0x9001)
_LNK_HEADER = b"\x4c\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x46"
_MACHO = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    r"(?is)^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<script|<form|<iframe|<div|"
    r"<style|<p>|<a\s|<table|<img|<input|<center|<h1|<span|<link)"
)
_HTML_ANYWHERE = re.compile(r"(?i)<(?:html|body|script|form|iframe)\b")
_SVG = re.compile(r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+svg[^>]*>\s*)?<svg\b")
_HTA = re.compile(r"(?i)<hta:application\b")
_WSF = re.compile(r"(?is)^\s*(?:<\?xml[^>]*>\s*)?(?:<package>\s*)?<job\b")
_WSH = re.compile(
    r"(?i)\b(?:WScript\.(?:Shell|CreateObject|Sleep|Arguments)|new\s+ActiveXObject\s*\("
    r"|CreateObject\s*\(\s*\"(?:WScript|Scripting|MSXML2|ADODB|Shell\.Application))"
)
_BATCH = re.compile(r"(?i)^\s*(?:@echo\s+off|@?set\s+\w+=|@?rem\s)")
_POWERSHELL = re.compile(
    r"(?i)(?:\bInvoke-(?:Expression|WebRequest|RestMethod)\b|\bIEX\s*\(|\bNew-Object\s+(?:System\.)?Net\.WebClient|"
    r"-(?:enc|EncodedCommand)\s+[A-Za-z0-9+/=]{20,}|\[System\.Convert\]::FromBase64String|\bStart-Process\b)"
)
_URL_SHORTCUT = re.compile(r"(?i)^\s*\[(?:InternetShortcut|\{000214A0-0000-0000-C000-000000000046\})\]")
_MESSAGE = re.compile(
    rb"(?im)\A(?:(?:Received|Return-Path|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|X-[\w-]+):[^\n]*\n"
    rb"(?:[ \t][^\n]*\n)*){3}"
)


def extension(name: str) -> str:
    """The last extension of `name` in lower case, without the dot ("" when there is none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rstrip(" .\t")
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _pe(data: bytes) -> FileType:
    """A PE image told apart from a DLL by its characteristics (an MZ file without PE header: a DOS program)."""
    if len(data) >= 0x40:
        (offset,) = struct.unpack_from("<I", data, 0x3C)
        if 0 < offset <= len(data) - 24 and data[offset : offset + 4] == b"PE\0\0":
            (characteristics,) = struct.unpack_from("<H", data, offset + 22)
            return DLL if characteristics & 0x2000 else EXE
    return EXE


def _fat_or_class(data: bytes) -> FileType:
    """0xCAFEBABE starts both a macOS universal binary (a small count of architectures follows) and a Java
    class (a class-file version of 45 or more follows)."""
    if len(data) >= 8:
        (second,) = struct.unpack_from(">I", data, 4)
        if 0 < second < 40:
            return MACHO
    return JAVA_CLASS


def _disk_image(data: bytes) -> FileType | None:
    for off in _ISO_OFFSETS:
        tag = data[off : off + 5]
        if tag == b"CD001":
            return ISO
        if tag in (b"BEA01", b"NSR02", b"NSR03"):
            return UDF
    if data[:8] == b"vhdxfile":
        return VHDX
    if data[:8] == b"conectix" or (len(data) >= 512 and data[-512:-504] == b"conectix"):
        return VHD
    if len(data) >= 512 and data[-512:-508] == b"koly":
        return DMG
    if len(data) >= 512 and data[510:512] == b"\x55\xaa" and (
        data[3:11] == b"NTFS    " or data[54:59] in (b"FAT12", b"FAT16") or data[82:87] == b"FAT32"
        or data[3:8] == b"EXFAT"
    ):  # fmt: skip
        return RAW_DISK
    return None


def _binary(data: bytes) -> FileType | None:  # noqa: C901 - one flat table of magic numbers
    head = data[:16]
    if head[:2] == b"MZ":
        return _pe(data)
    if head[:4] == b"\x7fELF":
        return ELF
    if head[:4] in _MACHO:
        return MACHO
    if head[:4] == b"\xca\xfe\xba\xbe":
        return _fat_or_class(data)
    if data[:20] == _LNK_HEADER:
        return LNK
    if b"%PDF-" in data[:1024]:
        return PDF
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return OLE
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return ZIP
    if head[:7] == b"Rar!\x1a\x07\x00" or head[:8] == b"Rar!\x1a\x07\x01\x00":
        return RAR
    if head[:6] == b"7z\xbc\xaf\x27\x1c":
        return SEVEN_ZIP
    if head[:2] == b"\x1f\x8b":
        return GZIP
    if head[:3] == b"BZh":
        return BZIP2
    if head[:6] == b"\xfd7zXZ\x00":
        return XZ
    if head[:4] == b"MSCF":
        return CAB
    if data[7:14] == b"**ACE**":
        return ACE
    if head[:2] == b"\x60\xea":
        return ARJ
    if data[257:262] == b"ustar":
        return TAR
    if head[:5] == b"{\\rtf":
        return RTF
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head[:3] == b"\xff\xd8\xff":
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head[:2] == b"BM" and len(data) >= 26 and struct.unpack_from("<I", data, 2)[0] in (len(data), 0):
        return BMP
    if head[:4] == b"\x00\x00\x01\x00" and len(data) >= 22 and 0 < data[4] + data[5] * 256 < 256:
        return ICO
    return _disk_image(data)


def _as_text(head: bytes) -> str | None:
    """The start decoded as text, or None when it is binary (NULs or many control bytes)."""
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        return head.decode("utf-16", "replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        return None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and controls > len(head) // 20:
        return None
    return head.decode("utf-8", "replace")


def _text(head: bytes) -> FileType | None:  # noqa: C901 - one flat table of text signatures
    text = _as_text(head)
    if text is None:
        return None
    if text.lstrip().startswith("#@~^"):
        return ENCODED_SCRIPT
    if _URL_SHORTCUT.match(text):
        return URL_SHORTCUT
    if _HTA.search(text):
        return HTA
    if _WSF.match(text):
        return WSF
    if _SVG.match(text):
        return SVG
    if _HTML_START.match(text):
        return HTML
    if text.startswith("#!"):
        return SHELL
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return ICS
    if _WSH.search(text):
        return WSH_SCRIPT
    if _POWERSHELL.search(text):
        return POWERSHELL
    if _BATCH.match(text):
        return BATCH
    if _MESSAGE.match(head.replace(b"\r\n", b"\n")):
        return MESSAGE
    if text.lstrip().startswith("<?xml"):
        return SVG if "<svg" in text[:2000] else XML
    if _HTML_ANYWHERE.search(text[:4096]):
        return HTML
    return TEXT


def detect(data: bytes) -> FileType | None:
    """The type of `data` from its bytes alone, or None when nothing is recognised (and it is not text)."""
    if not data:
        return None
    found = _binary(data)
    if found is not None:
        return found
    return _text(data[:HEAD_BYTES])
