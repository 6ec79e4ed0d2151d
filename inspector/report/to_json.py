"""The Report as JSON: one function, the only place JSON is produced."""

from __future__ import annotations

import dataclasses
import enum
import json
import operator
from collections.abc import Callable
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


#: Each dataclass's field names and a getter of their values (one C call), worked out once per class: a report
#: has ~1,400 dataclass instances, and asking `dataclasses.fields` for each was a sixth of a batch message's CPU.
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}
_PLAIN = (str, int, float, bool, type(None))


def _fields_of(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    names = tuple(f.name for f in dataclasses.fields(cls))
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return names, lambda obj: (one(obj),)
    return names, operator.attrgetter(*names) if names else (lambda obj: ())


#: How each other type is made plain, worked out once per class (the answer depends only on the class): a
#: report holds a few hundred lists, tuples, dicts and enum members, each asked is_dataclass and three
#: isinstance questions before.
_ENUM, _DICT, _SEQ, _BYTES, _SELF, _STR = range(6)
_KINDS: dict[type, int] = {}


def _kind(obj: Any) -> int:
    if isinstance(obj, enum.Enum):
        return _ENUM
    if isinstance(obj, dict):
        return _DICT
    if isinstance(obj, (list, tuple)):
        return _SEQ
    if isinstance(obj, bytes):
        return _BYTES
    if isinstance(obj, (str, int, float, bool)):
        return _SELF
    return _STR


def to_plain(obj: Any) -> Any:
    """Dataclasses, enums, tuples and dicts as plain JSON-ready values."""
    cls = type(obj)
    if cls in _PLAIN:  # exact types only: a str or int Enum member still gives its value below
        return obj
    found = _FIELDS.get(cls)
    if found is None:
        kind = _KINDS.get(cls)
        if kind is None:
            if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
                found = _FIELDS[cls] = _fields_of(cls)
            else:
                kind = _KINDS[cls] = _kind(obj)
    if found is not None:
        names, values = found
        plain = _PLAIN
        return {name: v if type(v) in plain else to_plain(v) for name, v in zip(names, values(obj), strict=True)}
    if kind == _ENUM:
        return obj.value
    if kind == _DICT:
        return {str(k): to_plain(v) for k, v in obj.items()}
    if kind == _SEQ:
        return [v if type(v) in _PLAIN else to_plain(v) for v in obj]
    if kind == _BYTES:
        return obj.decode("utf-8", errors="replace")
    if kind == _SELF:
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
