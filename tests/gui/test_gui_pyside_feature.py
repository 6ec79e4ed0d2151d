"""PySide6's per-import "does this module use PySide" scan answers as PySide's own, from the file's bytes."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

import inspector.gui  # noqa: F401  (installs the faster scan)
from inspector.gui.pyside_feature import speed_up_feature_scan

ROOT = Path(__file__).resolve().parents[2]
feature = sys.modules["shibokensupport.feature"]


def test_the_scan_is_swapped_once() -> None:
    assert hasattr(feature._mod_uses_pyside, "__wrapped__")
    assert speed_up_feature_scan() is False  # a second call changes nothing


@pytest.mark.parametrize(
    "name",
    [
        "inspector.gui.app",  # imports PySide6
        "inspector.gui.about",
        "inspector.report.to_html",  # engine: never mentions it
        "inspector.model.report",
        "json",  # standard library, a package
        "email.policy",
        "PySide6.QtCore",  # an extension module: PySide's own function answers
        "sys",  # built in
        "marshal",
    ],
)
def test_same_answer_as_pysides_own(name: str) -> None:
    module = importlib.import_module(name)
    fast, own = feature._mod_uses_pyside, feature._mod_uses_pyside.__wrapped__
    assert fast(module) is own(module)


def test_odd_modules_fall_back(tmp_path: Path) -> None:
    fast, own = feature._mod_uses_pyside, feature._mod_uses_pyside.__wrapped__
    gone = types.ModuleType("gone_module")
    gone.__file__ = str(tmp_path / "gone_module.py")  # no such file
    assert fast(gone) is own(gone) is False
    built = types.ModuleType("built_module")  # no file, no spec
    assert fast(built) is own(built) is False


def test_pysides_table_gets_the_same_entries() -> None:
    """In a fresh interpreter: the entries PySide records for modules imported after the GUI package."""
    code = (
        "import json, sys, inspector.gui\n"
        # PySide records the module each import statement returns: `from X import y` returns X.
        "from inspector.gui.about import about_html\n"
        "from inspector.report.to_html import esc\n"
        "d = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
        "print(json.dumps([d.get('inspector.gui.about'), d.get('inspector.report.to_html')]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, -1]
