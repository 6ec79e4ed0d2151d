"""Every attachment typed from its bytes and judged; QR codes read out of images. Nothing opened or run.

Each file is typed by `filetypes` (magic numbers, never the name), then read by the reader for its kind:
HTML/SVG for smuggling and credential forms (`smuggling`), Office documents for macros (`office`, olevba),
PDFs for actions and links (`pdf`, pypdf), archives for their directory (`archives`), images for QR codes
(`qr`). Its name is checked for double extensions and bidi overrides (`names`), and the name's type against
the content's. Links found inside files (a PDF's links, a shortcut's target, a QR code) go through the same
link judge as the body's links.

Bounds (hostile input is normal): files examined per message (`MAX_FILES`, nested ones included), bytes
read per file (`MAX_FILE_BYTES`; a larger file is typed from its head and hashed, and says so), bytes read
in all (`MAX_TOTAL_BYTES`), nesting (`archives.MAX_DEPTH`), images decoded for QR codes (`MAX_QR_IMAGES`).
A file that cannot be read is a ``malformed`` finding, never an error of the analysis.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from inspector.content import archives, filetypes, names, office, pdf, qr, qr_html, smuggling
from inspector.content.filetypes import DANGEROUS_FAMILIES, EXTENSION_FAMILY, FileType
from inspector.content.urls import defang, host_of
from inspector.ingest.message import Attachment
from inspector.model.content import AttachedFile, ContentFinding, Link, QrCode
from inspector.model.vocabulary import Severity

MAX_FILES = 200
MAX_FILE_BYTES = 30_000_000
MAX_TOTAL_BYTES = 120_000_000
MAX_QR_IMAGES = 30
#: Archive members whose first bytes are read to type them (the rest are typed by name).
MAX_TYPED_MEMBERS = 100
MEMBER_HEAD = 40_000
#: Findings per file (an archive of 5,000 programs is described, not enumerated).
MAX_FINDINGS = 12

#: "password: X", "Passwort lautet X", "the code to open it is X": how a lure hands over an archive's key.
_PASSWORD_IN_BODY = re.compile(
    r"(?i)\b(?:pass(?:word|wort|code|wd)?|pwd|kennwort|mot de passe|contrase(?:ñ|n)a|senha|wachtwoord|"
    r"has(?:ł|l)o|parola|salasana|lösenord|adgangskode|пароль|密码|パスワード)\b[^\n]{0,40}?[:=]\s*\S{3,40}"
    r"|\b(?:pass(?:word|wort|code)?|pwd|kennwort)\s+(?:is|ist|lautet|est|es)\b\s*[:\"'“]?\s*\S{3,40}"
)

#: (name of the file in words, body text) → a judged link; None when links are not judged (no brand table).
LinkJudge = Callable[[str, str], Link]


@dataclass(slots=True)
class _State:
    """What one message's attachments have used of the bounds, and what was found."""

    body: str | Callable[[], str]
    judge: LinkJudge | None
    files: int = 0
    bytes_read: int = 0
    qr_images: int = 0
    rows: list[AttachedFile] = field(default_factory=list)
    qr: list[QrCode] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        """The body's text, computed on first use (only an encrypted file needs it)."""
        if callable(self.body):
            self.body = self.body()
        return self.body


@dataclass(slots=True)
class _File:
    """One file being examined: its name, declared type, bytes, where it sits, and its findings so far."""

    name: str
    declared: str
    data: bytes
    part: str
    depth: int
    kind: FileType | None = None
    findings: list[ContentFinding] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def add(self, kind: str, severity: Severity | str, explanation: str) -> None:
        # The word is checked against the closed vocabulary here (Severity("hihg") raises), once for every finding.
        if len(self.findings) < MAX_FINDINGS and not any(f.kind == kind for f in self.findings):
            self.findings.append(ContentFinding(kind, Severity(severity), explanation))


def password_in(text: str) -> bool:
    """True when `text` hands over a password ("Password: 1234", "das Kennwort lautet 2024")."""
    return bool(_PASSWORD_IN_BODY.search(text[:200_000]))


def _dangerous_words(f: _File, kind: FileType) -> str:
    """ "invoice.pdf.exe is a Windows program named to look like a PDF" and the like."""
    who = names.shown(f.name)
    double = names.double_extension(f.name)
    name_ext = filetypes.extension(f.name)
    name_family = EXTENSION_FAMILY.get(name_ext)
    if double is not None:
        return f"The attachment {who} is {kind.label} named to look like {names.decoy_words(double[0])}"
    if name_family is not None and name_family != kind.family:
        return f"The attachment {who} is {kind.label}, though its name says {names.decoy_words(name_ext)}"
    return f"The attachment {who} is {kind.label}"


_WHAT_IT_DOES = {
    "executable": "opening it runs it on the reader's computer.",
    "script": "opening it runs it on the reader's computer, with the reader's rights.",
    "shortcut": "opening it starts whatever it points to, often a download or a command.",
    "disk-image": "opening it mounts it as a drive, and the files inside escape the warning Windows shows for "
    "downloaded files.",
}


def _by_name(name: str) -> FileType | None:
    """The dangerous type the name gives a file whose bytes are plain text (Windows runs ``run.js`` by name)."""
    fam = EXTENSION_FAMILY.get(filetypes.extension(name))
    if fam == "script":
        return filetypes.FileType("text/plain", "script", f"a script (.{filetypes.extension(name)})")
    if fam == "shortcut":
        return filetypes.FileType("text/plain", "shortcut", f"a shortcut (.{filetypes.extension(name)})")
    return None


def _dangerous(f: _File) -> None:
    kind = f.kind
    if kind is not None and kind.family in DANGEROUS_FAMILIES:
        f.add(kind.family, "high", f"{_dangerous_words(f, kind)}: {_WHAT_IT_DOES[kind.family]}")
        return
    if kind is None or kind.family == "text":
        named = _by_name(f.name)
        if named is not None:
            f.add(named.family, "high", f"{_dangerous_words(f, named)}: {_WHAT_IT_DOES[named.family]}")


def _name_checks(f: _File) -> None:
    who = names.shown(f.name)
    bidi = names.overrides(f.name)
    if bidi:
        f.add(
            "hidden-characters",
            "high",
            f"The attachment's name holds a {bidi[0]} character: it shows as '{names.displayed(f.name)}' but "
            f"really is {who}.",
        )
    double = names.double_extension(f.name)
    if double is not None:
        f.add(
            "double-extension",
            "high",
            f"The attachment {who} has two extensions: it looks like {names.decoy_words(double[0])} where "
            f"Windows hides the last one, but it is a .{double[1]} file.",
        )
    elif names.padded(f.name) and EXTENSION_FAMILY.get(filetypes.extension(f.name)) in (*DANGEROUS_FAMILIES, "html"):
        f.add(
            "double-extension",
            "high",
            f"The attachment {who} pads its name with spaces so that its real extension is out of view.",
        )


def _mismatch(f: _File) -> None:
    """The name's type against the content's (a harmless-looking name on a dangerous file says so itself)."""
    ext = filetypes.extension(f.name)
    named = EXTENSION_FAMILY.get(ext)
    kind = f.kind
    if named is None or kind is None or kind.family in ("text", named) or (named, kind.family) in _SAME:
        return
    dangerous = kind.family in DANGEROUS_FAMILIES or kind.family == "html"
    f.add(
        "type-mismatch",
        "medium" if dangerous else "low",
        f"The attachment {names.shown(f.name)} is named as {names.decoy_words(ext)} but is {kind.label}.",
    )


#: (family by name, family by content) pairs that are the same thing to the reader.
_SAME = frozenset({("office", "archive"), ("archive", "office"), ("text", "html"), ("message", "text"),
                   ("office", "html"), ("image", "html"), ("executable", "archive"), ("text", "message")})  # fmt: skip


def _html(f: _File, state: _State) -> None:
    text = f.data[: smuggling.MAX_SCRIPT_CHARS].decode("utf-8", "replace")
    signs = smuggling.inspect_html(text)
    who = names.shown(f.name)
    svg = f.kind is filetypes.SVG
    if smuggling.smuggles(signs):
        f.add(
            "html-smuggling",
            "high",
            f"The attachment {who} builds a file inside the page with its own script "
            f"({', '.join(signs.smuggling[:4])}) and hands it to the reader: HTML smuggling, a way to slip a "
            "program past the mail filter.",
        )
    if signs.form_targets:
        where = smuggling.form_words(signs)
        if signs.password_field:
            f.add(
                "html-form",
                "high",
                f"The attachment {who} is a page with a password form that sends what is typed to {where}.",
            )
        else:
            f.add("html-form", "medium", f"The attachment {who} holds a form that sends what is typed to {where}.")
    elif signs.password_field:
        f.add("html-form", "medium", f"The attachment {who} is a page that asks for a password.")
    if svg and signs.scripts:
        f.add(
            "svg-script",
            "high",
            f"The attachment {who} is an image (SVG) with a script inside: opening it runs the script in the "
            "browser, which a picture never needs.",
        )
    elif not svg:
        detail = []
        if signs.scripts:
            detail.append("runs a script")
        if signs.redirects:
            detail.append("sends the browser to another page")
        if signs.obfuscated:
            detail.append("hides its code")
        what = f" It {', '.join(detail)}." if detail else ""
        f.add(
            "html-attachment",
            "medium" if detail else "low",
            f"The attachment {who} is a web page: it opens in the browser from the reader's own disk, where it "
            f"can imitate a login page.{what}",
        )
    _judge_urls(f, state, [*signs.form_targets, *signs.urls[:20]], "page")
    _drawn_codes(f, state, text)


def _drawn_codes(f: _File, state: _State, text: str) -> None:
    """QR codes an SVG draws with its shapes, or an HTML page builds from cells, inline SVG or data: images."""
    if state.qr_images >= MAX_QR_IMAGES:
        return
    state.qr_images += 1
    where = f"attachment {_join(f.part, f.name)}"
    if f.kind is filetypes.SVG:
        _qr_codes(state, f"{where} (SVG drawing)", qr_html.svg_document_codes(text))
        return
    for found_where, payloads in qr_html.codes_in(text, where):
        _qr_codes(state, found_where, payloads)


def _judge_urls(f: _File, state: _State, urls: Sequence[str], what: str) -> None:
    """The worst link finding of URLs found inside a file, as one finding of the file."""
    if state.judge is None:
        return
    for url in list(dict.fromkeys(urls))[:20]:
        link = state.judge(url, "")
        bad = [x for x in link.findings if x.severity == "high" or x.kind == "lookalike"]
        if bad:
            f.add(
                f"{what}-link" if what != "page" else "html-link",
                "high",
                f"The attachment {names.shown(f.name)} links to {link.url_defanged}: {bad[0].explanation}",
            )
            return


def _office(f: _File, state: _State) -> None:
    who = names.shown(f.name)
    is_zip = f.data[:2] == b"PK"
    if f.kind is not None and f.kind.mime == "application/x-encrypted-office":
        _encrypted(f, "document", state)
        return
    signs = office.inspect_office(f.data, is_zip)
    if signs.not_examined:
        f.add("not-examined", "info", f"The attachment {who} was not read for macros: {signs.not_examined}.")
        return
    if signs.encrypted:
        _encrypted(f, "document", state)
    if signs.error and signs.error != "not an Office document":
        f.add("malformed", "low", f"The attachment {who} could not be read as an Office document ({signs.error}).")
    if signs.autoexec:
        extra = f"; it calls {', '.join(signs.suspicious[:3])}" if signs.suspicious else ""
        f.add(
            "macro-autoexec",
            "high",
            f"The attachment {who} holds macros that start by themselves when the document is opened or used "
            f"({', '.join(signs.autoexec[:3])}){extra}: enabling content runs them.",
        )
    elif signs.macros:
        f.add("macro", "medium", f"The attachment {who} holds macros (programs inside the document).")


def _pdf(f: _File, state: _State) -> None:
    who = names.shown(f.name)
    signs = pdf.inspect_pdf(f.data, want_images=state.qr_images < MAX_QR_IMAGES)
    if signs.error:
        f.add("malformed", "low", f"The attachment {who} is a damaged PDF ({signs.error}): only its raw text was read.")
    if signs.not_examined:
        f.add("not-examined", "info", f"The attachment {who} was not read completely: {signs.not_examined}.")
    if signs.javascript:
        when = " that runs as soon as the document opens" if signs.auto_javascript else ""
        f.add("pdf-javascript", "high", f"The PDF {who} holds JavaScript{when}: a document has no need of it.")
    elif signs.open_action:
        f.add("pdf-action", "low", f"The PDF {who} does something by itself when it is opened (an open action).")
    if signs.launch:
        f.add("pdf-launch", "high", f"The PDF {who} asks the viewer to start a program ({signs.launch[0][:80]}).")
    if signs.submit_form:
        f.add("pdf-form", "medium", f"The PDF {who} holds a form that sends what is typed to a server.")
    for embedded in signs.embedded_files[:5]:
        fam = EXTENSION_FAMILY.get(filetypes.extension(embedded))
        if fam in DANGEROUS_FAMILIES or fam == "html":
            f.add("embedded-file", "high", f"The PDF {who} carries a file inside it: {names.shown(embedded)}.")
            break
    else:
        if signs.embedded_files:
            f.add("embedded-file", "low", f"The PDF {who} carries {len(signs.embedded_files)} file(s) inside it.")
    _pdf_links(f, state, signs)
    _pdf_images(f, state, signs)


def _pdf_links(f: _File, state: _State, signs: pdf.PdfSigns) -> None:
    who = names.shown(f.name)
    if signs.uris:
        before = len(f.findings)
        _judge_urls(f, state, signs.uris, "pdf")
        if len(f.findings) == before:
            hosts = list(dict.fromkeys(h for h in (host_of(u) for u in signs.uris) if h))
            f.add(
                "pdf-links",
                "info",
                f"The PDF {who} links to {len(signs.uris)} place(s)"
                + (f" ({', '.join(defang(h) for h in hosts[:3])})." if hosts else "."),
            )
        if signs.pages == 1 and len(signs.uris) <= 2 and not any(x.kind == "pdf-link" for x in f.findings):
            f.add("pdf-lure", "low", f"The PDF {who} is a single page whose action is a link: a common lure.")


def _pdf_images(f: _File, state: _State, signs: pdf.PdfSigns) -> None:
    for where, image in signs.images:
        if state.qr_images >= MAX_QR_IMAGES:
            break
        state.qr_images += 1
        try:
            payloads = qr.decode_pil(image)
        except qr.QrError:
            continue
        _qr_codes(state, f"{f.name}, {where}", payloads)
    for where, payloads in signs.drawn_codes:
        _qr_codes(state, f"{f.name}, {where}", payloads)


def _encrypted(f: _File, what: str, state: _State, *, names_hidden: bool = False) -> None:
    who = names.shown(f.name)
    hidden = " (even the names of its files are hidden)" if names_hidden else ""
    if password_in_body := password_in(state.body_text):
        f.add(
            "password-in-body",
            "high",
            f"The {what} {who} is locked with a password and the message itself gives the password: a way to get "
            "its content past the mail filter, which cannot open it.",
        )
    f.add(
        "encrypted-archive" if what == "archive" else "encrypted-document",
        "low" if password_in_body else "medium",
        f"The {what} {who} is locked with a password{hidden}: its content cannot be checked.",
    )


def _archive(f: _File, state: _State) -> None:
    who = names.shown(f.name)
    kind = f.kind
    if kind is filetypes.ZIP:
        listing, zf = archives.list_zip(f.data)
    elif kind is filetypes.RAR:
        listing, zf = archives.list_rar(f.data), None
    elif kind is filetypes.SEVEN_ZIP:
        listing, zf = archives.list_7z(f.data), None
    else:
        label = kind.label if kind else "an archive"
        f.add("not-examined", "info", f"The attachment {who} is {label}; its content is not listed here.")
        return
    if listing.error == archives.NEEDS_TOOL:
        f.add(
            "not-examined",
            "info",
            f"The archive {who} cannot be listed without running an unpacking program, which is never done here.",
        )
        return
    if listing.error:
        f.add("malformed", "low", f"The attachment {who} is a damaged archive ({listing.error}): not listed.")
        return
    f.members = [m.name for m in listing.members[: archives.MAX_SHOWN_MEMBERS]]
    if listing.more:
        how = " by name only; none was opened" if kind is filetypes.ZIP and zf is None else ""
        f.add(
            "not-examined",
            "info",
            f"The archive {who} has more than {archives.MAX_MEMBERS:,} entries: the first "
            f"{archives.MAX_MEMBERS:,} were checked{how}.",
        )
    if listing.encrypted:
        _encrypted(f, "archive", state, names_hidden=listing.names_hidden)
    _members(f, state, listing, zf)


def _members(f: _File, state: _State, listing: archives.Listing, zf: object) -> None:
    """Each member typed by its first bytes when they can be read (else by name); containers looked into."""
    import zipfile

    bad: list[tuple[str, bool]] = []  # (what, whether opening it runs it)
    for n, member in enumerate(listing.members):
        kind: FileType | None = None
        head = b""
        if isinstance(zf, zipfile.ZipFile) and n < MAX_TYPED_MEMBERS and not member.encrypted:
            head = _head(zf, member.name)
            kind = filetypes.detect(head) if head else None
        fam = kind.family if kind is not None else EXTENSION_FAMILY.get(filetypes.extension(member.name))
        if kind is not None and kind.family == "text":
            fam = EXTENSION_FAMILY.get(filetypes.extension(member.name)) if _by_name(member.name) else "text"
        double = names.double_extension(member.name) or names.overrides(member.name)
        if fam in DANGEROUS_FAMILIES or double:
            label = kind.label if kind is not None and kind.family in DANGEROUS_FAMILIES else _family_words(fam)
            bad.append((f"{names.shown(member.name)} ({label})", True))
        nested = fam in ("archive", "office", "pdf", "html", "message") or (kind is not None and kind.family == "image")
        if nested and isinstance(zf, zipfile.ZipFile) and f.depth < archives.MAX_DEPTH:
            data = archives.read_member(zf, member)
            inner = _examine(state, member.name, "", data, _join(f.part, f.name), f.depth + 1) if data else None
            if inner is not None and inner.worst == "high" and not (fam in DANGEROUS_FAMILIES or double):
                bad.append((f"{names.shown(member.name)} ({_worst_words(inner)})", False))
    if bad:
        bad.sort(key=lambda b: not b[1])
        f.add(
            "archive-dangerous",
            "high",
            f"The archive {names.shown(f.name)} holds {bad[0][0]}"
            + (f" and {len(bad) - 1} more such file(s)" if len(bad) > 1 else "")
            + (": opening it runs it." if bad[0][1] else "."),
        )


def _worst_words(row: AttachedFile) -> str:
    """The worst finding of a nested file in a few words, for its archive's finding."""
    high = [x for x in row.findings if x.severity == "high"]
    # What the file is (a program) says more than how it is named (a double extension): named first.
    worst = next((x for x in high if x.kind in DANGEROUS_FAMILIES), high[0])
    if worst.kind in DANGEROUS_FAMILIES:
        return _family_words(worst.kind)
    return {"macro-autoexec": "macros that start by themselves", "html-smuggling": "HTML smuggling",
            "html-form": "a password form", "pdf-javascript": "JavaScript", "pdf-launch": "a program launch",
            "archive-dangerous": "a program inside", "password-in-body": "a password given in the message"}.get(
        worst.kind, worst.kind.replace("-", " "))  # fmt: skip


def _family_words(fam: str | None) -> str:
    return {"executable": "a program", "script": "a script", "shortcut": "a shortcut", "disk-image": "a disk image",
            "html": "a web page"}.get(fam or "", "a file with a misleading name")  # fmt: skip


def _head(zf: object, name: str) -> bytes:
    try:
        with zf.open(name) as fh:  # type: ignore[attr-defined]
            return bytes(fh.read(MEMBER_HEAD))
    except Exception:  # noqa: BLE001 - a damaged member is typed by its name
        return b""


def _join(part: str, name: str) -> str:
    return f"{part}/{name}" if part else name


def _image(f: _File, state: _State) -> None:
    if state.qr_images >= MAX_QR_IMAGES:
        return
    state.qr_images += 1
    try:
        payloads = qr.decode_image(f.data)
    except qr.QrSkipped as exc:
        f.add("not-examined", "info", f"The image {names.shown(f.name)} was not read for QR codes: {exc}.")
        return
    except qr.QrError as exc:
        if f.kind is not None:
            f.add("malformed", "info", f"The image {names.shown(f.name)} could not be read for QR codes: {exc}.")
        return
    _qr_codes(state, f"attachment {_join(f.part, f.name)}", payloads)


def _qr_codes(state: _State, where: str, payloads: list[str]) -> None:
    for text in payloads:
        if state.judge is not None and re.match(r"(?i)^\s*(?:https?://|www\.)", text):
            url = text.strip()
            url = url if "://" in url else "http://" + url
            link = state.judge(url, "")
            state.qr.append(QrCode(where, link.url_defanged, _qr_findings(link, where), link.domain, link.via))
        else:
            shown = text.strip()[:300]
            state.qr.append(QrCode(where, defang(shown), _qr_findings(None, where, shown)))


def _qr_findings(link: Link | None, where: str, text: str = "") -> tuple[ContentFinding, ...]:
    """The link judge's findings, and what a QR code to a web address means for the reader."""
    if link is None:
        scheme = text.split(":", 1)[0].lower() if ":" in text[:20] else ""
        if scheme in ("javascript", "data", "file", "vbscript"):
            return (
                ContentFinding("active-scheme", Severity.HIGH, f"The QR code in {where} holds a {scheme}: address."),
            )
        return ()
    return (
        *link.findings,
        ContentFinding(
            "qr-code",
            Severity.INFO,
            f"The QR code in {where} opens {link.domain or 'a web address'} on the phone that scans it, out of "
            "reach of the mail filter.",
        ),
    )


def _refine(f: _File) -> None:
    """A ZIP that is an Office document, a JAR or an app; an OLE file's program."""
    kind = f.kind
    if kind is filetypes.OLE:
        f.kind = office.ole_type(f.data)
    elif kind is filetypes.ZIP:
        listing, zf = archives.list_zip(f.data)
        member_names = [m.name for m in listing.members]
        if "[Content_Types].xml" in member_names:
            f.kind = office.ooxml_type(member_names)
        elif "mimetype" in member_names and any(n == "content.xml" for n in member_names):
            f.kind = filetypes.ODF
        elif "AndroidManifest.xml" in member_names and "classes.dex" in member_names:
            f.kind = filetypes.APK
        elif "META-INF/MANIFEST.MF" in member_names and any(n.endswith(".class") for n in member_names):
            f.kind = filetypes.JAR
        if zf is not None:
            zf.close()


def _examine(state: _State, name: str, declared: str, data: bytes, part: str, depth: int) -> AttachedFile | None:
    """One file: typed, read by the reader for its kind, checked by name; its row added before the rows of
    the files found inside it. None when the bound on files examined was reached."""
    if state.files >= MAX_FILES:
        return None
    state.files += 1
    index = len(state.rows)
    f = _File(name, declared, data, part, depth)
    whole = len(data) <= MAX_FILE_BYTES and state.bytes_read + len(data) <= MAX_TOTAL_BYTES
    try:
        f.kind = filetypes.detect(data if whole else data[: filetypes.HEAD_BYTES * 8])
        if whole:
            state.bytes_read += len(data)
            _refine(f)
        _name_checks(f)
        _dangerous(f)
        _mismatch(f)
        if not whole:
            f.add("not-examined", "info", f"The attachment {names.shown(name)} is too large to read beyond its type.")
        elif data:
            _read(f, state)
    except Exception as exc:  # noqa: BLE001 - hostile files: a finding, never a crash of the analysis
        f.add("malformed", "low", f"The attachment {names.shown(name)} could not be read ({type(exc).__name__}).")
    row = _row(f, name, declared, data)
    state.rows.insert(index, row)
    return row


def _read(f: _File, state: _State) -> None:
    kind = f.kind
    fam = kind.family if kind is not None else None
    if fam == "html":
        _html(f, state)
    elif fam == "office" and kind is not filetypes.RTF and kind is not filetypes.ODF:
        _office(f, state)
    elif fam == "pdf":
        _pdf(f, state)
    elif fam == "archive":
        _archive(f, state)
    elif fam == "image":
        _image(f, state)
    elif fam == "message":
        _message(f, state)
    elif kind is filetypes.URL_SHORTCUT:
        target = re.search(r"(?im)^\s*URL\s*=\s*(\S+)", f.data[:20_000].decode("utf-8", "replace"))
        if target:
            _judge_urls(f, state, [target.group(1)], "shortcut")


def _message(f: _File, state: _State) -> None:
    """An e-mail attached as a file (``forward.eml`` sent as application/octet-stream, or an Outlook ``.msg``
    item): its own attachments examined as nested files, up to `archives.MAX_DEPTH` levels (a message/rfc822
    part is already walked by the MIME reader). An Outlook item is read by the project's .msg reader
    (``inspector.ingest.msg``, olefile): its attachments by value, and an Outlook item embedded in it, which
    that reader hands over as a .msg file of its own."""
    if f.depth >= archives.MAX_DEPTH:
        f.add("not-examined", "info", f"The attached message {names.shown(f.name)} is nested too deep to be read.")
        return
    inner_attachments = _message_attachments(f)
    if inner_attachments is None:
        return
    bad: list[str] = []
    for a in inner_attachments:
        row = _examine(state, a.filename, a.content_type, a.data, _join(f.part, f.name), f.depth + 1)
        if row is not None and row.worst == "high":
            bad.append(f"{names.shown(a.filename)} ({_worst_words(row)})")
    if bad:
        f.add(
            "attached-message",
            "high",
            f"The attached message {names.shown(f.name)} carries {bad[0]}"
            + (f" and {len(bad) - 1} more such file(s)" if len(bad) > 1 else "")
            + ".",
        )


def _message_attachments(f: _File) -> Sequence[Attachment] | None:
    """The attachments of an attached message (None, with a finding, when it cannot be read)."""
    from inspector.errors import InputError
    from inspector.ingest.detect import OLE_MAGIC

    if not f.data.startswith(OLE_MAGIC):
        from inspector.ingest.eml import read_eml

        return read_eml(f.data).attachments
    from inspector.ingest.msg import read_msg_attachments

    try:
        found, issues = read_msg_attachments(f.data)
    except InputError as exc:
        f.add("malformed", "low", f"The attached Outlook message {names.shown(f.name)} could not be read ({exc}).")
        return None
    if issues:
        f.add(
            "malformed",
            "low",
            f"The attached Outlook message {names.shown(f.name)} is damaged; some of its content may be missing "
            f"({issues[0][:160]}).",
        )
    return found


def _row(f: _File, name: str, declared: str, data: bytes) -> AttachedFile:
    return AttachedFile(
        filename=name,
        declared_type=declared,
        detected_type=f.kind.mime if f.kind is not None else None,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        findings=tuple(f.findings),
        name_hides_characters=names.hides_characters(name),
        content_type=declared,
        members=tuple(f.members),
        part=f.part,
    )


def inspect_attachments(
    attachments: Sequence[Attachment],
    inline_images: Sequence[Attachment] = (),
    body_text: str | Callable[[], str] = "",
    judge: LinkJudge | None = None,
    body_codes: Sequence[tuple[str, list[str]]] = (),
) -> tuple[tuple[AttachedFile, ...], tuple[QrCode, ...]]:
    """Every attachment typed and judged (nested files of archives after their archive), and the QR codes of
    the attachments' and the inline images. `body_text` (or a function giving it, called only when needed) is
    searched for a password handed over with an encrypted archive; `judge` judges the URLs found inside
    files; `body_codes` are the QR codes the HTML body draws or holds (`qr_html.codes_in`), judged the same way."""
    state = _State(body_text, judge)
    for a in attachments:
        _examine(state, a.filename, a.content_type, a.data, "", 0)
    for image in inline_images:
        if state.qr_images >= MAX_QR_IMAGES:
            break
        state.qr_images += 1
        _qr_codes(state, f"inline image {image.filename}", _inline_codes(image))
    for where, payloads in body_codes:
        _qr_codes(state, where, payloads)
    return tuple(state.rows), tuple(state.qr)


def _inline_codes(image: Attachment) -> list[str]:
    """The QR payloads of an inline (``cid:``) image: a picture, or an SVG drawing read for its shapes."""
    if "svg" in image.content_type.lower() or filetypes.detect(image.data[: filetypes.HEAD_BYTES]) is filetypes.SVG:
        return qr_html.svg_document_codes(image.data[: smuggling.MAX_SCRIPT_CHARS].decode("utf-8", "replace"))
    try:
        return qr.decode_image(image.data)
    except qr.QrError:
        return []
