"""The Received chain: hops, the trust boundary, delays and where authentication broke.

The stage"s pipeline is :mod:`inspector.chain.pipeline` (`analyze_chain`); the steps are the modules beside
it (`received`, `synthetic`, `boundary`, `timeline`, `placement`, `datecheck`). Like every package
``__init__`` of the project, this file only re-exports (tests/unit/test_package_inits.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from inspector.chain.pipeline import MAX_HOPS, MAX_PARSED, ChainAnalysis, analyze_chain

__all__ = ["MAX_HOPS", "MAX_PARSED", "ChainAnalysis", "analyze_chain"]
__getattr__ = lazy_exports(
    __name__,
    {
        "inspector.chain.pipeline": (
            "MAX_HOPS",
            "MAX_PARSED",
            "ChainAnalysis",
            "analyze_chain",
        ),
    },
)
