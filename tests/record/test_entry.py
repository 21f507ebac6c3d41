"""An entry's body is the same canonical text whether its payload was encoded in advance."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sovet.record.entry import Encoded, Entry, canonical

KEYS = st.text(max_size=6)
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)
OBJECTS = st.dictionaries(KEYS, VALUES, max_size=5)


def plain(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@given(OBJECTS, OBJECTS, KEYS, st.booleans())
def test_an_encoded_object_splices_in_the_text_it_would_have_had(
    outer: dict[str, Any], inner: dict[str, Any], key: str, nested: bool
) -> None:
    payload = {**outer, key: Encoded(inner)}
    if nested:
        payload = {"payload": payload, "ß": [1, "ü"]}
    assert canonical(payload) == plain(payload)


def test_a_round_entry_hashes_alike_with_its_balance_encoded_in_advance() -> None:
    balance = {"products": [{"code": "brød", "price": 0.1}], "scale": 1.25, "ärger": None}
    fields: dict[str, Any] = {
        "position": 7,
        "time": "2028-01-01T00:00:00Z",
        "kind": "plan.round_published",
        "version": 1,
        "actor": 3,
        "under": "membership:1",
    }
    encoded = Entry(**fields, payload={"round": 1, "balance": Encoded(balance)})
    fresh = Entry(**fields, payload={"round": 1, "balance": balance})
    assert encoded.body() == fresh.body()
    assert encoded.leaf_hash() == fresh.leaf_hash()
    assert Entry.from_body(encoded.body()) == fresh


def test_an_encoded_object_reads_like_the_object_it_was_made_from() -> None:
    made = Encoded({"scale": 2.0, "balanced": True})
    assert made["scale"] == 2.0 and made == {"scale": 2.0, "balanced": True}
    assert made.text == '{"balanced":true,"scale":2.0}'
