"""The Body tab's Links and Attachments tables: every link, QR code and attachment with the engine's
findings, risky rows marked by words and an icon as well as colour, sortable, rows copied whole.

The findings and their severities are the content engine's (`Link.findings`, the attachments' `findings`,
`QrCode.findings`); this module only lays them out. Every value is message text: it goes into item text
(never interpreted) through `safe_text.shown`, and into tooltips through `safe_text.tooltip`. URLs are shown
as the engine defanged them and never made clickable.

An attachment whose type the engine did not recognise (`detected_type` None) says so; nothing is guessed
from its name here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableWidget, QTableWidgetItem, QWidget

from inspector.gui import table_copy
from inspector.gui.safe_text import shown, tooltip
from inspector.model.content import AttachedFile, Link, LinkFinding, QrCode
from inspector.model.vocabulary import Severity
from inspector.report.wording import RISK_WORDS, link_details, size_text

#: Severity words as the content engine writes them, most severe first.
SEVERITIES = ("high", "medium", "low", "info")
#: The row tint for each severity (the Risk column's words are the reports' `RISK_WORDS`).
RISK_TINTS = {"high": QColor(198, 40, 40, 60), "medium": QColor(161, 92, 0, 50)}
RISK_TEXT = {"high": "#b00020", "medium": "#8a4b00"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Longest text put in one cell (the tooltip carries more).
MAX_CELL_CHARS = 400
#: Archive members listed in a file name's tooltip.
MAX_MEMBERS_SHOWN = 50


def findings_text(findings: Iterable[LinkFinding]) -> str:
    """One line: each finding as "[severity] explanation", most severe first."""
    rank = {s: k for k, s in enumerate(SEVERITIES)}
    ordered = sorted(findings, key=lambda f: rank.get(f.severity, len(SEVERITIES)))
    return "  ".join(f"[{f.severity}] {f.explanation or f.kind}" for f in ordered)


def finding_lines(findings: Iterable[LinkFinding]) -> list[str]:
    """Each finding on a line of its own, with its kind (for tooltips)."""
    return [f"[{f.severity}] {f.kind}: {f.explanation}" for f in findings]


class SortItem(QTableWidgetItem):
    """An item that sorts by its SORT_ROLE value (numbers as numbers, severities by rank) when it has one."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if mine is not None and theirs is not None and type(mine) is type(theirs):
            return bool(mine < theirs)
        return self.text().casefold() < other.text().casefold()


def _item(text: object, tip: object = None, sort: object = None) -> SortItem:
    value = shown("" if text is None else text, single_line=True)
    item = SortItem(value[:MAX_CELL_CHARS] + ("…" if len(value) > MAX_CELL_CHARS else ""))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    full = "" if text is None else str(text)
    item.setToolTip(tooltip(tip if tip is not None else (full if len(full) > 40 else "")))
    if sort is not None:
        item.setData(SORT_ROLE, sort)
    return item


class RowTable(QTableWidget):
    """A read-only, sortable table of whole rows; Ctrl+C copies the selected rows as tab-separated text."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = tuple(columns)
        self.setHorizontalHeaderLabels(list(columns))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.setSortingEnabled(True)
        table_copy.install(self)  # Ctrl+C copies whole rows, as in every view of the window

    def copy_rows(self) -> str:
        """Copy the selected rows (all columns, header first) to the clipboard; returns the text."""
        return table_copy.copy_selected_rows(self)

    def row_texts(self, row: int) -> list[str]:
        """The texts of display row `row`, column by column."""
        items = [self.item(row, c) for c in range(self.columnCount())]
        return [item.text() if item is not None else "" for item in items]

    def _fill(self, rows: Sequence[tuple[str | None, list[SortItem]]]) -> None:
        """Put `rows` (each: its worst severity and its items) in, marking risky rows."""
        self.setSortingEnabled(False)
        self.clearContents()
        self.setRowCount(len(rows))
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for r, (sev, items) in enumerate(rows):
            for c, item in enumerate(items):
                if sev in RISK_TINTS:
                    item.setBackground(QBrush(RISK_TINTS[sev]))
                    if c == 0:
                        item.setIcon(icon)
                        item.setForeground(QBrush(QColor(RISK_TEXT[sev])))
                self.setItem(r, c, item)
        self.setSortingEnabled(True)
        self.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for c in range(self.columnCount() - 1):
            header.resizeSection(c, min(header.sectionSize(c), 520))


def _risk_item(sev: str | None, position: int, why: str = "") -> SortItem:
    rank = SEVERITIES.index(sev) if sev in SEVERITIES else len(SEVERITIES)
    # Most severe first; rows of one severity keep the message's order.
    word = RISK_WORDS.get(sev, str(sev))
    return _item(word, f"{word}: {why}" if why else word, sort=rank * 1_000_000 + position)


LINK_COLUMNS = ("Risk", "Text", "Destination (defanged)", "Domain", "Via wrappers", "Findings")


class LinksTable(RowTable):
    """Every link and resource of the bodies (and every QR code), with where it really goes and its findings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LINK_COLUMNS, parent)

    def set_links(self, links: Sequence[Link], qr_codes: Sequence[QrCode] = ()) -> None:
        """Show `links` (and QR codes, as rows whose text says where the code was found)."""
        rows: list[tuple[str | None, list[SortItem]]] = []
        for pos, link in enumerate(links):
            text = link.text or ("(the address itself)" if link.role == "link" else "")
            if link.role != "link":
                text = f"{text} (loaded by the mail client)".strip() if text else "(loaded by the mail client)"
            # The link's risk as the engine rated it: its findings together (`Link.risk`), not the worst alone.
            rows.append(_link_row(link.risk, pos, text, link_details(link), link.url_defanged, link))
        for k, qr in enumerate(qr_codes):
            where = f"QR code in {qr.where or 'an image'}"
            details = "\n".join([where, *(f"Behind: {v}" for v in qr.via), *finding_lines(qr.findings)])
            rows.append(_link_row(qr.worst, len(links) + k, where, details, qr.url_defanged, qr))
        self._fill(rows)


def _link_row(
    sev: str | None, pos: int, text: str, details: str, url: str, row: Link | QrCode
) -> tuple[str | None, list[SortItem]]:
    return (
        sev,
        [
            _risk_item(sev, pos, row.risk_note if isinstance(row, Link) else ""),
            _item(text, details),
            _item(url, f"{url}\n\n{details}"),
            _item(row.domain or "", None),
            _item(" → ".join(row.via), "\n".join(row.via)),
            _item(findings_text(row.findings), "\n".join(finding_lines(row.findings))),
        ],
    )


ATTACHMENT_COLUMNS = ("Risk", "File name", "Declared type", "Detected type", "Size", "SHA-256", "Findings")


class AttachmentsTable(RowTable):
    """Every attachment: what the sender says it is, what its bytes are, its hash and the engine's findings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ATTACHMENT_COLUMNS, parent)

    def set_attachments(self, attachments: Sequence[AttachedFile]) -> None:
        """Show `attachments`, most severe first."""
        rows: list[tuple[str | None, list[SortItem]]] = []
        for pos, att in enumerate(attachments):
            sev = att.worst
            notes = finding_lines(att.findings)
            summary = findings_text(att.findings)
            if att.name_hides_characters and not any(f.kind == "hidden-characters" for f in att.findings):
                # The engine's flag on the name (the verdict names it too), shown even before typed findings.
                notes.insert(0, "[medium] hidden-characters: the file name holds hidden or text-reversing characters")
                summary = " ".join(
                    x for x in ("[medium] the name holds hidden or text-reversing characters", summary) if x
                )
                sev = sev if sev == Severity.HIGH else Severity.MEDIUM
            shown_name = f"{att.part}/{att.filename}" if att.part else att.filename
            tip = "\n".join(
                [
                    att.filename,
                    *([f"Inside: {att.part}"] if att.part else []),
                    *(f"• {m}" for m in att.members[:MAX_MEMBERS_SHOWN]),
                ]
            )
            rows.append(
                (
                    sev,
                    [
                        _risk_item(sev, pos),
                        _item(shown_name, tip),
                        _item(att.declared_type or att.content_type, None),
                        _item(att.detected_type or "not recognised", None),
                        _item(size_text(att.size), f"{att.size:,} bytes", sort=att.size),
                        _item(att.sha256, att.sha256),
                        _item(summary, "\n".join(notes)),
                    ],
                )
            )
        self._fill(rows)
