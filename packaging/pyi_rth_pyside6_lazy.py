"""PyInstaller run-time hook: PySide6's environment, without loading Qt (replaces ``pyi_rth_pyside6``).

PyInstaller's stock hook ends by importing ``PySide6.QtCore`` to register a qt.conf, so every start of the
frozen app loaded the Qt libraries, also ``inspector analyze`` and ``--version`` (144 ms frozen against 64 ms
from source). This hook sets the same environment (where Qt's plugins are; on Windows the DLL search path)
and leaves the Qt part to packaging/launcher.py, which runs it only when the GUI starts. packaging/inspector.spec
removes the stock hook and adds this one; it also lists the stock hook's helper module (``_pyi_rth_utils.qt``,
which the launcher uses) as a hidden import, so this hook imports nothing at start.
"""


def _pyi_rthook() -> None:
    import os
    import sys

    meipass = sys._MEIPASS  # type: ignore[attr-defined]
    windows = sys.platform.startswith("win")
    qt_dir = os.path.join(meipass, "PySide6") if windows else os.path.join(meipass, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    if windows:
        os.environ["PATH"] = meipass + os.pathsep + os.environ.get("PATH", "")


_pyi_rthook()
del _pyi_rthook
