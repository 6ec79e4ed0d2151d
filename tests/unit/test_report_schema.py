"""The JSON report follows the schema shipped in the package, for every DNS mode and input kind."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.ingest import load_file, read_pasted_headers
from inspector.report.to_json import report_to_dict
from tests.conftest import SAMPLES, SHARED
from tests.support.cli_run import assert_no_stage_crash


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    text = resources.files("inspector.report").joinpath("schema/report.schema.json").read_text()
    doc = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(doc)
    assert isinstance(doc, dict)
    return doc


MESSAGES = [SAMPLES / "paypal-lookalike.eml", *sorted((SHARED / "corpora/real-chains").glob("*.eml"))]


@pytest.mark.parametrize("path", MESSAGES, ids=lambda p: Path(p).name)
def test_reports_validate(path: Path, schema: dict[str, object]) -> None:
    for source in (OfflineSource(), SnapshotSource.from_file(SAMPLES / "paypal-lookalike.dns.json")):
        doc = report_to_dict(analyze(load_file(path), dns=source))
        jsonschema.validate(doc, schema)
        assert doc["schema"] == "inspector.report/1"
        assert_no_stage_crash(doc, f"{path.name} ({source.describe()})")


def test_pasted_headers_validate(schema: dict[str, object]) -> None:
    msg = read_pasted_headers("From: a@example.com\nSubject: hi\nReceived: from x by y; Mon, 1 Jan 2024 00:00:00 +0000")
    jsonschema.validate(report_to_dict(analyze(msg)), schema)


def test_schema_rejects_a_renamed_contract_key(schema: dict[str, object]) -> None:
    doc = report_to_dict(analyze(load_file(SAMPLES / "paypal-lookalike.eml")))
    doc["verdicts"] = doc.pop("verdict")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
