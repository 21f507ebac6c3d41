"""A small federation keeping open books: a steelworks, a coal pit, a bakery and a
consumers' council that proposes demand for bread."""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.books import Quantity, Target
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.add_product import AddProduct, add_product
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target

from .federation import Clock, Federation

VOTING_DAYS = 7


@dataclass(frozen=True)
class Books:
    """Ana keeps the steelworks' books (with Boris), Vera the pit's, Pavel the bakery's;
    Olga founded the consumers' council; Lev belongs to no workplace council."""

    ana: Member
    boris: Member
    vera: Member
    pavel: Member
    olga: Member
    lev: Member
    steelworks: Council
    pit: Council
    bakery: Council
    consumers: Council


def build_books(federation: Federation) -> Books:
    ana, boris, vera, pavel, olga, lev = (
        federation.register(name) for name in ("Ana", "Boris", "Vera", "Pavel", "Olga", "Lev")
    )
    steelworks = federation.found_base(ana, "steelworks", "Lenin Steelworks")
    federation.admit(ana, steelworks, boris)
    pit = federation.found_base(vera, "pit", "Donbas Pit 4")
    bakery = federation.found_base(pavel, "bakery", "Bakery No. 1")
    consumers = federation.found_base(
        olga,
        "consumers",
        "Bread Consumers' Council",
        charter={"proposes_demand": ["consumption"], "agenda_period_days": 0},
    )
    for council, keeper, code, name, unit in [
        (steelworks, ana, "steel", "Steel", "t"),
        (pit, vera, "coal", "Coal", "t"),
        (bakery, pavel, "bread", "Bread", "kg"),
    ]:
        request = AddProduct(council.slug, code, name, unit)
        federation.act(lambda store, r=request, k=keeper: add_product(store, r, actor=k))
    return Books(ana, boris, vera, pavel, olga, lev, steelworks, pit, bakery, consumers)


def recording(
    council: Council,
    code: str,
    product: str,
    unit: str,
    *,
    labour: float,
    capacity: float,
    inputs: tuple[tuple[str, float, str], ...] = (),
) -> RecordProcess:
    return RecordProcess(
        council=council.slug,
        code=code,
        product=product,
        unit=unit,
        labour=labour,
        capacity=capacity,
        inputs=tuple(Quantity(*item) for item in inputs),
    )


def record_processes(federation: Federation, books: Books) -> None:
    """The three workplaces' processes: steel from coal, coal with a little steel, bread
    with a little of both."""
    for actor, request in [
        (
            books.ana,
            recording(
                books.steelworks,
                "blast",
                "steel",
                "t",
                labour=2,
                capacity=100,
                inputs=(("coal", 0.5, "t"),),
            ),
        ),
        (
            books.vera,
            recording(
                books.pit,
                "shaft",
                "coal",
                "t",
                labour=1,
                capacity=1000,
                inputs=(("steel", 0.05, "t"),),
            ),
        ),
        (
            books.pavel,
            recording(
                books.bakery,
                "oven",
                "bread",
                "kg",
                labour=0.2,
                capacity=50000,
                inputs=(("coal", 0.01, "t"), ("steel", 0.001, "t")),
            ),
        ),
    ]:
        federation.act(lambda store, r=request, a=actor: record_process(store, r, actor=a))


def adopt_demand(
    federation: Federation, clock: Clock, books: Books, period: str, bread: float
) -> int:
    """The consumers' council proposes and votes a bread target; the motion's id."""
    request = SetDemandTarget(
        council=books.consumers.slug,
        period=period,
        targets=(Target("bread", bread, "kg", "consumption"),),
    )
    motion = federation.act(lambda store: set_demand_target(store, request, actor=books.olga))
    [vote] = federation.act(lambda store: open_vote(store, OpenVote(motion.id), actor=books.olga))
    federation.act(lambda store: cast_vote(store, CastVote(vote.id, "yes"), actor=books.olga))
    clock.advance(days=VOTING_DAYS)
    federation.act(lambda store: close_vote(store, CloseVote(vote.id), actor=books.olga))
    return motion.id
