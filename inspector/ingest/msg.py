"""Outlook .msg files (OLE compound documents), read with olefile.

Placeholder until the .msg reader lands: the format is recognised but not yet read.
"""

from __future__ import annotations

from inspector.errors import InputError
from inspector.ingest.message import Message


def read_msg(data: bytes, path: str | None = None, *, sha256: str | None = None) -> Message:
    """Read an Outlook message's transport headers, bodies and attachment names."""
    raise InputError("reading Outlook .msg files is not implemented yet")
