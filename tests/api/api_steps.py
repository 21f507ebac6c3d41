"""The steps API tests repeat: registering, logging in, founding, acting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet

PASSWORD = "a long enough passphrase"


class Clock(Protocol):
    """The hand-moved clock of the ``clock`` fixture."""

    moment: datetime

    def advance(self, **delta: float) -> None: ...


def wait_until(clock: Clock, when: str) -> None:
    """Move the clock on to a moment the API gave, such as an election's ``closes``."""
    moment = datetime.fromisoformat(when)
    if moment > clock.moment:
        clock.advance(seconds=(moment - clock.moment).total_seconds())


@dataclass(frozen=True)
class Person:
    """A registered member and the header that logs their requests in."""

    id: int
    name: str
    email: str
    headers: dict[str, str]


class Api:
    """The API as a client sees it, with the steps most tests start from."""

    def __init__(self, client: TestClient, sovet: Sovet) -> None:
        self.client = client
        self.sovet = sovet

    def register(self, name: str) -> Person:
        email = name.split()[0].lower() + "@example.org"
        created = self.client.post(
            "/api/members", json={"name": name, "email": email, "password": PASSWORD}
        )
        assert created.status_code == 201, created.text
        return self.log_in(email)

    def log_in(self, email: str, password: str = PASSWORD) -> Person:
        session = self.client.post("/api/sessions", json={"email": email, "password": password})
        assert session.status_code == 201, session.text
        body = session.json()
        return Person(
            id=body["member"]["id"],
            name=body["member"]["name"],
            email=email,
            headers={"Authorization": f"Bearer {body['token']}"},
        )

    def act(self, who: Person, path: str, body: dict[str, Any]) -> Any:
        """POST a governing act that must succeed."""
        response = self.client.post(path, json=body, headers=who.headers)
        assert response.status_code == 201, response.text
        return response.json()

    def act_csv(self, who: Person, council: str, csv_text: str) -> Any:
        """Import a member list that must be accepted."""
        response = self.client.post(
            f"/api/councils/{council}/members/import",
            content=csv_text,
            headers={**who.headers, "Content-Type": "text/csv"},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def found_base(self, who: Person, slug: str, name: str) -> Any:
        return self.act(
            who, "/api/councils/base", {"slug": slug, "name": name, "workplace": f"{name} site"}
        )

    def elect(
        self,
        clock: Clock,
        council: str,
        constituency: str,
        delegates: list[Person],
        electors: list[Person],
    ) -> Any:
        """The constituency elects ``delegates`` to its seats in ``council``, the only way a
        seat is filled: the first elector opens the election and nominates each delegate
        in order, each consents, every elector ranks them in that order, and the first
        closes it, each when the charter's periods are up. The closed election."""
        opener = electors[0]
        path = f"/api/councils/{council}/elections"
        election = self.act(opener, path, {"constituency": constituency})["election"]
        path = f"/api/elections/{election['id']}"
        for delegate in delegates:
            self.act(opener, f"{path}/nominations", {"member": delegate.id})
            if delegate.id != opener.id:
                self.act(delegate, f"{path}/consent", {})
        wait_until(clock, election["nominations_close"])
        ranking = [delegate.id for delegate in delegates]
        for elector in electors:
            self.act(elector, f"{path}/ballots", {"ranking": ranking})
        wait_until(clock, election["closes"])
        return self.act(opener, f"{path}/closing", {})

    def get(self, path: str, who: Person | None = None) -> Any:
        response = self.client.get(path, headers=None if who is None else who.headers)
        assert response.status_code == 200, response.text
        return response.json()

    def record_size(self) -> int:
        return sum(1 for _ in self.sovet.db.bodies())
