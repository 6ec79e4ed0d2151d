"""Shared fixtures: paths to ../shared, a pinned clock, offline Qt."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The derived-data cache (inspector/disk_cache.py) of this test run: a throw-away folder, never the user's own
# (child processes the tests start inherit it). Removed when the run ends.
if "INSPECTOR_CACHE_DIR" not in os.environ:
    os.environ["INSPECTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="inspector-test-cache-")
    atexit.register(shutil.rmtree, os.environ["INSPECTOR_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (conformance suites, corpora); tests skip nothing if it is missing: they fail."""
    assert SHARED.is_dir(), f"../shared not found at {SHARED}"
    return SHARED


def _loopback_only(address: object) -> None:
    """Fail the test when an IP socket is pointed anywhere but loopback (the house rule for tests)."""
    import ipaddress

    if not isinstance(address, tuple) or not address:
        return  # AF_UNIX paths and the like
    host = str(address[0])
    if host in ("localhost", ""):
        return
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        raise AssertionError(f"a test tried to reach {host!r}: tests may only use loopback addresses") from None
    if not ip.is_loopback:
        raise AssertionError(f"a test tried to reach {host}: tests may only use loopback addresses")


@pytest.fixture(autouse=True, scope="session")
def _guard_network() -> object:
    """Every socket the test process opens may only talk to 127.0.0.0/8 or ::1."""
    import socket

    real_connect, real_connect_ex, real_sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def connect(self: socket.socket, address: object) -> None:
        _loopback_only(address)
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        _loopback_only(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def sendto(self: socket.socket, data: bytes, *args: object) -> int:
        _loopback_only(args[-1])
        return real_sendto(self, data, *args)  # type: ignore[arg-type,call-overload]

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
    yield None
    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = (  # type: ignore[method-assign]
        real_connect,
        real_connect_ex,
        real_sendto,
    )


@pytest.fixture(autouse=True)
def _dev_null_stays_a_device() -> object:
    """Fail the test that turns /dev/null into a regular file.

    As root, anything that saves "atomically" to os.devnull (QSettings(os.devnull), a write-then-rename
    export) renames a regular file over the device; every later `2>/dev/null` and subprocess then breaks,
    CI's packaging step included. The check is one stat per test.
    """
    yield
    if os.name == "posix" and os.path.exists("/dev/null"):
        import stat

        assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "this test replaced /dev/null with a regular file"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's data folder (the sender-history store) is a fresh temporary folder in every test: no test
    reads or writes the history of the person running the suite, and none sees another test's."""
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
