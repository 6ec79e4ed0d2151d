"""Shared fixtures: paths to ../shared, a pinned clock, offline Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (conformance suites, corpora); tests skip nothing if it is missing: they fail."""
    assert SHARED.is_dir(), f"../shared not found at {SHARED}"
    return SHARED
