"""The live source: real DNS through dnspython, the system resolver or a given server."""

from __future__ import annotations

import secrets
import select
import socket
import threading
import time
from datetime import UTC, datetime

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdatatype
import dns.resolver

from inspector.dns.session import current_session
from inspector.dns.source import DnsAnswer, DnsStatus, Record, SourceKind, normalize_name
from inspector.errors import UsageError

#: Per-query budget (seconds). SPF's overall 20 s budget (RFC 7208 §4.6.4) is enforced by pyspf; the whole
#: analysis' budget (inspector.dns.session) caps every question further.
DEFAULT_LIFETIME = 5.0
#: The reachability probe resends its question this often within its window (one lost UDP packet is no outage).
PROBE_RESEND = 0.5


def probe_first(source: object) -> None:
    """Run the session's reachability probe of the live source under `source`'s wrappers, now.

    Wrappers (recorder, the per-analysis cache, the GUI's cancel watch) expose what they wrap as `.inner`.
    Probing before any question is sent means every real question still passes each wrapper's own checks
    after the probe (a cancel during the probe sends nothing more); a source not found here is probed
    lazily by its first question instead.
    """
    session = current_session()
    seen = 0
    while session is not None and source is not None and seen < 16:
        if isinstance(source, LiveSource):
            if session.remaining() > 0.0:
                session.reachable(source, source.describe(), source.probe)
            return
        source = getattr(source, "inner", None)
        seen += 1


def _where(host: str, port: int) -> str:
    """``HOST:PORT``, with an IPv6 address in brackets (as --nameserver takes it)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


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
        lifetime = self.lifetime
        session = current_session()
        if session is not None:
            # A known outage first (the more useful fact), then the budget, then (once) the probe.
            failure = session.known_failure(self)
            if failure is None and session.remaining() > 0.0:
                failure = session.reachable(self, self.describe(), self.probe)
            if failure is not None:
                return answer(DnsStatus.UNREACHABLE, "not asked: no DNS server answered")
            left = session.remaining()
            if left <= 0.0:
                session.note_not_asked()
                return answer(
                    DnsStatus.BUDGET_EXHAUSTED,
                    f"not asked: the analysis' DNS time budget of {session.budget:g} s was used up",
                )
            lifetime = min(lifetime, left)
        try:
            ans = r.resolve(qname, rtype, search=False, raise_on_no_answer=False, lifetime=lifetime)
        except dns.resolver.NXDOMAIN:
            return answer(DnsStatus.NXDOMAIN)
        except dns.resolver.NoNameservers as exc:
            text = str(exc)
            status = DnsStatus.REFUSED if "REFUSED" in text else DnsStatus.SERVFAIL
            return answer(status, text[:300])
        except dns.exception.Timeout:
            if session is not None and lifetime < self.lifetime:
                session.note_cut_short()
                return answer(
                    DnsStatus.TIMEOUT,
                    f"no answer within {lifetime:.1f} s, when the analysis' DNS time budget of "
                    f"{session.budget:g} s ran out",
                )
            return answer(DnsStatus.TIMEOUT, f"no answer within {lifetime:g} s")
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

    def servers(self) -> list[tuple[str, int]]:
        """The (address, port) pairs this source asks over UDP."""
        if self.nameserver is not None:
            return [(self._host, self._port)]
        r = self._resolver()
        if r is None:
            return []
        out: list[tuple[str, int]] = []
        for ns in r.nameservers:
            if isinstance(ns, str):
                out.append((ns, int(r.port)))
            elif isinstance(ns, dns.nameserver.Do53Nameserver):
                out.append((ns.answer_nameserver(), int(ns.answer_port())))
        return out

    def probe(self, window: float) -> str | None:
        """Does any of our servers answer at all? None if one did within `window` s, else why not.

        One question (``. NS``, which says nothing about the message) goes to every server at once and is
        resent every PROBE_RESEND s; any well-formed reply counts, whatever its rcode. A "port unreachable"
        from a connected UDP socket ends the wait for that server early.
        """
        servers = self.servers()
        if not servers:
            return None  # nothing we know how to probe (e.g. DoH): let the questions speak for themselves
        query = dns.message.make_query(".", "NS")
        socks: dict[socket.socket, tuple[str, int, int]] = {}
        refused: list[str] = []
        try:
            for host, port in servers:
                family = socket.AF_INET6 if ":" in host else socket.AF_INET
                try:
                    sock = socket.socket(family, socket.SOCK_DGRAM)
                except OSError:
                    continue  # no such socket here (e.g. IPv6 disabled): this probe cannot judge that server
                try:
                    sock.setblocking(False)
                    sock.connect((host, port))
                except (socket.gaierror, ValueError, OverflowError):
                    sock.close()  # an address form we cannot probe (dnspython may still use it): no judgement
                    continue
                except OSError as exc:  # e.g. "network is unreachable": nothing can answer
                    sock.close()
                    refused.append(f"{_where(host, port)}: {(exc.strerror or str(exc)).lower()}")
                    continue
                socks[sock] = (host, port, secrets.randbelow(65536))
            if not socks and not refused:
                return None
            deadline = time.monotonic() + window
            next_send = 0.0
            while socks:
                now = time.monotonic()
                if now >= deadline:
                    break
                if now >= next_send:
                    for sock, (host, port, qid) in list(socks.items()):
                        query.id = qid
                        try:
                            sock.send(query.to_wire())
                        except OSError as exc:
                            refused.append(f"{_where(host, port)}: {(exc.strerror or str(exc)).lower()}")
                            sock.close()
                            del socks[sock]
                    next_send = now + PROBE_RESEND
                if not socks:
                    break
                ready, _, _ = select.select(list(socks), [], [], max(0.0, min(deadline, next_send) - now))
                for sock in ready:
                    host, port, qid = socks[sock]
                    try:
                        wire = sock.recv(65535)
                    except OSError as exc:  # ICMP port unreachable: nobody listens there
                        refused.append(f"{_where(host, port)}: {(exc.strerror or str(exc)).lower()}")
                        sock.close()
                        del socks[sock]
                        continue
                    try:
                        reply = dns.message.from_wire(wire)
                    except Exception:  # noqa: BLE001 - garbage is not an answer; keep waiting
                        continue
                    if reply.id == qid and reply.flags & dns.flags.QR:
                        return None
        finally:
            for sock in socks:
                sock.close()
        asked = ", ".join(_where(h, p) for h, p in servers)
        if refused and len(refused) == len(servers):
            return "; ".join(refused)[:300]
        detail = f"asked {asked}, no reply within {window:g} s"
        if refused:
            detail += "; " + "; ".join(refused)[:200]
        return detail
