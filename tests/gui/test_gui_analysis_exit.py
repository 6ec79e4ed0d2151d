"""Quit while a pool thread is still stopping an analysis child: no error at interpreter exit.

The pool thread that relays an analysis stops (and closes) its child in its ``finally``; at Quit that can run
while multiprocessing's own exit handler joins the same child, which printed "process object is closed" on
the user's terminal (seen under load). `analysis_process.stop_all` runs first at exit and `stop` runs once,
under a lock, however many threads ask.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from inspector.gui import analysis_process

ROOT = Path(__file__).resolve().parents[2]


def test_stop_from_several_threads_at_once_ends_the_child_once() -> None:
    child = analysis_process.AnalysisProcess()
    pid = child.process.pid
    errors: list[BaseException] = []

    def stop() -> None:
        try:
            child.stop()
        except BaseException as exc:  # noqa: BLE001 - the test collects whatever escapes
            errors.append(exc)

    threads = [threading.Thread(target=stop) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    assert child not in analysis_process._live
    assert all(p.pid != pid for p in multiprocessing.active_children())
    child.stop()  # once more, after the others: still nothing raised


def test_stop_all_ends_every_child_and_starts_no_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis_process, "_exiting", False)
    monkeypatch.setattr(analysis_process, "_enabled", True)
    busy = analysis_process.AnalysisProcess()
    warm = analysis_process.AnalysisProcess()
    pids = {busy.process.pid, warm.process.pid}
    analysis_process.stop_all()
    assert not pids & {p.pid for p in multiprocessing.active_children()}
    assert analysis_process._live == set()
    with pytest.raises(RuntimeError):
        analysis_process.AnalysisProcess()
    analysis_process.prepare()  # the warm-up after an analysis starts nothing either
    assert analysis_process._ready is None


def test_exit_while_a_relay_thread_stops_its_child_prints_nothing(tmp_path: Path) -> None:
    """Many children, each with a thread that stops it in a loop while the interpreter exits: the exit
    handlers must neither raise nor leave a child running."""
    script = textwrap.dedent(
        """
        import sys, threading
        from inspector.gui import analysis_process as ap

        children = [ap.AnalysisProcess() for _ in range(3)]
        print(" ".join(str(c.process.pid) for c in children), flush=True)

        def relay(child):
            for _ in range(50):
                child.stop()

        for child in children:
            threading.Thread(target=relay, args=(child,), daemon=True).start()
        sys.exit(0)
        """
    )
    path = tmp_path / "exit_race.py"
    path.write_text(script)
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    for _ in range(3):
        proc = subprocess.run(
            [sys.executable, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "", proc.stderr
        for pid in map(int, proc.stdout.split()):
            assert not running(pid), pid


def running(pid: int) -> bool:
    """True when `pid` is a live process (an exited child left unreaped by its gone parent does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(") ", 1)[-1][:1] not in {"Z", "X"}
