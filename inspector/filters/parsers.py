"""Split one filter header's value into (field, value) pairs, per format. Tolerant: never raises.

Every parser keeps what it cannot read as a pair (a ``(raw)`` field), so nothing a header says is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Pairs = list[tuple[str, str]]

#: Bounds for hostile input: pairs per header, characters per value.
MAX_PAIRS = 200
MAX_VALUE = 500

RAW = "(raw)"


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def single(value: str) -> Pairs:
    return [("value", _clip(value))]


def kv_colon(value: str) -> Pairs:
    """``SCL:5;SFV:SPM;ENG:(1)(2)`` (Microsoft): split on ``;``, each part at its first ``:``."""
    out: Pairs = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, val = part.partition(":")
        out.append((name.strip(), _clip(val)) if sep else (RAW, _clip(part)))
    return out[:MAX_PAIRS]


#: A name starts where no name character comes before it, and is read possessively: tried at every position of
#: a long word, ``name=`` made the scan quadratic (a 20,000-letter value with no "=" took 11 s).
_KV_EQUALS = re.compile(r"(?<![\w.-])([A-Za-z_][\w.-]*+)=(.*?)(?=\s+[A-Za-z_][\w.-]*+=|$)")
_SA_PAIR = re.compile(r"(?<![A-Za-z_])([A-Za-z_]++)=(.*?)(?=\s+[A-Za-z_]++=|$)")


def kv_equals(value: str) -> Pairs:
    """``rule=notspam policy=default score=0`` (Proofpoint): whitespace-separated name=value pairs."""
    out: Pairs = []
    # A value runs to the next " name=" (Proofpoint's engine versions contain commas and spaces).
    for m in _KV_EQUALS.finditer(" ".join(value.split())):
        out.append((m.group(1), _clip(m.group(2).strip().strip(","))))
    if not out and value.strip():
        out.append((RAW, _clip(value)))
    return out[:MAX_PAIRS]


def kv_semicolon_equals(value: str) -> Pairs:
    """``Policy=X;Similar Internal Domain=false`` (Mimecast), ``E=Sophos;i="5.96";d="scan'208"`` (IronPort)."""
    out: Pairs = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, val = part.partition("=")
        out.append((" ".join(name.split()), _clip(val.strip().strip('"'))) if sep else (RAW, _clip(part)))
    return out[:MAX_PAIRS]


_SA_HEAD = re.compile(r"^\s*(yes|no)\s*,?\s*", re.I)


def _split_tests(text: str) -> tuple[str, str]:
    """Cut ``tests=…`` out of a status line: ``tests=A,B`` or ``tests=[A=1.2, B=0.1]`` (with scores)."""
    m = re.search(r"\btests=\s*(\[[^\]]*\]?|[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*,?)", text)
    if not m:
        return text, ""
    return text[: m.start()] + text[m.end() :], m.group(1)


def _test_pairs(tests: str) -> Pairs:
    out: Pairs = []
    for t in re.split(r"[\s,\[\]]+", tests):
        if not t:
            continue
        name, _, score = t.partition("=")
        out.append(("rule:" + name.upper(), score))
    return out


def spamassassin_status(value: str) -> Pairs:
    """``Yes, score=6.2 required=5.0 tests=A,B autolearn=no version=3.4.6`` (tests may carry scores in [])."""
    text = " ".join(value.split())
    out: Pairs = []
    m = _SA_HEAD.match(text)
    if m:
        out.append(("spam", m.group(1)))
        text = text[m.end() :]
    text, tests = _split_tests(text)
    rules = _test_pairs(tests)
    for key, val in _SA_PAIR.findall(text):
        out.append((key.lower(), _clip(val)))
    if tests:
        out.append(("tests", _clip(", ".join(n[5:] for n, _ in rules) or "(none)")))
    if not out and text.strip():
        out.append((RAW, _clip(text)))
    out.extend(rules)
    return out[:MAX_PAIRS]


#: One rule of a report: a decimal score, the rule name, its description up to the next rule.
_REPORT_RULE = re.compile(r"(?<![\w.])(-?\d+\.\d+)\s+([A-Z][A-Z0-9_]{2,})\b")
#: Separates a rule's score from the description the report itself gives (see `inspector.filters.decode`).
DESCRIBED = " \u2014 "


def spamassassin_report(value: str) -> Pairs:
    """``* 1.2 RULE description`` entries (or the ``pts rule name description`` table), unfolded into one line:
    each rule with its score and the description the report gives."""
    text = " ".join(value.split())
    hits = list(_REPORT_RULE.finditer(text))
    out: Pairs = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        description = text[m.end() : end].strip(" *")
        out.append(("rule:" + m.group(2), m.group(1) + (DESCRIBED + _clip(description) if description else "")))
    if not out and text.strip():
        out.append((RAW, _clip(text)))
    return out[:MAX_PAIRS]


_RSPAMD_HEAD = re.compile(r"^\s*([\w-]+)\s*:\s*(true|false)\s*\[\s*(-?[\d.]+)\s*/\s*(-?[\d.]+)\s*\]\s*;?", re.I)
_RSPAMD_SYMBOL = re.compile(r"(?<![A-Z0-9_])([A-Z0-9_]{2,}+)\s*\(\s*(-?[\d.]+)\s*\)\s*(?:\[([^\]]*)\])?")


def rspamd_result(value: str) -> Pairs:
    """``default: False [-0.10 / 15.00]; ARC_NA(0.00)[]; R_SPF_ALLOW(-0.20)[+ip4:1.2.3.4]``."""
    text = " ".join(value.split())
    out: Pairs = []
    m = _RSPAMD_HEAD.match(text)
    if m:
        out += [("spam", m.group(2).lower()), ("score", m.group(3)), ("required", m.group(4))]
        text = text[m.end() :]
    for s in _RSPAMD_SYMBOL.finditer(text):
        options = f" [{s.group(3)}]" if s.group(3) else ""
        out.append(("rule:" + s.group(1), _clip(s.group(2) + options)))
    if not out and text.strip():
        out.append((RAW, _clip(text)))
    return out[:MAX_PAIRS]


def barracuda_status(value: str) -> Pairs:
    """``Yes, SCORE=3.60 using per-user scores of TAG_LEVEL=3.5 QUARANTINE_LEVEL=9.0 KILL_LEVEL=1000.0 tests=A, B``."""
    text = " ".join(value.split())
    out: Pairs = []
    m = _SA_HEAD.match(text)
    if m:
        out.append(("spam", m.group(1)))
    text, tests = _split_tests(text)
    rules = _test_pairs(tests)
    for key, val in re.findall(r"\b([A-Z_]+)=(\S*)", text):
        out.append((key, _clip(val)))
    if tests or "tests=" in value:
        out.append(("tests", _clip(", ".join(n[5:] for n, _ in rules) or "(none)")))
    if not out and text.strip():
        out.append((RAW, _clip(text)))
    out.extend(rules)
    return out[:MAX_PAIRS]


_TM = re.compile(r"^\s*(?:(yes|no)-)?(-?\d+)?-(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)", re.I)


def trendmicro_result(value: str) -> Pairs:
    """``No-10--16.985300-8.000000`` (spam?, level, score, threshold) or ``10--16.985300-8.000000``."""
    m = _TM.match(value.strip())
    if not m:
        return [(RAW, _clip(value))]
    out: Pairs = []
    if m.group(1):
        out.append(("spam", m.group(1)))
    if m.group(2):
        out.append(("level", m.group(2)))
    out += [("score", m.group(3)), ("threshold", m.group(4))]
    return out


def rspamd_report(value: str) -> Pairs:
    """rspamd's extended ``X-Spam-Report: Action: no action Symbol: ASN(0.00) Symbol: R_DKIM_ALLOW(0.00) …``."""
    text = " ".join(value.split())
    out: Pairs = []
    m = re.search(r"\bAction:\s*(.*?)(?=\s+Symbol:|\s+Message-ID:|$)", text)
    if m:
        out.append(("action", _clip(m.group(1))))
    for s in re.finditer(r"Symbol:\s*([A-Z0-9_]{2,})\s*\(\s*(-?[\d.]+)\s*\)", text):
        out.append(("rule:" + s.group(1), s.group(2)))
    if not out and text.strip():
        out.append((RAW, _clip(text)))
    return out[:MAX_PAIRS]


PARSERS: dict[str, Callable[[str], Pairs]] = {
    "rspamd-report": rspamd_report,
    "single": single,
    "kv-colon": kv_colon,
    "kv-equals": kv_equals,
    "kv-semicolon-equals": kv_semicolon_equals,
    "spamassassin-status": spamassassin_status,
    "spamassassin-report": spamassassin_report,
    "rspamd-result": rspamd_result,
    "barracuda-status": barracuda_status,
    "trendmicro-result": trendmicro_result,
}
