"""Workers found the base council of their workplace; the founder is its first member."""

from __future__ import annotations

from typing import Any

import pytest

from sovet.domain.charter import BASE_DEFAULT, Charter
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.members import Member
from sovet.services.authority import OPERATOR
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council

from .federation import Federation


def founding(
    *,
    slug: str = "tractor-works",
    name: str = "Tractor Works",
    workplace: str = "Plant 1, Brașov",
    charter: dict[str, Any] | None = None,
) -> FoundBaseCouncil:
    return FoundBaseCouncil(slug=slug, name=name, workplace=workplace, charter=charter or {})


def test_the_founder_becomes_the_first_member_of_the_new_council(federation: Federation) -> None:
    ana = federation.register("Ana")
    council = federation.act(lambda store: found_base_council(store, founding(), actor=ana))
    assert (council.slug, council.name, council.kind) == ("tractor-works", "Tractor Works", "base")
    assert council.workplace == "Plant 1, Brașov"
    assert council.charter == BASE_DEFAULT
    assert federation.is_member(council, ana)
    with federation.sovet.db.reading() as store:
        assert store.council_by_slug("tractor-works") == council
        assert store.council(council.id) == council


def test_founding_writes_the_council_and_the_founders_admission_acting_for_themselves(
    federation: Federation,
) -> None:
    ana = federation.register("Ana")
    size = federation.record_size()
    council = federation.act(lambda store: found_base_council(store, founding(), actor=ana))
    founded, admitted = federation.entries(size)
    assert council.id == founded.position
    assert (founded.kind, founded.actor, founded.under) == ("council.founded", ana.id, "self")
    assert founded.payload == {
        "slug": "tractor-works",
        "name": "Tractor Works",
        "kind": "base",
        "workplace": "Plant 1, Brașov",
        "charter": BASE_DEFAULT.to_json(),
    }
    assert (admitted.kind, admitted.actor, admitted.under) == ("member.admitted", ana.id, "self")
    assert admitted.payload == {"council": council.id, "member": ana.id}


def test_the_charter_given_at_founding_is_the_councils(federation: Federation) -> None:
    ana = federation.register("Ana")
    rules = {"quorum": 0.6, "threshold": "consent", "delegates_upward": ["pay_scales"]}
    council = federation.act(
        lambda store: found_base_council(store, founding(charter=rules), actor=ana)
    )
    expected = Charter(quorum=0.6, threshold="consent", delegates_upward=("pay_scales",))
    assert council.charter == expected
    with federation.sovet.db.reading() as store:
        stored = store.council(council.id)
    assert stored is not None
    assert stored.charter == expected


def test_names_are_trimmed_before_they_are_stored(federation: Federation) -> None:
    ana = federation.register("Ana")
    request = founding(name="  Tractor \n Works ", workplace=" Plant 1 ")
    council = federation.act(lambda store: found_base_council(store, request, actor=ana))
    assert (council.name, council.workplace) == ("Tractor Works", "Plant 1")


def test_a_slug_already_taken_is_refused(federation: Federation) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.refused(
        Conflict,
        lambda store: found_base_council(store, founding(name="Other Works"), actor=boris),
        "slug: a council 'tractor-works' already exists",
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Tractor Works", "tractor works"),
        ("Tractor Works", "  TRACTOR   WORKS "),
        ("Łódź Ironworks", "łódź ironworks"),
        ("Завод Красный Путиловец", "завод красный путиловец"),
    ],
)
def test_a_name_already_taken_is_refused_whatever_its_case(
    federation: Federation, first: str, second: str
) -> None:
    ana, boris = federation.register("Ana"), federation.register("Boris")
    federation.found_base(ana, "first", first)
    federation.refused(
        Conflict,
        lambda store: found_base_council(store, founding(slug="second", name=second), actor=boris),
        "name: a council named",
        "already exists",
    )


@pytest.mark.parametrize(
    ("charter", "naming"),
    [
        ({"quorum": 2}, "charter: the quorum must be a number between 0 and 1"),
        ({"chair_for_life": True}, "charter: unknown field 'chair_for_life'"),
        ({"faction_rights": False}, "'faction_rights' is an entrenched rule"),
        ({"delegates_upward": ["books"]}, "books cannot be both decided and delegated upward"),
        (
            {"recall_petition_threshold": 1.0},
            "charter: the signatures that open a recall vote (recall_petition_threshold) must be "
            "above 0 and at most 0.5, not 1.0",
        ),
    ],
)
def test_a_bad_charter_is_refused_naming_the_field(
    federation: Federation, charter: dict[str, Any], naming: str
) -> None:
    ana = federation.register("Ana")
    federation.refused(
        Invalid,
        lambda store: found_base_council(store, founding(charter=charter), actor=ana),
        naming,
    )


@pytest.mark.parametrize(
    ("request_", "naming"),
    [
        (founding(slug="Tractor Works"), "slug: 'Tractor Works' is not a short code"),
        (founding(name=""), "name: must not be empty"),
        (founding(workplace="x" * 121), "workplace: at most 120 characters"),
    ],
    ids=["slug", "name", "workplace"],
)
def test_a_malformed_slug_name_or_workplace_is_refused(
    federation: Federation, request_: FoundBaseCouncil, naming: str
) -> None:
    ana = federation.register("Ana")
    federation.refused(
        Invalid, lambda store: found_base_council(store, request_, actor=ana), naming
    )


def test_the_operator_cannot_found_a_council(federation: Federation) -> None:
    federation.refused(
        Forbidden,
        lambda store: found_base_council(store, founding(), actor=OPERATOR),
        "the operator has no governance powers",
    )


def test_someone_who_is_not_a_registered_member_cannot_found_a_council(
    federation: Federation,
) -> None:
    ghost = Member(id=404, name="Ghost")
    federation.refused(
        Forbidden,
        lambda store: found_base_council(store, founding(), actor=ghost),
        "member 404 is not registered",
    )
