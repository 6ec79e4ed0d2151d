"""`inspector lookalike --pairs FILE`: run the checks on labelled pairs, one JSON line out per line in.

Input lines are ``{"candidate", "protected"}`` (domain check) or ``{"display_name", "from_domain",
"protected"}`` (display-name check). Output keeps the input fields and adds ``flagged``, ``kind`` and
``explanation`` (docs/architecture.md §4). A line that cannot be read or judged still carries those three keys
(``flagged: false``, ``kind: "error"``, the reason as ``explanation``) plus ``error``, and keeps the input
fields when they could be read; unreadable lines also say their ``line`` number.
"""

from __future__ import annotations

import json
from typing import TextIO

from inspector.lookalike.display_names import check_display_pair
from inspector.lookalike.domains import match_domain
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import Reference, Target, protected_target, reference_for

#: Longest input line we look at (a hostile file must not exhaust memory).
MAX_LINE = 64 * 1024


def _error(out: dict[str, object], why: str) -> dict[str, object]:
    """A line that was read but cannot be judged: its fields plus flagged / kind ``error`` / explanation."""
    out.update(flagged=False, kind="error", explanation=why, error=why)
    return out


def judge_pair(row: dict[str, object], extra_protected: tuple[str, ...] = ()) -> dict[str, object]:
    """The verdict for one pair: the input fields plus flagged / kind / explanation."""
    out: dict[str, object] = dict(row)
    protected = row.get("protected")
    if not isinstance(protected, str) or not protected.strip():
        return _error(out, "no protected domain given ('protected' is missing)")
    ref = reference_for(extra_protected)
    target = protected_target(protected.strip().lower(), ref)
    if target is None:
        return _error(out, f"'protected' is not a domain: {protected!r}")
    if "display_name" in row:
        display, from_domain = row.get("display_name"), row.get("from_domain")
        if not isinstance(display, str) or not isinstance(from_domain, str):
            return _error(out, "display_name and from_domain must be strings")
        match = check_display_pair(display, from_domain, target, ref)
    else:
        cand = row.get("candidate")
        if not isinstance(cand, str):
            return _error(out, "candidate must be a string")
        host = parse_host(cand)
        if host is None or not host.is_valid:
            out.update(flagged=False, kind=None, explanation=f"{cand!r} is not a usable hostname")
            return out
        match = match_domain(host, target, ref)
    if match is None:
        out.update(flagged=False, kind=None, explanation=_why_not(row, target, ref))
    else:
        out.update(flagged=True, kind=match.kind, explanation=match.explanation, severity=match.severity)
    return out


def _why_not(row: dict[str, object], target: Target, ref: Reference) -> str:
    cand = row.get("candidate") or row.get("from_domain")
    host = parse_host(str(cand)) if isinstance(cand, str) else None
    if host and target.brand and host.registrable in target.brand.owned and "display_name" not in row:
        return f"{host.registrable} belongs to {target.brand.name}"
    if host and host.registrable in ref.known_legit and "display_name" not in row:
        return f"{host.registrable} is a known, legitimately operated domain"
    return "no resemblance found"


def error_line(lineno: int, error: str) -> dict[str, object]:
    """The output for a line that could not be read: still every key §4 promises on every line."""
    return {"line": lineno, "flagged": False, "kind": "error", "explanation": error, "error": error}


def run_pairs(path: str, out: TextIO, protected: tuple[str, ...] = ()) -> int:
    """Judge every line of `path` and write one JSON line each to `out`; returns the exit code."""
    from inspector.errors import InputError

    extra = tuple(p.lower().strip(".") for p in protected if p)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; binary so a bad byte is one bad line, not a crash
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw[:MAX_LINE].decode("utf-8", errors="replace").strip()
            if not line:
                out.write(json.dumps(error_line(lineno, "empty line")) + "\n")
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                out.write(json.dumps(error_line(lineno, f"not JSON: {exc}")) + "\n")
                continue
            if not isinstance(row, dict):
                out.write(json.dumps(error_line(lineno, "not a JSON object")) + "\n")
                continue
            try:
                result = judge_pair(row, extra)
            except Exception as exc:  # noqa: BLE001 - one hostile line must not stop the file
                why = f"{type(exc).__name__}: {exc}"
                result = {**row, "line": lineno, "flagged": False, "kind": "error", "explanation": why, "error": why}
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
