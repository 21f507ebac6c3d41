"""A member on a vote's frozen register votes yes, no or abstain, once.

In a named vote the entry shows the choice. In a secret vote the entry shows only that
the member voted; the choice goes into the ballot box under the hash of a random
receipt, which only the voter gets, with no time and no link to the voter (see
``tables.ballot_box``). At close the ballots are published in one batch and the voter
checks with the receipt that theirs was counted.

A delegate whose constituency instructed them on the motion votes in the open, whatever
the vote's secrecy: the constituency sees the vote, and one against the instruction is
marked on the delegate's record.

The register is frozen when the vote opens, but a ballot is cast under a standing, and
only while that standing holds: a delegate recalled (or whose mandate otherwise ended)
after the vote opened can no longer vote on it, nor can a member no longer a member of
the council that put them on the register. A ballot cast before the mandate ended stays
counted. The register's line is the member's, not the seat's (``agenda.register_of``),
so the substitute or successor who now holds the seat does not vote on it: the seat's
line stays unvoted and counts as it always does, as one of the seats eligible.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from sovet.domain.errors import Conflict, Forbidden
from sovet.domain.members import Member
from sovet.domain.motions import Instruction, stamp
from sovet.domain.votes import BallotPaper, Choice, Vote, Voter, choice
from sovet.services.agenda import Acting, advance_in, vote_named
from sovet.services.authority import Actor, Operator, acting_member
from sovet.services.credentials import new_token
from sovet.services.ports import Store
from sovet.services.recall import (
    CASCADED,
    CONSTITUENT_LEFT,
    EXPELLED,
    LEFT,
    RECALLED,
    STOOD_DOWN,
)


@dataclass(frozen=True)
class CastVote:
    vote: int
    choice: str


@dataclass(frozen=True)
class Cast:
    vote: int
    choice: Choice
    receipt: str | None
    """For a secret ballot: the token with which the voter checks it was counted."""
    against_instruction: int | None = None


def receipt_hash(receipt: str) -> bytes:
    return hashlib.sha256(receipt.encode()).digest()


def cast_vote(store: Store, request: CastVote, *, actor: Actor) -> Cast:
    paper = _ballot_paper(store, request.vote, actor)
    member, vote, voter = paper.member, paper.vote, paper.voter
    if voter is None:
        raise Forbidden(
            f"{member.name} is not on the register of vote {vote.id}, frozen when it opened"
        )
    chosen = choice(request.choice)
    acting = Acting(member.id, voter.under)
    if advance_in(store, vote.council_id, acting, due=paper.due):
        vote = vote_named(store, vote.id)
    if not vote.open_at(store.now()):
        raise Conflict(f"vote {vote.id} closed at {stamp(vote.closed or vote.closes)}")
    if voter.voted:
        raise Conflict(f"{member.name} has already voted in vote {vote.id}")
    _check_standing_holds(store, member, vote, voter)
    instruction = _instruction_for(store, vote, voter)
    if vote.secret and instruction is None:
        receipt = new_token()
        store.put_ballot(vote_id=vote.id, receipt_hash=receipt_hash(receipt), choice=chosen)
        store.append(
            "vote.cast", {"vote": vote.id, "secret": True}, actor=member.id, under=voter.under
        )
        return Cast(vote=vote.id, choice=chosen, receipt=receipt)
    against = None if instruction is None or instruction.choice == chosen else instruction.id
    store.append(
        "vote.cast",
        {"vote": vote.id, "secret": False, "choice": chosen, "against_instruction": against},
        actor=member.id,
        under=voter.under,
    )
    return Cast(vote=vote.id, choice=chosen, receipt=None, against_instruction=against)


def _ballot_paper(store: Store, vote_id: int, actor: Actor) -> BallotPaper:
    """The member, the vote, the member's line on its register and whether anything is
    due in its council: one read on the path of every vote cast. Where it finds nothing,
    the reads one by one say what is missing."""
    now = stamp(store.now())
    if not isinstance(actor, Operator):
        paper = store.ballot_paper(vote_id, actor.id, now)
        if paper is not None:
            return paper
    member = acting_member(store, actor)
    vote = vote_named(store, vote_id)
    return BallotPaper(
        member, vote, store.voter(vote.id, member.id), store.anything_due_in(vote.council_id, now)
    )


def _check_standing_holds(store: Store, member: Member, vote: Vote, voter: Voter) -> None:
    """Refuse a ballot under a mandate that has ended, or a membership that no longer
    stands, since the vote opened. Checked after the council's due transitions are
    carried out, so a recall whose vote has just closed counts; the refusal says only
    what the record already shows."""
    kind, _, number = voter.under.partition(":")
    if kind == "mandate":
        mandate = store.mandate(int(number))
        if mandate is None or mandate.active_on(store.today()):
            return
        if mandate.ended_on is not None:
            reason = mandate.end_reason or ""
            ended = f"ended on {mandate.ended_on.isoformat()}: {ENDED_TO_THE_HOLDER.get(reason, reason)}"
        else:
            ended = f"ended on {mandate.ends.isoformat()}: its term is over"
        raise Forbidden(
            f"{member.name}, your mandate {mandate.id} {ended}; you were on the register of "
            f"vote {vote.id} under it and can no longer vote"
        )
    if kind == "membership" and not store.is_member(int(number), member.id):
        council = store.council(int(number))
        name = council.name if council is not None else f"council {number}"
        raise Forbidden(
            f"{member.name}, your membership of {name} ended; you were on the register of "
            f"vote {vote.id} under it and can no longer vote"
        )


ENDED_TO_THE_HOLDER: Mapping[str, str] = {
    RECALLED: "recalled by your constituency",
    CASCADED: "it was held through a mandate that was recalled",
    CONSTITUENT_LEFT: "your constituency left the council when a referendum overturned its admission",
    EXPELLED: "your council expelled you, and the seats and offices you held for it ended",
    STOOD_DOWN: "you stood down",
    LEFT: "you left your council, and the seats and offices you held for it ended",
}
"""Why a mandate ended (each of ``recall.END_REASONS``), as its holder is told it."""


def _instruction_for(store: Store, vote: Vote, voter: Voter) -> Instruction | None:
    """The instruction of the delegate's constituency on the motion, if any: looked up
    from the delegate's own mandate, so a ballot costs the same however many seats the
    council has."""
    if vote.subject != "motion" or not voter.under.startswith("mandate:"):
        return None
    mandate_id = int(voter.under.split(":")[1])
    return store.instruction_to_seat(mandate_id, vote.motion_id)
