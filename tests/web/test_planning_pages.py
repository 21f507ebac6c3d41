"""The planning pages: a period with its rounds, balance and charts (each with a table),
the call for proposals, a round published through its form, and a refused form that
changes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.domain.books import Target
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target

from .conftest import csrf_from, log_in, record_size
from .federation import Federation
from .planning_stage import open_period, propose, publish


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


def test_a_planning_delegate_publishes_a_round_through_the_form(
    client: TestClient, sqlite_sovet: Sovet, federation: Federation
) -> None:
    period = open_period(sqlite_sovet, federation)
    propose(sqlite_sovet, federation, period)
    asked = (Target("bread", 1000, "kg", "consumption"),)
    with sqlite_sovet.db.transaction() as store:
        file_plan_target(
            store, FilePlanTarget(period.id, "joint", asked), actor=federation.members["anna"]
        )
    log_in(client, "anna")
    page = client.get(f"/planning/{period.id}")
    assert "Publish round 1" in page.text
    size = record_size(sqlite_sovet)
    published = client.post(
        f"/planning/{period.id}/rounds",
        data={"csrf": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert published.status_code == 303
    assert published.headers["location"] == f"/planning/{period.id}?done=round"
    assert record_size(sqlite_sovet) > size
    shown = client.get(published.headers["location"]).text
    assert "Balance of round 1" in shown
    assert "the targets cannot all be met yet" in shown
