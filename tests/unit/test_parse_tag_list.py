"""The one tag-list reader (inspector.parse.tag_list) and the one ARC instance reader (parse.arc_instance).

Before issue 13 item 3, four modules each read tag lists and ARC ``i=`` their own way; the chain took
``i=+1`` or ``i= 0 1`` for an instance (``int()`` of the tag value) while the ARC structure check said the
same field had no valid instance, so the chain placed an ARC set the ARC check did not know.
"""

from __future__ import annotations

import pytest
from dkim.util import parse_tag_value

from inspector.auth.arc_structure import read_shape
from inspector.auth.dkim_tags import SignatureSyntaxError, parse_tags
from inspector.chain import analyze_chain
from inspector.ingest import load_bytes
from inspector.parse import arc_instance, tag_list
from inspector.settings import AnalysisSettings

SIG = b"v=1; a=rsa-sha256; d=example.com; s=sel;\r\n\th=from:to; bh=YQ==; b=Y Q=="


def test_strict_is_dkimpys_reading() -> None:
    assert tag_list.strict(SIG) == parse_tag_value(SIG)
    assert tag_list.strict(b"v=1;") == {b"v": b"1"}


@pytest.mark.parametrize(
    ("value", "message"),
    [(b"v=1; d=a; d=b", "near 'd'"), (b"v=1; junk; d=a", "near ' junk'"), (b"v=1; 9x=1", "near ' 9x=1'")],
)
def test_strict_names_the_offending_part(value: bytes, message: str) -> None:
    with pytest.raises(tag_list.TagListError) as exc:
        tag_list.strict(value)
    assert str(exc.value) == message
    with pytest.raises(SignatureSyntaxError, match="tag list syntax error near"):
        parse_tags(value)
    assert tag_list.strict_or_empty(value) == {}


def test_lenient_never_raises_first_occurrence_wins_names_fold() -> None:
    got = tag_list.lenient(" D=a.example ; junk; d=b.example; =x; s = sel one ;")
    assert got == {"d": "a.example", "s": "sel one"}
    assert tag_list.compact(" Y Q\r\n\t= ") == "YQ="


def test_terms_keep_every_term_in_order() -> None:
    ts = tag_list.terms("v=DMARC1; ; p = reject; 1x=2; fo")
    assert [t.raw for t in ts] == ["v=DMARC1", "", "p = reject", "1x=2", "fo"]
    assert [t.well_formed for t in ts] == [True, False, True, False, False]
    assert ts[2].name == "p" and ts[2].value == "reject"


def test_hostile_length_is_bounded() -> None:
    value = "d=x;" + "a" * (tag_list.MAX_CHARS * 2) + ";s=late"
    assert "s" not in tag_list.lenient(value)


@pytest.mark.parametrize(
    ("value", "instance"),
    [
        ("i=1; a=rsa-sha256; cv=none", 1),
        ("a=rsa-sha256;\r\n i = 2 ; d=x", 2),
        ("d=x; i=50", 50),
        ("i=+1; d=x", None),
        ("i= 1 0; d=x", None),
        ("i=1_0; d=x", None),
        ("I=1; d=x", None),
        ("i=12345; d=x", None),
        ("i=\u0661; d=x", None),  # an Arabic-Indic digit: int() reads it, RFC 8617's DIGIT does not
        ("d=x", None),
    ],
)
def test_instance_of_a_seal_or_signature(value: str, instance: int | None) -> None:
    assert arc_instance.of_tag_list(value) == instance


@pytest.mark.parametrize(
    ("value", "instance", "rest"),
    [
        ("i=1; mx.example; spf=pass", 1, " mx.example; spf=pass"),
        ("  i = 3 ;mx", 3, "mx"),
        ("mx.example; spf=pass", None, "mx.example; spf=pass"),
        ("i=99999; mx", None, " mx"),
    ],
)
def test_aar_prefix(value: str, instance: int | None, rest: str) -> None:
    assert arc_instance.split_aar(value) == (instance, rest)


@pytest.mark.parametrize("written", ["+1", "1_0", " 0 1", "\u0661"])
def test_chain_places_only_the_arc_sets_the_arc_check_sees(written: str) -> None:
    raw = (
        f"ARC-Seal: i={written}; a=rsa-sha256; cv=none; d=relay.example; s=s; b=YQ==\r\n"
        f"ARC-Message-Signature: i={written}; a=rsa-sha256; d=relay.example; s=s; h=from; bh=YQ==; b=YQ==\r\n"
        f"ARC-Authentication-Results: i={written}; relay.example; spf=pass\r\n"
        "Received: from relay.example (relay.example [192.0.2.1]) by mx.example.net; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
        "From: a@example.com\r\n\r\nbody\r\n"
    ).encode()
    message = load_bytes(raw)
    shape = read_shape(message.headers)
    chain = analyze_chain(message, AnalysisSettings())
    placed = sorted(
        a.instance for h in chain.hops for a in h.artefacts if a.kind == "arc-set" and a.instance is not None
    )
    placed += sorted(a.instance for a in chain.boundary.unplaced if a.kind == "arc-set" and a.instance is not None)
    assert sorted(placed) == sorted(shape.sets)
    assert any("no valid i=" in e for e in shape.errors)
