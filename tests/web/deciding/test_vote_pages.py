"""Votes on the pages: opening a due vote, the vote control, live and closed results, a
secret ballot's receipt shown once and checked after the close, and my open votes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sovet.bootstrap import Sovet
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from ..conftest import (
    REFUSED_AT_TOP,
    confirmed_under,
    csrf_from,
    log_in,
    record_size,
    refused_at_top,
)
from .deliberation import AGENDA_DAYS, VOTING_DAYS, Deliberation


def vote_block(page: str, vote_id: int) -> str:
    found = re.search(
        rf'<article class="vote[^"]*" aria-labelledby="vote-{vote_id}">.*?</article>', page, re.S
    )
    assert found is not None, f"vote {vote_id} is not on the page"
    return found.group()


def test_opening_a_vote_before_its_agenda_period_ends_is_refused_naming_when(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "Open the vote</button>" not in page
    before = record_size(sqlite_sovet)
    response = client.post(f"/motions/{motion.id}/votes", data={"csrf": csrf_from(page)})
    assert response.status_code == 409
    assert "opens at 2026-08-07T09:00:00.000000Z" in response.text
    assert record_size(sqlite_sovet) == before


def test_any_member_opens_a_due_vote_from_the_page_with_the_register_frozen(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    steps.clock.advance(days=AGENDA_DAYS)
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "Its vote is due: any member of the council may open it now" in page
    response = client.post(
        f"/motions/{motion.id}/votes", data={"csrf": csrf_from(page)}, follow_redirects=False
    )
    assert response.headers["location"] == f"/motions/{motion.id}?done=opened#votes"
    [vote] = steps.votes_on(motion)
    shown = client.get(response.headers["location"]).text
    confirmed_under(
        shown, "votes", "The vote is open. The register of voters was frozen as it opened."
    )
    block = vote_block(shown, vote.id)
    assert "Your vote on the motion" in block
    assert '<span data-count="turnout">0</span> of 5 on the register have voted' in block
    assert "Quorum: 3 votes needed (50% of 5 members)" in block
    assert "Threshold: simple majority of votes cast." in block


def test_a_member_votes_from_the_page_and_the_count_shows_it_at_once(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    steps.cast("galina", vote, "yes")
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    block = vote_block(page, vote.id)
    assert f'data-live-vote="{vote.id}"' in block
    assert 'aria-live="polite"' in block
    assert '<dd data-count="yes">1</dd>' in block
    assert '<script src="/static/live-results.js" defer></script>' in page
    assert f'href="#vote-{vote.id}" data-refresh>reload the page</a>' in block
    before = record_size(sqlite_sovet)
    response = client.post(
        f"/votes/{vote.id}/ballot",
        data={"csrf": csrf_from(page), "choice": "no"},
        follow_redirects=False,
    )
    assert response.headers["location"] == (
        f"/motions/{motion.id}?done=voted&done_on={vote.id}#vote-{vote.id}"
    )
    assert record_size(sqlite_sovet) == before + 1
    voted = client.get(response.headers["location"]).text
    confirmed_under(voted, f"vote-{vote.id}", "Your vote is cast.")
    block = vote_block(voted, vote.id)
    assert '<dd data-count="yes">1</dd>' in block
    assert '<dd data-count="no">1</dd>' in block
    assert "you have voted" in block
    assert "Cast my vote" not in block
    assert "Katya Volkova</a></td>\n            <td>no</td>" in block


def test_the_live_results_script_reads_the_votes_tally_that_the_page_polls(
    client: TestClient, steps: Deliberation
) -> None:
    _, vote = steps.voting()
    steps.cast("ivan", vote, "abstain")
    script = client.get("/static/live-results.js")
    assert script.status_code == 200
    assert '"/api/votes/" + encodeURIComponent(id) + "/tally"' in script.text
    counts = client.get(f"/api/votes/{vote.id}/tally").json()
    assert (counts["yes"], counts["no"], counts["abstain"], counts["turnout"]) == (0, 0, 1, 1)
    assert (counts["state"], counts["version"]) == ("open", 1)


def test_voting_twice_off_the_register_with_a_bad_choice_or_after_the_close_is_refused(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    steps.cast("katya", vote, "yes")
    log_in(client, "katya")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    twice = client.post(f"/votes/{vote.id}/ballot", data={"csrf": token, "choice": "no"})
    assert twice.status_code == 409
    refused_at_top(twice.text, f"Katya Volkova has already voted in vote {vote.id}")
    log_in(client, "ivan")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    bad = client.post(f"/votes/{vote.id}/ballot", data={"csrf": token, "choice": "maybe"})
    assert bad.status_code == 422
    assert "Your vote: choose Yes, No or Abstain, then cast it" in bad.text
    log_in(client, "boris")
    outsider = client.get(f"/motions/{motion.id}").text
    assert "You are not on this vote" in outsider
    token = csrf_from(outsider)
    off = client.post(f"/votes/{vote.id}/ballot", data={"csrf": token, "choice": "yes"})
    assert off.status_code == 403
    refused_at_top(off.text, "is not on the register of vote")
    steps.clock.advance(days=VOTING_DAYS)
    log_in(client, "ivan")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    late = client.post(f"/votes/{vote.id}/ballot", data={"csrf": token, "choice": "yes"})
    assert late.status_code == 409
    refused_at_top(late.text, f"vote {vote.id} closed at")
    assert record_size(sqlite_sovet) == before
    missing = client.post("/votes/99999/ballot", data={"csrf": token, "choice": "yes"})
    assert missing.status_code == 404


def test_closing_a_vote_before_its_time_is_refused_and_after_it_shows_the_result(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    for who, choice in (("galina", "yes"), ("fyodor", "yes"), ("katya", "no")):
        steps.cast(who, vote, choice)
    log_in(client, "ivan")
    page = client.get(f"/motions/{motion.id}").text
    assert "Close the vote and count it" not in page
    before = record_size(sqlite_sovet)
    early = client.post(f"/votes/{vote.id}/close", data={"csrf": csrf_from(page)})
    assert early.status_code == 409
    assert f"vote {vote.id} is open until" in early.text
    assert record_size(sqlite_sovet) == before
    steps.clock.advance(days=VOTING_DAYS)
    page = client.get(f"/motions/{motion.id}").text
    assert "The voting time is over: close the vote to count it." in page
    closed = client.post(f"/votes/{vote.id}/close", data={"csrf": csrf_from(page)})
    assert closed.status_code == 200
    confirmed_under(closed.text, f"vote-{vote.id}", "The vote was closed and its result recorded.")
    block = vote_block(closed.text, vote.id)
    assert "data-live-vote" not in block
    assert '<strong class="verdict verdict-passed">Passed</strong>' in block
    assert "passed by the simple majority rule: 2 yes, 1 no, 0 abstaining." in block
    assert "Quorum met: 3 votes needed" in block
    assert '<span data-count="turnout">3</span> of 5 on the register voted.' in block
    assert '<h2 id="decision">Decision</h2>' in closed.text


def test_a_vote_without_quorum_shows_that_it_was_not_passed_and_why(
    client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.decided(ballots={"galina": "yes", "katya": "abstain"})
    page = client.get(f"/motions/{motion.id}").text
    block = vote_block(page, vote.id)
    assert '<strong class="verdict verdict-failed">Not passed</strong>' in block
    assert "no quorum: 2 of 5 voted, 2.50 needed (1 yes, 0 no, 1 abstaining)" in block
    assert "Quorum not met: 3 votes needed (50% of 5 members)." in block
    assert "It was not passed." in page
    assert 'id="decision"' not in page


def test_a_secret_ballot_gives_its_receipt_once_and_the_receipt_checks_after_the_close(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion = steps.scheduled()
    katya = steps.members["katya"]
    steps.act(
        lambda store: request_secret_ballot(store, RequestSecretBallot(motion.id), actor=katya)
    )
    [vote] = steps.open("galina", motion)
    assert vote.secret
    log_in(client, "katya")
    page = client.get(f"/motions/{motion.id}").text
    assert "This vote is secret: the record shows that you voted, never how." in page
    response = client.post(
        f"/votes/{vote.id}/ballot", data={"csrf": csrf_from(page), "choice": "no"}
    )
    assert response.status_code == 200
    found = re.search(
        rf"Your receipt for vote {vote.id}:</strong> <code class=\"hash\">([^<]+)</code>",
        response.text,
    )
    assert found is not None
    receipt = found.group(1)
    assert "it is shown only this once" in response.text
    top, _, rest = response.text.partition('<div class="motion-body">')
    assert "Your vote is cast." in top, "confirmed beside the receipt, where the page opens"
    assert "Your vote is cast." not in rest
    again = client.get(f"/motions/{motion.id}").text
    assert receipt not in again
    block = vote_block(again, vote.id)
    assert 'data-count="yes"' not in block
    assert "This vote is secret: its ballots are counted" in block
    assert "Who has voted, not how (1)" in block
    for who in ("galina", "fyodor"):
        steps.cast(who, vote, "yes")
    steps.close("galina", vote)
    closed = client.get(f"/motions/{motion.id}").text
    assert '<dd data-count="no">1</dd>' in vote_block(closed, vote.id)
    assert f'<label for="receipt-{vote.id}">Check a receipt of vote {vote.id}</label>' in closed
    before = record_size(sqlite_sovet)
    checked = client.post(
        f"/votes/{vote.id}/receipt", data={"csrf": csrf_from(closed), "receipt": receipt}
    )
    assert checked.status_code == 200
    assert "Your ballot was counted, as no." in checked.text
    wrong = client.post(
        f"/votes/{vote.id}/receipt", data={"csrf": csrf_from(closed), "receipt": "not-mine"}
    )
    assert "No ballot with this receipt is among the ballots published" in wrong.text
    assert record_size(sqlite_sovet) == before


def test_my_open_votes_lists_the_votes_waiting_for_me_on_its_page_and_at_home(
    client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    steps.cast("galina", vote, "yes")
    log_in(client, "galina")
    mine = client.get("/me/votes").text
    assert f'href="/motions/{motion.id}#vote-{vote.id}">Rotate the night shift</a>' in mine
    assert '<span class="tag tag-active">voted</span>' in mine
    log_in(client, "katya")
    home = client.get("/").text
    section = re.search(r'<h2 id="my-votes">My open votes</h2>(.*?)</section>', home, re.S)
    assert section is not None
    assert "Rotate the night shift" in section.group(1)
    assert "not voted yet" in section.group(1)
    log_in(client, "clara")
    assert "No open vote waits for you." in client.get("/me/votes").text


def test_my_open_votes_needs_a_logged_in_member(client: TestClient, steps: Deliberation) -> None:
    response = client.get("/me/votes")
    assert response.status_code == 401
    assert 'href="/login?next=/me/votes"' in response.text


def test_a_ballot_with_nothing_ticked_or_a_forged_choice_is_refused_beside_the_vote(
    sqlite_sovet: Sovet, client: TestClient, steps: Deliberation
) -> None:
    motion, vote = steps.voting()
    log_in(client, "ivan")
    token = csrf_from(client.get(f"/motions/{motion.id}").text)
    before = record_size(sqlite_sovet)
    for sent in ({}, {"choice": ""}, {"choice": "x" * 5000}):
        refused = client.post(f"/votes/{vote.id}/ballot", data={"csrf": token, **sent})
        assert refused.status_code == 422
        block = vote_block(refused.text, vote.id)
        assert f'<fieldset aria-describedby="vote-{vote.id}-refusal">' in block
        assert (
            f'<p class="field-refusal" id="vote-{vote.id}-refusal"><strong>Refused:</strong> '
            "Your vote: choose Yes, No or Abstain, then cast it</p>"
        ) in block
        assert 'value="yes" required autofocus>' in block
        assert REFUSED_AT_TOP not in refused.text, "the reason stands beside the vote only"
        assert "choice:" not in refused.text
        assert "xxxxxxxxxx" not in refused.text
    assert record_size(sqlite_sovet) == before
