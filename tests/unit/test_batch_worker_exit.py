"""A pool worker ends without Python's teardown (`run._exit_without_teardown`), but only after every other exit
handler has run once: a cache written at exit (the dataclass code cache) is still written by a worker."""

from __future__ import annotations

import atexit
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from inspector.batch import run


def _init(marker: str) -> None:
    atexit.register(lambda: Path(marker).write_text("exit handler ran", encoding="utf-8"))
    run._init_worker(run.BatchJob(dns=run.DnsChoice(offline=True)), None, None)


def _pid() -> int:
    return multiprocessing.current_process().pid or 0


def test_a_worker_runs_the_other_exit_handlers_then_ends_with_status_0(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_init, initargs=(str(marker),))
    try:
        assert pool.submit(_pid).result() > 0
        processes = list(pool._processes.values())
    finally:
        pool.shutdown(wait=True)
    assert marker.read_text(encoding="utf-8") == "exit handler ran"
    assert [p.exitcode for p in processes] == [0]
