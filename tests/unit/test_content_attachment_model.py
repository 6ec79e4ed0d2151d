"""The report shape of attachments and QR codes: typed, schema-valid, and compatible with the dict rows of
earlier reports (the keys integrations read are kept)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from inspector.model.content import AttachedFile, ContentFinding, QrCode
from inspector.model.report import ContentView, DnsInfo, Report, SourceInfo
from inspector.report.to_json import report_to_dict

SHA = "ab" * 32


def _schema() -> dict[str, object]:
    doc = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    assert isinstance(doc, dict)
    return doc


def _report(content: ContentView) -> Report:
    return Report(SourceInfo("m.eml", "1" * 64, "eml", 5), DnsInfo("offline", "offline"), "t", "0.1.0", content=content)


def _exe() -> AttachedFile:
    return AttachedFile(
        "invoice.pdf.exe",
        "application/pdf",
        "application/x-dosexec",
        2048,
        SHA,
        findings=(ContentFinding("executable", "high", "invoice.pdf.exe is a Windows program."),),
        content_type="application/pdf",
    )


def test_attachments_and_qr_validate_and_keep_the_old_keys() -> None:
    qr = QrCode(
        "attachment scan.png",
        "hxxps://paypa1[.]com/x",
        (ContentFinding("lookalike", "high", "paypa1.com imitates paypal.com."),),
        "paypa1.com",
    )
    doc = report_to_dict(_report(ContentView(True, attachments=(_exe(),), qr=(qr,))))
    jsonschema.validate(doc, _schema())
    (att,) = doc["content"]["attachments"]
    assert {"filename", "content_type", "size", "sha256", "name_hides_characters"} <= set(att)
    assert att["detected_type"] == "application/x-dosexec"
    assert att["findings"] == [
        {"kind": "executable", "severity": "high", "explanation": "invoice.pdf.exe is a Windows program."}
    ]
    assert doc["content"]["qr"][0]["where"] == "attachment scan.png"


def test_schema_rejects_an_undefanged_qr_url_and_a_bad_severity() -> None:
    doc = report_to_dict(_report(ContentView(True, qr=(QrCode("inline image", "https://evil.example/"),))))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _schema())
    bad = AttachedFile("a.txt", "text/plain", None, 1, SHA, findings=(ContentFinding("x", "critical", "y"),))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report_to_dict(_report(ContentView(True, attachments=(bad,)))), _schema())


def test_mapping_reads_of_earlier_code_keep_working() -> None:
    att = _exe()
    assert att.get("sha256") == SHA and att["filename"] == "invoice.pdf.exe"
    assert att.get("no-such-key", 7) == 7 and att.worst == "high"
    with pytest.raises(KeyError):
        att["no-such-key"]
