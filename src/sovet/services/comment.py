"""A member comments on a motion or one of its amendments, or replies to a comment.

Comments are threaded. Nobody deletes another's words: moderation hides a comment with
a recorded reason (``moderation.hide_comment``) and it stays readable on request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Invalid, NotFound
from sovet.domain.motions import MAX_COMMENT, Comment
from sovet.services.agenda import Acting, advance, council_with_id, motion_named
from sovet.services.authority import Actor, acting_member, standing
from sovet.services.ports import Store


@dataclass(frozen=True)
class PostComment:
    motion: int
    text: str
    amendment: int | None = None
    reply_to: int | None = None


def comment(store: Store, request: PostComment, *, actor: Actor) -> Comment:
    member = acting_member(store, actor)
    motion = motion_named(store, request.motion)
    council = council_with_id(store, motion.council_id)
    acting = Acting(member.id, standing(store, council, member))
    advance(store, council, acting)
    body = text.markdown(request.text, "text", max_length=MAX_COMMENT)
    if request.amendment is not None:
        amendment = store.amendment(request.amendment)
        if amendment is None or amendment.motion_id != motion.id:
            raise NotFound(f"amendment: there is no amendment {request.amendment} to this motion")
    if request.reply_to is not None:
        parent = store.comment(request.reply_to)
        if parent is None or parent.motion_id != motion.id:
            raise NotFound(f"reply_to: there is no comment {request.reply_to} on this motion")
        if parent.amendment_id != request.amendment:
            raise Invalid("reply_to: a reply is about what the comment it answers is about")
    entry = store.append(
        "comment.posted",
        {
            "motion": motion.id,
            "amendment": request.amendment,
            "reply_to": request.reply_to,
            "text": body,
        },
        actor=acting.member,
        under=acting.under,
    )
    return Comment(
        id=entry.position,
        motion_id=motion.id,
        amendment_id=request.amendment,
        reply_to=request.reply_to,
        author=member.id,
        text=body,
        hidden_by=None,
    )
