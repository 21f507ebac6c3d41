"""Deciding through the JSON API: file, support, amend, vote, decide, report, and the
refusals, each a 4xx that names the problem and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import pytest
from httpx2 import Response
from sqlalchemy import Engine, event

from .api_steps import Api, Person

AGENDA_DAYS = 14
VOTING_DAYS = 7
TEXT = "The works moves to a **six hour** shift.\n\nIt starts in June."


class Clock(Protocol):
    """The hand-moved clock of the ``clock`` fixture."""

    def advance(self, **delta: float) -> None: ...


@dataclass(frozen=True)
class Works:
    ana: Person
    boris: Person
    vera: Person

    @property
    def members(self) -> tuple[Person, ...]:
        return (self.ana, self.boris, self.vera)


@pytest.fixture
def works(api: Api) -> Works:
    """A works of three members; a motion needs two supporters to go on the agenda."""
    ana, boris, vera = (api.register(name) for name in ("Ana Lopez", "Boris Ek", "Vera Sand"))
    api.act(
        ana,
        "/api/councils/base",
        {
            "slug": "works",
            "name": "Works",
            "workplace": "Works site",
            "charter": {"support_threshold": 0.5, "secret_vote_share": 0.3},
        },
    )
    for member in (boris, vera):
        api.act(ana, "/api/councils/works/members", {"member": member.id})
    return Works(ana, boris, vera)


def refused(response: Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    message = response.json()["error"]
    for word in words:
        assert word in message, message


def vote_opened(api: Api, works: Works, clock: Clock) -> dict[str, Any]:
    """The vote Ana opens on her motion, supported by Boris, at the end of its agenda
    period."""
    motion = file(api, works.ana)["motion"]
    api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})
    clock.advance(days=AGENDA_DAYS)
    [vote] = api.act(works.ana, f"/api/motions/{motion['id']}/votes", {})["votes"]
    return vote


def file(api: Api, who: Person, **fields: Any) -> dict[str, Any]:
    body = {"title": "Six hour shifts", "text": TEXT, "matter": "workplace_organisation"} | fields
    answer: dict[str, Any] = api.act(who, "/api/councils/works/motions", body)
    return answer


def test_a_motion_goes_from_filing_through_amendment_and_vote_to_a_decision_with_a_minority_report(
    api: Api, works: Works, clock: Clock
) -> None:
    filed = file(api, works.ana)
    motion = filed["motion"]
    assert (motion["state"], motion["council"]["slug"], motion["filed_by"]) == (
        "filed",
        "works",
        works.ana.id,
    )
    assert len(filed["entries"]) == 1
    agenda = api.get("/api/councils/works/agenda")
    [gathering] = agenda["gathering"]
    assert (gathering["supporters"], gathering["supporters_needed"]) == (1, 2)
    amended = api.act(
        works.vera,
        f"/api/motions/{motion['id']}/amendments",
        {"original": "six hour", "replacement": "five hour"},
    )
    supported = api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})
    assert supported["motion"]["state"] == "on_agenda"
    assert supported["motion"]["due"] is not None
    clock.advance(days=AGENDA_DAYS)
    opened = api.act(works.boris, f"/api/motions/{motion['id']}/votes", {})
    [amendment_vote] = opened["votes"]
    assert (amendment_vote["subject"], amendment_vote["amendment"]) == ("amendment", amended["id"])
    for member in works.members:
        api.act(member, f"/api/votes/{amendment_vote['id']}/ballots", {"choice": "yes"})
    clock.advance(days=VOTING_DAYS)
    closed = api.act(works.ana, f"/api/votes/{amendment_vote['id']}/closing", {})
    assert (closed["passed"], closed["yes"]) == (True, 3)
    detail = api.get(f"/api/motions/{motion['id']}")
    assert detail["motion"]["state"] == "voting"
    assert "five hour" in detail["text"]
    assert "<strong>five hour</strong>" in detail["text_html"]
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert "+The works moves to a **five hour** shift." in detail["versions"][1]["diff"]
    assert detail["amendments"][0]["state"] == "accepted"
    motion_vote = detail["votes"][-1]
    assert motion_vote["subject"] == "motion"
    api.act(works.ana, f"/api/votes/{motion_vote['id']}/ballots", {"choice": "yes"})
    api.act(works.boris, f"/api/votes/{motion_vote['id']}/ballots", {"choice": "yes"})
    api.act(works.vera, f"/api/votes/{motion_vote['id']}/ballots", {"choice": "no"})
    live = api.get(f"/api/votes/{motion_vote['id']}")
    assert (live["yes"], live["no"], live["turnout"], live["closed"]) == (2, 1, 3, None)
    assert [(b["member"]["name"], b["choice"]) for b in live["ballots"]] == [
        ("Ana Lopez", "yes"),
        ("Boris Ek", "yes"),
        ("Vera Sand", "no"),
    ]
    clock.advance(days=VOTING_DAYS)
    api.act(works.vera, f"/api/votes/{motion_vote['id']}/closing", {})
    report = api.act(
        works.vera, f"/api/motions/{motion['id']}/minority-reports", {"text": "Too fast."}
    )
    [decision] = api.get("/api/councils/works/decisions")
    assert decision["motion"]["id"] == motion["id"]
    assert decision["text"] == TEXT.replace("six hour", "five hour")
    assert (decision["vote"]["yes"], decision["vote"]["no"], decision["vote"]["passed"]) == (
        2,
        1,
        True,
    )
    assert [(r["id"], r["author"]["name"], r["text"]) for r in decision["minority_reports"]] == [
        (report["id"], "Vera Sand", "Too fast.")
    ]


def secret_motion_vote(api: Api, works: Works, clock: Clock) -> int:
    motion = file(api, works.ana)["motion"]
    api.act(works.vera, f"/api/motions/{motion['id']}/secret-ballot-requests", {})
    api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})
    clock.advance(days=AGENDA_DAYS)
    [vote] = api.act(works.ana, f"/api/motions/{motion['id']}/votes", {})["votes"]
    assert vote["secret"] is True
    vote_id: int = vote["id"]
    return vote_id


def test_a_secret_vote_shows_only_its_turnout_until_it_closes_and_receipts_check_ballots(
    api: Api, works: Works, clock: Clock
) -> None:
    vote = secret_motion_vote(api, works, clock)
    cast = api.act(works.boris, f"/api/votes/{vote}/ballots", {"choice": "no"})
    assert cast["receipt"]
    api.act(works.ana, f"/api/votes/{vote}/ballots", {"choice": "yes"})
    live = api.get(f"/api/votes/{vote}")
    assert (live["yes"], live["no"], live["abstain"], live["turnout"]) == (None, None, None, 2)
    assert live["ballots"] == []
    assert sorted(v["name"] for v in live["voters"]) == ["Ana Lopez", "Boris Ek"]
    entry = api.get(f"/api/record/{cast['entries'][0]}")["entry"]
    assert entry["payload"] == {"vote": vote, "secret": True}
    clock.advance(days=VOTING_DAYS)
    api.act(works.ana, f"/api/votes/{vote}/closing", {})
    check = api.client.post(f"/api/votes/{vote}/receipt", json={"receipt": cast["receipt"]})
    assert check.status_code == 200, check.text
    assert check.json() == {"vote": vote, "counted": True, "choice": "no"}
    wrong = api.client.post(f"/api/votes/{vote}/receipt", json={"receipt": "guess"})
    assert wrong.json() == {"vote": vote, "counted": False, "choice": None}
    closed = api.get(f"/api/votes/{vote}")
    assert (closed["yes"], closed["no"]) == (1, 1)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent to ``engine`` inside the block."""
    sent: list[str] = []

    def capture(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def test_a_votes_tally_is_its_live_counts_alone_and_answers_304_while_nothing_changed(
    api: Api, works: Works, clock: Clock
) -> None:
    vote = vote_opened(api, works, clock)
    path = f"/api/votes/{vote['id']}/tally"
    api.act(works.ana, f"/api/votes/{vote['id']}/ballots", {"choice": "yes"})
    api.act(works.vera, f"/api/votes/{vote['id']}/ballots", {"choice": "no"})
    with statements(api.sovet.db.engine) as sent:
        first = api.client.get(path)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "id": vote["id"],
        "state": "open",
        "secret": False,
        "closes": vote["closes"],
        "on_register": 3,
        "turnout": 2,
        "yes": 1,
        "no": 1,
        "abstain": 0,
        "passed": None,
        "version": 2,
    }
    assert [s for s in sent if s.lstrip().upper().startswith("SELECT")] == [sent[-1]]
    assert (first.headers["etag"], first.headers["cache-control"]) == ('"2"', "no-cache")
    same = api.client.get(path, headers={"If-None-Match": '"2"'})
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", '"2"')
    assert api.client.get(path, headers={"If-None-Match": 'W/"1", W/"2"'}).status_code == 304
    api.act(works.boris, f"/api/votes/{vote['id']}/ballots", {"choice": "abstain"})
    changed = api.client.get(path, headers={"If-None-Match": '"2"'})
    assert changed.status_code == 200
    assert (changed.json()["abstain"], changed.json()["version"]) == (1, 3)
    assert changed.headers["etag"] == '"3"'
    clock.advance(days=VOTING_DAYS)
    api.act(works.ana, f"/api/votes/{vote['id']}/closing", {})
    closed = api.client.get(path, headers={"If-None-Match": '"3"'})
    assert closed.status_code == 200
    assert {k: closed.json()[k] for k in ("state", "turnout", "yes", "passed", "version")} == {
        "state": "closed",
        "turnout": 3,
        "yes": 1,
        "passed": False,
        "version": 4,
    }
    refused(api.client.get("/api/votes/4242/tally"), 404, "there is no vote 4242")


def test_a_secret_votes_tally_shows_only_its_turnout_until_it_closes(
    api: Api, works: Works, clock: Clock
) -> None:
    vote = secret_motion_vote(api, works, clock)
    path = f"/api/votes/{vote}/tally"
    api.act(works.boris, f"/api/votes/{vote}/ballots", {"choice": "no"})
    after_no = api.client.get(path)
    api.act(works.ana, f"/api/votes/{vote}/ballots", {"choice": "yes"})
    live = api.client.get(path)
    assert {k: live.json()[k] for k in ("state", "secret", "turnout", "version")} == {
        "state": "open",
        "secret": True,
        "turnout": 2,
        "version": 2,
    }
    assert (live.json()["yes"], live.json()["no"], live.json()["abstain"]) == (None, None, None)
    assert live.json()["passed"] is None
    # A no and then a yes read as any two ballots would: the turnout, nothing else, moved.
    assert after_no.json() | {"turnout": 2, "version": 2} == live.json()
    assert (after_no.headers["etag"], live.headers["etag"]) == ('"1"', '"2"')
    clock.advance(days=VOTING_DAYS)
    api.act(works.ana, f"/api/votes/{vote}/closing", {})
    closed = api.client.get(path).json()
    assert (closed["state"], closed["yes"], closed["no"], closed["abstain"]) == ("closed", 1, 1, 0)


def test_my_open_votes_lists_what_is_waiting_for_me(api: Api, works: Works, clock: Clock) -> None:
    vote = secret_motion_vote(api, works, clock)
    api.act(works.ana, f"/api/votes/{vote}/ballots", {"choice": "yes"})
    mine = api.get("/api/me/votes", works.ana)
    theirs = api.get("/api/me/votes", works.vera)
    assert [(v["vote"], v["voted"], v["secret"]) for v in mine] == [(vote, True, True)]
    assert [(v["vote"], v["voted"]) for v in theirs] == [(vote, False)]
    refused(api.client.get("/api/me/votes"), 401, "log in first")


def test_comments_are_threaded_and_a_hidden_one_is_readable_on_request(
    api: Api, works: Works
) -> None:
    motion = file(api, works.ana)["motion"]
    first = api.act(works.boris, f"/api/motions/{motion['id']}/comments", {"text": "<b>Yes</b>"})
    reply = api.act(
        works.vera,
        f"/api/motions/{motion['id']}/comments",
        {"text": "Boris is lazy.", "reply_to": first["id"]},
    )
    hiding = f"/api/comments/{reply['id']}/hiding"
    size = api.record_size()
    refused(
        api.client.post(hiding, json={"reason": "Personal attack"}, headers=works.ana.headers),
        403,
        "does not give its members the power to moderate comments",
    )
    assert api.record_size() == size
    api.act(works.vera, hiding, {"reason": "Said in anger"})
    shown = api.get(f"/api/motions/{motion['id']}")["comments"]
    assert shown[0]["text_html"] == "<p>&lt;b&gt;Yes&lt;/b&gt;</p>\n"
    assert (shown[1]["reply_to"], shown[1]["hidden"], shown[1]["text"]) == (first["id"], True, None)
    assert (shown[1]["hidden_by"]["name"], shown[1]["hidden_reason"]) == (
        "Vera Sand",
        "Said in anger",
    )
    revealed = api.get(f"/api/motions/{motion['id']}?show_hidden=true")["comments"]
    assert revealed[1]["text"] == "Boris is lazy."


def test_a_hidden_comment_is_shown_again_through_the_api(api: Api, works: Works) -> None:
    motion = file(api, works.ana)["motion"]
    said = api.act(works.vera, f"/api/motions/{motion['id']}/comments", {"text": "Too long."})
    showing = f"/api/comments/{said['id']}/showing"
    size = api.record_size()
    refused(api.client.post(showing, json={}, headers=works.vera.headers), 409, "is not hidden")
    api.act(works.vera, f"/api/comments/{said['id']}/hiding", {"reason": "Posted twice"})
    refused(
        api.client.post(showing, json={}, headers=works.ana.headers),
        403,
        "members the power to moderate",
    )
    refused(
        api.client.post(showing, json={"office": "chair"}, headers=works.ana.headers),
        422,
        "no office 'chair'",
    )
    refused(
        api.client.post("/api/comments/99999/showing", json={}, headers=works.ana.headers),
        404,
        "there is no comment 99999",
    )
    refused(api.client.post(showing, json={}), 401, "log in first")
    assert api.record_size() == size + 1
    acted = api.act(works.vera, showing, {})
    assert acted["id"] == said["id"] and len(acted["entries"]) == 1
    [again] = api.get(f"/api/motions/{motion['id']}")["comments"]
    assert (again["hidden"], again["hidden_by"], again["text"]) == (False, None, "Too long.")


def test_factions_form_join_publish_and_leave_through_the_api(api: Api, works: Works) -> None:
    formed = api.act(
        works.vera, "/api/factions", {"name": "Left Opposition", "platform": "Democracy *now*."}
    )
    faction = formed["faction"]
    assert faction["platform_html"] == "<p>Democracy <em>now</em>.</p>\n"
    api.act(works.boris, f"/api/factions/{faction['id']}/members", {})
    motion = file(api, works.ana)["motion"]
    api.act(
        works.boris,
        f"/api/factions/{faction['id']}/statements",
        {"text": "Support it.", "motion": motion["id"]},
    )
    [listed] = api.get("/api/factions")
    assert (listed["name"], listed["members"]) == ("Left Opposition", 2)
    detail = api.get(f"/api/factions/{faction['id']}")
    assert [m["name"] for m in detail["members"]] == ["Boris Ek", "Vera Sand"]
    assert (
        api.get(f"/api/motions/{motion['id']}")["statements"][0]["faction_name"]
        == "Left Opposition"
    )
    left = api.client.delete(
        f"/api/factions/{faction['id']}/members/me", headers=works.boris.headers
    )
    assert left.status_code == 200, left.text
    assert [m["name"] for m in api.get(f"/api/factions/{faction['id']}")["members"]] == [
        "Vera Sand"
    ]


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ({"text": "x" * 20_001}, 422, "text: String should have at most 20000 characters"),
        ({"title": ""}, 422, "title: must not be empty"),
        ({"matter": "pay_scales"}, 422, "Works cannot decide 'pay scales'"),
        ({"chairman": "Ana"}, 422, "chairman"),
        (
            {"effects": [{"kind": "ban_faction", "faction": 1}]},
            403,
            "Any members may form a faction",
        ),
    ],
)
def test_a_refused_filing_names_the_problem_and_writes_nothing(
    api: Api, works: Works, fields: dict[str, Any], status: int, words: str
) -> None:
    before = api.record_size()
    body = {"title": "Six hour shifts", "text": TEXT, "matter": "workplace_organisation"} | fields
    response = api.client.post("/api/councils/works/motions", json=body, headers=works.ana.headers)
    refused(response, status, words)
    assert api.record_size() == before


def test_voting_twice_after_close_or_off_the_register_is_refused_and_writes_nothing(
    api: Api, works: Works, clock: Clock
) -> None:
    vote = vote_opened(api, works, clock)
    path = f"/api/votes/{vote['id']}/ballots"
    api.act(works.ana, path, {"choice": "yes"})
    outsider = api.register("Lev Tor")
    before = api.record_size()
    refused(
        api.client.post(path, json={"choice": "no"}, headers=works.ana.headers),
        409,
        "already voted",
    )
    refused(
        api.client.post(path, json={"choice": "no"}, headers=outsider.headers),
        403,
        "not on the register",
    )
    refused(
        api.client.post(path, json={"choice": "perhaps"}, headers=works.boris.headers),
        422,
        "choice",
    )
    refused(api.client.post(path, json={"choice": "no"}), 401, "log in first")
    clock.advance(days=VOTING_DAYS)
    refused(
        api.client.post(path, json={"choice": "no"}, headers=works.boris.headers), 409, "closed at"
    )
    assert api.record_size() == before
    refused(api.client.get("/api/votes/4242"), 404, "there is no vote 4242")
    refused(api.client.get("/api/motions/4242"), 404, "there is no motion 4242")
    refused(api.client.get("/api/councils/nowhere/agenda"), 404, "there is no council 'nowhere'")


def test_amending_a_closed_motion_is_refused_through_the_api(
    api: Api, works: Works, clock: Clock
) -> None:
    motion = file(api, works.ana)["motion"]
    api.act(works.boris, f"/api/motions/{motion['id']}/supporters", {})
    clock.advance(days=AGENDA_DAYS)
    api.act(works.ana, f"/api/motions/{motion['id']}/votes", {})
    clock.advance(days=VOTING_DAYS)
    api.act(works.ana, f"/api/motions/{motion['id']}/comments", {"text": "Closing it."})
    before = api.record_size()
    response = api.client.post(
        f"/api/motions/{motion['id']}/amendments",
        json={"original": "six hour", "replacement": "five hour"},
        headers=works.vera.headers,
    )
    refused(response, 409, "amending: the motion 'Six hour shifts' is closed (rejected)")
    assert api.record_size() == before


@pytest.mark.parametrize(
    ("original", "words"),
    [
        (
            "seven hour",
            "original: the passage 'seven hour' does not occur in the motion's text; quote it "
            "exactly as the text has it",
        ),
        (
            "**",
            "original: the passage '**' occurs 2 times in the motion's text; quote more of the "
            "words around it, so that it occurs only once",
        ),
    ],
)
def test_an_amendment_whose_passage_is_not_found_once_is_refused_in_plain_words(
    api: Api, works: Works, original: str, words: str
) -> None:
    motion = file(api, works.ana)["motion"]
    before = api.record_size()
    response = api.client.post(
        f"/api/motions/{motion['id']}/amendments",
        json={"original": original, "replacement": "five hour"},
        headers=works.vera.headers,
    )
    refused(response, 422, words)
    assert api.record_size() == before


def test_an_amendment_is_proposed_as_the_motions_text_changed_in_place(
    api: Api, works: Works
) -> None:
    motion = file(api, works.ana)["motion"]
    edited = TEXT.replace("It starts in June.", "It starts in May.").replace("\n", "\r\n")
    amended = api.act(works.vera, f"/api/motions/{motion['id']}/amendments", {"text": edited})
    [amendment] = api.get(f"/api/motions/{motion['id']}")["amendments"]
    assert amendment["id"] == amended["id"]
    assert (amendment["original"], amendment["replacement"]) == ("June.", "May.")
    assert len(amended["entries"]) == 1


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            {},
            "request: give the amended text (text), or a passage and its replacement "
            "(original and replacement)",
        ),
        (
            {"text": TEXT.replace("June", "May"), "original": "June", "replacement": "May"},
            "request: give the amended text (text) or a passage and its replacement (original "
            "and replacement), not both",
        ),
        (
            {"original": "June"},
            "request: original needs replacement too: give both, or the amended text (text) alone",
        ),
        (
            {"replacement": "May"},
            "request: replacement needs original too: give both, or the amended text (text) alone",
        ),
        ({"text": 7}, "text: Input should be a valid string"),
        ({"text": TEXT}, "text: is the motion's text unchanged; change the words you would"),
        ({"text": " "}, "text: must not be empty; to strike a passage out, delete only that"),
    ],
    ids=["neither", "both", "no replacement", "no original", "not text", "unchanged", "empty"],
)
def test_an_amendment_in_neither_form_both_or_half_of_one_is_refused_naming_the_problem(
    api: Api, works: Works, body: dict[str, Any], words: str
) -> None:
    motion = file(api, works.ana)["motion"]
    before = api.record_size()
    response = api.client.post(
        f"/api/motions/{motion['id']}/amendments", json=body, headers=works.vera.headers
    )
    refused(response, 422, words)
    assert api.record_size() == before
