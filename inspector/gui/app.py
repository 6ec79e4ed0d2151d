"""`inspector gui [PATH…] [--offline] [--dns-snapshot F] [--nameserver H:P] [--tab NAME] [--screenshot OUT.png]`.

With no FILE the bundled sample (`resources/samples/paypal-lookalike.eml`) opens with its bundled DNS
snapshot, so the first run shows a real analysis offline. `--screenshot` renders the window with the
message analysed, saves the picture and exits (README screenshot, end-to-end tests); it writes nothing to
the user's settings (no window state, no recent file). `--tab NAME` brings one view to the front (every
name of `main_window.VIEWS`), so any view of a hostile message can be observed from the command line.
A folder, an mbox, a Maildir or many files open the triage table (``triage_view.py``), and
``--screenshot`` then waits for the whole run and captures the table.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from inspector.dns.source import DnsSource
from inspector.paths import resource_path

SAMPLE = ("samples", "paypal-lookalike.eml")
SAMPLE_SNAPSHOT = ("samples", "paypal-lookalike.dns.json")
SCREENSHOT_SIZE = (1360, 860)
#: How long --screenshot waits for the analysis before saving whatever the window shows.
SCREENSHOT_TIMEOUT_MS = 60_000


def app_icon() -> QIcon:
    """The application icon (an SVG we draw ourselves), or an empty icon if it is missing."""
    path = resource_path("icons", "app.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def demo_files() -> tuple[Path, Path | None] | None:
    """The bundled sample and its snapshot, when they exist."""
    msg = resource_path(*SAMPLE)
    if not msg.is_file():
        return None
    snap = resource_path(*SAMPLE_SNAPSHOT)
    return msg, (snap if snap.is_file() else None)


def window_size(spec: str | None) -> tuple[int, int]:
    """``WxH`` (``1024x600``) as a size, within 320…8192 px each way; the screenshot default otherwise."""
    try:
        w, h = (int(x) for x in (spec or "").lower().split("x"))
    except ValueError:
        return SCREENSHOT_SIZE
    return (min(max(w, 320), 8192), min(max(h, 240), 8192))


def _has_display() -> bool:
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def _cli_dns(args: argparse.Namespace) -> tuple[Callable[[], DnsSource] | None, str | None]:
    """A DNS factory from the command-line flags, when any was given (they override the settings).

    A contradiction is refused here, before the window opens, not as a failed analysis later.
    """
    offline = bool(getattr(args, "offline", False))
    snapshot: str | None = getattr(args, "dns_snapshot", None)
    nameserver: str | None = getattr(args, "nameserver", None)
    if not (offline or snapshot or nameserver):
        return None, None
    from inspector.dns.factory import check_choice, make_source

    check_choice(offline=offline, nameserver=nameserver)
    if snapshot:
        label = f"snapshot {os.path.basename(snapshot)} (command line)"
    elif offline:
        label = "offline (command line)"
    else:
        label = f"live via {nameserver} (command line)"
    return functools.partial(make_source, offline=offline, snapshot=snapshot, nameserver=nameserver), label


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names (QSettings location) and icon."""
    from inspector.gui.settings import APPLICATION, ORGANISATION

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            _quiet_offscreen_noise()
        app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("email-header-inspector")
    app.setWindowIcon(app_icon())
    return app


class FileOpenForwarder(QObject):
    """Hands files that the desktop asks us to open (macOS Finder double-click while running) to the window."""

    def __init__(self, open_paths: Callable[[list[str]], object]) -> None:
        super().__init__()
        self._open_paths = open_paths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self._open_paths([event.file()])
            return True
        return super().eventFilter(watched, event)


def wait_for_jobs(window: object, timeout_ms: int) -> None:
    """Run the event loop until the window has no running analysis (or the timeout)."""
    from inspector.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def check(_job: int = 0) -> None:
        if not window.manager.busy:
            loop.quit()

    window.analysisDone.connect(check)
    timer.start(timeout_ms)
    if window.manager.busy:
        loop.exec()
    window.analysisDone.disconnect(check)


#: Harmless notices of Qt's offscreen platform (it has no window manager to pass size hints to).
_OFFSCREEN_NOISE = ("does not support propagateSizeHints", "does not support raise()")


def _quiet_offscreen_noise() -> None:
    """Drop the offscreen plugin's harmless notices; every other Qt message still reaches stderr."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if not any(noise in message for noise in _OFFSCREEN_NOISE):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def open_demo(window: object, dns_factory: Callable[[], DnsSource] | None = None) -> int | None:
    """Analyse the bundled sample; returns its job id (None when the sample is not installed).

    The sample brings its own snapshot for this one request (unless the command line chose a DNS source).
    The settings are left alone: the next analyses still use their DNS mode. While the demo report is shown
    the status bar says its DNS came from the bundled snapshot (the report's own provenance).
    """
    from inspector.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    demo = demo_files()
    if demo is None:
        return None
    msg, snap = demo
    override: Callable[[], DnsSource] | None = dns_factory
    if override is None and snap is not None:
        from inspector.dns.snapshot import SnapshotSource

        # A partial, not a closure: the factory is sent to the analysis child process.
        override = functools.partial(SnapshotSource.from_file, str(snap))
    return window.open_paths([str(msg)], dns_override=override)[0]


def open_initial(window: object, paths: list[str], dns_factory: Callable[[], DnsSource] | None, *, defer: bool) -> None:
    """Open the command line's files, else the bundled sample.

    `defer`: once the event loop runs, i.e. after the window is on screen; starting the analysis (its child
    process, the job's thread) before that only delayed the window (start-up time). --screenshot opens at once.
    """
    from inspector.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def open_first() -> None:
        if paths:
            window.open_paths(paths)  # a folder, an mbox or many files open the triage table
        else:
            open_demo(window, dns_factory)

    if defer:
        QTimer.singleShot(0, open_first)
    else:
        open_first()


def ask_first_run(window: object) -> bool:
    """Ask the first-run DNS question (modal) unless it was answered or an administrator chose the DNS mode
    at install time; True when it was asked."""
    from inspector.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if not window.settings.needs_first_run():
        return False
    # Before any message is opened: live DNS would already be a read receipt for the first one.
    from inspector.gui.settings_dialog import FirstRunDialog

    FirstRunDialog(window.settings, window).exec()
    window.update_dns_label()
    return True


def run_gui(args: argparse.Namespace) -> int:
    """Open the window (and exit after saving a picture with --screenshot)."""
    from inspector.errors import UsageError

    screenshot = getattr(args, "screenshot", None)
    if screenshot and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not _has_display():
        sys.stderr.write(
            "inspector: no display found (DISPLAY/WAYLAND_DISPLAY unset); "
            "use `inspector analyze FILE`, or `inspector gui FILE --screenshot OUT.png`\n"
        )
        return 2
    dns_factory, dns_label = _cli_dns(args)
    tab: str | None = getattr(args, "tab", None)
    from inspector.gui.main_window import VIEWS

    if tab is not None and tab not in VIEWS:
        raise UsageError(f"--tab: {tab!r} is not a view; choose one of: {', '.join(VIEWS)}")
    file = getattr(args, "file", None)
    paths = [file, *(getattr(args, "more", None) or [])] if file is not None else []
    for path in paths:
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file")
    app = make_app()
    from inspector.gui import analysis_process
    from inspector.gui.main_window import MainWindow
    from inspector.gui.settings import GuiSettings

    # Quit ends the warm analysis process too (running analyses end with their window: closeEvent).
    app.aboutToQuit.connect(analysis_process.shutdown)

    window = MainWindow(
        GuiSettings(),
        dns_override=dns_factory,
        dns_override_label=dns_label,
        persist_state=not screenshot,
        remember_recent=not screenshot,
    )
    if screenshot:
        window.resize(*window_size(getattr(args, "window_size", None)))
    forwarder = FileOpenForwarder(window.open_paths)
    app.installEventFilter(forwarder)
    window.show()
    if not screenshot:
        ask_first_run(window)
    if tab is not None and not screenshot:
        # The report replaces the body's sub-tab when it arrives: bring the view forward once it is shown.
        def front(_job: int) -> None:
            window.analysisDone.disconnect(front)
            window.show_view(tab)

        window.analysisDone.connect(front)
        window.show_view(tab)
    open_initial(window, paths, dns_factory, defer=not screenshot)
    if screenshot:
        wait_for_jobs(window, SCREENSHOT_TIMEOUT_MS)
        if tab is not None:
            window.show_view(tab)
        for _ in range(4):  # deferred layouts (a table's height fitted to its rows, a scroll bar) settle first
            app.processEvents()
        window.repaint()
        app.processEvents()
        ok = window.grab().save(screenshot)
        window.close()
        analysis_process.shutdown()
        if not ok:
            sys.stderr.write(f"inspector: could not write {screenshot}\n")
            return 1
        entry = window.current_entry()
        return 3 if entry is not None and entry.state == "failed" else 0
    return app.exec()
