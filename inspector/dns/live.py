"""The live source: real DNS through dnspython, the system resolver or a given server."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdatatype
import dns.resolver

from inspector.dns.source import DnsAnswer, DnsStatus, Record, SourceKind, normalize_name
from inspector.errors import UsageError

#: Per-query budget (seconds). SPF's overall 20 s budget (RFC 7208 §4.6.4) is enforced by pyspf.
DEFAULT_LIFETIME = 5.0


def parse_nameserver(spec: str) -> tuple[str, int]:
    """``HOST[:PORT]``, ``[v6]:PORT`` or a bare IPv6 address → (host, port)."""
    spec = spec.strip()
    if spec.startswith("["):
        host, _, rest = spec[1:].partition("]")
        port = rest.lstrip(":") or "53"
    elif spec.count(":") == 1:
        host, port = spec.split(":")
    else:
        host, port = spec, "53"
    try:
        p = int(port)
        if not 0 < p < 65536:
            raise ValueError
    except ValueError:
        raise UsageError(f"bad nameserver port in {spec!r}") from None
    if not host:
        raise UsageError(f"bad nameserver {spec!r}")
    return host, p


class LiveSource:
    """Asks a real DNS server. Answers are not cached here (LoggingSource caches per analysis)."""

    kind = SourceKind.LIVE

    def __init__(self, nameserver: str | None = None, *, lifetime: float = DEFAULT_LIFETIME) -> None:
        self.nameserver = nameserver
        self.lifetime = lifetime
        self._local = threading.local()
        self.config_error: str | None = None
        if nameserver is not None:
            self._host, self._port = parse_nameserver(nameserver)

    def _resolver(self) -> dns.resolver.Resolver | None:
        # One resolver per thread: dnspython resolvers are not safe to share while configuring.
        r = getattr(self._local, "resolver", None)
        if r is not None:
            return r
        if self.nameserver is not None:
            r = dns.resolver.Resolver(configure=False)
            r.nameservers = [dns.nameserver.Do53Nameserver(self._host, self._port)]
        else:
            try:
                r = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration:
                self.config_error = "this machine has no DNS resolver configured"
                return None
        r.lifetime = self.lifetime
        r.timeout = min(2.0, self.lifetime)
        r.use_edns(0, dns.flags.DO, 1232)
        self._local.resolver = r
        return r

    def query(self, name: str, rtype: str) -> DnsAnswer:
        qname = normalize_name(name)
        rtype = rtype.upper()
        now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

        def answer(status: DnsStatus, detail: str = "", **kw: object) -> DnsAnswer:
            return DnsAnswer(qname, rtype, status, source=SourceKind.LIVE, captured_at=now, detail=detail, **kw)  # type: ignore[arg-type]

        r = self._resolver()
        if r is None:
            return answer(DnsStatus.OFFLINE, self.config_error or "no resolver")
        try:
            ans = r.resolve(qname, rtype, search=False, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN:
            return answer(DnsStatus.NXDOMAIN)
        except dns.resolver.NoNameservers as exc:
            text = str(exc)
            status = DnsStatus.REFUSED if "REFUSED" in text else DnsStatus.SERVFAIL
            return answer(status, text[:300])
        except dns.exception.Timeout:
            return answer(DnsStatus.TIMEOUT, f"no answer within {self.lifetime:g} s")
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return answer(DnsStatus.SERVFAIL, f"{type(exc).__name__}: {exc}"[:300])
        if ans.rrset is None:
            return answer(DnsStatus.NODATA, ttl=None)
        records: list[Record] = []
        for rd in ans.rrset:
            if rtype in ("TXT", "SPF"):
                records.append(tuple(rd.strings))
            elif rtype == "MX":
                records.append((int(rd.preference), rd.exchange.to_text()))
            elif rtype in ("PTR", "CNAME"):
                records.append(rd.target.to_text())
            else:
                records.append(rd.to_text())
        chain: list[str] = []
        if ans.canonical_name != dns.name.from_text(qname):
            chain.append(ans.canonical_name.to_text().lower())
        ad = bool(ans.response.flags & dns.flags.AD)
        return answer(DnsStatus.NOERROR, ttl=ans.rrset.ttl, records=tuple(records), ad=ad, cname_chain=tuple(chain))

    def describe(self) -> str:
        return f"live DNS via {self.nameserver}" if self.nameserver else "live DNS (system resolver)"
