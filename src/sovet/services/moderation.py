"""Moderation: a comment is hidden, never deleted, and can be shown again.

The reason and the moderator are recorded and shown in its place; the text stays
readable to anyone who asks to see it. No single member silences another by default
(``entrenched.BY_KEY["decisions_belong_to_councils"]``): a member hides their own
comments, and another's only as an officer whose office the charter gives ``moderate``
(the act is then recorded under the office), or where the charter lists ``moderate``
among ``member_powers``. Whoever may hide a comment may show it again, except that its
author shows again only what they hid themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.charter import power_words
from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Comment
from sovet.services.agenda import council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.officers import acting_as
from sovet.services.ports import Store

MAX_REASON = 500
MODERATE = "moderate"


@dataclass(frozen=True)
class HideComment:
    comment: int
    reason: str
    office: str | None = None
    """Hide it as this officer of the council, under the office."""


@dataclass(frozen=True)
class ShowComment:
    comment: int
    office: str | None = None
    """Show it again as this officer of the council, under the office."""


def hide_comment(store: Store, request: HideComment, *, actor: Actor) -> None:
    member = acting_member(store, actor)
    found = _comment(store, request.comment)
    under = _moderating(store, found, member, request.office)
    reason = text.name(request.reason, "reason", max_length=MAX_REASON)
    if found.hidden:
        raise Conflict(f"comment {found.id} is already hidden")
    store.append(
        "comment.hidden", {"comment": found.id, "reason": reason}, actor=member.id, under=under
    )


def show_comment(store: Store, request: ShowComment, *, actor: Actor) -> None:
    member = acting_member(store, actor)
    found = _comment(store, request.comment)
    if not found.hidden:
        raise Conflict(f"comment {found.id} is not hidden")
    under = _moderating(store, found, member, request.office)
    store.append("comment.shown", {"comment": found.id}, actor=member.id, under=under)


def moderates_alone(council: Council, member_id: int, author: int, hidden_by: int | None) -> bool:
    """Whether member ``member_id`` of ``council`` hides a comment by ``author`` (or
    shows it again, where ``hidden_by`` hid it) under their own standing."""
    if MODERATE in council.charter.member_powers:
        return True
    return author == member_id and hidden_by in (None, member_id)


def _moderating(store: Store, comment: Comment, member: Member, office: str | None) -> str:
    """The standing under which ``member`` hides ``comment`` or shows it again, as
    ``office`` if given, or a refusal that says who may."""
    council = council_with_id(store, motion_named(store, comment.motion_id).council_id)
    if office is not None:
        return acting_as(store, council, member, office, MODERATE)
    under = standing(store, council, member)
    if moderates_alone(council, member.id, comment.author, comment.hidden_by):
        return under
    power = f"the power to {power_words(MODERATE)}"
    officer = f"an officer of {council.name} whose office the charter gives {power}"
    if comment.author == member.id:
        raise Forbidden(
            f"comment {comment.id} was hidden by someone else: only {officer} shows it again"
        )
    raise Forbidden(
        f"the charter of {council.name} does not give its members {power}: a member hides "
        f"only their own comments, and {officer} hides others'"
    )


def _comment(store: Store, comment_id: int) -> Comment:
    found = store.comment(comment_id)
    if found is None:
        raise NotFound(f"there is no comment {comment_id}")
    return found
