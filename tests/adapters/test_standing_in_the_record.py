"""Every act is recorded under a standing of the record's own forms, so that every page
that shows the record says it in words: the record refuses any other."""

from __future__ import annotations

import pytest

from sovet.bootstrap import Sovet
from sovet.services.register_member import RegisterMember, register_member


def test_the_record_refuses_an_act_under_a_standing_of_no_known_form(sovet: Sovet) -> None:
    with sovet.db.transaction() as store:
        member = register_member(
            store, RegisterMember("Ana Lima", "ana@example.org", "a long enough passphrase")
        )
    size = sum(1 for _ in sovet.db.bodies())
    with (
        pytest.raises(ValueError, match=r"'instance' is no standing an act is done under"),
        sovet.db.transaction() as store,
    ):
        store.append(
            "faction.formed", {"name": "Left", "platform": ""}, actor=member.id, under="instance"
        )
    assert sum(1 for _ in sovet.db.bodies()) == size
    with sovet.db.transaction() as store:
        store.append(
            "faction.formed", {"name": "Left", "platform": ""}, actor=member.id, under="self"
        )
    assert sum(1 for _ in sovet.db.bodies()) == size + 1
