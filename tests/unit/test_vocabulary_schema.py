"""The report's closed vocabularies (StrEnums) and the JSON Schema list the same words (issue 13, item 4).

Integrations validate reports against the schema and rely on its ``enum`` lists; the engine writes the
StrEnums' values. These tests keep the two from drifting apart in both directions:

* every model field typed with an enum (found by walking the Report's dataclasses, so a new enum field is
  caught without editing this file) has an ``enum`` in the schema at the same place, with the same words;
* real reports validate, and the same reports with any one enum-valued field set to an unknown word do not.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import json
import types
import typing
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.ingest import load_file
from inspector.model import vocabulary
from inspector.model.report import Report
from inspector.report.to_json import report_to_dict
from tests.conftest import SAMPLES
from tests.support.corpora import PHISHING

Path_ = tuple[str, ...]
ITEMS, VALUES = "[]", "{}"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    doc = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    assert isinstance(doc, dict)
    return doc


def enum_fields(cls: type, path: Path_ = ()) -> Iterator[tuple[Path_, type[enum.Enum]]]:
    """(JSON path, enum) for every field of dataclass `cls` (recursively) whose type holds an enum."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        yield from _walk(hints[f.name], (*path, f.name))


def _walk(t: Any, path: Path_) -> Iterator[tuple[Path_, type[enum.Enum]]]:
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        for a in args:
            yield from _walk(a, path)
    elif origin is tuple:
        yield from _walk(args[0], (*path, ITEMS))
    elif origin is dict:
        yield from _walk(args[1], (*path, VALUES))
    elif isinstance(t, type) and issubclass(t, enum.Enum):
        yield path, t
    elif isinstance(t, type) and dataclasses.is_dataclass(t):
        yield from enum_fields(t, path)


def _deref(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def leaf_schema(schema: dict[str, Any], path: Path_) -> dict[str, Any] | None:
    """The schema of the value at `path` (None when the schema does not describe that place)."""
    node = schema
    for step in path:
        node = _deref(node, schema)
        branches = [_deref(b, schema) for b in node.get("oneOf", [node])]
        node = next((b for b in branches if b.get("type") != "null"), node)
        key = {"[]": "items", "{}": "additionalProperties"}.get(step)
        nxt = node.get(key) if key else node.get("properties", {}).get(step)
        if not isinstance(nxt, dict):
            return None
        node = nxt
    return node


def schema_words(schema: dict[str, Any], path: Path_) -> set[str] | None:
    """The words the schema allows at `path` (None when it lists none there)."""
    node = leaf_schema(schema, path)
    if node is None:
        return None
    node = _deref(node, schema)
    words = node.get("enum")
    if words is None:
        words = [w for b in node.get("oneOf", []) for w in _deref(b, schema).get("enum", [])]
    return {w for w in words if w is not None} or None


ENUM_FIELDS = sorted(enum_fields(Report), key=lambda pe: pe[0])


def test_the_walk_finds_the_vocabularies_of_issue_13() -> None:
    found = {e for _, e in ENUM_FIELDS}
    wanted = {
        vocabulary.Severity,
        vocabulary.LookalikeKind,
        vocabulary.TrustZone,
        vocabulary.HopKind,
        vocabulary.Confidence,
        vocabulary.CheckOutcome,
        vocabulary.BodyHashMatch,
    }
    assert wanted <= found, wanted - found
    assert all(issubclass(e, enum.StrEnum) for e in found), [e for e in found if not issubclass(e, enum.StrEnum)]


@pytest.mark.parametrize(("path", "vocab"), ENUM_FIELDS, ids=lambda x: ".".join(x) if isinstance(x, tuple) else "")
def test_every_enum_field_is_an_enum_in_the_schema(schema: dict[str, Any], path: Path_, vocab: type[enum.Enum]) -> None:
    words = schema_words(schema, path)
    assert words is not None, f"{'.'.join(path)} ({vocab.__name__}) is not listed as an enum in the schema"
    assert words == {m.value for m in vocab}


@pytest.mark.parametrize(("path", "vocab"), ENUM_FIELDS, ids=lambda x: ".".join(x) if isinstance(x, tuple) else "")
def test_every_enum_field_refuses_an_unknown_word(schema: dict[str, Any], path: Path_, vocab: type[enum.Enum]) -> None:
    """Also for fields no corpus message fills yet (attachment and QR findings): the leaf schema decides."""
    leaf = leaf_schema(schema, path)
    assert leaf is not None
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **leaf})
    for member in vocab:
        assert validator.is_valid(member.value), f"{'.'.join(path)} refuses {member.value!r}"
        assert validator.is_valid(json.loads(json.dumps(member)))
    assert not validator.is_valid("no-such-word")
    assert not validator.is_valid(next(iter(vocab)).value.upper() + "X")


def test_section_names_and_job_states_are_in_the_schema(schema: dict[str, Any]) -> None:
    assert set(schema["$defs"]["section"]["enum"]) == {s.value for s in vocabulary.Section}
    assert schema["properties"]["sections"]["propertyNames"] == {"$ref": "#/$defs/section"}
    assert set(schema["$defs"]["jobState"]["enum"]) == {s.value for s in vocabulary.JobState}


def _locations(doc: Any, path: Path_, at: Path_ = ()) -> Iterator[Path_]:
    """Concrete locations (with list indexes / dict keys) of `path` in `doc` that hold a value."""
    if not path:
        if doc is not None:
            yield at
        return
    step, rest = path[0], path[1:]
    if step == ITEMS and isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _locations(v, rest, (*at, str(i)))
    elif step == VALUES and isinstance(doc, dict):
        for k, v in doc.items():
            yield from _locations(v, rest, (*at, k))
    elif isinstance(doc, dict) and step in doc:
        yield from _locations(doc[step], rest, (*at, step))


def _set(doc: Any, at: Path_, value: object) -> None:
    for step in at[:-1]:
        doc = doc[int(step)] if isinstance(doc, list) else doc[step]
    if isinstance(doc, list):
        doc[int(at[-1])] = value
    else:
        doc[at[-1]] = value


#: Phishing messages that between them carry every enum-valued field (ARC sets, filter verdicts, look-alikes,
#: judged links, placed and unplaced artefacts, attachment findings), and the shipped sample.
MESSAGES = [
    PHISHING / "sample-1156.eml",
    PHISHING / "sample-3048.eml",
    PHISHING / "sample-1126.eml",  # an attachment with findings
    PHISHING / "sample-1620.eml",  # words disguised with overlay marks (content.disguised)
    SAMPLES / "paypal-lookalike.eml",
]


@pytest.fixture(scope="module")
def reports() -> list[dict[str, Any]]:
    return [report_to_dict(analyze(load_file(p))) for p in MESSAGES]


def test_reports_validate_and_fail_on_any_unknown_word(schema: dict[str, Any], reports: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    tried: set[Path_] = set()
    for doc in reports:
        validator.validate(doc)
        for path, _ in ENUM_FIELDS:
            for at in list(_locations(doc, path))[:2]:
                bad = copy.deepcopy(doc)
                _set(bad, at, "no-such-word")
                assert not validator.is_valid(bad), f"{'.'.join(at)} accepted an unknown word"
                tried.add(path)
    # Every vocabulary the engine fills today was exercised on real data, not only read from the schema.
    missing = {".".join(p) for p, _ in ENUM_FIELDS} - {".".join(p) for p in tried}
    assert not missing - NOT_YET_FILLED, missing - NOT_YET_FILLED


#: Enum fields none of these analyses fills (no QR code in the phishing sample carries a finding; history
#: findings need a sender-history store); the leaf test above still checks that the schema refuses an unknown
#: word there.
NOT_YET_FILLED = {"content.qr.[].findings.[].severity", "history.findings.[].severity"}


def test_an_unknown_section_name_is_refused(schema: dict[str, Any], reports: list[dict[str, Any]]) -> None:
    bad = copy.deepcopy(reports[0])
    bad["sections"]["no-such-section"] = "analysed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    bad = copy.deepcopy(reports[0])
    bad["errors"]["no-such-section"] = "ValueError: x"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_enum_values_serialise_as_their_words(reports: list[dict[str, Any]]) -> None:
    text = json.dumps(reports[0])
    assert "Severity." not in text and "HopKind." not in text and "TrustZone." not in text
