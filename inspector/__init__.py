"""Email Header Inspector: re-verify who really sent an e-mail and where its story breaks.

The engine (everything here except :mod:`inspector.gui`) never imports Qt; the GUI, the CLI and
the exporters all render the same immutable :class:`inspector.model.report.Report`.
"""

from inspector.dataclass_code import install as cache_dataclass_code
from inspector.deferred_imports import defer_dns_resolver, defer_nacl

__version__ = "0.1.0"

cache_dataclass_code()
defer_dns_resolver()
defer_nacl()
