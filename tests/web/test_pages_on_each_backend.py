"""Every page renders from real data on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from conftest import Clock
from sovet.bootstrap import Sovet

from .conftest import log_in, page_client
from .federation import COUNCILS, seed


def test_every_page_renders_the_seeded_federation_on_each_backend(
    sovet: Sovet, clock: Clock
) -> None:
    federation = seed(sovet, clock)
    anna = federation.members["anna"].id
    pages = ["/", "/councils", "/federation", "/record", "/record/verify", "/record/0"]
    pages += [f"/councils/{slug}" for slug in COUNCILS] + [f"/members/{anna}"]
    with page_client(sovet) as client:
        for path in pages:
            assert client.get(path).status_code == 200, path
        log_in(client, "anna")
        home = client.get("/")
        assert "Congress of Councils" in home.text
        assert "The record verifies." in client.get("/record/verify").text
        assert "the proof holds" in client.get("/record/7").text
