"""A subject tag is the list's change only on evidence that the list added it (issue 11 item 1): kernel patches
carry the author's own ``[PATCH v2 0/4]``. Real messages of ../shared/corpora/legit-dev are read by path.
"""

from __future__ import annotations

import pytest

from inspector.analyze import analyze
from inspector.chain.pipeline import analyze_chain
from inspector.ingest import load_bytes, load_file
from inspector.settings import AnalysisSettings
from tests.conftest import SHARED

LEGIT = SHARED / "corpora" / "legit-dev"


def _tagged(name: str) -> list[str]:
    path = LEGIT / name
    if not path.is_file():
        pytest.skip(f"{path} not available")
    report = analyze(load_file(path))
    return [b.evidence for b in report.breaks if b.what == "subject tagged"]


def test_the_authors_patch_tag_is_not_a_list_tag() -> None:
    # "[PATCH v1 0/8] DTS updates …" on linux-aspeed@lists.ozlabs.org: the author wrote the tag (git
    # format-patch); the list adds none. Before, any leading [..] was called "a tag lists add".
    assert _tagged("ozlabs-aspeed__29.eml") == []
    assert _tagged("openbmc__21.eml") == []


def test_the_lists_own_name_as_tag_is_the_lists_change() -> None:
    # "Re: [dm-devel] [PATCH 0/3] …" with List-Id <dm-devel.redhat.com>: the list's name, added by Mailman.
    (evidence,) = _tagged("dm-devel__3.eml")[:1]
    assert '"[dm-devel]"' in evidence


def _chain(subject: str, list_headers: str) -> list[str]:
    sig = (
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=sender.example; s=s; h=from:subject; bh=AAAA; b=B\r\n"
    )
    hops = (
        "Received: from lists.list.example (lists.list.example [192.0.2.77]) by mx.corp.example with ESMTP id M; "
        "Mon, 30 Nov 2026 04:00:09 +0000\r\n"
        "Received: from mail.sender.example (mail.sender.example [198.51.100.7]) by lists.list.example with ESMTP "
        "id L; Mon, 30 Nov 2026 04:00:05 +0000\r\n"
        "Received: by mail.sender.example with SMTP id O; Mon, 30 Nov 2026 04:00:01 +0000\r\n"
    )
    raw = f"{hops}{sig}{list_headers}Subject: {subject}\r\nFrom: a@sender.example\r\n\r\nhi\r\n".encode()
    c = analyze_chain(load_bytes(raw), AnalysisSettings())
    return [b.evidence for b in c.breaks if b.what == "subject tagged"]


@pytest.mark.parametrize(
    "subject",
    ["[PATCH v2 0/4] mm: fix", "Re: [RFC PATCH] x", "[kernel-dev] y", "[GIT PULL] z", "Re: Re: [other-list] w"],
)
def test_tags_that_do_not_name_the_list_are_the_authors(subject: str) -> None:
    heads = "List-Id: Development <dev-team.list.example>\r\nList-Post: <mailto:dev-team@list.example>\r\n"
    assert _chain(subject, heads) == []


@pytest.mark.parametrize(
    ("subject", "tag"),
    [
        ("[dev-team] [PATCH v2 0/4] mm: fix", "[dev-team]"),
        ("Re: [Dev-Team] [PATCH] x", "[Dev-Team]"),
        ("[PATCH] [dev-team] x", "[dev-team]"),  # the list's tag need not come first
        ("[dev-team:1234] x", "[dev-team:1234]"),  # list name with a message number
        ("[dev] x", "[dev]"),  # a shortened prefix: the list's name up to a hyphen
        ("[Widgets] x", "[Widgets]"),  # a word of the List-Id's own description
    ],
)
def test_tags_that_name_the_list_are_the_lists(subject: str, tag: str) -> None:
    heads = "List-Id: Widgets and gadgets <dev-team.list.example>\r\nList-Post: <mailto:dev-team@list.example>\r\n"
    (evidence,) = _chain(subject, heads)
    assert f'"{tag}"' in evidence
