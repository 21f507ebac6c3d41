"""An officer hides a comment as the office through the motion page's form, a member
opens an office's election through the elections page, and the indicators page draws the
councils' concentration as a chart beside its table."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from conftest import ElectOfficer
from sovet.bootstrap import Sovet
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.comment import PostComment, comment
from sovet.services.election_cycle import election_named
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council

from .conftest import csrf_from, log_in, refused_beside
from .federation import Federation


def test_a_secretary_hides_a_comment_as_the_office_and_a_member_opens_its_election(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, elect_officer: ElectOfficer
) -> None:
    elena, clara = federation.members["elena"], federation.members["clara"]
    with sqlite_sovet.db.transaction() as store:
        charter = {"offices": {"secretary": ["moderate"]}}
        found_base_council(
            store, FoundBaseCouncil("kiosk", "News Kiosk", "Kiosk", charter), actor=elena
        )
        admit_member(store, AdmitMember("kiosk", clara.id), actor=elena)
    elect_officer(sqlite_sovet, "kiosk", "secretary", elena, (clara, elena))
    with sqlite_sovet.db.transaction() as store:
        motion = file_motion(
            store,
            FileMotion("kiosk", "Open on Sundays", "We open on Sundays.", "workplace_organisation"),
            actor=clara,
        )
        posted = comment(store, PostComment(motion.id, "Buy my bicycle!"), actor=clara)
    log_in(client, "elena")
    page = client.get(f"/motions/{motion.id}")
    assert '<option value="secretary">the secretary of News Kiosk</option>' in page.text
    assert '<option value="">a member of News Kiosk</option>' not in page.text
    council = client.get("/councils/kiosk").text
    assert "Offices</dt><dd>the secretary (moderate comments)</dd>" in council
    form = client.get("/councils/kiosk/motions/new").text
    assert ">secretary: moderate comments</textarea>" in form
    hidden = client.post(
        f"/comments/{posted.id}/hide",
        data={"csrf": csrf_from(page.text), "reason": "Advertising", "office": "secretary"},
    )
    assert hidden.status_code == 200
    [entry] = [e for e in sqlite_sovet.db.entries(0) if e.kind == "comment.hidden"]
    assert entry.under.startswith("office:")
    page = client.get(f"/motions/{motion.id}")
    assert f'action="/comments/{posted.id}/show"' in page.text
    shown = client.post(
        f"/comments/{posted.id}/show",
        data={"csrf": csrf_from(page.text), "office": "secretary"},
    )
    assert shown.status_code == 200 and "Buy my bicycle!" in shown.text
    [again] = [e for e in sqlite_sovet.db.entries(0) if e.kind == "comment.shown"]
    assert again.under == entry.under
    hidden_entry = client.get(f"/record/{entry.position}").text
    linked = f'<a href="/motions/{motion.id}#comment-{posted.id}">a comment</a>'
    assert f"{linked} on" in hidden_entry and "hidden: “Advertising”" in hidden_entry
    assert 'as the secretary of <a href="/councils/kiosk">News Kiosk</a>' in hidden_entry
    assert "shown again" in client.get(f"/record/{again.position}").text

    elections = client.get("/councils/kiosk/elections")
    assert "Elect an officer" in elections.text and "counted by instant runoff" in elections.text
    assert '<label for="office-voting-days">Days of voting' in elections.text
    typed = {"constituency": "kiosk", "office": "secretary", "nomination_days": "30"}
    refused = client.post(
        "/councils/kiosk/elections",
        data={"csrf": csrf_from(elections.text), **typed, "voting_days": "3w"},
    )
    assert refused.status_code == 422
    reason = "Days of voting: a whole number of days, not '3w'"
    assert refused_beside(refused.text, "office-voting-days", reason) == "3w"
    assert re.search(r'<input id="office-nomination-days" [^>]*value="30"', refused.text)
    assert '<option value="secretary" selected>' in refused.text
    opened = client.post(
        "/councils/kiosk/elections",
        data={
            "csrf": csrf_from(elections.text),
            "constituency": "kiosk",
            "office": "secretary",
            "voting_days": "21",
        },
    )
    assert opened.status_code == 200
    assert "<h1>News Kiosk: the office of secretary</h1>" in opened.text
    with sqlite_sovet.db.reading() as store:
        election = election_named(store, int(str(opened.url).split("/")[-1].split("?")[0]))
    assert election.closes - election.nominations_close == timedelta(days=21)


def test_the_indicators_page_draws_each_councils_shares_against_its_warning_line(
    client: TestClient, federation: Federation
) -> None:
    page = client.get("/indicators")
    assert page.status_code == 200
    chart = page.text.split('<figure class="graph">')[1].split("</figure>")[0]
    assert 'role="img"' in chart and "The table below gives the same figures" in chart
    assert '<span class="bar-label">City Workers&#39; Council</span>' in chart
    assert "warns at" in chart
    assert "workplace: 2 of 4 (50%), Mill Street Bakery" in chart
    assert "<title>workplace: 1 of 1 (100%), Mill Street Bakery</title></rect>" in chart
    assert "100% ⚠" in chart and "warns at 50%" in chart
