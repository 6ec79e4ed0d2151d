"""packaging/linux/icu_data.py: the slimmed ICU data library answers Qt's ICU calls exactly as the full one.

The full library is the one in this venv's PySide6 wheel (Linux). packaging/linux/icu_probe.py asks Qt for
collation orders (7 locales, numeric or not), converters (13 charsets: open, name, decode an HTML page), time zone
names (5 zones x 3 locales x 3 forms) and locale case mapping; run once against the wheel's library and once with
LD_LIBRARY_PATH on the slimmed copy, the answers must be equal, and the second run must really have mapped the
copy. A copy slimmed too far (without the time zone names) must give different answers: the probe can fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = ROOT / "packaging" / "linux" / "icu_probe.py"


def _load() -> ModuleType:
    path = ROOT / "packaging" / "linux" / "icu_data.py"
    spec = importlib.util.spec_from_file_location("icu_data", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["icu_data"] = module
    spec.loader.exec_module(module)
    return module


icu = _load()


def wheel_icu_data() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("only the Linux Qt wheels bundle ICU")
    return found[0]


needs_binutils = pytest.mark.skipif(
    shutil.which("as") is None or shutil.which("ld") is None, reason="binutils (as, ld) links the slimmed library"
)


def probe(library_dir: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)
    proc = subprocess.run([sys.executable, str(PROBE)], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_package_reads_back_item_for_item() -> None:
    _symbol, blob = icu.read_data_symbol(wheel_icu_data().read_bytes())
    pkg = icu.parse_package(blob)
    again = icu.parse_package(icu.build_package(pkg))
    assert again.prefix == pkg.prefix and again.header == pkg.header
    assert [n for n, _ in again.items] == [n for n, _ in pkg.items]
    # Items keep their bytes (the writer pads each to 16 bytes; the reader sees item plus padding).
    assert all(b[: len(a)] == a for (_, a), (_, b) in zip(pkg.items, again.items, strict=True))


def test_slimming_drops_only_the_groups_qt_never_reads() -> None:
    _symbol, blob = icu.read_data_symbol(wheel_icu_data().read_bytes())
    pkg = icu.parse_package(blob)
    slim = icu.slimmed(pkg)
    names = {n for n, _ in slim.items}
    assert not any(icu.DROPPED.search(n) for n in names)
    for kept in ("coll/root.res", "coll/ucadata.icu", "zone/de.res", "zoneinfo64.res", "metaZones.res",
                 "cnvalias.icu", "ibm-943_P15A-2003.cnv", "root.res", "nfkc.nrm"):  # fmt: skip
        assert kept in names, kept
    for dropped in ("brkitr/cjdict.dict", "lang/de.res", "curr/de.res", "translit/root.res", "unames.icu"):
        assert dropped in {n for n, _ in pkg.items} and dropped not in names
    assert len(icu.build_package(slim)) < len(blob) - 14_000_000


@needs_binutils
def test_qt_answers_the_same_with_the_slimmed_library(tmp_path: Path) -> None:
    lib = tmp_path / wheel_icu_data().name
    shutil.copy(wheel_icu_data(), lib)
    before, after = icu.slim_library(lib)
    assert after < before - 14_000_000
    assert icu.soname(lib) == lib.name
    full, slim = probe(None), probe(tmp_path)
    assert Path(slim["libicudata"]) == lib and Path(full["libicudata"]) == wheel_icu_data()
    assert slim["answers"] == full["answers"]
    # The answers are ICU's, not a fallback's: German collation, a Japanese converter, German zone names.
    answers = full["answers"]
    assert answers["collation"]["de_DE numeric=True"].index("Äpfel") < answers["collation"]["de_DE numeric=True"].index(
        "Öl"
    )
    assert (
        answers["converters"]["Shift_JIS"].startswith("True Shift_JIS")
        and "こんにちは" in answers["converters"]["Shift_JIS"]
    )
    assert "Normalzeit" in answers["zones"]["Europe/Berlin de_DE LongName"]


@needs_binutils
def test_the_probe_notices_a_library_slimmed_too_far(tmp_path: Path) -> None:
    symbol, blob = icu.read_data_symbol(wheel_icu_data().read_bytes())
    pkg = icu.slimmed(icu.parse_package(blob))
    too_far = icu.Package(pkg.header, pkg.prefix, [(n, d) for n, d in pkg.items if not n.startswith("zone/")])
    lib = tmp_path / wheel_icu_data().name
    icu.link_library(symbol, icu.build_package(too_far), wheel_icu_data().name, lib)
    assert probe(tmp_path)["answers"]["zones"] != probe(None)["answers"]["zones"]
