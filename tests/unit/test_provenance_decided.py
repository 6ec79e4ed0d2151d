"""A result decided in spite of a question this workstation could not ask is labelled by what it rests on.

Before, any unavailable answer among a check's questions (offline, not in the snapshot) made its provenance
"not verifiable offline", even beside a decided result: a DMARC pass from a snapshot that lacked only
``_dmarc.com`` (a public suffix the tree walk takes to publish nothing) read "pass — not verifiable offline",
and a DKIM or ARC body-hash failure, a fact of the message alone, read "fail — not verifiable offline".
A result that really depends on the missing answer (``not-verifiable``) keeps that label.
"""

from __future__ import annotations

from inspector.auth.arc import check_arc
from inspector.auth.dkim import check_dkim
from inspector.auth.dmarc import check_dmarc
from inspector.auth.provenance import provenance_of
from inspector.dns.offline import OfflineSource
from inspector.dns.snapshot import SnapshotSource
from inspector.dns.source import DnsAnswer, DnsStatus, SourceKind
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult, DkimSignatureResult, Provenance, SpfResult
from inspector.model.report import Identities
from tests.support.signing import NOW, arc_seal, sign
from tests.support.zones import logged, txt


def _dmarc(entries: list[dict[str, object]], dkim_domain: str) -> tuple[AuthResult, Provenance]:
    ids = Identities(from_header="<a@example.com>", from_address="a@example.com", from_domain="example.com")
    sig = DkimSignatureResult(index=0, domain=dkim_domain, result=AuthResult.PASS)
    with logged(SnapshotSource(entries, label="snap.json")) as log:
        r = check_dmarc(ids, SpfResult(), (sig,), log=log, header_only=False)
    return r.result, r.provenance


def test_a_dmarc_pass_from_a_snapshot_missing_only_a_public_suffix_is_labelled_snapshot() -> None:
    record = [txt("_dmarc.example.com", "v=DMARC1; p=reject")]
    assert _dmarc(record, "example.com") == (AuthResult.PASS, Provenance.SNAPSHOT)
    # Without the From domain's own record the policy is unknown: that result still says so.
    assert _dmarc([], "example.com") == (AuthResult.NOT_VERIFIABLE, Provenance.OFFLINE)


def test_a_body_hash_failure_with_the_key_offline_is_labelled_message_only() -> None:
    signed = sign()
    changed = load_bytes(signed.replace(b"figures are", b"figures were"))
    with logged(OfflineSource()) as log:
        (r,) = check_dkim(changed, log=log, now=NOW, delivery_time=None)
    assert (r.result, r.body_hash, r.provenance) == (AuthResult.FAIL, "fail", Provenance.MESSAGE_ONLY)
    with logged(OfflineSource()) as log:
        (r,) = check_dkim(load_bytes(signed), log=log, now=NOW, delivery_time=None)
    assert (r.result, r.provenance) == (AuthResult.NOT_VERIFIABLE, Provenance.OFFLINE)


def test_an_arc_body_hash_failure_with_the_keys_offline_is_labelled_message_only() -> None:
    sealed = arc_seal(sign())
    with logged(OfflineSource()) as log:
        r = check_arc(load_bytes(sealed.replace(b"figures are", b"figures were")), log=log)
    assert (r.result, r.provenance) == (AuthResult.FAIL, Provenance.MESSAGE_ONLY)
    with logged(OfflineSource()) as log:
        r = check_arc(load_bytes(sealed), log=log)
    assert (r.result, r.provenance) == (AuthResult.NOT_VERIFIABLE, Provenance.OFFLINE)


def test_provenance_of_a_decided_result_counts_only_the_answers_obtained() -> None:
    live = DnsAnswer("a.example.", "TXT", DnsStatus.NOERROR, source=SourceKind.LIVE)
    snap = DnsAnswer("b.example.", "TXT", DnsStatus.NXDOMAIN, source=SourceKind.SNAPSHOT)
    missing = DnsAnswer("c.example.", "TXT", DnsStatus.NOT_IN_SNAPSHOT, source=SourceKind.SNAPSHOT)
    assert provenance_of([live, missing]) is Provenance.OFFLINE
    assert provenance_of([live, missing], AuthResult.NOT_VERIFIABLE) is Provenance.OFFLINE
    assert provenance_of([live, missing], AuthResult.PASS) is Provenance.LIVE_DNS
    assert provenance_of([live, snap, missing], AuthResult.FAIL) is Provenance.MIXED
    assert provenance_of([missing], AuthResult.FAIL) is Provenance.MESSAGE_ONLY
