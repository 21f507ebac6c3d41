"""A planning period end to end, on each backend: the call, proposals, targets, rounds
until the plan balances, adoption by vote, each workplace accepting its part by its own
vote, fulfilment from the books, and a replay of the record giving the same state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sovet.services.publish_round as publishing
from sovet.domain.books import Process, Quantity
from sovet.domain.planning import Round
from sovet.planning import PlanRay
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import (
    ComputedRound,
    PublishRound,
    compute_round,
    publish_next_round,
    publish_round,
    round_inputs,
)
from sovet.services.read_plan import read_period
from sovet.services.record_output import RecordOutput, record_output

from .federation import Clock, Federation
from .open_books import adopt_demand
from .planning import (
    AGENDA_DAYS,
    Planning,
    answer_part,
    ask_for_bread,
    balance_and_adopt,
    build_planning,
    pass_motion,
)

BIGGER_OVEN = Process(
    code="oven",
    product="bread",
    unit="kg",
    labour=0.2,
    capacity=100_000,
    inputs=(Quantity("coal", 0.01, "t"), Quantity("steel", 0.001, "t")),
)
BIGGER_FURNACE = Process(
    code="blast",
    product="steel",
    unit="t",
    labour=2,
    capacity=300,
    inputs=(Quantity("coal", 0.5, "t"),),
)


def test_a_plan_is_drawn_up_in_rounds_adopted_accepted_by_each_workplace_and_fulfilled(
    federation: Federation, clock: Clock, tmp_path: Path
) -> None:
    plan = build_planning(federation, bread=80_000)
    books, period = plan.books, plan.period

    first = federation.act(
        lambda store: publish_round(store, PublishRound(period.id), actor=books.vera)
    )
    assert not first.balanced
    assert first.scale == pytest.approx(50_000 / 80_000)
    [bottleneck] = first.balance["bottlenecks"]
    assert bottleneck["process"] == "bakery/oven"
    assert bottleneck["shadow_price"] > 0
    bread = next(p for p in first.balance["products"] if p["product"] == "bread")
    assert bread["shortfall"] == pytest.approx(30_000)
    assert bread["labour_value"] > 0.2
    assert max(first.balance["accuracy"].values()) <= 1e-6

    counter = FilePlanProposal(period.id, "bakery", (BIGGER_OVEN,))
    federation.act(lambda store: file_plan_proposal(store, counter, actor=books.pavel))
    second = federation.act(
        lambda store: publish_round(store, PublishRound(period.id), actor=books.ana)
    )
    assert first.scale < second.scale < 1
    assert second.balance["bottlenecks"][0]["process"] == "steelworks/blast"
    more_steel = FilePlanProposal(period.id, "steelworks", (BIGGER_FURNACE,))
    federation.act(lambda store: file_plan_proposal(store, more_steel, actor=books.boris))
    third = federation.act(
        lambda store: publish_round(store, PublishRound(period.id), actor=books.ana)
    )
    assert third.balanced
    assert third.number == 3

    motion = federation.act(
        lambda store: propose_plan(store, ProposePlan(period.id), actor=books.ana)
    )
    pass_motion(federation, clock, motion.id, (books.ana, books.vera), wait=0)
    with federation.sovet.db.reading() as store:
        adopted = read_period(store, period.id)
    assert adopted.period.state == "adopted"
    assert adopted.period.adopted_round == 3
    assert [p.state for p in adopted.parts] == ["sent", "sent", "sent"]
    bakery_part = adopted.part_of(books.bakery.id)
    assert bakery_part is not None
    assert bakery_part.outputs == (Quantity("bread", pytest.approx(80_000), "kg"),)

    answers = [
        federation.act(
            lambda store, who=who, slug=slug: answer_plan_part(
                store, AnswerPart(period.id, slug, accept=True), actor=who
            )
        )
        for who, slug in [(books.ana, "steelworks"), (books.vera, "pit"), (books.pavel, "bakery")]
    ]
    for answered, who in zip(answers, (books.ana, books.vera, books.pavel), strict=True):
        pass_motion(federation, clock, answered.id, (who,), wait=AGENDA_DAYS)
    for month, quantity in [("2028-01", 30_000.0), ("2028-02", 20_000.0), ("2027-12", 9.0)]:
        made = RecordOutput("bakery", month, output=(Quantity("bread", quantity, "kg"),))
        federation.act(lambda store, r=made: record_output(store, r, actor=books.pavel))

    with federation.sovet.db.reading() as store:
        done = read_period(store, period.id)
    assert [p.state for p in done.parts] == ["accepted", "accepted", "accepted"]
    assert {p.motion_id for p in done.parts} == {a.id for a in answers}
    bakery_bread = next(r for r in done.fulfilment if r.council_id == books.bakery.id)
    assert (bakery_bread.target, bakery_bread.output) == (pytest.approx(80_000), 50_000)
    [total_bread] = [r for r in done.totals if r.product == "bread"]
    assert total_bread.output == 50_000
    assert [r.number for r in done.rounds] == [1, 2, 3]

    federation.replays_the_same(tmp_path)


def test_each_round_after_the_first_starts_the_engine_from_the_previous_rounds_plan(
    federation: Federation, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = build_planning(federation, bread=80_000)
    books, period = plan.books, plan.period
    starts: list[Any] = []
    solve = publishing.plan_ray

    def watched(*args: Any, **options: Any) -> PlanRay:
        starts.append(options.get("warm_start"))
        return solve(*args, **options)

    monkeypatch.setattr(publishing, "plan_ray", watched)
    rounds = []
    for revision in [None, FilePlanProposal(period.id, "bakery", (BIGGER_OVEN,))]:
        if revision is not None:
            federation.act(
                lambda store, r=revision: file_plan_proposal(store, r, actor=books.pavel)
            )
        rounds.append(
            federation.act(
                lambda store: publish_round(store, PublishRound(period.id), actor=books.vera)
            )
        )

    first = rounds[0].balance
    assert starts[0] is None
    carried = starts[1]
    assert carried.scale == pytest.approx(first["scale"])
    assert sorted(carried.levels) == pytest.approx(sorted(p["level"] for p in first["processes"]))
    assert sorted(carried.prices) == pytest.approx(sorted(p["price"] for p in first["products"]))
    assert rounds[1].scale > rounds[0].scale


def test_the_engine_computes_a_round_for_at_most_the_minutes_the_charter_allows(
    federation: Federation, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = build_planning(federation, bread=80_000)
    limits: list[float] = []
    solve = publishing.plan_ray

    def watched(*args: Any, **options: Any) -> PlanRay:
        limits.append(options["time_limit"])
        return solve(*args, **options)

    monkeypatch.setattr(publishing, "plan_ray", watched)
    request = PublishRound(plan.period.id)
    federation.act(lambda store: publish_round(store, request, actor=plan.books.vera))
    assert plan.joint.charter.planning_minutes == 5
    assert limits == [300.0]


def test_a_round_reports_each_stage_of_its_work_as_it_begins(federation: Federation) -> None:
    plan = build_planning(federation, bread=80_000)
    books, period = plan.books, plan.period
    stages: list[str] = []
    published = publish_next_round(
        federation.sovet.db, PublishRound(period.id), actor=books.vera, progress=stages.append
    )
    assert published.number == 1
    assert stages == [
        "reading the proposals and targets",
        "solving by the Leontief structure",
        "drawing up the balance",
        "publishing the balance",
    ]


def _published_after(
    federation: Federation, plan: Planning, change: Callable[[], object]
) -> tuple[ComputedRound, Round]:
    """Round 1 computed on the inputs as read, then published after ``change``."""
    request = PublishRound(plan.period.id)
    with federation.sovet.db.reading() as store:
        computed = compute_round(round_inputs(store, request, actor=plan.books.vera))
    change()
    published = federation.act(
        lambda store: publish_round(store, request, actor=plan.books.vera, computed=computed)
    )
    return computed, published


def test_a_round_whose_targets_changed_while_it_was_computed_is_computed_afresh(
    federation: Federation,
) -> None:
    plan = build_planning(federation, bread=80_000)
    computed, published = _published_after(
        federation, plan, lambda: ask_for_bread(federation, plan, 60_000)
    )
    assert computed.balance["scale"] == pytest.approx(50_000 / 80_000)
    assert published.scale == pytest.approx(50_000 / 60_000)


def test_a_round_whose_proposal_was_revised_while_it_was_computed_is_computed_afresh(
    federation: Federation,
) -> None:
    plan = build_planning(federation, bread=80_000)
    revised = FilePlanProposal(plan.period.id, "bakery", (BIGGER_OVEN,))
    computed, published = _published_after(
        federation,
        plan,
        lambda: federation.act(
            lambda store: file_plan_proposal(store, revised, actor=plan.books.pavel)
        ),
    )
    assert computed.balance["scale"] == pytest.approx(50_000 / 80_000)
    assert published.scale > computed.balance["scale"]
    [oven] = [p for p in published.balance["processes"] if p["process"] == "bakery/oven"]
    assert oven["capacity"] == BIGGER_OVEN.capacity


def test_a_computed_round_is_published_as_computed_while_its_inputs_stand(
    federation: Federation, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = build_planning(federation, bread=80_000)
    books, period = plan.books, plan.period
    with federation.sovet.db.reading() as store:
        computed = compute_round(round_inputs(store, PublishRound(period.id), actor=books.vera))

    def refused(*args: Any, **options: Any) -> PlanRay:
        raise AssertionError("the engine ran again on the same inputs")

    monkeypatch.setattr(publishing, "plan_ray", refused)
    published = federation.act(
        lambda store: publish_round(
            store, PublishRound(period.id), actor=books.vera, computed=computed
        )
    )
    assert published.balance == computed.balance
    assert published.number == 1


def test_a_workplace_returns_its_part_and_the_period_reopens_for_a_further_round(
    sqlite_federation: Federation, clock: Clock
) -> None:
    plan = build_planning(sqlite_federation)
    books, period = plan.books, plan.period
    adopt_demand(sqlite_federation, clock, books, "2028", bread=30_000)
    first = balance_and_adopt(sqlite_federation, clock, plan)
    assert first.scale == pytest.approx(50_000 / 30_000)
    returned = answer_part(sqlite_federation, clock, plan, books.pavel, accept=False)

    counter = FilePlanProposal(period.id, "bakery", (BIGGER_OVEN,))
    proposal = sqlite_federation.act(
        lambda store: file_plan_proposal(store, counter, actor=books.pavel)
    )
    with sqlite_federation.sovet.db.reading() as store:
        reopened = read_period(store, period.id)
    assert reopened.period.state == "open"
    assert proposal.round == 2
    bakery_part = reopened.part_of(books.bakery.id)
    assert bakery_part is not None
    assert (bakery_part.state, bakery_part.motion_id) == ("returned", returned.id)
