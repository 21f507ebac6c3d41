"""Motions acted on through the use cases, to set the stage for the deciding pages.

The print shop is a base council of five (Galina founded it; Fyodor, Ivan, Katya and
Anna were admitted) whose charter needs three supporters (half the members) to put a
motion on the agenda, so that support is gathered from several members. Its votes open
14 days after a motion goes on the agenda and stay open 7 days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from sovet.bootstrap import Sovet
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Amendment, Motion
from sovet.domain.votes import Vote
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.cast_vote import Cast, CastVote, cast_vote
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.propose_amendment import ProposeAmendment, propose_amendment
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.support_motion import SupportMotion, support_motion

from ..federation import PASSWORD, Federation

T = TypeVar("T")

SHOP = "print-shop"
SHOP_PEOPLE = {
    "galina": "Galina Ivanova",
    "fyodor": "Fyodor Smirnov",
    "ivan": "Ivan Popov",
    "katya": "Katya Volkova",
}
TITLE = "Rotate the night shift"
TEXT = "Every member works the night shift in turn.\n\nThe rota starts in *June*."
MATTER = "workplace_organisation"
AGENDA_DAYS = 14
VOTING_DAYS = 7


class Clock(Protocol):
    """The hand-moved clock the instance reads (``tests/conftest.Clock``)."""

    moment: datetime

    def advance(self, **delta: float) -> None: ...


class Deliberation:
    """Acts on motions, each in its own transaction, by members named as in the tests."""

    def __init__(self, sovet: Sovet, federation: Federation, clock: Clock) -> None:
        self.sovet = sovet
        self.clock = clock
        self.members: dict[str, Member] = dict(federation.members)

    def act(self, use_case: Callable[[Store], T]) -> T:
        with self.sovet.db.transaction() as store:
            return use_case(store)

    def found_print_shop(self) -> Council:
        """Register the print shop's people and found it, with Anna admitted too."""
        for who, name in SHOP_PEOPLE.items():
            request = RegisterMember(name=name, email=Federation.email(who), password=PASSWORD)
            self.members[who] = self.act(lambda store, r=request: register_member(store, r))
        founding = FoundBaseCouncil(
            slug=SHOP,
            name="Print Shop Collective",
            workplace="Print shop, 9 Foundry Lane",
            charter={"support_threshold": 0.5},
        )
        galina = self.members["galina"]
        council = self.act(lambda store: found_base_council(store, founding, actor=galina))
        for who in ("fyodor", "ivan", "katya", "anna"):
            admission = AdmitMember(SHOP, self.members[who].id)
            self.act(lambda store, a=admission: admit_member(store, a, actor=galina))
        return council

    def file(
        self,
        who: str,
        council: str = SHOP,
        *,
        title: str = TITLE,
        text: str = TEXT,
        matter: str = MATTER,
        **more: Any,
    ) -> Motion:
        request = FileMotion(council=council, title=title, text=text, matter=matter, **more)
        return self.act(lambda store: file_motion(store, request, actor=self.members[who]))

    def support(self, motion: Motion, *whos: str) -> Motion:
        request = SupportMotion(motion.id)
        for who in whos:
            motion = self.act(
                lambda store, w=who: support_motion(store, request, actor=self.members[w])
            )
        return motion

    def amend(self, who: str, motion: Motion, original: str, replacement: str) -> Amendment:
        request = ProposeAmendment(motion.id, original=original, replacement=replacement)
        return self.act(lambda store: propose_amendment(store, request, actor=self.members[who]))

    def open(self, who: str, motion: Motion, *, wait_days: int = AGENDA_DAYS) -> list[Vote]:
        """Wait out the agenda period (or ``wait_days``) and open the votes on the motion."""
        self.clock.advance(days=wait_days)
        return self.act(
            lambda store: open_vote(store, OpenVote(motion.id), actor=self.members[who])
        )

    def cast(self, who: str, vote: Vote | int, choice: str) -> Cast:
        vote_id = vote if isinstance(vote, int) else vote.id
        return self.act(
            lambda store: cast_vote(store, CastVote(vote_id, choice), actor=self.members[who])
        )

    def close(self, who: str, vote: Vote | int, *, wait_days: int = VOTING_DAYS) -> Vote:
        """Wait out the voting period (or ``wait_days``) and close the vote."""
        vote_id = vote if isinstance(vote, int) else vote.id
        self.clock.advance(days=wait_days)
        return self.act(
            lambda store: close_vote(store, CloseVote(vote_id), actor=self.members[who])
        )

    def scheduled(self, **fields: Any) -> Motion:
        """A motion of the print shop on the agenda: filed by Galina, supported by two."""
        return self.support(self.file("galina", **fields), "fyodor", "ivan")

    def voting(self, **fields: Any) -> tuple[Motion, Vote]:
        """A motion of the print shop whose own vote is open."""
        motion = self.scheduled(**fields)
        [vote] = self.open("galina", motion)
        return motion, vote

    def decided(self, ballots: dict[str, str] | None = None, **fields: Any) -> tuple[Motion, Vote]:
        """A motion of the print shop voted through: by default three yes and Katya's no."""
        motion, vote = self.voting(**fields)
        for who, choice in (
            ballots or {"galina": "yes", "fyodor": "yes", "ivan": "yes", "katya": "no"}
        ).items():
            self.cast(who, vote, choice)
        self.close("galina", vote)
        return motion, vote

    def motion(self, motion_id: int) -> Motion:
        with self.sovet.db.reading() as store:
            found = store.motion(motion_id)
        assert found is not None
        return found

    def votes_on(self, motion: Motion) -> list[Vote]:
        with self.sovet.db.reading() as store:
            return store.votes_on(motion.id)
