"""Report section for the links found in the body, each judged without ever being followed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """One thing wrong (or worth knowing) about a link.

    `kind` is stable for code and tests (``text-mismatch``, ``lookalike``, ``active-scheme``, ``ip-literal``,
    ``punycode``, ``shortener``, ``free-hosting``, ``open-redirect``, ``opaque-wrapper``, ``tracking``);
    `severity` is ``high``, ``medium``, ``low`` or ``info``; `explanation` is one sentence a non-expert reads.
    """

    kind: str
    severity: str
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
    def worst(self) -> str | None:
        """The highest severity among the findings, or None when there is none."""
        order = ("high", "medium", "low", "info")
        return next((s for s in order if any(f.severity == s for f in self.findings)), None)
