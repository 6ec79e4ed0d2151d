"""Print how long one DKIM signature and one ARC set take to check against a crafted RSA key (issue 12 item 5).

Run from the repository root::

    .venv/bin/python benchmarks/bench_rsa_key_bounds.py [--bits N] [--exponent-bits E]

An RSA verification costs one modular multiplication per bit of the public exponent, on numbers as long as
the modulus; a key record chosen by the sender can make both huge. The script signs a message with dkimpy's
test key (from ../shared), ARC-seals it, and publishes in a DNS snapshot (no network) a key with an N-bit
modulus (default 16384, the old DKIM cap; ARC had none) and an E-bit exponent (default 16384). It prints the
wall time of check_dkim and check_arc with that key, and with the genuine key for comparison. With the
bounds (modulus <= 8192 bits, exponent <= 64 bits) the crafted key is refused before any arithmetic.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dkim

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspector.auth.arc import check_arc  # noqa: E402
from inspector.auth.dkim import check_dkim  # noqa: E402
from inspector.dns.context import use_dns  # noqa: E402
from inspector.dns.snapshot import SnapshotSource  # noqa: E402
from inspector.dns.source import LoggingSource, QueryLog  # noqa: E402
from inspector.ingest.eml import read_eml  # noqa: E402
from tests.support.signing import der_rsa_public_key  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "conformance" / "dkimpy-testdata" / "data"
MESSAGE = (
    b"Authentication-Results: mx.example.com; spf=pass smtp.mailfrom=alice@example.com\r\n"
    b"From: Alice <alice@example.com>\r\nTo: Bob <bob@example.org>\r\nSubject: figures\r\n"
    b"Date: Tue, 1 Dec 2026 11:58:00 +0000\r\nMessage-ID: <b@example.com>\r\n\r\nHello Bob.\r\n"
)


def _entries(record: str) -> list[dict[str, Any]]:
    chunks = [record[i : i + 255] for i in range(0, len(record), 255)]
    return [{"name": "sel._domainkey.example.com.", "type": "TXT", "rdata": [chunks]}]


def _time(raw: bytes, record: str) -> tuple[float, str, float, str]:
    msg = read_eml(raw)
    log = QueryLog()
    with use_dns(LoggingSource(SnapshotSource(_entries(record)), log)):
        t0 = time.perf_counter()
        (d,) = check_dkim(msg, log=log, now=datetime.now(UTC), delivery_time=None)
        t1 = time.perf_counter()
        a = check_arc(msg, log=log)
        t2 = time.perf_counter()
    arc_reason = a.instances[0].reason if a.instances else a.reason
    return t1 - t0, f"{d.result.value} ({d.error_kind})", t2 - t1, f"{a.result.value} {arc_reason[:90]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bits", type=int, default=16384, help="modulus size of the crafted key")
    ap.add_argument("--exponent-bits", type=int, default=16384, help="size of the crafted public exponent")
    args = ap.parse_args()
    private = (DATA / "2048_testkey.key").read_bytes()
    genuine = (DATA / "2048_testkey_wo_markers.pub.txt").read_text(encoding="ascii").strip()
    signed = bytes(dkim.sign(MESSAGE, b"sel", b"example.com", private, include_headers=[b"from", b"subject"]))
    signed += MESSAGE
    arc = dkim.arc_sign(signed, b"sel", b"example.com", private, b"mx.example.com", include_headers=None)
    raw = b"".join(bytes(h) for h in arc) + signed
    modulus = (1 << (args.bits - 1)) | 1
    exponent = (1 << (args.exponent_bits - 1)) | 1
    crafted = f"v=DKIM1; k=rsa; p={der_rsa_public_key(modulus, exponent)}"
    for label, record in (("genuine 2048-bit key, e=65537", genuine), (f"crafted {args.bits}-bit key, "
                          f"{args.exponent_bits}-bit exponent", crafted)):  # fmt: skip
        dt, dr, at, ar = _time(raw, record)
        print(f"{label}:")
        print(f"  DKIM  {dt * 1000:9.1f} ms  {dr}")
        print(f"  ARC   {at * 1000:9.1f} ms  {ar}")


if __name__ == "__main__":
    main()
