"""The Report as JSON: one function, the only place JSON is produced."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

from inspector.jsontext import escape_json_text
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
    "filters",
    "filter_summaries",
)


#: Each dataclass's field names, looked up once per class (a report has ~1,400 dataclass instances; asking
#: `dataclasses.fields` for each was a sixth of a batch message's CPU).
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_PLAIN = (str, int, float, bool, type(None))


def to_plain(obj: Any) -> Any:
    """Dataclasses, enums, tuples and dicts as plain JSON-ready values."""
    cls = type(obj)
    if cls in _PLAIN:  # exact types only: a str or int Enum member still gives its value below
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
    if names is not None:
        return {name: to_plain(getattr(obj, name)) for name in names}
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


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    """One JSON object (UTF-8 text, non-ASCII kept; controls, bidi and lone surrogates escaped)."""
    return escape_json_text(json.dumps(report_to_dict(report), indent=indent, ensure_ascii=False))
