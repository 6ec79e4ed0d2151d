"""The authentication panel: SPF, each DKIM signature, DMARC, ARC — badge, provenance, expandable detail.

A tree (not cards) because it is keyboard-navigable for free, expands per check, and the analyst's
detail (selector, key size, alignment, DNS record text, the receiver's own result) nests under the line
a helpdesk worker reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from inspector.gui.style import badge_colour, placeholder
from inspector.report.auth_model import AuthResult, DnsLookupRecord, Provenance, RecordedResult
from inspector.report.model import Report, SectionState
from inspector.report.to_html import lookup_line, provenance_label, recorded_for, section_state

COLUMNS = ("Check", "Our result", "Source of facts", "Receiver recorded", "Detail")


def _recorded_text(recs: Sequence[RecordedResult]) -> str:
    if not recs:
        return "—"
    r = recs[0]
    who = r.authserv_id or "(no authserv-id)"
    more = f" (+{len(recs) - 1})" if len(recs) > 1 else ""
    return f"{r.result} by {who}{'' if r.trusted else ', untrusted'}{more}"


def _pairs(*items: tuple[str, object]) -> list[tuple[str, object]]:
    return list(items)


class AuthPanel(QWidget):
    """Every authentication check of one report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("authTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((130, 120, 330, 280)):
            self.tree.setColumnWidth(col, width)
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0px; }")
        self.empty = placeholder("No message analysed yet.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        self.tree.hide()

    # -- building rows ----------------------------------------------------------------------------------
    def _top(self, check: str, result: AuthResult | None, prov: str, recorded: str, detail: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([check, result.value if result else "", prov, recorded, detail])
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        if result is not None:
            item.setBackground(1, QBrush(badge_colour(result)))
            item.setForeground(1, QBrush(QColor("white")))
            item.setFont(1, bold)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(4, detail)
        self.tree.addTopLevelItem(item)
        return item

    @staticmethod
    def _child(parent: QTreeWidgetItem, label: str, value: object) -> None:
        if value in (None, "", ()):
            return
        text = ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        # One spanned line "Label: value": details are long and read best as a sentence under the check.
        child = QTreeWidgetItem([f"{label}:  {text}"])
        child.setToolTip(0, text[:4000])
        parent.addChild(child)
        child.setFirstColumnSpanned(True)

    def _dns_children(self, parent: QTreeWidgetItem, records: Iterable[DnsLookupRecord]) -> None:
        for rec in records:
            self._child(parent, "DNS", lookup_line(rec))

    def _recorded_children(self, parent: QTreeWidgetItem, recs: Sequence[RecordedResult]) -> None:
        for r in recs:
            trust = "trusted" if r.trusted else "not trusted"
            if r.trust_basis:
                trust += f": {r.trust_basis}"
            if r.parsed_by == "tolerant":
                trust += "; non-standard header, read tolerantly"
            reason = f" ({r.reason})" if r.reason else (f" ({r.comment})" if r.comment else "")
            self._child(parent, "Receiver", f"{r.method}={r.result}{reason} — {r.header} by {r.authserv_id} ({trust})")

    # -- public -----------------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the shown report."""
        self.tree.clear()
        self.tree.hide()
        self.empty.show()

    def set_report(self, report: Report) -> None:
        """Show every check of `report`."""
        self.tree.clear()
        dns = report.dns

        def prov(p: Provenance) -> str:
            return provenance_label(p, dns)

        def state_note(name: str) -> str:
            st = section_state(report, name)
            if st is SectionState.ERROR:
                return "could not be completed (internal error; see Details)"
            if st is SectionState.NOT_ANALYSED:
                return "not analysed"
            return ""

        s = report.spf
        spf_rec = recorded_for(report, "spf")
        detail = state_note("spf") or " ".join(
            x
            for x in (
                f"{s.identity or 'mailfrom'} {s.domain}" if s.domain else "no SPF identity",
                f"client {s.client_ip}" if s.client_ip else "",
                f"— {s.reason}" if s.reason else "",
            )
            if x
        )
        item = self._top("SPF", s.result, prov(s.provenance), _recorded_text(spf_rec), detail)
        for label, value in _pairs(
            ("Domain", s.domain),
            ("Identity", s.identity),
            ("Client IP", s.client_ip),
            ("HELO", s.helo),
            ("MAIL FROM", s.mail_from),
            ("Taken from", s.identity_source),
            ("Mechanism", s.mechanism),
            (
                "Explanation",
                (s.explanation + " (the domain's own words)")
                if s.explanation and s.explanation_from_domain
                else s.explanation,
            ),
            ("SPF record", s.record),
            ("DNS lookups", s.dns_lookups),
            ("Void lookups", s.void_lookups),
        ):
            self._child(item, label, value)
        self._dns_children(item, s.dns)
        self._recorded_children(item, spf_rec)

        if not report.dkim:
            note = state_note("dkim") or "no DKIM-Signature in the message"
            self._top("DKIM", None, "", _recorded_text(recorded_for(report, "dkim")), note)
        for d in report.dkim:
            recs = recorded_for(report, "dkim", d.domain)
            detail = f"d={d.domain} s={d.selector}; body {d.body_hash}" + (f" — {d.reason}" if d.reason else "")
            item = self._top(f"DKIM #{d.index + 1}", d.result, prov(d.provenance), _recorded_text(recs), detail)
            for label, value in _pairs(
                ("Signing domain (d=)", d.domain),
                ("Selector (s=)", d.selector),
                ("Algorithm", d.algorithm),
                ("Cause", d.error_kind),
                ("Key", " ".join(x for x in (d.key_type, f"{d.key_size} bits" if d.key_size else None) if x) or None),
                ("Key flags", d.key_flags),
                (
                    "Header only",
                    "yes: no body available, only the header signature was checked" if d.header_only else None,
                ),
                ("Body hash", d.body_hash),
                ("Body hash computed", d.computed_body_hash),
                ("Body hash expected (bh=)", d.expected_body_hash),
                ("Header signature", d.header_signature),
                ("Canonicalization", d.canonicalization),
                ("Identity (i=)", d.identity),
                ("Signed headers", d.signed_headers),
                ("Body length (l=)", d.body_length_limit),
                ("Unsigned body bytes", d.unsigned_body_bytes),
                ("Signed at", d.signed_at),
                ("Expires", d.expires_at),
                ("Time at delivery", " — ".join(x for x in (d.time_state_delivery, d.time_at_delivery) if x) or None),
                ("Time now", " — ".join(x for x in (d.time_state_now, d.time_now) if x) or None),
                ("Warnings", d.warnings),
                ("Key record", d.key_record),
            ):
                self._child(item, label, value)
            self._dns_children(item, d.dns)
            self._recorded_children(item, recs)

        m = report.dmarc
        dm_rec = recorded_for(report, "dmarc")
        spf_al = "aligned" if m.spf_aligned else "not aligned"
        dkim_al = "aligned" if m.dkim_aligned else "not aligned"
        align = f"SPF {spf_al}, DKIM {dkim_al}"
        detail = state_note("dmarc") or (
            f"From {m.from_domain or '?'}, policy {m.policy or 'none published'}; {align}"
            + (f" — {m.reason}" if m.reason else "")
        )
        item = self._top("DMARC", m.result, prov(m.provenance), _recorded_text(dm_rec), detail)
        for label, value in _pairs(
            ("From domain", m.from_domain),
            ("Organisational domain", m.org_domain),
            ("Effective policy", m.policy),
            ("Record", m.record),
            ("Record found at", m.record_domain),
            ("Author domains", m.author_domains if len(m.author_domains) > 1 else None),
            ("Record source", m.record_source),
            ("Alignment", f"{align} (adkim={m.adkim}, aspf={m.aspf})"),
            ("Why", m.alignment),
            ("Policy fallback", m.policy_fallback),
            ("Passed by", m.aligned_by),
            ("Percentage (pct=)", m.pct),
            ("Provisional", "yes: rests on a header-only DKIM check (no body)" if m.provisional else None),
            ("Findings", m.findings),
        ):
            self._child(item, label, value)
        self._dns_children(item, m.dns)
        self._recorded_children(item, dm_rec)

        a = report.arc
        arc_rec = recorded_for(report, "arc")
        cv = f", cv={a.cv}" if a.cv else ""
        detail = state_note("arc") or (f"{len(a.instances)} ARC set(s){cv}" + (f" — {a.reason}" if a.reason else ""))
        item = self._top("ARC", a.result, prov(a.provenance), _recorded_text(arc_rec), detail)
        for inst in a.instances:
            self._child(
                item,
                f"Set i={inst.instance}",
                f"seal {inst.seal_domain} ({inst.as_valid}, cv={inst.cv}); "
                f"message signature {inst.ams_domain} ({inst.ams_valid}, body {inst.ams_body_hash})",
            )
            self._child(item, f"  i={inst.instance} why", inst.reason)
            self._child(item, f"  i={inst.instance} recorded", inst.authentication_results)
        self._child(item, "Structural errors", a.structural_errors)
        self._child(item, "Chain ended", "a sealer already reported cv=fail" if a.chain_terminated else None)
        self._child(item, "Header only", "yes: AMS body hashes could not be checked" if a.header_only else None)
        self._dns_children(item, a.dns)
        self._recorded_children(item, arc_rec)

        if report.disagreements:
            item = self._top(
                "Differences", None, "", "", f"{len(report.disagreements)} difference(s) with the receiver"
            )
            for x in report.disagreements:
                self._child(item, x.method, f"{x.explanation} (receiver: {x.recorded}, us: {x.recomputed})")
            item.setExpanded(True)
        others = [r for r in report.recorded if r.method.lower() not in ("spf", "dkim", "dmarc", "arc")]
        if others:
            item = self._top("Other recorded", None, "recorded by the receiver", "", f"{len(others)} result(s)")
            self._recorded_children(item, others)
        self.empty.hide()
        self.tree.show()

    def top_level_checks(self) -> list[str]:
        """The check names shown (for tests and keyboard users' screen readers)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [it.text(0) for it in items if it is not None]
