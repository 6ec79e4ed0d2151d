"""Package ``__init__.py`` files only say what the package is and re-export its public names.

The work lives in modules named for one job (the chain's pipeline is `chain/pipeline.py`, not
`chain/__init__.py`): a reader looking for `analyze_chain` finds a module called after it, and importing one
submodule does not drag in the package's whole pipeline by surprise. Allowed in an ``__init__``: the
docstring, imports, ``__all__`` and ``__version__``, and the lazy form of the re-exports
(``inspector/lazy_exports.py``): imports under ``if TYPE_CHECKING:`` and ``__getattr__ = lazy_exports(...)``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"

#: Packages whose __init__ still holds code, for a later session. The list only shrinks: the test fails when a
#: listed file has become a plain re-export. Empty since the ingest loader moved to ingest/load.py and the
#: look-alike stage's entry to lookalike/stage.py (issue 13 item 5).
STILL_HOLDING_CODE: dict[str, str] = {}
#: Deliberate: the PySide6 6.12 reference-count guard must run before any view touches Qt.
IMPORT_TIME_GUARDS = {
    # ... and PySide6's per-import source scan reads only bytes from then on (start-up time).
    "gui/__init__.py": ("pin_none()", "speed_up_feature_scan()"),
    # Before any engine dataclass is defined, their generated methods' code comes from the cache, and
    # dnspython's resolver and pynacl's Ed25519 modules stand deferred before any engine module imports dkimpy
    # or pyspf (start-up time).
    "__init__.py": ("cache_dataclass_code()", "defer_dns_resolver()", "defer_nacl()"),
}


def _is_lazy_reexport(node: ast.stmt) -> bool:
    """``if TYPE_CHECKING:`` holding only imports, or ``__getattr__ = lazy_exports(...)``."""
    if isinstance(node, ast.If):
        return (
            isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
            and not node.orelse
            and all(isinstance(n, ast.Import | ast.ImportFrom) for n in node.body)
        )
    return (
        isinstance(node, ast.Assign)
        and [ast.unparse(t) for t in node.targets] == ["__getattr__"]
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func) == "lazy_exports"
    )


def _extra_statements(path: Path) -> list[str]:
    """What an __init__ holds beyond a docstring, imports, __all__ and __version__ (as `line: code`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    extra = []
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Assign) and all(
            isinstance(t, ast.Name) and t.id in ("__all__", "__version__") for t in node.targets
        ):
            continue
        if _is_lazy_reexport(node):
            continue
        extra.append(f"{node.lineno}: {ast.unparse(node).splitlines()[0]}")
    return extra


def test_package_inits_only_re_export() -> None:
    fat = {}
    for path in sorted(PACKAGE.rglob("__init__.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in IMPORT_TIME_GUARDS:
            continue
        extra = _extra_statements(path)
        if extra and rel not in STILL_HOLDING_CODE:
            fat[rel] = extra
    assert not fat, f"package __init__ files that do more than re-export: {fat}"


def test_the_list_of_inits_still_holding_code_only_shrinks() -> None:
    thin = [rel for rel in STILL_HOLDING_CODE if not _extra_statements(PACKAGE / rel)]
    assert not thin, f"{thin} only re-export now: remove them from STILL_HOLDING_CODE"


def test_the_guard_is_what_it_says() -> None:
    for rel, code in IMPORT_TIME_GUARDS.items():
        assert [e.split(": ", 1)[1] for e in _extra_statements(PACKAGE / rel)] == list(code)
