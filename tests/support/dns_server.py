"""A real DNS server on loopback for tests: UDP and TCP on 127.0.0.1, a free port, fixture zones.

It serves entries in the snapshot format (`inspector/dns/snapshot.py`) and can answer NOERROR, NXDOMAIN,
NODATA (also for an empty non-terminal, a name with only descendants), SERVFAIL, REFUSED, drop a query (status
TIMEOUT), follow CNAME entries, delay every answer (to prove the GUI stays responsive) or only some names'
answers (an entry's ``"delay"`` in seconds), and truncate UDP answers (to exercise the TCP fallback). Each UDP
query is answered on its own thread, as a real server answers many clients at once; `max_in_flight` is the
most queries it was handling at the same moment, which shows whether a client asked concurrently.
`silent=True` reads every packet and answers none (a resolver that swallows everything; with `answer_root=True`
it still answers questions about the root ".", so it looks alive but never answers a real name; with
`delay`, `answer_root=True` answers the root at once, so the engine's reachability probe passes and only the
message's own questions wait);
:func:`closed_port` gives a loopback port where nothing listens.
Written on dnspython alone (wire parsing and rdata classes) so the tests need no other server.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterable
from typing import Any

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from dns.rdtypes.ANY.CNAME import CNAME
from dns.rdtypes.ANY.MX import MX
from dns.rdtypes.ANY.PTR import PTR
from dns.rdtypes.ANY.SPF import SPF
from dns.rdtypes.ANY.TXT import TXT
from dns.rdtypes.IN.A import A
from dns.rdtypes.IN.AAAA import AAAA

from inspector.dns.snapshot import decode_record
from inspector.dns.source import normalize_name

IN = dns.rdataclass.IN


def _rdata(rtype: str, rec: Any) -> Any:
    t = dns.rdatatype.from_text(rtype)
    value = decode_record(rtype, rec)
    if rtype == "TXT":
        return TXT(IN, t, list(value))  # type: ignore[arg-type]
    if rtype == "SPF":
        return SPF(IN, t, list(value))  # type: ignore[arg-type]
    if rtype == "MX":
        pref, exch = value  # type: ignore[misc,str-unpack]
        return MX(IN, t, int(pref), dns.name.from_text(str(exch)))
    if rtype == "A":
        return A(IN, t, str(value))
    if rtype == "AAAA":
        return AAAA(IN, t, str(value))
    if rtype == "PTR":
        return PTR(IN, t, dns.name.from_text(str(value)))
    if rtype == "CNAME":
        return CNAME(IN, t, dns.name.from_text(str(value)))
    raise ValueError(f"unsupported type {rtype}")


#: Tries at finding a port free for both UDP and TCP on loopback.
_BIND_TRIES = 50


def _bind_pair() -> tuple[socket.socket, socket.socket]:
    """A UDP and a TCP socket bound to the same loopback port (DNS answers on both).

    The UDP port comes from the kernel; the same TCP port can still be taken (an outgoing connection's local
    port, another test's server), so a clash closes both and tries another port instead of failing the test.
    """
    for _ in range(_BIND_TRIES):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            tcp.bind(("127.0.0.1", udp.getsockname()[1]))
        except OSError:
            udp.close()
            tcp.close()
            continue
        return udp, tcp
    raise OSError(f"no loopback port free for both UDP and TCP after {_BIND_TRIES} tries")


class LoopbackDnsServer:
    """Serve `entries` on 127.0.0.1; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        entries: Iterable[dict[str, Any]],
        *,
        delay: float = 0.0,
        truncate_udp: bool = False,
        silent: bool = False,
        answer_root: bool = False,
    ) -> None:
        self.index: dict[tuple[str, str], dict[str, Any]] = {}
        self.names: set[str] = set()
        for e in entries:
            key = (normalize_name(e["name"]), str(e["type"]).upper())
            self.index[key] = e
            # The name and its ancestors exist: an empty non-terminal answers NODATA, not NXDOMAIN (RFC 8020).
            labels = key[0].rstrip(".").split(".")
            self.names.update(".".join(labels[i:]) + "." for i in range(len(labels)))
        self.delay = delay
        self.truncate_udp = truncate_udp
        self.silent = silent
        self.answer_root = answer_root
        self.queries: list[tuple[str, str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._count_lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.udp, self.tcp = _bind_pair()
        self.port: int = self.udp.getsockname()[1]
        self.tcp.listen(16)

    @property
    def address(self) -> str:
        """``127.0.0.1:PORT`` as `--nameserver` takes it."""
        return f"127.0.0.1:{self.port}"

    # -- answering ---------------------------------------------------------------------------------
    def respond(self, wire: bytes, transport: str) -> bytes | None:
        """The response to one query in wire format, or None to drop it (TIMEOUT)."""
        with self._count_lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return self._respond_or_servfail(wire, transport)
        finally:
            with self._count_lock:
                self.in_flight -= 1

    def _respond_or_servfail(self, wire: bytes, transport: str) -> bytes | None:
        try:
            return self._respond(wire, transport)
        except Exception:  # noqa: BLE001 - a fixture bug answers SERVFAIL instead of killing the thread
            try:
                q = dns.message.from_wire(wire)
                r = dns.message.make_response(q)
                r.set_rcode(dns.rcode.SERVFAIL)
                return r.to_wire()
            except Exception:  # noqa: BLE001
                return None

    def _respond(self, wire: bytes, transport: str) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
        except Exception:  # noqa: BLE001 - a malformed query is simply ignored
            return None
        if not query.question:
            return None
        q = query.question[0]
        qname = q.name.to_text().lower()
        qtype = dns.rdatatype.to_text(q.rdtype)
        self.queries.append((qname, qtype, transport))
        if self.silent and not (self.answer_root and qname == "."):
            return None
        if self.delay and not (self.answer_root and qname == "."):
            time.sleep(self.delay)
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        name = qname
        for _ in range(9):  # follow at most 8 CNAMEs
            entry = self.index.get((name, qtype))
            if entry is None and qtype != "CNAME" and (name, "CNAME") in self.index:
                c = self.index[(name, "CNAME")]
                target = str(c["rdata"][0])
                rr = dns.rrset.RRset(dns.name.from_text(name), IN, dns.rdatatype.CNAME)
                rr.add(_rdata("CNAME", target), int(c.get("ttl", 300)))
                response.answer.append(rr)
                name = normalize_name(target)
                continue
            break
        if entry is None:
            response.set_rcode(dns.rcode.NOERROR if name in self.names else dns.rcode.NXDOMAIN)
            return response.to_wire()
        status = str(entry.get("status", "NOERROR")).upper()
        if status == "TIMEOUT":
            return None
        if entry.get("delay"):
            time.sleep(float(entry["delay"]))
        if status in ("SERVFAIL", "REFUSED", "NXDOMAIN"):
            response.set_rcode(dns.rcode.from_text(status))
            return response.to_wire()
        rdata = entry.get("rdata") or []
        if status == "NOERROR" and rdata:
            rr = dns.rrset.RRset(dns.name.from_text(name), IN, dns.rdatatype.from_text(qtype))
            for rec in rdata:
                rr.add(_rdata(qtype, rec), int(entry.get("ttl", 300)))
            response.answer.append(rr)
        # Render in full (dnspython would refuse beyond the client's EDNS size); UDP truncation follows.
        wire_out = response.to_wire(max_size=65535)
        limit = query.payload if query.edns >= 0 else 512
        if transport == "udp" and (self.truncate_udp or len(wire_out) > limit):
            response.answer = []
            response.flags |= dns.flags.TC
            wire_out = response.to_wire()
        return wire_out

    # -- serving -----------------------------------------------------------------------------------
    def _serve_udp(self) -> None:
        self.udp.settimeout(0.1)
        while not self._stop.is_set():
            try:
                data, peer = self.udp.recvfrom(65535)
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._udp_answer, args=(data, peer), daemon=True).start()

    def _udp_answer(self, data: bytes, peer: Any) -> None:
        out = self.respond(data, "udp")
        if out is not None and not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.udp.sendto(out, peer)

    def _serve_tcp(self) -> None:
        self.tcp.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._tcp_conn, args=(conn,), daemon=True).start()

    def _tcp_conn(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            while True:
                head = conn.recv(2)
                if len(head) < 2:
                    return
                (n,) = struct.unpack("!H", head)
                data = b""
                while len(data) < n:
                    chunk = conn.recv(n - len(data))
                    if not chunk:
                        return
                    data += chunk
                out = self.respond(data, "tcp")
                if out is None:
                    return
                conn.sendall(struct.pack("!H", len(out)) + out)
        except OSError:
            return
        finally:
            conn.close()

    def start(self) -> LoopbackDnsServer:
        for fn in (self._serve_udp, self._serve_tcp):
            t = threading.Thread(target=fn, daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=2)
        self.udp.close()
        self.tcp.close()

    def __enter__(self) -> LoopbackDnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def closed_port() -> int:
    """A loopback UDP port where nothing listens (bound for a moment, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
