"""No DNS before consent: with nothing saved and no install-time choice, the GUI is offline (issue 16, item 5).

The first-run dialog already preselected Offline, but until it was answered (and always for
``inspector gui FILE --screenshot``, which asks nothing) the window used the live system resolver. These
tests never let a live source run: they capture the DNS factory an analysis or a triage run would use and
build it (building a source sends nothing), so on the old code they fail without sending a query.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from pytestqt.qtbot import QtBot

from inspector.dns.source import DnsSource, SourceKind
from inspector.gui import settings as gui_settings_module
from inspector.gui.defaults import MachineDefaults, load_defaults
from inspector.gui.jobs import JobManager
from inspector.gui.main_window import MainWindow
from inspector.gui.settings import DnsMode, GuiSettings, OrgSettings
from tests.conftest import SAMPLES

MESSAGE = SAMPLES / "paypal-lookalike.eml"


def _settings(tmp_path: Path, defaults: MachineDefaults) -> GuiSettings:
    return GuiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), defaults)


def _spy_starts(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], DnsSource]]:
    """Record the DNS factory of every analysis the window starts, and start none."""
    factories: list[Callable[[], DnsSource]] = []

    def start(self: JobManager, request: object, settings: object, factory: Callable[[], DnsSource], job_id=None):  # type: ignore[no-untyped-def]
        factories.append(factory)
        return job_id or self.new_id()

    monkeypatch.setattr(JobManager, "start", start)
    return factories


def test_unset_mode_is_offline_in_settings_and_status_bar(qtbot: QtBot, tmp_path: Path) -> None:
    settings = _settings(tmp_path, load_defaults([tmp_path / "no-defaults.json"]))
    assert not settings.dns_chosen() and settings.needs_first_run()
    assert settings.load().dns_mode is DnsMode.OFFLINE
    assert settings.dns_factory()().kind is SourceKind.OFFLINE
    window = MainWindow(settings, pool=QThreadPool(), persist_state=False)
    qtbot.addWidget(window)
    assert window.dns_label.text() == "DNS: offline (no queries)"  # before any choice: says offline
    assert "live" not in window.dns_label.toolTip()


def test_opening_a_file_before_any_choice_asks_no_dns(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories = _spy_starts(monkeypatch)
    window = MainWindow(_settings(tmp_path, MachineDefaults()), pool=QThreadPool(), persist_state=False)
    qtbot.addWidget(window)
    window.open_paths([str(MESSAGE)])
    assert len(factories) == 1
    assert factories[0]().kind is SourceKind.OFFLINE


def test_triage_run_before_any_choice_is_offline(qtbot: QtBot, tmp_path: Path) -> None:
    from inspector.gui.triage_window import _dns_choice

    window = MainWindow(_settings(tmp_path, MachineDefaults()), pool=QThreadPool(), persist_state=False)
    qtbot.addWidget(window)
    choice = _dns_choice(window)
    assert choice.build().kind is SourceKind.OFFLINE  # type: ignore[attr-defined]


def test_screenshot_run_without_saved_settings_is_offline(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`inspector gui FILE --screenshot OUT.png` with a fresh profile: no dialog, and no DNS."""
    from inspector.gui import app

    ini = tmp_path / "fresh.ini"
    monkeypatch.setenv("INSPECTOR_DEFAULTS", str(tmp_path / "none.json"))
    monkeypatch.setattr(gui_settings_module, "QSettings", lambda *_a: QSettings(str(ini), QSettings.Format.IniFormat))
    monkeypatch.setattr(gui_settings_module, "load_defaults", lambda: load_defaults([tmp_path / "none.json"]))
    factories = _spy_starts(monkeypatch)
    out = tmp_path / "shot.png"
    args = argparse.Namespace(file=str(MESSAGE), more=[], screenshot=str(out), tab=None, window_size="800x600")
    assert app.run_gui(args) == 0
    assert out.is_file()
    assert len(factories) == 1 and factories[0]().kind is SourceKind.OFFLINE
    assert not ini.exists() or "dns/mode" not in ini.read_text()  # nothing saved on the user's behalf


@pytest.mark.parametrize(
    ("content", "kind"),
    [({"dns_mode": "live", "nameserver": "127.0.0.1:5399"}, SourceKind.LIVE), ({"dns_mode": "offline"}, None)],
)
def test_explicit_choices_still_apply(tmp_path: Path, content: dict[str, str], kind: SourceKind | None) -> None:
    """An administrator's live choice (loopback here) and a user's saved live choice still go live."""
    path = tmp_path / "defaults.json"
    path.write_text(json.dumps(content))
    settings = _settings(tmp_path, load_defaults([path]))
    assert settings.dns_factory()().kind is (kind or SourceKind.OFFLINE)
    settings.save(OrgSettings(dns_mode=DnsMode.NAMESERVER, nameserver="127.0.0.1:5399"))
    assert settings.dns_factory()().kind is SourceKind.LIVE
