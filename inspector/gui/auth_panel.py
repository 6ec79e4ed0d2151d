"""The authentication panel: SPF, each DKIM signature, DMARC, ARC — badge, provenance, expandable detail.

A tree (not cards) because it is keyboard-navigable for free, expands per check, and the analyst's
detail (selector, key size, alignment, DNS record text, the receiver's own result) nests under the line
a helpdesk worker reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import badge_colour, placeholder
from inspector.gui.wrapping import keep_wrapped
from inspector.model.auth import AuthResult, DnsLookupRecord, Provenance, RecordedResult
from inspector.model.report import Report
from inspector.report.wording import (
    arc_details,
    arc_summary,
    detail_text,
    disagreement_line,
    dkim_details,
    dkim_summary,
    dmarc_details,
    dmarc_summary,
    lookup_line,
    provenance_label,
    recorded_for,
    recorded_line,
    recorded_summary,
    section_note,
    spf_details,
    spf_summary,
)

COLUMNS = ("Check", "Our result", "Source of facts", "Receiver recorded", "Detail")
#: Rows shown per kind (DKIM signatures, detail lines under one check). A message with 10,000 signatures
#: would otherwise make the GUI thread lay out 10,000 word-wrapped rows (minutes, a frozen window); the
#: rest are counted in one row, and every one is in the JSON export and the ticket summary.
MAX_ROWS = 50


class AuthPanel(QWidget):
    """Every authentication check of one report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("authTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((130, 120, 330, 280)):
            self.tree.setColumnWidth(col, width)
        # Detail keeps a third of the width and wraps (it shrank to "mailfrom …" at 1024×600).
        keep_wrapped(self.tree, header, (0.11, 0.11, 0.22, 0.22, 0.34))
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0px; }")
        self.empty = placeholder("No message analysed yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self.tree.hide()

    # -- building rows ----------------------------------------------------------------------------------
    def _top(self, check: str, result: AuthResult | None, prov: str, recorded: str, detail: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [shown(x, single_line=True) for x in (check, result.value if result else "", prov, recorded, detail)]
        )
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        if result is not None:
            item.setBackground(1, QBrush(badge_colour(result)))
            item.setForeground(1, QBrush(QColor("white")))
            item.setFont(1, bold)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(4, tooltip(detail))
        self.tree.addTopLevelItem(item)
        return item

    @staticmethod
    def _child(parent: QTreeWidgetItem, label: str, value: object) -> None:
        if parent.childCount() > MAX_ROWS:
            return
        if parent.childCount() == MAX_ROWS:
            more = QTreeWidgetItem(["… more lines not shown here (all are in the JSON export)"])
            parent.addChild(more)
            more.setFirstColumnSpanned(True)
            return
        text = detail_text(value)
        if text is None:
            return
        # One spanned line "Label: value": details are long and read best as a sentence under the check.
        child = QTreeWidgetItem([shown(f"{label}:  {text}")])
        child.setToolTip(0, tooltip(text))
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def _dns_children(self, parent: QTreeWidgetItem, records: Iterable[DnsLookupRecord]) -> None:
        for rec in records:
            self._child(parent, "DNS", lookup_line(rec))

    def _recorded_children(self, parent: QTreeWidgetItem, recs: Sequence[RecordedResult]) -> None:
        for r in recs:
            self._child(parent, "Receiver", recorded_line(r))

    # -- public -----------------------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        """Show every check of `report`."""
        self.tree.clear()
        dns = report.dns

        def prov(p: Provenance) -> str:
            return provenance_label(p, dns)

        def state_note(name: str) -> str:
            return section_note(report, name, see="Details")

        s = report.spf
        spf_rec = recorded_for(report, "spf")
        detail = state_note("spf") or spf_summary(s)
        item = self._top("SPF", s.result, prov(s.provenance), recorded_summary(spf_rec), detail)
        for label, value in spf_details(s):
            self._child(item, label, value)
        self._dns_children(item, s.dns)
        self._recorded_children(item, spf_rec)

        if not report.dkim:
            # No signature is a result of its own (RFC 8601 "none"), shown as a grey badge like ARC's.
            note = state_note("dkim")
            result = AuthResult.NOT_ANALYSED if note else AuthResult.NONE
            source = "" if note else prov(Provenance.MESSAGE_ONLY)
            note = note or "no DKIM-Signature in the message"
            self._top("DKIM", result, source, recorded_summary(recorded_for(report, "dkim")), note)
        for d in report.dkim[:MAX_ROWS]:
            recs = recorded_for(report, "dkim", d.domain)
            detail = dkim_summary(d)
            item = self._top(f"DKIM #{d.index + 1}", d.result, prov(d.provenance), recorded_summary(recs), detail)
            for label, value in dkim_details(d):
                self._child(item, label, value)
            self._dns_children(item, d.dns)
            self._recorded_children(item, recs)
        if len(report.dkim) > MAX_ROWS:
            rest = report.dkim[MAX_ROWS:]
            counts: dict[str, int] = {}
            for d in rest:
                counts[d.result.value] = counts.get(d.result.value, 0) + 1
            summary = ", ".join(f"{n:,} {result}" for result, n in sorted(counts.items()))
            self._top(
                f"DKIM #{MAX_ROWS + 1}–#{len(report.dkim)}",
                None,
                "",
                "",
                f"{len(rest):,} more signatures not listed here ({summary}); all are in the JSON export",
            )

        m = report.dmarc
        dm_rec = recorded_for(report, "dmarc")
        detail = state_note("dmarc") or dmarc_summary(m)
        item = self._top("DMARC", m.result, prov(m.provenance), recorded_summary(dm_rec), detail)
        for label, value in dmarc_details(m):
            self._child(item, label, value)
        self._dns_children(item, m.dns)
        self._recorded_children(item, dm_rec)

        a = report.arc
        arc_rec = recorded_for(report, "arc")
        detail = state_note("arc") or arc_summary(a)
        item = self._top("ARC", a.result, prov(a.provenance), recorded_summary(arc_rec), detail)
        for label, value in arc_details(a):
            self._child(item, label, value)
        self._dns_children(item, a.dns)
        self._recorded_children(item, arc_rec)

        if report.disagreements:
            item = self._top(
                "Differences", None, "", "", f"{len(report.disagreements)} difference(s) with the receiver"
            )
            for x in report.disagreements:
                self._child(item, x.method, disagreement_line(x))
            item.setExpanded(True)
        others = [r for r in report.recorded if r.method.lower() not in ("spf", "dkim", "dmarc", "arc")]
        if others:
            item = self._top("Other recorded", None, "recorded by the receiver", "", f"{len(others)} result(s)")
            self._recorded_children(item, others)
        self.empty.hide()
        self.tree.show()

    def top_level_checks(self) -> list[str]:
        """The check names shown (for tests and keyboard users' screen readers)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [it.text(0) for it in items if it is not None]
