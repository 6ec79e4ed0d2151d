"""Several messages go to a worker as one task (`CHUNK_ITEMS`), never beyond the window or `CHUNK_BYTES`, in
input order, and a pooled run still gives every message its own outcome in input order."""

from __future__ import annotations

from inspector.batch import run
from inspector.batch.readers import Item, Origin
from inspector.batch.run import CHUNK_BYTES, CHUNK_ITEMS, BatchJob, DnsChoice, run_items
from tests.support.corpora import phishing_messages


def _items(n: int, size: int = 10) -> list[Item]:
    return [Item(Origin(f"m{i}"), data=b"x" * size) for i in range(n)]


def test_chunks_keep_order_and_respect_the_item_bound() -> None:
    items = _items(CHUNK_ITEMS * 3 + 1)
    chunks = list(run._chunks(iter(items), lambda: 1000))
    assert [i for c in chunks for i in c] == items
    assert [len(c) for c in chunks] == [CHUNK_ITEMS] * 3 + [1]


def test_chunks_never_exceed_the_room_left_in_the_window() -> None:
    chunks = list(run._chunks(iter(_items(5)), lambda: 2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    # No room at all still sends one message (the caller asks only when it has room).
    assert [len(c) for c in run._chunks(iter(_items(2)), lambda: 0)] == [1, 1]


def test_a_chunk_closes_once_it_holds_chunk_bytes() -> None:
    big = _items(3, size=CHUNK_BYTES)
    assert [len(c) for c in run._chunks(iter(big), lambda: 1000)] == [1, 1, 1]


def test_pooled_outcomes_come_back_one_per_message_in_input_order() -> None:
    paths = phishing_messages()[: CHUNK_ITEMS * 2 + 3]
    items = [Item(Origin(str(p)), data=p.read_bytes()) for p in paths]
    results = list(run_items(items, BatchJob(dns=DnsChoice(offline=True), report_json=False), jobs=2))
    assert [[o.origin for o in outcomes] for outcomes in results] == [[i.origin] for i in items]
    assert all(o.summary is not None for outcomes in results for o in outcomes)
