"""Reading a child process's pipe until the child is gone: one loop for the GUI's analysis child and the
triage driver (`gui/analysis_process.py`, `batch/stream.py`).

A child reports by sending tuples over a `multiprocessing` pipe. The reader must tell "nothing yet" from
"the child died" (a crash leaves no message behind: EOF on the pipe, or a silent, dead process) and give the
child's exit code in the second case, so the caller can say what happened instead of waiting forever.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any


def poll_child(conn: Connection, process: BaseProcess, timeout: float, grace: float) -> tuple[str, Any] | None:
    """The child's next message, None when there is none yet; ("exited", code) once it is gone.

    `grace` bounds the wait for a child whose pipe closed to finish exiting (its exit code is then known)."""
    try:
        if conn.poll(timeout):
            message: tuple[str, Any] = conn.recv()
            return message
    except (EOFError, OSError):
        pass
    else:
        if process.is_alive():
            return None
    process.join(grace)
    return ("exited", process.exitcode)
