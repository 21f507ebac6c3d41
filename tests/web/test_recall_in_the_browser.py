"""Signing a recall petition in a real browser: the count moves to the threshold and the
recall vote is scheduled."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.assign_founding_delegate import (
    AssignFoundingDelegate,
    assign_founding_delegate,
)
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.ports import Store

from .test_browser import LiveServer, browser, live, log_in, page

__all__ = ["browser", "live", "page"]

pytestmark = pytest.mark.browser


def kiosk_petition(live: LiveServer) -> None:
    """The news kiosk (Elena, Clara, Dmitri) seats Elena in the city council; Clara
    petitions to recall her. Two signatures of three put it on the agenda."""
    people = live.federation.members
    elena, clara, dmitri = people["elena"], people["clara"], people["dmitri"]

    def act(do: Callable[[Store], object]) -> None:
        with live.sovet.db.transaction() as store:
            do(store)

    charter = {"recall_petition_threshold": 0.5}
    act(
        lambda s: found_base_council(
            s,
            FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk, Station Square", charter),
            actor=elena,
        )
    )
    for member in (clara, dmitri):
        act(lambda s, m=member: admit_member(s, AdmitMember("kiosk", m.id), actor=elena))
    act(lambda s: join_delegate_council(s, JoinDelegateCouncil("city", "kiosk", 1), actor=elena))
    with live.sovet.db.transaction() as store:
        seat = assign_founding_delegate(
            store, AssignFoundingDelegate("city", "kiosk", 1, elena.id), actor=clara
        )
    act(lambda s: petition_recall(s, PetitionRecall(seat.id, "Never reports back."), actor=clara))


def test_a_member_signs_a_recall_petition_in_the_browser(page: Page, live: LiveServer) -> None:
    kiosk_petition(live)
    log_in(page, live, "dmitri")
    page.goto(f"{live.url}/councils/kiosk")
    page.get_by_role("link", name="Recall petitions").click()
    petition = page.locator(".motion-list > li").first
    expect(petition).to_contain_text("1 of 2 signatures")
    petition.get_by_role("button", name="Sign this petition").click()
    expect(page.get_by_role("status")).to_contain_text("You signed the recall petition")
    signed = page.locator(".motion-list > li").first
    expect(signed).to_contain_text("2 of 2 signatures")
    expect(signed).to_contain_text("the recall vote opens at")
