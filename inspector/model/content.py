"""Report section for the links found in the body, each judged without ever being followed."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.model.vocabulary import SEVERITY_ORDER, Severity

#: The link finding of the sender history (`inspector.history.links`): the destination's organisation is one
#: this sender, by its learnt mail, never linked to.
NEW_LINK_DOMAIN = "new-link-domain"


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
    """

    url_defanged: str
    text: str = ""
    domain: str | None = None
    via: tuple[str, ...] = ()
    findings: tuple[LinkFinding, ...] = ()
    role: str = "link"

    @property
    def worst(self) -> Severity | None:
        """The highest severity among the findings, or None when there is none."""
        return worst_of(self.findings)


#: The finding shape shared by links, attachments and QR codes: {kind, severity, explanation}.
ContentFinding = LinkFinding


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
    invisible characters inside words, ``stacked-marks``: three or more accents on one letter); `count` how many
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
