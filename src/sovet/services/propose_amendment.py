"""A member proposes an amendment: a passage of the motion's text and what replaces it.

Amendments are proposed while the motion gathers support or waits on the agenda; they
are voted before the motion, and accepted ones are merged into a new version of its
text (``agenda``). The passage must occur exactly once in the current text.

A recall petition takes no amendments: it is voted as petitioned, and an amendment's
vote would come first and put the recall off by a voting period (``petition_recall``).

An amendment comes as its passage and replacement (``ProposeAmendment``: the API, the
command line), or as the whole text as the member would have it (``AmendText``: the
motion's page, where members edit the text rather than retype a passage); the passage it
changes is then found in the current text (``changed_passage``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain.errors import Conflict
from sovet.domain.motions import Amendment, changed_passage, check_pending, passage
from sovet.services.agenda import Acting, advance, council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class ProposeAmendment:
    motion: int
    original: str
    replacement: str


@dataclass(frozen=True)
class AmendText:
    """An amendment given as the motion's whole text, changed as the member would have it."""

    motion: int
    text: str


def propose_amendment(
    store: Store, request: ProposeAmendment | AmendText, *, actor: Actor
) -> Amendment:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    if motion.kind == "recall":
        raise Conflict(
            f"amending: motion {motion.id} is a recall petition, and a recall is voted as "
            "petitioned: it takes no amendments, which would delay its vote"
        )
    advance(store, council, acting)
    motion = motion_named(store, motion.id)
    check_pending(motion, "amending")
    current = store.motion_text(motion.id, motion.version)
    if isinstance(request, AmendText):
        original, replacement = changed_passage(current, request.text)
    else:
        original, replacement = request.original, request.replacement
    original, replacement = passage(current, original, replacement)
    entry = store.append(
        "amendment.proposed",
        {
            "motion": motion.id,
            "original": original,
            "replacement": replacement,
            "version": motion.version,
        },
        actor=acting.member,
        under=acting.under,
    )
    return Amendment(
        id=entry.position,
        motion_id=motion.id,
        proposed_by=member.id,
        original=original,
        replacement=replacement,
        state="pending",
        version=motion.version,
    )
