"""Members beneath a higher council call a referendum on one of its decisions.

Any member of a base council beneath the council signs the call; when the signatures
reach the council charter's ``referendum_share`` of all members beneath it, the
referendum opens. Every member beneath votes, by secret ballot, on the question "overturn
this decision?": yes overturns it, under a simple majority and the council's quorum,
counted over all members beneath and capped at one half (``charter.MAX_FROM_BELOW``), so
that no council, by raising its own quorum, puts its decisions beyond the reach of those
beneath it. The result stands over the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.charter import MAX_FROM_BELOW
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.domain.motions import STATE_WORDS, needed
from sovet.domain.votes import Rule
from sovet.services.agenda import Acting, advance, council_with_id, motion_named, open_vote
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class CallReferendum:
    motion: int


@dataclass(frozen=True)
class ReferendumCall:
    referendum: int
    signatures: int
    needed: int
    vote: int | None
    """The referendum's vote, once the call has enough signatures."""


def call_referendum(store: Store, request: CallReferendum, *, actor: Actor) -> ReferendumCall:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    if council.kind == "base":
        raise Invalid(f"{council.name} is a base council: nobody is beneath it to call one")
    decision = store.decision(motion.id)
    if decision is None:
        raise Conflict(
            f"a referendum is called on a decision; {motion.title!r} is {STATE_WORDS[motion.state]}"
        )
    beneath = store.members_beneath(council.id)
    if member.id not in beneath:
        raise Forbidden(f"{member.name} is not a member of a council beneath {council.name}")
    acting = Acting(member.id, f"membership:{beneath[member.id]}")
    advance(store, council, acting)
    referendum = store.referendum_on(motion.id)
    if referendum is not None and referendum.vote_id is not None:
        raise Conflict(
            f"the referendum on {motion.title!r} has been called: vote {referendum.vote_id}"
        )
    if referendum is None:
        referendum_id = store.append(
            "referendum.petitioned",
            {"motion": motion.id, "council": council.id},
            actor=acting.member,
            under=acting.under,
        ).position
    else:
        referendum_id = referendum.id
        if member.id in store.referendum_signatures(referendum_id):
            raise Conflict(f"{member.name} has already signed the call on {motion.title!r}")
        store.append(
            "referendum.signed",
            {"referendum": referendum_id},
            actor=acting.member,
            under=acting.under,
        )
    signatures = len(store.referendum_signatures(referendum_id))
    wanted = needed(council.charter.referendum_share, len(beneath))
    vote_id = None
    if signatures >= wanted:
        vote_id = store.next_position()
        open_vote(
            store,
            council,
            acting,
            subject="referendum",
            motion=motion.id,
            amendment=None,
            referendum=referendum_id,
            secret=True,
            rule=Rule(
                quorum=min(council.charter.quorum, MAX_FROM_BELOW),
                threshold="simple",
                objection_share=council.charter.consent_objection_share,
            ),
            eligible=len(beneath),
            register=sorted((m, f"membership:{base}") for m, base in beneath.items()),
        )
    return ReferendumCall(
        referendum=referendum_id, signatures=signatures, needed=wanted, vote=vote_id
    )
