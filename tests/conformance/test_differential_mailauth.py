"""Differential test: our DKIM, ARC and SPF against mailauth 4.13.3 (Node, MIT) over generated relay mutations.

`tests/support/relay_mutations.py` generates the cases (seeded, deterministic); both verifiers ask the same
loopback DNS server. Results are compared as outcome classes (pass; body changed; header signature bad; key
problem; temporary DNS error; ...), because the two name some outcomes differently (mailauth says "neutral"
for a changed body). Every disagreement class must be listed, with its count and its RFC reason, in
`differential-mailauth.md`; a class that appears or disappears, or a count that changes, fails the test, so
the next class of bug is found here rather than by a user.

mailauth is installed from `tests/conformance/mailauth/package-lock.json` (`npm ci`, done by `.ci/run`, or
by this test when node_modules is missing). Without Node the test fails: it is not optional.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inspector.auth.arc import check_arc
from inspector.auth.dkim import check_dkim
from inspector.auth.spf import check_spf
from inspector.dns.adapters import install_spf_hook
from inspector.dns.live import LiveSource
from inspector.ingest.eml import read_eml
from inspector.model.auth import ArcResult, AuthResult, DkimSignatureResult, SpfResult
from tests.support.dns_server import LoopbackDnsServer
from tests.support.relay_mutations import Case, generate, zone
from tests.support.signing import LIFETIME, NOW
from tests.support.zones import logged

HERE = Path(__file__).resolve().parent
ORACLE = HERE / "mailauth"
TABLE = HERE / "differential-mailauth.md"
#: Enough cases to meet every mutation many times over; both verifiers together take a few seconds.
CASES = 300


def _npm_ci() -> None:
    if (ORACLE / "node_modules" / "mailauth" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed for the mailauth oracle (Node 20); .ci/run installs it"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ORACLE, check=True, capture_output=True, timeout=300)


def _mailauth(cases: list[Case], server: str) -> dict[str, dict[str, Any]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the mailauth oracle"
    job = {
        "server": server,
        "cases": [
            {
                "id": c.id,
                "message": base64.b64encode(c.message).decode(),
                "ip": c.ip,
                "sender": c.sender,
                "helo": c.helo,
            }
            for c in cases
        ],
    }
    proc = subprocess.run(
        [node, str(ORACLE / "oracle.js")], input=json.dumps(job).encode(), capture_output=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return {r["id"]: r for r in json.loads(proc.stdout)}


def _ours(case: Case, source: LiveSource) -> tuple[tuple[DkimSignatureResult, ...], ArcResult, SpfResult]:
    msg = read_eml(case.message)
    with logged(source) as log:
        dkim = check_dkim(msg, log=log, now=NOW, delivery_time=None)
        arc = check_arc(msg, log=log)
        spf = check_spf(case.ip, case.sender, case.helo, identity_source="test", log=log)
    return dkim, arc, spf


# --- outcome classes --------------------------------------------------------------------------------------


def our_dkim_class(r: DkimSignatureResult) -> str:
    if r.result is AuthResult.PASS:
        return "pass"
    if r.body_hash == "fail":
        return "body-changed"
    if r.error_kind == "signature":
        return "bad-signature"
    if r.error_kind == "weak-algorithm":
        return "rsa-sha1-refused"
    if r.result is AuthResult.TEMPERROR:
        return "temperror"
    if r.error_kind == "no-key" or (r.error_kind or "").startswith("key-"):
        return "key-problem"
    return f"{r.result.value}:{r.error_kind}"


def their_dkim_class(r: dict[str, Any]) -> str:
    result, comment = r["result"], r.get("comment", "")
    if result == "pass":
        return "pass"
    if result == "neutral" and "body hash" in comment:
        return "body-changed"
    if result == "fail":
        return "bad-signature"
    if result == "temperror":
        return "temperror"
    if result == "neutral" and re.search(r"key", comment):
        return "key-problem"
    return f"{result}:{comment}"


def _arc_word(r: ArcResult) -> str:
    return r.cv or r.result.value


def _disagreements(case: Case, ours: Any, theirs: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(check, ours, mailauth) for every result that differs."""
    dkim, arc, spf = ours
    if "error" in theirs:
        yield ("mailauth", "-", "error: " + theirs["error"][:60])
        return
    mine = [our_dkim_class(r) for r in dkim]
    other = [their_dkim_class(r) for r in theirs["dkim"]]
    if len(mine) != len(other):
        yield ("dkim-count", str(len(mine)), str(len(other)))
    for m, o in zip(mine, other, strict=False):
        if m != o:
            yield ("dkim", m, o)
    their_arc = (theirs.get("arc") or {}).get("result", "none")
    if _arc_word(arc) != their_arc:
        yield ("arc", _arc_word(arc), their_arc)
    their_spf = (theirs.get("spf") or {}).get("result", "none")
    if spf.result.value != their_spf:
        yield ("spf", spf.result.value, their_spf)


def _documented() -> dict[tuple[str, str, str], int]:
    """{(check, ours, mailauth): count} from the table rows ``| check | ours | mailauth | count | … |``."""
    out: dict[tuple[str, str, str], int] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[3].isdigit():
            out[(cells[0], cells[1], cells[2])] = int(cells[3])
    return out


@pytest.fixture(scope="module")
def outcomes() -> tuple[list[Case], dict[str, Any], dict[str, dict[str, Any]]]:
    _npm_ci()
    install_spf_hook()
    cases = generate(CASES)
    with LoopbackDnsServer(zone()) as server:
        source = LiveSource(server.address, lifetime=LIFETIME)
        ours = {c.id: _ours(c, source) for c in cases}
        theirs = _mailauth(cases, server.address)
    return cases, ours, theirs


def test_the_generator_is_deterministic_and_covers_every_mutation() -> None:
    a, b = generate(40), generate(40)
    assert [(c.id, c.mutations, c.signing) for c in a] == [(c.id, c.mutations, c.signing) for c in b]
    seen = Counter(m for c in generate(CASES) for m in c.mutations)
    from tests.support.relay_mutations import BODY_MUTATIONS, ENDING_MUTATIONS, HEAD_MUTATIONS

    for name in (*HEAD_MUTATIONS, *BODY_MUTATIONS, *ENDING_MUTATIONS):
        assert seen[name] >= 5, name


def test_every_disagreement_with_mailauth_is_documented(
    outcomes: tuple[list[Case], dict[str, Any], dict[str, dict[str, Any]]],
) -> None:
    cases, ours, theirs = outcomes
    found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for case in cases:
        for key in _disagreements(case, ours[case.id], theirs[case.id]):
            found[key].append(f"{case.id} [{case.signing}; {', '.join(case.mutations) or 'unchanged'}]")
    observed = {k: len(v) for k, v in found.items()}
    documented = _documented()
    report = "\n".join(
        f"| {k[0]} | `{k[1]}` | `{k[2]}` | {n} | e.g. {found[k][0]} |" for k, n in sorted(observed.items())
    )
    assert observed == documented, "disagreements with mailauth differ from differential-mailauth.md:\n" + report


def test_agreement_is_the_rule(outcomes: tuple[list[Case], dict[str, Any], dict[str, dict[str, Any]]]) -> None:
    """Most signatures must agree, passing and failing: a broken harness would "agree" on nothing."""
    cases, ours, theirs = outcomes
    agree: Counter[str] = Counter()
    for case in cases:
        dkim, _arc, _spf = ours[case.id]
        for m, o in zip(dkim, theirs[case.id].get("dkim", []), strict=False):
            if our_dkim_class(m) == their_dkim_class(o):
                agree[our_dkim_class(m)] += 1
    assert agree["pass"] >= 60 and agree["body-changed"] >= 20 and agree["bad-signature"] >= 10, agree
