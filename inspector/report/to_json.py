"""The Report as JSON: one function, the only place JSON is produced."""

from __future__ import annotations

import dataclasses
import enum
import json
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


#: How each class is made plain, worked out once per class (the answer depends only on the class): a report has
#: ~1,400 dataclass instances and a few hundred lists, tuples, dicts and enum members. A dataclass gets a
#: function of its own, written for its fields (`_dataclass_converter`): no per-instance loop over field names.
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}
#: Values that are already plain, by exact type (a str or int Enum member still gives its value).
_PLAIN = frozenset((str, int, float, bool, type(None)))


def to_plain(obj: Any) -> Any:
    """Dataclasses, enums, tuples and dicts as plain JSON-ready values."""
    convert = _CONVERTERS.get(type(obj))
    if convert is None:
        convert = _CONVERTERS[type(obj)] = _converter(obj)
    return convert(obj)


def _same(obj: Any) -> Any:
    return obj


def _enum_value(obj: Any) -> Any:
    return obj._value_  # what `Enum.value` returns, without its descriptor


def _dict(obj: Any) -> dict[str, Any]:
    return {str(k): to_plain(v) for k, v in obj.items()}


def _sequence(obj: Any) -> list[Any]:
    plain = _PLAIN
    return [v if type(v) in plain else to_plain(v) for v in obj]


def _bytes(obj: Any) -> Any:
    return obj.decode("utf-8", errors="replace")


def _converter(obj: Any) -> Callable[[Any], Any]:
    """The function that makes values of `obj`'s class plain."""
    if type(obj) in _PLAIN:
        return _same
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _dataclass_converter(type(obj))
    if isinstance(obj, enum.Enum):
        return _enum_value
    if isinstance(obj, dict):
        return _dict
    if isinstance(obj, (list, tuple)):
        return _sequence
    if isinstance(obj, bytes):
        return _bytes
    if isinstance(obj, (str, int, float, bool)):
        return _same
    return str


def _dataclass_converter(cls: type) -> Callable[[Any], dict[str, Any]]:
    """A function that reads each field of a `cls` instance into a dict, in field order, written for its fields
    as `dataclasses` writes ``__init__`` (the names are the class's own field names, valid identifiers)."""
    names = [f.name for f in dataclasses.fields(cls)]
    if not all(name.isidentifier() for name in names):  # never for a dataclass, which requires identifiers
        raise TypeError(f"{cls.__name__}: field names that are not identifiers")
    reads = "".join(f"    v{i} = obj.{name}\n" for i, name in enumerate(names))
    items = ", ".join(f"{name!r}: v{i} if type(v{i}) in plain else to_plain(v{i})" for i, name in enumerate(names))
    source = f"def convert(obj):\n{reads}    return {{{items}}}\n"
    namespace: dict[str, Any] = {"plain": _PLAIN, "to_plain": to_plain}
    exec(compile(source, f"<to_plain {cls.__qualname__}>", "exec"), namespace)
    convert: Callable[[Any], dict[str, Any]] = namespace["convert"]
    return convert


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
