"""The verdict banner: the level as colour and word, the plain-language reasons, "copy for a ticket".

The banner is what a helpdesk worker reads first, so it must stay readable and honest:

- the caveats (`Report.caveats`: no transport headers, a chain cut short, a check that failed, DNS that never
  answered …) are shown on their own line beside the level, never only on the Details tab;
- its height is capped: a long display name quoted in three reasons once took 382 of 720 px. Collapsed, it
  shows the first reasons, each cut to a few lines; "more" shows everything (scrolling inside the banner
  past a share of the window), "less" folds it again;
- when no DNS server answered, it offers to analyse the message again offline or with a snapshot.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.safe_text import shown
from inspector.gui.style import LEVEL_COLOURS
from inspector.model.report import CaveatKind, Report
from inspector.report.indicators import banner_caveats, banner_reasons
from inspector.report.wording import LEVEL_WORD, content_line, ticket_summary

#: Reasons shown while the banner is folded; "more" shows every one.
FOLDED_REASONS = 3
#: Longest reason while folded (characters): a hostile display name quoted in a reason stays one line or two.
FOLDED_REASON_CHARS = 220
#: Longest From/Reply-To/Subject line while folded; unfolded, MAX_IDENTITY_CHARS (the Headers view shows all).
FOLDED_IDENTITY_CHARS = 100
MAX_IDENTITY_CHARS = 300
#: Longest summary while folded (the unverified level's summary carries every step to take).
FOLDED_SUMMARY_CHARS = 130
#: Most reasons listed even when unfolded (all are in the ticket summary).
MAX_REASONS = 40
#: The tallest the folded banner's text may be, in pixels, and the share of the window it may take unfolded.
FOLDED_MAX_HEIGHT = 170
FOLDED_MIN_HEIGHT = 80
FOLDED_SHARE = 0.16
UNFOLDED_SHARE = 0.55
#: Caveats that mean our DNS failed, not the sender's records: the banner offers offline or a snapshot.
DNS_FAILURES = frozenset({CaveatKind.DNS_UNREACHABLE, CaveatKind.DNS_BUDGET_EXHAUSTED})


def _cap(text: str, limit: int) -> str:
    shown_text = shown(text, single_line=True)
    return shown_text if len(shown_text) <= limit else shown_text[:limit] + "…"


def _label(name: str, *, selectable: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # Wrapped text must take its height from its width (heightForWidth), never from its one-line size hint.
    policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VerdictBanner(QFrame):
    """Top of the report page: what a helpdesk worker reads first."""

    copied = Signal(str)
    #: The user asked to analyse the shown message again without DNS / with a DNS snapshot.
    analyseOffline = Signal()
    useSnapshot = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self.report: Report | None = None
        self.expanded = False
        #: Offer "Analyse offline" / "Use a snapshot…" when no DNS server answered (False where the report
        #: shown is a stored one that cannot be re-run from here: the triage table's pane).
        self.offers_reanalysis = True
        self.full_summary = ""
        self.level_label = QLabel()
        self.level_label.setObjectName("verdictLevel")
        self.level_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = _label("verdictSummary", selectable=False)
        self.caveats_label = _label("verdictCaveats")
        self.reasons_label = _label("verdictReasons")
        self.identity_label = _label("verdictIdentity")
        #: The worst content finding (a link, attachment or QR code), named by the engine's wording.
        self.content_label = _label("verdictContent")
        self.copy_button = QPushButton("Copy summary for a ticket")
        self.copy_button.setToolTip(
            "Copy the verdict, reasons, indicators and every check as plain text (Ctrl+Shift+C)"
        )
        self.copy_button.clicked.connect(self.copy_summary)
        self.more_button = QPushButton("More")
        self.more_button.setObjectName("bannerMore")
        self.more_button.setToolTip("Show every reason and the whole From / Subject lines, or fold them again")
        self.more_button.clicked.connect(self.toggle)
        self.offline_button = QPushButton("Analyse offline")
        self.offline_button.setObjectName("analyseOffline")
        self.offline_button.setToolTip("Analyse this message again without DNS: results read 'not verifiable'")
        self.offline_button.clicked.connect(self.analyseOffline.emit)
        self.snapshot_button = QPushButton("Use a snapshot…")
        self.snapshot_button.setObjectName("useSnapshot")
        self.snapshot_button.setToolTip("Analyse this message again with a DNS snapshot file (dns-capture)")
        self.snapshot_button.clicked.connect(self.useSnapshot.emit)

        text = QWidget()
        text.setObjectName("bannerText")
        tl = QVBoxLayout(text)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(4)
        tl.addWidget(self.caveats_label)
        tl.addWidget(self.reasons_label)
        tl.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("bannerScroll")
        self.scroll_area.setWidget(text)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.viewport().setAutoFillBackground(False)
        text.setAutoFillBackground(False)

        left = QVBoxLayout()
        left.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.level_label)
        top.addWidget(self.summary_label, 1)
        left.addLayout(top)
        left.addWidget(self.scroll_area)
        # The worst content finding and who it claims to be from stay in sight, outside the scrolling part
        # (folded: one line each).
        left.addWidget(self.content_label)
        left.addWidget(self.identity_label)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        for b in (self.copy_button, self.offline_button, self.snapshot_button, self.more_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(left, 1)
        layout.addLayout(buttons, 0)
        self.offline_button.hide()
        self.snapshot_button.hide()
        self.more_button.hide()

    def set_report(self, report: Report) -> None:
        """Show `report`'s verdict (folded)."""
        self.report = report
        self.expanded = False
        v = report.verdict
        colour = LEVEL_COLOURS[v.level]
        self.setStyleSheet(
            f"#verdictBanner {{ background: {colour}; border-radius: 6px; }}"
            "#verdictBanner QLabel { color: white; background: transparent; }"
            "#bannerScroll, #bannerText { background: transparent; }"
            "#verdictLevel { font-size: 17pt; font-weight: bold; padding-right: 12px; }"
            "#verdictSummary { font-size: 11pt; }"
            "#verdictCaveats { background: rgba(0, 0, 0, 0.28); border-left: 4px solid #ffd54f;"
            " border-radius: 3px; padding: 3px 6px; }"
        )
        self.level_label.setText(LEVEL_WORD[v.level].upper())
        summary = v.summary
        if not summary and report.sections.get("verdict") is None:
            summary = "The verdict stage did not run; read the checks below."
        self.full_summary = shown(summary)
        dns_failed = self.offers_reanalysis and any(c.kind in DNS_FAILURES for c in report.caveats)
        self.offline_button.setVisible(dns_failed)
        self.snapshot_button.setVisible(dns_failed)
        self._fill()

    def toggle(self) -> None:
        """Show everything, or fold it again."""
        self.expanded = not self.expanded
        self._fill()

    def hidden_parts(self) -> int:
        """How many reasons the folded banner leaves out (0 when unfolded)."""
        if self.report is None or self.expanded:
            return 0
        return max(0, len(banner_reasons(self.report)) - FOLDED_REASONS)

    def _fill(self) -> None:
        report = self.report
        if report is None:
            return
        caveats = banner_caveats(report)
        self.caveats_label.setText("\n".join(f"⚠  {shown(c.text, single_line=True)}" for c in caveats))
        self.caveats_label.setVisible(bool(caveats))
        reasons = [r.text for r in banner_reasons(report)]
        folded = not self.expanded
        summary = self.full_summary
        cut_summary = folded and len(summary) > FOLDED_SUMMARY_CHARS
        if cut_summary:
            # Folded, the summary keeps its first sentence(s) up to the cap: "What to do" is one click away.
            head = summary[:FOLDED_SUMMARY_CHARS]
            stop = head.rfind(". ")
            stop = stop if stop > 40 else head.rfind(": ")
            summary = (head[: stop + 1] if stop > 40 else head.rsplit(" ", 1)[0]) + " …"
        self.summary_label.setText(summary)
        limit = FOLDED_REASONS if folded else MAX_REASONS
        cut = FOLDED_REASON_CHARS if folded else 4000
        lines = [f"•  {_cap(r, cut)}" for r in reasons[:limit]]
        if len(reasons) > limit:
            more = len(reasons) - limit
            lines.append(f"… and {more} more" + (" (More ▾)" if folded else " (in the ticket summary)"))
        self.reasons_label.setText("\n".join(lines))
        self.reasons_label.setVisible(bool(lines))
        # Named only when none of the reasons in sight already says it (wording.content_line).
        worst = content_line(report, reasons[:limit])
        self.content_label.setText(f"▶ {_cap(worst, cut)}" if worst else "")
        self.content_label.setVisible(bool(worst))
        ids = report.identities
        width = FOLDED_IDENTITY_CHARS if folded else MAX_IDENTITY_CHARS
        parts = [f"From: {ids.from_header or '(none)'}"]
        if ids.reply_to:
            parts.append(f"Reply-To: {', '.join(ids.reply_to)}")
        if ids.return_path is not None:
            parts.append(f"Return-Path: {ids.return_path or '<>'}")
        subject = _cap(f"Subject: {ids.subject}", width) if ids.subject else ""
        lines = [_cap(parts[0], width)]
        if parts[1:]:
            lines.append("    ".join(_cap(x, width) for x in parts[1:]))
        self.identity_label.setText("\n".join([*lines, subject] if subject else lines))
        truncated = any(len(shown(r, single_line=True)) > FOLDED_REASON_CHARS for r in reasons[:FOLDED_REASONS])
        long_ids = any(len(shown(x, single_line=True)) > FOLDED_IDENTITY_CHARS for x in (*parts, subject))
        self.more_button.setVisible(
            self.expanded or len(reasons) > FOLDED_REASONS or truncated or long_ids or cut_summary
        )
        self.more_button.setText("Less ▴" if self.expanded else "More ▾")
        self._cap_height()

    def _cap_height(self) -> None:
        window = self.window()
        share = int((window.height() if window is not None and window is not self else 720) * UNFOLDED_SHARE)
        height = window.height() if window is not None and window is not self else 720
        folded = min(FOLDED_MAX_HEIGHT, max(FOLDED_MIN_HEIGHT, int(height * FOLDED_SHARE)))
        self.scroll_area.setMaximumHeight(max(folded, share) if self.expanded else folded)
        inner = self.scroll_area.widget()
        lay = inner.layout() if inner is not None else None
        if lay is not None:
            width = max(100, self.scroll_area.viewport().width())
            want = lay.heightForWidth(width) if lay.hasHeightForWidth() else lay.sizeHint().height()
            self.scroll_area.setMinimumHeight(min(max(want, 0), self.scroll_area.maximumHeight()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Measured once the layout has given the text its new width (the children move after this event).
        QTimer.singleShot(0, self._cap_height)

    def summary_text(self) -> str:
        """The ticket summary of the shown report."""
        return ticket_summary(self.report) if self.report is not None else ""

    def copy_summary(self) -> None:
        """Put the ticket summary on the clipboard."""
        text = self.summary_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
