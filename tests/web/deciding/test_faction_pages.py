"""Factions on the pages: forming, joining and leaving freely, platforms and statements,
with a statement on a motion shown beside it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.domain.entrenched import BY_KEY
from sovet.domain.factions import Faction
from sovet.services.form_faction import FormFaction, form_faction

from ..conftest import confirmed_under, csrf_from, log_in, record_size
from .deliberation import SHOP, Deliberation


def caucus(steps: Deliberation, who: str = "katya") -> Faction:
    request = FormFaction("Day Shift Caucus", "We want **no night shifts** at all.")
    return steps.act(lambda store: form_faction(store, request, actor=steps.members[who]))


def test_the_factions_page_lists_every_faction_with_its_platform_and_the_rule(
    client: TestClient, steps: Deliberation
) -> None:
    caucus(steps)
    page = client.get("/factions")
    assert page.status_code == 200
    assert "Day Shift Caucus</a>" in page.text
    assert "1 member</p>" in page.text
    assert "We want **no night shifts** at all." in page.text
    assert BY_KEY["faction_rights"].text in page.text
    assert 'href="/login?next=/factions"' in page.text


def test_a_member_forms_a_faction_and_lands_on_its_page_with_the_platform_rendered(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    log_in(client, "elena")
    page = client.get("/factions").text
    before = record_size(sqlite_sovet)
    response = client.post(
        "/factions",
        data={"csrf": csrf_from(page), "name": "Left Opposition", "platform": "*Democracy* now."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert re.fullmatch(r"/factions/\d+\?done=formed", response.headers["location"])
    assert record_size(sqlite_sovet) == before + 1
    shown = client.get(response.headers["location"]).text
    assert "<h1>Left Opposition</h1>" in shown
    assert "<p><em>Democracy</em> now.</p>" in shown
    assert "you belong to it" in shown
    assert "Leave the faction</button>" in shown


def test_a_faction_with_a_taken_name_or_no_platform_is_refused_keeping_what_was_typed(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    caucus(steps)
    log_in(client, "ivan")
    token = csrf_from(client.get("/factions").text)
    before = record_size(sqlite_sovet)
    taken = client.post(
        "/factions", data={"csrf": token, "name": "Day Shift Caucus", "platform": "Mine."}
    )
    assert taken.status_code == 409
    assert "Day Shift Caucus" in taken.text and "already" in taken.text
    assert ">Mine.</textarea>" in taken.text
    empty = client.post("/factions", data={"csrf": token, "name": "Quiet", "platform": ""})
    assert empty.status_code == 422
    assert "platform: must not be empty" in empty.text
    assert record_size(sqlite_sovet) == before


def test_a_member_joins_and_leaves_a_faction_freely_and_cannot_join_twice(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    faction = caucus(steps)
    log_in(client, "ivan")
    page = client.get(f"/factions/{faction.id}").text
    assert "Members (1)" in page
    joined = client.post(f"/factions/{faction.id}/join", data={"csrf": csrf_from(page)})
    assert joined.status_code == 200
    assert "You joined the faction." in joined.text
    assert "Members (2)" in joined.text
    before = record_size(sqlite_sovet)
    twice = client.post(f"/factions/{faction.id}/join", data={"csrf": csrf_from(page)})
    assert twice.status_code == 409
    assert record_size(sqlite_sovet) == before
    left = client.post(f"/factions/{faction.id}/leave", data={"csrf": csrf_from(page)})
    assert left.status_code == 200
    assert "You left the faction." in left.text
    assert "Members (1)" in left.text
    assert "Join the faction</button>" in left.text
    again = client.post(f"/factions/{faction.id}/leave", data={"csrf": csrf_from(page)})
    assert again.status_code == 409
    assert client.get("/factions/99999").status_code == 404


def test_a_statement_on_a_motion_is_published_beside_it_from_the_motions_page(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    faction = caucus(steps)
    motion = steps.file("galina")
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert f'<input type="hidden" name="faction" value="{faction.id}">' in page
    assert "A statement of Day Shift Caucus on this motion" in page
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/motions/{motion.id}/statements",
        data={
            "csrf": csrf_from(page),
            "faction": str(faction.id),
            "text": "The caucus **opposes** this rota.",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/motions/{motion.id}?done=published#statements"
    assert record_size(sqlite_sovet) == before + 1
    shown = client.get(response.headers["location"]).text
    confirmed_under(shown, "statements", "The statement was published beside the motion.")
    aside = re.search(r'<aside aria-labelledby="statements".*?</aside>', shown, re.S)
    assert aside is not None
    assert f'<a href="/factions/{faction.id}">Day Shift Caucus</a>' in aside.group()
    assert "The caucus <strong>opposes</strong> this rota." in aside.group()
    faction_page = client.get(f"/factions/{faction.id}").text
    assert f'on <a href="/motions/{motion.id}#statements">motion {motion.id}</a>' in faction_page


def test_a_statement_in_general_is_published_on_the_factions_page(
    client: TestClient, steps: Deliberation
) -> None:
    faction = caucus(steps)
    log_in(client, "katya")
    page = client.get(f"/factions/{faction.id}").text
    response = client.post(
        f"/factions/{faction.id}/statements",
        data={"csrf": csrf_from(page), "text": "We meet on Fridays."},
    )
    assert response.status_code == 200
    assert "Statements (1)" in response.text
    assert "<p>We meet on Fridays.</p>" in response.text


def test_only_a_factions_members_publish_in_its_name(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    faction = caucus(steps)
    motion = steps.file("galina")
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert 'id="statement-form"' not in page
    before = record_size(sqlite_sovet)
    on_motion = client.post(
        f"/motions/{motion.id}/statements",
        data={"csrf": csrf_from(page), "faction": str(faction.id), "text": "Forged."},
    )
    assert on_motion.status_code == 403
    assert "Ivan Popov does not belong to Day Shift Caucus" in on_motion.text
    general = client.post(
        f"/factions/{faction.id}/statements", data={"csrf": csrf_from(page), "text": "Forged."}
    )
    assert general.status_code == 403
    assert record_size(sqlite_sovet) == before


def test_a_councils_factions_are_those_with_members_in_it(
    client: TestClient, steps: Deliberation
) -> None:
    caucus(steps)
    caucus_elsewhere = FormFaction("Bakers for Bread", "Bread for all.")
    steps.act(lambda store: form_faction(store, caucus_elsewhere, actor=steps.members["boris"]))
    page = client.get(f"/factions?council={SHOP}").text
    assert "<h1>Factions in Print Shop Collective</h1>" in page
    assert "Day Shift Caucus</a>" in page
    assert "Bakers for Bread" not in page
    assert "Bakers for Bread</a>" in client.get("/factions?council=bakery").text
    assert client.get("/factions?council=no-such").status_code == 404
