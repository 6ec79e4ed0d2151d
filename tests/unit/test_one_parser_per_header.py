"""One parser per header kind (issue 13 item 3): the header grammars are read in `inspector/parse/` only.

Authentication-Results, Received-SPF, tag lists and ARC instances each had two to five readers that
disagreed on edge cases. This guard keeps the libraries that parse those grammars (authres, dkimpy's
``parse_tag_value``) behind `inspector.parse`, so a second reader cannot quietly come back through them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"
HOME = PACKAGE / "parse"


def _uses(path: Path) -> list[str]:
    """`authres` imports and `parse_tag_value` references in one module, as ``line: what``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "authres"]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "authres":
                found.append(f"{node.lineno}: from {node.module} import …")
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name == "parse_tag_value"]
        elif isinstance(node, ast.Attribute) and node.attr == "parse_tag_value":
            found.append(f"{node.lineno}: .parse_tag_value")
    return found


def test_header_grammar_libraries_are_used_only_by_inspector_parse() -> None:
    outside = {
        str(p.relative_to(PACKAGE)): uses
        for p in sorted(PACKAGE.rglob("*.py"))
        if HOME not in p.parents and (uses := _uses(p))
    }
    assert not outside, f"read these headers through inspector.parse instead: {outside}"


def test_the_guard_sees_what_it_guards() -> None:
    assert any(u.endswith("import authres") for u in _uses(HOME / "auth_results.py"))
    assert any("parse_tag_value" in u for u in _uses(HOME / "tag_list.py"))
