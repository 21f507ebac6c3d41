"""A bakery worker files the bakery's proposal for a planning period and moves, votes and
sees through its acceptance of its part of the adopted plan, and a delegate publishes a
round and follows the engine's progress until its balance, in a real browser on a
phone-sized screen. The server reads a hand-moved clock, so that the test waits out the
agenda and voting periods by moving it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

import sovet.services.publish_round as publishing
from conftest import Clock
from sovet.bootstrap import Settings, bootstrap
from sovet.domain.books import Quantity, Target
from sovet.planning import PlanRay
from sovet.record.checkpoint import InstanceKey
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.record_output import RecordOutput, record_output

from .deciding.test_deciding_in_the_browser import serving
from .federation import seed
from .planning_stage import adopt, open_period, propose, publish
from .test_browser import LiveServer, browser, log_in, overflow, phone

__all__ = ["browser", "phone"]
pytestmark = pytest.mark.browser
AGENDA_DAYS = 14
VOTING_DAYS = 7


@pytest.fixture
def planning(tmp_path: Path) -> Iterator[tuple[LiveServer, Clock]]:
    clock = Clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    sovet = bootstrap(
        Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'sovet.db'}"),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    federation = seed(sovet, clock)
    with serving(sovet) as url:
        yield LiveServer(url, sovet, federation), clock
    sovet.db.engine.dispose()


def test_a_worker_files_the_proposal_and_the_council_accepts_its_part_on_a_phone(
    planning: tuple[LiveServer, Clock], phone: Page
) -> None:
    live, clock = planning
    period = open_period(live.sovet, live.federation)
    log_in(phone, live, "anna")
    phone.goto(f"{live.url}/planning/{period.id}")
    phone.get_by_label("Workplace").select_option("bakery")
    phone.get_by_role("button", name="File our proposal").click()
    expect(phone.get_by_role("status")).to_contain_text("proposal was filed")
    expect(phone.locator("#proposal-bakery")).to_contain_text("oven: bread up to 500 kg")

    publish(live.sovet, live.federation, period, bread=400)
    adopt(live.sovet, live.federation, period.id, clock)
    phone.goto(f"{live.url}/planning/{period.id}")
    phone.get_by_role("link", name="Mill Street Bakery", exact=True).click()
    expect(phone.locator("#part-state")).to_contain_text("sent")
    phone.get_by_role("button", name="Move to accept our part").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Accept our part of the plan")
    moved = phone.url
    phone.go_back()
    phone.reload()
    phone.get_by_role("button", name="Move to return our part").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Return our part of the plan")
    phone.go_back()
    phone.reload()
    answers = phone.get_by_role("region", name="Answers before the council")
    accepting = answers.get_by_role("listitem").filter(has_text="Accept our part")
    returning = answers.get_by_role("listitem").filter(has_text="Return our part")
    expect(accepting).to_contain_text("If it passes, this part is accepted.")
    expect(returning).to_contain_text("If it passes, this part goes back into a further round.")
    accepting.get_by_role("link", name="Accept our part of the plan").click()
    assert phone.url == moved

    clock.advance(days=AGENDA_DAYS)
    phone.reload()
    phone.get_by_role("button", name="Open the vote").click()
    phone.get_by_role("radio", name="Yes").check()
    phone.get_by_role("button", name="Cast my vote").click()
    expect(phone.get_by_role("status")).to_contain_text("Your vote is cast.")
    clock.advance(days=VOTING_DAYS)
    phone.reload()
    phone.get_by_role("button", name="Close the vote and count it").click()

    made = RecordOutput("bakery", "2028-03", output=(Quantity("bread", 300, "kg"),))
    with live.sovet.db.transaction() as store:
        record_output(store, made, actor=live.federation.members["anna"])
    phone.goto(f"{live.url}/planning/{period.id}/parts/bakery")
    expect(phone.locator("#part-state")).to_contain_text("accepted")
    expect(phone.get_by_role("img", name="The target of each product")).to_be_visible()
    for path in (f"/planning/{period.id}/parts/bakery", f"/planning/{period.id}"):
        phone.goto(f"{live.url}{path}")
        assert overflow(phone) == 0, path
        assert not Axe().run(phone).response["violations"], path


def test_a_delegate_publishes_a_round_and_follows_the_engine_until_its_balance(
    planning: tuple[LiveServer, Clock], phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, _ = planning
    period = open_period(live.sovet, live.federation)
    propose(live.sovet, live.federation, period)
    anna = live.federation.members["anna"]
    asked = (Target("bread", 400, "kg", "consumption"),)
    with live.sovet.db.transaction() as store:
        file_plan_target(store, FilePlanTarget(period.id, "joint", asked), actor=anna)
    engine, working = publishing.plan_ray, threading.Event()

    def held(*args: Any, **options: Any) -> PlanRay:
        assert working.wait(60), "the test never let the engine go on"
        return engine(*args, **options)

    monkeypatch.setattr(publishing, "plan_ray", held)
    log_in(phone, live, "anna")
    phone.goto(f"{live.url}/planning/{period.id}")
    phone.get_by_role("button", name="Publish round 1").click()

    job = phone.locator("[data-round-job]")
    expect(job).to_contain_text("Round 1 is being computed, asked for by Anna")
    expect(job).to_contain_text("reading the proposals and targets")
    expect(phone.get_by_role("button", name="Publish round 1")).to_have_count(0)
    assert overflow(phone) == 0
    assert not Axe().run(phone).response["violations"]
    working.set()
    expect(job).to_contain_text("Round 1 was published.")
    job.get_by_role("link", name="Show its balance.").click()
    expect(phone.get_by_role("heading", name="Balance of round 1")).to_be_visible()
    expect(phone.get_by_role("status").first).to_contain_text("The round's balance was published")
