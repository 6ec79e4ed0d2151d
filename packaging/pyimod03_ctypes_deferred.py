"""Stands in for PyInstaller's ``pyimod03_ctypes`` among the frozen app's bootstrap modules.

PyInstaller's bootstrap calls ``pyimod03_ctypes.install()`` at every start, and the stock one imports ``ctypes``
(its C extension and libffi) to make ``ctypes.CDLL`` and friends look for libraries in the bundle: ~2 ms of every
start, for an app that uses ctypes on few paths, if any. packaging/inspector.spec puts this module in the stock
one's place and bundles the stock module unchanged as ``_inspector_deferred_pyimod03_ctypes``, whose
``install()`` packaging/pyi_rth_deferred.py runs right after ``ctypes`` is first imported. It must stay as plain
as the stock bootstrap modules: it runs before the import system is complete.
"""


def install() -> None:
    """Nothing at start (see the module's docstring)."""
