"""Typo look-alikes: two allowances never stack (`inspector.lookalike.domains._typo`).

A brand's name with one typing change under another cheap ending is a typo-squat (``nawer.org``), and so is a
name that look-alike letters bring within one real edit under the brand's own ending (``rnicrosft.com``). A
glyph swap, an edit *and* another ending are three changes: ``maven.org`` (Apache Maven, linked from every Java
project's mail) is not ``naver.com``. The ending then counts as one more change against the length-aware
threshold, so a long name keeps its allowance (``rnicrosft.net``: two changes from microsoft.com).
"""

from __future__ import annotations

import pytest

from inspector.content.stage import judged_links
from inspector.lookalike.domains import find_domain_match
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import reference_for


def _match(host: str) -> tuple[str, str, str] | None:
    m = find_domain_match(parse_host(host), reference_for((), ()))  # type: ignore[arg-type]
    return None if m is None else (m.kind.value, m.severity.value, m.resembles)


@pytest.mark.parametrize("host", ["maven.org", "search.maven.org", "repo1.maven.org"])
def test_a_glyph_an_edit_and_another_ending_are_not_a_typo(host: str) -> None:
    assert _match(host) is None


@pytest.mark.parametrize(
    ("host", "kind", "resembles"),
    [
        ("maver.com", "typo", "naver.com"),  # one look-alike letter, the brand's own ending
        ("nawer.org", "typo", "naver.com"),  # one plain edit, another cheap ending
        ("naver.org", "tld-swap", "naver.com"),
        ("rnicrosft.com", "typo", "microsoft.com"),  # glyph and omission, own ending
        ("rnicrosft.net", "typo", "microsoft.com"),  # and another ending: two changes, within a long name's two
        ("facebok.net", "typo", "facebook.com"),
        ("paypa1.net", "homoglyph", "paypal.com"),
    ],
)
def test_typo_squats_are_still_found(host: str, kind: str, resembles: str) -> None:
    found = _match(host)
    assert found is not None and found[0] == kind and found[2] == resembles


def test_a_link_to_maven_central_is_not_a_look_alike() -> None:
    html = '<p>Artifacts: <a href="https://search.maven.org/artifact/org.example/lib">Maven Central</a></p>'
    (link,) = judged_links(None, html)[0]
    assert link.domain == "search.maven.org"
    assert not [f for f in link.findings if f.kind == "lookalike"]
    (squat,) = judged_links(None, '<a href="https://rnicrosft.net/login">Sign in</a>')[0]
    assert [f.kind for f in squat.findings if f.kind == "lookalike"] == ["lookalike"]
