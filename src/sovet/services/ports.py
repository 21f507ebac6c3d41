"""What the use cases need from storage, as a Protocol.

Use cases read state and append entries through a ``Store`` opened by ``Storage``;
the SQL adapter implements both, and the composition root (``bootstrap``) wires it.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, Protocol

from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Account, Member
from sovet.record.entry import Entry


class Store(Protocol):
    """One transaction's view of state, and the only way to change it."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...

    def append(self, kind: str, payload: dict[str, Any], *, actor: int | None, under: str) -> Entry:
        """Append an entry to the record and apply it to the projections."""

    def next_position(self) -> int: ...

    def member(self, member_id: int) -> Member | None: ...

    def council(self, council_id: int) -> Council | None: ...

    def council_by_slug(self, slug: str) -> Council | None: ...

    def council_name_taken(self, name: str) -> bool: ...

    def is_member(self, council_id: int, member_id: int) -> bool: ...

    def members_of(self, council_id: int) -> list[int]:
        """The ids of a base council's members, oldest first."""

    def constituents(self) -> dict[int, Set[int]]:
        """Every delegate council's constituent councils."""

    def seats_of(self, council_id: int, constituency_id: int) -> int:
        """How many seats ``constituency_id`` fills in ``council_id`` (0 if none)."""

    def mandates_of_member(self, member_id: int) -> list[Mandate]: ...

    def mandates_in(self, council_id: int) -> list[Mandate]: ...

    def account_by_email(self, email: str) -> Account | None: ...

    def account(self, member_id: int) -> Account | None: ...

    def save_account(
        self,
        *,
        member_id: int,
        email: str,
        contact: str | None,
        password_hash: str | None,
        invitation_hash: bytes | None,
    ) -> None: ...

    def set_password(self, member_id: int, password_hash: str) -> None: ...

    def invitation_hash(self, member_id: int) -> bytes | None: ...

    def save_session(self, *, token_hash: bytes, member_id: int, kind: str) -> None: ...

    def session_member(self, token_hash: bytes) -> int | None: ...

    def drop_session(self, token_hash: bytes) -> None: ...


class Storage(Protocol):
    def transaction(self) -> AbstractContextManager[Store]:
        """A write transaction: all its entries and changes commit together, or none."""

    def reading(self) -> AbstractContextManager[Store]:
        """A read-only view that takes no write lock."""

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]: ...
