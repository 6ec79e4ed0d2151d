"""One card per authentication check (SPF, each DKIM signature, DMARC, ARC …): the facts every view shows.

Why a model of its own: the GUI's authentication panel, the HTML export's "checks at a glance" table and its
"authentication in detail" cards each built their own rows from the report, and drifted apart (a message
without DKIM signature read "none, from the message alone" on screen but had no badge and no source in the
export; the export cut DKIM signatures past the 50th without saying so). Now :func:`check_cards` decides, once,
which checks there are, their titles, result words, badge groups, where their facts came from, what the
receivers recorded and every detail line; the views only lay the cards out (a tree row with children, a
table row, an HTML card). Nothing here imports Qt or writes markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inspector.model.auth import AuthResult, DnsLookupRecord, Provenance, RecordedResult
from inspector.model.report import Report
from inspector.report.wording import (
    Badge,
    Detail,
    arc_details,
    arc_summary,
    detail_text,
    disagreement_line,
    dkim_details,
    dkim_summary,
    dmarc_details,
    dmarc_summary,
    lookup_line,
    provenance_label,
    recorded_for,
    recorded_line,
    recorded_summary,
    result_class,
    section_note,
    spf_details,
    spf_summary,
)

#: Cards per kind (DKIM signatures) and lines per list on one card. A message with 10,000 signatures or
#: receiver fields would otherwise make a view lay out 10,000 rows; the rest are counted (`omitted`), and
#: every one is in the JSON export and the ticket summary.
MAX_ROWS = 50
#: The methods that have a card of their own; receiver results for any other method go on one card.
OWN_CARDS = ("spf", "dkim", "dmarc", "arc")
NO_SIGNATURE = "no DKIM-Signature in the message"


@dataclass(frozen=True, slots=True)
class DetailRow:
    """One labelled line of a card's detail (the value already in words: `wording.detail_text`)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class CheckCard:
    """One check as every view shows it.

    `status` is the result word (None for cards that are no check: differences, other results, the count of
    signatures not listed); `level` its badge group. `source` says where the facts came from
    (`wording.provenance_label`), `recorded` what the receivers wrote for the same check, `summary` the
    one-line answer. `details` are the analyst's lines, `dns` the DNS answers used, `receivers` each
    receiver's own result, in that order; `omitted` counts lines left out of those three (past `MAX_ROWS`).
    """

    key: str
    title: str
    status: AuthResult | None
    level: Badge
    source: str
    recorded: str
    summary: str
    details: tuple[DetailRow, ...] = ()
    dns: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ()
    omitted: int = 0
    #: True for cards a view should show opened (the differences with the receiver).
    expanded: bool = False

    @property
    def is_check(self) -> bool:
        """True for the cards of a check this tool re-ran (they carry a result word)."""
        return self.status is not None


def _rows(pairs: Iterable[Detail]) -> list[DetailRow]:
    """Labelled lines with a value (empty values are left out, as every view did)."""
    out = []
    for label, value in pairs:
        text = detail_text(value)
        if text is not None:
            out.append(DetailRow(label.strip(), text))
    return out


def _card(
    key: str,
    title: str,
    status: AuthResult | None,
    *,
    limit: int,
    source: str,
    recorded: str,
    summary: str,
    details: Iterable[Detail] = (),
    dns: Sequence[DnsLookupRecord] = (),
    receivers: Sequence[RecordedResult] = (),
    expanded: bool = False,
) -> CheckCard:
    rows = _rows(details)
    omitted = max(0, len(rows) - limit) + max(0, len(dns) - limit) + max(0, len(receivers) - limit)
    return CheckCard(
        key=key,
        title=title,
        status=status,
        level=result_class(status) if status is not None else Badge.NONE,
        source=source,
        recorded=recorded,
        summary=summary,
        details=tuple(rows[:limit]),
        dns=tuple(lookup_line(r) for r in dns[:limit]),
        receivers=tuple(recorded_line(r) for r in receivers[:limit]),
        omitted=omitted,
        expanded=expanded,
    )


def _spf(report: Report, see: str | None, limit: int) -> CheckCard:
    s = report.spf
    recs = recorded_for(report, "spf")
    return _card(
        "spf",
        "SPF",
        s.result,
        limit=limit,
        source=provenance_label(s.provenance, report.dns),
        recorded=recorded_summary(recs),
        summary=section_note(report, "spf", see=see) or spf_summary(s),
        details=spf_details(s),
        dns=s.dns,
        receivers=recs,
    )


def _dkim(report: Report, see: str | None, limit: int) -> list[CheckCard]:
    if not report.dkim:
        # No signature is a result of its own (RFC 8601 "none"), shown as a grey badge like ARC's.
        note = section_note(report, "dkim", see=see)
        recs = recorded_for(report, "dkim")
        return [
            _card(
                "dkim",
                "DKIM",
                AuthResult.NOT_ANALYSED if note else AuthResult.NONE,
                limit=limit,
                source="" if note else provenance_label(Provenance.MESSAGE_ONLY, report.dns),
                recorded=recorded_summary(recs),
                summary=note or NO_SIGNATURE,
                receivers=recs,
            )
        ]
    cards = []
    for d in report.dkim[:limit]:
        recs = recorded_for(report, "dkim", d.domain)
        cards.append(
            _card(
                f"dkim-{d.index + 1}",
                f"DKIM #{d.index + 1}",
                d.result,
                limit=limit,
                source=provenance_label(d.provenance, report.dns),
                recorded=recorded_summary(recs),
                summary=dkim_summary(d),
                details=dkim_details(d),
                dns=d.dns,
                receivers=recs,
            )
        )
    rest = report.dkim[limit:]
    if rest:
        counts: dict[str, int] = {}
        for d in rest:
            counts[d.result.value] = counts.get(d.result.value, 0) + 1
        summary = ", ".join(f"{n:,} {result}" for result, n in sorted(counts.items()))
        cards.append(
            _card(
                "dkim-more",
                f"DKIM #{limit + 1}–#{len(report.dkim)}",
                None,
                limit=limit,
                source="",
                recorded="",
                summary=f"{len(rest):,} more signatures not listed here ({summary}); all are in the JSON export",
            )
        )
    return cards


def _dmarc(report: Report, see: str | None, limit: int) -> CheckCard:
    m = report.dmarc
    recs = recorded_for(report, "dmarc")
    return _card(
        "dmarc",
        "DMARC",
        m.result,
        limit=limit,
        source=provenance_label(m.provenance, report.dns),
        recorded=recorded_summary(recs),
        summary=section_note(report, "dmarc", see=see) or dmarc_summary(m),
        details=dmarc_details(m),
        dns=m.dns,
        receivers=recs,
    )


def _arc(report: Report, see: str | None, limit: int) -> CheckCard:
    a = report.arc
    recs = recorded_for(report, "arc")
    return _card(
        "arc",
        "ARC",
        a.result,
        limit=limit,
        source=provenance_label(a.provenance, report.dns),
        recorded=recorded_summary(recs),
        summary=section_note(report, "arc", see=see) or arc_summary(a),
        details=arc_details(a),
        dns=a.dns,
        receivers=recs,
    )


def _differences(report: Report, limit: int) -> list[CheckCard]:
    if not report.disagreements:
        return []
    n = len(report.disagreements)
    return [
        _card(
            "differences",
            "Differences",
            None,
            limit=limit,
            source="",
            recorded="",
            summary=f"{n} difference(s) with the receiver",
            details=[(x.method, disagreement_line(x)) for x in report.disagreements],
            expanded=True,
        )
    ]


def _other_recorded(report: Report, limit: int) -> list[CheckCard]:
    others = [r for r in report.recorded if r.method.lower() not in OWN_CARDS]
    if not others:
        return []
    return [
        _card(
            "other-recorded",
            "Other recorded",
            None,
            limit=limit,
            source=provenance_label(Provenance.RECORDED),
            recorded="",
            summary=f"{len(others)} result(s) the receivers wrote for methods this tool does not re-run",
            receivers=others,
        )
    ]


def check_cards(report: Report, *, see: str | None = None, limit: int = MAX_ROWS) -> tuple[CheckCard, ...]:
    """Every authentication card of `report`, in the order the views show them.

    SPF, DKIM (one card per signature, or one "none" card), DMARC, ARC, then the differences with the
    receiver and the receivers' results for other methods when there are any. `see` names where a
    section's internal error is explained (the GUI's "Details" tab; the printable report has no such place);
    `limit` bounds the DKIM cards and the lines of each list (the printable report, laid out once, takes more).
    """
    return (
        _spf(report, see, limit),
        *_dkim(report, see, limit),
        _dmarc(report, see, limit),
        _arc(report, see, limit),
        *_differences(report, limit),
        *_other_recorded(report, limit),
    )
