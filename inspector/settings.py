"""What an analysis is told from outside: the user's settings and command-line overrides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: The whole-analysis live DNS time budget (seconds) when nobody chose another.
DEFAULT_DNS_BUDGET = 10.0


@dataclass(frozen=True, slots=True)
class AnalysisSettings:
    """Inputs that are not in the message.

    `trusted_authserv_ids`, `trusted_networks` and `own_domains` describe the analyst's own
    organisation (where its trust boundary is); `client_ip`, `mail_from` and `helo` override the SPF
    identity that would otherwise come from the trust boundary.
    """

    trusted_authserv_ids: tuple[str, ...] = ()
    trusted_networks: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = ()
    protected_domains: tuple[str, ...] = ()
    client_ip: str | None = None
    mail_from: str | None = None
    helo: str | None = None
    #: Reference "now" (ISO 8601) for time checks; None = the clock. Tests pin it.
    now: str | None = None
    #: Whole-analysis live DNS time budget in seconds (`--dns-budget`): questions run concurrently and none
    #: outlives it, so a message full of dead names or a silent resolver cannot stall the analyst.
    dns_budget: float = DEFAULT_DNS_BUDGET
    #: The sender-history store to compare the sender with (a path; opened read-only during the analysis, so
    #: the analysis stays a function of the message, these settings and that snapshot). None: no history.
    history: str | None = None


def authserv_id_matches(authserv_id: str | None, trusted: Sequence[str]) -> bool:
    """Is `authserv_id` one of the trusted ids? Case and a trailing dot are ignored; ".example.net" trusts
    example.net and every name under it. The one rule for the chain's boundary and the recorded results."""
    if not authserv_id:
        return False
    a = authserv_id.lower().rstrip(".")
    for t in trusted:
        t = t.strip().lower().rstrip(".")
        if not t:
            continue
        if t.startswith("."):
            if a == t[1:] or a.endswith(t):
                return True
        elif a == t:
            return True
    return False
