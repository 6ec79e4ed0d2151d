"""The little CSS a drawn QR code uses: inline ``style`` declarations and simple ``<style>`` rules.

A QR code built from table cells or SVG shapes gets its black and white from ``bgcolor``/``fill`` attributes,
from ``style="background:#000"``, or from a class (``<td class="b">`` with ``.b{background:#000}`` in a
``<style>`` element), which hides the colours from a filter that reads attributes. Only what that needs is
read: declarations, and rules whose selector is a tag, a class, ``tag.class`` or an id. No cascade beyond
that, no inheritance but what the readers do themselves, no ``@import`` (nothing is ever loaded).
"""

from __future__ import annotations

import re
from typing import Any

from inspector.content.qr_draw import css_dark

#: Characters of ``<style>`` text read, and rules kept.
MAX_STYLE_CHARS = 200_000
MAX_RULES = 2_000
_SIMPLE = re.compile(r"^\s*([a-z][a-z0-9-]*)?((?:\.[\w-]+)|(?:#[\w-]+))?\s*$", re.I)
_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_COLOUR_TOKEN = re.compile(r"(?i)rgba?\([^)]*\)|hsla?\([^)]*\)|#[0-9a-f]{3,8}\b|[a-z]+")

Rules = dict[str, dict[str, str]]


def declarations(style: str | None) -> dict[str, str]:
    """``a: b; c: d`` as {a: b, c: d}, names lower-cased, ``!important`` dropped."""
    out: dict[str, str] = {}
    if not style:
        return out
    for part in style[:4000].split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip().lower()] = value.replace("!important", "").strip()
    return out


def rules(style_texts: list[str]) -> Rules:
    """Simple rules of the ``<style>`` elements: selector (``td``, ``.b``, ``td.b``, ``#x``) → declarations."""
    out: Rules = {}
    budget = MAX_STYLE_CHARS
    for text in style_texts:
        text = text[:budget]
        budget -= len(text)
        if "/*" in text:
            text = _COMMENT.sub(" ", text)
        # Split at each rule's end, then at its last "{": linear in the text (a regular expression over
        # selectors backtracks on a long run without braces), and @media blocks fall apart into their rules.
        for chunk in text.split("}"):
            head, sep, body = chunk.rpartition("{")
            if not sep:
                continue
            found = declarations(body)
            for selector in head.rsplit("{", 1)[-1].rsplit(";", 1)[-1][-500:].split(","):
                if len(out) < MAX_RULES and _SIMPLE.match(selector):
                    out.setdefault(selector.strip().lower(), {}).update(found)
        if budget <= 0:
            break
    return out


def style_of(el: Any, sheet: Rules) -> dict[str, str]:
    """The declarations that apply to an element: tag, class, ``tag.class`` and id rules, then its ``style``."""
    out: dict[str, str] = {}
    if sheet:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        keys = [tag]
        for cls in (el.get("class") or "").split()[:8]:
            keys += ["." + cls.lower(), f"{tag}.{cls.lower()}"]
        if el.get("id"):
            keys.append("#" + el.get("id").lower())
        for key in keys:
            if key in sheet:
                out.update(sheet[key])
    style = el.get("style")
    if style:
        out.update(declarations(style))
    return out


def colour_dark(value: str | None) -> bool | None:
    """A colour value, or a ``background`` shorthand holding one, as dark / light / no colour (None)."""
    if not value:
        return None
    whole = css_dark(value)
    if whole is not None:
        return whole
    for m in _COLOUR_TOKEN.finditer(value[:300]):
        found = css_dark(m.group(0))
        if found is not None:
            return found
    return None


def number(value: str | None) -> float | None:
    """The number a length starts with (``4px``, ``4``, ``0.5em`` → 4, 4, 0.5); None when there is none."""
    if not value:
        return None
    m = re.match(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)", value, re.I)
    return float(m.group(1)) if m else None
