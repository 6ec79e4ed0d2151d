"""The DNS layer against a real DNS server on loopback: every status, TCP fallback, snapshots, offline."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from inspector.dns.live import LiveSource, parse_nameserver
from inspector.dns.offline import OfflineSource
from inspector.dns.recording import RecordingSource
from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsStatus, SourceKind
from inspector.errors import UsageError
from tests.support.dns_server import LoopbackDnsServer

LONG_KEY = "p=" + "A" * 250

ZONE: list[dict[str, Any]] = [
    {"name": "example.com.", "type": "TXT", "rdata": [["v=spf1 ", "ip4:192.0.2.0/24 -all"], ["other"]]},
    {"name": "example.com.", "type": "MX", "rdata": [[10, "mx.example.com."]]},
    {"name": "mx.example.com.", "type": "A", "rdata": ["192.0.2.25"]},
    {"name": "mx.example.com.", "type": "AAAA", "rdata": ["2001:db8::25"]},
    {"name": "25.2.0.192.in-addr.arpa.", "type": "PTR", "rdata": ["mx.example.com."]},
    {"name": "alias.example.com.", "type": "CNAME", "rdata": ["mx.example.com."]},
    {
        "name": "sel._domainkey.example.com.",
        "type": "TXT",
        "rdata": [["v=DKIM1; k=rsa; ", LONG_KEY, "A" * 250, "A" * 250]],
    },
    {"name": "broken.example.com.", "type": "TXT", "status": "SERVFAIL"},
    {"name": "refused.example.com.", "type": "TXT", "status": "REFUSED"},
    {"name": "slow.example.com.", "type": "TXT", "status": "TIMEOUT"},
    {"name": "binary.example.com.", "type": "TXT", "rdata": [[{"b64": "/w=="}]]},
]


@pytest.fixture()
def server() -> Any:
    with LoopbackDnsServer(ZONE) as srv:
        yield srv


def test_each_status_through_a_real_server(server: LoopbackDnsServer) -> None:
    live = LiveSource(server.address, lifetime=1.0)
    a = live.query("example.com", "TXT")
    assert a.status is DnsStatus.NOERROR and a.source is SourceKind.LIVE
    # An RRset has no order; the character-string boundaries inside a record are kept.
    assert sorted(a.records) == [(b"other",), (b"v=spf1 ", b"ip4:192.0.2.0/24 -all")]
    assert sorted(a.txt_strings()) == [b"other", b"v=spf1 ip4:192.0.2.0/24 -all"]
    assert live.query("nope.example.com", "TXT").status is DnsStatus.NXDOMAIN
    assert live.query("mx.example.com", "TXT").status is DnsStatus.NODATA
    assert live.query("broken.example.com", "TXT").status is DnsStatus.SERVFAIL
    assert live.query("refused.example.com", "TXT").status is DnsStatus.REFUSED
    t = live.query("slow.example.com", "TXT")
    assert t.status is DnsStatus.TIMEOUT
    assert live.query("example.com", "MX").records == ((10, "mx.example.com."),)
    assert live.query("mx.example.com", "A").records == ("192.0.2.25",)
    assert live.query("mx.example.com", "AAAA").records == ("2001:db8::25",)
    assert live.query("25.2.0.192.in-addr.arpa", "PTR").records == ("mx.example.com.",)
    c = live.query("alias.example.com", "A")
    assert c.records == ("192.0.2.25",) and c.cname_chain == ("mx.example.com.",)
    assert live.query("binary.example.com", "TXT").records == ((b"\xff",),)


def test_tcp_fallback_on_truncation() -> None:
    with LoopbackDnsServer(ZONE, truncate_udp=True) as srv:
        ans = LiveSource(srv.address, lifetime=2.0).query("sel._domainkey.example.com", "TXT")
        assert ans.status is DnsStatus.NOERROR
        assert ans.txt_strings()[0].startswith(b"v=DKIM1; k=rsa; p=AAAA")
        assert {t for _, _, t in srv.queries} == {"udp", "tcp"}


def test_snapshot_round_trip(server: LoopbackDnsServer, tmp_path: Path) -> None:
    """Record against the server, replay offline: the same answers, status for status."""
    questions = [
        ("example.com", "TXT"), ("nope.example.com", "TXT"), ("mx.example.com", "TXT"),
        ("broken.example.com", "TXT"), ("example.com", "MX"), ("mx.example.com", "AAAA"),
        ("binary.example.com", "TXT"), ("alias.example.com", "A"), ("25.2.0.192.in-addr.arpa", "PTR"),
    ]  # fmt: skip
    rec = RecordingSource(LiveSource(server.address, lifetime=1.0))
    live_answers = [rec.query(n, t) for n, t in questions]
    path = tmp_path / "snap.json"
    rec.save(path)
    doc = json.loads(path.read_text())
    assert doc["format"] == "dns-snapshot/1"
    assert all("captured_at" in r for r in doc["records"])
    snap = SnapshotSource.from_file(path)
    for (n, t), live in zip(questions, live_answers, strict=True):
        replay = snap.query(n, t)
        assert replay.source is SourceKind.SNAPSHOT
        assert (replay.status, replay.records, replay.cname_chain) == (live.status, live.records, live.cname_chain)
        assert replay.captured_at == live.captured_at
    assert snap.query("never-asked.example.com", "TXT").status is DnsStatus.NOT_IN_SNAPSHOT


def test_offline_source_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline mode must not even create a socket: any attempt fails the test."""
    from inspector.analyze import analyze
    from inspector.ingest import load_bytes

    def forbidden(*a: object, **k: object) -> None:
        raise AssertionError("a socket was opened in offline mode")

    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    src = OfflineSource()
    assert src.query("example.com", "TXT").status is DnsStatus.OFFLINE
    msg = load_bytes(
        b"Received: from a.example.net (a.example.net [198.51.100.7])\n"
        b" by mx.example.org; Mon, 30 Nov 2026 04:00:00 +0000\n"
        b"DKIM-Signature: v=1; a=rsa-sha256; d=example.net; s=sel; h=from; bh=AAAA; b=AAAA\n"
        b"From: a@example.net\nSubject: x\n\nbody\n"
    )
    report = analyze(msg, dns=src)
    assert report.dns.mode == "offline"


def test_mailauth_cache_import(shared: Path) -> None:
    snap = SnapshotSource.from_file(shared / "conformance/mailauth-fixtures/dns-cache.example.json")
    assert snap.query("_dmarc.hotmail.com", "TXT").txt_strings() == [b"v=DMARC1; p=reject; sp=reject;"]
    mx = snap.query("exploding.mx", "MX")
    assert mx.records[0] == (1, "mx1.exploding.mx.") and len(mx.records) == 12
    assert snap.query("mx1.exploding.mx", "A").records == ("1.2.3.1",)
    assert snap.query("unknown.example", "A").status is DnsStatus.NOT_IN_SNAPSHOT


@pytest.mark.parametrize(
    ("spec", "expected"),
    [("127.0.0.1", ("127.0.0.1", 53)), ("127.0.0.1:5353", ("127.0.0.1", 5353)), ("[::1]:53", ("::1", 53)),
     ("::1", ("::1", 53))],
)  # fmt: skip
def test_parse_nameserver(spec: str, expected: tuple[str, int]) -> None:
    assert parse_nameserver(spec) == expected


def test_bad_nameserver_port() -> None:
    with pytest.raises(UsageError):
        parse_nameserver("127.0.0.1:99999")
