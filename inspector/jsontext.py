"""JSON text safe to print: the characters JSON allows raw but a terminal or a reader must not see raw.

A foundation module because every writer of JSON needs it: the report's JSON (:mod:`inspector.report.to_json`)
and the DNS recorder's snapshots (:mod:`inspector.dns.recording`), which sits below the renderers.
"""

from __future__ import annotations

import re

#: Characters written as ``\\uXXXX`` escapes although JSON allows them raw: DEL and the C1 controls (U+009B is
#: an 8-bit CSI to many terminals), bidi marks, embeddings, overrides and isolates, the line and paragraph
#: separators, and lone surrogates. The decoded JSON is unchanged; only its text is safe to print.
_ESCAPED = re.compile("[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_json_text(text: str) -> str:
    """JSON text with the characters above written as ``\\uXXXX`` escapes (JSON escapes C0 controls itself).

    A file name that is not valid UTF-8 reaches Python surrogate-escaped (``lat\\udce9.eml``). Written raw,
    such a character cannot be encoded as UTF-8: the export crashed or printed ``?``. Its JSON escape is
    valid JSON, decodes back to the very same string, and keeps the byte (0xE9) recoverable. A C1 control or
    a bidi override printed raw would drive or reorder the terminal the JSON is shown in.
    """
    if text.isascii() and "\x7f" not in text:
        return text  # nothing to escape: the usual report, found in two C scans instead of a regex pass
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
