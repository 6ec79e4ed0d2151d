"""Turning evidence (a file, pasted text) into a :class:`Message`, read-only.

`load` reads files and bytes (format detection, input bounds), `eml` and `msg` parse the two formats,
`message` holds the Message shape, `normalize` repairs line endings and encodings before parsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.ingest.eml import read_pasted_headers
    from inspector.ingest.load import MAIL_FIELDS, MAX_INPUT_BYTES, load_bytes, load_file, read_bounded
    from inspector.ingest.message import Attachment, HeaderField, Message, SourceFormat

__all__ = [
    "MAIL_FIELDS",
    "MAX_INPUT_BYTES",
    "Attachment",
    "HeaderField",
    "Message",
    "SourceFormat",
    "load_bytes",
    "load_file",
    "read_bounded",
    "read_pasted_headers",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.ingest.eml": ("read_pasted_headers",),
        "inspector.ingest.load": (
            "MAIL_FIELDS",
            "MAX_INPUT_BYTES",
            "load_bytes",
            "load_file",
            "read_bounded",
        ),
        "inspector.ingest.message": (
            "Attachment",
            "HeaderField",
            "Message",
            "SourceFormat",
        ),
    },
)
