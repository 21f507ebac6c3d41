"""A small federation seeded through the use cases, as members would found it.

Three base councils (a bakery, a tram depot, a textile works) seat delegates in a city
council; the bakery also seats one in the food workers' union council; the city council
and the union seat delegates in the congress. Every seat filled is filled by its
constituency's election, on the seed's clock, which its weeks move on; the textile works
has not elected its delegate yet, nor the union. Elena is registered but in no council.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conftest import Clock, delegates_elected_on
from sovet.bootstrap import Sovet
from sovet.domain.members import Member
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.ports import Store
from sovet.services.register_member import RegisterMember, register_member

PASSWORD = "councils-1917"
PEOPLE = {
    "anna": "Anna Petrova",
    "boris": "Boris Kuznetsov",
    "clara": "Clara Weiss",
    "dmitri": "Dmitri Orlov",
    "elena": "Elena Sorokina",
}
COUNCILS = ("bakery", "tram-depot", "textile", "city", "food-union", "congress")


@dataclass(frozen=True)
class Federation:
    members: dict[str, Member]
    clock: Clock
    """The clock the instance was seeded on, which its elections' weeks moved on."""

    @staticmethod
    def email(who: str) -> str:
        return f"{who}@example.org"


def seed(sovet: Sovet, clock: Clock) -> Federation:
    elect = delegates_elected_on(clock)

    def act(do: Callable[[Store], object]) -> None:
        with sovet.db.transaction() as store:
            do(store)

    members: dict[str, Member] = {}
    for who, name in PEOPLE.items():
        with sovet.db.transaction() as store:
            members[who] = register_member(
                store, RegisterMember(name=name, email=Federation.email(who), password=PASSWORD)
            )
    anna, boris, clara, dmitri = (members[w] for w in ("anna", "boris", "clara", "dmitri"))
    for slug, name, workplace, founder in (
        ("bakery", "Mill Street Bakery", "Bakery, 4 Mill Street", anna),
        ("tram-depot", "North Tram Depot", "Tram depot, Harbour Road", clara),
        ("textile", "Red Thread Textile Works", "Textile mill, Canal Side", dmitri),
    ):
        request = FoundBaseCouncil(slug=slug, name=name, workplace=workplace)
        act(lambda store, r=request, f=founder: found_base_council(store, r, actor=f))
    act(lambda store: admit_member(store, AdmitMember("bakery", boris.id), actor=anna))
    act(
        lambda store: found_delegate_council(
            store,
            FoundDelegateCouncil(
                slug="city", name="City Workers' Council", constituent="bakery", seats=2
            ),
            actor=anna,
        )
    )
    act(
        lambda store: join_delegate_council(
            store, JoinDelegateCouncil("city", "tram-depot", 1), actor=clara
        )
    )
    act(
        lambda store: join_delegate_council(
            store, JoinDelegateCouncil("city", "textile", 1), actor=dmitri
        )
    )
    act(
        lambda store: found_delegate_council(
            store,
            FoundDelegateCouncil(
                slug="food-union", name="Food Workers' Union Council", constituent="bakery"
            ),
            actor=boris,
        )
    )
    for council, constituency, delegates, electors in (
        ("city", "bakery", (anna, boris), (anna, boris)),
        ("city", "tram-depot", (clara,), (clara,)),
        ("food-union", "bakery", (boris,), (boris, anna)),
    ):
        elect(sovet, council, constituency, list(delegates), electors)
    act(
        lambda store: found_delegate_council(
            store,
            FoundDelegateCouncil(slug="congress", name="Congress of Councils", constituent="city"),
            actor=anna,
        )
    )
    act(
        lambda store: join_delegate_council(
            store, JoinDelegateCouncil("congress", "food-union", 1), actor=boris
        )
    )
    elect(sovet, "congress", "city", [anna], [anna, clara])
    return Federation(members=members, clock=clock)
