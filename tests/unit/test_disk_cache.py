"""The derived-data cache: a current, intact entry is read back; a stale, corrupt or unusable one is rebuilt.

Covers the generic mechanism (`inspector.disk_cache`) and its two users: the Public Suffix List rules
(`inspector.orgdomain`) and the look-alike reference (`inspector.lookalike.reference_cache`), whose cached
forms must answer exactly as the library's own parse and a fresh build do.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import publicsuffixlist
import pytest
from publicsuffixlist import PublicSuffixList

from inspector import disk_cache, orgdomain
from inspector.lookalike import reference as reference_mod
from inspector.lookalike import reference_cache
from inspector.lookalike.reference import brands_by_domain_values, build_reference


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INSPECTOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("INSPECTOR_NO_DISK_CACHE", raising=False)
    return folder


class Counter:
    """A build function that counts its calls."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def _same(x: object) -> object:
    return x


def test_a_current_entry_is_read_back_not_rebuilt(cache_dir: Path) -> None:
    build = Counter({"a": [1, 2]})
    assert disk_cache.cached("t", "k1", build, _same, _same) == {"a": [1, 2]}
    assert build.calls == 1 and (cache_dir / "t.json").is_file()
    assert disk_cache.cached("t", "k1", build, _same, _same) == {"a": [1, 2]}
    assert build.calls == 1


def test_a_stale_entry_is_rebuilt_and_replaced(cache_dir: Path) -> None:
    disk_cache.cached("t", "old-key", Counter("old"), _same, _same)
    build = Counter("new")
    assert disk_cache.cached("t", "new-key", build, _same, _same) == "new"
    assert build.calls == 1
    assert disk_cache.load("t", "new-key") == "new" and disk_cache.load("t", "old-key") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw.replace(b'"good"', b'"evil"'),  # payload changed, digest not
        lambda raw: raw.replace(b"\n", b" ", 1),  # no header line
        lambda raw: b"",
        lambda raw: b"\xff\xfe garbage \x00\n{]",
    ],
)
def test_a_corrupt_entry_is_detected_and_rebuilt(cache_dir: Path, damage: object) -> None:
    disk_cache.cached("t", "k", Counter(["good"]), _same, _same)
    path = cache_dir / "t.json"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert disk_cache.load("t", "k") is None
    build = Counter(["good"])
    assert disk_cache.cached("t", "k", build, _same, _same) == ["good"]
    assert build.calls == 1
    assert disk_cache.load("t", "k") == ["good"]  # rewritten whole


def test_a_payload_the_decoder_refuses_is_rebuilt(cache_dir: Path) -> None:
    disk_cache.cached("t", "k", Counter({"v": 1}), _same, _same)

    def strict(payload: object) -> object:
        raise KeyError("this version wants another shape")

    build = Counter({"v": 2})
    assert disk_cache.cached("t", "k", build, _same, strict) == {"v": 2}
    assert build.calls == 1


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("INSPECTOR_CACHE_DIR", str(blocker / "cache"))
    build = Counter("v")
    assert disk_cache.cached("t", "k", build, _same, _same) == "v"
    assert disk_cache.cached("t", "k", build, _same, _same) == "v"
    assert build.calls == 2


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_NO_DISK_CACHE", "1")
    build = Counter("v")
    disk_cache.cached("t", "k", build, _same, _same)
    disk_cache.cached("t", "k", build, _same, _same)
    assert build.calls == 2 and not cache_dir.exists()


def test_prune_keeps_the_most_recent_entries(cache_dir: Path) -> None:
    for i in range(5):
        disk_cache.store(f"p-{i}", "k", i)
        os.utime(cache_dir / f"p-{i}.json", (1_000_000 + i, 1_000_000 + i))
    disk_cache.store("other", "k", 0)
    disk_cache.prune("p-", 2)
    assert sorted(p.name for p in cache_dir.iterdir()) == ["other.json", "p-3.json", "p-4.json"]


def test_the_key_changes_with_every_part() -> None:
    base = disk_cache.fingerprint([b"a", "b"])
    assert base == disk_cache.fingerprint([b"a", "b"])
    assert base != disk_cache.fingerprint([b"a", "c"])
    assert base != disk_cache.fingerprint([b"ab"])  # length-prefixed: no two lists give one key
    assert disk_cache.file_bytes(Path("/no/such/file")) != disk_cache.file_bytes(None)


# --- the Public Suffix List


def _probes(rules_text: str) -> list[str]:
    """Names under every rule of the list (exact, wildcard, exception), and a few that are not."""
    names = ["example.com", "www.example.co.uk", "a.b.github.io", "localhost", "a.b.c.d.e", "xn--p1ai", "x.рф"]
    for line in rules_text.split("\n"):
        rule = line.strip().split(" ")[0]
        if rule and not rule.startswith("//"):
            bare = rule.lstrip("!").removeprefix("*.")
            names += [bare, f"a.{bare}", f"a.b.{bare}"]
    return names


def test_psl_from_cached_rules_answers_as_the_library(cache_dir: Path) -> None:
    text = Path(publicsuffixlist.PSLFILE).read_text(encoding="utf-8")
    lib_full, lib_icann = PublicSuffixList(), PublicSuffixList(only_icann=True)
    for attempt in ("built", "read back"):
        full, icann = orgdomain._build_lists()
        assert (cache_dir / "psl-rules.json").is_file(), attempt
        for name in _probes(text):
            for mine, lib in ((full, lib_full), (icann, lib_icann)):
                assert mine.publicsuffix(name) == lib.publicsuffix(name), (attempt, name)
                assert mine.privatesuffix(name) == lib.privatesuffix(name), (attempt, name)
                assert mine.is_public(name) == lib.is_public(name), (attempt, name)
                assert mine.publicsuffix(name, accept_unknown=False) == lib.publicsuffix(name, accept_unknown=False)


def test_psl_rules_derived_as_the_library_parses_them() -> None:
    """The derivation itself, on a small list with IDN, wildcard, exception and both sections."""
    text = (
        "// ===BEGIN ICANN DOMAINS===\n"
        "com\n*.ck\n!www.ck\nрф\n// comment\nco.uk extra words\n"
        "// ===END ICANN DOMAINS===\n"
        "// ===BEGIN PRIVATE DOMAINS===\ngithub.io\n*.компания.рф\n// ===END PRIVATE DOMAINS===\n"
    )
    (full, full_max), (icann, icann_max) = orgdomain.derive_rules(text)
    assert icann == ["com", "*.ck", "!www.ck", "рф", "xn--p1ai", "co.uk"]
    assert icann_max == 2 and full_max == 3
    assert full[len(icann) :] == ["github.io", "*.компания.рф", "*." + "компания.рф".encode("idna").decode()]
    for rules, maxlabel, only_icann in ((full, full_max, False), (icann, icann_max, True)):
        mine = orgdomain._from_rules(rules, maxlabel)
        lib = PublicSuffixList(text, only_icann=only_icann)
        for name in ["a.www.ck", "a.b.ck", "x.co.uk", "a.b.github.io", "a.b.компания.рф", "a.b.xn--p1ai"]:
            assert mine.privatesuffix(name) == lib.privatesuffix(name), name


def test_a_corrupt_psl_entry_is_rebuilt_with_the_right_answers(cache_dir: Path) -> None:
    orgdomain._build_lists()
    path = cache_dir / "psl-rules.json"
    head, _, body = path.read_bytes().partition(b"\n")
    payload = json.loads(body)
    payload["full"] = ["com"]  # a plausible but wrong payload under the old digest
    path.write_bytes(head + b"\n" + json.dumps(payload).encode())
    full, _icann = orgdomain._build_lists()
    assert full.privatesuffix("a.b.github.io") == "b.github.io"
    assert full.privatesuffix("a.b.co.uk") == "b.co.uk"


# --- the look-alike reference


def _identity_structure(ref: reference_mod.Reference) -> tuple[object, ...]:
    """Which brand/target objects are shared where (the indices compare them by identity)."""
    targets = {id(t): i for i, t in enumerate(ref.targets)}
    brands = {
        id(b): i for i, b in enumerate(brands_by_domain_values({k: list(v) for k, v in ref.brands_by_domain.items()}))
    }
    return (
        [targets.get(id(t)) for ts in ref.by_fold.values() for t in ts],
        [targets.get(id(t)) for ts in ref.fold_targets for t in ts],
        [targets.get(id(t)) for t in ref.protected_targets],
        [brands.get(id(t.brand)) for t in ref.targets],
        [brands.get(id(b)) for bs in ref.alias_index.values() for b in bs],
        len(brands),
    )


@pytest.mark.parametrize(
    ("protected", "own"),
    [((), ()), (("contoso-bank.example", "paypal.com", "bücher.example"), ("contoso-bank.example",))],
)
def test_reference_read_back_equals_a_fresh_build(
    cache_dir: Path, protected: tuple[str, ...], own: tuple[str, ...]
) -> None:
    fresh = build_reference(protected, own)
    first = reference_cache.cached_reference(protected, own, build_reference)  # builds and stores
    name, key = reference_cache.entry_key(protected, own)
    assert disk_cache.load(name, key) is not None
    calls = []

    def must_not_build(p: tuple[str, ...], o: tuple[str, ...]) -> reference_mod.Reference:
        calls.append(1)
        return build_reference(p, o)

    again = reference_cache.cached_reference(protected, own, must_not_build)
    assert not calls, "a current entry was rebuilt"
    assert again == fresh == first
    assert _identity_structure(again) == _identity_structure(fresh)


def test_a_corrupt_reference_entry_is_rebuilt(cache_dir: Path) -> None:
    reference_cache.cached_reference((), (), build_reference)
    name, key = reference_cache.entry_key((), ())
    path = cache_dir / f"{name}.json"
    path.write_bytes(path.read_bytes()[:-100])
    calls = []

    def counting(p: tuple[str, ...], o: tuple[str, ...]) -> reference_mod.Reference:
        calls.append(1)
        return build_reference(p, o)

    assert reference_cache.cached_reference((), (), counting) == build_reference()
    assert calls == [1]
    assert disk_cache.load(name, key) is not None


def test_another_settings_or_layout_is_another_entry(cache_dir: Path) -> None:
    assert reference_cache.entry_key((), ())[0] != reference_cache.entry_key(("a.example",), ())[0]
    assert reference_cache.entry_key((), ())[1] != reference_cache.entry_key((), ("a.example",))[1]
    payload = reference_cache.encode(build_reference())
    assert isinstance(payload, dict)
    payload["layout"][0][0] = "renamed_field:str"
    with pytest.raises(ValueError, match="layout"):
        reference_cache.decode(payload)


def test_an_entry_of_another_shape_is_refused() -> None:
    payload = reference_cache.encode(build_reference())
    assert isinstance(payload, dict)
    payload["targets"][0] = payload["targets"][0][:-1]  # a target row missing a field
    with pytest.raises(ValueError, match="fields"):
        reference_cache.decode(payload)


def test_an_entry_of_the_previous_format_is_rebuilt(cache_dir: Path) -> None:
    # Format 1 stored a SHA-256 of the payload; format 2 a BLAKE2b (the frozen app has no OpenSSL, and its
    # fallback SHA-256 made every start ~5 ms slower than from source). An old entry is rebuilt, never trusted.
    import hashlib

    cache_dir.mkdir(parents=True)
    body = json.dumps(["old"])
    head = {"magic": "inspector-cache", "format": 1, "key": "k", "sha256": hashlib.sha256(body.encode()).hexdigest()}
    (cache_dir / "t.json").write_text(json.dumps(head) + "\n" + body, encoding="utf-8")
    assert disk_cache.load("t", "k") is None
    build = Counter(["new"])
    assert disk_cache.cached("t", "k", build, _same, _same) == ["new"]
    assert build.calls == 1
    header = json.loads((cache_dir / "t.json").read_text(encoding="utf-8").partition("\n")[0])
    assert header["format"] == disk_cache.FORMAT == 2 and "blake2b" in header and "sha256" not in header
