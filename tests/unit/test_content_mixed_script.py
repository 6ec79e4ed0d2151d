"""Words mixing Latin letters with Cyrillic or Greek letters of the same shape (`inspector.content.mixed_script`,
disguise kind ``mixed-script``): the homoglyph trick inside one word, never running text in two alphabets.

Fixtures both ways: the disguises seen in phishing (``PаyPal``, ``Microsоft``, ``Αmazοn``, a Russian word with
Latin letters put in) fire; Russian text quoting Latin brand names as words, Greek mathematics and gene names
(``TNFα``), micro signs, Serbian written in both alphabets, Ukrainian typed with a Latin ``i`` and words joined
by a hyphen do not. The 19 proper-writing fixtures of `test_content_disguise` stay silent too.
"""

from __future__ import annotations

import json
import re
from email.header import Header
from importlib import resources

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.content.disguise import MIXED, find_disguises, undisguised
from inspector.content.mixed_script import mixed_words
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes
from inspector.model.report import Level
from inspector.model.vocabulary import Severity
from inspector.report.to_json import report_to_dict
from inspector.settings import AnalysisSettings
from tests.unit.test_content_disguise import PROPER

#: Disguised words, and the letters that do it (as a reader would read them).
MIXED_WORDS = {
    "cyrillic-a-in-paypal": ("Your PаyPal account", ["PаyPal"]),
    "cyrillic-o-in-microsoft": ("Microsоft account team", ["Microsоft"]),
    "cyrillic-capital-p": ("Рayment received", ["Рayment"]),
    "several-cyrillic": ("Vеrіfіеd Ассоunt", ["Vеrіfіеd"]),
    "greek-in-lowercase": ("pαypal login", ["pαypal"]),
    "greek-capitals": ("PΑYPAL SECURITY", ["PΑYPAL"]),
    "greek-omicron-brand": ("Αmazοn Prime", ["Αmazοn"]),
    "cyrillic-majority-apple": ("Аррle ID", ["Аррle"]),
    "latin-in-russian-word": ("Cкидкa 50% только сегодня", ["Cкидкa"]),
    "latin-in-greek-word": ("Πρoσφορά σήμερα", ["Πρoσφορά"]),
}

#: Writing in two alphabets that is not a disguise.
TWO_ALPHABETS = {
    "russian-with-brands": "Скачайте приложение Google Pay для iPhone и Android",
    "russian-quoting-latin": "Письмо от компании Microsoft: ваш аккаунт Outlook",
    "hyphenated": "USB-накопитель, Wi-Fi-роутер и e-mail-рассылка",
    "declined-latin-name": "Спасибо Google’у и iPhone-у",
    "greek-math": "Let α = 2, β-decay, sin θ and the ΔT of 3 K",
    "gene-names": "TNFα, IFNγ and PPARγ levels; HIF1α and ERα",
    "x-ray-lines": "the Kα and Kβ lines",
    "micro-sign": "a 5 µm filter and a 5 μm grid",
    "ohm": "a 10 kΩ resistor",
    "serbian-both-alphabets": "Србија / Srbija, Београд (Beograd), Ниш (Niš)",
    "ukrainian-latin-i": "Украiна, мiсто Київ",
    "greek-text": "Καλημέρα από την Αθήνα, Ευχαριστούμε",
    "bulgarian-with-email": "Пишете ни на info@example.com или на +359 2 123",
    "kazakh": "Қазақстан Республикасы, Алматы",
    "polish-in-russian": "Цитата: «Dzień dobry» по-польски",
}


@pytest.mark.parametrize("name", sorted(MIXED_WORDS))
def test_a_disguised_word_fires(name: str) -> None:
    text, words = MIXED_WORDS[name]
    assert [w.word for w in mixed_words(text)] == words
    found = [d for d in find_disguises("Subject", text) if d.kind == MIXED]
    assert len(found) == 1 and len(found[0].words) == len(words)
    # Shown with each foreign letter named, since it looks like the letter it stands for.
    for shown, word in zip(found[0].words, words, strict=True):
        assert shown != word and re.sub(r"⟨(Cyrillic|Greek|Latin) (.)⟩", r"\2", shown) == word
    assert found[0].severity is Severity.HIGH
    assert all("CYRILLIC" in c or "GREEK" in c or "LATIN" in c for c in found[0].characters)


@pytest.mark.parametrize("name", sorted(TWO_ALPHABETS))
@pytest.mark.parametrize("field", ["Subject", "From display name", "body"])
def test_two_alphabets_side_by_side_never_fire(name: str, field: str) -> None:
    assert find_disguises(field, TWO_ALPHABETS[name], body=field == "body") == ()


@pytest.mark.parametrize("name", sorted(PROPER))
def test_proper_writing_has_no_mixed_word(name: str) -> None:
    assert mixed_words(PROPER[name]) == []


def test_in_the_body_one_word_is_a_note_and_more_are_suspicious() -> None:
    (one,) = find_disguises("body", "Please confirm your PаyPal details today", body=True)
    assert one.kind == MIXED and one.severity is Severity.LOW
    (many,) = find_disguises("body", "Your A\u0441\u0441ount is l\u043ecked", body=True)
    assert many.severity is Severity.MEDIUM and many.count == 3


def test_the_brand_is_read_through_the_twins() -> None:
    assert undisguised("PаyPal Sеrvice") == "PayPal Service"
    assert undisguised("Cкидкa") == "Cкидкa"  # a Russian word: nothing to read as Latin
    assert undisguised(TWO_ALPHABETS["gene-names"]) == TWO_ALPHABETS["gene-names"]


def test_a_display_name_with_a_cyrillic_letter_is_named_and_dangerous() -> None:
    name = Header("PаyPal Sеrvice", "utf-8").encode()
    raw = (
        "Received: from mx.evil-mail.test (mx.evil-mail.test [203.0.113.5]) by mx.corp.test with ESMTP id 1; "
        "Mon, 30 Nov 2026 04:00:00 +0000\r\n"
        f"From: {name} <billing@evil-mail.test>\r\nTo: a@corp.test\r\nSubject: Your account\r\n"
        "Date: Mon, 30 Nov 2026 04:00:00 +0000\r\nMessage-ID: <1@evil-mail.test>\r\n\r\nhello\r\n"
    ).encode()
    report = analyze(load_bytes(raw), AnalysisSettings(), OfflineSource())
    assert report.verdict.level is Level.DANGEROUS
    (mixed,) = [d for d in report.content.disguised if d.kind == MIXED]
    assert mixed.field == "From display name" and mixed.count == 2
    disguise = next(r.text for r in report.verdict.findings if r.rule == "disguised-text")
    assert "letters of another alphabet that look the same" in disguise and "U+0430" in disguise
    assert any(r.rule == "impersonation" and "says PayPal" in r.text for r in report.verdict.findings)
    data = report_to_dict(report)
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert MIXED in {d["kind"] for d in data["content"]["disguised"]}
