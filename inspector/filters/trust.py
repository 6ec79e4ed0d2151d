"""Whether a filter header was written by the receiving organisation, by its position and what ties it there.

The chain's trust boundary (`inspector.chain.boundary`) says which Received field is the hop where the
receiving organisation took the message in. A filter header counts ("trusted") only when:

1. it stands *above* that Received field: it was added after the message was taken in, inside the
   organisation (every MTA and filter prepends, and nothing the sender wrote can stand above the receiver's
   own Received field); or
2. the vendor documents a header firewall and received the message at the boundary: Microsoft 365 removes
   ``X-MS-Exchange-Organization-*`` headers that arrive from outside and renames incoming
   ``X-Forefront-Antispam-Report`` / ``X-Microsoft-Antispam`` to ``…-Untrusted``, so the plain copy that
   stands below its boundary hop (Exchange writes these after the Received fields) can only be its own —
   the topmost copy of each name, when there are several; or
3. the filter names the queue id of a hop at or after the boundary (rspamd's ``X-Rspamd-Queue-Id`` is the
   receiving MTA's queue id, which it writes into its own Received field): a sender cannot know that id in
   advance, so the run of that vendor's headers around it was written on the receiver's server.

Everything else came with the message: "claimed by the sender" (attackers paste ``SCL:-1`` and
``X-Spam-Status: No`` into their mail). Configured trusted ids and networks act through the boundary itself
(`settings.trusted_authserv_ids` / `trusted_networks` decide where it is); a header that merely *names* a
trusted host below the boundary is what a forger writes, so a name alone never makes one trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inspector.chain.orgdomain import admd
from inspector.filters.spec import Header, Vendor
from inspector.ingest.message import HeaderField
from inspector.model.chain import Hop, TrustBoundary

CLAIMED = (
    "claimed by the sender: it stands below the trust boundary's Received field, among the headers the message "
    "arrived with, where anyone can write it"
)
NO_BOUNDARY = "claimed by the sender: no trust boundary was found, so nothing ties this header to your organisation"


@dataclass(frozen=True, slots=True)
class Placement:
    """The judgement for one header field."""

    trusted: bool
    basis: str
    hop: int | None


class TrustJudge:
    """Judges filter headers of one message against its chain and trust boundary."""

    def __init__(self, headers: Sequence[HeaderField], hops: Sequence[Hop], boundary: TrustBoundary) -> None:
        self.headers = headers
        self.anchor = boundary.header_index
        self.boundary_hop = boundary.hop_index
        received = sorted((h for h in hops if h.source == "received"), key=lambda h: h.header_index)
        self._received = received
        #: Each hop's number as the hop views show it (hidden hops counted), for the sentences that name one.
        self._numbers = {h.index: h.number_shown for h in hops}
        bhop = next((h for h in hops if h.index == boundary.hop_index), None)
        self.receiver_host = bhop.by_host if bhop is not None else None
        self.receiver_org = admd(self.receiver_host) if self.receiver_host else None
        #: Queue ids the receiving organisation wrote (the boundary hop and every hop after it).
        self.queue_ids: dict[str, int] = {}
        if boundary.hop_index is not None:
            for h in hops:
                if h.index >= boundary.hop_index and h.queue_id:
                    self.queue_ids.setdefault(h.queue_id.strip().lower(), h.index)
        self._topmost: dict[str, int] = {}
        self._names = {f.index: f.lname for f in headers}
        for f in headers:
            self._topmost.setdefault(f.lname, f.index)

    def hop_below(self, index: int) -> int | None:
        """The chain index of the hop whose Received field stands nearest below header `index`: the hop that
        had just received the message when the header was written."""
        return next((h.index for h in self._received if h.header_index > index), None)

    def judge(self, vendor: Vendor, spec: Header, field: HeaderField, bound_by_queue: dict[int, int]) -> Placement:
        if spec.senders_copy:
            return Placement(False, f"claimed by the sender: {spec.senders_copy}", self.hop_below(field.index))
        if self.anchor is None:
            return Placement(False, NO_BOUNDARY, None)
        if field.index < self.anchor:
            return Placement(
                True,
                "written inside your organisation: it stands above the Received field of the trust boundary hop, "
                "so it was added after the message was taken in",
                self.hop_below(field.index),
            )
        if self._firewalled(vendor, field.lname):
            if self._topmost.get(field.lname) != field.index:
                return Placement(
                    False,
                    "claimed by the sender: another copy of this header stands above it, and only the receiver's "
                    "topmost copy counts",
                    self.hop_below(field.index),
                )
            return Placement(
                True,
                f"written by {vendor.name}, which took the message in at the trust boundary ({self.receiver_host}) "
                "and removes or renames copies of this header that arrive from outside (its header firewall)",
                self.boundary_hop,
            )
        if field.index in bound_by_queue:
            hop = bound_by_queue[field.index]
            return Placement(
                True,
                f"written on your server: the {vendor.name} queue id in this message is the one your receiving "
                f"server wrote in its Received field (hop {self._numbers.get(hop, hop + 1)})",
                hop,
            )
        return Placement(False, CLAIMED, self.hop_below(field.index))

    def _firewalled(self, vendor: Vendor, lname: str) -> bool:
        if not vendor.receiver_orgs or self.receiver_org not in vendor.receiver_orgs:
            return False
        return lname in vendor.firewall_headers or any(lname.startswith(p) for p in vendor.firewall_prefixes)

    def queue_bound(self, vendor: Vendor, is_vendors: set[int]) -> dict[int, int]:
        """Header indexes of `vendor`'s headers bound to a receiving hop by its queue id → that hop's index.

        The binding covers the contiguous run of the vendor's headers (`is_vendors`) around the queue-id header.
        """
        if vendor.queue_id_header is None or not self.queue_ids:
            return {}
        bound: dict[int, int] = {}
        for f in self.headers:
            if f.lname != vendor.queue_id_header:
                continue
            hop = self.queue_ids.get(f.value.strip().lower())
            if hop is None:
                continue
            # The run of the vendor's headers around it, each name once: a receiver appends its block after
            # the sender's headers, so a forged copy of one of its names just above the block stops the run.
            names = {self._names[f.index]}
            lo = hi = f.index
            while lo - 1 in is_vendors and self._names[lo - 1] not in names:
                lo -= 1
                names.add(self._names[lo])
            while hi + 1 in is_vendors and self._names[hi + 1] not in names:
                hi += 1
                names.add(self._names[hi])
            for i in range(lo, hi + 1):
                bound.setdefault(i, hop)
        return bound
