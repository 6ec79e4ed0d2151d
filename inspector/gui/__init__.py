"""The PySide6 desktop application: the only package of the project that imports Qt.

Every view renders an immutable `Report`; nothing here parses mail, asks DNS or verifies a signature.
The analysis itself runs in a child process (`analysis_process.py`), relayed by a pool thread (`worker.py`),
so the window never freezes and Cancel or Quit end an analysis whatever it is doing.
"""

from inspector.gui.pyside_feature import speed_up_feature_scan
from inspector.gui.qt_compat import pin_none

pin_none()
speed_up_feature_scan()
