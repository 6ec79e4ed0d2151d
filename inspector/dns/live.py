"""The live source: real DNS through dnspython, the system resolver or a given server."""

from __future__ import annotations

import secrets
import select
import socket
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.nameserver
import dns.rcode
import dns.rdatatype
import dns.resolver

from inspector.dns.session import DnsSession, current_session
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


@dataclass(frozen=True, slots=True)
class _Reply:
    """Builds the answers of one live question (its name, type and time asked are the same in every one)."""

    qname: str
    rtype: str
    captured_at: str

    def __call__(self, status: DnsStatus, detail: str = "", **kw: object) -> DnsAnswer:
        fields = {"source": SourceKind.LIVE, "captured_at": self.captured_at, "detail": detail, **kw}
        return DnsAnswer(self.qname, self.rtype, status, **fields)  # type: ignore[arg-type]


def _failed(exc: Exception, answer: _Reply) -> DnsAnswer:
    """The answer for a question dnspython could not complete (other than by a timeout)."""
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return answer(DnsStatus.NXDOMAIN)
    if isinstance(exc, dns.resolver.NoNameservers):
        text = str(exc)
        return answer(DnsStatus.REFUSED if "REFUSED" in text else DnsStatus.SERVFAIL, text[:300])
    return answer(DnsStatus.SERVFAIL, f"{type(exc).__name__}: {exc}"[:300])


def _record(rd: Any, rtype: str) -> Record:
    """One record of an answer in the form the checks read (TXT: its strings; MX: preference and host)."""
    if rtype in ("TXT", "SPF"):
        return tuple(rd.strings)
    if rtype == "MX":
        return (int(rd.preference), rd.exchange.to_text())
    if rtype in ("PTR", "CNAME"):
        return str(rd.target.to_text())
    return str(rd.to_text())


class _Probe:
    """One reachability probe: a connected UDP socket per server, each with its own question id.

    `refused` collects, per server, why it cannot answer (network unreachable, ICMP port unreachable).
    """

    def __init__(self) -> None:
        self.socks: dict[socket.socket, tuple[str, int, int]] = {}
        self.refused: list[str] = []
        self.query = dns.message.make_query(".", "NS")

    def _refuse(self, sock: socket.socket | None, host: str, port: int, exc: OSError) -> None:
        self.refused.append(f"{_where(host, port)}: {(exc.strerror or str(exc)).lower()}")
        if sock is not None:
            sock.close()
            self.socks.pop(sock, None)

    def open(self, servers: list[tuple[str, int]]) -> None:
        """A socket per server this machine can reach at all; the others are refused or skipped."""
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
                self._refuse(sock, host, port, exc)
                continue
            self.socks[sock] = (host, port, secrets.randbelow(65536))

    def wait(self, window: float) -> bool:
        """Send, resend every PROBE_RESEND s and listen until `window` ends: True once any server replied."""
        deadline = time.monotonic() + window
        next_send = 0.0
        while self.socks:
            now = time.monotonic()
            if now >= deadline:
                break
            if now >= next_send:
                self._send()
                next_send = now + PROBE_RESEND
            if not self.socks:
                break
            ready, _, _ = select.select(list(self.socks), [], [], max(0.0, min(deadline, next_send) - now))
            if self._receive(ready):
                return True
        return False

    def _send(self) -> None:
        for sock, (host, port, qid) in list(self.socks.items()):
            self.query.id = qid
            try:
                sock.send(self.query.to_wire())
            except OSError as exc:
                self._refuse(sock, host, port, exc)

    def _receive(self, ready: list[socket.socket]) -> bool:
        """True when one of the `ready` sockets holds a well-formed reply to its question (any rcode)."""
        for sock in ready:
            host, port, qid = self.socks[sock]
            try:
                wire = sock.recv(65535)
            except OSError as exc:  # ICMP port unreachable: nobody listens there
                self._refuse(sock, host, port, exc)
                continue
            try:
                reply = dns.message.from_wire(wire)
            except Exception:  # noqa: BLE001 - garbage is not an answer; keep waiting
                continue
            if reply.id == qid and reply.flags & dns.flags.QR:
                return True
        return False

    def close(self) -> None:
        for sock in self.socks:
            sock.close()


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
        answer = _Reply(qname, rtype, datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        r = self._resolver()
        if r is None:
            return answer(DnsStatus.OFFLINE, self.config_error or "no resolver")
        session = current_session()
        lifetime = self.lifetime
        if session is not None:
            gate = self._gate(session, answer)
            if isinstance(gate, DnsAnswer):
                return gate
            lifetime = min(lifetime, gate)
        try:
            ans = r.resolve(qname, rtype, search=False, raise_on_no_answer=False, lifetime=lifetime)
        except dns.exception.Timeout:
            return self._timed_out(session, lifetime, answer)
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return _failed(exc, answer)
        if ans.rrset is None:
            return answer(DnsStatus.NODATA, ttl=None)
        chain: list[str] = []
        if ans.canonical_name != dns.name.from_text(qname):
            chain.append(ans.canonical_name.to_text().lower())
        ad = bool(ans.response.flags & dns.flags.AD)
        records = tuple(_record(rd, rtype) for rd in ans.rrset)
        return answer(DnsStatus.NOERROR, ttl=ans.rrset.ttl, records=records, ad=ad, cname_chain=tuple(chain))

    def _gate(self, session: DnsSession, answer: _Reply) -> DnsAnswer | float:
        """What the analysis' DNS session allows: the time left for this question, or the answer instead.

        A known outage first (the more useful fact), then the budget, then (once) the probe.
        """
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
        return left

    def _timed_out(self, session: DnsSession | None, lifetime: float, answer: _Reply) -> DnsAnswer:
        """A timeout, saying so when it was the analysis' budget (not the server) that cut the wait short."""
        if session is not None and lifetime < self.lifetime:
            session.note_cut_short()
            return answer(
                DnsStatus.TIMEOUT,
                f"no answer within {lifetime:.1f} s, when the analysis' DNS time budget of "
                f"{session.budget:g} s ran out",
            )
        return answer(DnsStatus.TIMEOUT, f"no answer within {lifetime:g} s")

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
        probe = _Probe()
        try:
            probe.open(servers)
            if not probe.socks and not probe.refused:
                return None
            if probe.wait(window):
                return None
        finally:
            probe.close()
        refused = probe.refused
        asked = ", ".join(_where(h, p) for h, p in servers)
        if refused and len(refused) == len(servers):
            return "; ".join(refused)[:300]
        detail = f"asked {asked}, no reply within {window:g} s"
        if refused:
            detail += "; " + "; ".join(refused)[:200]
        return detail
