"""A member changes their password and ends their other sessions through the API: the
sessions and tokens elsewhere stop working at once, the one in hand goes on."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import Inbox
from sovet.api.throttle import Throttle
from sovet.bootstrap import Sovet
from sovet.http import create_app

from .api_steps import PASSWORD, Api

NEW = "a new and longer passphrase"


def test_a_new_password_ends_every_other_session_and_the_old_password(api: Api) -> None:
    phone = api.register("Alma Reyes")
    laptop = api.log_in("alma@example.org")
    changed = api.client.put(
        "/api/me/password", json={"current": PASSWORD, "new": NEW}, headers=laptop.headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json() == {"ended": 1}
    assert api.client.get("/api/me", headers=laptop.headers).status_code == 200
    assert api.client.get("/api/me", headers=phone.headers).status_code == 401
    old = api.client.post("/api/sessions", json={"email": "alma@example.org", "password": PASSWORD})
    assert old.status_code == 401
    api.log_in("alma@example.org", NEW)


def test_logging_out_everywhere_else_keeps_this_session(api: Api) -> None:
    phone = api.register("Alma Reyes")
    laptop, tablet = api.log_in("alma@example.org"), api.log_in("alma@example.org")
    boris = api.register("Boris Ivanov")
    ended = api.client.delete("/api/sessions/others", headers=laptop.headers)
    assert ended.status_code == 200
    assert ended.json() == {"ended": 2}
    statuses = [
        api.client.get("/api/me", headers=who.headers).status_code
        for who in (phone, laptop, tablet, boris)
    ]
    assert statuses == [401, 200, 401, 200], "Boris's session is his own"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (
            {"current": "not her passphrase", "new": NEW},
            403,
            "current password: that is not your password",
        ),
        ({"current": PASSWORD, "new": "short"}, 422, "password: must be 10 to 200 characters"),
        (
            {"current": PASSWORD, "new": PASSWORD},
            422,
            "new password: the same as the current one",
        ),
        ({"current": PASSWORD}, 422, "new: field required"),
    ],
)
def test_a_password_change_refused_changes_nothing_and_ends_no_session(
    api: Api, body: dict[str, str], status: int, message: str
) -> None:
    phone = api.register("Alma Reyes")
    laptop = api.log_in("alma@example.org")
    refused = api.client.put("/api/me/password", json=body, headers=laptop.headers)
    assert refused.status_code == status
    assert refused.json()["error"].lower() == message.lower()
    assert api.client.get("/api/me", headers=phone.headers).status_code == 200
    api.log_in("alma@example.org")


def test_guessing_the_current_password_is_throttled_as_log_ins_are(api: Api) -> None:
    """A stolen session cannot guess its way to the password at argon2's pace."""
    alma = api.register("Alma Reyes")
    api.client.app.state.throttle = Throttle(clock=lambda: 0.0)
    guess = {"current": "not her passphrase", "new": NEW}
    statuses = [
        api.client.put("/api/me/password", json=guess, headers=alma.headers).status_code
        for _ in range(6)
    ]
    assert statuses == [403] * 5 + [429]
    right = {"current": PASSWORD, "new": NEW}
    waiting = api.client.put("/api/me/password", json=right, headers=alma.headers)
    assert waiting.status_code == 429
    assert waiting.headers["Retry-After"] == "1"
    login = api.client.post(
        "/api/sessions", json={"email": "alma@example.org", "password": PASSWORD}
    )
    assert login.status_code == 429, "the same count as the account's log-ins"


def test_nobody_changes_a_password_or_ends_sessions_without_logging_in(api: Api) -> None:
    api.register("Alma Reyes")
    changed = api.client.put("/api/me/password", json={"current": PASSWORD, "new": NEW})
    assert changed.status_code == 401
    assert api.client.delete("/api/sessions/others").status_code == 401


def test_a_forgotten_password_is_set_anew_with_the_code_e_mailed(
    inbox: Inbox, sovet: Sovet
) -> None:
    with TestClient(create_app(sovet)) as client:
        api = Api(client, sovet)
        phone = api.register("Alma Reyes")
        asked = client.post("/api/password/forgotten", json={"email": "alma@example.org"})
        assert asked.status_code == 202
        assert asked.json()["said"].startswith("if an account has this address, a link")
        [(to, message)] = inbox.messages
        assert to == ["alma@example.org"]
        code = message.get_payload(decode=True).decode().split("#code=")[1].split()[0]
        reset = client.post("/api/password/reset", json={"code": code, "password": NEW})
        assert reset.status_code == 201, reset.text
        assert reset.json()["member"]["name"] == "Alma Reyes"
        again = {"Authorization": f"Bearer {reset.json()['token']}"}
        assert client.get("/api/me", headers=again).status_code == 200
        assert client.get("/api/me", headers=phone.headers).status_code == 401
        used = client.post("/api/password/reset", json={"code": code, "password": NEW})
        assert used.status_code == 401
        assert used.json()["error"] == (
            "this link to set a new password is not valid: ask for a new one"
        )
        api.log_in("alma@example.org", NEW)


def test_asking_where_the_instance_sends_no_mail_is_refused(api: Api) -> None:
    api.register("Alma Reyes")
    asked = api.client.post("/api/password/forgotten", json={"email": "alma@example.org"})
    assert asked.status_code == 409
    assert asked.json()["error"] == (
        "this instance sends no e-mail, so it cannot send a link to set a new password"
    )


def test_a_made_up_code_sets_nothing(api: Api) -> None:
    api.register("Alma Reyes")
    made_up = api.client.post("/api/password/reset", json={"code": "x" * 43, "password": NEW})
    assert made_up.status_code == 401
    api.log_in("alma@example.org")


def test_an_address_moves_once_the_new_one_confirms_it(inbox: Inbox, sovet: Sovet) -> None:
    with TestClient(create_app(sovet)) as client:
        api = Api(client, sovet)
        alma = api.register("Alma Reyes")
        wrong = {"email": "alma@new.example", "password": "not her passphrase"}
        refused = client.put("/api/me/email", json=wrong, headers=alma.headers)
        assert refused.status_code == 403
        body = {"email": "alma@new.example", "password": PASSWORD}
        asked = client.put("/api/me/email", json=body, headers=alma.headers)
        assert asked.status_code == 200, asked.text
        assert asked.json()["email"] == "alma@example.org"
        assert asked.json()["confirmed"] is False
        assert inbox.to() == ["alma@example.org", "alma@new.example"]
        [text] = [
            m.get_payload(decode=True).decode()
            for _, m in inbox.messages
            if m["To"] == "alma@new.example"
        ]
        code = text.split("#code=")[1].split()[0]
        confirmed = client.post("/api/email/confirm", json={"code": code})
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json() == {"email": "alma@new.example", "confirmed": True, "said": None}
        assert client.post("/api/email/confirm", json={"code": code}).status_code == 401
        api.log_in("alma@new.example")


def test_without_mail_an_address_moves_at_once_unless_taken(api: Api) -> None:
    alma = api.register("Alma Reyes")
    api.register("Boris Ivanov")
    taken = {"email": "boris@example.org", "password": PASSWORD}
    refused = api.client.put("/api/me/email", json=taken, headers=alma.headers)
    assert refused.status_code == 409
    assert refused.json()["error"] == "email: boris@example.org is already registered"
    moved = {"email": "alma@new.example", "password": PASSWORD}
    done = api.client.put("/api/me/email", json=moved, headers=alma.headers)
    assert done.json() == {"email": "alma@new.example", "confirmed": True, "said": None}
    api.log_in("alma@new.example")
