"""Issue 12 items 6 and 7: bounded work on hostile structure, and every bound hit is a reason in the verdict."""

from __future__ import annotations

import base64

import pytest

from inspector.analyze import analyze
from inspector.content import extract_links, followed_url
from inspector.ingest import load_bytes
from inspector.ingest.eml import MAX_DEPTH, MAX_PARTS
from inspector.ingest.headers import MAX_HEADER_FIELDS
from inspector.model.report import Level
from tests.support.hostile_mail import TINY_PART, dkim_many, headers, mime_nested, mime_tiny


def _limit_reasons(data: bytes) -> tuple[list[str], list[str], Level]:
    report = analyze(load_bytes(data))
    return [lim.what for lim in report.limits], list(report.verdict.reasons), report.verdict.level


def test_many_parts_are_cut_before_parsing_and_named() -> None:
    data = mime_tiny(200_000)  # about 5,000 parts, then invoice.exe
    msg = load_bytes(data)
    assert [lim.what for lim in msg.limits] == ["mime-parts"]
    assert "invoice.exe" in msg.limits[0].detail
    whats, reasons, level = _limit_reasons(data)
    assert whats == ["mime-parts"]
    assert any(r.startswith("Parts of this message were not examined") and "invoice.exe" in r for r in reasons)
    assert level is not Level.OK


def test_deep_nesting_is_cut_and_named() -> None:
    data = mime_nested(502)
    assert len(data) < 40_000
    whats, reasons, level = _limit_reasons(data)
    assert whats == ["mime-depth"]
    assert any(f"more than {MAX_DEPTH} levels" in r for r in reasons)
    assert level is not Level.OK


def test_header_fields_are_bounded() -> None:
    data = headers(60 * (MAX_HEADER_FIELDS + 500))
    msg = load_bytes(data)
    assert len(msg.headers) == MAX_HEADER_FIELDS
    assert [lim.what for lim in msg.limits] == ["header-fields"]
    assert any("not examined" in r for r in analyze(msg).verdict.reasons)


def test_within_bounds_no_limit() -> None:
    data = mime_tiny(len(TINY_PART) * (MAX_PARTS - 10))
    assert load_bytes(data).limits == ()
    assert [a.filename for a in load_bytes(data).attachments] == ["invoice.exe"]
    assert load_bytes(mime_nested(MAX_DEPTH - 2)).limits == ()


def test_many_dkim_signatures_still_report() -> None:
    report = analyze(load_bytes(dkim_many(2000)))
    assert len(report.dkim) == 2000


def test_rtlo_attachment_name_is_flagged() -> None:
    name = "invoice_2025\u202efdp.exe"
    enc = "=?utf-8?b?" + base64.b64encode(name.encode()).decode() + "?="
    data = (
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n'
        f'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="{enc}"\r\n\r\n'
        "JVBERi0=\r\n--b--\r\n"
    ).encode()
    report = analyze(load_bytes(data))
    (att,) = report.content.attachments
    assert att["filename"] == name and att["name_hides_characters"] is True
    assert any("text-reversing" in r for r in report.verdict.reasons)


@pytest.mark.parametrize(
    ("value", "followed"),
    [
        ("https:\\\\evil.example\\x", "https://evil.example/x"),
        ("//evil.example/x", "//evil.example/x"),
        ("\\\\evil.example/share", "//evil.example/share"),
        ("ht\ttps://evil.example/", "https://evil.example/"),
        ("java&#9;script:alert(1)", "javascript:alert(1)"),
        ("  JavaScript:alert(1)", "javascript:alert(1)"),
        ("java\nscript:alert(1)", "javascript:alert(1)"),
        ("data:text/html;base64,PHNjcmlwdD4=", "data:text/html;base64,PHNjcmlwdD4="),
        ("file:///C:/Windows/calc.exe", "file:///C:/Windows/calc.exe"),
        ("#top", None),
        ("mailto:a@example.org", None),
        ("relative/page.html", None),
    ],
)
def test_links_browsers_follow(value: str, followed: str | None) -> None:
    assert followed_url(value) == followed


def test_links_in_html_are_listed_defanged() -> None:
    html_text = (
        '<a href="https:\\\\evil.example\\login">a</a> <a href="//cdn.evil.example/x">b</a>'
        "<a href='java\tscript:alert(1)'>c</a> <img src=\"file:///etc/passwd\">"
    )
    links = extract_links(None, html_text)
    assert "hxxps://evil[.]example/login" in links
    assert "//cdn[.]evil[.]example/x" in links
    assert "javascript:alert(1)" in links
    assert "file:///etc/passwd" in links
