"""ValiMail ARC test suite (../shared/conformance/arc_test_suite): all 171 validation cases.

Each case's message is verified with its scenario's ``txt-records`` as DNS; the expected ``cv``
(None / Pass / Fail, compared case-insensitively; empty for three "chain already failed" cases)
must equal the chain status we report.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from inspector.auth.arc import check_arc
from inspector.ingest.eml import read_eml
from tests.conftest import SHARED
from tests.support.zones import logged
from tests.support.zones_dkim import arc_txt_records, stub_source

SUITE = SHARED / "conformance" / "arc_test_suite" / "arc-draft-validation-tests.yml"


def _cases() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    out = []
    with open(SUITE, encoding="utf-8") as fh:
        for scenario in yaml.safe_load_all(fh):
            if not scenario:
                continue
            entries = arc_txt_records(scenario.get("txt-records"))
            for name, test in (scenario.get("tests") or {}).items():
                out.append((name, test.get("message") or "", str(test["cv"]).strip(), entries))
    return out


CASES = _cases()


def test_suite_has_171_validation_cases() -> None:
    assert len(CASES) == 171


@pytest.mark.parametrize(("name", "message", "expected", "entries"), CASES, ids=[c[0] for c in CASES])
def test_arc_validation(name: str, message: str, expected: str, entries: list[dict[str, Any]]) -> None:
    msg = read_eml(message.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
    with logged(stub_source(entries)) as log:
        result = check_arc(msg, log=log)
    if expected == "":
        # Draft-18 era: a chain already sealed with cv=fail has no status at all (dkimpy: None);
        # RFC 8617 calls it fail, which we report, flagging that the chain was terminated.
        assert result.cv == "fail" and result.chain_terminated, result.reason
    else:
        assert (result.cv or "").lower() == expected.lower(), result.reason
    assert result.result.value == {"none": "none", "pass": "pass"}.get(expected.lower(), "fail")
