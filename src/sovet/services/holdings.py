"""What a member holds: every seat and office, for the cap on concurrent mandates."""

from __future__ import annotations

from sovet.domain.mandates import Mandate
from sovet.services.ports import Store


def held_by(store: Store, member_id: int) -> list[Mandate]:
    """Every mandate the member has held, seats and offices together, ended or not."""
    return [*store.mandates_of_member(member_id), *store.offices_of_member(member_id)]
