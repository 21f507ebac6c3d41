"""Electing and recalling in a real browser (Debian's Chromium driven by Playwright), in one
flow: a member ranks the candidates with the keyboard alone on a page that passes
axe-core's rules and fits a phone's screen, gets a receipt, and later signs a petition to
recall a delegate, which puts the recall vote on the agenda."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select

from conftest import Clock, delegates_elected_on
from sovet.adapters import tables
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.record.checkpoint import InstanceKey
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_vote import CastVote, cast_vote, receipt_hash
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.petition_recall import PetitionRecall, petition_recall

from .deciding.test_deciding_in_the_browser import serving
from .federation import Federation, seed
from .test_browser import LiveServer, browser, log_in, overflow, page, phone

__all__ = ["browser", "page", "phone"]
pytestmark = pytest.mark.browser


def kiosk_admitted(sovet: Sovet, clock: Clock, people: Federation) -> None:
    """The news kiosk (Elena, Clara, Dmitri and Boris) asks to join the city council, whose
    delegates (Anna and Clara) admit it by their vote."""
    members = people.members
    elena, anna, clara = members["elena"], members["anna"], members["clara"]
    charter = {"recall_petition_threshold": 0.5}
    kiosk = FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk, Station Square", charter)
    admission = FileMotion(
        "city",
        "Admit the news kiosk",
        "The kiosk asked to join with one seat.",
        "delegation",
        effects=({"kind": "admit_constituent", "constituent": "kiosk", "seats": 1},),
    )
    with sovet.db.transaction() as store:
        found_base_council(store, kiosk, actor=elena)
        for who in ("clara", "dmitri", "boris"):
            admit_member(store, AdmitMember("kiosk", members[who].id), actor=elena)
        join_delegate_council(store, JoinDelegateCouncil("city", "kiosk", 1), actor=elena)
        motion = file_motion(store, admission, actor=anna)
    clock.advance(days=14)
    with sovet.db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion.id), actor=anna)
        for delegate in (anna, clara):
            cast_vote(store, CastVote(vote.id, "yes"), actor=delegate)
    clock.advance(days=7)
    with sovet.db.transaction() as store:
        close_vote(store, CloseVote(vote.id), actor=anna)


def kiosk_petition(sovet: Sovet, people: Federation) -> None:
    """The news kiosk elects Elena to its seat in the city council; Clara petitions to
    recall her. Two signatures of four put it on the agenda."""
    kiosk = [people.members[who] for who in ("elena", "clara", "dmitri", "boris")]
    elena, clara = kiosk[:2]
    elect = delegates_elected_on(people.clock)
    [seat] = elect(sovet, "city", "kiosk", [elena], kiosk)
    with sovet.db.transaction() as store:
        petition_recall(store, PetitionRecall(seat.id, "Never reports back."), actor=clara)


@pytest.fixture
def voting(tmp_path: Path) -> Iterator[tuple[LiveServer, str]]:
    """The bakery electing its two seats in the city council: Anna and Boris stand, and
    voting is open; a petition to recall the kiosk's delegate waits for signatures.
    Served live, with the election page's path."""
    clock = Clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    sovet = bootstrap(
        Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'sovet.db'}"),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    federation = seed(sovet, clock)
    kiosk_admitted(sovet, clock, federation)
    kiosk_petition(sovet, federation)

    anna, boris = federation.members["anna"], federation.members["boris"]
    with sovet.db.transaction() as store:
        election = open_election(store, OpenElection("city", "bakery"), actor=anna)
        for member in (anna, boris):
            nominate(store, Nominate(election.id, member.id), actor=member)
    clock.advance(seconds=(election.nominations_close - clock.moment).total_seconds())
    with serving(sovet) as url:
        yield LiveServer(url, sovet, federation), f"/elections/{election.id}"
    sovet.db.engine.dispose()


def test_a_member_ranks_a_ballot_with_the_keyboard_and_later_signs_a_recall_petition(
    page: Page, phone: Page, voting: tuple[LiveServer, str]
) -> None:
    live, path = voting
    log_in(page, live, "boris")
    page.goto(f"{live.url}{path}")
    axe = Axe().run(page)
    assert not axe.response["violations"], axe.generate_report()
    page.get_by_label("Anna Petrova").focus()
    page.keyboard.press("2")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Boris Kuznetsov")).to_be_focused()
    page.keyboard.press("1")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cast my ballot")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#receipt")).to_contain_text("Your receipt for election")
    expect(page.get_by_role("status").first).to_contain_text("the record shows that you voted")
    receipt = page.locator("#receipt code").inner_text()
    box = tables.ranked_ballot_box.c
    with live.sovet.db.engine.connect() as conn:
        ranking = conn.execute(
            select(box.ranking).where(box.receipt_hash == receipt_hash(receipt))
        ).scalar_one()
    members = live.federation.members
    assert ranking == f"{members['boris'].id} {members['anna'].id}"

    page.goto(f"{live.url}/councils/kiosk")
    page.get_by_role("link", name="Recall petitions").click()
    petition = page.locator(".motion-list > li").first
    expect(petition).to_contain_text("1 of 2 signatures")
    petition.get_by_role("button", name="Sign this petition").click()
    expect(page.get_by_role("status")).to_contain_text("You signed the recall petition")
    signed = page.locator(".motion-list > li").first
    expect(signed).to_contain_text("2 of 2 signatures")
    expect(signed).to_contain_text("the recall vote opens at")

    log_in(phone, live, "anna")
    phone.goto(f"{live.url}{path}")
    expect(phone.get_by_role("button", name="Cast my ballot")).to_be_visible()
    assert overflow(phone) == 0
