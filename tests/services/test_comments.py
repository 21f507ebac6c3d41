"""Deliberation: threaded comments, and moderation that hides with a recorded reason but
never deletes, by the comment's author or where the charter gives members ``moderate``,
and can show a comment again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.members import Member
from sovet.domain.motions import Comment, Motion
from sovet.services.comment import PostComment, comment
from sovet.services.moderation import HideComment, ShowComment, hide_comment, show_comment
from sovet.services.ports import Store

from .deliberation import Steps, Works, build_works
from .federation import Federation

MEMBERS_MODERATE = {"member_powers": ["keep_books", "moderate"]}


@pytest.fixture
def works(federation: Federation) -> Works:
    """Tractor Works, whose charter lets any member hide anyone's comment."""
    return build_works(federation, MEMBERS_MODERATE)


@pytest.fixture
def plain_works(federation: Federation) -> Works:
    """Tractor Works under the default charter: a member hides only their own comments."""
    return build_works(federation)


@pytest.fixture
def motion(works: Works, steps: Steps) -> Motion:
    return steps.file(works.ana, works.council)


def commenting(
    member: Member,
    motion: Motion,
    text: Any = "Six hours is right.",
    *,
    amendment: int | None = None,
    reply_to: int | None = None,
) -> Callable[[Store], Comment]:
    request = PostComment(motion.id, text, amendment=amendment, reply_to=reply_to)
    return lambda store: comment(store, request, actor=member)


def hiding(
    member: Member, comment_id: int, reason: Any = "Insults a member."
) -> Callable[[Store], None]:
    request = HideComment(comment_id, reason)
    return lambda store: hide_comment(store, request, actor=member)


def showing(member: Member, comment_id: int) -> Callable[[Store], None]:
    request = ShowComment(comment_id)
    return lambda store: show_comment(store, request, actor=member)


def test_members_comment_and_reply_in_threads(
    works: Works, motion: Motion, steps: Steps, federation: Federation
) -> None:
    amendment = steps.amend(works.vera, motion, "six hour", "five hour")
    first = federation.act(commenting(works.boris, motion))
    reply = federation.act(
        commenting(works.gleb, motion, "Not for the night shift.", reply_to=first.id)
    )
    on_amendment = federation.act(
        commenting(works.dasha, motion, "Better.", amendment=amendment.id)
    )
    comments = steps.view(motion).comments
    assert [(c.id, c.reply_to, c.amendment_id, c.author.name) for c in comments] == [
        (first.id, None, None, "Boris"),
        (reply.id, first.id, None, "Gleb"),
        (on_amendment.id, None, amendment.id, "Dasha"),
    ]
    entry = federation.entries(reply.id)[0]
    assert (entry.kind, entry.actor) == ("comment.posted", works.gleb.id)
    assert entry.payload == {
        "motion": motion.id,
        "amendment": None,
        "reply_to": first.id,
        "text": "Not for the night shift.",
    }


def test_a_comment_is_hidden_with_its_reason_and_stays_readable_on_request(
    works: Works, motion: Motion, steps: Steps, federation: Federation
) -> None:
    posted = federation.act(commenting(works.boris, motion, "Vera is a fool."))
    size = federation.record_size()
    federation.act(hiding(works.vera, posted.id))
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor) == ("comment.hidden", works.vera.id)
    assert entry.payload == {"comment": posted.id, "reason": "Insults a member."}
    [shown] = steps.view(motion).comments
    assert shown.hidden and shown.text is None
    assert (shown.hidden_by and shown.hidden_by.name, shown.hidden_reason) == (
        "Vera",
        "Insults a member.",
    )
    [revealed] = steps.view(motion, show_hidden=True).comments
    assert revealed.text == "Vera is a fool."


def test_hiding_a_hidden_comment_is_refused(
    works: Works, motion: Motion, federation: Federation
) -> None:
    posted = federation.act(commenting(works.boris, motion))
    federation.act(hiding(works.vera, posted.id))
    federation.refused(
        Conflict, hiding(works.gleb, posted.id), f"comment {posted.id} is already hidden"
    )


def test_hiding_needs_a_reason(works: Works, motion: Motion, federation: Federation) -> None:
    posted = federation.act(commenting(works.boris, motion))
    federation.refused(Invalid, hiding(works.vera, posted.id, " "), "reason: must not be empty")
    federation.refused(
        Invalid, hiding(works.vera, posted.id, "r" * 501), "reason: at most 500 characters"
    )


def test_only_members_of_the_council_comment_or_moderate(
    works: Works, motion: Motion, federation: Federation
) -> None:
    outsider = federation.register("Lev")
    posted = federation.act(commenting(works.boris, motion))
    federation.refused(
        Forbidden, commenting(outsider, motion), "Lev is not a member of Tractor Works"
    )
    federation.refused(
        Forbidden, hiding(outsider, posted.id), "Lev is not a member of Tractor Works"
    )


def test_a_reply_must_answer_a_comment_on_the_same_motion(
    works: Works, motion: Motion, steps: Steps, federation: Federation
) -> None:
    other = steps.file(works.vera, works.council, title="Canteen hours")
    elsewhere = federation.act(commenting(works.boris, other))
    federation.refused(
        NotFound,
        commenting(works.gleb, motion, reply_to=elsewhere.id),
        f"reply_to: there is no comment {elsewhere.id} on this motion",
    )
    federation.refused(
        NotFound,
        commenting(works.gleb, motion, amendment=4242),
        "amendment: there is no amendment 4242 to this motion",
    )


def test_an_oversized_or_empty_comment_is_refused(
    works: Works, motion: Motion, federation: Federation
) -> None:
    federation.refused(
        Invalid, commenting(works.gleb, motion, "c" * 10_001), "text: at most 10000 characters"
    )
    federation.refused(Invalid, commenting(works.gleb, motion, ""), "text: must not be empty")


def test_hiding_an_unknown_comment_is_refused(works: Works, federation: Federation) -> None:
    federation.refused(NotFound, hiding(works.vera, 4242), "there is no comment 4242")


def test_a_comment_is_shown_again_with_its_text_and_the_act_recorded(
    works: Works, motion: Motion, steps: Steps, federation: Federation
) -> None:
    posted = federation.act(commenting(works.boris, motion, "Vera is a fool."))
    federation.act(hiding(works.vera, posted.id))
    size = federation.record_size()
    federation.act(showing(works.gleb, posted.id))
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.payload) == (
        "comment.shown",
        works.gleb.id,
        {"comment": posted.id},
    )
    [again] = steps.view(motion).comments
    assert (again.hidden, again.hidden_by, again.hidden_reason, again.text) == (
        False,
        None,
        None,
        "Vera is a fool.",
    )
    federation.act(hiding(works.dasha, posted.id, "Still insulting."))
    [hidden] = steps.view(motion).comments
    assert (hidden.hidden_by and hidden.hidden_by.name, hidden.hidden_reason) == (
        "Dasha",
        "Still insulting.",
    )


def test_showing_a_comment_that_is_not_hidden_or_unknown_is_refused(
    works: Works, motion: Motion, federation: Federation
) -> None:
    posted = federation.act(commenting(works.boris, motion))
    federation.refused(Conflict, showing(works.vera, posted.id), f"comment {posted.id} is not")
    federation.refused(NotFound, showing(works.vera, 4242), "there is no comment 4242")


def test_only_members_of_the_council_show_a_comment_again(
    works: Works, motion: Motion, federation: Federation
) -> None:
    outsider = federation.register("Lev")
    posted = federation.act(commenting(works.boris, motion))
    federation.act(hiding(works.vera, posted.id))
    federation.refused(
        Forbidden, showing(outsider, posted.id), "Lev is not a member of Tractor Works"
    )


def test_under_the_default_charter_a_member_hides_only_their_own_comments(
    plain_works: Works, federation: Federation, steps: Steps
) -> None:
    works = plain_works
    motion = steps.file(works.ana, works.council)
    theirs = federation.act(commenting(works.boris, motion, "Vera is a fool."))
    federation.refused(
        Forbidden,
        hiding(works.vera, theirs.id),
        "the charter of Tractor Works does not give its members the power to moderate comments",
        "a member hides only their own comments",
        "an officer of Tractor Works whose office the charter gives the power to moderate comments",
    )
    federation.act(hiding(works.boris, theirs.id, "Said in anger."))
    federation.refused(
        Forbidden,
        showing(works.vera, theirs.id),
        "not give its members the power to moderate comments",
    )
    federation.act(showing(works.boris, theirs.id))
    [shown] = steps.view(motion).comments
    assert not shown.hidden
