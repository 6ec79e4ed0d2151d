"""Comments, quoted strings and top-level semicolons of structured header fields (RFC 5322 §3.2.2, §3.2.4).

Received-SPF and Authentication-Results carry what an analyst needs in comments ("google.com: domain of …
designates 192.0.2.1 as permitted sender", "1024-bit key"), and both put ``;`` inside comments and quoted
strings (Postfix writes ``(client-ip=…; helo=…)``). Every reader here is one linear pass over the
characters: hostile input (thousands of ``(``) stays cheap.
"""

from __future__ import annotations


def strip_comments(text: str) -> tuple[str, list[str]]:
    """Text without (possibly nested) comments, each replaced by a blank, and the comments; quoted strings are
    kept. A quoted-pair's backslash is dropped, the character after it kept."""
    out: list[str] = []
    comments: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    escape = False
    for ch in text:
        if escape:
            (current if depth else out).append(ch)
            escape = False
            continue
        if ch == "\\":
            escape = True
            continue
        if quoted:
            out.append(ch)
            if ch == '"':
                quoted = False
            continue
        if ch == "(":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                comments.append("".join(current).strip())
                out.append(" ")
                continue
        if depth:
            current.append(ch)
        else:
            if ch == '"':
                quoted = True
            out.append(ch)
    return "".join(out), comments


def split_semicolons(text: str) -> list[str]:
    """`text` (comments already stripped) split at the semicolons outside quoted strings, each part stripped."""
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts]


def parts_with_comments(value: str) -> list[tuple[str, list[str]]]:
    """Each ``;``-separated part of a field, without its comments, and the comments in it (in order).

    Semicolons inside a comment or a quoted string do not split.
    """
    parts: list[tuple[str, list[str]]] = []
    text: list[str] = []
    comments: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    escape = False
    for ch in value:
        if escape:
            (current if depth else text).append(ch)
            escape = False
        elif ch == "\\":
            escape = True
        elif depth:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    comments.append("".join(current).strip())
                    current = []
                    text.append(" ")
                    continue
            current.append(ch)
        elif quoted:
            text.append(ch)
            quoted = ch != '"'
        elif ch == "(":
            depth = 1
        elif ch == ";":
            parts.append(("".join(text), comments))
            text, comments = [], []
        else:
            quoted = ch == '"'
            text.append(ch)
    parts.append(("".join(text), comments))
    return parts
