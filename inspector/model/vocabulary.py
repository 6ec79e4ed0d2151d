"""The report's closed vocabularies as :class:`enum.StrEnum`: one name per word a field may hold.

Why StrEnum: each member *is* its string (``Severity.HIGH == "high"``, ``json.dumps`` writes ``"high"``), so
the JSON output stays byte-identical to the plain strings these fields held before, old readers that compare
with literals keep working, and a typo in code is an ``AttributeError`` instead of a silently unmatched
string. The JSON Schema (``inspector/report/schema/report.schema.json``) lists the same values as ``enum``,
and ``tests/unit/test_vocabulary_schema.py`` checks that the two never drift apart.

This module is on the model floor: it imports nothing but the standard library, so every stage, the
verdict, the renderers and the GUI can use it.
"""

from __future__ import annotations

import enum

__all__ = ["JobState"]


class JobState(enum.StrEnum):
    """Where one analysis job stands (the GUI's job list; the batch runner's rows).

    ``queued`` waits for a worker, ``running`` is being analysed, and the three others are final: ``done``
    (a report exists), ``failed`` (the analysis could not produce a report: the error says why) and
    ``cancelled`` (the user stopped it; whatever it produced afterwards is dropped).
    """

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """True for the final states: nothing will change this job's entry any more."""
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)
