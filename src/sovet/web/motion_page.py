"""The motion page: a motion as members read it, and what the logged-in member may do there.

What a member may do is worked out from the same reads the use cases make, so that a
form is offered where the act would be taken; the use case still decides. An act's form
runs its use case (``act_on_motion``): a refusal shows the motion page again with the
reason and the refusal's 4xx status, and leaves no record entry behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Path, Request
from fastapi.responses import Response
from markupsafe import Markup

from sovet.adapters.motion_queries import CommentView, MotionView, VoteView
from sovet.adapters.queries import open_queries
from sovet.api.models import MAX_ID
from sovet.bootstrap import Sovet
from sovet.domain.charter import change_words
from sovet.domain.errors import Forbidden, NotFound, Refused
from sovet.domain.factions import Faction
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import (
    AMENDMENT_WORDS,
    KIND_WORDS,
    STATE_WORDS,
    AdmitConstituent,
    AdmitMembers,
    AdoptPlan,
    AmendCharter,
    AnswerPlanPart,
    BanFaction,
    BlockRecall,
    ConcernsMember,
    Effect,
    ExpelMember,
    Instruct,
    KeepBooks,
    Recall,
    Reinstate,
    SetDemand,
    about_a_person,
    needed,
    support_share,
)
from sovet.domain.text import render_markdown
from sovet.domain.votes import Vote, quorum_needed
from sovet.services.authority import standing
from sovet.services.moderation import MODERATE, moderates_alone
from sovet.services.officers import offices_with
from sovet.services.ports import Store
from sovet.web.acting import act_then_go, in_words
from sovet.web.diffs import Piece, inline_diff
from sovet.web.rendering import render, templates

MotionId = Annotated[int, Path(ge=0, le=MAX_ID, description="The motion's id")]
DONE = {
    "filed": "The motion was filed, with you as its first supporter. The act is in the public record.",
    "supported": "You support this motion. The act is in the public record.",
    "asked": "You asked for a secret ballot. The act is in the public record.",
    "amended": "Your amendment was proposed. It is voted before the motion.",
    "commented": "Your comment was posted. The act is in the public record.",
    "hidden": "The comment was hidden, with your reason. Its text stays readable on request.",
    "shown": "The comment is shown again in its place.",
    "opened": "The vote is open. The register of voters was frozen as it opened.",
    "voted": "Your vote is cast. The act is in the public record.",
    "closed": "The vote was closed and its result recorded.",
    "reported": "Your minority report is attached to the decision, for good.",
    "forwarded": "The decision was forwarded, with its lineage and this council's vote.",
    "consulted": "The motion was referred to each constituent council for consultation.",
    "instructed": "The instruction was filed as a motion of your council; once it passes it binds the delegates.",
    "signed": "You signed the call for a referendum. The act is in the public record.",
    "published": "The statement was published beside the motion.",
}

DONE_AT = {
    "supported": "support",
    "asked": "support",
    "amended": "amendments",
    "commented": "comments",
    "hidden": "comments",
    "shown": "comments",
    "opened": "votes",
    "voted": "votes",
    "closed": "votes",
    "reported": "decision",
    "forwarded": "lineage",
    "consulted": "lineage",
    "instructed": "lineage",
    "signed": "referendum",
    "published": "statements",
}
"""The section an act's confirmation stands in, under its heading, where the page opens
after the act; a filed motion's stands at the top."""
DONE_ON = {"votes": "vote", "comments": "comment"}
"""The sections whose acts are on one of their items (a vote, a comment): the act's
confirmation stands in that item's block, under its heading, where the page opens."""


def done_place(done: str, on: int | None = None) -> str | None:
    """The anchor of the heading where the page opens after the act ``done`` (on the vote
    or comment ``on``), with the act's confirmation under it; None: the top."""
    section = DONE_AT.get(done)
    if section in DONE_ON and on is not None:
        return f"{DONE_ON[section]}-{on}"
    return section


def done_address(motion_id: int, done: str, on: int | None = None) -> str:
    """The motion's page after the act ``done``, opened where its confirmation stands."""
    query = {"done": done} if on is None else {"done": done, "done_on": on}
    place = done_place(done, on)
    return f"/motions/{motion_id}?{urlencode(query)}" + ("" if place is None else f"#{place}")


def _when(moment: datetime | None) -> str:
    """A moment as people read it: ``2026-05-15 09:00 UTC``."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _markdown(source: str) -> Markup:
    """Members' Markdown as HTML; ``render_markdown`` shows raw HTML as text."""
    return Markup(render_markdown(source))


def quorum_count(vote: Vote) -> int:
    """How many votes (abstentions included) the vote's quorum needs."""
    return ceil(quorum_needed(vote.rule.quorum, vote.eligible))


def effect_words(effect: Effect) -> str:
    if isinstance(effect, AmendCharter):
        changes = "; ".join(change_words(rule, value) for rule, value in effect.changes.items())
        return f"changes the charter: {changes}"
    if isinstance(effect, ExpelMember):
        grounds = effect.grounds.replace("_", " ")
        return f"expels member {effect.member} (grounds: {grounds}); its vote is secret"
    if isinstance(effect, ConcernsMember):
        return f"is about member {effect.member}; its vote is secret"
    if isinstance(effect, Instruct):
        return (
            f"instructs the council's delegates to vote {effect.choice} on motion {effect.motion}"
        )
    if isinstance(effect, BanFaction):
        return f"would ban faction {effect.faction}"
    if isinstance(effect, Recall):
        return (
            f"recalls mandate {effect.mandate} at once, with every seat held through it; "
            "its vote is secret"
        )
    if isinstance(effect, BlockRecall):
        return f"would block the recall petition {effect.motion}"
    if isinstance(effect, Reinstate):
        return f"would reinstate the recalled mandate {effect.mandate}"
    if isinstance(effect, SetDemand):
        targets = "; ".join(
            f"{t.category.replace('_', ' ')}: {t.quantity:g} {t.unit} of {t.product}"
            for t in effect.targets
        )
        return f"adopts the demand targets for {effect.period}: {targets}"
    if isinstance(effect, KeepBooks):
        rows = max(len(effect.csv.splitlines()) - 1, 0)
        return f"puts these books ({rows} rows of CSV) in place of the council's books"
    if isinstance(effect, AdoptPlan):
        return (
            f"adopts the plan of planning period {effect.period} as balanced in round "
            f"{effect.round}, and sends each workplace its part to accept by its own vote"
        )
    if isinstance(effect, AnswerPlanPart):
        answer = "accepts" if effect.accept else "returns, into a further round,"
        return f"{answer} this workplace's part of the plan of planning period {effect.period}"
    if isinstance(effect, AdmitConstituent):
        council = (
            f"council {effect.constituent}"
            if isinstance(effect.constituent, int)
            else effect.constituent
        )
        seats = "1 seat" if effect.seats == 1 else f"{effect.seats} seats"
        return (
            f"admits {council}, at its own request, as a constituent of this council with "
            f"{seats}, for its delegates to fill"
        )
    if isinstance(effect, AdmitMembers):
        members = ", ".join(str(member) for member in effect.members)
        return f"admits as members of this council the members numbered {members}"
    return f"would silence the platform of faction {effect.faction}"


templates.env.filters.update(when=_when, markdown=_markdown)
templates.env.globals.update(
    state_words=STATE_WORDS,
    kind_words=KIND_WORDS,
    amendment_words=AMENDMENT_WORDS,
    quorum_count=quorum_count,
    effect_words=effect_words,
)


@dataclass(frozen=True)
class VoteActs:
    """The logged-in member in one vote."""

    on_register: bool
    voted: bool
    can_vote: bool
    can_close: bool


@dataclass(frozen=True)
class ReferendumStatus:
    """A call for a referendum on a higher council's decision, and the viewer's part in it."""

    signatures: int
    needed: int
    vote_id: int | None
    beneath: bool
    """Whether the logged-in member is a member of a base council beneath."""
    signed: bool


@dataclass(frozen=True)
class MotionActs:
    """What the logged-in member may do on a motion's page."""

    standing: str | None
    supports: bool
    asked_secret: bool
    votes: Mapping[int, VoteActs]
    can_report: bool
    forward_to: list[Council]
    instruct_for: list[Council]
    factions: list[Faction]
    can_open: bool
    pending: bool
    filed: bool
    can_consult: bool
    amendable: bool
    """Whether the motion takes amendments: a recall is voted as petitioned."""
    secret_anyway: bool = False
    """Whether the motion's vote is secret without asking: it is about a person, as a
    recall is."""
    moderates_as: tuple[str, ...] = ()
    """The offices the member holds in the council whose charter lists ``moderate``."""
    member_id: int | None = None
    council: Council | None = None

    def moderates_alone(self, comment: CommentView) -> bool:
        """Whether the member hides ``comment`` (or shows it again) under their own
        standing."""
        return (
            self.here
            and self.council is not None
            and self.member_id is not None
            and moderates_alone(
                self.council,
                self.member_id,
                comment.author.id,
                None if comment.hidden_by is None else comment.hidden_by.id,
            )
        )

    @property
    def here(self) -> bool:
        return self.standing is not None

    @property
    def can_support(self) -> bool:
        return self.here and self.filed and not self.supports

    @property
    def can_ask_secret(self) -> bool:
        return self.here and self.pending and not self.secret_anyway and not self.asked_secret

    @property
    def can_amend(self) -> bool:
        return self.here and self.pending and self.amendable


@dataclass(frozen=True)
class Shown:
    """What the page shows once, after an act: the notice that it was done, a secret
    ballot's receipt or the check of one, and what was typed into a refused form."""

    done: str | None = None
    receipt: tuple[int, str] | None = None
    """The vote and the receipt its secret ballot gave."""
    checked: tuple[int, str] | None = None
    """The vote and what checking a receipt found."""
    kept: Mapping[str, str] = field(default_factory=dict)
    """What the member typed into the form that was refused."""
    refused_at: str | None = None
    """The form that was refused (``comment``, ``reply-3``, ``vote-7``), where the page
    shows the reason beside the field and puts the focus; the reason stands at the top
    only if the page no longer shows that form."""
    on: int | None = None
    """The vote or comment the ``done`` act was on."""


def standing_in(store: Store, council: Council, member: Member) -> str | None:
    """How ``member`` stands in ``council``, in words, or None."""
    try:
        under = standing(store, council, member)
    except Forbidden:
        return None
    if under.startswith("membership:"):
        return f"You are a member of {council.name}."
    return f"You hold a mandate in {council.name}."


def _vote_acts(store: Store, vote: Vote, member: Member, here: bool, now: datetime) -> VoteActs:
    voter = store.voter(vote.id, member.id)
    on_register = voter is not None
    voted = voter is not None and voter.voted
    return VoteActs(
        on_register=on_register,
        voted=voted,
        can_vote=on_register and not voted and vote.open_at(now),
        can_close=vote.closed is None and now >= vote.closes and (on_register or here),
    )


def _can_report(store: Store, view: MotionView, member: Member, now: datetime) -> bool:
    decision = view.decision
    if decision is None or now > decision.decision.minority_until:
        return False
    vote = decision.vote.vote
    voter = store.voter(vote.id, member.id)
    if voter is None or not voter.voted:
        return False
    if member.id in store.minority_report_authors(view.motion.id):
        return False
    return vote.secret or store.named_ballots(vote.id).get(member.id) == "no"


def _forward_to(store: Store, view: MotionView, here: bool) -> list[Council]:
    motion = view.motion
    if not here or view.decision is None or motion.kind != "resolution":
        return []
    already = store.forwarded_to(motion.id)
    return sorted(
        (
            c
            for c in store.councils()
            if c.id != motion.council_id
            and c.id not in already
            and motion.matter in c.charter.decides
        ),
        key=lambda c: c.name,
    )


def _instruct_for(store: Store, view: MotionView, member: Member) -> list[Council]:
    if view.motion.decided or view.council.kind != "delegate":
        return []
    found = []
    for constituent_id in sorted(store.constituents().get(view.council.id, ())):
        constituent = store.council(constituent_id)
        if constituent is not None and standing_in(store, constituent, member) is not None:
            found.append(constituent)
    return found


def motion_acts(
    store: Store, view: MotionView, member: Member, factions: list[Faction]
) -> MotionActs:
    motion, council = view.motion, view.council
    now = store.now()
    here = standing_in(store, council, member)
    return MotionActs(
        standing=here,
        supports=any(s.id == member.id for s in view.supporters),
        asked_secret=member.id in store.secrecy_requests(motion.id),
        votes={
            v.results.vote.id: _vote_acts(store, v.results.vote, member, here is not None, now)
            for v in view.votes
        },
        can_report=_can_report(store, view, member, now),
        forward_to=_forward_to(store, view, here is not None),
        instruct_for=_instruct_for(store, view, member),
        factions=[f for f in factions if store.in_faction(f.id, member.id)],
        can_open=here is not None
        and motion.state == "on_agenda"
        and motion.due is not None
        and now >= motion.due,
        pending=motion.pending,
        amendable=motion.kind != "recall",
        secret_anyway=about_a_person(motion.effects),
        filed=motion.state == "filed",
        can_consult=here is not None
        and council.kind == "delegate"
        and motion.pending
        and motion.kind not in ("consultation", "instruction")
        and view.consultation is None,
        moderates_as=offices_with(store, council, member, MODERATE),
        member_id=member.id,
        council=council,
    )


def referendum_status(store: Store, view: MotionView, member: Member | None) -> ReferendumStatus:
    """The call for a referendum on a delegate council's decision, as it stands."""
    beneath = store.members_beneath(view.council.id)
    referendum = store.referendum_on(view.motion.id)
    signatures = set() if referendum is None else store.referendum_signatures(referendum.id)
    return ReferendumStatus(
        signatures=len(signatures),
        needed=needed(view.council.charter.referendum_share, len(beneath)),
        vote_id=None if referendum is None else referendum.vote_id,
        beneath=member is not None and member.id in beneath,
        signed=member is not None and member.id in signatures,
    )


def _version_diffs(view: MotionView) -> list[list[Piece] | None]:
    texts = [v.text for v in view.versions]
    return [None if n == 0 else inline_diff(texts[n - 1], text) for n, text in enumerate(texts)]


def _amendment_diffs(view: MotionView) -> dict[int, list[Piece]]:
    diffs = {}
    for item in view.amendments:
        amendment = item.amendment
        base = view.versions[amendment.version - 1].text
        diffs[amendment.id] = inline_diff(
            base, base.replace(amendment.original, amendment.replacement, 1)
        )
    return diffs


def _threads(comments: list[CommentView]) -> dict[int | None, list[CommentView]]:
    """Comments by the comment they answer (None: the motion itself), oldest first."""
    threads: dict[int | None, list[CommentView]] = {}
    for comment in comments:
        threads.setdefault(comment.reply_to, []).append(comment)
    return threads


def _votes(view: MotionView) -> tuple[list[VoteView], list[VoteView]]:
    """Open votes first (oldest first), then closed ones (newest first)."""
    open_votes = [v for v in view.votes if v.results.vote.closed is None]
    closed = [v for v in view.votes if v.results.vote.closed is not None]
    return open_votes, closed[::-1]


def _done_at(shown: Shown, view: MotionView) -> str | None:
    """Where the confirmation of ``shown.done`` stands: under the heading where the page
    opens after the act, the block of its vote or comment if the page shows it; beside a
    secret ballot's receipt, at the top, where the page that answers the vote opens."""
    if shown.done is None or shown.receipt is not None:
        return None
    items = {
        "votes": {v.results.vote.id for v in view.votes},
        "comments": {c.id for c in view.comments},
    }
    section = DONE_AT.get(shown.done)
    on = shown.on if shown.on in items.get(section or "", ()) else None
    return done_place(shown.done, on)


def _beside(form: str | None, acts: MotionActs | None, view: MotionView) -> bool:
    """Whether the page shows the refused ``form`` (``comment``, ``reply-3``, ``vote-7``,
    ``amendment``, ``report``, ``statement``, ``instruction``), with the reason beside its
    field; if it does not, the reason stands at the top of the page."""
    if form is None or acts is None:
        return False
    kind, _, item = form.partition("-")
    if kind == "reply":
        return acts.here and any(str(c.id) == item for c in view.comments)
    if kind == "vote":
        vote = acts.votes.get(int(item))
        return vote is not None and vote.can_vote
    offered = {
        "amendment": acts.can_amend,
        "comment": acts.here,
        "report": acts.can_report,
        "statement": bool(acts.factions),
        "instruction": bool(acts.instruct_for),
    }
    return offered[kind]


def motion_page(
    request: Request,
    sovet: Sovet,
    motion_id: int,
    member: Member | None,
    *,
    show_hidden: bool = False,
    refusal: Refused | None = None,
    shown: Shown | None = None,
) -> Response:
    """The page of a motion, with a refusal or what an act left to show, if any."""
    with open_queries(sovet.db) as queries:
        view = queries.motion_view(motion_id, show_hidden=show_hidden)
        factions = [s.faction for s in queries.factions()] if member is not None else []
    if view is None:
        raise NotFound(f"there is no motion {motion_id}")
    with sovet.db.reading() as store:
        acts = None if member is None else motion_acts(store, view, member, factions)
        referendum = (
            referendum_status(store, view, member)
            if view.decision is not None and view.council.kind == "delegate"
            else None
        )
        now = store.now()
    open_votes, closed_votes = _votes(view)
    shown = shown or Shown()
    context: dict[str, Any] = {
        "view": view,
        "motion": view.motion,
        "council": view.council,
        "support_share": support_share(view.council.charter, view.motion.kind),
        "secret_anyway": about_a_person(view.motion.effects),
        "acts": acts,
        "referendum": referendum,
        "now": now,
        "version_diffs": _version_diffs(view),
        "amendment_diffs": _amendment_diffs(view),
        "threads": _threads(view.comments),
        "hidden_count": sum(1 for c in view.comments if c.hidden),
        "show_hidden": show_hidden,
        "members_moderate": MODERATE in view.council.charter.member_powers,
        "open_votes": open_votes,
        "closed_votes": closed_votes,
        "instruction_councils": {i.instruction.id: i.council for i in view.instructions},
        "refusal": refusal,
        "done": DONE.get(shown.done or ""),
        "done_at": _done_at(shown, view),
        "receipt": shown.receipt,
        "checked": shown.checked,
        "kept": shown.kept,
        "refused_at": shown.refused_at if _beside(shown.refused_at, acts, view) else None,
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "motion.html", context, member=member, status=status)


def act_on_motion(
    request: Request,
    sovet: Sovet,
    motion_id: int,
    member: Member,
    act: Callable[[Store], object],
    *,
    done: str,
    on: int | None = None,
    kept: Mapping[str, str] | None = None,
    refused_at: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> Response:
    """Run ``act``, then go back to the motion's page, opened where it confirms the act
    (on the vote or comment ``on``); on refusal show that page with the reason (naming
    fields by their ``labels``), what the member typed, and the form it refused
    (``refused_at``)."""

    def again(error: Refused) -> Response:
        shown = Shown(kept=kept or {}, refused_at=refused_at)
        worded = in_words(error, labels or {})
        return motion_page(request, sovet, motion_id, member, refusal=worded, shown=shown)

    def go(store: Store) -> str:
        act(store)
        return done_address(motion_id, done, on)

    return act_then_go(sovet, go, again)
