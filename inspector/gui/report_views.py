"""Every view of one Report in one widget: the verdict banner over the report tabs.

The single-message window shows it as its report page, and the triage table shows a second one beside the
table for the selected row (``triage_view.py``), so both render a report through the very same views: one
place builds them, one place fills them, and a tab added here appears in both.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QThreadPool
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from inspector.gui.auth_panel import AuthPanel
from inspector.gui.body_view import BodyView
from inspector.gui.chain_view import ChainView
from inspector.gui.filters_view import FiltersView
from inspector.gui.headers_view import HeadersView
from inspector.gui.history_view import HistoryView
from inspector.gui.hops_table import HopsTable
from inspector.gui.lookalike_view import LookalikeView
from inspector.gui.safe_text import shown
from inspector.gui.verdict_banner import VerdictBanner
from inspector.model.report import Report
from inspector.report.wording import section_state

#: Every view of a report by the name `inspector gui --tab NAME` uses: (main tab, body sub-tab or None).
#: A new tab gets its name here, so it can be captured from the command line like the others.
VIEWS: dict[str, tuple[int, int | None]] = {
    "auth": (0, None),
    "chain": (0, None),
    "hops-table": (1, None),
    "lookalikes": (2, None),
    "filters": (3, None),
    "headers": (4, None),
    "body-text": (5, 0),
    "body-source": (5, 1),
    "body-html": (5, 2),
    "links": (5, 3),
    "attachments": (5, 4),
    "details": (6, None),
    "history": (7, None),
}

#: The titles of the main tabs, in order (the View menu lists the first seven).
TAB_TITLES = ("Authentication && chain", "Hop table", "Lookalikes", "Filters", "Headers", "Body", "Details")


class _MinimumLayout(QVBoxLayout):
    """A column that never reports a height-for-width to its scroll area.

    QScrollArea sizes a widget whose layout has a height-for-width (the banner's wrapped labels) to its
    *preferred* height, so the page scrolled even on a 1366×768 screen with room to spare. Without it the
    scroll area uses the minimum heights: the page fits the window, and scrolls only when the minimums do not.
    """

    def hasHeightForWidth(self) -> bool:
        return False

    def minimumSize(self) -> QSize:
        """The banner as tall as its text needs at the page's width, and the tabs at their minimum (the
        checks table's rows): less than that, and the page scrolls."""
        size = super().minimumSize()
        page = self.parentWidget()
        first = self.itemAt(0)
        banner = first.widget() if first is not None else None
        if page is None or banner is None or banner.isHidden() or page.width() <= 0:
            return size
        margins = self.contentsMargins()
        wanted = banner.heightForWidth(page.width() - margins.left() - margins.right())
        if wanted <= banner.minimumSizeHint().height():
            return size
        return QSize(size.width(), size.height() + wanted - banner.minimumSizeHint().height())


class ReportViews(QWidget):
    """The verdict banner and the tabs, filled from one Report by `show_report`."""

    def __init__(
        self, pool: QThreadPool, history_path: Callable[[], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self.banner = VerdictBanner()
        self.auth = AuthPanel()
        self.chain = ChainView()
        self.hops_table = HopsTable()
        self.chain.hopSelected.connect(self.hops_table.select_hop)
        self.hops_table.hopSelected.connect(self.chain.select_hop)
        self.lookalikes = LookalikeView()
        self.filters = FiltersView()
        self.headers = HeadersView()
        self.body = BodyView()
        self.details = QPlainTextEdit()
        self.details.setObjectName("detailsText")
        self.details.setReadOnly(True)
        self.overview = QSplitter(Qt.Orientation.Vertical)
        self.overview.setObjectName("overviewSplitter")
        self.overview.addWidget(self.auth)
        self.overview.addWidget(self.chain)
        self.overview.setStretchFactor(0, 2)
        self.overview.setStretchFactor(1, 5)
        self.overview.setSizes([170, 610])
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        for widget, title in zip(
            (self.overview, self.hops_table, self.lookalikes, self.filters, self.headers, self.body, self.details),
            TAB_TITLES,
            strict=True,
        ):
            self.tabs.addTab(widget, title)
        self.history = HistoryView(pool, history_path)
        self.tabs.addTab(self.history, "History")
        # On a short screen (1024×600) the banner and the tabs' minimum heights do not fit: the page then
        # scrolls as a whole instead of squeezing the checks table to one row.
        page = QWidget()
        page.setObjectName("reportPage")
        inner = _MinimumLayout(page)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(self.banner)
        inner.addWidget(self.tabs, 1)
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("reportScroll")
        self.page_scroll.setWidget(page)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.page_scroll)

    def show_report(self, report: Report) -> None:
        """Fill every view from `report`."""
        self.report = report
        self.banner.set_report(report)
        self.auth.set_report(report)
        self.chain.set_report(report)
        self.hops_table.set_report(report)
        self.lookalikes.set_report(report)
        self.filters.set_report(report)
        self.headers.set_fields(report.headers)
        self.body.set_content(report.content)
        self.details.setPlainText(shown(details_text(report)))
        self.history.set_report(report)
        self._tab_titles(report)

    def _tab_titles(self, report: Report) -> None:
        """Counts in the tab titles: what is worth a look before opening the tab."""
        alarms = sum(1 for f in report.history.findings if f.severity in ("high", "medium"))
        self.tabs.setTabText(self.tabs.indexOf(self.history), f"History ({alarms})" if alarms else "History")
        n = len(report.lookalikes)
        self.tabs.setTabText(self.tabs.indexOf(self.lookalikes), f"Lookalikes ({n})" if n else "Lookalikes")
        trusted = sum(1 for s in report.filter_summaries if s.trusted)
        filters_text = (
            f"Filters ({trusted} trusted)" if trusted else ("Filters (claimed)" if report.filters else "Filters")
        )
        self.tabs.setTabText(self.tabs.indexOf(self.filters), filters_text)
        self.tabs.setTabText(self.tabs.indexOf(self.headers), f"Headers ({len(report.headers)})")

    def show_view(self, name: str) -> None:
        """Bring the view called `name` (a key of VIEWS) to the front; the HTML view renders on demand."""
        tab, sub = VIEWS[name]
        self.tabs.setCurrentIndex(tab)
        if sub is not None:
            self.body.tabs.setCurrentIndex(sub)

    def current_view(self) -> str:
        """The name of the view in front (the first name when two share a tab)."""
        tab = self.tabs.currentIndex()
        sub = self.body.tabs.currentIndex() if tab == VIEWS["body-text"][0] else None
        return next(name for name, where in VIEWS.items() if where == (tab, sub))


def details_text(report: Report) -> str:
    """The Details tab: the evidence file, its hash, where the DNS answers came from, each section's state."""
    s = report.source
    lines = [
        f"Evidence file: {s.path or '(pasted)'}",
        f"Format: {s.format}",
        f"Size: {s.size} bytes",
        f"SHA-256: {s.sha256}",
        f"DNS: {report.dns.description}"
        + (
            f" (captured {report.dns.snapshot_created_at})"
            if report.dns.snapshot_created_at and report.dns.snapshot_created_at not in report.dns.description
            else ""
        ),
        f"Analysed: {report.generated_at} by inspector {report.tool_version} ({report.schema})",
        "",
        "Sections:",
    ]
    for name in ("hops", "spf", "dkim", "arc", "dmarc", "recorded", "lookalikes", "filters", "verdict"):
        lines.append(f"  {name:<12} {section_state(report, name).value}")
    if report.caveats:
        lines += ["", "Limits of the verdict (also in the banner):"] + [f"  ⚠ {c.text}" for c in report.caveats]
    if report.warnings:
        lines += ["", "Warnings:"] + [f"  ! {w}" for w in report.warnings]
    return "\n".join(lines) + "\n"
