"""Report section for the links found in the body, each judged without ever being followed."""

from __future__ import annotations

from dataclasses import dataclass, field

from inspector.model.vocabulary import SEVERITY_ORDER, Severity

#: The link finding of the sender history (`inspector.history.links`): the destination's organisation is one
#: this sender, by its learnt mail, never linked to.
NEW_LINK_DOMAIN = "new-link-domain"
#: Link findings that, on a clickable link to a place the sender never linked to (`NEW_LINK_DOMAIN`), make it
#: worth a warning: each alone is everyday newsletter material, not from a sender whose links always went to
#: the same places (a steady sender turning to such a place is how a hijacked account's lure looks). The
#: verdict (`links_new_for_sender`) and the link's own `Link.risk` read this one list.
WITH_NEW_DESTINATION = ("lookalike", "brand-mismatch", "free-hosting", "shortener", "punycode", "open-redirect")
#: One step up the scale, for a sign that a new destination makes worse.
_RAISED = {Severity.INFO: Severity.MEDIUM, Severity.LOW: Severity.MEDIUM, Severity.MEDIUM: Severity.HIGH}


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """One thing wrong (or worth knowing) about a link.

    `kind` is stable for code and tests (``text-mismatch``, ``lookalike``, ``active-scheme``, ``ip-literal``,
    ``punycode``, ``shortener``, ``free-hosting``, ``open-redirect``, ``opaque-wrapper``, ``tracking``, and from
    the sender history ``new-link-domain``);
    `severity` is ``high``, ``medium``, ``low`` or ``info``; `explanation` is one sentence a non-expert reads.
    """

    kind: str
    severity: Severity
    explanation: str


@dataclass(frozen=True, slots=True)
class Link:
    """One link of the body: where it really goes, what it shows, and what is wrong with it.

    `url_defanged` is the real destination (after decoding wrappers such as Safe Links or URL Defense) in a
    form no viewer makes clickable again; `via` lists the wrappers and redirectors it was found behind,
    outermost first, each as ``<wrapper name>: <its defanged URL>``; `text` is what the reader sees (anchor
    text, ``alt`` of an image, empty
    for a bare URL); `domain` the destination's host (None for ``javascript:``/``data:``/``file:``);
    `role` says whether the reader clicks it (``link``: anchors, areas, forms) or the mail client loads it
    (``resource``: images, style sheets, ``url()`` in CSS).

    `risk` is the link's risk as a whole, the one every view shows (the Links table's Risk column, the HTML
    and text reports, the banner's content line): its worst finding, raised one step (at least to medium) when
    the sender history's `new-link-domain` meets a sign in `WITH_NEW_DESTINATION` on the same clickable link,
    which is what makes the verdict suspicious; `risk_note` then says why in one sentence ("" otherwise). Both
    are worked out from `findings` when the link is made (never passed in), so a link whose findings change
    (`dataclasses.replace`) is rated again and can never show a stale risk.
    """

    url_defanged: str
    text: str = ""
    domain: str | None = None
    via: tuple[str, ...] = ()
    findings: tuple[LinkFinding, ...] = ()
    role: str = "link"
    risk: Severity | None = field(init=False, default=None)
    risk_note: str = field(init=False, default="")

    def __post_init__(self) -> None:
        risk, note = link_risk(self.findings, self.role)
        object.__setattr__(self, "risk", risk)
        object.__setattr__(self, "risk_note", note)

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings, or None when there is none."""
        return worst_of(self.findings)


def new_destination_sign(findings: tuple[LinkFinding, ...], role: str = "link") -> LinkFinding | None:
    """The sign (`WITH_NEW_DESTINATION`) a clickable link's new destination (`NEW_LINK_DOMAIN`) makes worse,
    or None when the link is not clicked, its destination is not new, or nothing else is wrong with it."""
    if role != "link" or not any(f.kind == NEW_LINK_DOMAIN for f in findings):
        return None
    return next((f for f in findings if f.kind in WITH_NEW_DESTINATION), None)


def link_risk(findings: tuple[LinkFinding, ...], role: str = "link") -> tuple[Severity | None, str]:
    """A link's risk as a whole and, when its findings together make it worse than each alone, why.

    The worst finding's severity, except that a new destination for the sender (`NEW_LINK_DOMAIN`) with one
    of the signs in `WITH_NEW_DESTINATION` raises that sign one step (low to medium, medium to high): the
    combination is what the verdict calls suspicious, and a row that still said "Low" would contradict it.
    """
    worst = worst_of(findings)
    sign = new_destination_sign(findings, role)
    if sign is None:
        return worst, ""
    new = next(f for f in findings if f.kind == NEW_LINK_DOMAIN)
    # A hand-built finding may carry any word as its severity: an unknown one counts as low.
    raised = _RAISED.get(Severity(sign.severity), Severity.HIGH) if sign.severity in _SEVERITIES else Severity.MEDIUM
    risk = raised if worst is None or raised.rank < worst.rank else worst
    return risk, f"{sign.explanation.rstrip('.')}; {new.explanation}"


#: The finding shape shared by links, attachments and QR codes: {kind, severity, explanation}.
ContentFinding = LinkFinding


_SEVERITIES = frozenset(s.value for s in SEVERITY_ORDER)


def worst_of(findings: tuple[LinkFinding, ...]) -> Severity | None:
    """The highest severity among `findings` (``high`` > ``medium`` > ``low`` > ``info``), or None."""
    return next((s for s in SEVERITY_ORDER if any(f.severity == s for f in findings)), None)


@dataclass(frozen=True, slots=True)
class AttachedFile:
    """One attachment, typed from its bytes and judged, never opened, executed or rendered.

    `declared_type` is the MIME type the sender wrote; `detected_type` what the bytes are (magic numbers and
    structure, never the name: ``application/x-dosexec``, ``application/pdf``, ``text/html`` …; None when
    nothing was recognised). `content_type` is `declared_type` under the key reports carried before
    (kept so integrations keep working); `name_hides_characters` says the name holds bidi or control
    characters (U+202E) and must be shown through ``report.safe_text.visible``.

    Finding kinds (stable for code and tests): ``executable``, ``script``, ``shortcut``, ``disk-image``,
    ``html-attachment``, ``html-smuggling``, ``html-form``, ``svg-script``, ``macro``, ``macro-autoexec``,
    ``pdf-javascript``, ``pdf-action``, ``pdf-launch``, ``pdf-links``, ``archive-dangerous`` (an archive
    holding one of the dangerous kinds), ``encrypted-archive``, ``password-in-body``, ``double-extension``,
    ``hidden-characters``, ``type-mismatch``, ``malformed``, ``not-examined`` (a bound was hit), and
    ``attached-message``.
    `members` lists an archive's entry names (read from its directory, never extracted; bounded);
    `part` is where the file sits when it is not a top-level attachment (``invoice.zip`` → entry, or an
    attached message's attachment: ``forward.eml/invoice.pdf``), empty at top level.
    """

    filename: str
    declared_type: str
    detected_type: str | None
    size: int
    sha256: str
    findings: tuple[LinkFinding, ...] = ()
    name_hides_characters: bool = False
    content_type: str = ""
    members: tuple[str, ...] = ()
    part: str = ""

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings, or None when there is none."""
        return worst_of(self.findings)

    def get(self, key: str, default: object = None) -> object:
        """Mapping-style read, for code written when attachments were plain dicts (``a.get("sha256")``)."""
        return getattr(self, key) if key in self.__dataclass_fields__ else default

    def __getitem__(self, key: str) -> object:
        """Mapping-style read (``a["sha256"]``), for code written when attachments were plain dicts."""
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR code found in an image (an image attachment, an inline image, an image inside a PDF), or drawn
    without one (vector shapes in a PDF or an SVG, an HTML table or grid of black and white cells, block
    characters in the text).

    `where` says in which image (``attachment scan.png``, ``inline image image001.png``, ``invoice.pdf, page
    1``) or drawing (``invoice.pdf, page 1 (vector drawing)``, ``message body (HTML table)``, ``message body
    (inline SVG)``, ``message body (inline data: image)``, ``message body (text characters)``);
    `url_defanged` is the decoded destination defanged like every link (for a payload that is not a URL, the
    text itself, defanged), judged by the same link judge (``quishing``: the reader's phone opens it, out of
    reach of the mail filters); `domain` the destination's host and `via` the wrapper chain, as for a link.
    """

    where: str
    url_defanged: str
    findings: tuple[LinkFinding, ...] = ()
    domain: str | None = None
    via: tuple[str, ...] = ()

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings, or None when there is none."""
        return worst_of(self.findings)


@dataclass(frozen=True, slots=True)
class DisguisedText:
    """Words of the subject, the sender's name or the body disguised to slip past keyword filters.

    `field` is where (``Subject``, ``From display name``, ``body``); `kind` the trick (``overlay-marks``: strike
    or slash marks on single letters, ``foreign-marks``: another script's marks on a letter, ``hidden-characters``:
    invisible characters inside words, ``stacked-marks``: three or more accents on one letter, ``mixed-script``:
    Cyrillic or Greek letters that look like Latin ones inside a Latin word, or the reverse); `count` how many
    characters do it; `characters` which ones (``U+0337 COMBINING SHORT SOLIDUS OVERLAY``); `words` the words
    they are in, as written but with each invisible character as its code (``Pass⟨U+200B⟩word``, so that every
    view shows the disguise); `severity` what it means
    (see `inspector.content.disguise`); `explanation` one sentence for the reader.
    """

    field: str
    kind: str
    severity: Severity
    count: int
    characters: tuple[str, ...]
    words: tuple[str, ...]
    explanation: str
