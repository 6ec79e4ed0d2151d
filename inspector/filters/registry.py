"""Every vendor table, in the order vendors are matched (`VENDORS`)."""

from __future__ import annotations

from inspector.filters.spec import Vendor
from inspector.filters.vendors.barracuda import BARRACUDA
from inspector.filters.vendors.cisco import CISCO
from inspector.filters.vendors.fortinet import FORTINET
from inspector.filters.vendors.google import GOOGLE
from inspector.filters.vendors.microsoft import MICROSOFT
from inspector.filters.vendors.mimecast import MIMECAST
from inspector.filters.vendors.proofpoint import PROOFPOINT
from inspector.filters.vendors.rspamd import RSPAMD
from inspector.filters.vendors.sophos import SOPHOS
from inspector.filters.vendors.spamassassin import SPAMASSASSIN
from inspector.filters.vendors.trendmicro import TRENDMICRO

VENDORS: tuple[Vendor, ...] = (
    MICROSOFT,
    GOOGLE,
    PROOFPOINT,
    MIMECAST,
    BARRACUDA,
    CISCO,
    SOPHOS,
    TRENDMICRO,
    FORTINET,
    RSPAMD,
    SPAMASSASSIN,
)
