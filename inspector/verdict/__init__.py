"""The verdict stage: the plain-language level and reasons, decided from the report"s typed facts.

It runs last in the pipeline, above auth, chain and lookalike, and reads only the model; the renderers in
:mod:`inspector.report` show what it decided.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.verdict.rules import decide

__all__ = ["decide"]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.verdict.rules": ("decide",),
    },
)
