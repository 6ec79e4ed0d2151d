"""Sender history: who usually writes to the analyst, and from where (issue 17).

`store` (the SQLite file behind a small interface), `facts` (what is recorded of one message), `learn`
(known-good mail into the store), `checks` (the findings), `lookalikes` (correspondents as protected names),
`stage` (the analysis" read-only use). This file only re-exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.history.learn import learn_messages
    from inspector.history.stage import history_section
    from inspector.history.store import HistoryError, HistoryStore, SqliteHistory, open_history

__all__ = ["HistoryError", "HistoryStore", "SqliteHistory", "history_section", "learn_messages", "open_history"]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.history.learn": ("learn_messages",),
        "inspector.history.stage": ("history_section",),
        "inspector.history.store": (
            "HistoryError",
            "HistoryStore",
            "SqliteHistory",
            "open_history",
        ),
    },
)
