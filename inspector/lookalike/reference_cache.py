"""The look-alike `Reference` kept in the user's cache folder between processes (`inspector.disk_cache`).

Building it (brand table and popular domains parsed into hosts, skeletons and indices, the PSL's private
operators) costs ~60–95 ms of CPU, more than analysing a message; every ``inspector analyze``, batch worker
and GUI analysis child used to pay it. It is a pure function of the shipped files, the Public Suffix List,
the libraries that derive it (idna, the Unicode database) and the deriving code, and of the protected/own
domains of the settings. All of these are in the entry's key, so any change rebuilds it.

The encoding is JSON, each dataclass a row of its fields in declaration order, written by the field's
annotated type (a frozenset or tuple of strings as a list, a brand or target as its position in the entry's
brand and target tables). Brands and targets are written once and shared again on reading, as `Reference`
shares them (`brands_by_domain_values` and the indices compare them by identity). The entry records the
classes' field names and types; reading an entry with another layout, or with a value of an unexpected type,
raises, and the entry is rebuilt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata
from typing import Any

import idna

from inspector import disk_cache
from inspector.lookalike.reference import Brand, Reference, Target
from inspector.paths import resource_path

#: Entries are named PREFIX + a hash of the settings; this many (the most recent) are kept.
PREFIX = "lookalike-reference-"
KEEP = 8
#: Shipped files the reference is derived from (under resources/).
INPUTS = (
    ("lookalike", "brands.json"),
    ("lookalike", "popular-domains.txt"),
    ("lookalike", "confusables.txt"),
    ("freemail", "free-email-domains.txt"),
    ("freemail", "families.txt"),
)
#: The modules whose code derives it.
CODE = (
    "inspector.lookalike.reference",
    "inspector.lookalike.reference_cache",
    "inspector.lookalike.hosts",
    "inspector.lookalike.skeleton",
    "inspector.lookalike.words",
    "inspector.orgdomain",
    "inspector.dns.names",
)


def entry_key(protected: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, str]:
    """(entry name, key) of the Reference for these settings."""
    import publicsuffixlist

    settings = json.dumps([list(protected), list(own)], ensure_ascii=False)
    name = PREFIX + hashlib.sha256(settings.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    parts: list[bytes | str] = [b"lookalike-reference", settings]
    parts += [disk_cache.file_bytes(resource_path(*p)) for p in INPUTS]
    parts += [publicsuffixlist.__version__, disk_cache.file_bytes(publicsuffixlist.PSLFILE)]
    parts += [f"idna {idna.__version__} unicode {unicodedata.unidata_version}", disk_cache.code_bytes(*CODE)]
    return name, disk_cache.fingerprint(parts)


def cached_reference(protected: tuple[str, ...], own: tuple[str, ...], build: Any) -> Reference:
    """`build(protected, own)`, or the same Reference read back from the cache folder."""
    name, key = entry_key(protected, own)
    ref: Reference = disk_cache.cached(name, key, lambda: build(protected, own), encode, decode)
    if disk_cache.enabled():
        disk_cache.prune(PREFIX, KEEP)
    return ref


# How each annotated field type is written (JSON) and read back; ids are positions in the entry's brand and
# target tables. A field of a type not listed here makes `encode` raise: that Reference is then not cached
# (built every time) and tests/unit/test_disk_cache.py fails until this table knows the type.
_Out = Any


class _Writer:
    """Writes one Reference's fields by their annotated types, brands and targets once each."""

    def __init__(self) -> None:
        self.brand_rows: list[Any] = []
        self.target_rows: list[Any] = []
        self._brand_ids: dict[int, int] = {}
        self._target_ids: dict[int, int] = {}

    # -- writing
    def put_brand(self, b: Brand) -> int:
        i = self._brand_ids.get(id(b))
        if i is None:
            i = self._brand_ids[id(b)] = len(self.brand_rows)
            self.brand_rows.append(None)
            self.brand_rows[i] = self.put_fields(b)
        return i

    def put_target(self, t: Target) -> int:
        i = self._target_ids.get(id(t))
        if i is None:
            i = self._target_ids[id(t)] = len(self.target_rows)
            self.target_rows.append(None)
            self.target_rows[i] = self.put_fields(t)
        return i

    def put_fields(self, obj: Any) -> list[_Out]:
        return [self.put(f.type, getattr(obj, f.name)) for f in dataclasses.fields(obj)]

    def put(self, kind: object, v: Any) -> _Out:
        if kind in ("str", "bool", "int", "dict[str, int]"):
            return v
        if kind in ("frozenset[str]", "tuple[str, ...]"):
            return list(v)
        if kind == "Brand | None":
            return None if v is None else self.put_brand(v)
        if kind == "tuple[Brand, ...]":
            return [self.put_brand(b) for b in v]
        if kind == "tuple[Target, ...]":
            return [self.put_target(t) for t in v]
        if kind == "tuple[tuple[Target, ...], ...]":
            return [[self.put_target(t) for t in ts] for ts in v]
        if kind == "dict[str, tuple[Target, ...]]":
            return {k: [self.put_target(t) for t in ts] for k, ts in v.items()}
        if kind == "dict[str, tuple[Brand, ...]]":
            return {k: [self.put_brand(b) for b in bs] for k, bs in v.items()}
        raise TypeError(f"no cache encoding for a field of type {kind}")


def _readers(brands: list[Brand], targets: list[Target]) -> dict[str, Any]:
    """How each field type is read back, with brand and target positions resolved in these tables."""
    return {
        "str": None,
        "bool": None,
        "int": None,
        "dict[str, int]": dict,
        "frozenset[str]": frozenset,
        "tuple[str, ...]": tuple,
        "Brand | None": lambda v: None if v is None else brands[v],
        "tuple[Brand, ...]": lambda v: tuple([brands[i] for i in v]),
        "tuple[Target, ...]": lambda v: tuple([targets[i] for i in v]),
        "tuple[tuple[Target, ...], ...]": lambda v: tuple([tuple([targets[i] for i in ts]) for ts in v]),
        "dict[str, tuple[Target, ...]]": lambda v: {k: tuple([targets[i] for i in ts]) for k, ts in v.items()},
        "dict[str, tuple[Brand, ...]]": lambda v: {k: tuple([brands[i] for i in bs]) for k, bs in v.items()},
    }


def _rows(cls: Any, rows: Any, readers: dict[str, Any]) -> list[Any]:
    """Instances of dataclass `cls` from rows of its fields (in declaration order)."""
    fields = dataclasses.fields(cls)
    convert = [readers[str(f.type)] for f in fields]  # KeyError: a type this reader does not know
    n = len(fields)
    out = []
    for row in rows:
        if type(row) is not list or len(row) != n:
            raise ValueError(f"the cached {cls.__name__} does not have the fields of this version")
        out.append(cls(*[v if c is None else c(v) for c, v in zip(convert, row, strict=True)]))
    return out


def _layout() -> list[list[str]]:
    """Each cached class's field names and types: an entry written with another layout is not read."""
    return [[f"{f.name}:{f.type}" for f in dataclasses.fields(c)] for c in (Reference, Brand, Target)]


def encode(ref: Reference) -> object:
    """The JSON form of `ref`."""
    codec = _Writer()
    top = codec.put_fields(ref)
    return {"layout": _layout(), "brands": codec.brand_rows, "targets": codec.target_rows, "reference": top}


def decode(payload: object) -> Reference:
    """The Reference from its JSON form; raises (KeyError, ValueError, TypeError …) for anything unexpected."""
    if not isinstance(payload, dict) or payload.get("layout") != _layout():
        raise ValueError("the cached reference has another layout")
    brands: list[Brand] = []
    targets: list[Target] = []
    readers = _readers(brands, targets)
    brands += _rows(Brand, payload["brands"], readers)  # brands hold no brand or target
    targets += _rows(Target, payload["targets"], readers)  # targets hold brands only
    (ref,) = _rows(Reference, [payload["reference"]], readers)
    if not isinstance(ref, Reference):
        raise TypeError("not a reference")
    return ref
