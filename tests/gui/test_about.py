"""The About box names Qt's LGPL-3.0 and points at the LGPL and GPL texts (LGPL-3.0 §4)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from inspector import __version__
from inspector.gui.about import GPL_URL, LGPL_URL, about_html, licence_folder

if TYPE_CHECKING:
    from inspector.gui.main_window import MainWindow


def test_source_checkout_points_at_the_licence_folder() -> None:
    folder = licence_folder()
    assert folder is not None
    assert (folder / "LGPL-3.0.txt").is_file() and (folder / "GPL-3.0.txt").is_file()
    text = about_html("6.9.9", "6.9.9")
    assert folder.as_uri() in text
    assert "LGPL-3.0.txt" in text and "GPL-3.0.txt" in text


def test_notice_names_qt_its_licence_and_our_version() -> None:
    text = about_html("6.8.1", "6.8.1.1", folder=Path("/nowhere/licenses"))
    assert __version__ in text
    assert "Qt 6.8.1" in text and "PySide6 6.8.1.1" in text
    assert "GNU Lesser General Public License version 3" in text
    assert "The Qt Company" in text
    assert "MIT" in text


def test_without_a_licence_folder_the_gnu_addresses_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("inspector.gui.about.licence_folder", lambda: None)
    text = about_html("6.8.1", "6.8.1")
    assert LGPL_URL in text and GPL_URL in text


def test_frozen_build_uses_its_own_licence_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lic = tmp_path / "licenses"
    lic.mkdir()
    (lic / "LGPL-3.0.txt").write_text("lgpl")
    (lic / "GPL-3.0.txt").write_text("gpl")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert licence_folder() == lic


def test_about_box_shows_the_notice(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda _parent, _title, text: shown.append(text)))
    window.about()
    assert shown and "LGPL" in shown[0] and "GPL-3.0.txt" in shown[0]
