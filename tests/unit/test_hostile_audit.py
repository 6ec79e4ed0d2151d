"""Hostile input on the newer engine surfaces (the hostile audit): campaigns, exports, stores, readers.

Each test is an attack that used to end a run, or that a bound must keep answering in bounded work; each
checks the outcome (a readable result, a clear message), never the wall clock.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.batch.campaigns import Member, group

#: Dates that parse but whose UTC time is outside what Python's datetime holds.
OVERFLOWING_DATES = (
    "Fri, 31 Dec 9999 23:59:59 -2359",
    "Fri, 31 Dec 9999 23:00:00 -0100",
    "Fri, 31 Dec 9999 23:59:59 -0001",
)


def _members(dates: list[str | None]) -> list[Member]:
    shared = (("attachment", ("ab" * 32,)),)
    return [Member(n, f"m{n}", d, shared) for n, d in enumerate(dates)]


def test_campaign_dates_beyond_datetime_are_unknown_not_a_crash() -> None:
    """One message whose Date converts past year 9999 ended the whole ``--campaigns`` run (OverflowError)."""
    found = group(_members([*OVERFLOWING_DATES, "Tue, 1 Dec 2026 09:00:00 +0000", None]))
    assert len(found) == 1 and found[0].size == len(OVERFLOWING_DATES) + 2
    assert found[0].first_seen == found[0].last_seen == "2026-12-01T09:00:00Z"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=60), st.sampled_from(OVERFLOWING_DATES)), max_size=6))
def test_campaign_grouping_takes_any_date_text(dates: list[str | None]) -> None:
    found = group(_members([*dates, None, None]))
    assert len(found) == 1


#: Tooltip arguments that are names bound only to literal strings (checked by reading the code around them).
_LITERAL_TIP_NAMES = {("chain_view.py", "tip"), ("main_window.py", "tip")}


def test_every_gui_tooltip_goes_through_the_escaping_helper() -> None:
    """Qt reads every tooltip as possible rich text: a message's ``<img src="file://…">`` in one is loaded
    on hover. So a tooltip is a literal, or built by ``safe_text.tooltip`` (escaped), never raw text."""
    import ast
    from pathlib import Path

    gui = Path(__file__).resolve().parents[2] / "inspector" / "gui"
    bad = []
    for path in sorted(gui.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("setToolTip", "setStatusTip", "setWhatsThis") or not node.args:
                continue
            arg = node.args[-1]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                continue
            if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "tooltip":
                continue
            if isinstance(arg, ast.Name) and (path.name, arg.id) in _LITERAL_TIP_NAMES:
                continue
            bad.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)[:80]}")
    assert not bad, bad
