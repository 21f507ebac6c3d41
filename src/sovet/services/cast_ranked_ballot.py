"""An elector on an election's frozen register casts a ranked ballot, once, in secret.

The entry shows only that the elector voted. The ranking goes into the ranked ballot
box under the hash of a random receipt, which only the voter gets, with no time and no
link to the voter (``tables.ranked_ballot_box``). When voting closes the box is
published in one batch and the voter finds their ballot in it by the receipt.

A ranking is candidates best first; or, as on a paper form, the rank written beside each
candidate (``marks``). A candidate who is not standing, one ranked twice, a gap in the
ranks or an empty ballot is refused, naming the fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sovet.domain.elections import check_ranking, ranking_from_marks, ranking_text
from sovet.domain.errors import Conflict, Forbidden
from sovet.services.agenda import Acting
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.cast_vote import receipt_hash
from sovet.services.credentials import new_token
from sovet.services.election_cycle import (
    advance_election,
    election_named,
    seats_and_constituency,
    standing_candidates,
)
from sovet.services.ports import Store


@dataclass(frozen=True)
class CastRankedBallot:
    election: int
    ranking: tuple[int | None, ...] = ()
    marks: Mapping[int, int] | None = field(default=None)


@dataclass(frozen=True)
class RankedCast:
    election: int
    ranking: tuple[int, ...]
    receipt: str
    """The token with which the voter finds their ballot among those published."""


def cast_ranked_ballot(store: Store, request: CastRankedBallot, *, actor: Actor) -> RankedCast:
    member = acting_member(store, actor)
    election = election_named(store, request.election)
    elector = store.elector(election.id, member.id)
    if elector is None and election.phase == "voting":
        raise _off_register(member.name, election.id)
    if elector is not None:
        under = elector.under
    else:
        _, constituency = seats_and_constituency(store, election)
        under = standing(store, constituency, member)
    election = advance_election(store, election, Acting(member.id, under))
    election.check_voting(store.now())
    elector = store.elector(election.id, member.id)
    if elector is None:
        raise _off_register(member.name, election.id)
    if elector.voted:
        raise Conflict(f"{member.name} has already voted in election {election.id}")
    candidates = standing_candidates(store, election)
    if request.marks is not None:
        ranking = ranking_from_marks(request.marks, candidates)
    else:
        ranking = check_ranking(request.ranking, candidates)
    receipt = new_token()
    store.put_ranking(
        election_id=election.id, receipt_hash=receipt_hash(receipt), ranking=ranking_text(ranking)
    )
    store.append("election.ballot_cast", {"election": election.id}, actor=member.id, under=under)
    return RankedCast(election=election.id, ranking=ranking, receipt=receipt)


def _off_register(name: str, election: int) -> Forbidden:
    return Forbidden(
        f"{name} is not on the register of election {election}, frozen when voting opened"
    )
