"""The frozen app's start-up layout, checked without building it (issue 18, item 7: frozen no slower than source).

- packaging/pyi_rth_deferred.py runs PyInstaller's stock hooks for ``multiprocessing``, ``pkgutil`` and
  ``inspect`` when their module is first used, not at every start: exercised here in a fake frozen process, as
  the bootloader runs it (in ``__main__``), with stand-in stock hooks that behave like the real ones.
- packaging/frozen_modules.py decides which modules stay in the compressed archive: checked against the
  modules real starts from source import (``--version``, ``analyze`` of an .eml and an .msg, the window).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
HOOK = PACKAGING / "pyi_rth_deferred.py"
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
MSG = ROOT / "tests" / "fixtures" / "msg" / "html-attachments.msg"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


frozen_modules = load(PACKAGING / "frozen_modules.py")
CONSTANTS = frozen_modules.hook_constants(HOOK)
PREFIX = CONSTANTS["MODULE_PREFIX"]

#: Stand-ins for PyInstaller's stock hooks, doing what the real ones do to their module (and logging that they ran).
FAKE_STOCK_HOOKS = {
    "pyi_rth_multiprocessing": """
        import builtins, multiprocessing, multiprocessing.spawn
        builtins.RAN.append("pyi_rth_multiprocessing")
        multiprocessing.process.ORIGINAL_DIR = None
        def _freeze_support():
            builtins.RAN.append("frozen freeze_support")
        multiprocessing.freeze_support = multiprocessing.spawn.freeze_support = _freeze_support
    """,
    "pyi_rth_pkgutil": """
        import builtins, pkgutil
        builtins.RAN.append("pyi_rth_pkgutil")
        pkgutil.FROZEN_AWARE = True
    """,
    # the stock bootstrap module: its install() redirects ctypes.CDLL into the bundle
    "pyimod03_ctypes": """
        import builtins, sys
        def install():
            import ctypes
            builtins.RAN.append("pyimod03_ctypes.install")
            ctypes.FROZEN_AWARE = True
    """,
    "pyi_rth_inspect": """
        import builtins, inspect, zipfile
        builtins.RAN.append("pyi_rth_inspect")
        _orig = inspect.getsourcefile
        def _pyi_getsourcefile(obj):
            return "frozen:" + str(_orig(obj))
        inspect.getsourcefile = _pyi_getsourcefile
    """,
}

#: Runs the hook file the way PyInstaller's bootloader does (compiled, executed in ``__main__``'s namespace) in a
#: process that looks frozen, then uses the watched modules and reports what happened, as JSON.
DRIVER = """
import builtins, json, sys
builtins.RAN = []
fake_meipass, hook_file, preimport = sys.argv[1:4]
sys.path.insert(0, fake_meipass)
sys.frozen = True
sys._MEIPASS = fake_meipass
if preimport:
    __import__(preimport)
main_ns = vars(sys.modules["__main__"])
f = names_before = modules_before = None  # the driver's own names, before the count
names_before = set(main_ns)
modules_before = set(sys.modules)
with open(hook_file, encoding="utf-8") as f:
    exec(compile(f.read(), hook_file, "exec"), main_ns)
out = {
    "left_in_main": sorted(set(main_ns) - names_before),
    "imported_by_hook": sorted(set(sys.modules) - modules_before),
    "ran_at_start": list(builtins.RAN),
    "watching": sum(type(f).__name__ == "_DeferredHooks" for f in sys.meta_path),
}
import inspect
out["after_import_inspect"] = list(builtins.RAN)
out["stand_in"] = [inspect.getsourcefile.__name__, inspect.getsourcefile.__doc__ == inspect.getabsfile.__doc__]
out["first_call"] = inspect.getsourcefile(json.dumps)
out["second_call"] = inspect.getsourcefile(json.loads)
out["after_calls"] = list(builtins.RAN)
out["getsourcefile_now"] = inspect.getsourcefile.__name__
from multiprocessing import freeze_support
freeze_support()
import multiprocessing
out["after_multiprocessing"] = list(builtins.RAN)
out["loaders"] = [type(multiprocessing.__loader__).__name__, type(multiprocessing.__spec__.loader).__name__]
out["original_dir"] = multiprocessing.process.ORIGINAL_DIR
import pkgutil
out["pkgutil_adjusted"] = getattr(pkgutil, "FROZEN_AWARE", False)
from ctypes import CDLL
import ctypes
out["ctypes_adjusted"] = getattr(ctypes, "FROZEN_AWARE", False)
out["ran_at_end"] = list(builtins.RAN)
out["watching_at_end"] = sum(type(f).__name__ == "_DeferredHooks" for f in sys.meta_path)
print(json.dumps(out))
"""


def run_hook(tmp_path: Path, preimport: str = "") -> dict:
    meipass = tmp_path / "meipass"
    meipass.mkdir()
    for hook, body in FAKE_STOCK_HOOKS.items():
        (meipass / f"{PREFIX}{hook}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", DRIVER, str(meipass), str(HOOK), preimport],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_deferred_stock_hooks_run_when_their_module_is_used_not_at_start(tmp_path: Path) -> None:
    out = run_hook(tmp_path)
    # At start: no stock hook ran, and none of what they import was imported.
    assert out["ran_at_start"] == []
    assert not {"multiprocessing", "pkgutil", "inspect", "zipfile", "subprocess", "pickle", "ctypes"} & set(
        out["imported_by_hook"]
    )
    assert out["watching"] == 1
    # inspect: importing it arms a stand-in; the stock hook runs at the first getsourcefile call, once, and wraps
    # the original function (not the stand-in: no recursion), which then answers every call directly.
    assert out["after_import_inspect"] == []
    assert out["stand_in"] == ["getsourcefile", False]
    assert out["first_call"].startswith("frozen:") and out["first_call"].endswith("json/__init__.py")
    assert out["second_call"].startswith("frozen:")
    assert out["after_calls"] == ["pyi_rth_inspect"]
    assert out["getsourcefile_now"] == "_pyi_getsourcefile"
    # multiprocessing: adjusted before the importing statement gets the module (its freeze_support is the frozen
    # one); the module keeps the real loader, not the hook's wrapper.
    assert out["after_multiprocessing"] == ["pyi_rth_inspect", "pyi_rth_multiprocessing", "frozen freeze_support"]
    assert out["original_dir"] is None
    assert out["loaders"] == ["SourceFileLoader", "SourceFileLoader"]
    assert out["pkgutil_adjusted"] is True
    assert out["ran_at_end"].count("pyi_rth_pkgutil") == 1
    # ctypes: the stock bootstrap module's install() ran at its first import, once
    assert out["ctypes_adjusted"] is True
    assert out["ran_at_end"].count("pyimod03_ctypes.install") == 1
    # Nothing left to watch: the finder has left sys.meta_path; and the hook left no helper in __main__.
    assert out["watching_at_end"] == 0
    assert set(out["left_in_main"]) <= {"DEFERRED", "DEFERRED_BOOTSTRAP", "MODULE_PREFIX", "ModuleType", "annotations"}


def test_a_module_imported_before_the_hook_is_adjusted_at_once(tmp_path: Path) -> None:
    out = run_hook(tmp_path, preimport="pkgutil")
    assert out["ran_at_start"] == ["pyi_rth_pkgutil"]
    assert out["pkgutil_adjusted"] is True
    assert out["ran_at_end"].count("pyi_rth_pkgutil") == 1


def test_the_spec_builds_plain_pyc_files_and_uses_both_lazy_hooks() -> None:
    tree = ast.parse((PACKAGING / "inspector.spec").read_text(encoding="utf-8"))
    (call,) = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Analysis"]
    keywords = {k.arg: k.value for k in call.keywords}
    assert ast.literal_eval(keywords["noarchive"]) is True
    hooks = ast.unparse(keywords["runtime_hooks"])
    assert "pyi_rth_pyside6_lazy.py" in hooks and "pyi_rth_deferred.py" in hooks


def test_every_deferred_hook_names_a_stock_hook_and_its_module() -> None:
    deferred = CONSTANTS["DEFERRED"]
    assert set(deferred) == {"pyi_rth_multiprocessing", "pyi_rth_pkgutil", "pyi_rth_inspect"}
    for hook, (module, attr) in deferred.items():
        assert hook == f"pyi_rth_{module}"  # PyInstaller's naming (PyInstaller/hooks/rthooks.dat)
        mod = importlib.import_module(module)
        assert attr == "" or callable(getattr(mod, attr))
    assert CONSTANTS["DEFERRED_BOOTSTRAP"] == {"pyimod03_ctypes": "ctypes"}


def test_the_bootstrap_stand_in_does_nothing_at_start(tmp_path: Path) -> None:
    # It runs before the import system is complete: no import at all, and install() changes nothing.
    stand_in = PACKAGING / "pyimod03_ctypes_deferred.py"
    tree = ast.parse(stand_in.read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    code = "import sys; ns = {}; exec(open(sys.argv[1]).read(), ns); before = set(sys.modules); ns['install'](); "
    code += "print(sorted(set(sys.modules) - before))"
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(stand_in)], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("dest", "module"),
    [
        ("pypdf/__init__.pyc", "pypdf"),
        ("pypdf/generic/_base.pyc", "pypdf.generic._base"),
        (os.path.join("PIL", "Image.pyc"), "PIL.Image"),
        ("rarfile.pyc", "rarfile"),
        ("tarfile.pyc", "tarfile"),
        ("xml/etree/ElementTree.pyc", "xml.etree.ElementTree"),
        ("PIL/_imaging.cpython-311-x86_64-linux-gnu.so", None),  # an extension stays a file
        ("pypdf/py.typed", None),  # package data stays a file
        ("xmlrpc/client.pyc", None),  # not the xml package
        ("inspector/cli.pyc", None),
        ("email/parser.pyc", None),
        ("dns/resolver.pyc", None),
    ],
)
def test_which_collected_modules_go_into_the_compressed_archive(dest: str, module: str | None) -> None:
    assert frozen_modules.compressed_module(dest) == module


def test_split_datas_moves_only_compiled_modules_of_the_compressed_packages() -> None:
    datas = [
        ("pypdf/_reader.pyc", "/w/localpycs/pypdf/_reader.pyc", "DATA"),
        ("pypdf/py.typed", "/venv/pypdf/py.typed", "DATA"),
        ("inspector/cli.pyc", "/w/localpycs/inspector/cli.pyc", "DATA"),
        ("PIL/__init__.pyc", "/w/localpycs/PIL/__init__.pyc", "SYMLINK"),  # not a collected module
    ]
    kept, archived = frozen_modules.split_datas(datas)
    assert archived == [("pypdf._reader", "/w/localpycs/pypdf/_reader.pyc", "PYMODULE")]
    assert kept == datas[1:]


#: Records the modules a start from source imported (written when the process exits).
RECORDER = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w", encoding="utf-8").write(json.dumps(sorted(sys.modules))))
from inspector.__main__ import entry
sys.exit(entry())
"""


def modules_of_a_start(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "INSPECTOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "-c", RECORDER, str(out), *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    return set(json.loads(out.read_text(encoding="utf-8")))


def compressed(modules: set[str]) -> set[str]:
    """The compressed packages among `modules` (top-level names)."""
    return {m.split(".")[0] for m in modules} & set(frozen_modules.COMPRESSED_PACKAGES)


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        (("--version",), set()),
        (("analyze", str(SAMPLE), "--json", "--offline"), set()),
        # an Outlook item with a PDF attachment: pypdf reads it (with the xml package, for its metadata), and
        # Pillow the images it may hold
        (("analyze", str(MSG), "--json", "--offline"), {"pypdf", "xml", "PIL"}),
    ],
    ids=["version", "analyze-eml", "analyze-msg-with-pdf"],
)
def test_a_cli_start_imports_no_compressed_package_and_nothing_a_deferred_hook_waits_for(
    tmp_path: Path, args: tuple[str, ...], needed: set[str]
) -> None:
    modules = modules_of_a_start(tmp_path, *args)
    assert "inspector.cli" in modules
    assert compressed(modules) == needed
    # the modules whose first import runs a deferred stock hook (inspect: its first getsourcefile call)
    assert not {"multiprocessing", "pkgutil"} & modules


def test_the_window_imports_no_compressed_package(tmp_path: Path) -> None:
    modules = modules_of_a_start(
        tmp_path, "gui", str(SAMPLE), "--offline", "--screenshot", str(tmp_path / "window.png")
    )
    assert "inspector.gui.main_window" in modules
    assert compressed(modules) == set()
