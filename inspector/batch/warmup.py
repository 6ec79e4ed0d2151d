"""Warming the engine up in a process that will hand its state on: a small made-up message analysed offline.

The engine builds much of what it needs lazily, on the first message that needs it: the Public Suffix List,
the look-alike reference, parsers, the verdict's rules, compiled patterns (~0.14 s for a first message
that takes ~6 ms once they exist). A process that forks the pool's workers does this once before the fork,
so no worker pays it again (the GUI's ready analysis child does it while it waits for its message).

Nothing the run's results depend on is touched: default settings (no history store, no protected domains),
no DNS (`OfflineSource`), a message of our own (no corpus data); only caches of pure functions are filled.
"""

from __future__ import annotations

import contextlib

#: Headers and a body with a link: enough to build every table a typical first message needs.
WARM_MESSAGE = (
    b"Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.org with ESMTPS;"
    b" Mon, 30 Nov 2026 03:40:00 +0000\r\n"
    b"Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=a@example.com\r\n"
    b"DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AAAA; b=BBBB\r\n"
    b"From: Example <a@example.com>\r\nTo: b@example.org\r\nSubject: warm-up\r\n"
    b"Date: Mon, 30 Nov 2026 03:40:00 +0000\r\nContent-Type: text/html\r\n\r\n<a href='https://example.com/'>x</a>\r\n"
)


def warm_up() -> None:
    """Import the engine, build the Public Suffix List and analyse `WARM_MESSAGE` offline; never raises."""
    with contextlib.suppress(Exception):  # optional: the real analyses report any real problem
        from inspector.analyze import analyze
        from inspector.auth.orgdomain import warm_up as build_suffix_lists
        from inspector.dns.offline import OfflineSource
        from inspector.ingest import load_bytes
        from inspector.settings import AnalysisSettings

        build_suffix_lists()
        analyze(load_bytes(WARM_MESSAGE), AnalysisSettings(), OfflineSource())
