"""Print the median time per message of the whole analysis and of its authentication checks.

Run from the repository root::

    .venv/bin/python benchmarks/bench_auth.py [FOLDER] [--dns-snapshot F] [--synthetic N] [--runs R]

Messages: every ``*.eml`` in FOLDER (default ``resources/samples``); a sibling ``NAME.dns.json`` is its
DNS snapshot, else ``--dns-snapshot``, else offline. ``--synthetic N`` (default 20) adds N typical
signed messages built here, untimed: a three-hop Received chain, a 2048-bit RSA DKIM signature
(relaxed/relaxed, the usual header list), Return-Path, the receiver's Authentication-Results and
Received-SPF, with a snapshot holding the key, the SPF record (include + ip4) and the DMARC record.

Timing: everything is imported, the PSL built and each message analysed once before timing (no
process start-up, no first-call costs). Each message is then analysed R times (default 30) with
``inspector.analyze.analyze`` and snapshot DNS (no network). "auth" is the time spent inside
check_spf, check_dkim, check_arc, check_dmarc, parse_recorded and compare, measured by wrapping
those names in the analyze module; "re-verification" is the first four only (the checks themselves,
without reading the receivers' Authentication-Results). The figure per message is the median of its runs; the script
prints the median over messages of each group.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dkim  # noqa: E402

import inspector.analyze as pipeline  # noqa: E402
from inspector.dns.offline import OfflineSource  # noqa: E402
from inspector.dns.snapshot import SnapshotSource  # noqa: E402
from inspector.dns.source import DnsSource  # noqa: E402
from inspector.ingest import load_file  # noqa: E402
from inspector.ingest.message import Message  # noqa: E402
from inspector.settings import AnalysisSettings  # noqa: E402

AUTH_STAGES = ("check_spf", "check_dkim", "check_arc", "check_dmarc", "parse_recorded", "compare")
#: The re-verification proper (what mailauth's ~1.4 ms covers): without reading the receivers' headers.
VERIFY_STAGES = ("check_spf", "check_dkim", "check_arc", "check_dmarc")


class StageClock:
    """Wraps the auth stage functions in `inspector.analyze` and adds up the time spent inside them."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.verify_spent = 0.0
        self.per_stage: dict[str, list[float]] = {name: [] for name in AUTH_STAGES}
        self._saved: dict[str, Callable[..., Any]] = {}

    def install(self) -> None:
        for name in AUTH_STAGES:
            fn = getattr(pipeline, name)
            self._saved[name] = fn
            setattr(pipeline, name, self._wrap(name, fn))

    def _wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                dt = time.perf_counter() - t
                self.spent += dt
                if name in VERIFY_STAGES:
                    self.verify_spent += dt
                self.per_stage[name].append(dt)

        return timed


def synthetic(folder: Path, n: int) -> list[tuple[Path, Path]]:
    """N typical signed messages and one snapshot for them (key made with openssl; not timed)."""
    key_pem = subprocess.run(["openssl", "genrsa", "2048"], capture_output=True, check=True).stdout
    pub_der = subprocess.run(
        ["openssl", "rsa", "-pubout", "-outform", "DER"], input=key_pem, capture_output=True, check=True
    ).stdout
    p = base64.b64encode(pub_der).decode()
    snapshot = folder / "synthetic.dns.json"
    records = [
        ("s2048._domainkey.shop.example.", "TXT", [["v=DKIM1; k=rsa; ", "p=" + p[:200], p[200:]]]),
        ("bounce.shop.example.", "TXT", [["v=spf1 include:_spf.mailer.example ip4:198.51.100.0/24 -all"]]),
        ("_spf.mailer.example.", "TXT", [["v=spf1 ip4:203.0.113.0/24 ~all"]]),
        ("_dmarc.shop.example.", "TXT", [["v=DMARC1; p=reject; rua=mailto:d@shop.example; adkim=r"]]),
    ]
    import json

    snapshot.write_text(
        json.dumps(
            {
                "format": "dns-snapshot/1",
                "created_at": "2026-11-30T00:00:00Z",
                "records": [
                    {"name": nm, "type": t, "status": "NOERROR", "ttl": 300, "rdata": rd} for nm, t, rd in records
                ],
            }
        )
    )
    out: list[tuple[Path, Path]] = []
    for i in range(n):
        body = (f"Hello customer {i},\r\n\r\nYour order #{1000 + i} has shipped.\r\n" * 20).encode()
        head = (
            f"From: Shop <orders@shop.example>\r\nTo: user{i}@mail.example\r\n"
            f"Subject: Your order #{1000 + i}\r\nDate: Mon, 30 Nov 2026 10:00:{i % 60:02d} +0000\r\n"
            f"Message-ID: <{i}.order@shop.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
        ).encode()
        sig = dkim.sign(
            head + b"\r\n" + body,
            b"s2048",
            b"shop.example",
            key_pem,
            include_headers=[b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type"],
            canonicalize=(b"relaxed", b"relaxed"),
        )
        trace = (
            f"Return-Path: <bounce-{i}@bounce.shop.example>\r\n"
            f"Received: by 2002:a05:6000:1:b0:1 with SMTP id x{i}; Mon, 30 Nov 2026 10:00:05 +0000\r\n"
            "Authentication-Results: mx.mail.example; dkim=pass header.d=shop.example header.s=s2048;"
            f" spf=pass (mx.mail.example: domain of bounce-{i}@bounce.shop.example designates 203.0.113.9"
            f" as permitted sender) smtp.mailfrom=bounce-{i}@bounce.shop.example;"
            " dmarc=pass header.from=shop.example\r\n"
            f"Received-SPF: pass (mx.mail.example: domain of bounce-{i}@bounce.shop.example designates"
            " 203.0.113.9 as permitted sender) client-ip=203.0.113.9;\r\n"
            "Received: from out9.mailer.example (out9.mailer.example [203.0.113.9]) by mx.mail.example"
            f" with ESMTPS id y{i}; Mon, 30 Nov 2026 10:00:04 +0000\r\n"
            f"Received: from app (app.internal [10.0.0.5]) by out9.mailer.example with ESMTP id z{i};"
            " Mon, 30 Nov 2026 10:00:02 +0000\r\n"
        )
        path = folder / f"synthetic-{i:03d}.eml"
        path.write_bytes(trace.encode() + sig + head + b"\r\n" + body)
        out.append((path, snapshot))
    return out


def collect(folder: Path, default_snapshot: Path | None) -> list[tuple[Path, Path | None]]:
    out: list[tuple[Path, Path | None]] = []
    for eml in sorted(folder.glob("*.eml")):
        sibling = eml.with_suffix(".dns.json")
        out.append((eml, sibling if sibling.exists() else default_snapshot))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT / "resources" / "samples"))
    ap.add_argument("--dns-snapshot", default=None)
    ap.add_argument("--synthetic", type=int, default=20)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    clock = StageClock()
    clock.install()
    settings = AnalysisSettings(now="2026-11-30T12:00:00Z")
    with tempfile.TemporaryDirectory() as tmp:
        groups: dict[str, list[tuple[Path, Path | None]]] = {
            "folder": collect(Path(args.folder), Path(args.dns_snapshot) if args.dns_snapshot else None)
        }
        if args.synthetic:
            groups["synthetic signed"] = list(synthetic(Path(tmp), args.synthetic))
        sources: dict[Path | None, DnsSource] = {}
        for group, items in groups.items():
            whole: list[float] = []
            auth: list[float] = []
            verify: list[float] = []
            for v in clock.per_stage.values():
                v.clear()
            sample_report = None
            for eml, snap in items:
                message: Message = load_file(eml)
                if snap not in sources:
                    sources[snap] = SnapshotSource.from_file(snap) if snap else OfflineSource()
                source = sources[snap]
                sample_report = pipeline.analyze(message, settings, source)  # warm-up
                w: list[float] = []
                a: list[float] = []
                vv: list[float] = []
                for _ in range(args.runs):
                    clock.spent = 0.0
                    clock.verify_spent = 0.0
                    t = time.perf_counter()
                    pipeline.analyze(message, settings, source)
                    w.append(time.perf_counter() - t)
                    a.append(clock.spent)
                    vv.append(clock.verify_spent)
                whole.append(statistics.median(w) * 1000)
                auth.append(statistics.median(a) * 1000)
                verify.append(statistics.median(vv) * 1000)
            if not items:
                continue
            print(f"{group}: {len(items)} messages x {args.runs} runs")
            print(f"  whole analysis : median {statistics.median(whole):.3f} ms/message (max {max(whole):.3f})")
            print(f"  auth checks    : median {statistics.median(auth):.3f} ms/message (max {max(auth):.3f})")
            print(
                f"  re-verification (SPF+DKIM+ARC+DMARC only): median {statistics.median(verify):.3f} ms/message"
                f" (max {max(verify):.3f})"
            )
            stages = "  ".join(
                f"{n.replace('check_', '')} {statistics.median(v) * 1000:.3f}" for n, v in clock.per_stage.items() if v
            )
            print(f"  per stage (median ms, incl. warm-up calls): {stages}")
            if sample_report is not None:
                r = sample_report
                dk = ",".join(d.result.value for d in r.dkim) or "-"
                print(
                    f"  last message   : spf={r.spf.result.value} dkim={dk} arc={r.arc.result.value} "
                    f"dmarc={r.dmarc.result.value} recorded={len(r.recorded)} disagreements={len(r.disagreements)}"
                )


if __name__ == "__main__":
    main()
