"""One act in the public record, and its canonical bytes.

An entry's body is canonical JSON (sorted keys, no spaces, UTF-8) of its fields; the
Merkle leaf is the hash of exactly those bytes (RFC 9162 section 2.1.1). The body names
its own format, and each payload carries the version of its kind, so old entries stay
readable when a format grows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sovet.record.merkle import leaf_hash

FORMAT = "sovet-entry/v1"
FIELDS = ("format", "position", "time", "kind", "version", "actor", "under", "payload")


@dataclass(frozen=True)
class Entry:
    """An act: who (``actor``, a member id) acting under what (``under``), what, when.

    ``under`` names the standing the act needs: ``self`` (a person acting for
    themselves, as in registering), ``membership:<council>``, ``mandate:<mandate>`` or
    ``office:<office>`` (``record.standing``).
    """

    position: int
    time: str
    kind: str
    version: int
    actor: int | None
    under: str
    payload: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "position": self.position,
            "time": self.time,
            "kind": self.kind,
            "version": self.version,
            "actor": self.actor,
            "under": self.under,
            "payload": self.payload,
        }

    def body(self) -> str:
        return canonical(self.to_json())

    def leaf_hash(self) -> bytes:
        return leaf_hash(self.body().encode())

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """Read an entry from a parsed body, raising ValueError naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("an entry must be a JSON object")
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown entry format {data.get('format')!r}")
        if set(data) != set(FIELDS):
            raise ValueError(f"entry fields {sorted(data)} are not {sorted(FIELDS)}")
        checks = (
            ("position", int),
            ("time", str),
            ("kind", str),
            ("version", int),
            ("under", str),
            ("payload", dict),
        )
        for name, kind in checks:
            if not isinstance(data[name], kind) or isinstance(data[name], bool):
                raise ValueError(f"entry field {name!r} has the wrong type")
        if data["actor"] is not None and not isinstance(data["actor"], int):
            raise ValueError("entry field 'actor' has the wrong type")
        return cls(
            position=data["position"],
            time=data["time"],
            kind=data["kind"],
            version=data["version"],
            actor=data["actor"],
            under=data["under"],
            payload=data["payload"],
        )

    @classmethod
    def from_body(cls, body: str) -> Entry:
        return cls.from_json(json.loads(body))


def canonical(value: Any) -> str:
    """The one JSON text of a value that every verifier hashes alike.

    An :class:`Encoded` object inside it is not encoded again: its text is spliced in,
    which gives the same text, since each object's canonical text does not depend on
    where it stands.
    """
    if isinstance(value, Encoded):
        return value.text
    if isinstance(value, dict) and _carries_encoded(value):
        members = (f"{_encode(key)}:{canonical(value[key])}" for key in sorted(value))
        return "{" + ",".join(members) + "}"
    return _encode(value)


class Encoded(dict[str, Any]):
    """A JSON object with its canonical text, taken once when it is made.

    An act whose payload carries a large value (a planning round's balance) encodes it
    before its write transaction opens, so that the entry's body is not encoded while
    every other act waits. It is read like the object it was made from, and must not be
    changed after.
    """

    __slots__ = ("text",)

    def __init__(self, value: dict[str, Any]) -> None:
        super().__init__(value)
        self.text = _encode(value)


def _carries_encoded(value: dict[str, Any]) -> bool:
    return any(
        isinstance(item, Encoded) or (isinstance(item, dict) and _carries_encoded(item))
        for item in value.values()
    )


def _encode(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
