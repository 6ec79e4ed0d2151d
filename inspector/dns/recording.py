"""The recording source: wraps another source and writes a snapshot of every answer it gave.

Used by ``--record-dns FILE`` and by ``inspector dns-capture``: what a connected machine records,
an air-gapped workstation replays with ``--dns-snapshot FILE`` and gets the same verdicts.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from inspector import __version__
from inspector.dns.snapshot import FORMAT, answer_to_json
from inspector.dns.source import DnsAnswer, DnsSource, normalize_name
from inspector.errors import UsageError
from inspector.fileio import same_file, write_atomic
from inspector.ingest.message import Message
from inspector.jsontext import escape_json_text


class RecordingSource:
    """Passes questions to `inner` and remembers each distinct answer."""

    def __init__(self, inner: DnsSource) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.answers: dict[tuple[str, str], DnsAnswer] = {}
        #: Questions the live source gave up on before sending (no server answered, budget spent):
        #: no DNS fact, so not in the snapshot (a replay says "not in the snapshot" for them), but counted.
        self.not_asked: dict[tuple[str, str], DnsAnswer] = {}
        self.created_at = getattr(inner, "created_at", None)
        self._lock = threading.Lock()

    def query(self, name: str, rtype: str) -> DnsAnswer:
        ans = self.inner.query(name, rtype)
        key = (normalize_name(name), rtype.upper())
        with self._lock:  # prefetch threads record concurrently
            if ans.status.is_not_asked:
                self.not_asked[key] = ans
            else:
                self.answers[key] = ans
                self.not_asked.pop(key, None)
        return ans

    def describe(self) -> str:
        return self.inner.describe() + " (recording)"

    def document(self, messages: Sequence[Message] = ()) -> dict[str, Any]:
        """The snapshot document (dns-snapshot/1) of everything recorded so far."""
        return {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "capture": {"mode": "recorded", "resolver": self.inner.describe(), "tool": f"inspector {__version__}"},
            "messages": [{"sha256": m.sha256, "message_id": _message_id(m)} for m in messages],
            "records": [answer_to_json(a) for _, a in sorted(self.answers.items(), key=lambda kv: kv[0])],
        }

    def save(self, path: str | os.PathLike[str], messages: Sequence[Message] = ()) -> None:
        """Write the snapshot atomically (never a half-written file beside the evidence).

        A path that is one of the analysed evidence files (or a link to one) is refused: the evidence must
        never be overwritten, whatever the caller checked before.
        """
        target = os.fspath(path)
        for m in messages:
            if same_file(target, m.path):
                raise UsageError(f"{target} is the evidence file being analysed; choose another snapshot file")
        text = escape_json_text(json.dumps(self.document(messages), indent=1, ensure_ascii=False))
        write_atomic(target, text + "\n")


def _message_id(m: Message) -> str | None:
    h = m.get("Message-ID")
    return h.value if h else None
