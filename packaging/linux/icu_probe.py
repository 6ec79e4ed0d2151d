"""Print, as JSON, what Qt answers through ICU: collation, converters, time zone names, locale case mapping.

    LD_LIBRARY_PATH=DIR python packaging/linux/icu_probe.py

Run once against the wheel's full ICU data and once with LD_LIBRARY_PATH pointing at a folder holding the slimmed
``libicudata.so.NN`` (packaging/linux/icu_data.py): the answers must be equal (tests/unit/test_icu_data.py and
packaging/smoke.py compare them). The output also names the ICU data library the process actually mapped, so a
comparison cannot pass by loading the same library twice.
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone

WORDS = ["Äpfel", "Zebra", "apfel", "Öl", "ober", "Ångström", "zz", "item10", "item9", "中文", "日本", "İstanbul", "ıi"]
LOCALES = ["de_DE", "sv_SE", "en_US", "tr_TR", "zh_CN", "ja_JP", "fr_FR"]
TEXT = "Grüße, Привет, こんにちは, 你好, 안녕하세요"
CODECS = ["Shift_JIS", "EUC-JP", "ISO-2022-JP", "GB18030", "GBK", "Big5", "EUC-KR", "KOI8-R", "windows-1251",
          "windows-1252", "ISO-8859-15", "IBM037", "UTF-16BE"]  # fmt: skip
#: Python's names where they differ from the charset names Qt (ICU) is given.
PYTHON_CODECS = {"IBM037": "cp037", "UTF-16BE": "utf-16-be"}
ZONES = [b"Europe/Berlin", b"America/New_York", b"Asia/Tokyo", b"Australia/Lord_Howe", b"Asia/Kolkata"]


def collation() -> dict[str, list[str]]:
    out = {}
    for name in LOCALES:
        for numeric in (False, True):
            c = QCollator(QLocale(name))
            c.setNumericMode(numeric)
            key = functools.cmp_to_key(c.compare)
            out[f"{name} numeric={numeric}"] = sorted(WORDS, key=key)
    return out


def converters(tmp: Path) -> dict[str, str]:
    """Each converter opens (ICU loads its table), has its standard name, and decodes an HTML page that names it.

    PySide6 does not bind QStringDecoder's call operator; QTextBrowser decodes a page through
    QStringDecoder::decoderForHtml, which is ICU for every charset but the UTF and Latin-1 ones built into Qt.
    """
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication, QTextBrowser

    app = QApplication.instance() or QApplication(["icu_probe", "-platform", "offscreen"])
    browser = QTextBrowser()
    out = {}
    for codec in CODECS:
        decoder = QStringDecoder(codec)
        page = tmp / f"{codec}.html"
        head = f'<html><head><meta charset="{codec}"></head><body><p>'
        page.write_bytes(head.encode("ascii") + TEXT.encode(PYTHON_CODECS.get(codec, codec), errors="replace"))
        browser.setSource(QUrl.fromLocalFile(str(page)))
        out[codec] = f"{decoder.isValid()} {decoder.name()} {browser.toPlainText()}"
    out["available"] = str(len(QStringConverter.availableCodecs()))
    del browser, app
    return out


def zones() -> dict[str, str]:
    out = {}
    for zone in ZONES:
        tz = QTimeZone(zone)
        for loc in ("en_US", "de_DE", "ja_JP"):
            for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName, QTimeZone.NameType.OffsetName):
                name = tz.displayName(QTimeZone.TimeType.StandardTime, kind, QLocale(loc))
                out[f"{zone.decode()} {loc} {kind.name}"] = name
    out["ids"] = str(len(QTimeZone.availableTimeZoneIds()))
    return out


def casing() -> dict[str, str]:
    return {
        f"{loc} {word}": f"{QLocale(loc).toUpper(word)} {QLocale(loc).toLower(word)}"
        for loc in ("tr_TR", "de_DE", "lt_LT", "el_GR")
        for word in ("istanbul", "İSTANBUL", "straße", "Ὀδυσσεύς", "i̇")
    }


def mapped_icu_data() -> str:
    """The path of the libicudata this process mapped (from /proc/self/maps)."""
    with open("/proc/self/maps", encoding="utf-8") as fh:
        for line in fh:
            if "libicudata" in line:
                return line.split(None, 5)[-1].strip()
    return ""


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        answers = {"collation": collation(), "converters": converters(Path(tmp)), "zones": zones(), "casing": casing()}
    json.dump({"answers": answers, "libicudata": mapped_icu_data()}, sys.stdout, ensure_ascii=False, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
