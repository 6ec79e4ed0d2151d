"""Install-time DNS defaults, the read-receipt warning and the first-run dialog (issue 12, item 8)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from inspector.gui.defaults import MAX_BYTES, MachineDefaults, load_defaults
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings, describe_mode
from inspector.gui.settings_dialog import READ_RECEIPT, FirstRunDialog, SettingsDialog


def _settings(tmp_path: Path, defaults: MachineDefaults | None) -> GuiSettings:
    return GuiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), defaults)


@pytest.mark.parametrize(
    ("content", "mode", "snapshot", "nameserver"),
    [
        ({"dns_mode": "offline"}, DnsMode.OFFLINE, "", ""),
        ({"dns_mode": "snapshot", "snapshot_file": "/srv/snap.json"}, DnsMode.OFFLINE, "/srv/snap.json", ""),
        ({"dns_mode": "live"}, DnsMode.SYSTEM, "", ""),
        ({"dns_mode": "live", "nameserver": "10.0.0.53"}, DnsMode.NAMESERVER, "", "10.0.0.53"),
    ],
)
def test_defaults_file_sets_the_mode_until_the_user_chooses(
    tmp_path: Path, content: dict[str, str], mode: DnsMode, snapshot: str, nameserver: str
) -> None:
    path = tmp_path / "defaults.json"
    path.write_text(json.dumps(content))
    defaults = load_defaults([tmp_path / "missing.json", path])
    assert defaults.source == str(path) and not defaults.problem
    settings = _settings(tmp_path, defaults)
    org = settings.load()
    assert (org.dns_mode, org.snapshot_file, org.nameserver) == (mode, snapshot, nameserver)
    # The user's own choice wins over the machine's.
    settings.save(OrgSettings(dns_mode=DnsMode.SYSTEM))
    assert settings.load().dns_mode is DnsMode.SYSTEM


def test_env_variable_names_the_defaults_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.json"
    path.write_text('{"dns_mode": "offline"}')
    monkeypatch.setenv("INSPECTOR_DEFAULTS", str(path))
    settings = GuiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.load().dns_mode is DnsMode.OFFLINE
    assert describe_mode(settings.load()) == "DNS: offline (no queries)"


@pytest.mark.parametrize(
    "content",
    ['{"dns_mode": "sometimes"}', "not json", "[1]", '{"dns_mode": "snapshot"}', "[" * 100_000, " " * (MAX_BYTES + 1)],
)
def test_bad_defaults_files_are_ignored_with_a_reason(tmp_path: Path, content: str) -> None:
    path = tmp_path / "defaults.json"
    path.write_text(content)
    defaults = load_defaults([path])
    assert defaults.problem and defaults.dns_mode == "offline"
    assert _settings(tmp_path, defaults).load().dns_mode is DnsMode.OFFLINE  # ignored file: no DNS sent


def test_no_file_means_the_built_in_default(tmp_path: Path) -> None:
    assert load_defaults([tmp_path / "none.json"]) == MachineDefaults()


def test_settings_dialog_warns_about_the_read_receipt(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, MachineDefaults("offline", source="/etc/x/defaults.json"))
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.read_receipt.text() == READ_RECEIPT and "read receipt" in READ_RECEIPT
    assert "offline" in dlg.default_note.text() and "/etc/x/defaults.json" in dlg.default_note.text()
    assert dlg.mode_offline.isChecked()


@pytest.mark.parametrize("pick_offline", [True, False])
def test_first_run_dialog_saves_the_choice_once(qtbot: QtBot, tmp_path: Path, pick_offline: bool) -> None:
    settings = _settings(tmp_path, MachineDefaults())
    assert not settings.first_run_done() and not settings.dns_chosen()
    dlg = FirstRunDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.offline.isChecked() and not dlg.live.isChecked()  # never proposes the read receipt
    warning = dlg.findChild(QLabel, "readReceiptWarning")
    assert isinstance(warning, QLabel) and warning.text() == READ_RECEIPT
    (dlg.offline if pick_offline else dlg.live).setChecked(True)
    dlg.accept()
    again = _settings(tmp_path, MachineDefaults())
    assert again.first_run_done() and again.dns_chosen()
    assert again.load().dns_mode is (DnsMode.OFFLINE if pick_offline else DnsMode.SYSTEM)


def test_first_run_answer_survives_a_restart(tmp_path: Path) -> None:
    """Read back by a new process (QSettings caches a file per process, which hid the "general/" key's loss)."""
    ini = tmp_path / "settings.ini"
    settings = GuiSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    settings.mark_first_run_done()
    code = (
        "import sys; from PySide6.QtCore import QSettings; from inspector.gui.settings import GuiSettings; "
        "print(GuiSettings(QSettings(sys.argv[1], QSettings.Format.IniFormat)).first_run_done())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ini)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "True"


@pytest.mark.parametrize(
    "content",
    [
        {"dns_mode": "offline"},
        {"dns_mode": "snapshot", "snapshot_file": "/srv/snap.json"},
        {"dns_mode": "live"},
        {"dns_mode": "live", "nameserver": "10.0.0.53"},
    ],
)
def test_no_first_run_question_when_an_administrator_chose_the_dns_mode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: dict[str, str]
) -> None:
    path = tmp_path / "defaults.json"
    path.write_text(json.dumps(content))
    defaults = load_defaults([path])
    assert defaults.dns_mode_chosen
    settings = _settings(tmp_path, defaults)
    assert not settings.first_run_done() and settings.needs_first_run() is False
    asked = _run_first_run(qtbot, monkeypatch, settings)
    assert asked == []
    assert not settings.dns_chosen()  # nothing saved for the user: the machine's choice stays in force
    expected = {"offline": DnsMode.OFFLINE, "snapshot": DnsMode.OFFLINE}.get(content["dns_mode"])
    mode = settings.load().dns_mode
    assert mode is expected if expected else mode in (DnsMode.SYSTEM, DnsMode.NAMESERVER)


@pytest.mark.parametrize(
    "content",
    [None, '{"nameserver": "10.0.0.53"}', '{"dns_mode": "sometimes"}', "not json"],
)
def test_first_run_question_without_an_install_time_choice(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    """No file, a file without dns_mode, or a file that is ignored: the user is asked, offline preselected."""
    path = tmp_path / "defaults.json"
    if content is not None:
        path.write_text(content)
    settings = _settings(tmp_path, load_defaults([path]))
    assert settings.needs_first_run()
    asked = _run_first_run(qtbot, monkeypatch, settings)
    assert asked == [DnsMode.OFFLINE]  # what the dialog preselected
    assert not settings.needs_first_run()
    assert settings.load().dns_mode is DnsMode.OFFLINE  # closed without changing: offline saved


def test_first_run_dialog_keeps_a_live_mode_the_user_already_chose(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, MachineDefaults())
    settings.save(OrgSettings(dns_mode=DnsMode.NAMESERVER, nameserver="127.0.0.1:5353"))
    dlg = FirstRunDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.live.isChecked()
    dlg.accept()
    org = settings.load()
    assert (org.dns_mode, org.nameserver) == (DnsMode.NAMESERVER, "127.0.0.1:5353")


def _run_first_run(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, settings: GuiSettings) -> list[DnsMode]:
    """`app.ask_first_run` on a window with `settings`; the dialog, if shown, is closed with its preselection.
    Returns the preselected modes of the dialogs shown."""
    from inspector.gui.app import ask_first_run
    from inspector.gui.main_window import MainWindow

    shown: list[DnsMode] = []

    def close_at_once(dlg: FirstRunDialog) -> int:
        shown.append(dlg.chosen())
        dlg.done(1)
        return 1

    monkeypatch.setattr(FirstRunDialog, "exec", close_at_once)
    window = MainWindow(settings, persist_state=False)
    qtbot.addWidget(window)
    assert ask_first_run(window) is bool(shown)
    return shown
