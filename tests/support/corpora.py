"""The shared phishing corpus, as tests and benchmarks walk it.

The sample is CC BY-NC 4.0: it is read from ../shared at run time and never copied into the project. The
paths are worked out from this file (not imported from tests/conftest.py) so benchmark scripts can use them
without loading pytest.
"""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent.parent / "shared"
PHISHING = SHARED / "corpora" / "phishing_pot_sample" / "email"


def phishing_messages(folder: Path = PHISHING) -> list[Path]:
    """Every ``*.eml`` of `folder` (the phishing sample unless told otherwise), in name order."""
    return sorted(folder.glob("*.eml"))


LEGIT = SHARED / "corpora" / "legit-dev"


def legit_messages(folder: Path = LEGIT) -> list[Path]:
    """Every ``*.eml`` and ``*.msg`` of the legitimate-mail corpus (mixed licences: test data only), by name."""
    return sorted(p for p in folder.iterdir() if p.suffix in (".eml", ".msg"))
