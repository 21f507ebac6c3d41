"""A member of the council moderates a comment: it is hidden, never deleted.

The reason and the moderator are recorded and shown in its place; the text stays
readable to anyone who asks to see it. A member who holds an office may hide it as that
officer, if the charter gives the office the power to ``moderate``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Conflict, NotFound
from sovet.services.agenda import Acting, council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.officers import acting_as
from sovet.services.ports import Store

MAX_REASON = 500


@dataclass(frozen=True)
class HideComment:
    comment: int
    reason: str
    office: str | None = None
    """Hide it as this officer of the council, under the office."""


def hide_comment(store: Store, request: HideComment, *, actor: Actor) -> None:
    member = acting_member(store, actor)
    found = store.comment(request.comment)
    if found is None:
        raise NotFound(f"there is no comment {request.comment}")
    council = council_with_id(store, motion_named(store, found.motion_id).council_id)
    under = (
        standing(store, council, member)
        if request.office is None
        else acting_as(store, council, member, request.office, "moderate")
    )
    acting = Acting(member.id, under)
    reason = text.name(request.reason, "reason", max_length=MAX_REASON)
    if found.hidden:
        raise Conflict(f"comment {found.id} is already hidden")
    store.append(
        "comment.hidden",
        {"comment": found.id, "reason": reason},
        actor=acting.member,
        under=acting.under,
    )
