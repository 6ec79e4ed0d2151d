"""Links read from real-world-shaped bodies: parsed, unwrapped from security gateways, judged, defanged.

The fixtures are built the way the gateways and phishing kits write them: Microsoft Safe Links
(``nam12.safelinks.protection.outlook.com/?url=…&data=…&sdata=…&reserved=0``), Proofpoint URL Defense v2
(``u=https-3A__…`` with ``-`` for ``%`` and ``_`` for ``/``) and v3 (``__url__;base64!!…``), Barracuda,
Google's redirect, Mimecast (not recoverable), broken HTML as phishing kits send it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inspector.analyze import analyze
from inspector.content import extract_links, judged_links
from inspector.content.wrappers import unwrap
from inspector.ingest import load_bytes, load_file
from inspector.model.content import Link
from inspector.model.report import Level
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.support.corpora import legit_messages, phishing_messages

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "inspector/report/schema/report.schema.json").read_text("utf-8")
)

SAFE_LINKS = (
    "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpaypa1-login.com%2Fsignin%3Fid%3D42"
    "&data=05%7C02%7Cuser%40example.org%7C1b2c%7C0%7C0%7C638%7CUnknown&sdata=AbCd%2Bef%3D&reserved=0"
)
URLDEFENSE_V2 = (
    "https://urldefense.proofpoint.com/v2/url?u=https-3A__secure-2Dupdate.example.net_account_verify-3Fid-3D7"
    "&d=DwMFaQ&c=euGZstcaTDllvimEN8b7jXrwqOf-v5A_CdpgnVfiiMM&r=abc&m=def&s=ghi&e="
)
# v3: each '*' in the URL is taken from the base64url bytes after ';' ("Kg" is one '*').
URLDEFENSE_V3 = "https://urldefense.com/v3/__https://evil.example/a*b__;Kg!!ABCdef!ghijk$"


def _links(html: str | None = None, text: str | None = None, **kw: object) -> tuple[Link, ...]:
    return judged_links(text, html, **kw)[0]  # type: ignore[arg-type]


def _kinds(link: Link) -> set[str]:
    return {f.kind for f in link.findings}


@pytest.mark.parametrize(
    ("wrapped", "target", "wrapper"),
    [
        (SAFE_LINKS, "https://paypa1-login.com/signin?id=42", "Microsoft Safe Links"),
        (URLDEFENSE_V2, "https://secure-update.example.net/account/verify?id=7", "Proofpoint URL Defense v2"),
        (
            "https://urldefense.proofpoint.com/v1/url?u=http://evil.example/x%3Fa%3D1&k=abc%3D%0A&r=x",
            "http://evil.example/x?a=1",
            "Proofpoint URL Defense v1",
        ),
        (URLDEFENSE_V3, "https://evil.example/a*b", "Proofpoint URL Defense v3"),
        (
            "https://linkprotect.cudasvc.com/url?a=https%3a%2f%2fevil.example%2flogin&c=E,1,xyz&typo=1",
            "https://evil.example/login",
            "Barracuda LinkProtect",
        ),
        ("https://www.google.com/url?q=https://evil.example/p&sa=D&ust=1", "https://evil.example/p", "Google redirect"),
        ("https://www.google.co.uk/url?url=https://evil.example/p", "https://evil.example/p", "Google redirect"),
        ("https://shop.example/out?redirect=https%3A%2F%2Fevil.example%2F", "https://evil.example/", "redirect"),
    ],
)
def test_wrappers_are_decoded_to_their_target(wrapped: str, target: str, wrapper: str) -> None:
    final, chain, opaque = unwrap(wrapped)
    assert final == target and not opaque
    assert chain == [(wrapper, wrapped)]


def test_v3_runs_of_replaced_characters() -> None:
    # "**A" is a run of 2 characters from the bytes: "%2" … here "ab" (base64url "YWI").
    final, _chain, _o = unwrap("https://urldefense.com/v3/__https://x.example/**A/c__;YWI!!tenant$")
    assert final == "https://x.example/ab/c"


def test_nested_wrappers_are_all_listed() -> None:
    inner = "https://www.google.com/url?q=https://evil.example/x"
    outer = "https://eur01.safelinks.protection.outlook.com/?url=" + inner.replace(":", "%3A").replace("/", "%2F")
    (link,) = _links(f'<a href="{outer.replace("&", "&amp;")}">Open</a>')
    assert link.url_defanged == "hxxps://evil[.]example/x"
    assert [v.split(":")[0] for v in link.via] == ["Microsoft Safe Links", "Google redirect"]
    assert all("[.]" in v for v in link.via)


def test_mimecast_target_is_not_recoverable_offline() -> None:
    (link,) = _links('<a href="https://protect-eu.mimecast.com/s/AbCdEfGh?domain=evil.example">Invoice</a>')
    (f,) = [f for f in link.findings if f.kind == "opaque-wrapper"]
    assert "cannot be read offline" in f.explanation
    assert "text-mismatch" not in _kinds(link)


def test_safe_links_lookalike_behind_brand_button() -> None:
    (link,) = _links(f'<table><tr><td><a href="{SAFE_LINKS.replace("&", "&amp;")}" class=btn>Sign in to PayPal')
    assert link.text == "Sign in to PayPal"
    assert link.domain == "paypa1-login.com"
    assert link.url_defanged == "hxxps://paypa1-login[.]com/signin?id=42"
    assert {"lookalike", "brand-mismatch"} <= _kinds(link)
    assert any(f.severity == "high" for f in link.findings if f.kind == "lookalike")


def test_text_showing_another_domain_is_a_mismatch() -> None:
    html = f'<p>Go to <a href="{URLDEFENSE_V2}">https://www.paypal.com/signin</a></p>'
    (link,) = _links(html)
    (f,) = [f for f in link.findings if f.kind == "text-mismatch"]
    assert "www.paypal.com" in f.explanation and "secure-update.example.net" in f.explanation
    # Same organisation in the text and the destination: no finding.
    (ok,) = _links('<a href="https://www.example.com/shop?x=1">example.com/shop</a>')
    assert "text-mismatch" not in _kinds(ok)


def test_newsletter_tracking_is_not_a_mismatch() -> None:
    esp = '<a href="https://u123.ct.sendgrid.net/ls/click?upn=abcdef">www.shop.example</a>'
    (link,) = _links(esp)
    assert _kinds(link) == {"tracking"}
    own = '<a href="https://click.news.example/c/abc">www.partner.example</a>'
    (mine,) = _links(own, sender_orgs=frozenset({"news.example"}))
    assert "text-mismatch" not in _kinds(mine)
    # The sender's plain pages are still judged: a lure on the attacker's own domain keeps its mismatch.
    (lure,) = _links('<a href="https://news.example/login">www.paypal.com</a>', sender_orgs=frozenset({"news.example"}))
    assert "text-mismatch" in _kinds(lure)


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("http://192.0.2.7/login.php", "ip-literal"),
        ("http://3221225985/", "ip-literal"),
        ("http://[2001:db8::1]/x", "ip-literal"),
        ("https://xn--pypal-4ve.com/", "punycode"),
        ("javascript:alert(document.cookie)", "active-scheme"),
        ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "active-scheme"),
        ("file://server/share/invoice.exe", "active-scheme"),
        ("https://bit.ly/3xYz", "shortener"),
        ("https://firebasestorage.googleapis.com/v0/b/x/o/login.html", "free-hosting"),
        ("https://forms.gle/abc", "free-hosting"),
        ("https://mysite.github.io/o365/", "free-hosting"),
    ],
)
def test_destination_kinds(href: str, kind: str) -> None:
    (link,) = _links(f'<a href="{href}">Open</a>')
    assert kind in _kinds(link)


def test_every_link_source_of_html_is_read() -> None:
    html = (
        "<html><head><style>body{background:url('https://css.example/bg.png')} @import 'https://css.example/x.css';"
        '</style><meta http-equiv=refresh content="0; url=https://refresh.example/"></head><body>'
        '<form action="https://form.example/post"><input name=p type=password><button>Log in</button></form>'
        '<map><area href="https://area.example/" alt="Download"></map>'
        '<img src="https://img.example/a.png" srcset="https://img.example/1.png 1x, https://img.example/2.png 2x">'
        '<div style="background-image: url(https://style.example/i.png)">'
        '<svg><a xlink:href="https://svg.example/"><text>x</text></a></svg>'
        "<p>Write to us at https://text.example/contact.</p>"
    )
    links = {link.domain: link for link in _links(html)}
    assert {
        "css.example",
        "refresh.example",
        "form.example",
        "area.example",
        "img.example",
        "style.example",
        "svg.example",
        "text.example",
    } <= set(links)
    assert links["form.example"].text == "Log in" and links["form.example"].role == "link"
    assert links["area.example"].text == "Download"
    assert links["img.example"].role == "resource"
    assert links["style.example"].role == "resource"
    assert links["text.example"].url_defanged == "hxxps://text[.]example/contact"


def test_broken_html_is_recovered() -> None:
    html = (
        '<div><table><tr><td><a href="https://evil.example/a" <b>Verify now</td></tr>'
        "<a href='https://second.example/'>Second <i>link<p>unclosed"
        '<a href=https://third.example/x?y=1&z=2>Third</a></div></body><a href="https://fourth.example">4'
    )
    domains = [link.domain for link in _links(html)]
    assert domains == ["evil.example", "second.example", "third.example", "fourth.example"]


@pytest.mark.parametrize(
    "after",
    [
        "</body></html>",
        "</BODY>\n</HTML >",
        "</body></html>\r\n<!-- footer -->",
        "</html></html></body>",
    ],
)
def test_content_after_the_closing_html_tag_is_read(after: str) -> None:
    """A browser shows what follows `</html>` (HTML5 puts it back into the body); so must the report."""
    html = f'<html><body><p>Your invoice</p>{after}<a href="https://paypa1-login.com/x">Pay now</a> after'
    links = _links(html)
    assert [link.domain for link in links] == ["paypa1-login.com"]
    assert links[0].text == "Pay now"


def test_deep_and_huge_html_stays_bounded() -> None:
    deep = "<div>" * 50_000 + '<a href="https://deep.example/">x</a>' + "</div>" * 50_000
    links, _more = judged_links(None, deep)
    assert all(link.url_defanged.startswith("hxxps://") for link in links)
    many = "".join(f'<a href="https://h{i}.example/">{i}</a>' for i in range(800))
    links, more = judged_links(None, many)
    assert len(links) == 500 and more


def test_links_browsers_follow_still_listed_defanged() -> None:
    html_text = (
        '<a href="https:\\\\evil.example\\login">a</a> <a href="//cdn.evil.example/x">b</a>'
        "<a href='java\tscript:alert(1)'>c</a> <img src=\"file:///etc/passwd\">"
    )
    assert set(extract_links(None, html_text)) >= {
        "hxxps://evil[.]example/login",
        "//cdn[.]evil[.]example/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
    }


def _message(html: str, from_: str = "Service <notice@mailer.example>") -> bytes:
    return (
        f"From: {from_}\r\nTo: b@example.org\r\nSubject: Action needed\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n"
    ).encode()


def test_report_links_shape_schema_and_verdict_reason() -> None:
    html = f'<p>Dear customer,</p><a href="{SAFE_LINKS.replace("&", "&amp;")}">Sign in to PayPal</a>'
    report = analyze(load_bytes(_message(html)))
    (link,) = report.content.links
    assert link.domain == "paypa1-login.com" and link.via and link.via[0].startswith("Microsoft Safe Links: ")
    data = report_to_dict(report)
    jsonschema.validate(data, SCHEMA)
    row = data["content"]["links"][0]
    assert set(row) >= {"url_defanged", "text", "domain", "via", "findings"}
    assert all(set(f) == {"kind", "severity", "explanation"} for f in row["findings"])
    assert "https://" not in json.dumps(data["content"]["links"])
    assert report.verdict.level is Level.DANGEROUS
    reasons = [r for r in report.verdict.findings if r.rule == "risky-links"]
    assert reasons and "'Sign in to PayPal'" in reasons[0].text and "paypa1-login.com" in reasons[0].text


def test_protected_domain_lookalike_link_uses_settings() -> None:
    html = '<a href="https://examp1e-corp.com/hr/benefits">Benefits portal</a>'
    settings = AnalysisSettings(protected_domains=("example-corp.com",))
    (link,) = _links(html, settings=settings)
    assert "lookalike" in _kinds(link)
    (plain,) = _links(html)
    assert "lookalike" not in _kinds(plain)


def test_tracking_newsletter_raises_no_link_reason() -> None:
    html = (
        '<a href="https://mailchi.mp/x/abc">View in browser</a>'
        '<a href="https://example.us1.list-manage.com/track/click?u=1&amp;id=2">www.shop.example</a>'
        '<img src="https://example.us1.list-manage.com/track/open.php?u=1">'
    )
    report = analyze(load_bytes(_message(html, "Shop <news@shop.example>")))
    assert not [r for r in report.verdict.findings if r.rule == "risky-links"]


def test_corpora_run_without_crash() -> None:
    paths = legit_messages()[:80] + phishing_messages()[:120]
    if not paths:
        pytest.skip("corpora not present")
    for path in paths:
        report = analyze(load_file(path))
        for link in report.content.links:
            assert not link.url_defanged.lower().startswith(("http:", "https:", "ftp:"))


def test_mailing_service_named_by_list_unsubscribe_is_tracking() -> None:
    html = '<a href="https://news.mailer-platform.example/app/linkClick/1/abc">www.facebook.com</a>'
    data = (
        "From: Shop <service@shop.example>\r\nTo: b@example.org\r\nSubject: Sale\r\nMIME-Version: 1.0\r\n"
        "List-Unsubscribe: <https://news.mailer-platform.example/app/optOut/1/abc>\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n"
    ).encode()
    (link,) = analyze(load_bytes(data)).content.links
    assert "text-mismatch" not in _kinds(link) and "tracking" in _kinds(link)
    # Without the List-Unsubscribe field the same link is a mismatch.
    (bare,) = analyze(load_bytes(_message(html, "Shop <service@shop.example>"))).content.links
    assert "text-mismatch" in _kinds(bare)


def test_verified_sisters_domain_is_not_a_lookalike() -> None:
    html = '<a href="https://www.paypal-login-secure.com/x">Community</a>'
    (sister,) = _links(html, verified_orgs=frozenset({"paypal.com"}))
    (stranger,) = _links(html)
    assert "lookalike" in _kinds(stranger) and "lookalike" not in _kinds(sister)


def _element_links_before(el: Any, tag: str) -> list[Any]:
    """`html_links._element_links` as it was before it read the attribute names once (issue 16 item 3):
    one `in` lookup per attribute asked for. The oracle for the test below."""
    from inspector.content import html_links as h

    attrib = el.attrib
    out = []
    clicked = h._CLICKED.get(tag, ())
    for name in clicked:
        if name in attrib:
            out.append(h._raw(attrib[name], h._text(el) if tag in ("a", "area") else h._label(el, tag), "link"))
    for name in ("href", "{http://www.w3.org/1999/xlink}href", "xlink:href"):
        if name in attrib and name not in clicked:
            out.append(h._raw(attrib[name], h._text(el) if tag == "a" else "", "link" if tag == "a" else "resource"))
    for name in h._LOADED:
        if name in attrib:
            out.append(h._raw(attrib[name], (attrib.get("alt") or "").strip()[: h.MAX_TEXT], "resource"))
    for name in ("srcset", "imagesrcset"):
        if name in attrib:
            out.extend(h._raw(c.strip().split(" ")[0], "", "resource") for c in attrib[name].split(","))
    if "style" in attrib:
        css = [
            next(g for g in m.groups() if g is not None)
            for rx in (h._CSS_URL, h._CSS_IMPORT)
            for m in rx.finditer(attrib["style"])
        ]
        out.extend(h._raw(u, "", "resource") for u in css)
    if tag == "meta" and (attrib.get("http-equiv") or "").lower() == "refresh":
        m = h._REFRESH.match(attrib.get("content") or "")
        if m:
            out.append(h._raw(m.group(1), "automatic redirect (meta refresh)", "link"))
    return out


#: Attributes with values that give links (and some that give none).
_ATTRIBUTE_PAIRS = [
    ("href", "https://evil.example/x"),
    ("href", "#top"),
    ("src", "//cdn.example/a.png"),
    ("src", "cid:part1"),
    ("action", "https://form.example/post"),
    ("formaction", "https://form.example/go"),
    ("background", "https://bg.example/b.png"),
    ("poster", "https://v.example/p.png"),
    ("data", "https://obj.example/o"),
    ("lowsrc", "https://low.example/l.png"),
    ("dynsrc", "https://dyn.example/d"),
    ("longdesc", "https://desc.example/d"),
    ("srcset", "a.png 1x, https://x.example/b.png 2x"),
    ("imagesrcset", "https://x.example/c.png 2x"),
    ("xlink:href", "https://svg.example/s"),
    ("style", "background:URL('https://t.example/p.gif'); color:red"),
    ("style", "@import 'https://css.example/s.css';"),
    ("style", "color: rgb(0,0,0)"),
    ("http-equiv", "refresh"),
    ("http-equiv", "Refresh"),
    ("content", "0; URL=https://redirect.example/"),
    ("alt", "Pay now"),
    ("title", "Invoice"),
    ("type", "submit"),
    ("class", "btn"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["a", "area", "form", "button", "input", "img", "meta", "td", "div", "link", "svg", "video"]),
    st.lists(
        st.one_of(
            st.sampled_from(_ATTRIBUTE_PAIRS),
            st.tuples(st.sampled_from([n for n, _v in _ATTRIBUTE_PAIRS]), st.text(max_size=30)),
        ),
        max_size=6,
    ).map(dict),
    st.sampled_from(["", "Click here", "<img alt='Pay now'>", "<input type=submit value=Go>"]),
)
@example("meta", {"http-equiv": "refresh", "content": "0; URL=https://redirect.example/"}, "")
@example("div", {"style": "@import 'https://css.example/s.css';"}, "")
def test_element_links_read_once_equal_one_lookup_per_attribute(tag: str, attrs: dict[str, str], inner: str) -> None:
    from html import escape

    from inspector.content.html_links import _element_links, parse

    written = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
    root = parse(f"<html><body><{tag} {written}>{inner}</{tag}></body></html>")
    assert root is not None
    for el in root.iter():
        if isinstance(el.tag, str):
            name = el.tag.lower()
            assert _element_links(el, name) == _element_links_before(el, name)
