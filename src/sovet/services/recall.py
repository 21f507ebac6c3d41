"""What a passed recall does: the mandate ends at once, the next substitute takes the
seat (or, with none left able to take it, the seat is vacant and its by-election opens at
once, ``election_seats.open_by_election``), and every seat held through the mandate ends
with it, recursively.

Carried out by ``agenda.close`` when a recall motion's vote passes, in the same
transaction, by whichever member's act closed the vote. Each mandate ended is one
``mandate.ended`` entry carrying everything the projection writes: the successor's new
mandate (its id is that entry's position) or the vacancy.

A member whom their base council expels (``membership_rules.member_expelled``) loses the
seats and offices they held under that membership: each ends as a recalled one does.

A delegate or officer who stands down (``stand_down``), and a member who leaves their
base council (``leave_council``), end theirs alike, by their own act.

A council that leaves a delegate council (a referendum overturned its admission,
``overturn``) takes its seats with it: its delegates' mandates there end with neither
successor nor vacancy, and what was held through them ends as above.

However a mandate ends, an undecided petition to recall it lapses in the same
transaction (``motion.lapsed``): there is nothing left to recall. If its vote is open, the
vote closes at once, undecided, with the ballots cast so far published. A mandate whose
term runs out writes nothing: its petition lapses when its vote would open or close
(``agenda.recall_gone``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, get_args

from sovet.domain.errors import Refused
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate, check_can_take_seat
from sovet.domain.motions import UNDECIDED, ExpelMember, Motion, Recall
from sovet.services.authority import standing
from sovet.services.election_seats import open_by_election
from sovet.services.holdings import held_by
from sovet.services.ports import Store

EndReason = Literal[
    "recalled",
    "held_through_recalled",
    "constituent_left",
    "expelled",
    "stood_down",
    "left_the_council",
]
"""Why a mandate ended before its term, as its ``mandate.ended`` entry says it."""
END_REASONS: tuple[EndReason, ...] = get_args(EndReason)
RECALLED: EndReason = "recalled"
CASCADED: EndReason = "held_through_recalled"
CONSTITUENT_LEFT: EndReason = "constituent_left"
EXPELLED: EndReason = "expelled"
STOOD_DOWN: EndReason = "stood_down"
LEFT: EndReason = "left_the_council"
ENDED_WORDS: Mapping[str, str] = {
    RECALLED: "recalled",
    CASCADED: "held through a mandate that was recalled",
    CONSTITUENT_LEFT: "its constituency left the council",
    EXPELLED: "its holder was expelled from their council",
    STOOD_DOWN: "stood down",
    LEFT: "its holder left their council",
}
"""Why a mandate ended (each of ``END_REASONS``), as the pages say it."""


def ended_words(reason: str) -> str:
    """Why a mandate ended, in words (a reason unknown here with its underscores spaced)."""
    return ENDED_WORDS.get(reason, reason.replace("_", " "))


def end_recalled(store: Store, motion: Motion, *, actor: int, under: str) -> None:
    """End every mandate the passed ``motion`` recalls that is still held."""
    for effect in motion.effects:
        if not isinstance(effect, Recall):
            continue
        mandate = store.mandate(effect.mandate)
        if mandate is not None and mandate.active_on(store.today()):
            end_mandate(store, mandate, RECALLED, motion.id, actor=actor, under=under)


def end_expelled(store: Store, council: Council, motion: Motion, *, actor: int, under: str) -> None:
    """End the seats the member ``motion`` expelled from base council ``council`` held
    for it, and the offices they held in it, now or for a term to come."""
    for effect in motion.effects:
        if isinstance(effect, ExpelMember):
            end_held_for(
                store, council, effect.member, EXPELLED, motion.id, actor=actor, under=under
            )


def end_held_for(
    store: Store,
    council: Council,
    member_id: int,
    reason: EndReason,
    motion_id: int | None,
    *,
    actor: int,
    under: str,
) -> list[Mandate]:
    """End the seats ``member_id`` holds for base council ``council``, and the offices they
    hold in it, now or for a term to come: their membership of it has ended. Those
    ended (what was held through them ends too)."""
    today = store.today()
    held = [*store.mandates_of_member(member_id), *store.offices_of_member(member_id)]
    ended = []
    for mandate in held:
        under_it = mandate.constituency_id == council.id or (
            mandate.office is not None and mandate.council_id == council.id
        )
        if under_it and mandate.ended_on is None and mandate.ends > today:
            end_mandate(store, mandate, reason, motion_id, actor=actor, under=under)
            ended.append(mandate)
    return ended


def end_with_constituent(
    store: Store, council_id: int, constituent_id: int, motion_id: int, *, actor: int, under: str
) -> None:
    """End the mandates of ``constituent_id``'s delegates in ``council_id``, which it has
    left, held now or elected for a term to come: its seats there are gone, so no
    substitute takes them and none is vacant; every seat or office held through them ends
    as a recall ends it."""
    today = store.today()
    for mandate in store.mandates_in(council_id):
        ended = mandate.ended_on is not None or mandate.ends <= today
        if mandate.constituency_id != constituent_id or ended:
            continue
        payload = {
            "mandate": mandate.id,
            "office": False,
            "on": today.isoformat(),
            "reason": CONSTITUENT_LEFT,
            "motion": motion_id,
            "successor": None,
            "vacancy": None,
        }
        store.append("mandate.ended", payload, actor=actor, under=under)
        _lapse_petition(store, mandate, CONSTITUENT_LEFT, actor=actor, under=under)
        _end_held_via(store, mandate, motion_id, actor=actor, under=under)


def end_mandate(
    store: Store,
    mandate: Mandate,
    reason: EndReason,
    motion_id: int | None,
    *,
    actor: int,
    under: str,
) -> None:
    """End ``mandate`` for ``reason`` (by the decision ``motion_id``, None where its holder
    ended it): its successor or its vacancy, then what was held through it."""
    today = store.today()
    successor = None if mandate.office is not None else _successor(store, mandate, today)
    vacancy = None
    if successor is None:
        vacancy = {
            "council": mandate.council_id,
            "constituency": mandate.constituency_id,
            "seat": mandate.seat_number,
            "office": mandate.office,
        }
    payload = {
        "mandate": mandate.id,
        "office": mandate.office is not None,
        "on": today.isoformat(),
        "reason": reason,
        "motion": motion_id,
        "successor": successor,
        "vacancy": vacancy,
    }
    store.append("mandate.ended", payload, actor=actor, under=under)
    _lapse_petition(store, mandate, reason, actor=actor, under=under)
    if vacancy is not None:
        open_by_election(store, mandate, actor=actor, under=under)
    _end_held_via(store, mandate, motion_id, actor=actor, under=under)


def open_petition(store: Store, constituency_id: int, mandate_id: int) -> Motion | None:
    """The undecided recall motion against ``mandate_id``, if there is one."""
    for motion in store.motions_in(constituency_id, UNDECIDED):
        if any(isinstance(e, Recall) and e.mandate == mandate_id for e in motion.effects):
            return motion
    return None


def _lapse_petition(
    store: Store, mandate: Mandate, reason: EndReason, *, actor: int, under: str
) -> None:
    """The undecided petition to recall ``mandate``, which ended for ``reason``, lapses;
    its vote, if open, closes at once, undecided."""
    petition = open_petition(store, mandate.constituency_id, mandate.id)
    if petition is None:
        return
    if petition.pending:
        why = f"mandate {mandate.id} ended ({reason}) before the recall went to its vote"
        payload = {"motion": petition.id, "reason": why}
        store.append("motion.lapsed", payload, actor=actor, under=under)
        return
    # agenda imports this module: a vote's close ends mandates, and an ended mandate
    # closes the vote that would recall it.
    from sovet.services.agenda import Acting, close

    for vote in store.votes_on(petition.id):
        if vote.closed is None:
            close(store, vote, Acting(actor, under))


def _end_held_via(
    store: Store, mandate: Mandate, motion_id: int | None, *, actor: int, under: str
) -> None:
    today = store.today()
    for held in store.held_via(mandate.id):
        if held.active_on(today):
            end_mandate(store, held, CASCADED, motion_id, actor=actor, under=under)


def _successor(store: Store, mandate: Mandate, today: date) -> dict[str, Any] | None:
    """The first substitute still in the constituency and under the council's cap and
    term limit, with those after them as the new mandate's substitutes."""
    council = store.council(mandate.council_id)
    constituency = store.council(mandate.constituency_id)
    assert council is not None and constituency is not None
    substitutes = store.substitutes_of(mandate.id)
    for rank, member_id in enumerate(substitutes):
        member = store.member(member_id)
        if member is None:
            continue
        try:
            held_under = standing(store, constituency, member)
            check_can_take_seat(
                member_name=member.name,
                council_name=council.name,
                charter=council.charter,
                council_id=council.id,
                mandates_of_member=held_by(store, member.id),
                today=today,
            )
        except Refused:
            continue
        via = int(held_under.split(":")[1]) if held_under.startswith("mandate:") else None
        return {
            "council": council.id,
            "constituency": constituency.id,
            "seat": mandate.seat_number,
            "member": member.id,
            "starts": today.isoformat(),
            "ends": mandate.ends.isoformat(),
            "via": via,
            "substitutes": substitutes[rank + 1 :],
        }
    return None
