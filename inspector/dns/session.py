"""One analysis' DNS session: a whole-analysis time budget and "did any DNS server answer at all?".

Without it a message with 40 dead DKIM selectors cost 40 × 5 s one after another, and a silent resolver
left the analyst waiting for minutes. The session is carried by a ContextVar (like the current source),
so the live source sees it however deeply it is wrapped (recorder, the GUI's cancel watch, the per-analysis
cache) and two analyses on two threads never share one.

- The budget caps every live question's lifetime at what is left of the analysis' budget; once it is
  spent, further questions are not sent and answer ``BUDGET_EXHAUSTED`` (temperror territory).
- Reachability is probed once per session and live source, before its first question: one tiny query
  (``. NS``) that any server answers somehow (data, NXDOMAIN, REFUSED, SERVFAIL all count). No reply within
  `PROBE_WINDOW` seconds means no server answered at all: every question then answers ``UNREACHABLE`` at
  once ("not verifiable"), which is a fact about this workstation, never about the sender's records.
  A server that answers the probe but stays silent for one name gives that name ``TIMEOUT`` instead.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from inspector.settings import DEFAULT_DNS_BUDGET

#: Default whole-analysis DNS budget in seconds (AnalysisSettings.dns_budget, `--dns-budget`).
DEFAULT_BUDGET = DEFAULT_DNS_BUDGET
#: How long the reachability probe waits for any reply (the unreachable verdict comes within ~this).
PROBE_WINDOW = 1.5
#: The one sentence the report, the CLI and the GUI use for an unreachable resolver.
UNREACHABLE_SENTENCE = "No DNS server answered: results are not verifiable; try the offline mode or a snapshot."


@dataclass
class _Probe:
    done: threading.Event = field(default_factory=threading.Event)
    #: None when a server answered; otherwise why it counts as unreachable.
    failure: str | None = None


class DnsSession:
    """The DNS state one analysis shares across its stages and prefetch threads (thread-safe)."""

    def __init__(self, budget: float = DEFAULT_BUDGET, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = max(0.0, float(budget))
        self._clock = clock
        self.started = clock()
        self._lock = threading.Lock()
        self._probes: dict[int, _Probe] = {}
        #: Live sources found unreachable: their description → why.
        self.unreachable: dict[str, str] = {}
        #: Questions not sent because the budget was spent, and questions cut short by it.
        self.not_asked = 0
        self.cut_short = 0

    # -- budget ------------------------------------------------------------------------------------
    def elapsed(self) -> float:
        return self._clock() - self.started

    def remaining(self) -> float:
        """Seconds of the budget left (never negative)."""
        return max(0.0, self.budget - self.elapsed())

    def note_not_asked(self) -> None:
        with self._lock:
            self.not_asked += 1

    def note_cut_short(self) -> None:
        with self._lock:
            self.cut_short += 1

    @property
    def exhausted(self) -> bool:
        """True when the budget changed an answer (a question was not sent or was cut short)."""
        return bool(self.not_asked or self.cut_short)

    # -- reachability ------------------------------------------------------------------------------
    def known_failure(self, key: object) -> str | None:
        """Why `key` was found unreachable, if a finished probe said so (never probes)."""
        with self._lock:
            state = self._probes.get(id(key))
        if state is None or not state.done.is_set():
            return None
        return state.failure

    def reachable(self, key: object, description: str, probe: Callable[[float], str | None]) -> str | None:
        """Probe `key`'s server(s) once per session; None when some server answered, else why not.

        Concurrent callers wait for the first caller's probe instead of probing again.
        """
        with self._lock:
            state = self._probes.get(id(key))
            owner = state is None
            if state is None:
                state = self._probes[id(key)] = _Probe()
        if owner:
            try:
                state.failure = probe(PROBE_WINDOW)
            except Exception:  # noqa: BLE001 - a probe bug must not stop the analysis: assume reachable
                state.failure = None
            if state.failure is not None:
                with self._lock:
                    self.unreachable[description] = state.failure
            state.done.set()
        else:
            state.done.wait(PROBE_WINDOW + 1.0)
        return state.failure

    @property
    def problem(self) -> str | None:
        """``unreachable``, ``budget-exhausted`` or None: the report's DNS fact."""
        if self.unreachable:
            return "unreachable"
        if self.exhausted:
            return "budget-exhausted"
        return None

    def note(self) -> str | None:
        """The sentence the report shows for `problem` (None when DNS behaved)."""
        if self.unreachable:
            why = "; ".join(sorted(set(self.unreachable.values())))
            return f"{UNREACHABLE_SENTENCE} ({why})"
        if self.exhausted:
            parts = []
            if self.not_asked:
                parts.append(f"{self.not_asked} question(s) were not asked")
            if self.cut_short:
                parts.append(f"{self.cut_short} question(s) went unanswered when it ran out")
            return (
                f"The analysis' DNS time budget of {self.budget:g} s was used up: "
                + " and ".join(parts)
                + "; those results read temperror. Allow more time (--dns-budget) or use a snapshot."
            )
        return None


_current: ContextVar[DnsSession | None] = ContextVar("inspector_dns_session", default=None)


def current_session() -> DnsSession | None:
    """The running analysis' session, if any (a bare LiveSource outside an analysis has none)."""
    return _current.get()


@contextlib.contextmanager
def dns_session(session: DnsSession) -> Iterator[DnsSession]:
    """Make `session` the DNS session of everything called inside the block."""
    token = _current.set(session)
    try:
        yield session
    finally:
        _current.reset(token)
