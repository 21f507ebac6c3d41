"""Members through the API: registering, sessions, invitations, and what is public."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sovet.api.throttle import Throttle
from sovet.services.credentials import hash_password

from .api_steps import PASSWORD, Api


def test_a_registered_member_is_in_the_record_by_name_only(api: Api) -> None:
    response = api.client.post(
        "/api/members",
        json={
            "name": "Alma Reyes",
            "email": "alma@example.org",
            "password": PASSWORD,
            "contact": "+33 4 00 00 00 00",
        },
    )
    assert response.status_code == 201, response.text
    registered = response.json()
    entry = api.get(f"/api/record/{registered['entries'][0]}")["entry"]
    assert entry["kind"] == "member.registered"
    assert entry["payload"] == {"name": "Alma Reyes"}


def test_a_public_member_view_never_shows_an_e_mail_address_or_contact(api: Api) -> None:
    alma = api.register("Alma Reyes")
    api.found_base(alma, "acme-works", "Acme Works")
    api.client.post(
        "/api/councils/acme-works/members/import",
        content="name,email,contact\nCarla Moretti,carla@example.org,+33 4 11 11 11 11\n",
        headers={**alma.headers, "Content-Type": "text/csv"},
    )
    carla = api.get("/api/councils/acme-works")["members"][1]

    for path in (f"/api/members/{carla['id']}", "/api/councils/acme-works", "/api/record"):
        text = api.client.get(path).text
        assert "Carla Moretti" in text
        assert "carla@example.org" not in text
        assert "+33 4 11" not in text


def test_a_logged_out_token_stops_working_at_once(api: Api) -> None:
    alma = api.register("Alma Reyes")
    assert api.get("/api/me", alma)["name"] == "Alma Reyes"

    assert api.client.delete("/api/sessions/current", headers=alma.headers).status_code == 204
    response = api.client.get("/api/me", headers=alma.headers)
    assert response.status_code == 401
    assert "log in first" in response.json()["error"]


def test_a_wrong_password_logs_nobody_in(api: Api) -> None:
    api.register("Alma Reyes")
    response = api.client.post(
        "/api/sessions", json={"email": "alma@example.org", "password": "not her passphrase"}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "wrong e-mail or password"


class Seconds:
    """A clock for the log-in throttle that the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_guesser_waits_after_five_failures_and_the_member_elsewhere_does_not(
    api: Api,
) -> None:
    api.register("Alma Reyes")
    seconds = Seconds()
    api.client.app.state.throttle = Throttle(clock=seconds)
    guess = {"email": "alma@example.org", "password": "not her passphrase"}
    for _ in range(5):
        assert api.client.post("/api/sessions", json=guess).status_code == 401
    right = {"email": "alma@example.org", "password": PASSWORD}
    waiting = api.client.post("/api/sessions", json=right)
    assert waiting.status_code == 429, "not heard, the right password neither"
    assert waiting.headers["Retry-After"] == "1"
    assert waiting.json() == {
        "error": "too many failed log-ins to this account from your address: try again in 1 s"
    }
    elsewhere = TestClient(api.client.app, client=("198.51.100.7", 50000))
    assert elsewhere.post("/api/sessions", json=right).status_code == 201

    seconds.now += 1
    assert api.client.post("/api/sessions", json=guess).status_code == 401
    seconds.now += 1.5
    assert api.client.post("/api/sessions", json=right).headers["Retry-After"] == "1"
    seconds.now += 0.5
    assert api.client.post("/api/sessions", json=right).status_code == 201
    assert api.client.post("/api/sessions", json=guess).status_code == 401, "counted anew"


def carlas_claim(api: Api) -> dict[str, str]:
    """Alma founds the works and imports Carla, who may claim her invitation with this."""
    alma = api.register("Alma Reyes")
    api.found_base(alma, "acme-works", "Acme Works")
    imported = api.act_csv(alma, "acme-works", "name,email\nCarla Moretti,carla@example.org\n")
    return {
        "email": "carla@example.org",
        "code": imported["imported"][0]["invitation"],
        "password": "carla's own passphrase",
    }


def test_an_invitation_code_works_once(api: Api) -> None:
    claim = carlas_claim(api)

    first = api.client.post("/api/invitations/claim", json=claim)
    assert first.status_code == 201, first.text
    assert first.json()["member"]["name"] == "Carla Moretti"
    again = api.client.post("/api/invitations/claim", json=claim | {"password": "a takeover try"})
    assert again.status_code == 401
    assert "invitation code is not valid" in again.json()["error"]
    assert api.log_in("carla@example.org", "carla's own passphrase").name == "Carla Moretti"


def test_a_member_already_registered_is_admitted_by_import_without_an_invitation(
    api: Api,
) -> None:
    alma = api.register("Alma Reyes")
    boris = api.register("Boris Kalnins")
    api.found_base(alma, "acme-works", "Acme Works")

    imported = api.act_csv(alma, "acme-works", "name,email\nBoris Kalnins,boris@example.org\n")
    assert imported["imported"] == [
        {"member": {"id": boris.id, "name": boris.name}, "email": boris.email, "invitation": None}
    ]
    assert [c["slug"] for c in api.get("/api/me", boris)["councils"]] == ["acme-works"]


def test_a_member_turns_their_e_mail_notices_off_and_on_for_themselves(api: Api) -> None:
    ana = api.register("Ana")
    size = api.record_size()
    off = api.client.put("/api/me/notices", json={"wanted": False}, headers=ana.headers)
    assert (off.status_code, off.json()) == (200, {"wanted": False})
    with api.sovet.db.reading() as store:
        account = store.account(ana.id)
    assert account is not None and account.notices is False
    on = api.client.put("/api/me/notices", json={"wanted": True}, headers=ana.headers)
    assert on.json() == {"wanted": True}
    assert api.record_size() == size, "a private setting writes nothing to the record"
    anonymous = api.client.put("/api/me/notices", json={"wanted": False})
    assert anonymous.status_code == 401
    wrong = api.client.put("/api/me/notices", json={"wanted": "no"}, headers=ana.headers)
    assert wrong.status_code == 422 and "wanted" in wrong.json()["error"]


def test_passwords_are_hashed_before_the_writers_transaction_not_inside_it(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 takes a tenth of a second or more: registering or claiming an invitation
    hashes before it takes the one writer's lock, so that votes never wait on it."""
    writer = api.sovet.db._writer  # held from a group's BEGIN to its commit
    held_while_hashing: list[bool] = []

    def hashing(password: str) -> str:
        held_while_hashing.append(writer.locked())
        return hash_password(password)

    monkeypatch.setattr("sovet.services.register_member.hash_password", hashing)
    monkeypatch.setattr("sovet.services.log_in.hash_password", hashing)
    claim = carlas_claim(api)
    assert api.client.post("/api/invitations/claim", json=claim).status_code == 201
    assert held_while_hashing == [False, False]
