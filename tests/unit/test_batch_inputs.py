"""Batch inputs (issue 16 item 1): mbox, Maildir, folders with junk, reported-as-attachment forwards.

Fixtures are real messages of ../shared/corpora/legit-dev, put into an mbox and a Maildir at test time by
the standard library's own writers (``mailbox.mbox.add`` escapes body lines that start with "From ", as
mail systems do), so the reader is checked against the format as others write it.
"""

from __future__ import annotations

import hashlib
import io
import mailbox
import os
from pathlib import Path

from inspector.batch.mbox import iter_mbox
from inspector.batch.readers import Item, iter_inputs
from inspector.batch.unwrap import MAX_WRAP_DEPTH, unwrap
from tests.support.corpora import legit_messages


def _legit_eml(n: int) -> list[bytes]:
    """`n` legit-dev .eml messages with LF line ends (what the stdlib mbox writer stores)."""
    out = [p.read_bytes().replace(b"\r\n", b"\n") for p in legit_messages() if p.suffix == ".eml"]
    assert len(out) >= n
    return out[:n]


FROM_BODY = (
    b"From: Alice <alice@example.org>\nTo: bob@example.org\nSubject: escapes\n"
    b"Date: Mon, 30 Nov 2026 08:00:00 +0000\n\nFrom here on the body starts with From.\n"
    b"\nFrom the last paragraph.\n"
)
# (A body line that already began with ">From " is ambiguous in mboxo, the stdlib writer's variant: it comes
# back without its ">". The mboxrd test below covers quoted lines.)


def _messages(items: list[Item]) -> list[bytes]:
    return [i.data or b"" for i in items]


def test_mbox_written_by_the_stdlib_reads_back_byte_for_byte(tmp_path: Path) -> None:
    originals = [*_legit_eml(12), FROM_BODY]
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(path), create=True)
    for data in originals:
        box.add(data)
    box.close()
    assert path.read_bytes().count(b"\n>From here on") == 1  # the writer escaped the body line

    items = list(iter_inputs([str(path)]))

    assert [i.origin.index for i in items] == list(range(len(originals)))
    assert {i.origin.container for i in items} == {str(path)}
    assert {i.origin.container_format for i in items} == {"mbox"}
    # mboxo escaping undone: every message is exactly the bytes that were stored (the stdlib mbox writer
    # keeps a message's last line break; our reader keeps the message, not the separating empty line).
    got = _messages(items)
    assert got == [o if o.endswith(b"\n") else o + b"\n" for o in originals]
    assert b"\nFrom here on the body" in got[-1]


def test_mboxrd_unescaping_and_from_lines_only_after_an_empty_line() -> None:
    raw = (
        b"From a@example.org Mon Nov 30 08:00:00 2026\nSubject: one\n\n>From x\n>>From y\nFrom z not a separator\n"
        b"\nFrom b@example.org Mon Nov 30 09:00:00 2026\nSubject: two\n\nbody\n"
    )
    entries = list(iter_mbox(io.BytesIO(raw), max_message=1 << 20))
    assert [e.index for e in entries] == [0, 1]
    assert entries[0].data == b"Subject: one\n\nFrom x\n>From y\nFrom z not a separator\n"
    assert entries[1].data == b"Subject: two\n\nbody\n"
    assert entries[1].offset == raw.index(b"From b@")


def test_crlf_mbox_and_an_oversized_message_is_skipped_without_being_kept() -> None:
    big = b"x" * 5000 + b"\r\n"
    raw = (
        b"From a@example.org Mon Nov 30 08:00:00 2026\r\nSubject: big\r\n\r\n" + big * 20 + b"\r\n"
        b"From b@example.org Mon Nov 30 09:00:00 2026\r\nSubject: small\r\n\r\nok\r\n"
    )
    entries = list(iter_mbox(io.BytesIO(raw), max_message=50_000))
    assert entries[0].data is None and entries[0].size > 50_000
    assert entries[1].data == b"Subject: small\r\n\r\nok\r\n"


def test_a_line_without_end_is_read_in_bounded_pieces() -> None:
    raw = b"From a@example.org Mon Nov 30 08:00:00 2026\nSubject: long\n\n" + b"y" * (3 << 20)
    (entry,) = iter_mbox(io.BytesIO(raw), max_message=1 << 20)
    assert entry.data is None and entry.size == len(raw) - raw.index(b"Subject")


def test_maildir_written_by_the_stdlib(tmp_path: Path) -> None:
    originals = _legit_eml(6)
    box = mailbox.Maildir(str(tmp_path / "Maildir"), create=True)
    keys = [box.add(data) for data in originals]
    # One message moved to cur/ with flags, as a mail client leaves it.
    msg = box.get_message(keys[2])
    msg.set_subdir("cur")
    msg.set_flags("S")
    box[keys[2]] = msg
    expected = {k: box.get_bytes(k) for k in box.keys()}  # noqa: SIM118 - Maildir is no dict
    box.close()

    items = list(iter_inputs([str(tmp_path / "Maildir")]))

    assert sorted(expected) == [i.origin.index for i in items]
    assert {i.origin.container_format for i in items} == {"maildir"}
    for item in items:
        assert item.data == expected[str(item.origin.index)]
        assert item.origin.path is not None and os.path.dirname(item.origin.path).endswith(("new", "cur"))


def test_folder_with_junk_yields_only_messages_in_path_order(tmp_path: Path) -> None:
    emls = [p for p in legit_messages() if p.suffix == ".eml"][:3]
    msg = next(p for p in legit_messages() if p.suffix == ".msg")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deeper").mkdir()
    (tmp_path / "a-first.eml").write_bytes(emls[0].read_bytes())
    (tmp_path / "b" / "no-extension").write_bytes(emls[1].read_bytes())  # found by content, not by name
    (tmp_path / "b" / "deeper" / "outlook.bin").write_bytes(msg.read_bytes())
    (tmp_path / "b" / "deeper" / "z.eml").write_bytes(emls[2].read_bytes())
    junk = {
        "empty.eml": b"",
        "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "doc.pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        "archive.eml": b"PK\x03\x04" + bytes(100),
        "notes.txt": b"remember to call the helpdesk\n",
    }
    for name, data in junk.items():
        (tmp_path / "b" / name).write_bytes(data)
    os.mkfifo(tmp_path / "b" / "pipe.eml")  # must be skipped without blocking
    (tmp_path / "b" / "loop").symlink_to(tmp_path, target_is_directory=True)  # must not be followed

    skipped: list[str] = []
    items = list(iter_inputs([str(tmp_path)], on_skip=lambda path, why: skipped.append(os.path.basename(path))))

    names = [os.path.relpath(i.origin.path or "", tmp_path) for i in items]
    # Each folder's files by name, then its sub-folders by name (os.walk, top down).
    assert names == ["a-first.eml", "b/no-extension", "b/deeper/outlook.bin", "b/deeper/z.eml"]
    assert all(i.error is None and i.data for i in items)
    assert sorted(skipped) == sorted([*junk, "pipe.eml"])


def test_named_paths_that_are_not_messages_are_errors_not_skips(tmp_path: Path) -> None:
    (tmp_path / "junk.bin").write_bytes(os.urandom(4096))
    good = legit_messages()[0]
    items = list(iter_inputs([str(good), str(tmp_path / "missing.eml"), str(tmp_path / "junk.bin")]))
    assert [i.origin.path for i in items] == [str(good), str(tmp_path / "missing.eml"), str(tmp_path / "junk.bin")]
    assert items[0].data == good.read_bytes()
    assert items[1].error and "no such file" in items[1].error
    # A named junk file is handed on (the analysis says why it is not a message): never silently dropped.
    assert items[2].data is not None and not items[2].in_folder


def _forward(original: bytes, *, boundary: bytes = b"rep0rt", encoding: bytes | None = None) -> bytes:
    cte = b"Content-Transfer-Encoding: " + encoding + b"\r\n" if encoding else b""
    body = original
    if encoding == b"base64":
        import base64

        body = base64.encodebytes(original)
    return (
        b"From: Helpdesk User <user@corp.example>\r\nTo: phishing@corp.example\r\n"
        b"Subject: FW: suspicious\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
        b"--" + boundary + b"\r\nContent-Type: text/plain\r\n\r\nPlease have a look.\r\n"
        b"--"
        + boundary
        + b'\r\nContent-Type: message/rfc822; name="original.eml"\r\n'
        + cte
        + b"\r\n"
        + body
        + b"\r\n--"
        + boundary
        + b"--\r\n"
    )


def _plain(n: int) -> bytes:
    """The n-th legit-dev .eml that carries no attached message itself."""
    plain = [p.read_bytes() for p in legit_messages() if p.suffix == ".eml" and b"message/rfc822" not in p.read_bytes()]
    return plain[n]


def test_reported_as_attachment_original_comes_out_byte_for_byte() -> None:
    original = _plain(0)
    (found,) = unwrap(_forward(original))
    assert found.part == "2"
    assert found.data == original
    assert hashlib.sha256(found.data).hexdigest() == hashlib.sha256(original).hexdigest()


def test_nested_forward_and_base64_attached_message() -> None:
    original = _plain(1)
    inner = _forward(original, boundary=b"inner")
    outer = _forward(inner, boundary=b"outer", encoding=b"base64")
    (found,) = unwrap(outer)
    assert found.part == "2/2"
    assert found.data == original


def test_not_unwrapped_plain_mail_bounces_and_endless_nesting() -> None:
    plain = _plain(0)
    assert unwrap(plain) == []
    bounce = _forward(plain).replace(b"multipart/mixed", b"multipart/report; report-type=delivery-status")
    assert unwrap(bounce) == []
    deep = plain
    for level in range(MAX_WRAP_DEPTH + 3):
        deep = _forward(deep, boundary=b"b%d" % level)
    (found,) = unwrap(deep)  # bounded: unwrapped MAX_WRAP_DEPTH times, no deeper
    assert found.part.count("/") == MAX_WRAP_DEPTH - 1


def test_real_bounces_keep_their_quoted_message_and_real_forwards_are_unwrapped() -> None:
    """legit-dev has both: mail systems' bounces that quote the returned message without multipart/report,
    and people's "Fwd:" with the message attached."""
    corpus = {p.name: p.read_bytes() for p in legit_messages()}
    for bounce in ("bouncehandler__1.eml", "mailman2__18.eml", "mailman2__16.eml", "mime4j__6.eml"):
        assert unwrap(corpus[bounce]) == [], bounce
    for forward in ("james__7.eml", "mime4j__5.eml"):
        (found,) = unwrap(corpus[forward])
        assert found.part == "2" and found.data.lstrip().split(b":", 1)[0].isascii(), forward


def test_maildir_plus_plus_sub_folders_are_read_too(tmp_path: Path) -> None:
    originals = _legit_eml(3)
    root = mailbox.Maildir(str(tmp_path / "Mail"), create=True)
    root.add(originals[0])
    sent = root.add_folder("Sent")  # Maildir++: .Sent/ inside the root Maildir
    sent.add(originals[1])
    sent.add(originals[2])
    (tmp_path / "Mail" / "dovecot-uidlist").write_bytes(b"3 V1 N4\n")  # a mail server's own file: skipped
    items = list(iter_inputs([str(tmp_path / "Mail")]))
    assert [i.origin.container for i in items] == [str(tmp_path / "Mail"), *[str(tmp_path / "Mail" / ".Sent")] * 2]
    assert sorted(i.data for i in items if i.data) == sorted(originals)
