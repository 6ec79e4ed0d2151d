"""`inspector dns-capture`: record every DNS answer a message's checks will need, from its headers alone.

On a connected machine the analyst runs the real checks against live DNS through a RecordingSource, on a
header-only copy of the message (the names DKIM, ARC, SPF and DMARC ask for never depend on the body,
and the body need not leave the air-gapped host). The snapshot then replays the same verdicts offline.

It lives beside :mod:`inspector.analyze`, not in :mod:`inspector.dns`: it runs the whole pipeline, and the
DNS seam sits below every stage (tests/unit/test_import_graph.py).
"""

from __future__ import annotations

import dataclasses
import os

from inspector.analyze import analyze
from inspector.dns.live import LiveSource
from inspector.dns.recording import RecordingSource
from inspector.dns.session import UNREACHABLE_SENTENCE
from inspector.ingest.message import Message, SourceFormat
from inspector.settings import AnalysisSettings


def headers_only(message: Message) -> Message:
    """The same message without its body (what a collector needs to see)."""
    head = b"".join(h.raw for h in message.headers)
    return dataclasses.replace(
        message, raw=head, body=None, format=SourceFormat.HEADERS, text_body=None, html_body=None, attachments=()
    )


def capture(
    message: Message, settings: AnalysisSettings, output: str | os.PathLike[str], *, nameserver: str | None = None
) -> str:
    """Run the checks against live DNS, save every answer to `output`; returns a one-line summary."""
    recorder = RecordingSource(LiveSource(nameserver))
    analyze(headers_only(message), settings, recorder)
    recorder.save(output, messages=[message])
    statuses: dict[str, int] = {}
    for ans in recorder.answers.values():
        statuses[ans.status.value] = statuses.get(ans.status.value, 0) + 1
    detail = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) or "no lookups were needed"
    line = f"recorded {len(recorder.answers)} DNS answer(s) to {os.fspath(output)} ({detail})"
    if recorder.not_asked:
        why = sorted({a.status.value for a in recorder.not_asked.values()})
        line += f"; {len(recorder.not_asked)} question(s) could not be asked ({', '.join(why)}) and are not in it"
        if "UNREACHABLE" in why:
            line = UNREACHABLE_SENTENCE + " " + line
    return line
