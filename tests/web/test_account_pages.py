"""Logging in and out, first log-in with an invitation, registering, and CSRF."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sovet.api.deps import SESSION_COOKIE
from sovet.api.throttle import Throttle
from sovet.bootstrap import Sovet
from sovet.services.import_members import ImportMembers, import_members

from .conftest import csrf_from, log_in, record_size
from .federation import PASSWORD, Federation


def test_logging_in_sets_an_http_only_same_site_session_cookie_and_shows_my_councils(
    client: TestClient, federation: Federation
) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "email": "anna@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "Max-Age=2592000" in cookie, "kept as long as the session works: 30 days"
    assert "samesite=lax" in cookie.lower()
    home = client.get("/")
    assert "<h1>My councils</h1>" in home.text
    assert "Mill Street Bakery" in home.text
    assert "Congress of Councils" in home.text


def test_a_wrong_password_is_refused_with_401_and_opens_no_session(
    client: TestClient, federation: Federation
) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf": token, "email": "anna@example.org", "password": "not-her-password"}
    )
    assert response.status_code == 401
    assert "wrong e-mail or password" in response.text
    assert 'value="anna@example.org"' in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_guesser_is_told_how_long_to_wait_on_the_log_in_page(
    client: TestClient, federation: Federation
) -> None:
    client.app.state.throttle = Throttle(clock=lambda: 0.0)
    token = csrf_from(client.get("/login").text)
    guess = {"csrf": token, "email": "anna@example.org", "password": "not-her-password"}
    statuses = [client.post("/login", data=guess).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    waiting = client.post("/login", data={**guess, "password": PASSWORD})
    assert waiting.status_code == 429
    assert waiting.headers["Retry-After"] == "1"
    assert "too many failed log-ins to this account from your address: try again in 1 s" in (
        waiting.text
    )
    assert 'value="anna@example.org"' in waiting.text
    assert SESSION_COOKIE not in client.cookies


def test_logging_out_ends_the_session_on_the_server_too(
    client: TestClient, federation: Federation
) -> None:
    log_in(client, "anna")
    session = client.cookies[SESSION_COOKIE]
    token = csrf_from(client.get("/").text)
    response = client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?done=logged_out"
    assert SESSION_COOKIE not in client.cookies
    assert "You are logged out on this device." in client.get("/login?done=logged_out").text
    client.cookies.set(SESSION_COOKIE, session)
    assert "The federation at a glance" in client.get("/").text


def test_after_logging_in_the_member_returns_to_the_page_they_came_from_but_never_off_site(
    client: TestClient, federation: Federation
) -> None:
    for target, expected in (("/councils/city", "/councils/city"), ("//evil.example", "/")):
        client.cookies.clear()
        token = csrf_from(client.get("/login").text)
        response = client.post(
            "/login",
            data={
                "csrf": token,
                "email": "boris@example.org",
                "password": PASSWORD,
                "next": target,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_a_form_without_its_csrf_token_is_refused_before_anything_runs(
    client: TestClient, federation: Federation
) -> None:
    response = client.post(
        "/login", data={"email": "anna@example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "security token" in response.text
    assert SESSION_COOKIE not in client.cookies


def test_a_csrf_token_of_another_browser_is_refused(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    log_in(client, "anna")
    with TestClient(client.app) as other:
        log_in(other, "boris")
        borrowed = csrf_from(other.get("/councils/bakery").text)
    before = record_size(sqlite_sovet)
    elena = federation.members["elena"].id
    response = client.post("/councils/bakery/admit", data={"csrf": borrowed, "member": elena})
    assert response.status_code == 403
    assert record_size(sqlite_sovet) == before


def test_a_member_imported_by_their_council_logs_in_the_first_time_with_the_invitation_code(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    with sqlite_sovet.db.transaction() as store:
        (imported,) = import_members(
            store,
            ImportMembers("textile", "name,email\nFarid Haddad,farid@example.org\n"),
            actor=federation.members["dmitri"],
        )
    assert imported.invitation is not None
    token = csrf_from(client.get("/claim").text)
    wrong = client.post(
        "/claim",
        data={
            "csrf": token,
            "email": "farid@example.org",
            "code": "not-the-code",
            "password": "a long new password",
        },
    )
    assert wrong.status_code == 401
    assert "invitation code is not valid" in wrong.text
    response = client.post(
        "/claim",
        data={
            "csrf": token,
            "email": "farid@example.org",
            "code": imported.invitation,
            "password": "a long new password",
        },
    )
    assert response.status_code == 200
    assert "Logged in as" in response.text
    assert "Farid Haddad" in response.text
    assert "Red Thread Textile Works" in response.text


def test_registering_makes_a_member_logs_them_in_and_writes_one_record_entry(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    before = record_size(sqlite_sovet)
    token = csrf_from(client.get("/register").text)
    form = {
        "csrf": token,
        "name": "Galina Ivanova",
        "email": "galina@example.org",
        "password": "a long password",
    }
    response = client.post("/register", data=form)
    assert response.status_code == 200
    assert "Logged in as" in response.text
    assert "Galina Ivanova" in response.text
    assert record_size(sqlite_sovet) == before + 1


def test_registering_an_e_mail_twice_is_refused_with_409_and_writes_nothing(
    sqlite_sovet: Sovet, client: TestClient, federation: Federation
) -> None:
    before = record_size(sqlite_sovet)
    token = csrf_from(client.get("/register").text)
    form = {
        "csrf": token,
        "name": "Anna Again",
        "email": "anna@example.org",
        "password": "a long password",
    }
    response = client.post("/register", data=form)
    assert response.status_code == 409
    assert "anna@example.org is already registered" in response.text
    assert record_size(sqlite_sovet) == before
