"""A batch run in a process of its own, streaming its outcomes over a pipe (the GUI's triage table).

The GUI never reads, parses or analyses mail itself, and must be able to stop a run at once. So a triage
run is one spawned *driver* process that reads the inputs (``batch/readers.py``), runs them through the
process pool (``batch/run.py``) and sends what it finds to its parent, which only displays it. Ending the
driver ends the run: its pool workers watch their parent and exit with it, and on SIGTERM the driver ends
them itself first.

Messages from the driver, in this order over time:

- ``("total", (n, final))``: how many inputs there are, counted while the one reading pass goes (never a
  second pass: a large mbox is read once). An input is one item or one skipped file. First, before any
  file is opened, the number of files the paths name and the folders hold (``(n, False)``: exact unless a
  file turns out to be an mbox); ``(0, False)`` as soon as an mbox is met (its messages are known only
  once it is read to the end); ``(n, True)`` when reading has ended (exact);
- ``("item", [Outcome, …])``: the outcomes of one input item, in input order (more than one for a report
  forward with several attached originals; a skipped non-message file is an outcome with ``skipped``);
- ``("skipped", (path, why))``: a file met in a folder that is not a message (a picture, an archive …);
- ``("campaigns", [CampaignInfo, …])``: the campaigns found so far (every CAMPAIGN_EVERY_S, and at the end);
- ``("done", None)`` when every input has been analysed, or ``("failed", message)`` when the run itself
  could not go on (never for one bad message: that is an error outcome).

Positions: the n-th outcome that is not a skip has position n (0-based), as the CLI numbers its lines.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from inspector.batch.campaigns import Campaign, Member, group
from inspector.childproc import poll_child

#: How often the campaigns are regrouped while a run goes on (the grouping is over every message so far).
CAMPAIGN_EVERY_S = 2.0
#: How often the driver checks that its parent still exists.
PARENT_CHECK_S = 0.5
#: How long a cancelled driver gets to stop its pool cleanly before it is terminated.
CANCEL_GRACE_S = 3.0
#: How long a terminated driver gets before it is killed.
TERMINATE_GRACE_S = 2.0


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    """One campaign as the triage table shows it: its number, size, dates, shared indicators, rows."""

    number: int
    size: int
    first_seen: str | None
    last_seen: str | None
    #: (kind, value, how many of its messages have it), most shared first.
    shared: tuple[tuple[str, str, int], ...]
    #: The positions (rows) of its messages.
    positions: tuple[int, ...]


def campaign_infos(found: Sequence[Campaign]) -> list[CampaignInfo]:
    """The campaigns of `group`, numbered from 1 (largest first), with their members' positions."""
    return [
        CampaignInfo(n, c.size, c.first_seen, c.last_seen, c.shared, tuple(m.position for m in c.members))
        for n, c in enumerate(found, start=1)
    ]


def _end_children() -> None:
    for child in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            child.kill()


def _stop_now(_signum: int = 0, _frame: object = None) -> None:
    """End the pool workers (and the DNS cache's manager), then this process, without any clean-up."""
    _end_children()
    os._exit(0)


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent_pid:
            _stop_now()


class _Sender:
    """Sends over the pipe from several threads (the run, and the pool's feeding of the reader)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()

    def __call__(self, message: tuple[str, Any]) -> None:
        with self.lock:
            self.conn.send(message)


class InputCounter:
    """Counts the inputs as the reader meets them and tells the parent the total (the ``"total"`` message).

    Inputs are items read plus files skipped; the expected total is the file count from listing the
    folders, until an mbox shows that a file can hold many (then unknown until the end of reading).
    """

    def __init__(self, send: Callable[[tuple[str, Any]], None]) -> None:
        self.send = send
        self.read = 0
        self.unknown = False

    def planned(self, files: int) -> None:
        self.send(("total", (files, False)))

    def skipped(self, path: str, why: str) -> None:
        self.read += 1
        self.send(("skipped", (path, why)))

    def count(self, items: Iterable[Any]) -> Iterator[Any]:
        """`items`, counted on the way; the exact total is sent once they run out."""
        for item in items:
            self.read += 1
            if not self.unknown and item.origin.container_format == "mbox":
                self.unknown = True
                self.send(("total", (0, False)))
            yield item
        self.send(("total", (self.read, True)))


def driver_main(conn: Connection, parent_pid: int, paths: Sequence[str], job: Any, jobs: int) -> None:
    """The driver's body: read every input, analyse in the pool, send each item's outcomes; never raises."""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _stop_now)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    send = _Sender(conn)
    cancel = threading.Event()
    threading.Thread(target=_listen, args=(conn, cancel), daemon=True).start()
    try:
        _run(paths, job, jobs, send, cancel)
        if not cancel.is_set():
            send(("done", None))
    except (EOFError, OSError, BrokenPipeError):
        pass  # the parent is gone: nobody to tell
    except Exception as exc:  # noqa: BLE001 - the window shows it; the driver must never print a traceback
        with contextlib.suppress(Exception):
            send(("failed", f"internal error: {type(exc).__name__}: {exc}"[:500]))
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def _listen(conn: Connection, cancel: threading.Event) -> None:
    """The parent's only message is ``("cancel",)``; a closed pipe means the same."""
    with contextlib.suppress(Exception):
        conn.recv()
    cancel.set()


def _run(paths: Sequence[str], job: Any, jobs: int, send: _Sender, cancel: threading.Event) -> None:
    from inspector.batch.readers import iter_inputs
    from inspector.batch.run import run_items

    counter = InputCounter(send)
    members: list[Member] = []
    position = 0
    grouped_at = time.monotonic()
    grouped_size = 0

    # Closed explicitly on cancel: the pool (and a live run's DNS cache manager) shut down cleanly, so no
    # process is killed with its queues' semaphores still registered.
    items = iter_inputs(paths, on_skip=counter.skipped, on_count=counter.planned)
    results = run_items(counter.count(items), job, jobs)
    try:
        for outcomes in results:
            if cancel.is_set():
                return
            send(("item", outcomes))
            position = _note(outcomes, members, position)
            if len(members) != grouped_size and time.monotonic() - grouped_at >= CAMPAIGN_EVERY_S:
                send(("campaigns", campaign_infos(group(members))))
                grouped_at, grouped_size = time.monotonic(), len(members)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    send(("campaigns", campaign_infos(group(members))))


def _note(outcomes: list[Any], members: list[Member], position: int) -> int:
    """Add the analysed outcomes to the campaign members; returns the next row position."""
    for outcome in outcomes:
        if outcome.skipped is not None:
            continue
        if outcome.indicators is not None and outcome.error is None:
            date = outcome.summary.date if outcome.summary else None
            members.append(Member(position, str(position), date, outcome.indicators))
        position += 1
    return position


class BatchProcess:
    """One driver process for one triage run (spawned, never forked: the parent is a Qt application)."""

    def __init__(self, paths: Sequence[str], job: Any, jobs: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_conn = ctx.Pipe()
        self.process = ctx.Process(
            target=driver_main,
            args=(child_conn, os.getpid(), list(paths), job, jobs),
            daemon=False,  # a daemon process may not start the pool's worker processes
            name="inspector-triage",
        )
        self.process.start()
        child_conn.close()

    def poll(self, timeout: float) -> tuple[str, Any] | None:
        """The driver's next message, None when there is none yet; ("exited", code) once it is gone."""
        return poll_child(self.conn, self.process, timeout, TERMINATE_GRACE_S)

    def stop(self) -> None:
        """End the driver and its pool (cancel, quit); never raises.

        First asked (the driver stops its pool cleanly, within CANCEL_GRACE_S; what it still sends is read
        and dropped so it never blocks on a full pipe), then terminated, then killed.
        """
        with contextlib.suppress(Exception):
            self.conn.send(("cancel",))
        deadline = time.monotonic() + CANCEL_GRACE_S
        with contextlib.suppress(Exception):
            while self.process.is_alive() and time.monotonic() < deadline:
                try:
                    if self.conn.poll(0.05):
                        self.conn.recv()
                except (EOFError, OSError):
                    self.process.join(0.05)
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            if self.process.is_alive():
                self.process.terminate()  # SIGTERM: the driver ends its workers, then itself
                self.process.join(TERMINATE_GRACE_S)
            if self.process.is_alive():
                self.process.kill()  # its workers then end by themselves (they watch their parent)
                self.process.join(TERMINATE_GRACE_S)
        with contextlib.suppress(Exception):
            self.process.close()
