"""The app's "running" mutex (inspector/instance_mutex.py) and the NSIS script that checks it.

Windows itself cannot run here; what can be checked on Linux is checked: the names (namespaces, length, no
stray backslash), that hold() creates both and keeps them (through a stand-in kernel32 that records the calls,
as ctypes' WinDLL would receive them), that it does nothing off Windows, that the frozen launcher calls it on
Windows, and that installer.nsi reads the very same name and checks both namespaces in the installer and the
uninstaller. packaging/windows/compile_nsis.sh additionally compiles the script with makensis and makes it
compare the name it read (EXPECT_APP_MUTEX).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector import instance_mutex
from inspector.instance_mutex import MAX_NAME, MUTEX_BASE, hold, mutex_names

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "windows" / "installer.nsi"
LAUNCHER = ROOT / "packaging" / "launcher.py"


class FakeKernel32:
    """Records CreateMutexW calls and hands out handles (0 for names listed in `refuse`)."""

    def __init__(self, refuse: tuple[str, ...] = ()) -> None:
        self.calls: list[tuple[Any, bool, str]] = []
        self.refuse = refuse

    def CreateMutexW(self, attributes: Any, initial_owner: bool, name: str) -> int:
        self.calls.append((attributes, initial_owner, name))
        return 0 if name in self.refuse else 100 + len(self.calls)


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    instance_mutex.release_for_tests()
    yield
    instance_mutex.release_for_tests()


def test_names_are_one_base_in_the_local_and_global_namespaces() -> None:
    local, glob = mutex_names()
    assert local == "Local\\" + MUTEX_BASE
    assert glob == "Global\\" + MUTEX_BASE
    # A backslash in the base would name a different namespace; Windows caps object names at MAX_PATH.
    assert "\\" not in MUTEX_BASE and MUTEX_BASE.strip() == MUTEX_BASE and MUTEX_BASE
    assert all(len(n) < MAX_NAME for n in mutex_names())


def test_hold_creates_both_not_owned_and_keeps_them() -> None:
    k32 = FakeKernel32()
    handles = hold(k32)
    assert [c[2] for c in k32.calls] == list(mutex_names())
    assert all(c[0] is None and c[1] is False for c in k32.calls)  # default security, not owned
    assert handles == [101, 102]
    # Idempotent: a second call (the GUI after the launcher) creates nothing more and reports the same handles.
    assert hold(FakeKernel32()) == [101, 102]


def test_hold_skips_a_name_it_cannot_create() -> None:
    k32 = FakeKernel32(refuse=(mutex_names()[1],))
    assert hold(k32) == [101]


def test_hold_survives_a_failing_kernel32() -> None:
    class Broken:
        def CreateMutexW(self, attributes: Any, initial_owner: bool, name: str) -> int:
            raise OSError("access denied")

    assert hold(Broken()) == []


def test_hold_holds_real_mutexes_on_windows_and_nothing_elsewhere() -> None:
    """On Windows (the release workflow's test job) the real kernel32 creates both; elsewhere nothing happens."""
    handles = hold()
    if sys.platform == "win32":
        assert len(handles) == 2 and all(handles)
    else:
        assert handles == []


def _nsis_read_name() -> str:
    """What installer.nsi's `!searchparse /file` line reads from the file it names (first matching line)."""
    text = NSI.read_text(encoding="utf-8")
    m = re.search(r"^!searchparse /file \"([^\"]+)\" '([^']*)' APP_MUTEX '([^']*)'$", text, re.MULTILINE)
    assert m, "installer.nsi no longer reads the mutex name with !searchparse"
    path, before, after = m.groups()
    source = (NSI.parent / path).resolve()  # makensis runs in the script's folder
    assert source == (ROOT / "inspector" / "instance_mutex.py").resolve()
    for line in source.read_text(encoding="utf-8").splitlines():
        start = line.find(before)
        if start >= 0:
            rest = line[start + len(before) :]
            end = rest.find(after)
            if end >= 0:
                return rest[:end]
    raise AssertionError("no line matches")


def test_the_installer_reads_the_same_name() -> None:
    assert _nsis_read_name() == MUTEX_BASE


def test_the_installer_and_uninstaller_check_both_namespaces() -> None:
    text = NSI.read_text(encoding="utf-8")
    macro = text[text.index("!macro DEFINE_CHECK_NOT_RUNNING") : text.index("!macroend")]
    for ns in ("Local", "Global"):
        assert f'kernel32::OpenMutexW(i 0x00100000, i 0, w "{ns}\\${{APP_MUTEX}}")' in macro
    # The macro defines the check for both sides, and both sides call it before touching files.
    assert '!insertmacro DEFINE_CHECK_NOT_RUNNING ""' in text
    assert '!insertmacro DEFINE_CHECK_NOT_RUNNING "un."' in text
    main_section = text[text.index('Section "${APPNAME} (required)"') :]
    assert main_section.index("Call CheckNotRunning") < main_section.index("File /r")
    assert "Call un.CheckNotRunning" in text[text.index("Function un.onInit") :]


def test_the_frozen_launcher_holds_it_on_windows() -> None:
    text = LAUNCHER.read_text(encoding="utf-8")
    assert re.search(r'if sys\.platform == "win32":\s+from inspector\.instance_mutex import hold\s+hold\(\)', text)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (apt nsis) is not installed")
def test_makensis_reads_the_name_from_any_working_directory(tmp_path: Path) -> None:
    """makensis changes into the script's folder: the relative paths work however the script is named."""
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    for exe in ("email-header-inspector.exe", "email-header-inspector-cli.exe"):
        (payload / exe).write_bytes(b"MZ stand-in")
    for cwd, script in ((ROOT, "packaging/windows/installer.nsi"), (tmp_path, str(NSI))):
        for expect, ok in ((MUTEX_BASE, True), (MUTEX_BASE + "x", False)):
            proc = subprocess.run(
                ["makensis", "-V1", "-INPUTCHARSET", "UTF8", "-WX", f"-DPAYLOAD_DIR={payload}",
                 f"-DOUTFILE={tmp_path / 'EmailHeaderInspector-test.exe'}", f"-DEXPECT_APP_MUTEX={expect}", script],
                cwd=cwd, capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert (proc.returncode == 0) is ok, proc.stdout + proc.stderr
