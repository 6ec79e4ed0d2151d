"""Are two batch JSONL outputs the same reports? The proof that a speed-up changed no result (issue 16 item 3).

    .venv/bin/python -m inspector analyze ../shared/corpora/phishing_pot_sample/email ../shared/corpora/legit-dev \
        --jsonl --offline --jobs 2 > after.jsonl        # and the same from the old checkout > before.jsonl
    .venv/bin/python benchmarks/compare_jsonl.py before.jsonl after.jsonl

Compares line by line, byte for byte, after blanking the two values that depend on the moment of the run,
not on the message: ``generated_at`` and the age in a DKIM signature's ``time_now`` sentence ("expired
1005.6 days earlier"). Prints the number of differing lines and the first differing keys; exit 1 if any.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

_MOMENT = (
    (re.compile(r'"generated_at": "[^"]*"'), '"generated_at": ""'),
    (re.compile(r'("time_now": "now: (?:expired|valid for|signed)) [0-9.]+ days'), r"\1 N days"),
)


def normalised(line: str) -> str:
    """`line` with the run's moment blanked."""
    for pattern, replacement in _MOMENT:
        line = pattern.sub(replacement, line)
    return line


def first_difference(a: Any, b: Any, where: str = "") -> str | None:
    """The path of the first value that differs between two decoded reports."""
    if type(a) is not type(b):
        return where or "."
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            found = first_difference(a.get(key), b.get(key), f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else where


def main() -> int:
    """Compare the two files named on the command line."""
    with open(sys.argv[1], encoding="utf-8") as fa, open(sys.argv[2], encoding="utf-8") as fb:
        a = [normalised(x) for x in fa]
        b = [normalised(x) for x in fb]
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    print(f"{len(a)} vs {len(b)} lines; {len(differing)} differ (generated_at and the signature age blanked)")
    for i in differing[:5]:
        try:
            print(f"  line {i + 1}: {first_difference(json.loads(a[i]), json.loads(b[i]))}")
        except ValueError:
            print(f"  line {i + 1}: not JSON")
    return 1 if differing or len(a) != len(b) else 0


if __name__ == "__main__":
    sys.exit(main())
