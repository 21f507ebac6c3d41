"""Decisions on the pages: minority reports, a council's decisions, and what follows a
motion through the federation (forwarding with its lineage, consultation of the councils
beneath, binding instructions marked on delegates' votes, the referendum from below)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.domain.motions import Motion
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.call_referendum import CallReferendum, call_referendum

from ..conftest import (
    confirmed_under,
    csrf_from,
    log_in,
    record_size,
    refused_at_top,
    refused_beside,
)
from .deliberation import SHOP, VOTING_DAYS, Deliberation


def city_decision(steps: Deliberation) -> Motion:
    """A motion of the city council (one supporter puts it on the agenda there), passed
    by its two seated delegates, Anna and Clara."""
    motion = steps.file("anna", "city", title="Joint canteen", matter="coordination")
    [vote] = steps.open("anna", motion)
    steps.cast("anna", vote, "yes")
    steps.cast("clara", vote, "yes")
    steps.close("anna", vote)
    return steps.motion(motion.id)


def test_the_losing_side_attaches_a_minority_report_published_with_the_decision(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, _ = steps.decided()
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "Attach a minority report" in page
    assert "Members on the losing side may attach a minority report until" in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/minority-reports",
        data={"csrf": csrf_from(page), "text": "Night shifts should be *paid* more."},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/motions/{motion.id}?done=reported#decision"
    assert record_size(sqlite_sovet) == before + 1
    shown = client.get(response.headers["location"]).text
    confirmed_under(shown, "decision", "Your minority report is attached to the decision")
    assert "Minority reports (1)" in shown
    assert "<p>Night shifts should be <em>paid</em> more.</p>" in shown
    assert "Attach a minority report" not in shown
    decisions = client.get(f"/councils/{SHOP}/decisions").text
    assert "<p>Night shifts should be <em>paid</em> more.</p>" in decisions
    assert "passed by the simple majority rule: 3 yes, 1 no, 0 abstaining" in decisions


def test_a_minority_report_from_the_winning_side_twice_or_too_late_is_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, _ = steps.decided()
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert "Attach a minority report" not in page
    before = record_size(sqlite_sovet)
    winner = client.post(
        f"/motions/{motion.id}/minority-reports",
        data={"csrf": csrf_from(page), "text": "I agree."},
    )
    assert winner.status_code == 403
    refused_at_top(winner.text, "Ivan Popov did not vote against")
    assert ">I agree.</textarea>" not in winner.text  # no form is offered to him
    katya = steps.members["katya"]
    steps.act(
        lambda store: attach_minority_report(
            store, AttachMinorityReport(motion.id, "No."), actor=katya
        )
    )
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    twice = client.post(
        f"/motions/{motion.id}/minority-reports", data={"csrf": token, "text": "Still no."}
    )
    assert twice.status_code == 409
    refused_at_top(twice.text, "has already attached a minority report")
    steps.clock.advance(days=15)
    late = client.post(
        f"/motions/{motion.id}/minority-reports", data={"csrf": token, "text": "Still no."}
    )
    assert late.status_code == 409
    refused_at_top(late.text, "the time for minority reports")
    assert record_size(sqlite_sovet) == before


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ("   ", "Your minority report: must not be empty"),
        ("Night shifts. " * 1500, "Your minority report: at most 20000 characters, not 20999"),
    ],
    ids=["empty", "too long"],
)
def test_a_refused_minority_report_comes_back_in_its_box_with_the_reason_beside_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, sent: str, reason: str
) -> None:
    motion, _ = steps.decided()
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/minority-reports", data={"csrf": token, "text": sent}
    )
    assert response.status_code == 422
    assert record_size(sqlite_sovet) == before
    form = re.search(r'<form [^>]*id="report-form">.*?</form>', response.text, re.S)
    assert form is not None
    assert refused_beside(form.group(), "report-text", reason) == sent
    assert "text:" not in response.text, "no internal name of a field"


def test_a_councils_decisions_are_listed_newest_first_and_a_rejected_motion_is_not_one(
    client: TestClient, steps: Deliberation
) -> None:
    steps.decided(title="Buy a second press")
    steps.decided(title="Close in August", ballots={"galina": "no", "fyodor": "no", "ivan": "no"})
    steps.decided(title="Open on Saturdays")
    page = client.get(f"/councils/{SHOP}/decisions").text
    titles = re.findall(r'<h2 id="decision-\d+"><a href="/motions/\d+">([^<]+)</a>', page)
    assert titles == ["Open on Saturdays", "Buy a second press"]
    assert "No minority report." in page
    assert client.get("/councils/no-such/decisions").status_code == 404


def test_a_decision_forwarded_upward_shows_its_lineage_and_the_origins_vote(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = city_decision(steps)
    log_in(client, "anna")
    page = client.get(f"/motions/{motion.id}").text
    assert '<option value="congress">Congress of Councils</option>' in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/forwarding", data={"csrf": csrf_from(page), "to": "congress"}
    )
    assert response.status_code == 200
    assert record_size(sqlite_sovet) == before + 1
    confirmed_under(
        response.text, "lineage", "The decision was forwarded, with its lineage and this council"
    )
    [forwarded] = re.findall(
        r'<li><a href="/motions/(\d+)">Joint canteen</a> in <a href="/councils/congress">',
        response.text,
    )
    there = client.get(f"/motions/{forwarded}").text
    assert "Where it came from" in there
    assert (
        f'<li><a href="/motions/{motion.id}">Joint canteen</a>, decided by '
        '<a href="/councils/city">City Workers&#39; Council</a>: its vote was 2 yes, 0 no, '
        "0 abstaining, of 4 eligible</li>"
    ) in there


def test_forwarding_to_a_council_without_the_competence_is_refused_naming_who_holds_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, _ = steps.decided()
    log_in(client, "galina")
    page = client.get(f"/motions/{motion.id}").text
    assert '<option value="bakery">Mill Street Bakery</option>' in page
    assert '<option value="city">' not in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/forwarding", data={"csrf": csrf_from(page), "to": "city"}
    )
    assert response.status_code == 422
    assert (
        "City Workers&#39; Council cannot decide &#39;workplace organisation&#39;" in response.text
    )
    assert record_size(sqlite_sovet) == before


def test_a_delegate_refers_a_motion_for_consultation_and_sees_the_answers_gathered(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("anna", "city", title="Joint canteen", matter="coordination")
    log_in(client, "anna")
    page = client.get(f"/motions/{motion.id}").text
    assert "Refer it to the constituent councils" in page
    before = record_size(sqlite_sovet)
    response = client.post(f"/motions/{motion.id}/consultation", data={"csrf": csrf_from(page)})
    assert response.status_code == 200
    assert record_size(sqlite_sovet) == before + 3
    confirmed_under(response.text, "lineage", "The motion was referred to each constituent")
    assert "0 councils for, 0 against, 3 still to answer." in response.text
    assert "Refer it to the constituent councils" not in response.text
    answers = dict(re.findall(r'<td><a href="/motions/(\d+)">([^<]+)</a></td>', response.text))
    bakery = next(int(m) for m, name in answers.items() if name == "Mill Street Bakery")
    [vote] = steps.open("anna", steps.motion(bakery))
    steps.cast("anna", vote, "yes")
    steps.cast("boris", vote, "no")
    steps.close("boris", vote)
    gathered = client.get(f"/motions/{motion.id}").text
    assert "0 councils for, 1 against, 2 still to answer." in gathered
    assert "Their votes together: 1 yes, 1 no, 0 abstaining." in gathered
    consultation = client.get(f"/motions/{bakery}").text
    assert "This is a consultation: Mill Street Bakery's vote is its answer to" in consultation


def test_an_instruction_is_filed_from_the_page_and_a_vote_against_it_is_marked(
    client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("clara", "city", title="Joint canteen", matter="coordination")
    log_in(client, "boris")
    page = client.get(f"/motions/{motion.id}").text
    assert '<option value="bakery">Mill Street Bakery</option>' in page
    response = client.post(
        f"/motions/{motion.id}/instructions",
        data={
            "csrf": csrf_from(page),
            "council": "bakery",
            "choice": "no",
            "text": "The canteen must stay ours.",
        },
    )
    assert response.status_code == 200
    confirmed_under(response.text, "lineage", "The instruction was filed as a motion of your")
    agenda = client.get("/councils/bakery/agenda").text
    [instruction] = re.findall(
        r'<a class="motion-title" href="/motions/(\d+)">Instruction to our delegates', agenda
    )
    [bakery_vote] = steps.open("boris", steps.motion(int(instruction)))
    [city_vote] = steps.open("clara", motion, wait_days=1)
    steps.cast("anna", bakery_vote, "yes")
    steps.cast("boris", bakery_vote, "yes")
    steps.close("boris", bakery_vote, wait_days=VOTING_DAYS - 1)
    steps.cast("anna", city_vote, "yes")
    shown = client.get(f"/motions/{motion.id}").text
    assert (
        '<a href="/councils/bakery">Mill Street Bakery</a> instructed its delegates to vote '
        "<strong>no</strong>."
    ) in shown
    assert (
        '<strong class="mark-against">Against the instruction</strong> of '
        '<a href="/councils/bakery">Mill Street Bakery</a>'
    ) in shown


def test_an_instruction_from_a_council_without_a_seat_there_is_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("anna", "city", title="Joint canteen", matter="coordination")
    log_in(client, "galina")
    page = client.get(f"/motions/{motion.id}").text
    assert "Instruct your delegates" not in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/instructions",
        data={"csrf": csrf_from(page), "council": SHOP, "choice": "no", "text": "No."},
    )
    assert response.status_code == 422
    refused_at_top(
        response.text, "Print Shop Collective seats no delegates in City Workers' Council"
    )
    assert record_size(sqlite_sovet) == before


def test_a_refused_instruction_comes_back_as_filled_in_with_the_reason_beside_its_reasons(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file("clara", "city", title="Joint canteen", matter="coordination")
    log_in(client, "boris")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/instructions",
        data={"csrf": token, "council": "bakery", "choice": "no", "text": "Ours.\x07"},
    )
    assert response.status_code == 422
    assert record_size(sqlite_sovet) == before
    form = re.search(r'<form [^>]*id="instruction-form">.*?</form>', response.text, re.S)
    assert form is not None
    reason = "Reasons: contains a control or unassigned character (0x7)"
    assert refused_beside(form.group(), "instruct-text", reason) == "Ours.\x07"
    assert 'aria-describedby="instruct-text-refusal instruct-hint"' in form.group()
    assert '<option value="bakery" selected>Mill Street Bakery</option>' in form.group()
    assert '<option value="no" selected>no</option>' in form.group()


def test_members_beneath_sign_the_call_for_a_referendum_and_then_vote_in_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = city_decision(steps)
    visitor = client.get(f"/motions/{motion.id}").text
    assert "0 of the 1 signatures (10% of the members beneath City Workers&#39; Council)" in visitor
    log_in(client, "boris")
    page = client.get(f"/motions/{motion.id}").text
    assert "Sign the call for a referendum</button>" in page
    before = record_size(sqlite_sovet)
    response = client.post(f"/motions/{motion.id}/referendum", data={"csrf": csrf_from(page)})
    assert response.status_code == 200
    assert record_size(sqlite_sovet) == before + 2  # the call, and the referendum's vote
    confirmed_under(response.text, "referendum", "You signed the call for a referendum.")
    assert "A referendum on this decision has been called" in response.text
    assert "Your vote on the referendum: overturn this decision?" in response.text
    log_in(client, "elena")
    outsider = client.get(f"/motions/{motion.id}").text
    assert "Sign the call for a referendum</button>" not in outsider
    refused = client.post(f"/motions/{motion.id}/referendum", data={"csrf": csrf_from(outsider)})
    assert refused.status_code == 403
    assert "Elena Sorokina is not a member of a council beneath" in refused.text
    assert record_size(sqlite_sovet) == before + 2


def test_the_decision_overturned_by_referendum_says_what_the_overturn_undid(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.file(
        "anna",
        "city",
        title="A higher quorum",
        matter="charter",
        kind="charter_amendment",
        effects=({"kind": "amend_charter", "changes": {"quorum": 0.6}},),
    )
    [vote] = steps.open("anna", motion)
    steps.cast("anna", vote, "yes")
    steps.cast("clara", vote, "yes")
    steps.close("anna", vote)
    call = steps.act(
        lambda store: call_referendum(
            store, CallReferendum(motion.id), actor=steps.members["boris"]
        )
    )
    assert call.vote is not None
    for who in ("boris", "dmitri", "clara"):  # three fifths of four: the amended quorum
        steps.cast(who, call.vote, "yes")
    steps.close("boris", call.vote)
    page = client.get(f"/motions/{motion.id}").text
    assert "<strong>Overturned by referendum.</strong>" in page
    assert "What the overturn undid:" in page
    said = "The quorum is restored to its value before the amendment."
    assert f"<li>{said}</li>" in page
    assert said in client.get("/councils/city/decisions").text
