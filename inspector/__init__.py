"""Email Header Inspector: re-verify who really sent an e-mail and where its story breaks.

The engine (everything here except :mod:`inspector.gui`) never imports Qt; the GUI, the CLI and
the exporters all render the same immutable :class:`inspector.model.report.Report`.
"""

from inspector.deferred_imports import defer_dns_resolver

__version__ = "0.1.0"

defer_dns_resolver()
