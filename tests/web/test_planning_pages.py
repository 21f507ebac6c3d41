"""The planning pages: a period with its rounds, balance and charts (each with a table),
the call for proposals, a round published through its form (computed in the background,
shown while it runs, and how it ended), and refused forms that change nothing."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient

from conftest import Clock
from sovet.bootstrap import Sovet
from sovet.domain.books import Process, Quantity, Target
from sovet.domain.planning import (
    BALANCE_COLUMNS,
    PART_WORDS,
    PERIOD_WORDS,
    PartState,
    PeriodState,
    PlanningPeriod,
    RoundJob,
)
from sovet.planning import PlanRay, plan_ray
from sovet.services import publish_round as publishing
from sovet.services.add_product import AddProduct, add_product
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_round
from sovet.services.round_jobs import run_round_job, start_round_job
from sovet.web.planning import PROPOSAL_PROCESSES, TABLE_ROWS

from .conftest import csrf_from, log_in, record_size, refused_at_top, refused_beside
from .federation import Federation
from .planning_stage import adopt, open_period, propose, publish


def test_a_period_page_shows_its_rounds_balance_and_charts_with_tables(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=1000)
    publish(sqlite_sovet, federation, period, bread=400)

    page = client.get(f"/planning/{period.id}")
    assert page.status_code == 200
    html = page.text
    assert "Balance of round 2" in html
    assert "the plan balances" in html
    assert 'aria-labelledby="ray-chart"' in html
    assert 'aria-labelledby="rounds-chart"' in html
    assert "<caption>Rounds</caption>" in html
    assert "Move the balanced plan for a vote" not in html
    assert client.get("/planning").text.count(f'href="/planning/{period.id}"') == 1


def test_a_binding_capacity_is_named_by_its_process_and_workplace_in_words(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=1000)

    html = client.get(f"/planning/{period.id}").text
    assert "<td>the capacity of oven at Mill Street Bakery, making bread</td>" in html
    assert "<caption>Constraints that bind the plan ray</caption>" in html
    oven = html[html.index('<th scope="row">bakery/oven</th>') :].split("</tr>")[0]
    assert "<td>500 kg</td><td>500 kg</td>" in oven, "its level and capacity, each with its unit"


def test_a_plan_voted_down_offers_a_further_round_and_none_while_it_is_voted_on(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation, clock: Clock
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=400)
    anna = federation.members["anna"]
    with sqlite_sovet.db.transaction() as store:
        motion = propose_plan(store, ProposePlan(period.id), actor=anna)
        [vote] = open_vote(store, OpenVote(motion.id), actor=anna)
        cast_vote(store, CastVote(vote.id, "no"), actor=anna)
    log_in(client, "anna")

    voted_on = client.get(f"/planning/{period.id}").text
    assert "Publish round 2" not in voted_on
    assert "Move the balanced plan for a vote" not in voted_on
    clock.advance(days=7)
    with sqlite_sovet.db.transaction() as store:
        close_vote(store, CloseVote(vote.id), actor=anna)
    voted_down = client.get(f"/planning/{period.id}").text
    assert "Publish round 2" in voted_down
    assert "Move the balanced plan for a vote" in voted_down


@pytest.mark.parametrize(("primal_residual", "holds"), [(1e-3, False), (1e-9, True)])
def test_a_balance_the_engine_did_not_certify_says_so_and_counts_only_where_its_plan_holds(
    client: TestClient,
    sqlite_sovet: Sovet,
    federation: Federation,
    monkeypatch: pytest.MonkeyPatch,
    primal_residual: float,
    holds: bool,
) -> None:
    def uncertified(*args: Any, **options: Any) -> PlanRay:
        ray = plan_ray(*args, **options)
        return replace(
            ray,
            success=False,
            message="stopped at the time or iteration limit before reaching the tolerance",
            certificate=replace(ray.certificate, primal_residual=primal_residual),
        )

    monkeypatch.setattr(publishing, "plan_ray", uncertified)
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=400)

    html = client.get(f"/planning/{period.id}").text
    assert "The engine did not certify this plan ray as the largest" in html
    refused = "so the round does not count as balanced: stopped at the time"
    assert (refused in html) is not holds
    assert ("the plan balances" in html) is holds
    state = "balanced: its last round meets the targets" if holds else "open for proposals"
    assert f"The period is <strong>{state}" in html


@pytest.mark.parametrize(
    ("words", "states"), [(PERIOD_WORDS, get_args(PeriodState)), (PART_WORDS, get_args(PartState))]
)
def test_every_state_of_a_period_and_of_a_part_has_words(
    words: Mapping[str, str], states: tuple[str, ...]
) -> None:
    assert set(words) == set(states)


def test_a_period_and_the_parts_of_its_plan_say_their_states_in_words(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation, clock: Clock
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    assert "<td>open for proposals and rounds</td>" in client.get("/planning").text
    publish(sqlite_sovet, federation, period, bread=400)
    balanced = client.get(f"/planning/{period.id}").text
    assert "The period is <strong>balanced: its last round meets the targets</strong>." in (
        balanced
    )
    assert "Rounds published: 1 of at most 5." in balanced
    adopt(sqlite_sovet, federation, period.id, clock)
    adopted = client.get(f"/planning/{period.id}").text
    assert "The period is <strong>planned: its plan is adopted</strong>." in adopted
    assert "<td>sent to the workplace for its vote</td></tr>" in adopted
    assert "<td>sent</td>" not in adopted
    part = client.get(f"/planning/{period.id}/parts/bakery").text
    assert "This part is <strong>sent to the workplace for its vote</strong>." in part
    assert "<td>planned: its plan is adopted</td>" in client.get("/planning").text


def test_the_planning_council_s_page_shows_its_charter_s_rules_for_planning(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    open_period(sqlite_sovet, federation)
    joint = client.get("/councils/joint").text
    assert "<dt>Round limit of a planning period</dt><dd>5 rounds</dd>" in joint
    assert "<dt>Shortfall of the plan ray a balanced plan tolerates</dt><dd>0%</dd>" in joint
    assert "<dt>Time the engine may compute a round</dt><dd>60 minutes</dd>" in joint
    assert "<dt>Round limit of a planning period</dt>" not in client.get("/councils/bakery").text


def test_a_member_without_the_planning_competence_is_refused_and_nothing_is_written(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    log_in(client, "clara")
    page = client.get(f"/planning/{period.id}")
    assert "Publish round 1" not in page.text
    size = record_size(sqlite_sovet)
    refused = client.post(f"/planning/{period.id}/rounds", data={"csrf": csrf_from(page.text)})
    assert refused.status_code == 403
    assert "holds no mandate in Joint Economic Council" in refused.text
    assert record_size(sqlite_sovet) == size


@pytest.fixture(name="period")
def bread_period(sqlite_sovet: Sovet, federation: Federation) -> PlanningPeriod:
    """A period with the bakery's proposal and the joint council's target of 1,000 kg of
    bread, no round published yet."""
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    asked = (Target("bread", 1000, "kg", "consumption"),)
    with sqlite_sovet.db.transaction() as store:
        file_plan_target(
            store, FilePlanTarget(period.id, "joint", asked), actor=federation.members["anna"]
        )
    return period


def _ended(client: TestClient, period: PlanningPeriod) -> dict[str, Any]:
    """The period's round job once it has ended, as the page's script polls it."""
    deadline = time.monotonic() + 60
    while (job := client.get(f"/api/planning/periods/{period.id}/round-job").json())[
        "state"
    ] == "running":
        assert time.monotonic() < deadline, f"the round is still being computed: {job}"
        time.sleep(0.05)
    return job


def test_a_planning_delegate_publishes_a_round_through_the_form(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation, period: PlanningPeriod
) -> None:
    log_in(client, "anna")
    page = client.get(f"/planning/{period.id}")
    assert "Publish round 1" in page.text
    assert 'name="round" value="1"' in page.text
    size = record_size(sqlite_sovet)
    asked = client.post(
        f"/planning/{period.id}/rounds",
        data={"csrf": csrf_from(page.text), "round": "1"},
        follow_redirects=False,
    )
    assert asked.status_code == 303
    assert asked.headers["location"] == f"/planning/{period.id}#round-job"

    job = _ended(client, period)
    assert (job["state"], job["round"], job["member"]) == (
        "published",
        1,
        federation.members["anna"].id,
    )
    assert job["stage"] == "publishing the balance"
    assert record_size(sqlite_sovet) == size + 1
    shown = client.get(f"/planning/{period.id}?done=round").text
    assert "Balance of round 1" in shown
    assert "the targets cannot all be met yet" in shown
    assert "data-round-job" not in shown
    assert "Publish round 2" in shown


def test_a_round_being_computed_is_shown_in_place_of_the_form(
    client: TestClient,
    sqlite_sovet: Sovet,
    federation: Federation,
    clock: Clock,
    period: PlanningPeriod,
) -> None:
    anna = federation.members["anna"]
    with sqlite_sovet.db.transaction() as store:
        start_round_job(store, PublishRound(period.id), actor=anna)
    log_in(client, "anna")

    page = client.get(f"/planning/{period.id}").text
    assert "Round 1 is being computed, asked for by Anna" in page
    assert "waiting to start" in page
    assert "/static/round-job.js" in page
    assert "Publish round 1" not in page

    clock.advance(seconds=RoundJob.STALE_SECONDS + 1)
    page = client.get(f"/planning/{period.id}").text
    assert "Computing round 1 stopped: the server gave no sign of it" in page
    assert "/static/round-job.js" not in page
    assert "Publish round 1" in page
    assert client.get(f"/api/planning/periods/{period.id}/round-job").json()["state"] == (
        "interrupted"
    )


def test_a_round_refused_once_computed_says_why_on_the_period_page(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation, period: PlanningPeriod
) -> None:
    anna = federation.members["anna"]
    with sqlite_sovet.db.transaction() as store:
        job = start_round_job(store, PublishRound(period.id), actor=anna)
        shut = (Process("oven", "bread", "kg", labour=0.2, capacity=0),)
        file_plan_proposal(store, FilePlanProposal(period.id, "bakery", shut), actor=anna)
    run_round_job(sqlite_sovet.db, job, actor=anna)
    log_in(client, "anna")

    page = client.get(f"/planning/{period.id}").text
    assert "Round 1 was not published: the targets cannot be met at all" in page
    assert "Publish round 1" in page


def test_a_round_form_sent_twice_publishes_one_round(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation, period: PlanningPeriod
) -> None:
    log_in(client, "anna")
    token = csrf_from(client.get(f"/planning/{period.id}").text)
    form = {"csrf": token, "round": "1"}
    client.post(f"/planning/{period.id}/rounds", data=form, follow_redirects=False)
    _ended(client, period)
    size = record_size(sqlite_sovet)

    again = client.post(f"/planning/{period.id}/rounds", data=form)

    assert again.status_code == 409
    assert "round 1: the next round of 2028 is round 2" in again.text
    assert record_size(sqlite_sovet) == size


LONG = 130


def _long_catalogue(sovet: Sovet, federation: Federation, period: PlanningPeriod) -> None:
    """The bakery offers a process for each of ``LONG`` more products, each using a tenth
    of a unit of the next; their capacities run from 50 to 180 against targets of 100, so
    the products made short fall short by different shares."""
    anna = federation.members["anna"]
    codes = [f"p{k:03}" for k in range(LONG)]
    with sovet.db.transaction() as store:
        for code in codes:
            add_product(store, AddProduct("bakery", code, f"Product {code}", "kg"), actor=anna)
        offered = tuple(
            Process(
                f"q{k:03}",
                code,
                "kg",
                labour=0.1,
                capacity=50.0 + k,
                inputs=(Quantity(codes[(k + 1) % LONG], 0.1, "kg"),),
            )
            for k, code in enumerate(codes)
        )
        file_plan_proposal(store, FilePlanProposal(period.id, "bakery", offered), actor=anna)
        asked = tuple(Target(code, 100, "kg", "consumption") for code in codes)
        file_plan_target(store, FilePlanTarget(period.id, "joint", asked), actor=anna)
        publish_round(store, PublishRound(period.id), actor=anna)


def test_a_long_catalogue_shows_what_matters_most_and_gives_every_figure_as_csv(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    _long_catalogue(sqlite_sovet, federation, period)
    with sqlite_sovet.db.reading() as store:
        [published] = store.plan_rounds(period.id)
    products = published.balance["products"]
    short = sorted(products, key=lambda p: -p["shortfall"] / p["target"])

    html = client.get(f"/planning/{period.id}").text

    assert f"the {TABLE_ROWS} furthest from their targets, of {LONG}" in html
    assert f"the {TABLE_ROWS} nearest their capacity, of {LONG}" in html
    assert f'<th scope="row">{short[0]["product"]}</th>' in html
    assert f'<th scope="row">{short[-1]["product"]}</th>' not in html
    assert f"; and {LONG - PROPOSAL_PROCESSES} more, in" in html
    assert "Inputs used by product made, in hours of labour" in html
    base = f"/api/planning/periods/{period.id}/rounds/1"
    csv_text = client.get(f"{base}/products.csv").text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [row["product"] for row in rows] == [p["product"] for p in products]
    assert [float(row["shortfall"]) for row in rows] == [p["shortfall"] for p in products]
    processes = list(csv.DictReader(io.StringIO(client.get(f"{base}/processes.csv").text)))
    assert len(processes) == LONG
    assert processes[0]["workplace"] == "bakery"
    missing = client.get(f"/api/planning/periods/{period.id}/rounds/2/products.csv")
    assert missing.status_code == 404
    assert "round 2: 1 rounds of 2028 have been published" in missing.json()["error"]
    assert client.get(f"{base}/stocks.csv").status_code == 422


def test_a_workplace_member_sees_where_its_processes_bind_in_the_last_round(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    publish(sqlite_sovet, federation, period, bread=1000)
    with sqlite_sovet.db.reading() as store:
        [published] = store.plan_rounds(period.id)
    [oven] = published.balance["bottlenecks"]

    assert "Mill Street Bakery in round 1" not in client.get(f"/planning/{period.id}").text
    log_in(client, "anna")
    html = client.get(f"/planning/{period.id}").text

    assert "Mill Street Bakery in round 1" in html
    row = html[html.index('<th scope="row">bakery/oven</th>') :].split("</tr>")[0]
    assert "<td>100%</td>" in row
    assert f"{oven['shadow_price']:.4g} (binds)" in row
    base = f"/api/planning/periods/{period.id}/rounds/1/processes.csv"
    assert f'href="{base}?workplace=bakery"' in html
    ours = list(csv.DictReader(io.StringIO(client.get(f"{base}?workplace=bakery").text)))
    assert [(p["workplace"], p["process"]) for p in ours] == [("bakery", "bakery/oven")]
    assert client.get(f"{base}?workplace=tram-depot").text.strip() == ",".join(
        BALANCE_COLUMNS["processes"]
    )
    refused = client.get(
        f"/api/planning/periods/{period.id}/rounds/1/products.csv?workplace=bakery"
    )
    assert refused.status_code == 422
    assert "only the processes of a balance are by workplace" in refused.json()["error"]


def test_a_demand_council_files_its_targets_for_the_next_round_from_the_period_page(
    sqlite_sovet: Sovet, federation: Federation, client: TestClient
) -> None:
    """Anna, the bakery's delegate in the joint council (which proposes consumption),
    files its targets from the page; a line typed wrong and a product nobody makes are
    refused beside what she typed, and write nothing. Boris, no delegate there, is not
    offered the form."""
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    page = f"/planning/{period.id}"
    log_in(client, "boris")
    assert "Targets for round 1" not in client.get(page).text
    log_in(client, "anna")
    assert "Targets for round 1" in client.get(page).text
    before = record_size(sqlite_sovet)
    for typed, status, reason in (
        (
            "consumption bread 400",
            422,
            "Targets, line 1: write category, product, quantity and unit",
        ),
        (
            "consumption cake 40 kg",
            404,
            "the consumption target names unknown product 'cake': add it to the catalogue first",
        ),
    ):
        token = csrf_from(client.get(page).text)
        refused = client.post(
            f"{page}/targets", data={"csrf": token, "council": "joint", "targets": typed}
        )
        assert refused.status_code == status
        assert refused_beside(refused.text, "targets-lines", reason) == typed
        assert '<option value="joint" selected>' in refused.text
    assert record_size(sqlite_sovet) == before
    token = csrf_from(client.get(page).text)
    filed = client.post(
        f"{page}/targets",
        data={"csrf": token, "council": "joint", "targets": "consumption bread 400 kg\n"},
        follow_redirects=False,
    )
    assert filed.headers["location"] == f"{page}?done=targets#targets"
    shown = client.get(filed.headers["location"]).text
    assert "Your council&#39;s targets were filed for the next round." in shown
    assert "Joint Economic Council: consumption, 400 kg of bread" in shown


def test_a_refused_call_for_proposals_comes_back_as_filled_in_with_the_reason_beside_its_field(
    sqlite_sovet: Sovet, federation: Federation, client: TestClient
) -> None:
    open_period(sqlite_sovet, federation)
    log_in(client, "anna")
    before = record_size(sqlite_sovet)
    token = csrf_from(client.get("/planning").text)
    call = {"csrf": token, "council": "joint", "period": "2028", "days": "7", "labour": "9000"}
    again = client.post("/planning", data=call)
    assert again.status_code == 409
    reason = (
        "Joint Economic Council has already opened the planning period 2028 (it is open); a "
        "period is opened anew only once its rounds are spent"
    )
    assert refused_beside(again.text, "plan-period", reason) == "2028"
    assert 'value="9000"' in again.text
    soon = client.post("/planning", data={**call, "period": "2029", "days": "soon"})
    assert soon.status_code == 422
    reason = "Days until proposals are due: a whole number, not 'soon'"
    assert refused_beside(soon.text, "plan-days", reason) == "soon"
    assert record_size(sqlite_sovet) == before


def test_a_refused_proposal_comes_back_beside_its_workplace_and_a_round_at_the_top(
    sqlite_sovet: Sovet, federation: Federation, client: TestClient
) -> None:
    period = open_period(sqlite_sovet, federation)
    page = f"/planning/{period.id}"
    log_in(client, "anna")
    before = record_size(sqlite_sovet)
    token = csrf_from(client.get(page).text)
    outside = client.post(f"{page}/proposals", data={"csrf": token, "council": "tram-depot"})
    assert outside.status_code == 403
    reason = "Anna Petrova is not a member of North Tram Depot"
    assert refused_beside(outside.text, "proposal-council", reason) == "", "not hers to choose"
    log_in(client, "clara")
    token = csrf_from(client.get(page).text)
    round_ = client.post(f"{page}/rounds", data={"csrf": token})
    assert round_.status_code == 403
    refused_at_top(round_.text, "holds no mandate in Joint Economic Council")
    assert record_size(sqlite_sovet) == before
