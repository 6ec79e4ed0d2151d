"""A brand's name from the brand's own free mailbox service proves nothing: a note, not impersonation."""

from __future__ import annotations

from inspector.lookalike import check_message
from inspector.model.report import Identities
from inspector.settings import AnalysisSettings


def _findings(display: str, address: str) -> list[tuple[str, str]]:
    ids = Identities(
        from_header=f"{display} <{address}>",
        from_display_name=display,
        from_address=address,
        from_domain=address.split("@")[1],
    )
    return [(f.severity, f.explanation) for f in check_message(ids, (), AnalysisSettings())]


def test_brand_on_its_own_mailbox_service_is_medium_and_worded_truthfully() -> None:
    [(severity, text)] = _findings("Microsoft account team", "security@outlook.com")
    assert severity == "medium"
    assert "Microsoft's own free mailbox service" in text and "not Microsoft's" not in text


def test_brand_on_someone_elses_mailbox_stays_high() -> None:
    [(severity, text)] = _findings("PayPal Service", "paypal.service@outlook.com")
    assert severity == "high"
    assert "not PayPal's" in text and "written" not in text


def test_homoglyph_spelling_is_named() -> None:
    [(severity, text)] = _findings("PayPaI", "x@outlook.com")
    assert severity == "high" and "(written 'PayPaI')" in text
