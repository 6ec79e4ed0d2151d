"""Hypothesis profiles for the fuzz tests: a short bounded run in the normal suite, a long one on demand.

``HYPOTHESIS_PROFILE=fuzz-long`` (see README.md here) runs every target with many more examples; the default
profile keeps the whole fuzz folder to a few seconds so it runs with every ``pytest``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz-short",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fuzz-short"))
