"""The body made safe to show and judged: every link listed defanged with where it really goes and what is
wrong with it, attachments listed; nothing opened, executed or fetched.

The HTML body is read by a real parser (`html_links`, lxml); the text body and the HTML"s visible text are
searched for bare URLs. Each link is decoded through known wrappers and redirects (`wrappers`) and judged
(`judge`) against the lookalike engine"s reference of brands and protected domains.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.content.names import hides_characters
    from inspector.content.stage import (
        MAX_BODY_CHARS,
        MAX_LINKS,
        content_view,
        extract_links,
        judged_links,
        link_scan,
        raw_links,
    )
    from inspector.content.urls import MAX_SHOWN_URL, defang, followed_url

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_LINKS",
    "MAX_SHOWN_URL",
    "content_view",
    "defang",
    "extract_links",
    "followed_url",
    "hides_characters",
    "judged_links",
    "link_scan",
    "raw_links",
]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.content.names": ("hides_characters",),
        "inspector.content.stage": (
            "MAX_BODY_CHARS",
            "MAX_LINKS",
            "content_view",
            "extract_links",
            "judged_links",
            "link_scan",
            "raw_links",
        ),
        "inspector.content.urls": (
            "MAX_SHOWN_URL",
            "defang",
            "followed_url",
        ),
    },
)
