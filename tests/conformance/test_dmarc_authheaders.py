"""authheaders' DMARC cases (cases.yml) through our DMARC, with its DNS map as a closed-world snapshot.

authheaders is only the oracle here: its expected Authentication-Results are read from cases.yml.
Where our stricter reading of RFC 7489 differs, the difference is listed in `dmarc-differences.md`
and asserted below (our value, and that it really differs from authheaders').
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import authres
import dkim
import pytest
import yaml

from inspector.auth.dmarc import check_dmarc
from inspector.identities import read_identities
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult, DkimSignatureResult, DmarcResult, SpfResult
from tests.conftest import SHARED
from tests.support.zones import ClosedWorldSnapshot, logged

DATA = SHARED / "conformance" / "authheaders-dmarc-testdata"
DOC = yaml.safe_load((DATA / "cases.yml").read_text(encoding="utf-8"))
#: Cases that compute DMARC (two of the 13 switch DMARC off and test DKIM/SPF formatting only).
CASES = [c for c in DOC["tests"] if c.get("kwargs", {}).get("dmarc", True)]

#: case id -> (our result, our effective policy); each is explained in dmarc-differences.md.
DIFFERENCES: dict[str, tuple[str, str | None]] = {
    # `v=DMARC1; p=none; reject`: the stray term is ignored (RFC 9989 §4.8), p=none applies, nothing passed.
    "test_authenticate_dmarc_bad": ("fail", "none"),
    # No From domain: no policy at all rather than "none".
    "test_authenticate_dmarc_nofrom": ("permerror", None),
}


def _entries() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, value in DOC["dns"].items():
        n = str(name).rstrip(".") + "."
        if isinstance(value, str) and value.startswith("@file:"):
            value = (DATA / value[len("@file:") :]).read_text(encoding="ascii").strip()
        if n.startswith("_dmarc.") or "._domainkey." in n:
            if value:
                out.append({"name": n, "type": "TXT", "status": "NOERROR", "rdata": [[value]]})
            else:
                out.append({"name": n, "type": "TXT", "status": "NXDOMAIN"})
        elif value:
            # The np= existence probe: a truthy answer means the name exists (here: it has an MX).
            out.append({"name": n, "type": "MX", "status": "NOERROR", "rdata": [[10, str(value) + "."]]})
            out += [{"name": n, "type": t, "status": "NODATA"} for t in ("A", "AAAA")]
        else:
            out += [{"name": n, "type": t, "status": "NXDOMAIN"} for t in ("A", "AAAA", "MX")]
    return out


SNAPSHOT = ClosedWorldSnapshot(_entries(), label="cases.yml")


def _dnsfunc(name: bytes | str, timeout: int = 5) -> bytes | None:
    ans = SNAPSHOT.query(name.decode() if isinstance(name, bytes) else name, "TXT")
    strings = ans.txt_strings()
    return strings[0] if strings else None


def _dkim_results(case: dict[str, Any], raw: bytes) -> list[DkimSignatureResult]:
    kwargs = case.get("kwargs", {})
    results: list[DkimSignatureResult] = []
    prev = kwargs.get("prev")
    if prev:
        parsed = authres.all_features().parse(prev)
        for i, r in enumerate(x for x in parsed.results if x.method == "dkim"):
            d = next((p.value for p in r.properties if p.name == "d"), None)
            results.append(DkimSignatureResult(index=i, domain=d, result=AuthResult(r.result)))
    if kwargs.get("dkim", True):
        d = dkim.DKIM(raw)
        ok = d.verify(dnsfunc=_dnsfunc)
        results.append(
            DkimSignatureResult(
                index=len(results), domain=d.domain.decode(), result=AuthResult.PASS if ok else AuthResult.FAIL
            )
        )
    return results


def _ours(case: dict[str, Any]) -> DmarcResult:
    raw = Path(DATA / case["message"]).read_bytes()
    message = load_bytes(raw)
    identities, _ = read_identities(message)
    with logged(SNAPSHOT) as log:
        return check_dmarc(identities, SpfResult(), _dkim_results(case, raw), log=log, header_only=False)


def _expected(case: dict[str, Any]) -> tuple[str, str | None]:
    parsed = authres.all_features().parse(case["expected"])
    r = next(x for x in parsed.results if x.method == "dmarc")
    policy = next((p.value for p in r.properties if p.type == "policy" and p.name == "dmarc"), None)
    return str(r.result), policy


def test_eleven_dmarc_cases() -> None:
    assert len(DOC["tests"]) == 13
    assert len(CASES) == 11


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    ours = _ours(case)
    theirs = _expected(case)
    mine = (ours.result.value, ours.policy)
    if case["id"] in DIFFERENCES:
        assert mine == DIFFERENCES[case["id"]], ours.reason
        assert mine != theirs
    else:
        assert mine == theirs, ours.reason


def test_multi_author_from_reports_the_worst_domain() -> None:
    case = next(c for c in CASES if c["id"] == "test_authenticate_dmarc_mult_from")
    ours = _ours(case)
    assert ours.author_domains == ("example.org", "example.com")
    assert ours.from_domain == "example.com"
    assert any("several authors" in f for f in ours.findings)


def test_np_applies_only_to_a_domain_that_does_not_exist() -> None:
    np1 = _ours(next(c for c in CASES if c["id"] == "test_authenticate_dmarc_np1"))
    np2 = _ours(next(c for c in CASES if c["id"] == "test_authenticate_dmarc_np2"))
    assert (np1.policy, np1.np, np1.sp, np1.record_source) == ("reject", "reject", "quarantine", "org-domain")
    assert (np2.policy, np2.record_source) == ("quarantine", "org-domain")
    assert any("np= policy applies" in f for f in np1.findings)


def test_mailauth_recorded_report_agrees() -> None:
    """mailauth 4.13.3's recorded report of message2.eml (../shared/conformance/mailauth-fixtures): dmarc=none
    for projectpending.com, its DNS cache as a closed world. Both our RFC 9989 and RFC 7489 answers agree."""
    import json

    from tests.support.zones_dkim import mailauth_dns

    fixtures = SHARED / "conformance" / "mailauth-fixtures"
    expected = json.loads((fixtures / "report-output.message2.json").read_text(encoding="utf-8"))["dmarc"]
    message = load_bytes((fixtures / "fixtures" / "message2.eml").read_bytes())
    identities, _ = read_identities(message)
    source = ClosedWorldSnapshot(mailauth_dns(fixtures / "dns-cache.example.json"), label="mailauth dns-cache")
    with logged(source) as log:
        ours = check_dmarc(identities, SpfResult(), (), log=log, header_only=False)
    assert (ours.from_domain, ours.result.value) == (expected["domain"], expected["status"]["result"])
    assert ours.rfc7489 is not None and ours.rfc7489.result.value == expected["status"]["result"]
    assert not ours.differences
