"""The Settings dialog: the organisation's domains, trusted receivers and networks, and the DNS mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings, validate


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(x.strip() for x in edit.toPlainText().splitlines() if x.strip())


class SettingsDialog(QDialog):
    """Edits `OrgSettings`; saves only when they validate."""

    def __init__(self, settings: GuiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        org = settings.load()

        def box(items: tuple[str, ...], hint: str) -> QPlainTextEdit:
            e = QPlainTextEdit("\n".join(items))
            e.setPlaceholderText(hint)
            e.setTabChangesFocus(True)
            e.setFixedHeight(70)
            return e

        self.protected = box(org.protected_domains, "one domain a line, e.g. paypal.com")
        self.own = box(org.own_domains, "your organisation's domains, one a line")
        self.authserv = box(org.trusted_authserv_ids, "authserv-ids of your own receivers, e.g. mx.example.com")
        self.networks = box(org.trusted_networks, "networks of your own relays, e.g. 192.0.2.0/24")
        org_form = QFormLayout()
        org_form.addRow("Protected domains:", self.protected)
        org_form.addRow("Own domains:", self.own)
        org_form.addRow("Trusted authserv-ids:", self.authserv)
        org_form.addRow("Trusted networks:", self.networks)
        org_box = QGroupBox("Your organisation")
        org_box.setLayout(org_form)

        self.mode_system = QRadioButton("System resolver")
        self.mode_server = QRadioButton("This DNS server:")
        self.mode_offline = QRadioButton("Offline (send no DNS query)")
        self.modes = QButtonGroup(self)
        for b in (self.mode_system, self.mode_server, self.mode_offline):
            self.modes.addButton(b)
        self.nameserver = QLineEdit(org.nameserver)
        self.nameserver.setPlaceholderText("HOST[:PORT], e.g. 127.0.0.1:5353")
        self.snapshot = QLineEdit(org.snapshot_file)
        self.snapshot.setPlaceholderText("optional: answer from a DNS snapshot file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        {DnsMode.SYSTEM: self.mode_system, DnsMode.NAMESERVER: self.mode_server, DnsMode.OFFLINE: self.mode_offline}[
            org.dns_mode
        ].setChecked(True)
        dns_layout = QVBoxLayout()
        dns_layout.addWidget(self.mode_system)
        row = QHBoxLayout()
        row.addWidget(self.mode_server)
        row.addWidget(self.nameserver, 1)
        dns_layout.addLayout(row)
        dns_layout.addWidget(self.mode_offline)
        row2 = QHBoxLayout()
        row2.addSpacing(24)
        row2.addWidget(QLabel("Snapshot:"))
        row2.addWidget(self.snapshot, 1)
        row2.addWidget(browse)
        dns_layout.addLayout(row2)
        dns_box = QGroupBox("DNS")
        dns_box.setLayout(dns_layout)

        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(org_box)
        layout.addWidget(dns_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "DNS snapshot", "", "DNS snapshots (*.json);;All files (*)")
        if path:
            self.snapshot.setText(path)
            self.mode_offline.setChecked(True)

    def values(self) -> OrgSettings:
        """What the dialog currently holds."""
        if self.mode_offline.isChecked():
            mode = DnsMode.OFFLINE
        elif self.mode_server.isChecked():
            mode = DnsMode.NAMESERVER
        else:
            mode = DnsMode.SYSTEM
        return OrgSettings(
            protected_domains=tuple(d.lower().rstrip(".") for d in _lines(self.protected)),
            own_domains=tuple(d.lower().rstrip(".") for d in _lines(self.own)),
            trusted_authserv_ids=_lines(self.authserv),
            trusted_networks=_lines(self.networks),
            dns_mode=mode,
            nameserver=self.nameserver.text().strip(),
            snapshot_file=self.snapshot.text().strip(),
        )

    def accept(self) -> None:
        """Save if valid; otherwise say what is wrong and stay open."""
        org = self.values()
        problems = validate(org)
        if problems:
            self.error.setText("\n".join(problems))
            return
        self.settings.save(org)
        super().accept()
