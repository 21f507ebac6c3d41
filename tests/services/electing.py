"""Electing through the use cases: a workplace fills its seats in a regional council."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sovet.domain.elections import Candidate, Election
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.authority import Actor
from sovet.services.cast_ranked_ballot import CastRankedBallot, RankedCast, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.election_cycle import election_named
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.ports import Store
from sovet.services.publish_candidate_statement import (
    PublishCandidateStatement,
    publish_candidate_statement,
)

from .federation import Clock, Federation


@dataclass(frozen=True)
class Seats:
    """The tractor works (Ana, who founded it, Boris, Lev, Dasha and Yuri) fills two seats
    in the northern regional council; the textile mill (Vera) fills one."""

    ana: Member
    boris: Member
    lev: Member
    dasha: Member
    yuri: Member
    vera: Member
    works: Council
    mill: Council
    regional: Council

    @property
    def workers(self) -> tuple[Member, ...]:
        return (self.ana, self.boris, self.lev, self.dasha, self.yuri)


def build_seats(federation: Federation, charter: dict[str, Any] | None = None) -> Seats:
    ana, boris, lev, dasha, yuri, vera = (
        federation.register(name) for name in ("Ana", "Boris", "Lev", "Dasha", "Yuri", "Vera")
    )
    works = federation.found_base(ana, "tractor-works", "Tractor Works")
    federation.admit(ana, works, boris, lev, dasha, yuri)
    mill = federation.found_base(vera, "textile-mill", "Textile Mill")
    regional = federation.found_delegate(
        ana, "north", "Northern Regional Council", works, seats=2, charter=charter
    )
    federation.join(vera, regional, mill, seats=1)
    return Seats(ana, boris, lev, dasha, yuri, vera, works, mill, regional)


class Electing:
    """Acts in elections, each in its own transaction; the ``*ing`` forms return the act
    itself, for ``Federation.refused``."""

    def __init__(self, federation: Federation, clock: Clock) -> None:
        self.federation = federation
        self.clock = clock

    def opening(
        self,
        actor: Actor,
        seats: Seats,
        nomination_days: int | None = None,
        voting_days: int | None = None,
    ) -> Callable[[Store], Election]:
        """Open the election of the works' seats, over the charter's periods of nominations
        and voting unless it names longer ones."""
        request = OpenElection(
            council=seats.regional.slug,
            constituency=seats.works.slug,
            nomination_days=nomination_days,
            voting_days=voting_days,
        )
        return lambda store: open_election(store, request, actor=actor)

    def nominating(
        self, actor: Actor, election: Election, member: Member
    ) -> Callable[[Store], Candidate]:
        request = Nominate(election.id, member.id)
        return lambda store: nominate(store, request, actor=actor)

    def consenting(self, actor: Actor, election: Election) -> Callable[[Store], Candidate]:
        request = ConsentToNomination(election.id)
        return lambda store: consent_to_nomination(store, request, actor=actor)

    def stating(self, actor: Actor, election: Election, text: str) -> Callable[[Store], Candidate]:
        request = PublishCandidateStatement(election.id, text)
        return lambda store: publish_candidate_statement(store, request, actor=actor)

    def voting(
        self,
        actor: Actor,
        election: Election,
        ranking: tuple[Any, ...] = (),
        marks: Mapping[int, int] | None = None,
    ) -> Callable[[Store], RankedCast]:
        request = CastRankedBallot(election.id, ranking=ranking, marks=marks)
        return lambda store: cast_ranked_ballot(store, request, actor=actor)

    def closing(self, actor: Actor, election: Election) -> Callable[[Store], Election]:
        request = CloseElection(election.id)
        return lambda store: close_election(store, request, actor=actor)

    def open(self, actor: Actor, seats: Seats) -> Election:
        return self.federation.act(self.opening(actor, seats))

    def nominate(self, actor: Actor, election: Election, member: Member) -> Candidate:
        return self.federation.act(self.nominating(actor, election, member))

    def consent(self, actor: Actor, election: Election) -> Candidate:
        return self.federation.act(self.consenting(actor, election))

    def vote(self, actor: Actor, election: Election, *ranking: Member) -> RankedCast:
        ids = tuple(member.id for member in ranking)
        return self.federation.act(self.voting(actor, election, ids))

    def close(self, actor: Actor, election: Election) -> Election:
        return self.federation.act(self.closing(actor, election))

    def current(self, election: Election) -> Election:
        with self.federation.sovet.db.reading() as store:
            return election_named(store, election.id)

    def candidates(self, election: Election) -> list[Candidate]:
        with self.federation.sovet.db.reading() as store:
            return store.candidates(election.id)

    def to_the_vote(self, seats: Seats) -> Election:
        """An election with Ana, Boris (nominated by Ana) and Lev standing, Dasha nominated
        by Yuri but never consenting, and voting open."""
        election = self.open(seats.ana, seats)
        self.nominate(seats.ana, election, seats.ana)
        self.nominate(seats.ana, election, seats.boris)
        self.consent(seats.boris, election)
        self.nominate(seats.lev, election, seats.lev)
        self.nominate(seats.yuri, election, seats.dasha)
        self.until_nominations_close(election)
        return election

    def until_nominations_close(self, election: Election) -> None:
        """Move the clock to the close of the election's nominations (the charter's
        period, since the election was opened without one of its own)."""
        self._until(election.nominations_close)

    def until_voting_closes(self, election: Election) -> None:
        self._until(election.closes)

    def _until(self, moment: datetime) -> None:
        if moment > self.clock.moment:
            self.clock.advance(seconds=(moment - self.clock.moment).total_seconds())
