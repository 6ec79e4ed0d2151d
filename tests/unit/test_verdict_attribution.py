"""A reason says whose finding it is: our re-check, or what the receiver recorded when we could not re-check."""

from __future__ import annotations

from inspector.analyze import analyze
from inspector.ingest import load_file
from tests.conftest import SHARED


def test_receivers_dmarc_fail_on_list_mail_is_attributed_to_the_receiver() -> None:
    report = analyze(load_file(SHARED / "corpora/real-chains/mailbits-twine_release.eml"))  # offline
    dmarc_reasons = [r for r in report.verdict.reasons if "DMARC for gmail.com" in r]
    assert dmarc_reasons, report.verdict.reasons
    assert all(r.startswith("Your mail server (mx.google.com) recorded that it fails") for r in dmarc_reasons)
    assert not any(r.startswith("It fails DMARC") for r in report.verdict.reasons)
