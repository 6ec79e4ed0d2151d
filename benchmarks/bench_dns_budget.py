"""Print the wall time of one analysis against bad live DNS: N dead DKIM selectors, an unreachable resolver.

Run from the repository root::

    .venv/bin/python benchmarks/bench_dns_budget.py [--selectors 40] [--budget 10] [--cli]

Scenarios (all DNS on loopback, nothing leaves the machine):

- ``dead selectors``: a message with N DKIM signatures whose key names the loopback DNS server never
  answers (it drops those queries); the SPF and DMARC names answer normally.
- ``unreachable (silent)``: ``--nameserver`` points at a loopback UDP socket that reads every packet and
  answers none.
- ``unreachable (closed port)``: ``--nameserver`` points at a loopback port where nothing listens.

Each line gives the wall time of ``inspector.analyze.analyze`` (``--cli`` also times a whole
``python -m inspector analyze --json`` process), how many DNS questions reached the server, the most it
was handling at once, and the report's DNS fact (``dns.problem``) and DKIM results. Before the DNS budget,
each dead key cost ~5.3 s one after another (40 → 174 s) and a silent resolver 17–28 s.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.analyze import analyze  # noqa: E402
from inspector.dns.live import LiveSource  # noqa: E402
from inspector.ingest import load_bytes  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402
from tests.support.dns_messages import CLIENT_IP, base_zone, key_entries, signed_message  # noqa: E402
from tests.support.dns_server import LoopbackDnsServer, closed_port  # noqa: E402


def zone(n: int) -> list[dict[str, object]]:
    # Held for a minute, never answered in time: the server counts them in flight while the client waits.
    return base_zone() + key_entries(n, prefix="dead", delay=60)


class SilentSocket:
    """A loopback UDP socket that swallows every packet (reads them so the queue never fills)."""

    def __init__(self) -> None:
        self.server = LoopbackDnsServer([], silent=True)

    def __enter__(self) -> str:
        self.server.start()
        return self.server.address

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def timed(raw: bytes, nameserver: str, budget: float) -> tuple[float, str]:
    message = load_bytes(raw, path=None)
    settings = AnalysisSettings(client_ip=CLIENT_IP, dns_budget=budget)
    t0 = time.perf_counter()
    report = analyze(message, settings, LiveSource(nameserver))
    wall = time.perf_counter() - t0
    dkim = collections.Counter(s.result.value for s in report.dkim)
    summary = (
        f"dns.problem={report.dns.problem}; spf={report.spf.result.value}; dmarc={report.dmarc.result.value}; "
        f"dkim={dict(dkim)}"
    )
    return wall, summary


def timed_cli(raw: bytes, nameserver: str, budget: float) -> float:
    with tempfile.NamedTemporaryFile(suffix=".eml") as fh:
        fh.write(raw)
        fh.flush()
        cmd = [sys.executable, "-m", "inspector", "analyze", fh.name, "--json", "--nameserver", nameserver]
        cmd += ["--client-ip", CLIENT_IP, "--dns-budget", str(budget)]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        wall = time.perf_counter() - t0
        json.loads(out.stdout)  # a report came out
        return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--selectors", type=int, default=40, help="dead DKIM selectors in the message (default 40)")
    ap.add_argument("--budget", type=float, default=10.0, help="--dns-budget in seconds (default 10)")
    ap.add_argument("--cli", action="store_true", help="also time a whole CLI process per scenario")
    args = ap.parse_args()
    raw = signed_message(args.selectors, prefix="dead")
    small = signed_message(1, prefix="dead")

    with LoopbackDnsServer(zone(args.selectors)) as server:
        wall, summary = timed(raw, server.address, args.budget)
        print(
            f"dead selectors: N={args.selectors}  wall {wall:6.2f} s  ({len(server.queries)} queries reached the "
            f"server, at most {server.max_in_flight} at once)  {summary}"
        )
        if args.cli:
            print(
                f"dead selectors: N={args.selectors}  CLI process {timed_cli(raw, server.address, args.budget):6.2f} s"
            )

    with SilentSocket() as address:
        wall, summary = timed(small, address, args.budget)
        print(f"unreachable (silent socket {address}):  wall {wall:6.2f} s  {summary}")
        if args.cli:
            print(f"unreachable (silent socket):  CLI process {timed_cli(small, address, args.budget):6.2f} s")

    address = f"127.0.0.1:{closed_port()}"
    wall, summary = timed(small, address, args.budget)
    print(f"unreachable (closed port {address}):  wall {wall:6.2f} s  {summary}")
    if args.cli:
        print(f"unreachable (closed port):  CLI process {timed_cli(small, address, args.budget):6.2f} s")


if __name__ == "__main__":
    main()
