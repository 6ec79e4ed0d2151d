"""How the batch pool's workers start (`inspector.batch.startmethod`): fork only where it is safe.

Fork is chosen on Linux in a process that runs one thread; Windows and macOS spawn, and so does any process
that runs a second thread (the GUI's triage driver). The override names a method, never an unsafe fork. The
pooled run gives the same outcomes in the same order whichever way its workers start.
"""

from __future__ import annotations

import multiprocessing
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.batch import startmethod
from inspector.batch.readers import Item, Origin
from inspector.batch.run import PARENT_CHECK_S, BatchJob, DnsChoice, Outcome, run_items
from inspector.batch.startmethod import START_ENV, single_threaded, start_method
from inspector.settings import AnalysisSettings
from tests.support.corpora import phishing_messages

LINUX = sys.platform.startswith("linux")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(START_ENV, raising=False)
    monkeypatch.delenv("INSPECTOR_DEBUG", raising=False)


@pytest.fixture
def a_second_thread() -> Iterator[threading.Thread]:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(
    ("platform", "threads_ok", "expected"),
    [
        ("linux", True, "fork"),
        ("linux", False, "spawn"),
        ("freebsd14", True, "fork"),
        ("darwin", True, "spawn"),
        ("win32", True, "spawn"),
        ("cygwin", True, "spawn"),
    ],
)
def test_the_method_per_platform_and_thread_state(platform: str, threads_ok: bool, expected: str) -> None:
    assert start_method(platform, threads_ok=threads_ok) == expected


@pytest.mark.parametrize(
    ("wanted", "threads_ok", "expected"),
    [
        ("spawn", True, "spawn"),
        ("forkserver", True, "forkserver"),
        ("fork", False, "spawn"),  # never an unsafe fork, even when asked for
        ("FORK", True, "fork"),
        ("threads", True, "fork"),  # not a method: the normal choice
    ],
)
def test_the_override(monkeypatch: pytest.MonkeyPatch, wanted: str, threads_ok: bool, expected: str) -> None:
    monkeypatch.setenv(START_ENV, wanted)
    assert start_method("linux", threads_ok=threads_ok) == expected


def test_windows_never_gets_fork_even_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(START_ENV, "fork")
    assert start_method("win32", threads_ok=True) == "spawn"
    assert start_method("darwin", threads_ok=True) == "spawn"


def test_a_running_thread_is_seen(a_second_thread: threading.Thread) -> None:
    assert a_second_thread.is_alive()
    assert not single_threaded()
    if LINUX:
        assert start_method() == "spawn"
        assert startmethod.pool_context().get_start_method() == "spawn"


@pytest.mark.skipif(not LINUX, reason="the kernel's thread count is read from /proc")
def test_the_kernel_thread_count_is_read() -> None:
    count = startmethod.os_thread_count()
    assert count is not None and count >= threading.active_count()


_PREPARE = """
import gc, sys
from inspector import orgdomain
from inspector.batch import startmethod
before = ("inspector.analyze" in sys.modules, orgdomain._lists is not None, gc.get_freeze_count() > 0)
context = startmethod.pool_context()
after = ("inspector.analyze" in sys.modules, orgdomain._lists is not None, gc.get_freeze_count() > 0)
sys.stderr.write(f"{context.get_start_method()} {before} {after}")
"""


@pytest.mark.skipif(not LINUX, reason="fork is the Linux choice")
def test_a_single_threaded_process_forks_with_the_engine_imported_warm_and_frozen() -> None:
    """In a fresh process (no test machinery's threads): fork, and before it the engine imported, its lazy
    tables built (the Public Suffix List among them) and the objects frozen for the collector."""
    done = subprocess.run([sys.executable, "-c", _PREPARE], capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode() == "fork (False, False, False) (True, True, True)"


def test_the_warm_up_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector.batch import warmup

    monkeypatch.setattr(warmup, "WARM_MESSAGE", b"\x00not a message")
    warmup.warm_up()


def _items(count: int) -> list[Item]:
    # Mixed sizes in reverse size order: whichever worker finishes first, the order is the input's.
    paths = sorted(phishing_messages()[:count], key=lambda p: p.stat().st_size, reverse=True)
    return [Item(Origin(str(p)), data=p.read_bytes()) for p in paths]


METHODS = [m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]
_GENERATED_AT = re.compile(r'"generated_at": *"[^"]*"')


def _reports(results: list[list[Outcome]]) -> list[str]:
    return [_GENERATED_AT.sub("", o.report_json or "") for outcomes in results for o in outcomes]


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_the_same_outcomes_in_input_order(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    items = _items(11)
    job = BatchJob(dns=DnsChoice(offline=True), settings=AnalysisSettings(now="2026-12-01T00:00:00Z"))
    expected = _reports(list(run_items(items, job, jobs=1)))
    monkeypatch.setenv(START_ENV, method)
    results = list(run_items(items, job, jobs=3))
    assert [[o.origin for o in outcomes] for outcomes in results] == [[i.origin] for i in items]
    assert all(o.error is None for outcomes in results for o in outcomes)
    assert _reports(results) == expected


def _slow(items: list[Item], pause: float) -> Iterator[Item]:
    for n, item in enumerate(items):
        if n == 2:
            time.sleep(pause)
        yield item


@pytest.mark.parametrize("method", METHODS)
def test_idle_workers_stay_while_their_parent_lives(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """A worker ends when the process it watches is gone: for a fork server's worker that is the fork server,
    not the run's process (watching the wrong one would end every worker within PARENT_CHECK_S)."""
    items = _items(4)
    monkeypatch.setenv(START_ENV, method)
    job = BatchJob(dns=DnsChoice(offline=True), report_json=False)
    results = list(run_items(_slow(items, 3 * PARENT_CHECK_S), job, jobs=2))
    assert [o.error for outcomes in results for o in outcomes] == [None] * len(items)
