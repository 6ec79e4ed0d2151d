"""The verdict banner: the level as colour and word, the plain-language reasons, "copy for a ticket"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.gui.safe_text import shown
from inspector.gui.style import LEVEL_COLOURS
from inspector.model.report import Report
from inspector.report.wording import LEVEL_WORD, content_line, ticket_summary

#: Reasons shown in the banner before "… and n more" (all are in the ticket summary).
MAX_REASONS = 6
#: Longest From/Reply-To/Subject line in the banner: a hostile 100 KB Subject must not push the checks off
#: the screen (the Headers view shows every field whole).
MAX_IDENTITY_CHARS = 300


def _cap(text: str) -> str:
    shown_text = shown(text, single_line=True)
    return shown_text if len(shown_text) <= MAX_IDENTITY_CHARS else shown_text[:MAX_IDENTITY_CHARS] + "…"


class VerdictBanner(QFrame):
    """Top of the report page: what a helpdesk worker reads first."""

    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self.report: Report | None = None
        self.level_label = QLabel()
        self.level_label.setObjectName("verdictLevel")
        self.level_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("verdictSummary")
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        #: The worst content finding (a link, attachment or QR code), named by the engine's wording.
        self.content_label = QLabel()
        self.content_label.setObjectName("verdictContent")
        self.content_label.setWordWrap(True)
        self.content_label.setTextFormat(Qt.TextFormat.PlainText)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        self.identity_label.setTextFormat(Qt.TextFormat.PlainText)
        self.identity_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy summary for a ticket")
        self.copy_button.setToolTip("Copy the verdict, reasons and every check as plain text (Ctrl+Shift+C)")
        self.copy_button.clicked.connect(self.copy_summary)

        left = QVBoxLayout()
        left.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.level_label)
        top.addWidget(self.summary_label, 1)
        left.addLayout(top)
        left.addWidget(self.reasons_label)
        left.addWidget(self.content_label)
        left.addWidget(self.identity_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(left, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_report(self, report: Report) -> None:
        """Show `report`'s verdict."""
        self.report = report
        v = report.verdict
        colour = LEVEL_COLOURS[v.level]
        self.setStyleSheet(
            f"#verdictBanner {{ background: {colour}; border-radius: 6px; }}"
            f"#verdictBanner QLabel {{ color: white; background: transparent; }}"
            "#verdictLevel { font-size: 17pt; font-weight: bold; padding-right: 12px; }"
            "#verdictSummary { font-size: 11pt; }"
        )
        self.level_label.setText(LEVEL_WORD[v.level].upper())
        summary = v.summary
        if not summary and report.sections.get("verdict") is None:
            summary = "The verdict stage did not run; read the checks below."
        self.summary_label.setText(shown(summary))
        reasons = list(v.reasons[:MAX_REASONS])
        if len(v.reasons) > MAX_REASONS:
            reasons.append(f"… and {len(v.reasons) - MAX_REASONS} more (in the ticket summary)")
        self.reasons_label.setText("\n".join(f"•  {shown(r, single_line=True)}" for r in reasons))
        self.reasons_label.setVisible(bool(reasons))
        worst = content_line(report, v.reasons[:MAX_REASONS])
        self.content_label.setText(f"▶ {_cap(worst)}" if worst else "")
        self.content_label.setVisible(bool(worst))
        ids = report.identities
        parts = [f"From: {ids.from_header or '(none)'}"]
        if ids.reply_to:
            parts.append(f"Reply-To: {', '.join(ids.reply_to)}")
        if ids.return_path is not None:
            parts.append(f"Return-Path: {ids.return_path or '<>'}")
        subject = f"Subject: {ids.subject}" if ids.subject else ""
        parts = [_cap(x) for x in parts]
        subject = _cap(subject)
        self.identity_label.setText("    ".join(parts) + ("\n" + subject if subject else ""))

    def summary_text(self) -> str:
        """The ticket summary of the shown report."""
        return ticket_summary(self.report) if self.report is not None else ""

    def copy_summary(self) -> None:
        """Put the ticket summary on the clipboard."""
        text = self.summary_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(text)
