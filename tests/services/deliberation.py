"""Deliberating through the use cases: filing, supporting, amending, voting, deciding."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sovet.adapters.motion_queries import MotionView
from sovet.adapters.queries import open_queries
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Amendment, Decision, Motion
from sovet.domain.votes import Vote
from sovet.services.authority import Actor
from sovet.services.cast_vote import Cast, CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.propose_amendment import ProposeAmendment, propose_amendment
from sovet.services.support_motion import SupportMotion, support_motion

from .federation import Clock, Federation

TEXT = "The works moves to a six hour shift.\n\nThe change starts in June."
AGENDA_DAYS = 14
VOTING_DAYS = 7


@dataclass(frozen=True)
class Works:
    """The tractor works, a base council of five: Ana (who founded it), Boris, Vera,
    Gleb and Dasha. Its charter needs two supporters to put a motion on the agenda."""

    ana: Member
    boris: Member
    vera: Member
    gleb: Member
    dasha: Member
    council: Council

    @property
    def members(self) -> tuple[Member, ...]:
        return (self.ana, self.boris, self.vera, self.gleb, self.dasha)


def build_works(federation: Federation, charter: dict[str, Any] | None = None) -> Works:
    ana, boris, vera, gleb, dasha = (
        federation.register(name) for name in ("Ana", "Boris", "Vera", "Gleb", "Dasha")
    )
    council = federation.found_base(
        ana, "tractor-works", "Tractor Works", {"support_threshold": 0.4, **(charter or {})}
    )
    federation.admit(ana, council, boris, vera, gleb, dasha)
    return Works(ana, boris, vera, gleb, dasha, council)


class Steps:
    """Acts on motions, each in its own transaction; the ``*ing`` forms return the act
    itself, for ``Federation.refused``."""

    def __init__(self, federation: Federation, clock: Clock) -> None:
        self.federation = federation
        self.clock = clock

    def filing(
        self,
        actor: Actor,
        council: Council,
        *,
        title: Any = "Six hour shifts",
        text: Any = TEXT,
        matter: Any = "workplace_organisation",
        kind: Any = "resolution",
        effects: Iterable[dict[str, Any]] = (),
        on_behalf_of: str | None = None,
    ) -> Callable[[Store], Motion]:
        request = FileMotion(
            council=council.slug,
            title=title,
            text=text,
            matter=matter,
            kind=kind,
            effects=tuple(effects),
            on_behalf_of=on_behalf_of,
        )
        return lambda store: file_motion(store, request, actor=actor)

    def file(self, actor: Actor, council: Council, **fields: Any) -> Motion:
        return self.federation.act(self.filing(actor, council, **fields))

    def supporting(self, actor: Actor, motion: Motion) -> Callable[[Store], Motion]:
        return lambda store: support_motion(store, SupportMotion(motion.id), actor=actor)

    def support(self, actor: Actor, motion: Motion) -> Motion:
        return self.federation.act(self.supporting(actor, motion))

    def amending(
        self, actor: Actor, motion: Motion, original: Any, replacement: Any
    ) -> Callable[[Store], Amendment]:
        request = ProposeAmendment(motion.id, original=original, replacement=replacement)
        return lambda store: propose_amendment(store, request, actor=actor)

    def amend(self, actor: Actor, motion: Motion, original: str, replacement: str) -> Amendment:
        return self.federation.act(self.amending(actor, motion, original, replacement))

    def opening(self, actor: Actor, motion: Motion) -> Callable[[Store], list[Vote]]:
        return lambda store: open_vote(store, OpenVote(motion.id), actor=actor)

    def open(self, actor: Actor, motion: Motion) -> list[Vote]:
        return self.federation.act(self.opening(actor, motion))

    def casting(self, actor: Actor, vote: Vote | int, choice: Any) -> Callable[[Store], Cast]:
        vote_id = vote if isinstance(vote, int) else vote.id
        return lambda store: cast_vote(store, CastVote(vote_id, choice), actor=actor)

    def cast(self, actor: Actor, vote: Vote | int, choice: str) -> Cast:
        return self.federation.act(self.casting(actor, vote, choice))

    def closing(self, actor: Actor, vote: Vote | int) -> Callable[[Store], Vote]:
        vote_id = vote if isinstance(vote, int) else vote.id
        return lambda store: close_vote(store, CloseVote(vote_id), actor=actor)

    def close(self, actor: Actor, vote: Vote | int) -> Vote:
        return self.federation.act(self.closing(actor, vote))

    def motion(self, motion: Motion | int) -> Motion:
        with self.federation.sovet.db.reading() as store:
            found = store.motion(motion if isinstance(motion, int) else motion.id)
        assert found is not None
        return found

    def votes_on(self, motion: Motion) -> list[Vote]:
        with self.federation.sovet.db.reading() as store:
            return store.votes_on(motion.id)

    def decision(self, motion: Motion) -> Decision | None:
        with self.federation.sovet.db.reading() as store:
            return store.decision(motion.id)

    def view(self, motion: Motion | int, *, show_hidden: bool = False) -> MotionView:
        motion_id = motion if isinstance(motion, int) else motion.id
        with open_queries(self.federation.sovet.db) as queries:
            view = queries.motion_view(motion_id, show_hidden=show_hidden)
        assert view is not None
        return view

    def scheduled(self, works: Works, **fields: Any) -> Motion:
        """A motion filed by Ana and supported by Boris: on the agenda, not yet due."""
        motion = self.file(works.ana, works.council, **fields)
        return self.support(works.boris, motion)

    def to_the_vote(self, actor: Actor, motion: Motion) -> Vote:
        """Wait out the agenda period and open the motion's vote (it has no amendments)."""
        self.clock.advance(days=AGENDA_DAYS)
        [vote] = self.open(actor, motion)
        return vote

    def vote_and_close(self, vote: Vote, ballots: dict[Member, str], closer: Actor) -> Vote:
        for voter, choice in ballots.items():
            self.cast(voter, vote, choice)
        self.clock.advance(days=VOTING_DAYS)
        return self.close(closer, vote)

    def decided(
        self, works: Works, ballots: dict[Member, str] | None = None, **fields: Any
    ) -> Motion:
        """A motion of the works voted through: by default three yes, one no (Gleb)."""
        motion = self.scheduled(works, **fields)
        vote = self.to_the_vote(works.ana, motion)
        ballots = ballots or {
            works.ana: "yes",
            works.boris: "yes",
            works.vera: "yes",
            works.gleb: "no",
        }
        self.vote_and_close(vote, ballots, works.ana)
        return self.motion(motion)
