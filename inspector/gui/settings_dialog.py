"""The Settings dialog (the organisation's domains, trusted receivers and networks, the DNS mode) and the
first-run dialog that asks for the DNS mode before the first message is opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
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

from inspector.gui.settings import DNS_BUDGET_RANGE, DnsMode, GuiSettings, OrgSettings, validate

#: Why live DNS matters, said wherever the DNS mode is chosen (Settings, first run).
READ_RECEIPT = (
    "Live DNS works like a read receipt: to re-check SPF, DKIM and DMARC, opening a message makes this "
    "computer ask DNS about names the sender chose (their domain, their DKIM selector). Whoever runs those "
    "name servers — possibly the attacker — can see that, and when, the message was opened, and from which "
    "network. Offline sends no DNS query at all (checks that need DNS then say “not verifiable offline”); a "
    "snapshot captured on another machine gives the answers without asking anyone."
)


#: Width the explanatory paragraphs are laid out for (a wrapped QLabel in a dialog otherwise gets the height
#: of a much wider line and is cut off).
TEXT_WIDTH = 520


HISTORY_NOTE = (
    "The sender history holds sender addresses, display names and the facts of how their mail arrived "
    "(networks, servers, signing domains), never a subject or a body. It stays on this computer; the History "
    "tab forgets a sender or wipes it all."
)


def _paragraph(text: str, name: str = "") -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    label.setMinimumWidth(TEXT_WIDTH)
    label.setMinimumHeight(label.heightForWidth(TEXT_WIDTH))
    return label


#: One line per setting: what it changes, with an example (shown under the field).
HINTS = {
    "protected": "Brands and domains whose look-alikes are flagged, e.g. paypal.com or yourbank.example.",
    "own": "Your organisation's domains: mail that claims them but comes from outside stands out, e.g. example.com.",
    "authserv": "The name your own mail servers write in Authentication-Results; only their results are trusted, "
    "e.g. mx.example.com.",
    "networks": "Your own relays' networks: hops inside them are your organisation, e.g. 192.0.2.0/24 or "
    "2001:db8::/32.",
    "dns": "Where SPF, DKIM and DMARC records are looked up: live DNS (e.g. server 127.0.0.1:5353), or offline "
    "with an optional snapshot from 'inspector dns-capture MESSAGE -o snap.json'.",
    "budget": "The longest one analysis waits for live DNS in all, e.g. 20 s; then the rest reads 'temperror'.",
}


def _hint(text: str, name: str) -> QLabel:
    label = _paragraph(text, name)
    label.setStyleSheet("font-size: 9pt;")
    return label


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
        for label, edit, key in (
            ("Protected domains:", self.protected, "protected"),
            ("Own domains:", self.own, "own"),
            ("Trusted authserv-ids:", self.authserv, "authserv"),
            ("Trusted networks:", self.networks, "networks"),
        ):
            org_form.addRow(label, edit)
            org_form.addRow("", _hint(HINTS[key], f"hint_{key}"))
        org_box = QGroupBox("Your organisation")
        org_box.setLayout(org_form)

        self.mode_system = QRadioButton("Live DNS, system resolver (a read receipt: see below)")
        self.mode_server = QRadioButton("Live DNS, this server:")
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
        dns_layout.addWidget(_hint(HINTS["dns"], "hint_dns"))
        self.read_receipt = _paragraph(READ_RECEIPT, "readReceiptWarning")
        dns_layout.addWidget(self.read_receipt)
        d = settings.defaults
        origin = f"set at installation in {d.source}" if d.source and not d.problem else "built in"
        note = f"Default for new users: {d.dns_mode} ({origin})."
        if d.problem:
            note += f"\nThe defaults file was ignored: {d.problem}"
        self.default_note = _paragraph(note, "dnsDefaultNote")
        dns_layout.addWidget(self.default_note)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(*DNS_BUDGET_RANGE)
        self.budget.setDecimals(0)
        self.budget.setSuffix(" s")
        self.budget.setValue(org.dns_budget)
        self.budget.setToolTip("Live DNS: questions are asked together; the analysis never waits longer than this")
        row3 = QHBoxLayout()
        row3.addWidget(QLabel("Wait for live DNS at most:"))
        row3.addWidget(self.budget)
        row3.addStretch(1)
        dns_layout.addLayout(row3)
        dns_layout.addWidget(_hint(HINTS["budget"], "hint_budget"))
        dns_box = QGroupBox("DNS")
        dns_box.setLayout(dns_layout)

        from inspector.paths import default_history_path

        self.history_file = QLineEdit(org.history_file)
        self.history_file.setObjectName("historyFile")
        self.history_file.setPlaceholderText(f"default: {default_history_path()}")
        history_layout = QVBoxLayout()
        history_row = QHBoxLayout()
        history_row.addWidget(QLabel("Store file:"))
        history_row.addWidget(self.history_file, 1)
        history_layout.addLayout(history_row)
        history_layout.addWidget(_paragraph(HISTORY_NOTE, "historyPrivacyNote"))
        history_box = QGroupBox("Sender history")
        history_box.setLayout(history_layout)

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
        layout.addWidget(history_box)
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
            dns_budget=float(self.budget.value()),
            history_file=self.history_file.text().strip(),
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


class FirstRunDialog(QDialog):
    """Asked once, before the first message is opened: live DNS (a read receipt) or offline."""

    def __init__(self, settings: GuiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before you open a message")
        self.settings = settings
        intro = _paragraph(
            "Email Header Inspector re-checks who really sent a message. It never loads remote content and "
            "never opens attachments, but the DNS checks ask the internet about the sender's names."
        )
        warning = _paragraph(READ_RECEIPT, "readReceiptWarning")
        self.live = QRadioButton("Live DNS (most complete checks; the sender may notice)")
        self.offline = QRadioButton("Offline (no DNS query; DNS-based checks are marked not verifiable)")
        group = QButtonGroup(self)
        group.addButton(self.live)
        group.addButton(self.offline)
        (self.offline if settings.first_run_proposal() is DnsMode.OFFLINE else self.live).setChecked(True)
        later = QLabel("You can change this at any time in Edit ▸ Settings.")
        later.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for w in (intro, warning, self.live, self.offline, later, buttons):
            layout.addWidget(w)

    def chosen(self) -> DnsMode:
        """The mode picked in the dialog."""
        return DnsMode.OFFLINE if self.offline.isChecked() else DnsMode.SYSTEM

    def done(self, result: int) -> None:
        """Save the choice however the dialog closes (OK, Escape, window close): it is asked only once."""
        org = self.settings.load()
        mode = self.chosen()
        if mode is not org.dns_mode or not self.settings.dns_chosen():
            keep_server = mode is DnsMode.SYSTEM and org.dns_mode is DnsMode.NAMESERVER
            self.settings.save(
                OrgSettings(
                    protected_domains=org.protected_domains,
                    own_domains=org.own_domains,
                    trusted_authserv_ids=org.trusted_authserv_ids,
                    trusted_networks=org.trusted_networks,
                    dns_mode=DnsMode.NAMESERVER if keep_server else mode,
                    nameserver=org.nameserver,
                    snapshot_file=org.snapshot_file,
                    dns_budget=org.dns_budget,
                    history_file=org.history_file,
                )
            )
        self.settings.mark_first_run_done()
        super().done(result)
