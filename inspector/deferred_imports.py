"""dnspython's resolver, loaded the first time somebody uses it rather than when dkimpy or pyspf is imported.

dkimpy (``dkim/dnsplug.py``) and pyspf (``spf.py``) both run ``import dns.resolver`` at import time to pick
their default DNS function, although the engine never lets them use it: dkimpy is always handed
`inspector.dns.adapters.dkim_dnsfunc` and pyspf's ``DNSLookup`` is replaced (`inspector.dns.adapters`).
That import drags in dnspython's whole resolver (nameservers, DoH/DoQ/DDR, asyncio queries, ``ssl``,
``importlib.metadata``): 40–90 ms of every ``inspector analyze``, also ``--offline``, where no query is
ever sent.

`defer` puts a stand-in module into ``sys.modules`` (and on its parent package) for such a module. Importing
it is free; the first attribute anybody reads on it (``dns.resolver.Resolver``, ``hasattr(dns.rdatatype,
'SPF')``) imports the real module and answers from it, and from then on the package attribute and
``sys.modules`` hold the real module. So everything that really uses the resolver (live DNS,
`inspector.dns.live`) gets it unchanged; only the work nobody needed is skipped.

The standard library's `importlib.util.LazyLoader` is not usable for this on Python 3.11: the import system
reads ``__spec__`` of a module already in ``sys.modules`` on every ``import x.y``, which makes its lazy module
load at the very import statement it was meant to defer.

`defer_dns_resolver` is called from ``inspector/__init__.py``, so it runs before any engine module imports
dkimpy or pyspf (whichever of them comes first). A resolver some other code imported before that is left alone.
"""

from __future__ import annotations

import importlib
import sys
import threading
import types

_lock = threading.RLock()

#: dnspython modules that dkimpy and pyspf import at import time without needing them then.
DNS_DEFERRED = ("dns.rdatatype", "dns.resolver")


class DeferredModule(types.ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet; any attribute read imports it."""

    def __getattr__(self, attr: str) -> object:
        # Called only for attributes the stand-in does not have, i.e. anything but its name and docstring.
        return getattr(load(self.__name__), attr)

    def __dir__(self) -> list[str]:
        return dir(load(self.__name__))


def load(name: str) -> types.ModuleType:
    """The real module `name`, importing it now if only its stand-in is in ``sys.modules``."""
    with _lock:  # two threads touching the stand-in at once import the module once
        current = sys.modules.get(name)
        if isinstance(current, DeferredModule):
            del sys.modules[name]
            try:
                return importlib.import_module(name)  # also sets the real module on the parent package
            except BaseException:
                sys.modules.setdefault(name, current)
                raise
        return importlib.import_module(name)


def defer(name: str) -> bool:
    """Put a stand-in for module `name` (``package.module``) until it is used; False when it was already
    imported or its package cannot be imported (nothing is changed then)."""
    with _lock:
        if name in sys.modules:
            return False
        parent, _, child = name.rpartition(".")
        try:
            package = importlib.import_module(parent)
        except ImportError:
            return False
        if not hasattr(package, "__path__"):
            return False
        stand_in = DeferredModule(name)
        sys.modules[name] = stand_in
        setattr(package, child, stand_in)
        return True


def is_deferred(name: str) -> bool:
    """Whether module `name` is still only a stand-in (nothing has used it yet)."""
    return isinstance(sys.modules.get(name), DeferredModule)


#: pynacl's Ed25519 modules: dkimpy imports them at load for Ed25519 keys (RFC 8463) and uses them only when a
#: signature or key names ed25519; most mail is RSA-signed (~4 ms of libsodium bindings otherwise).
NACL_DEFERRED = ("nacl.signing", "nacl.encoding")


def defer_nacl() -> None:
    """Defer pynacl's signing and encoding modules until dkimpy (or `inspector.auth.dkim_tags`) uses them."""
    for name in NACL_DEFERRED:
        defer(name)


def defer_dns_resolver() -> None:
    """Defer dnspython's resolver (and ``dns.rdatatype``, which pyspf only inspects) until first use."""
    for name in DNS_DEFERRED:
        defer(name)
