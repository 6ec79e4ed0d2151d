"""Reading the identities (From, Reply-To, Sender …) runs inside the pipeline's stage guard (issue 13).

It used to run before the guard: a crash there was a traceback instead of a report. Now it is the section
``identities``: analysed on every message, and in the error state with its message when it fails, which the
verdict says and which keeps the banner from reading "no problem found" over a sender nobody read.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import inspector.analyze as analyze_module
from inspector.analyze import analyze
from inspector.ingest import load_file
from inspector.model.report import Level, SectionState
from inspector.model.vocabulary import Section
from inspector.report.to_json import report_to_dict
from tests.support.corpora import LEGIT

#: Legitimate list mail whose verdict offline is "no problem found" (the receiver's trusted record passes).
OK_MESSAGE = LEGIT / "astroid__3.eml"


def test_identities_are_a_section_of_every_report() -> None:
    r = analyze(load_file(OK_MESSAGE))
    assert r.sections[Section.IDENTITIES] is SectionState.ANALYSED
    assert r.identities.from_domain
    assert r.verdict.level is Level.OK
    assert report_to_dict(r)["sections"]["identities"] == "analysed"


def test_a_crash_reading_identities_is_an_error_state_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> object:
        raise RuntimeError("From field unreadable")

    monkeypatch.setattr(analyze_module, "read_identities", boom)
    r = analyze(load_file(OK_MESSAGE))
    assert r.sections["identities"] is SectionState.ERROR
    assert r.errors["identities"] == "RuntimeError: From field unreadable"
    assert any("internal error while checking identities" in w for w in r.warnings)
    # The other stages still ran, on empty identities.
    assert r.sections["hops"] is SectionState.ANALYSED and r.hops
    # Nothing can confirm a sender nobody read: not "no problem found".
    assert r.verdict.level is Level.UNVERIFIED
    assert any("reading the From, Reply-To and Sender fields failed" in m for m in r.verdict.missing)
    assert any("Part of the analysis failed" in t and "identities" in t for t in r.verdict.reasons)
    doc = report_to_dict(r)
    schema = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["sections"]["identities"] == "error"
