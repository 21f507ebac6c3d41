"""The one read on the path of every vote cast says what the reads one by one say."""

from __future__ import annotations

from sovet.adapters.sql import SqlStore
from sovet.bootstrap import Sovet
from sovet.domain.motions import stamp
from sovet.domain.votes import BallotPaper
from sovet.services.cast_vote import CastVote, cast_vote

from .test_group_commit import ClockLike, an_open_vote, registering


def one_by_one(store: SqlStore, vote_id: int, member_id: int) -> BallotPaper | None:
    member, vote = store.member(member_id), store.vote(vote_id)
    if member is None or vote is None:
        return None
    due = store.anything_due_in(vote.council_id, stamp(store.now()))
    return BallotPaper(member, vote, store.voter(vote_id, member_id), due)


def test_the_ballot_paper_reads_the_member_the_vote_the_register_and_what_is_due(
    sovet: Sovet, clock: ClockLike
) -> None:
    chair, voters, vote_id = an_open_vote(sovet, clock, secret=False)
    with sovet.db.transaction() as store:
        outsider = registering("Lev")(store)
        cast_vote(store, CastVote(vote_id, "yes"), actor=voters[1])
    asked = [
        (vote_id, chair.id),
        (vote_id, voters[1].id),
        (vote_id, outsider.id),
        (vote_id + 1000, chair.id),
        (vote_id, outsider.id + 1000),
    ]
    seen = []
    for _ in ("while the vote is open", "once its window has ended"):
        with sovet.db.reading() as store:
            for vote, member in asked:
                paper = store.ballot_paper(vote, member, stamp(store.now()))
                assert paper == one_by_one(store, vote, member)
                seen.append(paper)
        clock.advance(days=8)
    open_chair, open_voter, open_outsider, no_vote, no_member = seen[:5]
    assert open_chair is not None and open_chair.voter is not None
    assert not open_chair.voter.voted and not open_chair.due
    assert open_voter is not None and open_voter.voter is not None and open_voter.voter.voted
    assert open_outsider is not None and open_outsider.voter is None
    assert no_vote is None and no_member is None
    closing = seen[5]
    assert closing is not None and closing.due
