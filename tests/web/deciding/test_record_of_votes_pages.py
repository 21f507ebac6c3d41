"""The public record of a council's votes, in words: who voted on which motion, linked,
and for a secret vote never how."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from ..conftest import record_size
from .deliberation import Deliberation


def words(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_record_says_who_voted_how_on_which_motion_with_links(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    steps.cast("katya", vote, "no")
    page = client.get("/record").text
    assert "Katya Volkova voted no on “Rotate the night shift” (Print Shop Collective)" in words(
        page
    )
    assert f'<a href="/motions/{motion.id}">“Rotate the night shift”</a>' in page
    assert "vote.cast (version 1)" not in words(page)


def test_a_secret_ballots_entry_says_who_voted_and_never_how(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    katya = steps.members["katya"]
    steps.act(
        lambda store: request_secret_ballot(store, RequestSecretBallot(motion.id), actor=katya)
    )
    [vote] = steps.open("galina", motion)
    steps.cast("katya", vote, "abstain")
    position = record_size(sqlite_sovet) - 1
    page = client.get(f"/record/{position}").text
    said = words(page)
    assert (
        "Katya Volkova cast a secret ballot on “Rotate the night shift” (Print Shop Collective)"
        in said
    )
    assert "abstain" not in said
    assert f'<a href="/motions/{motion.id}#vote-{vote.id}">the vote</a>' in page
