"""Archives listed from their directory, never extracted to disk or run.

ZIP with the standard library's `zipfile` (central directory only; a member is read, in memory and bounded,
only when it is itself an archive, an Office document or a message to look into, up to `MAX_DEPTH` levels).
RAR with `rarfile` (ISC licence): it lists RAR 3/5 directories in pure Python without the unrar tool, which
only extraction would need; encrypted headers make the names unreadable, and that is said. 7-Zip with our
own bounded header reader (`sevenzip`: the standard library's `lzma` for the compressed header; why not
py7zr is said there): names, sizes and encryption, never a file's data. The other formats (gzip, cab, ace,
tar …) are recognised by their magic bytes but not listed; the report says the content was not examined.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

#: Entries listed per archive, entries kept in the report's `members`, and nested levels looked into.
MAX_MEMBERS = 5_000
MAX_SHOWN_MEMBERS = 50
MAX_DEPTH = 3
#: A member is read (in memory) to look inside it only up to this many bytes uncompressed, with a sane ratio.
MAX_INNER_BYTES = 10_000_000
MAX_RATIO = 200


@dataclass(slots=True)
class Member:
    """One entry of an archive's directory: its name, its size as declared, whether it is encrypted."""

    name: str
    size: int
    compressed: int
    encrypted: bool


@dataclass(slots=True)
class Listing:
    """An archive's directory (see the module)."""

    members: list[Member] = field(default_factory=list)
    more: bool = False
    encrypted: bool = False
    #: The header itself is encrypted: not even the names can be read without the password.
    names_hidden: bool = False
    error: str | None = None
    total_size: int = 0


def list_zip(data: bytes) -> tuple[Listing, zipfile.ZipFile | None]:
    """The ZIP directory of `data`, and the open archive (for bounded reads of nested members) or None."""
    import zipfile  # here, not at the top: most messages carry no archive (start-up time)

    from inspector.content import zip_directory

    out = Listing()
    directory = zip_directory.find_directory(data)
    if directory is not None and directory.entries > MAX_MEMBERS:
        # zipfile would build every entry of the directory first (see `zip_directory`): list the first ones,
        # and look inside none (a bomb-sized directory is reason enough to stop there).
        out.more = True
        for e in zip_directory.first_entries(data, directory, MAX_MEMBERS):
            out.encrypted = out.encrypted or e.encrypted
            out.total_size += e.size
            if not e.is_dir:
                out.members.append(Member(e.name, e.size, e.compressed, e.encrypted))
        if not out.members:
            out.error = "BadZipFile"
        return out, None
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        out.error = type(exc).__name__
        return out, None
    out.more = len(infos) > MAX_MEMBERS
    for info in infos[:MAX_MEMBERS]:
        encrypted = bool(info.flag_bits & 0x1)
        out.encrypted = out.encrypted or encrypted
        out.total_size += info.file_size
        if not info.is_dir():
            out.members.append(Member(info.filename, info.file_size, info.compress_size, encrypted))
    return out, zf


def read_member(zf: zipfile.ZipFile, member: Member) -> bytes | None:
    """A member's bytes, in memory, when it is small, not encrypted and not a compression bomb; else None."""
    if member.encrypted or member.size > MAX_INNER_BYTES:
        return None
    if member.compressed and member.size / max(member.compressed, 1) > MAX_RATIO:
        return None
    try:
        with zf.open(member.name) as fh:
            data = fh.read(MAX_INNER_BYTES + 1)
    except Exception:  # noqa: BLE001 - a damaged member is skipped, the listing stands
        return None
    return data if len(data) <= MAX_INNER_BYTES else None


#: What `list_rar` reports when rarfile would need an external tool (unrar, 7z, bsdtar) to go on.
NEEDS_TOOL = "needs an unpacking tool"


def _no_tools(*_args: object, **_kwargs: object) -> None:
    """rarfile's tool finder, replaced: it starts ``unrar`` (or 7z, bsdtar) to test it and to read encrypted
    comments; the inspector never starts a program, so rarfile is told no tool exists."""
    import rarfile

    raise rarfile.RarCannotExec("the inspector never runs an unpacking tool")


#: Reads rarfile may make of one archive while listing it: a RAR 3 file header takes 2, a RAR 5 one 4 or 5.
MAX_RAR_READS = 8 * (MAX_MEMBERS + 16)


class _ReadBudget(io.BytesIO):
    """The archive's bytes for rarfile, answering "end of file" once `MAX_RAR_READS` reads are made.

    rarfile parses every header of an archive when it opens it: a 13 MB RAR of 300,000 empty files took 8.2 s
    and 205 MB for a listing that keeps `MAX_MEMBERS`. It takes an end of file as the end of the archive, so
    this stops the parse after about that many headers, whatever the archive declares.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads = 0

    @property
    def spent(self) -> bool:
        return self.reads > MAX_RAR_READS

    def read(self, size: int | None = -1, /) -> bytes:
        self.reads += 1
        return b"" if self.spent else super().read(size)


def list_rar(data: bytes) -> Listing:
    """The RAR directory of `data` (names, sizes, encryption), read without extracting anything and without
    starting any program (`_no_tools`)."""
    import rarfile  # lazily: only messages with a RAR attachment pay for it

    rarfile.tool_setup = _no_tools
    out = Listing()
    budget = _ReadBudget(data)
    try:
        rf = rarfile.RarFile(budget)
        if rf.needs_password() and not rf.infolist():
            out.encrypted = out.names_hidden = True
            return out
        infos = rf.infolist()
    except rarfile.PasswordRequired:
        out.encrypted = out.names_hidden = True
        return out
    except rarfile.RarCannotExec:
        out.error = NEEDS_TOOL
        return out
    except Exception as exc:  # noqa: BLE001 - hostile archives: a finding, never a crash
        out.error = type(exc).__name__
        return out
    out.more = len(infos) > MAX_MEMBERS or budget.spent
    for info in infos[:MAX_MEMBERS]:
        encrypted = bool(info.needs_password())
        out.encrypted = out.encrypted or encrypted
        out.total_size += int(info.file_size or 0)
        if not info.is_dir():
            out.members.append(Member(info.filename, int(info.file_size or 0), int(info.compress_size or 0), encrypted))
    return out


def list_7z(data: bytes) -> Listing:
    """The 7-Zip directory of `data` (names, sizes, encryption), read from its header only (`sevenzip`)."""
    from inspector.content import sevenzip  # lazily: only messages with a 7z attachment pay for it

    out = Listing()
    try:
        directory = sevenzip.read_directory(data)
    except sevenzip.SevenZipError as exc:
        out.error = str(exc)
        return out
    if directory.header_encrypted:
        out.encrypted = out.names_hidden = True
        return out
    out.more = directory.count > MAX_MEMBERS
    for entry in directory.entries[:MAX_MEMBERS]:
        out.encrypted = out.encrypted or entry.encrypted
        out.total_size += entry.size
        if not entry.is_dir:
            out.members.append(Member(entry.name, entry.size, 0, entry.encrypted))
    return out
