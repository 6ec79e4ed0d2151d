"""Package ``__init__`` files re-export lazily (`inspector/lazy_exports.py`), and say the same names twice right.

Each such ``__init__`` names its re-exports twice: imports under ``if TYPE_CHECKING:`` (for mypy and for
PyInstaller's import scan) and the ``lazy_exports`` map (at run time). These tests keep the two in step, check
that every public name resolves to the submodule's own object, and that importing one submodule no longer runs
the rest of its package (the start-up cost this exists for).
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.lazy_exports import lazy_exports

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"


def _lazy_inits() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("__init__.py")) if "lazy_exports(" in p.read_text(encoding="utf-8")]


def _package(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).parts[:-1])


def _type_checking_imports(tree: ast.Module) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                for alias in imp.names:
                    names[alias.asname or alias.name] = imp.module
    return names


def test_the_packages_that_used_to_import_everything_are_lazy() -> None:
    lazy = {_package(p) for p in _lazy_inits()}
    expected = {"chain", "content", "dns", "filters", "history", "ingest", "lookalike", "verdict"}
    assert {f"inspector.{name}" for name in expected} <= lazy


@pytest.mark.parametrize("path", _lazy_inits(), ids=_package)
def test_type_checking_imports_and_the_lazy_map_agree(path: Path) -> None:
    package = importlib.import_module(_package(path))
    static = _type_checking_imports(ast.parse(path.read_text(encoding="utf-8")))
    assert sorted(static) == sorted(package.__all__)
    for name, module in static.items():
        value = getattr(package, name)
        assert value is getattr(importlib.import_module(module), name), f"{package.__name__}.{name}"


@pytest.mark.parametrize("path", _lazy_inits(), ids=_package)
def test_unknown_names_are_attribute_errors(path: Path) -> None:
    package = importlib.import_module(_package(path))
    with pytest.raises(AttributeError, match="no_such_name"):
        package.no_such_name  # noqa: B018
    assert not hasattr(package, "no_such_name")


def test_the_helper_caches_the_value_on_the_package() -> None:
    module = type(sys)("lazy_probe_package")
    sys.modules["lazy_probe_package"] = module
    try:
        getter = lazy_exports("lazy_probe_package", {"json": ("dumps",)})
        import json

        assert getter("dumps") is json.dumps
        assert module.__dict__["dumps"] is json.dumps
        with pytest.raises(AttributeError):
            getter("loads")
    finally:
        del sys.modules["lazy_probe_package"]


def test_importing_one_submodule_does_not_run_its_package() -> None:
    """`inspector.ingest.message` (the Message shape) without the parsers; `inspector.history.store` without the
    learning pipeline; `inspector.dns.source` without the snapshot reader. Fails with eager re-exports."""
    code = (
        "import sys\n"
        "import inspector.ingest.message, inspector.history.store, inspector.dns.source, inspector.chain.dates\n"
        "bad = [m for m in ('inspector.ingest.eml', 'inspector.ingest.msg', 'inspector.history.learn',"
        " 'inspector.chain.pipeline', 'inspector.dns.snapshot', 'inspector.dns.context', 'email.policy')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == ""
