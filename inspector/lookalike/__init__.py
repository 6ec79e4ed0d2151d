"""Lookalike and impersonation checks on every identity in a message.

Each domain the message names (From, Reply-To, Return-Path, Sender, every DKIM d=) is compared with the
user"s protected and own domains, the shipped brand table and the popular-domain list; the From display
name is checked for brand claims its domain does not back; Reply-To, Return-Path, Sender and DKIM d= are
checked for pointing at an organisation unrelated to From. The stage"s entry is `stage.check_message`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.lookalike.stage import MAX_IDENTITIES, check_message, identity_facts

__all__ = ["MAX_IDENTITIES", "check_message", "identity_facts"]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.lookalike.stage": (
            "MAX_IDENTITIES",
            "check_message",
            "identity_facts",
        ),
    },
)
