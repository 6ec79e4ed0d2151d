"""The receivers' filter verdicts (issue 14): one group per vendor with its summary line, then each decoded
field as a row (label, value, meaning), and whether your mail filter wrote it or the sender merely claims it.

Everything shown comes from `Report.filters` / `Report.filter_summaries` (the engine decides trust); every
string the message controls goes through `shown` / `tooltip`, never as rich text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.gui.safe_text import shown, tooltip
from inspector.gui.style import BADGE_COLOURS, placeholder
from inspector.model.filters import FilterField, FilterSeverity, FilterSummary
from inspector.model.report import Report, SectionState, hop_number
from inspector.report.wording import FILTER_SEVERITY_CLASS, section_state

COLUMNS = ("Field", "Value", "Meaning", "Written by", "Header")

#: Badge colour per field severity.
SEVERITY_COLOURS = {s: BADGE_COLOURS[FILTER_SEVERITY_CLASS[s]] for s in FilterSeverity}
TRUSTED_WORD = "your mail filter"
CLAIMED_WORD = "claimed by the sender"
NO_FILTERS = "No anti-spam filter headers in this message (none of the vendors we decode wrote one)."


class FiltersView(QWidget):
    """A tree: vendor groups (summary line), each field a row; trusted rows first within a vendor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("filtersTree")
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 280)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(3, 150)
        self.tree.setColumnWidth(4, 200)
        self.tree.currentItemChanged.connect(self._show)
        self.basis = QLabel()
        self.basis.setObjectName("filtersBasis")
        self.basis.setWordWrap(True)
        self.basis.setTextFormat(Qt.TextFormat.PlainText)
        self.basis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.basis.setMargin(6)
        self.empty = placeholder("No message analysed yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.basis)
        self.tree.hide()
        self.basis.hide()

    def set_report(self, report: Report) -> None:
        """Show the decoded filter headers of `report`, or why there are none."""
        self.tree.clear()
        if not report.filters:
            state = section_state(report, "filters")
            if state is SectionState.ERROR:
                self.empty.setText("The filter headers could not be decoded (internal error; see Details).")
            else:
                self.empty.setText(NO_FILTERS)
            self.empty.show()
            self.tree.hide()
            self.basis.hide()
            return
        summaries = {s.vendor: s for s in report.filter_summaries}
        for vendor in dict.fromkeys(f.vendor for f in report.filters):
            fields = [f for f in report.filters if f.vendor == vendor]
            group = self._group(vendor, summaries.get(vendor), fields, report)
            self.tree.addTopLevelItem(group)
            # Both only take effect once the item is in the tree.
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
        self.empty.hide()
        self.tree.show()
        self.basis.show()
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)

    def _group(
        self, vendor: str, summary: FilterSummary | None, fields: list[FilterField], report: Report
    ) -> QTreeWidgetItem:
        trusted = summary.trusted if summary is not None else any(f.trusted for f in fields)
        text = summary.text if summary is not None else vendor
        group = QTreeWidgetItem([shown(text, single_line=True)])
        bold = QFont(group.font(0))
        bold.setBold(True)
        group.setFont(0, bold)
        group.setForeground(0, QBrush(QColor(BADGE_COLOURS["good" if trusted else "unknown"])))
        docs = "\n".join(summary.documentation) if summary is not None else ""
        group.setToolTip(0, tooltip(f"{text}\n\nMeanings from: {docs}" if docs else text))
        group.setData(0, Qt.ItemDataRole.UserRole, f"{text}\nMeanings from:\n{docs}" if docs else text)
        for f in sorted(fields, key=lambda f: (not f.trusted, f.header_index)):
            group.addChild(self._row(f, report))
        return group

    @staticmethod
    def _row(f: FilterField, report: Report) -> QTreeWidgetItem:
        label = f.label if f.known else f"{f.label} (not in our table)"
        who = TRUSTED_WORD if f.trusted else CLAIMED_WORD
        item = QTreeWidgetItem(
            [shown(x, single_line=True) for x in (label, f.value or "(empty)", f.meaning, who, f.header)]
        )
        item.setToolTip(1, tooltip(f.value))
        item.setToolTip(2, tooltip(f.meaning))
        item.setToolTip(3, tooltip(f.trust_basis))
        colour = SEVERITY_COLOURS[f.severity]
        item.setForeground(0, QBrush(QColor(colour)))
        if f.severity in (FilterSeverity.WARNING, FilterSeverity.DANGER):
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
        item.setForeground(3, QBrush(QColor(BADGE_COLOURS["good" if f.trusted else "warn"])))
        # The hop by the number the hop views show (hidden hops of a truncated chain counted).
        hop = f"hop {hop_number(report, f.hop)} (oldest first)" if f.hop is not None else "no hop"
        item.setData(0, Qt.ItemDataRole.UserRole, f"{f.header}: {f.field} — {who}, {hop}: {f.trust_basis}")
        return item

    def _show(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        text = current.data(0, Qt.ItemDataRole.UserRole) or current.text(0)
        self.basis.setText(shown(text))

    def vendor_count(self) -> int:
        """How many vendor groups are listed."""
        return self.tree.topLevelItemCount()

    def rows(self) -> list[tuple[str, ...]]:
        """Every field row as displayed (for tests and the copy action)."""
        out: list[tuple[str, ...]] = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            for j in range(group.childCount()):
                child = group.child(j)
                if child is not None:
                    out.append(tuple(child.text(c) for c in range(len(COLUMNS))))
        return out
