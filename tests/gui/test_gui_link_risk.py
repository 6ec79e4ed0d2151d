"""The Links table's Risk column shows the engine's risk of the link as a whole (`Link.risk`).

A link to a place a steady sender never linked to (`new-link-domain`, from the sender history) on free
hosting or behind a shortener makes the verdict suspicious; each finding alone is low. The row used to say
"Low" beside the orange banner; it now says what the report carries, with the reason in its tooltip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.gui.body_view import BodyView
from inspector.history.learn import learn_messages
from inspector.history.stage import close_readers
from inspector.history.store import open_history
from inspector.ingest import load_bytes
from inspector.model.report import Level, Report
from inspector.settings import AnalysisSettings
from tests.support.link_mail import OWN_SITE, PORTAL, TRACKED, invoice_mail


@pytest.fixture(autouse=True)
def _fresh_readers() -> object:
    yield
    close_readers()


def _report(tmp_path: Path, url: str, history: bool) -> Report:
    store = str(tmp_path / "h.sqlite3")
    if history:
        with open_history(store) as h:
            learn_messages(h, [invoice_mail(n, (PORTAL, OWN_SITE, TRACKED), day=n) for n in range(1, 6)])
    lure = load_bytes(invoice_mail(7, (PORTAL, url), day=20, month="May"))
    return analyze(lure, AnalysisSettings(history=store if history else None, now="2026-06-01T00:00:00Z"))


def _row(view: BodyView, domain: str) -> dict[str, str]:
    table = view.links
    for r in range(table.rowCount()):
        row = dict(zip(table.columns, table.row_texts(r), strict=True))
        if row["Domain"] == domain:
            return row | {"tip": table.item(r, 0).toolTip()}  # type: ignore[union-attr]
    raise AssertionError(domain)


LURES = [("https://acme-invoice.web.app/login", "acme-invoice.web.app"), ("https://bit.ly/3xQ", "bit.ly")]


@pytest.mark.parametrize(("url", "domain"), LURES)
def test_a_link_the_verdict_acts_on_is_not_shown_as_low(qtbot: QtBot, tmp_path: Path, url: str, domain: str) -> None:
    report = _report(tmp_path, url, history=True)
    assert report.verdict.level is Level.SUSPICIOUS
    view = BodyView()
    qtbot.addWidget(view)
    view.set_content(report.content)
    row = _row(view, domain)
    assert row["Risk"] == "⚠ Risky"
    # The tooltip says why: the findings together, as the verdict says it.
    assert "⚠ Risky: The link " in row["tip"] and f"none linked to {domain}" in row["tip"]
    # The same link without the history: its findings alone are low, and so is the row.
    view.set_content(_report(tmp_path, url, history=False).content)
    assert _row(view, domain)["Risk"] == "Low"
