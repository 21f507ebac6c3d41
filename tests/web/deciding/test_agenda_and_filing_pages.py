"""A council's agenda, and filing a motion from its form: preview, effects, refusals."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from conftest import ElectDelegates
from services.congress import seated_council, statements_and_rows
from services.federation import PASSWORD, email_of
from services.federation import Federation as Congress
from sovet.bootstrap import Sovet
from sovet.domain.charter import Charter
from sovet.domain.entrenched import BY_KEY
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.web.filing import changed_rules, charter_fields

from ..conftest import csrf_from, log_in, record_size, refused_at_top, refused_beside
from .deliberation import MATTER, SHOP, Deliberation

NEW = f"/councils/{SHOP}/motions/new"


def filing(token: str, **fields: str) -> dict[str, str]:
    form = {"csrf": token, "title": "A longer lunch", "text": "Lunch lasts an hour."}
    return form | {"kind": "resolution", "matter": MATTER, "action": "file"} | fields


def test_the_agenda_shows_motions_gathering_support_scheduled_voting_and_decided(
    client: TestClient, steps: Deliberation
) -> None:
    decided, _ = steps.decided(title="Buy a second press")
    steps.voting(title="Rotate the night shift")
    steps.scheduled(title="Open on Saturdays")
    steps.file("ivan", title="Paint the workshop green")
    page = client.get(f"/councils/{SHOP}/agenda")
    assert page.status_code == 200
    sections = dict(re.findall(r'<h2 id="agenda-(\w+)">.*?</h2>(.*?)</section>', page.text, re.S))
    assert "Rotate the night shift" in sections["voting"]
    assert "Voting on the motion until" in sections["voting"]
    assert "0 of 5 have voted" in sections["voting"]
    assert "Open on Saturdays" in sections["scheduled"]
    assert "Its vote opens <time" in sections["scheduled"]
    assert "Paint the workshop green" in sections["gathering"]
    assert "1 of 3 supporters needed" in sections["gathering"]
    assert f'href="/motions/{decided.id}"' in sections["decided"]
    assert "3 yes, 1 no, 0 abstaining; quorum met" in sections["decided"]
    assert "Log in</a> to file or support a motion" in page.text


def test_a_motion_whose_agenda_period_is_over_shows_that_its_vote_is_due(
    client: TestClient, steps: Deliberation
) -> None:
    steps.scheduled(title="Open on Saturdays")
    steps.clock.advance(days=14)
    page = client.get(f"/councils/{SHOP}/agenda")
    assert "Its vote is due: the next act of any member in the council opens it." in page.text


def test_the_council_page_links_to_its_agenda_decisions_and_factions(
    client: TestClient, steps: Deliberation
) -> None:
    page = client.get(f"/councils/{SHOP}").text
    assert f'href="/councils/{SHOP}/agenda"' in page
    assert f'href="/councils/{SHOP}/decisions"' in page
    assert f'href="/factions?council={SHOP}"' in page


def test_a_member_files_a_motion_and_lands_on_its_page_as_its_first_supporter(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "katya")
    form = client.get(f"/councils/{SHOP}/agenda")
    assert f'href="{NEW}"' in form.text
    page = client.get(NEW)
    assert '<option value="membership">membership</option>' in page.text
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/councils/{SHOP}/motions", data=filing(csrf_from(page.text)), follow_redirects=False
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/motions/\d+\?done=filed", response.headers["location"])
    assert record_size(sqlite_sovet) == before + 1
    shown = client.get(response.headers["location"]).text
    assert "<h1>A longer lunch</h1>" in shown
    assert "The motion was filed, with you as its first supporter." in shown
    assert "1 of the 3 supporters it needs to go on the agenda." in shown
    assert "<p>Lunch lasts an hour.</p>" in shown


def test_the_preview_renders_the_text_on_the_server_shows_raw_html_as_text_and_files_nothing(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "katya")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    text = "We *insist*.\n\n<script>alert('x')</script>"
    response = client.post(
        f"/councils/{SHOP}/motions", data=filing(token, text=text, action="preview")
    )
    assert response.status_code == 200
    assert "Preview: A longer lunch" in response.text
    assert "<p>We <em>insist</em>.</p>" in response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(" in response.text
    assert 'value="A longer lunch"' in response.text
    assert record_size(sqlite_sovet) == before


def test_a_motion_outside_the_councils_competence_is_refused_naming_who_decides_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "katya")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    response = client.post(f"/councils/{SHOP}/motions", data=filing(token, matter="coordination"))
    assert response.status_code == 422
    reason = (
        "Print Shop Collective cannot decide 'coordination': it is outside the competence its "
        "charter gives it; City Workers' Council decides it"
    )
    assert refused_beside(response.text, "motion-title", reason) == "A longer lunch"
    assert ">Lunch lasts an hour.</textarea>" in response.text
    assert 'value="A longer lunch"' in response.text
    assert record_size(sqlite_sovet) == before


def test_a_motion_expelling_a_member_for_their_faction_is_refused_citing_the_rule(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    katya = steps.members["katya"].id
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(token, matter="membership", expel=str(katya), grounds="faction_membership"),
    )
    assert response.status_code == 403
    assert "for belonging to a faction" in response.text
    assert escape(BY_KEY["faction_rights"].text) in response.text
    assert record_size(sqlite_sovet) == before


def test_a_motion_about_a_person_says_so_and_that_its_vote_is_secret(
    client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    ivan = steps.members["ivan"].id
    response = client.post(
        f"/councils/{SHOP}/motions", data=filing(token, matter="membership", about=str(ivan))
    )
    assert response.status_code == 200
    assert f"It is about member {ivan}; its vote is secret." in response.text


def test_an_oversized_or_empty_text_and_a_member_number_that_is_not_one_are_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    for fields, field, reason in (
        ({"text": "x" * 20_001}, "motion-text", "Text: at most 20000 characters, not 20001"),
        ({"text": "   "}, "motion-text", "Text: must not be empty"),
        ({"title": ""}, "motion-title", "Title: must not be empty"),
        (
            {"matter": "Lunch!"},
            "motion-matter",
            "Kind of matter: 'Lunch!' is not a kind of matter (2-40 lowercase letters, digits and "
            "underscores)",
        ),
        (
            {"about": "Ivan"},
            "motion-about",
            "About a member: a member's number is a whole number, not 'Ivan'",
        ),
        (
            {"expel": "²"},
            "motion-expel",
            "Expels the member numbered: a member's number is a whole number, not '²'",
        ),
        (
            {"kind": "decree"},
            "motion-title",
            "kind: must be a resolution or a charter amendment, not 'decree'",
        ),
        (
            {"admit": "bakery", "admit_seats": "x"},
            "motion-title",  # a workplace's council is offered no field to admit a council
            "Seats it fills: the seats admitted are a whole number, not 'x'",
        ),
    ):
        response = client.post(f"/councils/{SHOP}/motions", data=filing(token, **fields))
        assert response.status_code == 422, fields
        typed = filing(token, **fields).get(field.removeprefix("motion-"), "")
        kept = "" if fields == {"matter": "Lunch!"} else typed  # no kind of matter offered
        assert refused_beside(response.text, field, reason) == kept
    assert record_size(sqlite_sovet) == before


def test_a_charter_amendment_from_the_charter_fields_carries_only_the_rules_it_changes(
    client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert 'name="charter-quorum" value="50"' in page
    assert 'name="charter-support_threshold" value="50"' in page
    assert (
        'name="charter-decides" value="membership, workplace organisation, books, delegation"'
        in page
    )
    fields = dict(re.findall(r'name="(charter-[a-z_]+)" value="([^"]*)"', page))
    fields |= {"charter-threshold": "simple", "charter-charter_threshold": "two_thirds"}
    fields |= {"charter-quorum": "60", "charter-voting_period_days": "10"}
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="") | fields,
    )
    assert response.status_code == 200
    assert "charter amendment in" in response.text
    assert "It changes the charter: the quorum to 60%; the voting period to 10 days." in (
        response.text
    )
    assert "<dt>Kind of matter</dt><dd>charter</dd>" in response.text


def test_a_charter_amendment_moves_votes_to_hours_and_one_leaving_less_than_an_hour_is_refused(
    client: TestClient, steps: Deliberation, sqlite_sovet: Sovet
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert 'name="charter-voting_period_days" value="7"' in page
    assert 'name="charter-voting_period_hours" value="0"' in page
    before = record_size(sqlite_sovet)
    none = {"charter-voting_period_days": "0", "charter-voting_period_hours": "0"}
    refused = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="") | none,
    )
    assert refused.status_code == 422
    assert (
        "charter: a vote is open at least an hour: the voting period (voting_period_days) and "
        "the hours the voting period has beyond its days (voting_period_hours) cannot both be 0"
    ) in html.unescape(refused.text)
    assert record_size(sqlite_sovet) == before
    hours = {"charter-voting_period_days": "0", "charter-voting_period_hours": "2"}
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="") | hours,
    )
    assert response.status_code == 200
    assert (
        "the voting period to 0 days; the hours the voting period has beyond its days to 2 hours"
    ) in html.unescape(response.text)
    [filed] = [
        e
        for e in steps.sovet.db.entries(0)
        if e.kind == "motion.filed" and e.payload["kind"] == "charter_amendment"
    ]
    assert filed.payload["effects"][0]["changes"] == {
        "voting_period_days": 0,
        "voting_period_hours": 2,
    }


def test_a_charter_amendment_names_the_matters_in_words_and_the_charter_holds_their_keys(
    client: TestClient, steps: Deliberation
) -> None:
    """The matters are shown and typed by their plain names; the amendment carries them
    as the charter holds them, and one typed as a key is taken alike."""
    log_in(client, "galina")
    page = client.get(NEW).text
    decides = "membership, Workplace organisation, books, delegation, canteen  menu, shift_rota"
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="")
        | {"charter-decides": decides},
    )
    assert response.status_code == 200
    assert (
        "It changes the charter: the kinds of matter it decides to membership, workplace "
        "organisation, books, delegation, canteen menu, shift rota."
    ) in response.text
    [filed] = [
        e
        for e in steps.sovet.db.entries(0)
        if e.kind == "motion.filed" and e.payload["kind"] == "charter_amendment"
    ]
    assert filed.payload["effects"][0]["changes"] == {
        "decides": [
            "membership",
            "workplace_organisation",
            "books",
            "delegation",
            "canteen_menu",
            "shift_rota",
        ]
    }


@pytest.mark.parametrize("typed", ["Lunch!", "x", "2nd shift", "canteen-menu"])
def test_a_kind_of_matter_typed_wrong_is_refused_in_the_words_members_type(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, typed: str
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    refused = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(token, kind="charter_amendment")
        | {"charter-delegates_upward": f"canteen menu, {typed}"},
    )
    assert refused.status_code == 422
    assert (
        f"charter: Delegates upward (kinds of matter, separated by commas): &#39;{typed}&#39; is "
        "not a kind of matter; one is 2-40 letters, digits and spaces, beginning with a letter"
    ) in refused.text
    assert "underscores" not in refused.text
    assert record_size(sqlite_sovet) == before


def test_a_charter_amendment_names_the_powers_in_words_and_the_charter_holds_their_keys(
    client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert 'name="charter-member_powers" value="keep the books"' in page
    assert 'placeholder="secretary: admit members"' in page
    changes = {
        "charter-member_powers": "keep the books, Admit  members",
        "charter-offices": "secretary: moderate comments\r\nchair: admit_members\r\n",
    }
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="") | changes,
    )
    assert response.status_code == 200
    assert (
        "It changes the charter: the powers of every member to keep the books, admit members; "
        "the offices to the chair (admit members), the secretary (moderate comments)."
    ) in response.text
    [filed] = [
        e
        for e in steps.sovet.db.entries(0)
        if e.kind == "motion.filed" and e.payload["kind"] == "charter_amendment"
    ]
    assert filed.payload["effects"][0]["changes"] == {
        "member_powers": ["keep_books", "admit_members"],
        "offices": {"secretary": ["moderate"], "chair": ["admit_members"]},
    }


def test_a_charter_amendment_names_the_kinds_of_demand_in_words_and_the_charter_holds_their_keys(
    client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert (
        "Proposes demand for (consumption, public services, investment), separated by commas"
    ) in page
    assert "public_services" not in page
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="")
        | {"charter-proposes_demand": "Public  services, investment"},
    )
    assert response.status_code == 200
    assert (
        "It changes the charter: the kinds of demand it proposes to public services, investment."
    ) in response.text
    [filed] = [
        e
        for e in steps.sovet.db.entries(0)
        if e.kind == "motion.filed" and e.payload["kind"] == "charter_amendment"
    ]
    assert filed.payload["effects"][0]["changes"] == {
        "proposes_demand": ["public_services", "investment"]
    }
    typed_as_keys = {"proposes_demand": "public_services, investment"}
    charter = Charter(proposes_demand=("public_services", "investment"))
    assert changed_rules(typed_as_keys, charter) == {}
    [shown] = [f for f in charter_fields(charter, {}) if f.name == "proposes_demand"]
    assert shown.value == "public services, investment"


def test_a_charter_amendment_from_the_form_creates_offices_and_changes_every_kind_of_rule(
    client: TestClient, steps: Deliberation
) -> None:
    """Offices (one a line), the election method (chosen from a list), the rotation and
    the concentration warning are charter rules the form amends like any other."""
    log_in(client, "galina")
    page = client.get(NEW).text
    assert '<option value="stv" selected>single transferable vote (Scottish rules)' in page
    assert 'name="charter-rotation_pause_months" value="0"' in page
    assert 'name="charter-concentration_warning_share" value="50"' in page
    changes = {
        "charter-offices": "secretary: admit_members\r\nchair: moderate, admit_members\r\n",
        "charter-election_method": "meek",
        "charter-rotation_pause_months": "6",
        "charter-concentration_warning_share": "40",
    }
    response = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(csrf_from(page), kind="charter_amendment", matter="") | changes,
    )
    assert response.status_code == 200
    assert (
        "It changes the charter: the share at which concentration warns to 40%; the election "
        "method to single transferable vote (Meek&#39;s method); the offices to the chair "
        "(moderate comments, admit members), the secretary (admit members); the pause before "
        "standing again to 6 months."
    ) in response.text


@pytest.mark.parametrize(
    ("offices", "words"),
    [
        ("secretary admit_members", "line 1 (&#39;secretary admit_members&#39;) must read as"),
        ("chair: moderate\nchair: admit_members", "the office &#39;chair&#39; is listed twice"),
        ("chair: open_vote", "include &#39;open_vote&#39;, which no office holds"),
        (
            "chair: dissolve",
            "the powers of the chair include &#39;dissolve&#39;; an office&#39;s powers are "
            "among moderate comments (moderate), admit members (admit_members)",
        ),
        ("chair: moderate\n" * 200, "longer than 2,000 characters"),
    ],
)
def test_offices_typed_wrong_are_refused_naming_the_line_and_nothing_is_written(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, offices: str, words: str
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    refused = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(token, kind="charter_amendment") | {"charter-offices": offices},
    )
    assert refused.status_code == 422
    reason = re.search(
        r'id="charter-offices-refusal"><strong>Refused:</strong> ([^<]*)<', refused.text
    )
    assert reason is not None and words in reason.group(1)
    assert (
        refused_beside(refused.text, "charter-offices", html.unescape(reason.group(1))) == offices
    )
    assert record_size(sqlite_sovet) == before


@pytest.mark.parametrize(
    ("rule", "typed"),
    [
        ("term_months", "Infinity"),
        ("term_months", "1e3"),
        ("quorum", "sNaN"),
        ("quorum", "1e999999999"),
        ("quorum", "NaN"),
    ],
)
def test_a_rule_typed_as_an_infinity_an_exponent_or_not_a_number_is_refused_as_not_a_number(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, rule: str, typed: str
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    refused = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(token, kind="charter_amendment") | {f"charter-{rule}": typed},
    )
    assert refused.status_code == 422
    assert f"&#39;{typed}&#39; is not a number" in refused.text
    assert record_size(sqlite_sovet) == before


def test_a_charter_amendment_that_changes_nothing_or_a_rule_badly_is_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    fields = dict(re.findall(r'name="(charter-[a-z_]+)" value="([^"]*)"', page))
    token = csrf_from(page)
    before = record_size(sqlite_sovet)
    unchanged = client.post(
        f"/councils/{SHOP}/motions", data=filing(token, kind="charter_amendment") | fields
    )
    assert unchanged.status_code == 422
    reason = "charter: a charter amendment changes at least one rule of the charter"
    assert refused_beside(unchanged.text, "charter-decides", reason) == fields["charter-decides"]
    closing = fields | {"charter-support_threshold": "80"}
    refused = client.post(
        f"/councils/{SHOP}/motions", data=filing(token, kind="charter_amendment") | closing
    )
    assert refused.status_code == 422
    reason = (
        "charter: Support that puts a motion on the agenda (%): must be above 0% and at most "
        f"50%, not 80%: {BY_KEY['agenda_from_below'].text}"
    )
    assert refused_beside(refused.text, "charter-support_threshold", reason) == "80"
    assert record_size(sqlite_sovet) == before


@pytest.mark.parametrize(
    ("rule", "typed", "words"),
    [
        ("quorum", "150", "Quorum (% of members or seats): must be between 0% and 100%, not 150%"),
        (
            "planning_tolerance",
            "-5",
            "Shortfall of the plan ray a balanced plan tolerates (%): must be between 0% and "
            "100%, not -5%",
        ),
        (
            "recall_petition_threshold",
            "60",
            "Recall petition (% of the constituency): must be above 0% and at most 50%, not "
            f"60%: {escape(BY_KEY['instant_recall'].text)}",
        ),
        (
            "secret_vote_share",
            "0",
            "Requests that make a vote secret (%): must be above 0% and at most 50%, not 0%",
        ),
    ],
)
def test_a_share_out_of_its_range_is_refused_in_percent_as_the_form_takes_it(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation, rule: str, typed: str, words: str
) -> None:
    log_in(client, "galina")
    token = csrf_from(client.get(NEW).text)
    before = record_size(sqlite_sovet)
    refused = client.post(
        f"/councils/{SHOP}/motions",
        data=filing(token, kind="charter_amendment") | {f"charter-{rule}": typed},
    )
    assert refused.status_code == 422
    assert f"charter: {words}" in refused.text
    assert "between 0 and 1" not in refused.text
    assert record_size(sqlite_sovet) == before


def test_a_delegate_files_in_a_delegate_council_on_behalf_of_their_constituency(
    client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "anna")
    page = client.get("/councils/city/motions/new").text
    assert '<option value="bakery">on behalf of Mill Street Bakery</option>' in page
    response = client.post(
        "/councils/city/motions",
        data=filing(csrf_from(page), matter="coordination", on_behalf_of="bakery"),
    )
    assert response.status_code == 200
    assert 'for <a href="/councils/bakery">Mill Street Bakery</a>' in response.text


def test_filing_needs_standing_in_the_council_and_a_logged_in_member(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    visitor = client.get(NEW)
    assert f'href="/login?next={NEW}"' in visitor.text
    token = csrf_from(client.get("/login").text)
    before = record_size(sqlite_sovet)
    assert client.post(f"/councils/{SHOP}/motions", data=filing(token)).status_code == 401
    log_in(client, "boris")
    outsider = client.get(NEW)
    assert "Only members of Print Shop Collective file motions here." in outsider.text
    assert 'name="title"' not in outsider.text
    refused = client.post(f"/councils/{SHOP}/motions", data=filing(csrf_from(outsider.text)))
    assert refused.status_code == 403
    refused_at_top(refused.text, "Boris Kuznetsov is not a member of Print Shop Collective")
    assert record_size(sqlite_sovet) == before


def test_a_form_sent_without_its_security_token_is_refused_before_anything_runs(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    before = record_size(sqlite_sovet)
    response = client.post(f"/councils/{SHOP}/motions", data=filing("forged"))
    assert response.status_code == 403
    assert "security token is missing or out of date" in response.text
    assert record_size(sqlite_sovet) == before


def test_the_kind_of_matter_is_chosen_by_its_plain_name_and_a_refused_form_keeps_the_choice(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert '<option value="workplace_organisation">workplace organisation</option>' in page
    response = client.post(
        f"/councils/{SHOP}/motions", data=filing(csrf_from(page), text=" ", matter="books")
    )
    assert response.status_code == 422
    assert '<option value="books" selected>books</option>' in response.text


def test_the_kind_of_matter_is_required_and_an_empty_one_is_asked_for_in_the_forms_words(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "galina")
    page = client.get(NEW).text
    assert re.search(r'<select id="motion-matter" name="matter"[^>]* required[ >]', page)
    assert '<option value="">choose a kind of matter</option>' in page
    before = record_size(sqlite_sovet)
    response = client.post(f"/councils/{SHOP}/motions", data=filing(csrf_from(page), matter=""))
    assert response.status_code == 422
    assert "Kind of matter: choose the kind of matter the resolution is about" in response.text
    assert "matter: &#39;&#39;" not in response.text
    assert 'value="A longer lunch"' in response.text
    assert ">Lunch lasts an hour.</textarea>" in response.text
    assert record_size(sqlite_sovet) == before


def test_the_filing_form_reads_alike_in_councils_of_200_seats_and_of_10(
    sqlite_sovet: Sovet, client: TestClient, elect_delegates: ElectDelegates
) -> None:
    """The constituencies a delegate may file for are looked up from their own seats,
    not every seat of the council."""
    congress = Congress(sqlite_sovet, elect_delegates)
    small, small_delegate = seated_council(congress, "small", 10)
    large, large_delegate = seated_council(congress, "large", 200)
    pages: list[str] = []

    def form(delegate: Member, council: Council) -> tuple[int, int]:
        token = csrf_from(client.get("/login").text)
        login = {"csrf": token, "email": email_of(delegate.name), "password": PASSWORD}
        assert client.post("/login", data=login, follow_redirects=False).status_code == 303
        address = f"/councils/{council.slug}/motions/new"
        return statements_and_rows(congress, lambda: pages.append(client.get(address).text))

    assert form(large_delegate, large) == form(small_delegate, small)
    assert '<option value="large-0">on behalf of' in pages[0]
    assert '<option value="small-0">on behalf of' in pages[1]
