"""The loopback DNS server's sockets: a TCP port clash is retried, never a failed test (tests/support)."""

from __future__ import annotations

import socket

import pytest

from tests.support import dns_server


def test_a_tcp_port_clash_takes_another_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel's free UDP port can be busy on TCP (an outgoing connection's local port): a CI run failed
    with 'Address already in use' this way. The first TCP bind is made to clash; the pair still comes up."""
    real = socket.socket.bind
    clashes: list[object] = []

    def bind(self: socket.socket, addr: object) -> None:
        if self.type == socket.SOCK_STREAM and not clashes:
            clashes.append(addr)
            raise OSError(98, "Address already in use")
        real(self, addr)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "bind", bind)
    udp, tcp = dns_server._bind_pair()
    try:
        assert clashes, "the clash was not exercised"
        assert udp.getsockname()[1] == tcp.getsockname()[1]
    finally:
        udp.close()
        tcp.close()


def test_the_server_answers_on_the_port_it_names() -> None:
    with dns_server.LoopbackDnsServer([]) as server:
        assert server.address == f"127.0.0.1:{server.port}"
        assert server.tcp.getsockname()[1] == server.port == server.udp.getsockname()[1]
