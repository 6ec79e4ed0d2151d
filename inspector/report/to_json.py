"""The Report as JSON: one function, the only place JSON is produced."""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from typing import Any

from inspector.model.report import Report

#: Top-level keys written first, in this order (the rest follow alphabetically).
_ORDER = (
    "schema",
    "tool_version",
    "generated_at",
    "source",
    "dns",
    "verdict",
    "identities",
    "spf",
    "dkim",
    "arc",
    "dmarc",
    "recorded",
    "disagreements",
    "boundary",
    "hops",
    "breaks",
    "lookalikes",
)


def to_plain(obj: Any) -> Any:
    """Dataclasses, enums, tuples and dicts as plain JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, bytes):
        return obj.decode("utf-8", errors="replace")
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return str(obj)


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as a dict in the documented key order."""
    plain = to_plain(report)
    assert isinstance(plain, dict)
    ordered = {k: plain[k] for k in _ORDER if k in plain}
    ordered.update({k: plain[k] for k in sorted(plain) if k not in ordered})
    return ordered


#: Characters written as ``\\uXXXX`` escapes although JSON allows them raw: DEL and the C1 controls (U+009B is
#: an 8-bit CSI to many terminals), bidi marks, embeddings, overrides and isolates, the line and paragraph
#: separators, and lone surrogates. The decoded JSON is unchanged; only its text is safe to print.
_ESCAPED = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_json_text(text: str) -> str:
    """JSON text with the characters above written as ``\\uXXXX`` escapes (JSON escapes C0 controls itself).

    A file name that is not valid UTF-8 reaches Python surrogate-escaped (``lat\\udce9.eml``). Written raw,
    such a character cannot be encoded as UTF-8: the export crashed or printed ``?``. Its JSON escape is
    valid JSON, decodes back to the very same string, and keeps the byte (0xE9) recoverable. A C1 control or
    a bidi override printed raw would drive or reorder the terminal the JSON is shown in.
    """
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    """One JSON object (UTF-8 text, non-ASCII kept; controls, bidi and lone surrogates escaped)."""
    return escape_json_text(json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False))
