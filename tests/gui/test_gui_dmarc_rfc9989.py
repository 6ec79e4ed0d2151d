"""The window's DMARC row shows the RFC 9989 answer and, where RFC 7489 differs, that answer and why."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.dns.live import LiveSource
from inspector.gui.auth_panel import AuthPanel
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings
from tests.support.dmarc_run import rec
from tests.support.dns_server import LoopbackDnsServer

MESSAGE = (
    b"From: Alice <alice@example.com>\r\nTo: bob@receiver.test\r\nSubject: hi\r\n"
    b"Message-ID: <1@x>\r\nDate: Sun, 06 Dec 2026 07:00:00 +0000\r\n\r\nHello\r\n"
)


def test_dmarc_row_shows_the_rfc_7489_difference(qtbot: QtBot) -> None:
    zone = [
        rec("_dmarc.example.com.", "v=DMARC1; p=reject; t=y"),
        {"name": "_dmarc.com.", "type": "TXT", "status": "NXDOMAIN"},
    ]
    with LoopbackDnsServer(zone) as server:
        report = analyze(load_bytes(MESSAGE), AnalysisSettings(), LiveSource(server.address))
    panel = AuthPanel()
    qtbot.addWidget(panel)
    panel.set_report(report)
    tree = panel.tree
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == "DMARC")
    assert row.text(1) == "fail"
    assert "policy quarantine" in row.text(4) and "RFC 7489 differs: dmarc=fail, policy reject" in row.text(4)
    children = [row.child(i).text(0) for i in range(row.childCount())]
    assert "Standard:  RFC 9989" in children
    assert "Testing (t=):  t=y: reject published, quarantine applied" in children
    assert any(c.startswith("Differs from RFC 7489:") and "t=y lowers reject to quarantine" in c for c in children)
    assert any(c.startswith("DNS tree walk:") and "_dmarc.example.com: DMARC record" in c for c in children)
