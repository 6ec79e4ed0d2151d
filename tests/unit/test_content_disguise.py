"""Words disguised to slip past keyword filters (`inspector.content.disguise`, verdict rule ``disguised-text``).

Proper writing in scripts that use combining marks and joiners must never fire; the same marks and invisible
characters put inside the words of a spaced alphabet must. The phishing sample's sample-1620 (overlay marks in
the sender's name and subject, otherwise no warning sign) is read by path, never copied.
"""

from __future__ import annotations

import unicodedata
from email.header import Header

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.analyze import analyze
from inspector.content import disguise
from inspector.content.disguise import FOREIGN, HIDDEN, OVERLAY, STACKED, find_disguises
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_bytes, load_file
from inspector.model.report import Level, ReasonWeight
from inspector.model.vocabulary import Severity
from inspector.report.to_json import report_to_dict
from inspector.report.to_text import report_to_text
from inspector.settings import AnalysisSettings
from tests.support.corpora import PHISHING, legit_messages, phishing_messages

#: Real writing with combining marks, joiners and selectors used as the script uses them.
PROPER = {
    "vietnamese": "Thông báo: Đơn hàng của bạn đã được giao thành công, cảm ơn quý khách",
    "vietnamese-nfd": unicodedata.normalize("NFD", "Thông báo: Đơn hàng của bạn đã được giao thành công"),
    "french-nfd": unicodedata.normalize("NFD", "Votre réservation à l'hôtel Côte d'Azur est confirmée"),
    "hindi": "आपका ऑर्डर भेज दिया गया है — धन्यवाद, कृपया रसीद देखें",
    "bengali": "আপনার অর্ডার পাঠানো হয়েছে, ধন্যবাদ",
    "tamil-zwj": "தமிழ்\u200dநாடு அரசு அறிவிப்பு",
    "arabic-harakat": "تم شَحْن طلبك بنجاح، شُكْرًا لك",
    "persian-zwnj": "می\u200cخواهم سفارش\u200cها را ببینم",
    "hebrew-points": "הַזְמָנָתְךָ נִשְׁלְחָה בְּהַצְלָחָה",
    "thai": "คำสั่งซื้อของคุณได้รับการจัดส่งแล้ว ขอบคุณค่ะ",
    "thai-zwsp": "คำสั่งซื้อ\u200bของคุณ\u200bได้รับแล้ว",
    "japanese-zwsp": "ご注文\u200bありがとう\u200bございます",
    "korean": "주문이 발송되었습니다. 감사합니다",
    "yoruba": "Ẹ ku àárọ̀, ẹ́ jọ̀ọ́ ẹ wo ìwé yìí",
    "russian-stress": "Заме́тьте: за́мок и замо́к — разные слова",
    "greek-polytonic": "Ἐν ἀρχῇ ἦν ὁ λόγος",
    "emoji": "Family 👨\u200d👩\u200d👧 trip: 1️⃣ day left ❤️ 🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074"
    "\U000e007f",
    "struck-price": "Now only $49 (w̶a̶s̶ $̶9̶9̶)",
    "bidi-between-scripts": "Microsoft\u200fישראל",
}

#: The same marks and characters used to hide words from a filter.
DISGUISED = {
    "solidus-overlay": ("Fa̷lha na e̷ntre̷ga: sua e̷ntrega e̷stá pe̷ndente", OVERLAY),
    "long-stroke-one-letter": ("Your acc\u0336ount is suspended", OVERLAY),
    "tilde-overlay": ("Pa\u0334ssword re\u0334set", OVERLAY),
    "enclosing-on-letters": ("F\u20e3R\u20e3E\u20e3E\u20e3 gift", OVERLAY),
    "zwsp-inside-words": ("Your Pass\u200bword expires: Micro\u200bsoft", HIDDEN),
    "word-joiner": ("Net\u2060flix pay\u2060ment failed", HIDDEN),
    "bom-inside-words": ("In\ufeffvoice over\ufeffdue", HIDDEN),
    "soft-hyphen-in-subject": ("Ama\u00adzon or\u00adder", HIDDEN),
    "invisible-separator": ("A\u2063TENÇÃO pen\u2063dente", HIDDEN),
    "zwj-in-latin": ("Ver\u200dify ac\u200dcount", HIDDEN),
    "variation-selectors": ("T\U000e0139r\U000e0139u\U000e0139st Wallet", HIDDEN),
    "zwsp-in-cyrillic": ("Сбер\u200bбанк вход", HIDDEN),
    "thai-marks-on-latin": ("Pa\u0e35ypal acco\u0e38unt", FOREIGN),
    "arabic-marks-on-latin": ("Ap\u064ele I\u064bD locked", FOREIGN),
    "devanagari-sign-on-latin": ("Ba\u0902nk ale\u0902rt", FOREIGN),
    "zalgo": ("H̸̡̪̯ͨ͊̽̅̾̎Ȩ̬̩̾͛ͪ̈́̀́͘ C̷̙̲̝͖ͭ̏ͥͮ͟O", STACKED),
}


@pytest.mark.parametrize("name", sorted(PROPER))
@pytest.mark.parametrize("field", ["Subject", "From display name", "body"])
def test_proper_writing_never_fires(name: str, field: str) -> None:
    assert find_disguises(field, PROPER[name], body=field == "body") == ()


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_disguised_words_fire(name: str) -> None:
    text, kind = DISGUISED[name]
    found = find_disguises("Subject", text)
    assert [d.kind for d in found][:1] == [kind], found
    assert found[0].count >= 1 and found[0].characters and found[0].words


def test_severity_follows_what_it_means() -> None:
    # Deliberate in a header (no keyboard or mail program writes it): high.
    (overlay,) = find_disguises("Subject", DISGUISED["solidus-overlay"][0])
    assert overlay.severity is Severity.HIGH and overlay.count == 6
    assert overlay.characters == ("U+0337 COMBINING SHORT SOLIDUS OVERLAY",)
    # One invisible character can come from a copy and paste: medium; two or more: high.
    (one,) = find_disguises("Subject", "Meeting\u200bnotes for Monday")
    assert one.severity is Severity.MEDIUM
    assert find_disguises("Subject", DISGUISED["zwsp-inside-words"][0])[0].severity is Severity.HIGH
    # Stacked accents are visible decoration as often as a disguise: medium in a header, low in a body.
    assert find_disguises("Subject", DISGUISED["zalgo"][0])[0].severity is Severity.MEDIUM
    assert find_disguises("body", DISGUISED["zalgo"][0], body=True)[0].severity is Severity.LOW
    # In a body: medium from two intrusions on, a single one only low.
    assert find_disguises("body", DISGUISED["zwsp-inside-words"][0], body=True)[0].severity is Severity.MEDIUM
    assert find_disguises("body", "Meeting\u200bnotes", body=True)[0].severity is Severity.LOW


def test_typesetting_hints_are_proper_in_a_body_only() -> None:
    german = "Die Versicherungs\u00adbedingungen und Auf\u200clage finden Sie anbei"
    assert find_disguises("body", german, body=True) == ()
    assert [d.kind for d in find_disguises("Subject", german)] == [HIDDEN]


def test_a_word_struck_through_whole_is_styling_but_one_letter_is_not() -> None:
    assert find_disguises("Subject", "Sale: s\u0336a\u0336l\u0336e\u0336 ends") == ()
    assert [d.kind for d in find_disguises("Subject", "Sale: sa\u0336le ends")] == [OVERLAY]


def test_text_a_decoder_garbled_is_not_a_disguise() -> None:
    # Bytes read in the wrong character set: replacement characters with stray marks of other scripts.
    garbled = "\ufffd\ufffd\u04a8\u05a7\ufffd \ufffd\xfd\u05a1\ufffd\u0622\u0367\ufffd"
    assert find_disguises("body", garbled, body=True) == ()


def test_invisible_characters_are_shown_as_codes() -> None:
    (found,) = find_disguises("Subject", "Pass\u200bword")
    assert found.words == ("Pass⟨U+200B⟩word",)


def _message(display: str, subject: str) -> bytes:
    name = Header(display, "utf-8").encode()
    subj = Header(subject, "utf-8").encode()
    return (
        f"From: {name} <notice@shop-example.com>\r\nTo: you@example.net\r\nSubject: {subj}\r\n"
        "Date: Mon, 30 Nov 2026 09:59:00 +0000\r\nMessage-ID: <1@shop-example.com>\r\n\r\nHello.\r\n"
    ).encode()


def test_verdict_disguised_header_is_dangerous_and_rendered() -> None:
    message = load_bytes(_message("Entre\u0337ga pe\u0337rdida", "Your order"))
    report = analyze(message, AnalysisSettings(), OfflineSource())
    assert report.verdict.level is Level.DANGEROUS
    rules = {f.rule for f in report.verdict.findings if f.level is ReasonWeight.DANGEROUS}
    assert rules == {"disguised-text"}
    assert "Entre\u0337ga" in report.verdict.reasons[0]
    assert report_to_dict(report)["content"]["disguised"][0]["kind"] == OVERLAY
    assert "Disguised words" in report_to_text(report)


def test_verdict_proper_scripts_in_headers_raise_nothing() -> None:
    for name in ("vietnamese-nfd", "hindi", "hebrew-points", "persian-zwnj", "thai", "emoji"):
        report = analyze(load_bytes(_message(PROPER[name][:40], PROPER[name])), AnalysisSettings(), OfflineSource())
        assert report.content.disguised == (), name
        assert "disguised-text" not in {f.rule for f in report.verdict.findings}, name


def test_sample_1620_is_no_longer_called_ok() -> None:
    path = PHISHING / "sample-1620.eml"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    report = analyze(load_file(path), AnalysisSettings(), OfflineSource())
    assert report.verdict.level is Level.DANGEROUS
    fields = {d.field for d in report.content.disguised}
    assert fields == {"From display name", "Subject"}


def test_no_legit_dev_message_has_a_disguise() -> None:
    paths = legit_messages()
    if not paths:
        pytest.skip("legit-dev not available")
    for path in paths:
        report = analyze(load_file(path), AnalysisSettings(), OfflineSource())
        assert report.content.disguised == (), path.name


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.sampled_from("e\u0337\u0301\u200b\u00ad\u034f\u115f\ufe0f\u20e3\u0e34\u05b7a\u0302\u0303"),
        ),
        max_size=40,
    ),
    st.booleans(),
)
def test_the_quick_answer_never_hides_what_the_scan_finds(text: str, body: bool) -> None:
    """`find_disguises` skips the per-character scan for text without marks or invisible characters (ASCII
    included): the scan must then find nothing either, and the answer equals the one without the shortcut."""
    composed = unicodedata.normalize("NFC", text)
    if not disguise._may_hold_disguise(composed):
        assert disguise._Scanner(composed, body).run().counts == {}
    real = disguise._may_hold_disguise
    disguise._may_hold_disguise = lambda _text, _chars=None: True  # type: ignore[assignment]
    try:
        scanned = find_disguises("Subject", text, body=body)
    finally:
        disguise._may_hold_disguise = real  # type: ignore[assignment]
    assert find_disguises("Subject", text, body=body) == scanned


#: Characters that exercise every branch of the scan: letters of spaced alphabets and of scripts that use
#: joiners and their own marks, digits, keycap bases, the replacement character, emoji …
_BASES = "aZé5#*\u00e6\u0430\u03b1\u05d0\u0627\u0915\u0e01\u4e2d\uac00\ufffd\U0001f600"
#: … generic, overlay, enclosing and foreign marks, keycaps, variation selectors, invisible characters of
#: every kind, bidi marks …
_MARKS = (
    "\u0301\u0302\u0303\u0337\u0336\u0334\u20dd\u20e3\ufe0f\ufe00\U000e0139\u0e34\u0e38\u064e\u0902"
    "\u093f\u05b7\u0483\u0300\u200b\u200c\u200d\u00ad\u034f\u115f\u3164\u2060\ufeff\u200e\u200f\u202e\u2063"
)
#: … and what separates words.
_SEPARATORS = " .-_,\n"
_ANY = st.characters(codec="utf-8", exclude_categories=("Cs",))
#: One letter (or any character) with up to four marks and invisible characters after it.
_PIECE = st.builds(str.__add__, st.one_of(st.sampled_from(_BASES), _ANY), st.text(st.sampled_from(_MARKS), max_size=4))
#: Words of such pieces between separators (and marks after separators), or any text at all.
_SCAN_TEXT = st.one_of(
    st.lists(
        st.tuples(st.lists(_PIECE, max_size=6).map("".join), st.one_of(st.sampled_from(_SEPARATORS), _PIECE)),
        max_size=8,
    ).map(lambda words: "".join(w + sep for w, sep in words)),
    st.text(st.one_of(st.sampled_from(_BASES + _MARKS + _SEPARATORS), _ANY), max_size=60),
)


@settings(max_examples=500, deadline=None)
@given(_SCAN_TEXT, st.booleans())
def test_the_scan_of_marks_alone_equals_the_scan_of_every_character(text: str, body: bool) -> None:
    """The scanner visits only the marks and invisible characters (issue 16 item 3); what it finds (counts,
    characters, words by number, positions) must equal the original scan of every character (`tests/support`)."""
    from tests.support.disguise_reference import ReferenceScanner

    composed = unicodedata.normalize("NFC", text)
    fast = disguise._Scanner(composed, body).run()
    slow = ReferenceScanner(composed, body).run()
    assert (fast.counts, fast.chars, fast.words, fast.at, fast.bare) == (
        slow.counts,
        slow.chars,
        slow.words,
        slow.at,
        slow.bare,
    )


def test_the_scan_of_marks_alone_equals_the_full_scan_on_the_corpora() -> None:
    """The same on every subject, sender name and body text of the phishing and legit corpora that has a mark
    or an invisible character (the texts the quick answer does not settle)."""
    from tests.support.disguise_reference import ReferenceScanner

    paths = phishing_messages() + legit_messages()
    if not paths:
        pytest.skip("corpora not available")
    scanned = 0
    for path in paths:
        try:
            message = load_file(path)
        except Exception:  # noqa: BLE001 - an unreadable corpus file has no text to scan
            continue
        fields = [message.get("Subject"), message.get("From")]
        texts = [f.decoded for f in fields if f is not None] + [message.text_body or "", message.html_body or ""]
        for text in texts:
            composed = unicodedata.normalize("NFC", text[: disguise.MAX_CHARS])
            if not disguise._may_hold_disguise(composed):
                continue
            scanned += 1
            for body in (False, True):
                fast = disguise._Scanner(composed, body).run()
                slow = ReferenceScanner(composed, body).run()
                found = (fast.counts, fast.chars, fast.words, fast.at, fast.bare)
                assert found == (slow.counts, slow.chars, slow.words, slow.at, slow.bare), path.name
    assert scanned > 10
