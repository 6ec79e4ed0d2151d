"""Received dates: RFC 5322, obsolete and broken forms, asctime, ISO / Go, fractional seconds, named zones.

Written by hand because `email.utils.parsedate_tz` returns None for fractional seconds, Go-style
``2018-04-22 02:54:17.028704749 +0000 UTC`` and ``12: 31: 43``, and cannot say whether a zone was named,
ambiguous or missing (docs/notes/received-chain.md §1.3). Each pattern is anchored and runs on a short string, so the
cost is linear; what follows the date is handed back so the caller can read clauses written after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

#: Only this much text is examined for a date.
MAX_DATE_CHARS = 200

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_DAYS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}

#: Named zones: minutes east of UTC. Unambiguous ones first.
_NAMED = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600,
    "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "MESZ": 120, "MEZ": 60, "WEST": 60, "EET": 120, "EEST": 180,
    "MSK": 180, "SGT": 480, "HKT": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "ACST": 570,
    "AWST": 480, "NZST": 720, "NZDT": 780, "PHT": 480, "WIB": 420,
}  # fmt: skip
#: Abbreviations that mean different offsets in different places: the first meaning is used and flagged.
_AMBIGUOUS = {"CST": -360, "IST": 330, "BST": 60, "AST": -240, "ADT": -180, "SST": 480, "ECT": -300}

_ZONE = r"(?P<zone>[+-]\d{4}|[+-]\d{2}:\d{2}|[A-Za-z]{1,5})?"
_TIME = r"(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{1,2})(?:\s*:\s*(?P<s>\d{1,2})(?P<frac>\.\d{1,9})?)?"
_RFC = re.compile(
    r"(?:(?P<dow>[A-Za-z]{2,9})\s*,?\s*)?(?P<d>\d{1,2})[\s-]+(?P<mon>[A-Za-z]{3,9})\.?[\s-]+(?P<y>\d{2,4})\s+"
    + _TIME
    + r"\s*"
    + _ZONE
)
_ASCTIME = re.compile(
    r"(?:(?P<dow>[A-Za-z]{2,9})\s*,?\s+)?(?P<mon>[A-Za-z]{3,9})\s+(?P<d>\d{1,2})\s+"
    + _TIME
    + r"\s+(?:(?P<zone>[A-Za-z]{1,5}|[+-]\d{4})\s+)?(?P<y>\d{4})"
)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ]"
    + _TIME
    + r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?(?:\s+(?P<zname>[A-Z]{2,5})\b)?"
)
_BROKEN_TIME = re.compile(r"\d\s+:|:\s+\d")
#: A word that can start a date: a weekday, a day number, a four-digit year, a month name.
DATE_START = re.compile(r"(?:[A-Za-z]{3,9},?|\d{1,2}|\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date read from a trace field."""

    when: datetime  # aware, UTC
    offset_minutes: int | None
    tz_state: str  # numeric, named, ambiguous_name, unknown
    issues: tuple[str, ...]
    consumed: int  # characters of the input that made up the date
    raw: str


def _zone(zone: str | None) -> tuple[int | None, str, list[str]]:
    """Offset in minutes, tz_state, issues."""
    if not zone:
        return None, "unknown", ["no_zone"]
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4])
        if hours > 23 or minutes > 59:
            return None, "unknown", ["bad_zone"]
        off = (hours * 60 + minutes) * (-1 if zone[0] == "-" else 1)
        if zone == "-0000":
            return 0, "unknown", ["zone_-0000"]
        return off, "numeric", []
    up = zone.upper()
    if up in _NAMED:
        return _NAMED[up], "named", []
    if up in _AMBIGUOUS:
        return _AMBIGUOUS[up], "ambiguous_name", [f"ambiguous_zone_{up}"]
    return None, "unknown", [f"unknown_zone_{up}"]


def _build(y: int, mo: int, d: int, h: int, mi: int, s: int, frac: str | None, zone: str | None) -> ParsedDate | None:
    issues: list[str] = []
    if y < 100:
        y += 2000 if y < 50 else 1900
        issues.append("two_digit_year")
    if s == 60:
        s = 59
        issues.append("leap_second")
    off, state, zissues = _zone(zone)
    issues.extend(zissues)
    micro = 0
    if frac:
        issues.append("fractional_seconds")
        micro = int((frac[1:] + "000000")[:6])
    try:
        tz = timezone(timedelta(minutes=off or 0))
        when = datetime(y, mo, d, h, mi, s, micro, tzinfo=tz).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    if not 1980 <= when.year <= 2100:
        return None
    return ParsedDate(when, off, state, tuple(issues), 0, "")


def parse_date(text: str) -> ParsedDate | None:
    """Parse a date at the start of `text`; None when `text` does not start with one."""
    text = text[:MAX_DATE_CHARS].strip()
    if not text:
        return None
    for kind, rx in (("rfc", _RFC), ("iso", _ISO), ("asctime", _ASCTIME)):
        m = rx.match(text)
        if not m:
            continue
        g = m.groupdict()
        dow = g.get("dow")
        if dow and dow.lower() not in _DAYS:
            continue
        try:
            if kind == "iso":
                mo = int(g["mo"])
            else:
                mon = g["mon"][:3].lower()
                if mon not in _MONTHS:
                    continue
                mo = _MONTHS[mon]
            zone = g.get("zone")
            if (
                kind == "rfc"
                and zone
                and zone.isalpha()
                and zone.upper() not in _NAMED
                and zone.upper() not in _AMBIGUOUS
            ):
                # A word after the time that is not a zone ("id", "for"): no zone, and the word is not eaten.
                end = m.start("zone")
                zone = None
            else:
                end = m.end()
            if kind == "iso" and not zone and g.get("zname"):
                zone = g["zname"]
            parsed = _build(
                int(g["y"]), mo, int(g["d"]), int(g["h"]), int(g["mi"]), int(g["s"] or 0), g.get("frac"), zone
            )
        except (ValueError, TypeError):
            continue
        if parsed is None:
            continue
        issues = list(parsed.issues)
        if kind != "rfc":
            issues.append(f"{kind}_format")
        if _BROKEN_TIME.search(m.group(0)):
            issues.append("broken_time")
        if kind == "iso" and g.get("zone") and g.get("zname") and parsed.tz_state == "numeric":
            end = m.end()
        return ParsedDate(parsed.when, parsed.offset_minutes, parsed.tz_state, tuple(issues), end, text[:end].strip())
    return None


def iso_utc(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, seconds precision (milliseconds when the source had them)."""
    spec = "milliseconds" if when.microsecond else "seconds"
    return when.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")
