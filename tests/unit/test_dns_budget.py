"""The DNS time budget: concurrent questions, a whole-analysis budget, and "no DNS server answered".

Everything goes through a real DNS server on loopback (tests/support/dns_server.py): answers held back
for some names, dropped names, a server that swallows every packet, a port where nothing listens. The
tests assert behaviour (statuses, report facts, the server's observed overlap), never wall-clock limits;
the timings are in benchmarks/bench_dns_budget.py.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from importlib import resources
from typing import Any

import jsonschema
import pytest

from inspector.analyze import analyze
from inspector.cli import main
from inspector.dns.live import LiveSource
from inspector.dns.plan import DMARC_WALK_LABELS, dmarc_names, plan, prefetch, signature_key_name, spf_targets
from inspector.dns.recording import RecordingSource
from inspector.dns.session import UNREACHABLE_SENTENCE, DnsSession, dns_session
from inspector.dns.source import DnsStatus, LoggingSource
from inspector.ingest import load_bytes
from inspector.model.auth import AuthResult
from inspector.model.report import Report
from inspector.report.to_json import report_to_dict
from inspector.report.to_text import report_to_text
from inspector.settings import AnalysisSettings
from tests.support.dns_messages import CLIENT_IP, base_zone, key_entries, key_name, signed_message
from tests.support.dns_server import LoopbackDnsServer, closed_port

PROBE = (".", "NS")


def _analyze(n: int, source: Any, **settings: Any) -> Report:
    return analyze(load_bytes(signed_message(n), path=None), AnalysisSettings(client_ip=CLIENT_IP, **settings), source)


def _asked(server: LoopbackDnsServer) -> set[tuple[str, str]]:
    return {(n, t) for n, t, _ in server.queries}


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    doc = json.loads(resources.files("inspector.report").joinpath("schema/report.schema.json").read_text())
    assert isinstance(doc, dict)
    return doc


# -- concurrency ---------------------------------------------------------------------------------------


def test_key_lookups_are_asked_at_the_same_time() -> None:
    """Six keys the server answers only after a pause: all six are on the wire together, not in turn."""
    with LoopbackDnsServer(base_zone() + key_entries(6, delay=0.4)) as server:
        report = _analyze(6, LiveSource(server.address))
        overlap = server.max_in_flight
        asked = _asked(server)
    assert overlap >= 6, overlap  # asked one after another, the server never holds more than one
    assert {key_name(i) for i in range(6)} <= {n for n, _ in asked}
    # Every signature got its own answer (the revoked key "p="), read from the shared cache, logged per result.
    assert [s.error_kind for s in report.dkim] == ["key-revoked"] * 6
    for i, sig in enumerate(report.dkim):
        assert [(r.name, r.status) for r in sig.dns] == [(key_name(i), "NOERROR")]
    assert report.spf.result is AuthResult.PASS and report.dmarc.from_domain == "example.test"
    assert report.dns.problem is None and report.dns.note is None


def test_each_question_is_sent_once_and_results_do_not_depend_on_timing() -> None:
    """Answers arrive in a scrambled order; two analyses give the same results and the same query logs."""
    zone = base_zone() + [{**e, "delay": (0.05 * ((i * 7) % 5))} for i, e in enumerate(key_entries(8))]
    docs = []
    with LoopbackDnsServer(zone) as server:
        for _ in range(2):
            before = len(server.queries)
            doc = report_to_dict(_analyze(8, LiveSource(server.address)))
            names = [n for n, _, _ in server.queries[before:] if n != "."]
            assert len(names) == len(set(names)), names  # never the same question twice in one analysis
            docs.append(doc)

    def stable(doc: dict[str, Any]) -> Any:
        keep = {k: doc[k] for k in ("spf", "dkim", "arc", "dmarc", "verdict")}
        return json.loads(json.dumps(keep).replace(doc["generated_at"], ""), object_hook=_drop_times)

    assert stable(docs[0]) == stable(docs[1])


def _drop_times(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k != "captured_at"}


def test_recorder_keeps_every_question_that_went_out() -> None:
    """Prefetched or asked later, every answer is in the snapshot; the reachability probe is not."""
    with LoopbackDnsServer(base_zone() + key_entries(3)) as server:
        recorder = RecordingSource(LiveSource(server.address))
        _analyze(3, recorder)
        asked = _asked(server)
    assert PROBE in asked
    assert set(recorder.answers) == asked - {PROBE}
    assert recorder.not_asked == {}


# -- a silent name is not an outage ---------------------------------------------------------------------


def test_one_silent_name_is_a_timeout_for_that_key_only() -> None:
    with LoopbackDnsServer(base_zone() + key_entries(2, status="TIMEOUT")) as server:
        report = _analyze(2, LiveSource(server.address, lifetime=0.6))
    assert report.dns.problem is None
    for sig in report.dkim:
        assert sig.result is AuthResult.TEMPERROR and "TIMEOUT" in sig.reason
    assert report.spf.result is AuthResult.PASS  # the server answered everything else
    assert not any(UNREACHABLE_SENTENCE in r for r in report.verdict.reasons)


# -- no DNS server answered ---------------------------------------------------------------------------------


@pytest.fixture(params=["silent", "closed-port"])
def dead_resolver(request: pytest.FixtureRequest) -> Iterator[tuple[str, LoopbackDnsServer | None]]:
    if request.param == "closed-port":
        yield f"127.0.0.1:{closed_port()}", None
        return
    with LoopbackDnsServer(base_zone() + key_entries(2), silent=True) as server:
        yield server.address, server


def test_unreachable_resolver_is_its_own_fact(
    dead_resolver: tuple[str, LoopbackDnsServer | None], schema: dict[str, object]
) -> None:
    address, server = dead_resolver
    recorder = RecordingSource(LiveSource(address))
    report = _analyze(2, recorder)
    assert report.dns.problem == "unreachable"
    assert report.dns.note is not None and report.dns.note.startswith(UNREACHABLE_SENTENCE)
    # Said once in the verdict, and in the text report, as a fact about DNS …
    assert any(r.startswith(UNREACHABLE_SENTENCE) for r in report.verdict.reasons)
    assert "DNS problem" in report_to_text(report) and "No DNS server answered" in report_to_text(report)
    # … and every result that needed DNS is "not verifiable" for that reason: never a policy, key or record problem.
    assert report.spf.result is AuthResult.NOT_VERIFIABLE and "no DNS server answered" in report.spf.reason
    assert report.dmarc.result is AuthResult.NOT_VERIFIABLE and "no DNS server answered" in report.dmarc.reason
    assert report.dmarc.policy is None
    for sig in report.dkim:
        assert sig.result is AuthResult.NOT_VERIFIABLE and sig.error_kind == "dns-unavailable"
        assert "no DNS server answered" in sig.reason and "no key" not in sig.reason
        assert {r.status for r in sig.dns} == {"UNREACHABLE"}
    # Only the probe went out; nothing made up is recorded as if DNS had said it.
    if server is not None:
        assert _asked(server) == {PROBE}
    assert recorder.answers == {} and recorder.not_asked
    assert {a.status for a in recorder.not_asked.values()} == {DnsStatus.UNREACHABLE}
    jsonschema.validate(report_to_dict(report), schema)


def test_unreachable_status_reads_not_verifiable() -> None:
    assert DnsStatus.UNREACHABLE.is_unavailable and not DnsStatus.UNREACHABLE.is_answer
    assert DnsStatus.UNREACHABLE.is_not_asked and DnsStatus.BUDGET_EXHAUSTED.is_not_asked
    assert DnsStatus.BUDGET_EXHAUSTED.is_temporary and not DnsStatus.TIMEOUT.is_not_asked
    assert DnsStatus.UNREACHABLE.not_verifiable_text == "not verifiable: no DNS server answered"
    assert DnsStatus.OFFLINE.not_verifiable_text == "not verifiable offline"


# -- the whole-analysis budget --------------------------------------------------------------------------------


def test_budget_cuts_slow_keys_and_says_so(schema: dict[str, object]) -> None:
    """Keys held far longer than the budget: the analysis stops waiting when the budget is spent."""
    with LoopbackDnsServer(base_zone() + key_entries(4, delay=30)) as server:
        report = _analyze(4, LiveSource(server.address), dns_budget=1.0)
    assert report.dns.budget_seconds == 1.0
    assert report.dns.problem == "budget-exhausted"
    assert report.dns.note is not None and "budget of 1 s" in report.dns.note
    for sig in report.dkim:
        assert sig.result is AuthResult.TEMPERROR
        assert "TIMEOUT" in sig.reason and sig.dns[0].status == "TIMEOUT"
    # The fast answers were not lost to the slow ones.
    assert report.spf.result is AuthResult.PASS
    assert report.dmarc.policy == "reject"
    assert any("DNS time budget" in r for r in report.verdict.reasons)
    jsonschema.validate(report_to_dict(report), schema)


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_no_question_is_sent_once_the_budget_is_spent() -> None:
    clock = _Clock()
    session = DnsSession(5.0, clock=clock)
    with LoopbackDnsServer(base_zone()) as server:
        live = LiveSource(server.address)
        with dns_session(session):
            assert live.query("example.test", "TXT").status is DnsStatus.NOERROR
            clock.now += 5.0
            late = live.query("_dmarc.example.test", "TXT")
        asked = _asked(server)
    assert late.status is DnsStatus.BUDGET_EXHAUSTED and "5 s" in late.detail
    assert ("_dmarc.example.test.", "TXT") not in asked
    assert session.problem == "budget-exhausted" and session.not_asked == 1


def test_a_bare_live_source_has_no_budget_and_no_probe() -> None:
    with LoopbackDnsServer(base_zone()) as server:
        assert LiveSource(server.address).query("example.test", "TXT").status is DnsStatus.NOERROR
        assert _asked(server) == {("example.test.", "TXT")}


def test_offline_and_snapshot_reports_carry_no_budget() -> None:
    report = _analyze(1, None)
    assert report.dns.mode == "offline" and report.dns.budget_seconds is None and report.dns.problem is None


# -- the plan of questions ----------------------------------------------------------------------------------


def test_plan_names_every_key_spf_and_the_dmarc_tree_walk() -> None:
    sig = b" v=1; a=rsa-sha256; d=Example.TEST;\r\n s=Sel 1;\r\n bh=x; b=y"
    assert signature_key_name(sig) == "Sel1._domainkey.Example.TEST"
    assert signature_key_name(b"v=1; d=example.test") is None
    names = dmarc_names("a.b.c.d.e.f.g.h.i.example.test")
    assert names[0] == "_dmarc.a.b.c.d.e.f.g.h.i.example.test."
    assert names[1] == "_dmarc.e.f.g.h.i.example.test." and DMARC_WALK_LABELS == 7
    assert names[-1] == "_dmarc.test." and len(names) == DMARC_WALK_LABELS + 1
    assert dmarc_names("mail.example.com") == ["_dmarc.mail.example.com.", "_dmarc.example.com.", "_dmarc.com."]
    questions = plan(signatures=[sig], spf_domain="example.test", author_domains=["example.test"])
    assert questions == [
        ("example.test", "TXT"),
        ("_dmarc.example.test.", "TXT"),
        ("_dmarc.test.", "TXT"),
        ("Sel1._domainkey.Example.TEST", "TXT"),
    ]


def test_prefetch_leaves_the_log_to_the_checks() -> None:
    """Prefetched answers are cached, not logged: each check's provenance still lists exactly what it used."""
    with LoopbackDnsServer(base_zone()) as server:
        cache = LoggingSource(LiveSource(server.address))
        assert cache.prefetch([("example.test", "TXT"), ("EXAMPLE.test.", "txt"), ("_dmarc.example.test", "TXT")]) == 2
        assert cache.log.entries == []
        assert cache.query("example.test", "TXT").status is DnsStatus.NOERROR
        assert [a.name for a in cache.log.entries] == ["example.test."]
        assert cache.prefetch([("example.test", "TXT")]) == 0
        assert sorted(_asked(server)) == [("_dmarc.example.test.", "TXT"), ("example.test.", "TXT")]


# -- command line ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf", "601"])
def test_cli_refuses_a_bad_budget(value: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(signed_message(1))
    assert main(["analyze", str(eml), "--offline", "--dns-budget", value]) == 2
    assert "--dns-budget" in capsys.readouterr().err


def test_cli_budget_reaches_the_report(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(signed_message(1))
    address = f"127.0.0.1:{closed_port()}"
    argv = ["analyze", str(eml), "--json", "--nameserver", address, "--client-ip", CLIENT_IP, "--dns-budget", "2.5"]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["dns"]["budget_seconds"] == 2.5 and doc["dns"]["problem"] == "unreachable"
    assert doc["dns"]["note"].startswith(UNREACHABLE_SENTENCE)


def test_dns_capture_says_when_no_server_answered(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(signed_message(2))
    out = tmp_path / "snap.json"
    argv = ["dns-capture", str(eml), "-o", str(out), "--nameserver", f"127.0.0.1:{closed_port()}"]
    argv += ["--client-ip", CLIENT_IP]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert err.startswith(UNREACHABLE_SENTENCE) and "could not be asked (UNREACHABLE)" in err
    assert json.loads(out.read_text())["records"] == []


def test_spf_include_chain_is_fetched_level_by_level_alongside() -> None:
    """include: targets of one level are asked together, while the DKIM keys are still on the wire."""
    zone = [
        {"name": "example.test.", "type": "TXT", "rdata": [["v=spf1 include:a.test include:b.test -all"]]},
        {"name": "a.test.", "type": "TXT", "rdata": [["v=spf1 include:c.test -all"]], "delay": 0.4},
        {"name": "b.test.", "type": "TXT", "rdata": [["v=spf1 -all"]], "delay": 0.4},
        {"name": "c.test.", "type": "TXT", "rdata": [["v=spf1 ip4:" + CLIENT_IP + " -all"]]},
        {"name": "_dmarc.example.test.", "type": "TXT", "rdata": [["v=DMARC1; p=reject"]]},
        *key_entries(2, delay=1.5),
    ]
    with LoopbackDnsServer(zone) as server:
        cache = LoggingSource(LiveSource(server.address))
        with dns_session(DnsSession(10.0)):
            prefetch(cache, [(key_name(0), "TXT"), (key_name(1), "TXT")], "example.test")
        asked = [n for n, _, _ in server.queries]
        overlap = server.max_in_flight
    assert {"a.test.", "b.test.", "c.test."} <= set(asked)
    assert overlap >= 4  # a.test and b.test together, while both keys are held
    assert cache.cached("c.test", "TXT") is not None and cache.log.entries == []
    # And the analysis reads the chain from the cache: SPF passes through c.test.
    with LoopbackDnsServer(zone) as server:
        report = _analyze(2, LiveSource(server.address))
    assert report.spf.result is AuthResult.PASS


def test_spf_targets_skip_macros_and_other_terms() -> None:
    record = b"v=spf1 a mx include:_spf.example.test ~include:x.test redirect=r.test include:%{d}.m.test ip4:1.2.3.4"
    assert spf_targets(record) == ["_spf.example.test", "x.test", "r.test"]


def test_a_server_alive_but_silent_for_every_name_is_bounded_by_the_budget() -> None:
    """It answers the probe, then nothing: every question times out together, none outlives the budget."""
    with LoopbackDnsServer(base_zone() + key_entries(3), silent=True, answer_root=True) as server:
        report = _analyze(3, LiveSource(server.address), dns_budget=1.0)
        asked = _asked(server)
    assert report.dns.problem == "budget-exhausted"  # the server is there: not "unreachable"
    assert {key_name(i) for i in range(3)} | {"example.test.", "_dmarc.example.test."} <= {n for n, _ in asked}
    for sig in report.dkim:
        assert sig.result is AuthResult.TEMPERROR
    assert report.spf.result is AuthResult.TEMPERROR and report.dmarc.result is AuthResult.TEMPERROR
    statuses = {r.status for sig in report.dkim for r in sig.dns} | {r.status for r in report.spf.dns}
    assert statuses <= {"TIMEOUT", "BUDGET_EXHAUSTED"}


def test_unreachable_never_reads_offline_in_the_views() -> None:
    """Every view's wording for an unreachable resolver names it; none says "offline" (that is another mode)."""
    from inspector.report.to_html import report_to_html
    from inspector.report.wording import dmarc_policy, provenance_label

    report = _analyze(1, LiveSource(f"127.0.0.1:{closed_port()}"))
    assert dmarc_policy(report.dmarc) == "policy not known (no DNS server answered)"
    assert provenance_label(report.spf.provenance, report.dns) == "not verifiable: no DNS server answered"
    text = report_to_text(report)
    assert "not verifiable offline" not in text and "not available offline" not in text
    html = report_to_html(report)
    assert "No DNS server answered" in html and "not verifiable offline" not in html


def test_a_receivers_recorded_result_is_not_called_offline_when_no_server_answered() -> None:
    raw = (
        b"Authentication-Results: mx.receiver.test; spf=pass smtp.mailfrom=example.test;\r\n"
        b" dkim=pass header.d=example.test\r\n"
    )
    message = load_bytes(raw + signed_message(1), path=None)
    settings = AnalysisSettings(client_ip=CLIENT_IP, trusted_authserv_ids=("mx.receiver.test",))
    report = analyze(message, settings, LiveSource(f"127.0.0.1:{closed_port()}"))
    texts = [d.explanation for d in report.disagreements]
    assert texts and all(t.startswith("could not re-check here (no DNS server answered)") for t in texts), texts


def test_the_probe_judges_only_what_it_can_ask() -> None:
    """An address form the probe cannot use is no outage; a refused IPv6 port is, written as --nameserver takes it."""
    assert LiveSource("[::1%nosuchif]:53").probe(0.3) is None  # a scope this machine lacks: cannot ask
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
            port = s.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")
    assert LiveSource(f"[::1]:{port}").probe(1.0) == f"[::1]:{port}: connection refused"
