"""Equal-ranked lookalike matches resolve the same way in every run, whatever Python's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

HOSTS = ["americanexpress-invoice.firebaseapp.com", "paypa1.com", "micros0ft-support.com", "dhl-express-track.net"]
SCRIPT = """
import sys
from inspector.lookalike.domains import find_domain_match
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import reference_for
ref = reference_for((), ())
for name in sys.argv[1:]:
    m = find_domain_match(parse_host(name), ref)
    print(name, m.resembles if m else None, m.kind if m else None)
"""


def _run(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT, *HOSTS], env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    return out.stdout.decode()


def test_same_answer_under_different_hash_seeds() -> None:
    first = _run("0")
    assert first.count("\n") == len(HOSTS)
    assert _run("1") == first == _run("12345")
