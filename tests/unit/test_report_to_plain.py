"""`to_json.to_plain` with a function written per dataclass (issue 16 item 3) gives exactly what the generic walk
over `dataclasses.fields` gave: the same values, the same key order, on real reports and on odd values."""

from __future__ import annotations

import dataclasses
import enum
import json
from typing import Any

import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_file
from inspector.report.to_json import to_plain
from inspector.settings import AnalysisSettings
from tests.support.corpora import legit_messages, phishing_messages


def _generic(obj: Any) -> Any:
    """The walk `to_plain` replaced: every dataclass through `dataclasses.fields`, one value at a time."""
    if type(obj) in (str, int, float, bool, type(None)):
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _generic(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): _generic(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_generic(v) for v in obj]
    if isinstance(obj, bytes):
        return obj.decode("utf-8", errors="replace")
    if isinstance(obj, (str, int, float, bool)):
        return obj
    return str(obj)


def _same(a: Any, b: Any) -> bool:
    """Equal values with equal key order (dict equality alone ignores the order)."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False) and a == b


def test_real_reports_are_made_plain_as_before() -> None:
    paths = phishing_messages()[:40] + legit_messages()[:40]
    if not paths:
        pytest.skip("corpora not available")
    for path in paths:
        report = analyze(load_file(path), AnalysisSettings(), OfflineSource())
        assert _same(to_plain(report), _generic(report)), path.name


class _Colour(enum.Enum):
    RED = "red"


class _Number(enum.IntEnum):
    ONE = 1


class _Name(str):
    pass


@dataclasses.dataclass(frozen=True)
class _Inner:
    colour: _Colour = _Colour.RED
    number: _Number = _Number.ONE


@dataclasses.dataclass
class _Odd:
    obj: Any = None
    plain: Any = None
    to_plain: Any = None
    v0: Any = None
    items: tuple[Any, ...] = ()


def test_odd_values_and_field_names_are_made_plain_as_before() -> None:
    values = [
        _Odd(
            obj=_Inner(),
            plain={1: b"\xff bytes", "k": [_Inner(), (2.5, None)]},
            to_plain=_Name("sub"),
            v0=True,
            items=(_Colour.RED, _Number.ONE, object.__new__(type("X", (), {"__str__": lambda self: "x"}))),
        ),
        [_Odd(), {"a": (_Inner(),)}],
        _Colour.RED,
        b"raw",
        None,
    ]
    for value in values:
        assert _same(to_plain(value), _generic(value)), value
