"""RFC 6376 §3.6.2.2: several TXT records at a DKIM key name, served by the loopback DNS server.

DNS returns the records of a name in no fixed order. Before, the first record holding ``p=`` was the key; a
second record (a key rotation published beside the old key, a broken leftover) made the verdict depend on
the answer's order: pass one time, fail or permerror the next. Now each record the signature can use is
tried in turn, as §3.6.2.2 allows, and the result is the same in every order.

The loopback server (dnspython) shuffles the records of an answer as real servers do, so each case is asked
several times: on the old code each question had an even chance of the wrong order.
"""

from __future__ import annotations

from typing import Any

from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult
from tests.conftest import SHARED
from tests.support.signing import KEY_NAME, PUBLIC, check_dkim_live, sign

OTHER = (
    "v=DKIM1; k=rsa; p="
    + (
        (SHARED / "conformance" / "dkimpy-testdata" / "data" / "1024_testkey_wo_markers.pub.txt")
        .read_text(encoding="ascii")
        .strip()
        .split("p=")[-1]
    )
)
BROKEN = "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC"


def _chunks(record: str) -> list[str]:
    return [record[i : i + 255] for i in range(0, len(record), 255)]


def _zone(*records: str) -> list[dict[str, Any]]:
    return [{"name": KEY_NAME, "type": "TXT", "rdata": [_chunks(r) for r in records]}]


def test_a_second_valid_key_verifies_whatever_the_order() -> None:
    msg = load_bytes(sign())
    assert OTHER != PUBLIC
    for records in [(PUBLIC, OTHER), (OTHER, PUBLIC)] * 4:
        (r,) = check_dkim_live(msg, _zone(*records))
        assert r.result is AuthResult.PASS, (records[0][:40], r.reason)
        assert r.key_size == 2048 and r.key_record == PUBLIC
        assert any("2 usable key records" in w for w in r.warnings), r.warnings


def test_a_broken_record_beside_the_key_is_skipped_whatever_the_order() -> None:
    msg = load_bytes(sign())
    for records in [(PUBLIC, BROKEN), (BROKEN, PUBLIC)] * 4:
        (r,) = check_dkim_live(msg, _zone(*records))
        assert r.result is AuthResult.PASS, r.reason


def test_no_record_that_verifies_is_still_a_fail_and_no_usable_one_a_permerror() -> None:
    msg = load_bytes(sign())
    (r,) = check_dkim_live(msg, _zone(OTHER, OTHER.replace("k=rsa;", "k=rsa; n=note;")))
    assert r.result is AuthResult.FAIL and r.error_kind == "signature", r.reason
    (r,) = check_dkim_live(msg, _zone(BROKEN, "v=DKIM1; k=rsa; p="))
    # Which record's problem is named depends on the answer's order; that there is no usable key does not.
    assert r.result is AuthResult.PERMERROR and r.error_kind in ("key-syntax", "key-revoked"), r.reason
