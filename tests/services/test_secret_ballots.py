"""Secret ballots: on demand and for votes about a person. The record shows who voted,
not how; the open box links no ballot to a voter; at close every ballot is published in
one batch, and each voter checks with a receipt that theirs was counted."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from sqlalchemy import inspect, select, text

from sovet.adapters import tables
from sovet.adapters.queries import open_queries
from sovet.bootstrap import Sovet
from sovet.domain.errors import Conflict
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.domain.votes import Tally, Vote
from sovet.services.ports import Store
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from .deliberation import VOTING_DAYS, Steps, Works, build_works
from .federation import Clock, Federation


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation, {"secret_vote_share": 0.4})


def asking(motion: Motion, member: Member) -> Callable[[Store], None]:
    return lambda store: request_secret_ballot(store, RequestSecretBallot(motion.id), actor=member)


def ask_secret(federation: Federation, works: Works, motion: Motion, *askers: str) -> None:
    for asker in askers:
        member = next(m for m in works.members if m.name == asker)
        federation.act(asking(motion, member))


def secret_vote(federation: Federation, works: Works, steps: Steps) -> tuple[Motion, Vote]:
    motion = steps.scheduled(works)
    ask_secret(federation, works, motion, "Gleb", "Dasha")
    vote = steps.to_the_vote(works.ana, motion)
    assert vote.secret
    return motion, vote


def box(federation: Federation) -> list[tuple[object, ...]]:
    with federation.sovet.db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(tables.ballot_box))]


def test_a_vote_is_named_until_the_charters_share_of_members_asks_for_a_secret_one(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    ask_secret(federation, works, motion, "Gleb")
    assert not steps.to_the_vote(works.ana, motion).secret
    motion = steps.scheduled(works, title="Second motion")
    ask_secret(federation, works, motion, "Gleb", "Dasha")
    assert steps.to_the_vote(works.ana, motion).secret


def test_asking_twice_or_after_the_vote_opened_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    motion = steps.scheduled(works)
    ask_secret(federation, works, motion, "Gleb")
    federation.refused(
        Conflict, asking(motion, works.gleb), "Gleb has already asked for a secret ballot"
    )
    steps.to_the_vote(works.ana, motion)
    federation.refused(
        Conflict, asking(motion, works.vera), "voting on the motion 'Six hour shifts' has opened"
    )


def test_a_vote_about_a_person_is_always_secret(
    works: Works, steps: Steps, federation: Federation
) -> None:
    effects = [{"kind": "concerns_member", "member": works.gleb.id}]
    motion = steps.scheduled(works, title="Gleb as safety steward", effects=effects)
    assert steps.to_the_vote(works.ana, motion).secret


def test_a_secret_ballot_records_who_voted_but_not_how(
    works: Works, steps: Steps, federation: Federation
) -> None:
    _, vote = secret_vote(federation, works, steps)
    size = federation.record_size()
    cast = steps.cast(works.vera, vote, "no")
    [entry] = federation.entries(size)
    assert entry.payload == {"vote": vote.id, "secret": True}
    assert (entry.actor, entry.kind) == (works.vera.id, "vote.cast")
    assert "no" not in entry.body()
    assert cast.receipt is not None and len(cast.receipt) >= 40
    [(receipt_hash, vote_id, choice)] = box(federation)
    assert (receipt_hash, vote_id, choice) == (
        hashlib.sha256(cast.receipt.encode()).digest(),
        vote.id,
        "no",
    )
    with federation.sovet.db.engine.connect() as conn:
        assert list(conn.execute(select(tables.ballots))) == []


def test_the_open_ballot_box_has_no_voter_no_time_and_no_sequence(sovet: Sovet) -> None:
    schema = inspect(sovet.db.engine)
    columns = {column["name"] for column in schema.get_columns("ballot_box")}
    assert columns == {"receipt_hash", "vote_id", "choice"}
    key = schema.get_pk_constraint("ballot_box")
    assert key["constrained_columns"] == ["receipt_hash"]


def test_while_a_secret_vote_is_open_only_its_turnout_is_shown(
    works: Works, steps: Steps, federation: Federation
) -> None:
    _, vote = secret_vote(federation, works, steps)
    steps.cast(works.vera, vote, "no")
    steps.cast(works.ana, vote, "yes")
    with open_queries(federation.sovet.db) as queries:
        view = queries.vote_view(vote.id)
    assert view is not None
    assert view.results.tally is None
    assert (view.results.register, view.results.turnout) == (5, 2)
    assert view.ballots == []
    assert [m.name for m in view.voters] == ["Ana", "Vera"]


def test_at_close_every_ballot_is_published_in_one_batch_and_the_box_is_emptied(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion, vote = secret_vote(federation, works, steps)
    choices = dict(zip(works.members, ["yes", "yes", "no", "abstain", "yes"], strict=True))
    receipts = {
        member: steps.cast(member, vote, choice).receipt for member, choice in choices.items()
    }
    clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    steps.close(works.ana, vote)
    closed = federation.entries(size)[0]
    assert closed.kind == "vote.closed"
    published = closed.payload["ballots"]
    assert [b["receipt"] for b in published] == sorted(b["receipt"] for b in published)
    expected = {
        hashlib.sha256(str(receipts[m]).encode()).hexdigest(): choice
        for m, choice in choices.items()
    }
    assert {b["receipt"]: b["choice"] for b in published} == expected
    assert (closed.payload["yes"], closed.payload["no"], closed.payload["abstain"]) == (3, 1, 1)
    assert box(federation) == []
    assert steps.motion(motion).state == "passed"
    with open_queries(federation.sovet.db) as queries:
        vera = queries.receipt(vote.id, str(receipts[works.vera]))
        forged = queries.receipt(vote.id, "not-a-receipt")
        results = queries.results(steps.votes_on(motion)[0])
    assert (vera.counted, vera.choice) == (True, "no")
    assert (forged.counted, forged.choice) == (False, None)
    assert results.tally == Tally(3, 1, 1, 5)


def test_the_record_holds_no_choice_of_a_secret_ballot_before_the_close(
    works: Works, steps: Steps, federation: Federation
) -> None:
    _, vote = secret_vote(federation, works, steps)
    size = federation.record_size()
    for member in works.members:
        steps.cast(member, vote, "abstain")
    assert all("abstain" not in entry.body() for entry in federation.entries(size))


def test_on_sqlite_the_box_is_stored_without_rowid_so_its_order_is_its_random_key(
    sqlite_sovet: Sovet,
) -> None:
    with sqlite_sovet.db.engine.connect() as conn:
        ddl = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ballot_box'")
        ).scalar_one()
    assert "WITHOUT ROWID" in ddl.upper()
