"""The election pages: opening, standing, nominating with consent, a ranked ballot as a
plain form checked on the server, closing, and the results stage by stage."""

from __future__ import annotations

import re
from typing import Protocol

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet

from .conftest import csrf_from, log_in, record_size
from .federation import Federation


class Clock(Protocol):
    def advance(self, **delta: float) -> None: ...


def post(client: TestClient, page: str, action: str, data: dict[str, str]) -> object:
    token = csrf_from(client.get(page).text)
    return client.post(action, data={"csrf": token, **data}, follow_redirects=False)


def opened(client: TestClient) -> str:
    log_in(client, "anna")
    response = post(
        client,
        "/councils/city/elections",
        "/councils/city/elections",
        {"constituency": "bakery", "nomination_days": "2", "voting_days": "2"},
    )
    location = response.headers["location"]  # type: ignore[attr-defined]
    assert re.fullmatch(r"/elections/\d+\?done=opened", location)
    return location.split("?")[0]


def test_an_election_runs_on_its_pages_from_nomination_to_a_chart_of_the_count(
    client: TestClient, federation: Federation, sqlite_sovet: Sovet, clock: Clock
) -> None:
    boris = federation.members["boris"]
    page = opened(client)
    post(client, page, f"{page}/nominations", {"nominee": str(federation.members["anna"].id)})
    post(client, page, f"{page}/nominations", {"nominee": str(boris.id)})
    waiting = client.get(page).text
    assert "Waiting for consent" in waiting
    assert "Boris Kuznetsov (nominated by Anna Petrova)" in waiting
    log_in(client, "boris")
    post(client, page, f"{page}/consent", {})
    post(client, page, f"{page}/statement", {"text": "Bread *for all*."})
    assert "<em>for all</em>" in client.get(page).text
    clock.advance(days=2)

    ballot = client.get(page).text
    assert '<select id="rank-' in ballot and "Cast my ballot" in ballot
    before = record_size(sqlite_sovet)
    anna_id = federation.members["anna"].id
    gap = post(client, page, f"{page}/ballot", {f"rank-{boris.id}": "2"})
    assert gap.status_code == 422  # type: ignore[attr-defined]
    refused = gap.text  # type: ignore[attr-defined]
    assert "rank 1 is skipped" in refused and '<option value="2" selected>2</option>' in refused
    assert record_size(sqlite_sovet) == before
    cast = post(client, page, f"{page}/ballot", {f"rank-{boris.id}": "1", f"rank-{anna_id}": "2"})
    receipt = re.search(r'<code class="hash">([\w-]+)</code>', cast.text)  # type: ignore[attr-defined]
    assert receipt is not None
    log_in(client, "anna")
    post(client, page, f"{page}/ballot", {f"rank-{anna_id}": "1"})
    clock.advance(days=2)

    closed = post(client, page, f"{page}/close", {})
    assert closed.status_code == 303  # type: ignore[attr-defined]
    results = client.get(page).text
    assert (
        '<svg viewBox="0 0 640' in results and "<caption>Votes at each stage</caption>" in results
    )
    assert "elected" in results and "substitute" not in results
    checked = post(client, page, f"{page}/receipt", {"receipt": receipt.group(1)})
    assert "among those published and counted" in checked.text  # type: ignore[attr-defined]
    listing = client.get("/councils/bakery/elections").text
    assert f'href="{page}"' in listing
