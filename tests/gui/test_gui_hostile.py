"""Hostile messages in the GUI (issue 12, items 1–3 and the --tab/--screenshot contract).

Every message- or DNS-controlled string must be shown as text: never interpreted as Qt rich text, never a
reason for Qt to open a file, with control and bidi characters visible. The tests observe file access —
the kernel's inotify reports in-process, strace in a child process — not only the widgets' bookkeeping.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector.gui.body_view import BLOCKED_PREFIX, BodyView, SafeDocument, placeholder_for
from inspector.gui.main_window import VIEWS, MainWindow
from inspector.gui.safe_text import tooltip
from inspector.model.report import ContentView, Report
from tests.gui.file_watch import Inotify, inotify_available, python_opens
from tests.gui.hostile import MARK, RAW_CONTROLS, hostile_message, make_canary, rich
from tests.gui.sample_reports import rich_report
from tests.gui.sweep import Shown, collect

ROOT = Path(__file__).resolve().parent.parent.parent
needs_inotify = pytest.mark.skipif(not inotify_available(), reason="inotify is Linux-only")


@pytest.fixture
def canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding a real file for every name the hostile message points at; the test runs inside it
    (relative names resolve here). The pictures are valid PNGs, so code that loads them would show them."""
    folder = make_canary(tmp_path / "canary")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def message(tmp_path: Path, canary: Path) -> Path:
    path = tmp_path / "hostile.eml"  # outside the watched folder: reading the evidence is expected
    path.write_bytes(hostile_message(canary))
    return path


def interpreted(text: str, may_be_rich: bool) -> str:
    """What a person reads when Qt shows `text` (rich text parsed by a document that loads nothing)."""
    if not may_be_rich:
        return text
    doc = SafeDocument(set())
    doc.setHtml(text)
    return doc.toPlainText()


def assert_shown_as_text(shown: Shown) -> None:
    """Markup from the message reads as markup (``<b>HOSTILE-MARK</b>``), never as formatting; no raw
    control or bidi character reaches any widget."""
    seen = 0
    rich_texts = [*shown.rich, *((t, True) for t in shown.tooltips_shown)]
    for text, may_be_rich in rich_texts:
        read = interpreted(text, may_be_rich)
        n = read.count(MARK)
        seen += n
        assert read.count(f"<b>{MARK}</b>") == n, f"markup interpreted: {text[:300]!r}"
    assert seen > 0, "the sweep saw none of the message's markup: it tests nothing"
    for text in [*shown.plain, *(t for t, _ in rich_texts)]:
        bad = [c for c in RAW_CONTROLS if c in text]
        assert not bad, f"raw {bad!r} shown in {text[:200]!r}"


def analyse(qtbot: QtBot, window: MainWindow, path: Path) -> Report:
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(path)])
    report = window.current_report()
    assert report is not None
    return report


# -- item 1: tooltips, labels, items ---------------------------------------------------------------------
def test_tooltip_helper_escapes_and_keeps_lines() -> None:
    tip = tooltip('a <img src="file:///dev/zero"> & b\n\u202ec\x1b[2J')
    assert tip.startswith("<p style='white-space:pre-wrap'>")
    assert "<img" not in tip and "&lt;img src=&quot;file:///dev/zero&quot;&gt; &amp; b" in tip
    assert "\u202e" not in tip and "⟨U+202E⟩" in tip and "^[[2J" in tip
    assert interpreted(tip, True) == 'a <img src="file:///dev/zero"> & b\n⟨U+202E⟩c^[[2J'
    assert tooltip("") == "" and tooltip(None) == ""
    assert len(tooltip("x" * 100_000)) < 4200


@needs_inotify
def test_hovering_every_view_opens_no_file_the_message_names(
    qtbot: QtBot, window: MainWindow, message: Path, canary: Path
) -> None:
    """Analyse the hostile message, bring every view to the front (the HTML view renders), hover every
    tooltip with a real QHelpEvent: the kernel reports no open or read in the canary folder."""
    watch = Inotify([canary])
    try:
        with python_opens(str(canary), "attacker.example", "rel.png", "rel-import.css") as py:
            analyse(qtbot, window, message)
            shown = collect(window, QApplication.instance())  # type: ignore[arg-type]
        opened = watch.events()
    finally:
        watch.close()
    assert len(shown.tooltips_shown) >= 30, shown.tooltips_shown
    assert opened == [], f"Qt opened files the message named: {sorted(set(opened))[:20]}"
    assert py == []
    assert_shown_as_text(shown)


@needs_inotify
def test_the_watch_would_see_qt_open_a_file(qtbot: QtBot, canary: Path) -> None:
    """The observer works: Qt rich text that names a canary file (what the GUI used to build) is reported."""
    from PySide6.QtWidgets import QLabel

    watch = Inotify([canary])
    try:
        label = QLabel(rich(canary, "subject"))
        qtbot.addWidget(label)
        label.show()
        label.grab()
        opened = watch.events()
    finally:
        watch.close()
    assert any(p.endswith("subject.png") for p in opened), opened


def _poison(value: object) -> object:
    """Every string inside a report with hostile markup and controls appended (recursively)."""
    tail = f" <b>{MARK}</b><img src='file:///nonexistent/x.png'>\u202e\x1b[31m"
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return value + tail
    if isinstance(value, tuple):
        return tuple(_poison(v) for v in value)
    if isinstance(value, list):
        return [_poison(v) for v in value]
    if isinstance(value, dict):
        return {k: _poison(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _poison(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


#: Fields whose value selects a code path (a colour, a zone) rather than being shown: left as they are.
KEYS = {"severity", "trust_zone", "kind", "body_hash", "placement", "level", "result", "method"}


def _poison_shown(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: (getattr(value, f.name) if f.name in KEYS else _poison_shown(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(_poison_shown(v) for v in value)
    if isinstance(value, (str, list, dict)):
        return _poison(value)
    return value


def test_every_string_of_a_report_is_shown_as_text(qtbot: QtBot, window: MainWindow) -> None:
    """A report whose every string (header values, hop fields, auth details, the SPF exp= text, lookalike
    explanations, links, attachment names, DNS descriptions) carries markup and controls."""
    report = _poison_shown(rich_report())
    assert isinstance(report, Report)
    assert MARK in (report.spf.explanation or "") or MARK in report.spf.reason
    window.show_report(report)
    shown = collect(window, QApplication.instance())  # type: ignore[arg-type]
    assert len(shown.tooltips_shown) >= 20
    assert_shown_as_text(shown)


# -- item 2: the HTML view ---------------------------------------------------------------------------------
@needs_inotify
def test_html_view_opens_no_file(qtbot: QtBot, canary: Path) -> None:
    html = hostile_message(canary).decode().split("Content-Type: text/html; charset=utf-8\r\n\r\n")[1]
    html = html.split("\r\n--B")[0]
    view = BodyView()
    qtbot.addWidget(view)
    watch = Inotify([canary])
    try:
        with python_opens(str(canary), "attacker.example", "rel.png") as py:
            view.set_content(ContentView(True, None, html, (), ()))
            view.show()
            view.tabs.setCurrentIndex(2)
            view.browser.grab()
            view.resize(300, 900)
            view.browser.grab()
        opened = watch.events()
    finally:
        watch.close()
    assert opened == [] and py == [], opened
    asked = " ".join(view.browser.requested)
    # Style sheets and backgrounds were asked for while parsing, images at layout — all answered by us.
    for name in ("import.css", "body-bg.png", "table-bg.png", "td-bg.png", "img.png", "rel.png", "share/unc.png"):
        assert name in asked, (name, asked)
    assert "Hello" in view.browser.toPlainText()


def test_every_image_is_renamed_before_layout(qtbot: QtBot) -> None:
    view = BodyView()
    qtbot.addWidget(view)
    view.set_content(
        ContentView(True, None, "<img src='a.png'><p><img src='file:///etc/passwd'><img src='//h/s/x'>", (), ())
    )
    view.render_html()
    doc = view.browser.document()
    names = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    assert len(names) == 3 and all(n.startswith(BLOCKED_PREFIX) for n in names), names


def test_every_resource_type_gets_an_answer() -> None:
    """Never None (None lets Qt load the resource itself), for every resource type Qt knows."""
    view = BodyView()
    for rtype in QTextDocument.ResourceType:
        for url in ("file:///etc/passwd", "//attacker.example/share/x", "rel.css", "data:,x", "cid:a"):
            for answer in (placeholder_for(rtype.value), view.browser.loadResource(rtype.value, QUrl(url))):
                assert answer is not None
                assert not (isinstance(answer, QImage) and answer.isNull())
                assert answer != ""
    view.deleteLater()


# -- the command line: --tab and --screenshot, observed under strace ---------------------------------------
def test_show_view_knows_every_tab(window: MainWindow) -> None:
    window.show_report(rich_report())
    for name, (tab, sub) in VIEWS.items():
        window.show_view(name)
        assert window.tabs.currentIndex() == tab
        if sub is not None:
            assert window.body.tabs.currentIndex() == sub
            assert window.current_view() == name
    assert set(range(window.tabs.count())) == {tab for tab, _ in VIEWS.values()}
    assert set(range(window.body.tabs.count())) == {s for _, s in VIEWS.values() if s is not None}


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


needs_strace = pytest.mark.skipif(not _strace_works(), reason="strace is not installed or not permitted")


def _env(home: Path) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QT_SCALE_FACTOR="2",  # HiDPI: Qt's image handler probes name@2x.png
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=str(ROOT),
    )


def _touched(log: Path, canary: Path) -> list[str]:
    needles = (str(canary), "attacker.example", "rel.png", "rel-import.css", "/dev/zero", "@2x")
    return [line for line in log.read_text(errors="replace").splitlines() if any(n in line for n in needles)]


@needs_strace
def test_hover_everything_under_strace(tmp_path: Path, canary: Path) -> None:
    """A child process opens the message (Subject and HTML name file:///dev/zero too), shows every view and
    hovers every tooltip at scale factor 2: no open, stat or access of any path the message names."""
    msg = tmp_path / "zero.eml"
    msg.write_bytes(hostile_message(canary, dev_zero=True))
    log = tmp_path / "strace.log"
    proc = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log), sys.executable, "-m", "tests.gui.sweep", str(msg)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert int(proc.stdout.split("tooltips shown:")[1]) >= 30
    assert "Traceback" not in proc.stderr
    touched = _touched(log, canary)
    assert touched == [], touched[:20]


@needs_strace
def test_screenshot_of_each_view_opens_nothing_and_remembers_nothing(tmp_path: Path, canary: Path) -> None:
    msg = tmp_path / "zero.eml"
    msg.write_bytes(hostile_message(canary, dev_zero=True))
    for tab in ("body-html", "attachments"):
        out = tmp_path / f"{tab}.png"
        log = tmp_path / f"{tab}.log"
        cmd = [sys.executable, "-m", "inspector", "gui", str(msg), "--offline", "--tab", tab, "--screenshot", str(out)]
        proc = subprocess.run(
            ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(log), *cmd],
            cwd=ROOT,
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert _touched(log, canary) == []
    # --screenshot wrote no settings at all (no recent-files list, no window state).
    written = [p for p in (tmp_path / "config").rglob("*") if p.is_file()] if (tmp_path / "config").exists() else []
    assert not any("recent" in p.read_text(errors="replace") for p in written), written


def test_unknown_tab_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "gui",
            "--offline",
            "--tab",
            "nope",
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "body-html" in proc.stderr and "Traceback" not in proc.stderr
