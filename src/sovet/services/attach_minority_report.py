"""A member on the losing side attaches a minority report to a decision, within the time
the charter sets; it is published with the decision for good.

In a named vote the losing side is who voted no. In a secret vote nobody knows who
voted how, so any member who voted may write one: asking for more would break the
secret.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.motions import stamp
from sovet.services.agenda import motion_named, vote_named
from sovet.services.authority import Actor, acting_member
from sovet.services.ports import Store


@dataclass(frozen=True)
class AttachMinorityReport:
    motion: int
    text: str


def attach_minority_report(store: Store, request: AttachMinorityReport, *, actor: Actor) -> int:
    """The minority report's id."""
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    decision = store.decision(motion.id)
    if decision is None:
        raise NotFound(f"the motion {motion.title!r} is not a decision: nothing to report on")
    vote = vote_named(store, decision.vote_id)
    voter = store.voter(vote.id, member.id)
    if voter is None or not voter.voted:
        raise Forbidden(f"{member.name} did not vote on {motion.title!r}")
    if not vote.secret and store.named_ballots(vote.id).get(member.id) != "no":
        raise Forbidden(f"{member.name} did not vote against {motion.title!r}")
    if store.now() > decision.minority_until:
        raise Conflict(
            f"the time for minority reports on {motion.title!r} ended at "
            f"{stamp(decision.minority_until)}"
        )
    if member.id in store.minority_report_authors(motion.id):
        raise Conflict(f"{member.name} has already attached a minority report to {motion.title!r}")
    body = text.markdown(request.text, "text")
    entry = store.append(
        "minority_report.attached",
        {"motion": motion.id, "text": body},
        actor=member.id,
        under=voter.under,
    )
    return entry.position
