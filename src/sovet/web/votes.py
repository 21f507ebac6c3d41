"""Voting on the pages: casting a ballot, closing a vote whose time is up, checking a
secret ballot's receipt, and the logged-in member's open votes.

A secret ballot's receipt is shown once, on the page that answers the vote, and never
put in an address; checking it after the close is a form too, so that it stays out of
addresses and logs.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from sovet.adapters.queries import open_queries
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.errors import Invalid, NotFound, Refused
from sovet.domain.votes import Vote
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.web.motion_page import Shown, act_on_motion, done_address, motion_page
from sovet.web.rendering import render, require_csrf

router = APIRouter()

VoteId = Annotated[int, Path(ge=0, le=MAX_ID)]
MAX_RECEIPT = 128
NO_CHOICE = "Your vote: choose Yes, No or Abstain, then cast it"


def _vote(sovet: Sovet, vote_id: int) -> Vote:
    with sovet.db.reading() as store:
        vote = store.vote(vote_id)
    if vote is None:
        raise NotFound(f"there is no vote {vote_id}")
    return vote


def _choice_in_words(error: Refused) -> Refused:
    """A refused choice in the words of the vote's form, without echoing what was sent."""
    return Invalid(NO_CHOICE) if error.message.startswith("choice: ") else error


@router.post("/votes/{vote_id}/ballot", dependencies=[Depends(require_csrf)])
def cast(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    vote_id: VoteId,
    choice: Annotated[str, Form()] = "",
) -> Response:
    """Vote. A named vote goes back to the motion's page; a secret one answers with that
    page showing the receipt, once."""
    vote = _vote(sovet, vote_id)
    try:
        with sovet.db.transaction() as store:
            done = cast_vote(store, CastVote(vote_id, choice), actor=member)
    except Refused as error:
        shown = Shown(refused_at=f"vote-{vote_id}")
        refusal = _choice_in_words(error)
        return motion_page(request, sovet, vote.motion_id, member, refusal=refusal, shown=shown)
    if done.receipt is None:
        return RedirectResponse(done_address(vote.motion_id, "voted", vote_id), status_code=303)
    shown = Shown(done="voted", receipt=(vote_id, done.receipt))
    return motion_page(request, sovet, vote.motion_id, member, shown=shown)


@router.post("/votes/{vote_id}/close", dependencies=[Depends(require_csrf)])
def close(request: Request, sovet: SovetDep, member: MemberDep, vote_id: VoteId) -> Response:
    vote = _vote(sovet, vote_id)
    return act_on_motion(
        request,
        sovet,
        vote.motion_id,
        member,
        lambda store: close_vote(store, CloseVote(vote_id), actor=member),
        done="closed",
        on=vote_id,
    )


@router.post("/votes/{vote_id}/receipt", dependencies=[Depends(require_csrf)])
def check_receipt(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    vote_id: VoteId,
    receipt: Annotated[str, Form(max_length=MAX_RECEIPT)] = "",
) -> Response:
    """Whether the secret ballot with this receipt was counted when the vote closed."""
    vote = _vote(sovet, vote_id)
    with open_queries(sovet.db) as queries:
        found = queries.receipt(vote_id, receipt.strip())
    if vote.closed is None:
        said = "This vote is still open: its ballots are published, and receipts checked, when it closes."
    elif found.counted:
        said = f"Your ballot was counted, as {found.choice}."
    else:
        said = "No ballot with this receipt is among the ballots published when the vote closed."
    shown = Shown(checked=(vote_id, said))
    return motion_page(request, sovet, vote.motion_id, member, shown=shown)


@router.get("/me/votes")
def my_votes(request: Request, sovet: SovetDep, member: MemberDep) -> Response:
    """The open votes the logged-in member is on the register of."""
    with open_queries(sovet.db) as queries:
        found = queries.open_votes_of(member.id)
    return render(request, "my_votes.html", {"open_votes": found}, member=member)
