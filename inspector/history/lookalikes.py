"""Look-alikes of the analyst's real correspondents: the lookalike engine with the history's domains as targets.

A supplier the finance team writes to every week is in no brand table; `acme-c0rp.com`, registered yesterday,
imitates exactly that supplier. Every organisational domain of the history becomes a protected name here,
with no configuration: the same judgement as for user-protected domains (`inspector.lookalike.domains.
match_domain` on a `protected_target`), only the candidates differ.

Comparing a name with every one of 100,000 stored domains would cost far too much per message, so the index
first picks candidates cheaply (skeleton keys of the name and its pieces, and names within two edits of the
name label, searched only among labels of a close length), and the engine judges those few.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from inspector.lookalike.domains import DomainMatch, match_domain
from inspector.lookalike.hosts import Host, parse_host
from inspector.lookalike.reference import Reference, Target, protected_target, reference_for
from inspector.lookalike.skeleton import ascii_fold, visual
from inspector.orgdomain import dmarc_org_domain

#: Edit distance within which a correspondent's name is a typo candidate.
MAX_EDITS = 2
#: Shortest correspondent name label compared (one- to three-letter names have too many neighbours).
MIN_LABEL = 4
#: The engine's kinds that count against a correspondent: changed letters, endings and names built around
#: the whole domain. Brand + word compounds (combo-squats) are left out: beside a company's plain name
#: ("linux.dev", "linux-foundation.org") they are mostly other real organisations, which only a brand table
#: can tell apart.
KINDS = frozenset(
    {"idn-homoglyph", "homoglyph", "typo", "tld-swap", "split-name", "www-prefix", "target-embedding",
     "free-hosting", "shared-tenant"}
)  # fmt: skip
#: Candidates judged per name at most.
MAX_CANDIDATES = 40


@dataclass(slots=True)
class CorrespondentIndex:
    """The correspondents' registrable domains, indexed for candidate search."""

    #: The organisational domains as the store keeps them (DMARC's, full PSL).
    orgs: frozenset[str]
    #: Message counts by ICANN registrable domain (what the look-alike engine compares).
    counts: dict[str, int]
    by_key: dict[str, list[str]] = field(default_factory=dict)
    by_length: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    choices: dict[int, list[str]] = field(default_factory=dict)
    _targets: dict[str, Target | None] = field(default_factory=dict)

    @classmethod
    def build(cls, correspondents: Iterable[tuple[str, int]]) -> CorrespondentIndex:
        counts: dict[str, int] = {}
        orgs: set[str] = set()
        by_key: dict[str, list[str]] = {}
        by_length: dict[int, list[tuple[str, str]]] = {}
        for org, n in correspondents:
            host = parse_host(org)
            if host is None or not host.is_valid:
                continue
            reg = host.registrable
            orgs.add(org.lower())
            first = reg not in counts
            counts[reg] = counts.get(reg, 0) + n
            label = host.name_label
            if len(label) < MIN_LABEL or not first:
                continue
            fold = ascii_fold(label)
            for key in {fold, visual(label), label.lower()}:
                by_key.setdefault(key, []).append(reg)
            by_length.setdefault(len(fold), []).append((fold, reg))
        choices = {length: [fold for fold, _reg in pool] for length, pool in by_length.items()}
        return cls(frozenset(orgs), counts, by_key, by_length, choices)

    def known(self, host: Host) -> bool:
        """Whether `host` belongs to a correspondent (its organisational or registrable domain was learnt)."""
        return host.registrable in self.counts and (
            host.registrable in self.orgs or dmarc_org_domain(host.a_label) in self.orgs
        )

    def _target(self, domain: str, ref: Reference) -> Target | None:
        if domain not in self._targets:
            self._targets[domain] = protected_target(domain, ref)
        return self._targets[domain]

    def candidates(self, host: Host) -> list[str]:
        """Correspondent domains `host` could imitate (to be judged by the engine)."""
        found: dict[str, None] = {}
        labels = [*host.sub_labels, host.name_label]
        flat = ascii_fold("".join(labels).replace("-", ""))
        keys = {visual(lab) for lab in labels} | {ascii_fold(lab) for lab in labels}
        keys |= {ascii_fold(t) for lab in labels for t in lab.replace("_", "-").split("-") if t}
        n = min(len(flat), 63)
        keys |= {flat[i:j] for i in range(n) for j in range(i + MIN_LABEL, n + 1)}
        for key in keys:
            for dom in self.by_key.get(key, ()):
                found.setdefault(dom, None)
        fold = ascii_fold(host.name_label)
        for length in range(len(fold) - MAX_EDITS, len(fold) + MAX_EDITS + 1):
            pool = self.by_length.get(length)
            if not pool:
                continue
            hits = process.extract(fold, self.choices[length], scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=10)
            for _choice, _score, idx in hits:
                found.setdefault(pool[idx][1], None)
        return list(found)[:MAX_CANDIDATES]

    def match(self, name: str, ref: Reference | None = None) -> DomainMatch | None:
        """The most telling imitation of a correspondent by `name`, or None (a correspondent itself never is)."""
        host = parse_host(name)
        if host is None or not host.is_valid or self.known(host):
            return None
        ref = ref if ref is not None else reference_for()
        best: DomainMatch | None = None
        for dom in sorted(self.candidates(host), key=lambda d: (-self.counts.get(d, 0), d)):
            target = self._target(dom, ref)
            if target is None:
                continue
            m = match_domain(host, target, ref)
            if m is not None and m.kind in KINDS and (best is None or m.rank > best.rank):
                best = m
        return best
