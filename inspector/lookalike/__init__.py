"""Lookalike and impersonation checks on every identity in a message."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.report.auth_model import DkimSignatureResult
from inspector.report.lookalike_model import LookalikeFinding
from inspector.report.model import Identities
from inspector.settings import AnalysisSettings


def check_message(
    identities: Identities, dkim: Sequence[DkimSignatureResult], settings: AnalysisSettings
) -> tuple[LookalikeFinding, ...] | None:
    """All lookalike findings for one message; None while the lookalike engine is not built."""
    return None
