"""The RFC 9989 DNS Tree Walk (§4.10): DMARC policy discovery and the Organizational Domain from DNS.

RFC 7489 found the organisational domain in the Public Suffix List, a file each receiver picks and
refreshes as it likes. RFC 9989 §4.10 replaces the list by asking the DNS itself: query
``_dmarc.<name>``, then walk towards the root. The walk (steps 1-7):

1. query the starting name; keep only records that start with ``v=DMARC1``; several records at one name
   are all discarded (and the walk goes on); a single record with ``psd=y`` or ``psd=n`` stops the walk;
2. a name with eight or more labels skips straight to its last seven labels, so a walk never asks more
   than eight questions (``a.b.c.d.e.f.g.h.i.j.mail.example.com`` → ``g.h.i.j.mail.example.com`` → … →
   ``com``); otherwise one label is removed at a time, down to the top-level domain.

The Organizational Domain (§4.10.2), from the records found, longest name first: a record with ``psd=n``
is it; a record with ``psd=y`` (other than at the starting name) makes the name one label below it the
organisational domain; otherwise the record with the fewest labels; with no record at all, the starting
name itself. So a parent that publishes a record without ``psd=y`` (``github.io``) is the organisational
domain of its children, where the PSL's private section would say ``x.github.io``.

DNS errors are left to the receiver (§4.10.1). Ours, documented in README "DMARC": a question that could
not be answered (SERVFAIL, timeout, offline, not in the snapshot) at a name the ICANN section of the Public
Suffix List calls a public suffix is assumed to hold no DMARC record (a finding says so): registries
publish none, or a ``psd=y`` one, which changes nothing once a record was found below it. Anywhere else
the walk cannot finish: policy discovery then answers temperror / not-verifiable naming the question,
and an organisational domain needed only for alignment falls back to the Public Suffix List (the RFC
7489 answer), again with a finding. That fallback is the only use of the PSL in the RFC 9989 answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.auth.dmarc_record import DmarcRecord, is_dmarc, parse_record
from inspector.auth.orgdomain import icann_list, org_domain
from inspector.auth.provenance import describe
from inspector.dns.context import current_source
from inspector.dns.names import to_ascii
from inspector.dns.source import DnsAnswer

#: RFC 9989 §4.10 step 4: a name of eight or more labels jumps to its last seven.
MAX_LABELS = 7


def walk_targets(domain: str) -> list[str]:
    """The names a full tree walk from `domain` asks about, in order (at most eight; RFC 9989 §4.10)."""
    labels = [x for x in to_ascii(domain).split(".") if x]
    if not labels:
        return []
    first = ".".join(labels)
    below = min(len(labels) - 1, MAX_LABELS)
    return [first] + [".".join(labels[-k:]) for k in range(below, 0, -1)]


@dataclass(frozen=True, slots=True)
class WalkStep:
    """One question of a walk: ``_dmarc.<domain>`` TXT and what it held."""

    domain: str
    answer: DnsAnswer
    #: "record", "no-record", "several-records" (all discarded), "trouble" (SERVFAIL/timeout) or "unavailable".
    outcome: str
    record: DmarcRecord | None = None
    count: int = 0

    @property
    def psd(self) -> str:
        """The record's psd= value ("u" when absent or no record)."""
        return (self.record.get("psd") or "u") if self.record is not None else "u"

    def words(self) -> str:
        """The step in a few words, for the report's tree-walk listing."""
        if self.outcome == "record":
            return f"_dmarc.{self.domain}: DMARC record" + (f" (psd={self.psd})" if self.psd != "u" else "")
        if self.outcome == "several-records":
            return f"_dmarc.{self.domain}: {self.count} DMARC records, all discarded (RFC 9989 §4.10 step 2)"
        if self.outcome == "no-record":
            return f"_dmarc.{self.domain}: no DMARC record ({self.answer.status.value})"
        return f"_dmarc.{self.domain}: could not be asked ({describe(self.answer)})"


@dataclass(frozen=True, slots=True)
class Walk:
    """A tree walk from `start`: the steps asked, why it stopped, and the first unanswerable step."""

    start: str
    steps: tuple[WalkStep, ...]
    #: The step whose question failed at a name that is not a public suffix: the walk ended there, unfinished.
    failed: WalkStep | None = None
    #: Failed steps at public suffixes, assumed to hold no record (each becomes a finding).
    assumed_empty: tuple[WalkStep, ...] = ()

    @property
    def records(self) -> list[WalkStep]:
        """The steps that found exactly one DMARC record, longest name first."""
        return [s for s in self.steps if s.outcome == "record"]


@dataclass(frozen=True, slots=True)
class OrgDomain:
    """An Organizational Domain and how it was found."""

    domain: str
    #: "dns-tree-walk" (RFC 9989 §4.10.2) or "psl-fallback" (the walk could not finish).
    method: str
    note: str = ""
    walk: Walk | None = None
    findings: tuple[str, ...] = field(default_factory=tuple)


def _is_public_suffix(domain: str) -> bool:
    try:
        return bool(icann_list().is_public(domain))
    except Exception:  # noqa: BLE001 - a name the list cannot judge is not assumed to be a suffix
        return False


class TreeWalker:
    """Tree walks for one DMARC evaluation; each ``_dmarc`` question is asked once and shared by all walks."""

    def __init__(self) -> None:
        self._steps: dict[str, WalkStep] = {}
        self._walks: dict[str, Walk] = {}

    def step(self, domain: str) -> WalkStep:
        """Ask ``_dmarc.<domain>`` (once) and classify the answer (RFC 9989 §4.10 steps 1-2, 5-6)."""
        domain = to_ascii(domain)
        cached = self._steps.get(domain)
        if cached is not None:
            return cached
        ans = current_source().query(f"_dmarc.{domain}.", "TXT")
        if ans.status.is_unavailable:
            step = WalkStep(domain, ans, "unavailable")
        elif not ans.status.is_answer:
            step = WalkStep(domain, ans, "trouble")
        else:
            texts = [t.decode("utf-8", errors="replace") for t in ans.txt_strings()]
            found = [t for t in texts if is_dmarc(t)]
            if len(found) == 1:
                step = WalkStep(domain, ans, "record", parse_record(found[0]), 1)
            elif found:
                step = WalkStep(domain, ans, "several-records", None, len(found))
            else:
                step = WalkStep(domain, ans, "no-record")
        self._steps[domain] = step
        return step

    def walk(self, start: str) -> Walk:
        """The tree walk from `start` (RFC 9989 §4.10), stopping at psd=y/psd=n or an unanswerable name."""
        start = to_ascii(start)
        cached = self._walks.get(start)
        if cached is not None:
            return cached
        steps: list[WalkStep] = []
        assumed: list[WalkStep] = []
        failed: WalkStep | None = None
        for target in walk_targets(start):
            step = self.step(target)
            steps.append(step)
            if step.outcome in ("trouble", "unavailable"):
                if _is_public_suffix(target):
                    assumed.append(step)
                    continue
                failed = step
                break
            if step.outcome == "record" and step.psd in ("y", "n"):
                break
        walk = Walk(start, tuple(steps), failed, tuple(assumed))
        self._walks[start] = walk
        return walk

    def org_domain(self, domain: str) -> OrgDomain:
        """The Organizational Domain of `domain` (RFC 9989 §4.10.2), or the PSL's when the walk cannot finish."""
        start = to_ascii(domain)
        walk = self.walk(start)
        findings = [
            f"could not ask _dmarc.{s.domain} ({describe(s.answer)}); {s.domain} is a public suffix, so it was "
            "taken to publish no DMARC record of its own"
            for s in walk.assumed_empty
        ]
        if walk.failed is not None:
            psl = org_domain(start)
            note = (
                f"the DNS tree walk for {start} could not ask _dmarc.{walk.failed.domain} "
                f"({describe(walk.failed.answer)}), so the Public Suffix List's answer ({psl}) is used"
            )
            return OrgDomain(psl, "psl-fallback", note, walk, (*findings, note))
        return OrgDomain(select_org_domain(walk), "dns-tree-walk", "", walk, tuple(findings))


def select_org_domain(walk: Walk) -> str:
    """RFC 9989 §4.10.2: psd=n → that name; psd=y (not the start) → one label below it; else the fewest labels."""
    found = walk.records
    for s in found:
        if s.psd == "n":
            return s.domain
    labels = walk.start.split(".")
    for s in found:
        if s.psd == "y" and s.domain != walk.start:
            return ".".join(labels[-(s.domain.count(".") + 2) :])
    if found:
        return found[-1].domain
    return walk.start
