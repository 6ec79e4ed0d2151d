"""The engine's import graph follows its layering: data flows one way, and no package cycle hides in it.

Intended layering, bottom to top (docs/architecture.md tells the same story with the data flow):

    foundation   inspector (the version), errors, paths, timefmt, settings, deferred_imports,
                 disk_cache (derived-data cache)
    input        ingest (bytes → Message), dns (the one DNS seam), parse (one parser per header kind)
    model        model: the report dataclasses and enums; imports nothing above the input floor, never Qt
    stages       chain, auth, lookalike, identities, content, history: each builds its part of the report
    verdict      verdict: the plain-language level, decided from the stages' typed facts
    outputs      analyze (the pipeline), capture (dns-capture), report (renderers: text, JSON, HTML, wording),
                 batch (many messages: readers, process pool, triage rows, campaigns)
    entry        cli, __main__, gui (the only part that imports Qt)

A module may import from its own floor or a lower one, never from a higher one; within a floor (the
stages, mostly) imports may go either way but never round in a cycle. Nodes are the packages directly under
``inspector/`` and the top-level modules (``identities.py``, ``analyze.py`` … each its own node). Every
import counts: module level, inside functions (a lazy import hides a cycle from Python, not from the
design) and under ``TYPE_CHECKING``.

The graph is read from the source with :mod:`ast`, so the test needs no import of the GUI and sees imports
that a run would not execute.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"

#: The floors, bottom first. A new package or top-level module must be placed here (the test says so).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundation",
        frozenset(
            {
                "inspector",
                "errors",
                "paths",
                "timefmt",
                "settings",
                "orgdomain",
                "fileio",
                "jsontext",
                "deferred_imports",
                "disk_cache",
                "childproc",
                "lazy_exports",
                "dataclass_code",
                "instance_mutex",
            }
        ),
    ),
    ("input", frozenset({"ingest", "dns", "parse"})),
    ("model", frozenset({"model"})),
    (
        "stages",
        frozenset({"chain", "auth", "lookalike", "identities", "content", "mail_kind", "filters", "history"}),
    ),
    ("verdict", frozenset({"verdict"})),
    ("outputs", frozenset({"analyze", "capture", "report", "batch"})),
    ("entry", frozenset({"cli", "__main__", "gui", "history_cli"})),
)
FLOOR = {node: i for i, (_, nodes) in enumerate(LAYERS) for node in nodes}

#: Edges of a known package cycle, allowed until it is broken. Empty since auth/recorded.py asks
#: `inspector.orgdomain` (not chain/orgdomain.py) for the organisation of an authserv-id host; the last cycle,
#: {auth, chain}, is gone. Keep the mechanism: the test fails while a listed edge no longer exists, so the list
#: only shrinks. Each entry: (importer, imported).
KNOWN_CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset()

#: Qt bindings: only inspector/gui may import them.
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "shiboken2", "pytestqt")


@dataclass(frozen=True, slots=True)
class Import:
    """One import statement's target, seen from the module that holds it."""

    importer: str  # dotted module name, e.g. inspector.auth.dmarc
    target: str  # dotted module name (or module.attribute for `from X import name`), absolute
    lineno: int
    lazy: bool  # inside a function body: runs only when that function is called

    @property
    def where(self) -> str:
        return f"{self.importer}:{self.lineno}"


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def node_of(module: str) -> str:
    """The graph node of an ``inspector.…`` module: the package or top-level module directly under inspector."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.is_package = is_package
        self.depth = 0
        self.found: list[Import] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append(Import(self.module, alias.name, node.lineno, self.depth > 0))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        for alias in node.names:
            # `from inspector import settings` names a module; `from inspector.x import y` depends on x.
            target = f"{source}.{alias.name}" if source == "inspector" else source
            self.found.append(Import(self.module, target, node.lineno, self.depth > 0))


def all_imports() -> list[Import]:
    found: list[Import] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        collector = _Collector(module_name(path), path.name == "__init__.py")
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(collector.found)
    return found


def internal_edges(imports: list[Import]) -> Iterator[tuple[str, str, Import]]:
    """(importing node, imported node, the import) for every import between two different nodes."""
    for imp in imports:
        if imp.target == "inspector" or imp.target.startswith("inspector."):
            src, dst = node_of(imp.importer), node_of(imp.target)
            if src != dst:
                yield src, dst, imp


def _known_edge(imp: Import) -> tuple[str, str] | None:
    """The KNOWN_CYCLE_EDGES entry this import is, if any."""
    for a, b in KNOWN_CYCLE_EDGES:
        if imp.importer == a and (imp.target == b or imp.target.startswith(b + ".")):
            return a, b
    return None


def _is_known(imp: Import) -> bool:
    return _known_edge(imp) is not None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_every_node_has_a_floor(imports: list[Import]) -> None:
    nodes = {node_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    unplaced = sorted(nodes - FLOOR.keys())
    assert not unplaced, f"place {unplaced} in LAYERS (tests/unit/test_import_graph.py) and docs/architecture.md"


def test_no_import_goes_up_a_floor(imports: list[Import]) -> None:
    upward = [
        f"{imp.where} imports {imp.target} ({LAYERS[FLOOR[src]][0]} → {LAYERS[FLOOR[dst]][0]})"
        for src, dst, imp in internal_edges(imports)
        if src in FLOOR and dst in FLOOR and FLOOR[dst] > FLOOR[src]
    ]
    assert not upward, "imports against the layering:\n" + "\n".join(upward)


def test_no_cycle_between_packages(imports: list[Import]) -> None:
    graph: dict[str, set[str]] = {}
    for src, dst, imp in internal_edges(imports):
        if not _is_known(imp):
            graph.setdefault(src, set()).add(dst)
    found = cycles(graph)
    detail = []
    for component in found:
        members = set(component)
        detail += sorted(
            {
                f"  {imp.where} imports {imp.target}"
                for src, dst, imp in internal_edges(imports)
                if src in members and dst in members and not _is_known(imp)
            }
        )
    assert not found, f"package cycles {found}; the edges inside them:\n" + "\n".join(detail)


def test_known_cycle_edges_still_exist(imports: list[Import]) -> None:
    """The allowance only shrinks: an edge that is gone must leave KNOWN_CYCLE_EDGES too."""
    present = {edge for imp in imports if (edge := _known_edge(imp)) is not None}
    assert present == set(KNOWN_CYCLE_EDGES), f"remove {sorted(KNOWN_CYCLE_EDGES - present)} from KNOWN_CYCLE_EDGES"


def test_the_model_imports_no_stage_renderer_or_qt(imports: list[Import]) -> None:
    allowed = {node for node, floor in FLOOR.items() if floor <= FLOOR["model"]}

    def forbidden(target: str) -> bool:
        internal = target == "inspector" or target.startswith("inspector.")
        return target.split(".")[0] in QT_MODULES or (internal and node_of(target) not in allowed)

    bad = [
        f"{imp.where} imports {imp.target}"
        for imp in imports
        if node_of(imp.importer) == "model" and forbidden(imp.target)
    ]
    assert not bad, "the model is the bottom floor of the report:\n" + "\n".join(bad)


def test_the_engine_never_imports_qt_or_the_gui(imports: list[Import]) -> None:
    """Outside inspector/gui nothing imports Qt; the entry points reach the GUI only lazily (`inspector gui`)."""
    bad = []
    for imp in imports:
        if imp.importer.startswith("inspector.gui"):
            continue
        if imp.target.split(".")[0] in QT_MODULES:
            bad.append(f"{imp.where} imports {imp.target}")
        elif imp.target == "inspector.gui" or imp.target.startswith("inspector.gui."):
            entry = imp.importer in ("inspector.cli", "inspector.__main__")
            if not (entry and imp.lazy):
                bad.append(f"{imp.where} imports {imp.target}" + (" at module level" if entry else ""))
    assert not bad, "the engine must not import Qt:\n" + "\n".join(bad)


def test_importing_the_whole_engine_loads_no_qt() -> None:
    """The same rule at run time: every engine module imported in a fresh interpreter leaves Qt unloaded."""
    engine = sorted(
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        if not module_name(p).startswith("inspector.gui") and module_name(p) != "inspector.__main__"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {engine!r}: importlib.import_module(m)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_the_collector_sees_every_kind_of_import() -> None:
    """The ast reader itself: relative, lazy, TYPE_CHECKING and `from inspector import x` forms."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from ..model.report import Report\n"
        "from inspector import settings\n"
        "if TYPE_CHECKING:\n"
        "    from inspector.verdict import decide\n"
        "def f():\n"
        "    import inspector.gui.app\n"
    )
    collector = _Collector("inspector.auth.dmarc", is_package=False)
    collector.visit(ast.parse(source))
    got = {(i.target, i.lazy) for i in collector.found}
    assert ("inspector.auth", False) in got
    assert ("inspector.model.report", False) in got
    assert ("inspector.settings", False) in got
    assert ("inspector.verdict", False) in got
    assert ("inspector.gui.app", True) in got
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
