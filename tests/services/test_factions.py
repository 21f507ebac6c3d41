"""Factions: formed, joined, left and published freely; no motion at any level can ban
one, silence a platform, or expel a member for belonging to one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sovet.adapters.queries import open_queries
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.factions import Faction
from sovet.domain.members import Member
from sovet.services.authority import OPERATOR, Actor
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.join_faction import JoinFaction, join_faction
from sovet.services.leave_faction import LeaveFaction, leave_faction
from sovet.services.ports import Store
from sovet.services.publish_statement import PublishStatement, publish_statement

from .deliberation import Steps, Works, build_works
from .federation import Federation, Region, build_region

PLATFORM = "Power to the councils: **all** officials elected and recallable."


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def forming(
    actor: Actor, name: Any = "Workers' Opposition", platform: Any = PLATFORM
) -> Callable[[Store], Faction]:
    return lambda store: form_faction(store, FormFaction(name, platform), actor=actor)


def joining(member: Member, faction: Faction | int) -> Callable[[Store], Faction]:
    faction_id = faction if isinstance(faction, int) else faction.id
    return lambda store: join_faction(store, JoinFaction(faction_id), actor=member)


def leaving(member: Member, faction: Faction) -> Callable[[Store], Faction]:
    return lambda store: leave_faction(store, LeaveFaction(faction.id), actor=member)


def publishing(
    member: Member, faction: Faction, text: str, motion: int | None = None
) -> Callable[[Store], int]:
    request = PublishStatement(faction.id, text, motion=motion)
    return lambda store: publish_statement(store, request, actor=member)


def members_of(federation: Federation, faction: Faction) -> list[str]:
    with open_queries(federation.sovet.db) as queries:
        view = queries.faction_view(faction.id)
    assert view is not None
    return [m.name for m in view.members]


def test_a_member_forms_a_faction_joins_leaves_and_rejoins_for_themselves(
    works: Works, federation: Federation
) -> None:
    size = federation.record_size()
    faction = federation.act(forming(works.gleb))
    federation.act(joining(works.dasha, faction))
    assert members_of(federation, faction) == ["Dasha", "Gleb"]
    federation.act(leaving(works.dasha, faction))
    assert members_of(federation, faction) == ["Gleb"]
    federation.act(joining(works.dasha, faction))
    entries = federation.entries(size)
    assert [(e.kind, e.actor, e.under) for e in entries] == [
        ("faction.formed", works.gleb.id, "self"),
        ("faction.joined", works.dasha.id, "self"),
        ("faction.left", works.dasha.id, "self"),
        ("faction.joined", works.dasha.id, "self"),
    ]
    assert entries[0].payload == {"name": "Workers' Opposition", "platform": PLATFORM}


def test_faction_acts_are_refused_when_they_make_no_sense(
    works: Works, federation: Federation
) -> None:
    faction = federation.act(forming(works.gleb))
    federation.refused(Conflict, forming(works.ana, "workers' opposition"), "a faction named")
    federation.refused(Conflict, joining(works.gleb, faction), "Gleb already belongs to")
    federation.refused(Conflict, leaving(works.ana, faction), "Ana does not belong to")
    federation.refused(NotFound, joining(works.ana, 4242), "there is no faction 4242")
    federation.refused(Invalid, forming(works.ana, "Left", ""), "platform: must not be empty")
    federation.refused(
        Forbidden, forming(OPERATOR, "Operators"), "the operator has no governance powers"
    )


def test_a_faction_publishes_statements_that_appear_beside_the_motion_they_concern(
    works: Works, steps: Steps, federation: Federation
) -> None:
    faction = federation.act(forming(works.gleb))
    motion = steps.file(works.ana, works.council)
    statement = federation.act(publishing(works.gleb, faction, "We back it.", motion.id))
    federation.act(publishing(works.gleb, faction, "Our general line."))
    [beside] = steps.view(motion).statements
    assert (beside.id, beside.faction.name, beside.author.name, beside.text) == (
        statement,
        "Workers' Opposition",
        "Gleb",
        "We back it.",
    )
    with open_queries(federation.sovet.db) as queries:
        view = queries.faction_view(faction.id)
    assert view is not None
    assert [s.text for s in view.statements] == ["We back it.", "Our general line."]
    federation.refused(
        Forbidden,
        publishing(works.ana, faction, "In their name."),
        "Ana does not belong to Workers' Opposition",
    )


@pytest.mark.parametrize(
    ("effect", "words"),
    [
        ({"kind": "ban_faction", "faction": 7}, "it would ban faction 7"),
        ({"kind": "silence_platform", "faction": 7}, "it would silence the platform of faction 7"),
        (
            {"kind": "expel_member", "member": "GLEB", "grounds": "faction_membership"},
            "for belonging to a faction",
        ),
    ],
)
def test_a_motion_against_faction_rights_is_refused_in_a_base_council_citing_the_rule(
    works: Works, steps: Steps, federation: Federation, effect: dict[str, Any], words: str
) -> None:
    effect = {k: works.gleb.id if v == "GLEB" else v for k, v in effect.items()}
    federation.refused(
        Forbidden,
        steps.filing(works.ana, works.council, effects=[effect]),
        "no council can decide this motion",
        words,
        BY_KEY["faction_rights"].text,
    )


def test_a_motion_banning_a_faction_is_refused_in_a_delegate_council_too(
    federation: Federation, steps: Steps
) -> None:
    region: Region = build_region(federation)
    federation.elect(region.regional, region.works, region.boris)
    faction = federation.act(forming(region.vera))
    federation.refused(
        Forbidden,
        steps.filing(
            region.boris,
            region.regional,
            matter="coordination",
            effects=[{"kind": "ban_faction", "faction": faction.id}],
        ),
        BY_KEY["faction_rights"].text,
    )


def test_expelling_a_member_for_their_conduct_is_a_vote_about_a_person_not_a_faction_ban(
    works: Works, steps: Steps, federation: Federation
) -> None:
    effects = [{"kind": "expel_member", "member": works.gleb.id, "grounds": "conduct"}]
    motion = steps.scheduled(
        works, title="Expel Gleb for theft", matter="membership", effects=effects
    )
    assert steps.to_the_vote(works.ana, motion).secret
