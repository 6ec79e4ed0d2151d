"""A brand disguised in the sender's name with marks or invisible characters is still named as that brand.

``Pa̷yPal``, ``Micro̶soft Support``, ``Pay<U+3164>Pal`` read "PayPal" and "Microsoft" to the person looking at
them; the disguise detector (`inspector.content.disguise`) flags the characters put into the words, and the
brand and display-name checks read the name without them (`undisguised`), so the impersonation reason names
the brand the reader sees. The same holds for a link's text ("Sign in to Pa̷yPal"). Proper writing, and a
name struck through whole (visible styling, not flagged), is read as it is written.
"""

from __future__ import annotations

from email.header import Header

import pytest

from inspector.analyze import analyze
from inspector.content.disguise import find_disguises, undisguised
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.report import Level, Report
from inspector.settings import AnalysisSettings
from tests.unit.test_content_disguise import DISGUISED, PROPER

#: Disguised names, the brand each reads as, and the trick (every kind the detector knows).
NAMES = {
    "overlay-one-letter": ("Pa\u0337yPal", "PayPal"),
    "long-stroke": ("Micro\u0336soft Support", "Microsoft"),
    "overlay-first-letter": ("A\u0337mazon", "Amazon"),
    "strike-in-netflix": ("Ne\u0336tflix", "Netflix"),
    "zwsp": ("Pay\u200bPal", "PayPal"),
    "word-joiner": ("Pay\u2060Pal Service", "PayPal"),
    "grapheme-joiner": ("Pay\u034fPal", "PayPal"),
    "hangul-filler": ("Pay\u3164Pal", "PayPal"),
    "variation-selector": ("Pay\ufe0fPal", "PayPal"),
    "thai-mark-on-latin": ("Pa\u0e34yPal", "PayPal"),
    "arabic-mark-on-latin": ("App\u064ele Support", "Apple"),
    "stacked": ("Ne\u0300\u0301\u0302\u0303tflix", "Netflix"),
}


def _message(display: str, *, link_text: str | None = None) -> bytes:
    name = Header(display, "utf-8").encode()
    body = (
        "Content-Type: text/html; charset=utf-8\r\n\r\n"
        f'<p><a href="https://billing.evil-mail.test/login">{link_text}</a></p>\r\n'
        if link_text
        else "\r\nhello\r\n"
    )
    return (
        "Received: from mx.evil-mail.test (mx.evil-mail.test [203.0.113.5]) by mx.corp.test with ESMTP id 1; "
        "Mon, 30 Nov 2026 04:00:00 +0000\r\n"
        f"From: {name} <billing@evil-mail.test>\r\nTo: a@corp.test\r\nSubject: Your account\r\n"
        "Date: Mon, 30 Nov 2026 04:00:00 +0000\r\nMessage-ID: <1@evil-mail.test>\r\nMIME-Version: 1.0\r\n" + body
    ).encode()


def _analyse(raw: bytes) -> Report:
    return analyze(load_bytes(raw), AnalysisSettings(), OfflineSource())


@pytest.mark.parametrize("case", sorted(NAMES))
def test_the_disguise_is_read_away(case: str) -> None:
    display, brand = NAMES[case]
    assert find_disguises("From display name", display), "the detector flags it"
    assert brand in undisguised(display)


@pytest.mark.parametrize("case", sorted(NAMES))
def test_the_impersonation_reason_names_the_brand(case: str) -> None:
    display, brand = NAMES[case]
    report = _analyse(_message(display))
    names = [f for f in report.lookalikes if f.field == "From display name"]
    assert names, f"no brand named for {display!r}"
    assert names[0].value == display  # quoted as written, marks and all
    assert f"the name shown says {brand}" in names[0].explanation
    assert report.verdict.level is Level.DANGEROUS
    reasons = [r.text for r in report.verdict.findings if r.rule == "impersonation"]
    assert reasons and f"says {brand}" in reasons[0]
    assert any(r.rule == "disguised-text" for r in report.verdict.findings)


def test_the_finding_says_the_name_was_disguised() -> None:
    report = _analyse(_message("Pa\u0337yPal"))
    (finding,) = [f for f in report.lookalikes if f.field == "From display name"]
    assert "disguised with marks or invisible characters" in finding.explanation


def test_a_disguised_brand_in_a_links_text_is_named() -> None:
    report = _analyse(_message("Billing", link_text="Sign in to Pa\u0337yPal"))
    (link,) = report.content.links
    kinds = {f.kind: f.explanation for f in link.findings}
    assert "brand-mismatch" in kinds and "which is not PayPal's" in kinds["brand-mismatch"]


@pytest.mark.parametrize("name", sorted(PROPER))
def test_proper_writing_is_read_as_written(name: str) -> None:
    import unicodedata

    text = PROPER[name]
    assert undisguised(text) in (text, unicodedata.normalize("NFC", text))


def test_only_flagged_characters_go() -> None:
    # A word struck through whole is styling: not flagged, not read away (no brand appears).
    assert undisguised("P\u0337a\u0337y\u0337P\u0337a\u0337l\u0337") == "P\u0337a\u0337y\u0337P\u0337a\u0337l\u0337"
    assert undisguised("Viê\u0323t Nam") in ("Viê\u0323t Nam", "Việt Nam")  # at most composed
    # Marks in a word garbled by a wrong character set are not a disguise: kept.
    garbled = "\ufffd\u04a8\u05a7\ufffd"
    assert undisguised(garbled) == garbled
    # Every disguised fixture of the detector's own tests loses exactly what it flags.
    for text, _kind in DISGUISED.values():
        assert not find_disguises("Subject", undisguised(text))
