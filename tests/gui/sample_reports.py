"""Hand-built Reports for view tests: every section filled, values chosen so each view has something to show.

The values describe a plausible forwarded message (origin → sender's relay → our MX → mailing list → our
mailbox); they are written here by hand, not copied from any code's output.
"""

from __future__ import annotations

from inspector.model.auth import (
    ArcInstance,
    ArcResult,
    AuthResult,
    Disagreement,
    DkimSignatureResult,
    DmarcResult,
    DnsLookupRecord,
    Provenance,
    RecordedResult,
    SpfResult,
)
from inspector.model.chain import Break, Hop, PlacedArtefact, TrustBoundary
from inspector.model.content import AttachedFile, Link, LinkFinding
from inspector.model.lookalike import LookalikeFinding
from inspector.model.report import (
    ContentView,
    DnsInfo,
    HeaderView,
    Identities,
    Level,
    Report,
    SectionState,
    SourceInfo,
    Verdict,
)

ALL_ANALYSED = {
    name: SectionState.ANALYSED
    for name in ("hops", "spf", "dkim", "arc", "dmarc", "recorded", "lookalikes", "verdict", "disagreements")
}


def rich_report(**overrides: object) -> Report:
    """A report with hops, a boundary at hop 3, a body break after hop 3, lookalikes and a body."""
    hops = (
        Hop(
            0,
            9,
            "from [10.1.2.3] by mail.paypa1.com with ESMTPSA; Mon, 30 Nov 2026 03:40:00 +0000",
            from_host="[10.1.2.3]",
            from_ip="10.1.2.3",
            by_host="mail.paypa1.com",
            protocol="ESMTPSA",
            timestamp="2026-11-30T03:40:00Z",
            trust_zone="external-claimed",
            kind="submission",
        ),
        Hop(
            1,
            8,
            "from mail.paypa1.com (mail.paypa1.com [45.33.20.10]) by mx1.example.org with ESMTPS",
            from_host="mail.paypa1.com",
            from_ip="45.33.20.10",
            by_host="mx1.example.org",
            protocol="ESMTPS",
            tls="TLS1.3",
            timestamp="2026-11-30T03:40:05Z",
            delay_seconds=5.0,
            is_boundary=True,
            trust_zone="boundary",
            artefacts=(
                PlacedArtefact("dkim-signature", "paypa1.com", (7,), hop_index=1, selector="s1", body_hash="mismatch"),
                PlacedArtefact(
                    "authentication-results",
                    "mx1.example.org",
                    (6,),
                    hop_index=1,
                    results=("spf=pass", "dkim=pass header.d=paypa1.com"),
                ),
            ),
        ),
        Hop(
            2,
            5,
            "from mx1.example.org by lists.example.org with ESMTP",
            from_host="mx1.example.org",
            from_ip="192.0.2.7",
            by_host="lists.example.org",
            protocol="ESMTP",
            timestamp="2026-11-30T03:39:00Z",
            delay_seconds=-65.0,
            trust_zone="internal",
            skew_seconds=-70.0,
            delay_state="major_skew",
            warnings=("this host's clock is about a minute behind",),
        ),
        Hop(
            3,
            2,
            "from lists.example.org by mbox.example.org with LMTP",
            from_host="lists.example.org",
            from_ip="192.0.2.8",
            by_host="mbox.example.org",
            protocol="LMTP",
            timestamp="2026-11-30T03:41:10Z",
            delay_seconds=130.0,
            trust_zone="internal",
            artefacts=(PlacedArtefact("arc-set", "example.org", (1,), hop_index=3, instance=1, body_hash="match"),),
        ),
    )
    values: dict[str, object] = dict(
        source=SourceInfo("/evidence/reported.eml", "ab" * 32, "eml", 4321),
        dns=DnsInfo("snapshot", "DNS snapshot reported.dns.json", "2026-11-30T03:50:00Z"),
        generated_at="2026-11-30T04:00:00Z",
        tool_version="0.1.0",
        identities=Identities(
            from_header='"PayPal Service" <service@paypa1.com>',
            from_display_name="PayPal Service",
            from_address="service@paypa1.com",
            from_domain="paypa1.com",
            reply_to=("refunds@collect-desk.example",),
            return_path="bounce@paypa1.com",
            subject="Your account is limited",
            date="Mon, 30 Nov 2026 03:40:00 +0000",
            message_id="<abc@paypa1.com>",
        ),
        spf=SpfResult(
            AuthResult.PASS,
            domain="paypa1.com",
            client_ip="45.33.20.10",
            identity="mailfrom",
            provenance=Provenance.SNAPSHOT,
            reason="45.33.20.10 is allowed by paypa1.com",
            dns=(
                DnsLookupRecord(
                    "paypa1.com.",
                    "TXT",
                    "NOERROR",
                    "snapshot",
                    "2026-11-30T03:50:00Z",
                    ("v=spf1 ip4:45.33.20.10 -all",),
                ),
            ),
        ),
        dkim=(
            DkimSignatureResult(
                0,
                domain="paypa1.com",
                selector="s1",
                algorithm="rsa-sha256",
                result=AuthResult.FAIL,
                body_hash="fail",
                reason="body hash did not verify",
                key_size=2048,
                header_index=7,
                provenance=Provenance.SNAPSHOT,
            ),
        ),
        arc=ArcResult(
            AuthResult.NOT_VERIFIABLE,
            reason="the ARC key is not in the snapshot",
            instances=(ArcInstance(1, seal_domain="example.org", ams_domain="example.org", cv="none"),),
            provenance=Provenance.OFFLINE,
        ),
        dmarc=DmarcResult(
            AuthResult.PASS,
            policy="reject",
            from_domain="paypa1.com",
            org_domain="paypa1.com",
            spf_aligned=True,
            provenance=Provenance.SNAPSHOT,
            record="v=DMARC1; p=reject",
        ),
        recorded=(
            RecordedResult(
                "Authentication-Results",
                6,
                "mx1.example.org",
                True,
                "dkim",
                "pass",
                properties={"header.d": "paypa1.com"},
            ),
            RecordedResult("Authentication-Results", 6, "mx1.example.org", True, "spf", "pass"),
        ),
        disagreements=(
            Disagreement(
                "dkim", "pass", "fail", "the receiver said DKIM passed; the body has changed since (list footer)"
            ),
        ),
        hops=hops,
        boundary=TrustBoundary(1, client_ip="45.33.20.10", confidence="high", receiver="mx1.example.org"),
        breaks=(Break("body changed", 2, 3, "mailing-list footer", suspects=("lists.example.org",)),),
        lookalikes=(
            LookalikeFinding(
                "From",
                "paypa1.com",
                "paypal.com",
                "homoglyph",
                "paypa1.com swaps the letter l for the digit 1 in paypal.com",
                "high",
            ),
        ),
        verdict=Verdict(
            Level.DANGEROUS,
            (
                "The sender's domain paypa1.com imitates paypal.com.",
                "Replies go to a different domain: collect-desk.example.",
            ),
            "This message impersonates PayPal.",
        ),
        headers=(
            HeaderView(0, "Subject", "=?utf-8?q?Your_account?=", "Your account"),
            HeaderView(1, "From", '"PayPal Service" <service@paypa1.com>', '"PayPal Service" <service@paypa1.com>'),
            HeaderView(2, "Received", "from lists.example.org by mbox.example.org", "from lists..."),
            HeaderView(3, "X-Mailer", "PhishKit 3", "PhishKit 3"),
        ),
        content=ContentView(
            True,
            "Please verify your account at the link below.",
            '<p>Verify <a href="https://paypa1.com/login">here</a><img src="https://track.example/p.gif"></p>',
            (
                Link(
                    "hxxps://paypa1[.]com/login",
                    "here",
                    "paypa1.com",
                    findings=(
                        LinkFinding(
                            "lookalike", "high", "The link 'here' opens paypa1.com, a look-alike of paypal.com."
                        ),
                    ),
                ),
            ),
            (
                AttachedFile(
                    "invoice.pdf", "application/pdf", "application/pdf", 2048, "cd" * 32, content_type="application/pdf"
                ),
            ),
        ),
        sections=dict(ALL_ANALYSED),
    )
    values.update(overrides)
    return Report(**values)  # type: ignore[arg-type]


def many_hops_report(n: int) -> Report:
    """`n` hops, the boundary in the middle, a break near the end (for scale tests and the benchmark)."""
    hops = tuple(
        Hop(
            i,
            n - i,
            f"from relay{i}.example.net ([198.51.100.{i % 250}]) by relay{i + 1}.example.net",
            from_host=f"relay{i}.example.net",
            from_ip=f"198.51.100.{i % 250}",
            by_host=f"relay{i + 1}.example.net",
            protocol="ESMTP",
            timestamp="2026-11-30T03:40:00Z",
            delay_seconds=1.0 if i else None,
            is_boundary=i == n // 2,
            trust_zone="external-claimed" if i < n // 2 else "internal",
        )
        for i in range(n)
    )
    return rich_report(
        hops=hops,
        boundary=TrustBoundary(n // 2, client_ip="198.51.100.1"),
        breaks=(Break("body changed", n - 3, n - 2, "footer"),),
    )
