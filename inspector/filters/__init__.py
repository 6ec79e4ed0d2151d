"""The receivers" anti-spam filter headers, decoded: a data table per vendor (`vendors`), tolerant parsers
(`parsers`), trust by position against the chain"s trust boundary (`trust`), and one summary line per vendor
(`summary`). Never imports Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.filters.decode import decode_filters
    from inspector.filters.summary import summarise

__all__ = ["decode_filters", "summarise"]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.filters.decode": ("decode_filters",),
        "inspector.filters.summary": ("summarise",),
    },
)
