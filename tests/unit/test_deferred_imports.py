"""dnspython's resolver is not imported by an offline analysis, and is the real thing the moment it is used.

Each check runs in a fresh interpreter: whether a module has been imported is a fact about one process,
and the test session itself has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.dns_server import LoopbackDnsServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "paypal-lookalike.eml"
#: Modules only dnspython's resolver machinery imports (never the engine's own offline path).
RESOLVER_ONLY = ("dns.resolver", "dns._ddr", "dns.nameserver", "dns.asyncquery", "dns.message")


def _run(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter from this checkout; it prints one JSON object as its last line."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


_REAL = """
import sys, types
def real(name):
    m = sys.modules.get(name)
    return m is not None and type(m) is types.ModuleType and hasattr(m, "__file__")
"""


def test_an_offline_analysis_never_imports_the_resolver() -> None:
    got = _run(
        _REAL
        + f"""
import json
from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_file
report = analyze(load_file({str(SAMPLE)!r}), dns=OfflineSource())
print(json.dumps({{"dkim": "dkim" in sys.modules, "spf": "spf" in sys.modules,
                  "sigs": len(report.dkim), "real": [n for n in {RESOLVER_ONLY!r} if real(n)]}}))
"""
    )
    # dkimpy and pyspf are imported and ran, and none of the resolver was loaded for it.
    assert got == {"dkim": True, "spf": True, "sigs": got["sigs"], "real": []}
    assert isinstance(got["sigs"], int) and got["sigs"] >= 1


def test_the_resolver_is_real_on_first_use() -> None:
    got = _run(
        _REAL
        + """
import json
import inspector, dkim, spf
import dns
from inspector.deferred_imports import is_deferred
before = is_deferred("dns.resolver")
cls = dns.resolver.Resolver  # the first use
print(json.dumps({"before": before, "after": is_deferred("dns.resolver"), "real": real("dns.resolver"),
                  "same": sys.modules["dns.resolver"] is dns.resolver, "cls": cls.__module__,
                  "rdatatype": dns.rdatatype.TXT == 16}))
"""
    )
    assert got["before"] is True
    assert got["after"] is False
    assert got["real"] is True and got["same"] is True
    assert got["cls"] == "dns.resolver" and got["rdatatype"] is True


def test_threads_touching_the_stand_in_at_once_get_one_real_module() -> None:
    got = _run(
        """
import json, sys, threading
import inspector
from inspector.deferred_imports import is_deferred
import dns
start = threading.Barrier(8)
seen = []
def use():
    start.wait()
    seen.append(dns.resolver.Resolver)
threads = [threading.Thread(target=use) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
one = len(set(map(id, seen)))
print(json.dumps({"was": True, "n": len(seen), "one": one, "deferred": is_deferred("dns.resolver")}))
"""
    )
    assert got == {"was": True, "n": 8, "one": 1, "deferred": False}


def test_a_resolver_imported_before_the_engine_is_left_alone() -> None:
    got = _run(
        """
import json, sys
import dns.resolver
real = sys.modules["dns.resolver"]
import inspector
from inspector.deferred_imports import defer, is_deferred
print(json.dumps({"kept": sys.modules["dns.resolver"] is real, "deferred": is_deferred("dns.resolver"),
                  "again": defer("dns.resolver"), "missing": defer("no_such_package_xyz.mod")}))
"""
    )
    assert got == {"kept": True, "deferred": False, "again": False, "missing": False}


def test_live_dns_through_the_deferred_resolver() -> None:
    """The live source, in a fresh process that starts with the stand-in, asks the loopback server."""
    zone = [{"name": "deferred.example.", "type": "TXT", "rdata": [["v=spf1 -all"]]}]
    with LoopbackDnsServer(zone) as server:
        got = _run(
            f"""
import json
from inspector.deferred_imports import is_deferred
from inspector.dns.live import LiveSource
before = is_deferred("dns.resolver")
ans = LiveSource({server.address!r}).query("deferred.example", "TXT")
print(json.dumps({{"before": before, "status": ans.status.name, "records": [repr(r) for r in ans.records],
                  "after": is_deferred("dns.resolver")}}))
"""
        )
    assert got["before"] is True
    assert got["status"] == "NOERROR", got
    assert got["records"] and "v=spf1 -all" in got["records"][0]
    assert got["after"] is False


def test_an_rsa_analysis_never_imports_pynacl_and_ed25519_still_verifies() -> None:
    """pynacl's signing module (libsodium) loads only for an Ed25519 key; dkimpy's Ed25519 path then works
    through the stand-in: sign and verify a message with an RFC 8463 key."""
    got = _run(
        _REAL
        + f"""
import json
from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.ingest import load_file
from inspector.deferred_imports import is_deferred
report = analyze(load_file({str(SAMPLE)!r}), dns=OfflineSource())
after_rsa = {{"deferred": is_deferred("nacl.signing"), "real": real("nacl.signing"), "sigs": len(report.dkim)}}
import base64, dkim
from nacl.signing import SigningKey
key = SigningKey.generate()
private = base64.b64encode(bytes(key))
public = base64.b64encode(bytes(key.verify_key))
msg = b"From: a@example.com\\r\\nTo: b@example.org\\r\\nSubject: hi\\r\\n\\r\\nbody\\r\\n"
sig = dkim.sign(msg, b"s", b"example.com", private, signature_algorithm=b"ed25519-sha256",
                include_headers=[b"from", b"to", b"subject"])
record = b"v=DKIM1; k=ed25519; p=" + public
ok = dkim.verify(sig + msg, dnsfunc=lambda name, timeout=5: record)
tampered = dkim.verify(sig + msg.replace(b"body", b"BODY"), dnsfunc=lambda name, timeout=5: record)
print(json.dumps({{**after_rsa, "ok": ok, "tampered": tampered, "now_real": real("nacl.signing")}}))
"""
    )
    assert got["sigs"] >= 1  # the sample's RSA signature was checked
    assert got["deferred"] is True and got["real"] is False
    assert got["ok"] is True and got["tampered"] is False
    assert got["now_real"] is True
