"""The cache of dataclass-generated code (`inspector/dataclass_code.py`): same classes, fewer compiles.

What must hold: a class built through the cache is the class `dataclasses` builds without it (same code objects,
annotations, behaviour); a second run compiles nothing; a corrupt, foreign or unreadable file is ignored; runs
that must not write (frozen, ``-B``, read-only) never do; and the file the frozen app ships (`build`) covers
every dataclass an analysis makes.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector import dataclass_code
from inspector.dataclass_code import CodeCache, cached_exec

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"

#: Dataclasses of every shape the engine uses (frozen+slots, defaults, factories, kw_only, InitVar, ClassVar,
#: order, unsafe_hash). Deliberately without ``from __future__ import annotations``: real types in __init__.
CLASSES = textwrap.dedent(
    """
    import dataclasses
    from dataclasses import InitVar, dataclass, field
    from typing import ClassVar

    @dataclass(frozen=True, slots=True)
    class Frozen:
        a: int
        b: str = "x"
        c: tuple[int, ...] = ()
        d: list[int] = field(default_factory=list, compare=False, repr=False)
        K: ClassVar[int] = 3

    @dataclass(slots=True)
    class Plain:
        a: int
        b: "Frozen | None" = None

    @dataclass(order=True, kw_only=True)
    class Ordered:
        x: float
        y: float = 0.0
        seed: InitVar[int] = 0

        def __post_init__(self, seed):
            self.y += seed

    @dataclass(unsafe_hash=True)
    class Hashed:
        n: int
    """
)
METHODS = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__")


@pytest.fixture
def restore_hook() -> Iterator[None]:
    """Give the test its own cache; put back the session's afterwards."""
    saved = dataclass_code._installed
    hooked = vars(dataclasses).get("exec")
    dataclass_code.uninstall()
    yield
    dataclass_code.uninstall()
    dataclass_code._installed = saved
    if hooked is not None:
        vars(dataclasses)["exec"] = hooked


def _use(cache: CodeCache | None) -> None:
    dataclass_code.uninstall()
    if cache is not None:
        dataclass_code._installed = cache
        vars(dataclasses)["exec"] = cached_exec


def _define() -> dict[str, object]:
    module = types.ModuleType("probe_classes")
    sys.modules["probe_classes"] = module  # dataclasses resolves string annotations through the module
    try:
        exec(compile(CLASSES, "probe_classes.py", "exec", dont_inherit=True), module.__dict__)
    finally:
        del sys.modules["probe_classes"]
    return module.__dict__


def _shape(ns: dict[str, object]) -> dict[str, object]:
    """Everything generated about the probe classes that could differ, comparable across two definitions."""
    out: dict[str, object] = {}
    for name in ("Frozen", "Plain", "Ordered", "Hashed"):
        cls = ns[name]
        assert isinstance(cls, type)
        for method in METHODS:
            fn = cls.__dict__.get(method)
            code = getattr(fn, "__code__", None)
            if code is not None:
                out[f"{name}.{method}"] = (code, repr(getattr(fn, "__annotations__", None)), fn.__qualname__)
        out[f"{name}.slots"] = getattr(cls, "__slots__", None)
    frozen, ordered, hashed = ns["Frozen"], ns["Ordered"], ns["Hashed"]
    assert callable(frozen) and callable(ordered) and callable(hashed)
    one, two = frozen(1, "y", (2,)), frozen(1, "y", (2,), [5])
    out["behaviour"] = (
        repr(one),
        one == two,
        hash(one) == hash(two),
        repr(ordered(x=1.0, seed=2)),
        ordered(x=1.0) < ordered(x=2.0),
        hash(hashed(4)) == hash(hashed(4)),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.a = 2  # type: ignore[attr-defined]
    return out


@pytest.mark.usefixtures("restore_hook")
def test_classes_built_through_the_cache_are_the_classes_dataclasses_builds(tmp_path: Path) -> None:
    _use(None)
    plain = _shape(_define())
    path = tmp_path / "code.marshal"

    first = CodeCache(path, writable=True)
    _use(first)
    assert _shape(_define()) == plain
    assert first.new_entries >= 15  # every method of every probe class was compiled once
    assert first.save() and path.is_file()
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)

    second = CodeCache(path, writable=True)
    _use(second)
    assert _shape(_define()) == plain
    assert second.new_entries == 0  # the second run compiles nothing
    assert not second.save()  # and has nothing to write


@pytest.mark.usefixtures("restore_hook")
@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all \x00\xff",
        marshal.dumps((1, b"\x00\x00\r\n", {})),  # another Python's magic number
        marshal.dumps((1, dataclass_code.MAGIC_NUMBER, {"def f(): pass": 42})),  # the previous format
        marshal.dumps([1, 2, 3]),
        marshal.dumps((1, dataclass_code.MAGIC_NUMBER, ["x"])),
    ],
    ids=["empty", "garbage", "foreign-python", "not-code", "wrong-shape", "wrong-table"],
)
def test_a_corrupt_or_foreign_file_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    _use(None)
    plain = _shape(_define())
    path = tmp_path / "code.marshal"
    path.write_bytes(content)
    cache = CodeCache(path, writable=True)
    _use(cache)
    assert _shape(_define()) == plain
    assert cache.save()
    again = CodeCache(path, writable=False)
    _use(again)
    _define()
    assert again.new_entries == 0


@pytest.mark.usefixtures("restore_hook")
def test_runs_that_must_not_write_never_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sub" / "code.marshal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    cache = dataclass_code.install(path)
    assert cache is not None and not cache.writable
    _define()
    assert cache.new_entries > 0 and not cache.save() and not path.exists()

    dataclass_code.uninstall()
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = dataclass_code.install(path)
    assert cache is not None and not cache.writable

    dataclass_code.uninstall()
    monkeypatch.setenv("INSPECTOR_NO_DISK_CACHE", "1")
    assert dataclass_code.install(path) is None
    assert "exec" not in vars(dataclasses)


@pytest.mark.usefixtures("restore_hook")
def test_a_place_that_cannot_be_written_only_means_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")  # fails for root too, unlike a chmod
    cache = CodeCache(blocker / "__pycache__" / "code.marshal", writable=True)
    _use(cache)
    _define()
    assert cache.new_entries > 0
    assert not cache.save()
    assert list(tmp_path.iterdir()) == [blocker]


def test_the_package_installs_it_before_any_engine_dataclass() -> None:
    code = (
        "import dataclasses, inspector, inspector.dataclass_code as d\n"
        "print(vars(dataclasses).get('exec') is d.cached_exec, d.default_path())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_NO_DISK_CACHE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    hooked, path = out.split(maxsplit=1)
    assert hooked == "True"
    assert Path(path.strip()).parent == ROOT / "inspector" / "__pycache__"


def test_the_frozen_app_reads_the_file_its_bundle_ships(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    path = dataclass_code.default_path()
    assert path.parent == ROOT / "inspector"  # the spec's destination "inspector"; no __pycache__ in a .deb
    assert path.name == f"dataclass-code.{sys.implementation.cache_tag}.marshal"
    spec = (ROOT / "packaging" / "inspector.spec").read_text(encoding="utf-8")
    assert "from inspector.dataclass_code import build; build(sys.argv[1])" in spec
    assert 'datas.append((str(_DATACLASS_CODE), "inspector"))' in spec


def test_the_shipped_file_covers_every_dataclass_of_an_analysis(tmp_path: Path) -> None:
    """`build(OUT)` (the frozen app's file, made by packaging/inspector.spec): an analysis compiles nothing."""
    out = tmp_path / "shipped.marshal"
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_NO_DISK_CACHE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    build = "import sys; from inspector.dataclass_code import build; build(sys.argv[1])"  # as the spec runs it
    subprocess.run([sys.executable, "-c", build, str(out)], check=True, env=env, timeout=300)
    code = textwrap.dedent(
        f"""
        import inspector.dataclass_code as d
        from pathlib import Path
        d.uninstall()
        cache = d.install(Path({str(out)!r}), writable=False)
        from inspector.analyze import analyze
        from inspector.dns.offline import OfflineSource
        from inspector.ingest.load import load_file
        from inspector.report.to_json import report_to_json
        from inspector.settings import AnalysisSettings
        report_to_json(analyze(load_file({str(SAMPLE)!r}), AnalysisSettings(), OfflineSource()))
        print(cache.new_entries)
        """
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "0"


def _entries(path: Path) -> dict[str, object]:
    data = marshal.loads(path.read_bytes())
    assert data[:2] == (2, dataclass_code.MAGIC_NUMBER)
    table = data[2]
    assert isinstance(table, dict)
    return table


@pytest.mark.usefixtures("restore_hook")
def test_only_the_code_a_run_uses_is_decoded_and_the_rest_is_kept_as_stored(tmp_path: Path) -> None:
    # Each code object is stored marshalled on its own and decoded when a class needs it: a start that defines a
    # few classes does not decode the hundreds the file holds (~0.4 ms instead of ~3.5 ms for the frozen app's).
    _use(None)
    plain = _shape(_define())
    path = tmp_path / "code.marshal"
    first = CodeCache(path, writable=True)
    _use(first)
    _define()
    assert first.save()
    table = _entries(path)
    assert table and all(type(v) is bytes for v in table.values())
    # Entries no run of this test uses: an undecodable blob would raise if anything decoded it.
    table["def unused_a(): pass"] = b"\x00 not marshal"
    table["def unused_b(): pass"] = marshal.dumps(42)
    path.write_bytes(marshal.dumps((2, dataclass_code.MAGIC_NUMBER, table)))
    second = CodeCache(path, writable=True)
    _use(second)
    assert _shape(_define()) == plain
    assert second.new_entries == 0
    second.code("def something_new(): pass")  # something to write
    assert second.save()
    saved = _entries(path)
    assert saved["def unused_a(): pass"] == b"\x00 not marshal"  # kept as stored, never decoded
    assert type(marshal.loads(saved["def something_new(): pass"])) is types.CodeType


@pytest.mark.usefixtures("restore_hook")
@pytest.mark.parametrize("blob", [b"\x00 not marshal", marshal.dumps(42)], ids=["garbage", "not-code"])
def test_a_stored_entry_that_is_not_code_is_compiled_again(tmp_path: Path, blob: bytes) -> None:
    _use(None)
    plain = _shape(_define())
    path = tmp_path / "code.marshal"
    first = CodeCache(path, writable=True)
    _use(first)
    _define()
    first.save()
    table = {text: blob for text in _entries(path)}
    path.write_bytes(marshal.dumps((2, dataclass_code.MAGIC_NUMBER, table)))
    second = CodeCache(path, writable=True)
    _use(second)
    assert _shape(_define()) == plain
    assert second.new_entries == len(table)
