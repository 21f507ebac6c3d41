"""What the use cases need from storage, as a Protocol.

Use cases read state and append entries through a ``Store`` opened by ``Storage``;
the SQL adapter implements both, and the composition root (``bootstrap``) wires it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Set
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, Protocol

from sovet.domain.books import AdoptedTarget, Books, Process, Product
from sovet.domain.elections import Candidate, Election
from sovet.domain.factions import Faction
from sovet.domain.federation import Council, JoinRequest
from sovet.domain.mandates import Mandate
from sovet.domain.members import Account, CodePurpose, EmailedCode, Member, OpenSession
from sovet.domain.motions import Amendment, Comment, Decision, Instruction, Motion, Referendum
from sovet.domain.planning import (
    JobOutcome,
    PlanningPeriod,
    PlanPart,
    PlanTarget,
    Proposal,
    Round,
    RoundJob,
)
from sovet.domain.recall import Vacancy
from sovet.domain.votes import BallotPaper, Choice, Tally, Vote, Voter
from sovet.record.entry import Entry


class MotionStore(Protocol):
    """Reads of motions, votes, decisions and factions, and the ballot box."""

    def seats_in(self, council_id: int) -> int:
        """How many seats a delegate council has, filled or not."""

    def members_beneath(self, council_id: int) -> dict[int, int]:
        """Each member of a base council beneath ``council_id``, with that council's id."""

    def motion(self, motion_id: int) -> Motion | None: ...

    def motions_in(self, council_id: int, states: Collection[str]) -> list[Motion]: ...
    def anything_due_in(self, council_id: int, now: str) -> bool:
        """Whether a motion's agenda period or a vote's window in the council has ended
        by ``now`` (a stamp) and is still waiting for its transition."""

    def motion_text(self, motion_id: int, version: int) -> str: ...

    def supporters(self, motion_id: int) -> list[int]: ...

    def secrecy_requests(self, motion_id: int) -> list[int]: ...

    def amendment(self, amendment_id: int) -> Amendment | None: ...

    def amendments_of(self, motion_id: int) -> list[Amendment]: ...

    def vote(self, vote_id: int) -> Vote | None: ...

    def vote_tally(self, vote_id: int) -> Tally | None:
        """A closed vote's counts; None while it is open."""

    def votes_on(self, motion_id: int) -> list[Vote]: ...

    def open_votes_in(self, council_id: int) -> list[Vote]: ...

    def open_votes(self) -> list[Vote]:
        """The votes of every council not yet closed, by id."""

    def yet_to_vote(self, vote_id: int) -> list[tuple[int, str]]:
        """The lines of a vote's frozen register, each a member and the standing they vote
        under, whose member has not voted."""

    def voter(self, vote_id: int, member_id: int) -> Voter | None:
        """A member's place on a vote's frozen register, if they are on it."""

    def ballot_paper(self, vote_id: int, member_id: int, now: str) -> BallotPaper | None:
        """The member, the vote, the member's line on its register and whether anything is
        due in its council by ``now``, in one read; None when the vote or the member is
        unknown."""

    def named_ballots(self, vote_id: int) -> dict[int, Choice]: ...

    def put_ballot(self, *, vote_id: int, receipt_hash: bytes, choice: Choice) -> None:
        """Drop a secret ballot in the box: no voter, no time, keyed by the receipt's hash."""

    def ballot_box(self, vote_id: int) -> list[tuple[bytes, Choice]]: ...

    def empty_ballot_box(self, vote_id: int) -> None: ...

    def decision(self, motion_id: int) -> Decision | None: ...

    def minority_report_authors(self, motion_id: int) -> set[int]: ...

    def comment(self, comment_id: int) -> Comment | None: ...

    def forwarded_to(self, motion_id: int) -> set[int]:
        """The councils a motion has been forwarded to."""

    def consultations_of(self, motion_id: int) -> list[Motion]: ...

    def instruction(self, council_id: int, motion_id: int) -> Instruction | None:
        """The latest instruction of ``council_id`` to its delegates on ``motion_id``."""

    def instruction_to_seat(self, mandate_id: int, motion_id: int) -> Instruction | None:
        """The latest instruction on ``motion_id`` of the constituency for which
        ``mandate_id`` holds its seat, where that seat is in the motion's council: the
        one mandate and its constituency's instructions on the motion are read, not every
        seat of the council."""

    def referendum_on(self, motion_id: int) -> Referendum | None: ...

    def referendum_signatures(self, referendum_id: int) -> set[int]: ...

    def faction(self, faction_id: int) -> Faction | None: ...

    def faction_name_taken(self, name: str) -> bool: ...

    def in_faction(self, faction_id: int, member_id: int) -> bool: ...


class ElectionStore(Protocol):
    """Reads of elections, and the ranked ballot box."""

    def election(self, election_id: int) -> Election | None: ...

    def elections_voting(self) -> list[Election]:
        """The elections whose voting has opened (their register frozen) and not closed."""

    def electors_yet_to_vote(self, election_id: int) -> list[tuple[int, str]]:
        """The lines of an election's frozen register, each a member and the standing they
        vote under, whose member has not voted."""

    def election_in_progress(
        self,
        council_id: int,
        constituency_id: int,
        office: str | None = None,
        *,
        by_election: bool = False,
    ) -> Election | None:
        """The election (or by-election) of this constituency's seats in this council, or of
        the council's ``office``, not yet counted."""

    def candidates(self, election_id: int) -> list[Candidate]:
        """The candidates in the order they were nominated."""

    def elector(self, election_id: int, member_id: int) -> Voter | None:
        """A member's place on an election's frozen register, if they are on it."""

    def put_ranking(self, *, election_id: int, receipt_hash: bytes, ranking: str) -> None:
        """Drop a ranked ballot in the box: no voter, no time, keyed by the receipt's hash."""

    def ranked_ballot_box(self, election_id: int) -> list[tuple[bytes, tuple[int, ...]]]: ...

    def empty_ranked_ballot_box(self, election_id: int) -> None: ...


class RecallStore(Protocol):
    """Reads of offices, and of what a recall ends and who takes the seat."""

    def mandate(self, mandate_id: int) -> Mandate | None:
        """A delegate's mandate or an office held (``Mandate.office``), by id."""

    def offices_in(self, council_id: int) -> list[Mandate]: ...

    def offices_of_member(self, member_id: int) -> list[Mandate]: ...

    def held_via(self, mandate_id: int) -> list[Mandate]:
        """The mandates and offices held through ``mandate_id``."""

    def substitutes_of(self, mandate_id: int) -> list[int]:
        """The members next in line for the mandate's seat, in order."""

    def open_vacancies(self, council_id: int, on: date) -> list[Vacancy]:
        """Seats and offices of the council that need a by-election on ``on``."""


class BooksStore(Protocol):
    """Reads of the catalogue, the workplaces' books and the adopted demand targets."""

    def product(self, code: str) -> Product | None: ...

    def catalogue(self) -> dict[str, Product]: ...

    def book_process(self, council_id: int, code: str) -> tuple[Process, bool] | None:
        """A workplace's process, retired or not, and whether it is retired."""

    def books_of(self, council_id: int) -> Books: ...

    def all_books(self, council_ids: list[int] | None = None) -> dict[int, Books]: ...

    def demand_targets(self, period: str | None = None) -> list[AdoptedTarget]: ...


class PlanningStore(Protocol):
    """Reads of planning periods, their proposals, targets, rounds and the plan's parts."""

    def planning_period(self, period_id: int) -> PlanningPeriod | None: ...

    def planning_periods(self, council_id: int | None = None) -> list[PlanningPeriod]:
        """Periods, the latest opened first; of one council when ``council_id`` is given."""

    def plan_proposals(self, period_id: int) -> list[Proposal]: ...

    def plan_proposal_entries(self, period_id: int) -> list[tuple[int, int]]:
        """Each current proposal's council and entry, in the order of ``plan_proposals``."""

    def plan_targets(self, period_id: int) -> list[PlanTarget]: ...

    def plan_rounds(self, period_id: int) -> list[Round]: ...

    def plan_parts(self, period_id: int) -> list[PlanPart]: ...

    def plan_part(self, period_id: int, council_id: int) -> PlanPart | None: ...


class Store(MotionStore, ElectionStore, RecallStore, BooksStore, PlanningStore, Protocol):
    """One transaction's view of state, and the only way to change it."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...

    def append(self, kind: str, payload: dict[str, Any], *, actor: int | None, under: str) -> Entry:
        """Append an entry to the record and apply it to the projections; a kind no act
        writes any more (``record.kinds.RETIRED``) is refused, and so is an ``under`` of no form
        in ``record.standing.FORMS``."""

    def next_position(self) -> int: ...

    def recorded(self, kinds: Collection[str], *, since: int = 0) -> list[Entry]:
        """The entries of ``kinds`` from position ``since`` on, in the record's order."""

    def member(self, member_id: int) -> Member | None: ...

    def council(self, council_id: int) -> Council | None: ...

    def council_by_slug(self, slug: str) -> Council | None: ...

    def councils(self) -> list[Council]: ...

    def council_name_taken(self, name: str) -> bool: ...

    def is_member(self, council_id: int, member_id: int) -> bool: ...

    def members_of(self, council_id: int) -> list[int]:
        """The ids of a base council's members, oldest first."""

    def being_founded(self, council_id: int) -> bool:
        """Whether a council has yet to open its first vote (on a motion, an amendment or
        a referendum) or election (it elects: the seats it fills elsewhere, its offices)."""

    def constituents(self) -> dict[int, Set[int]]:
        """Every delegate council's constituent councils."""

    def seats_of(self, council_id: int, constituency_id: int) -> int:
        """How many seats ``constituency_id`` fills in ``council_id`` (0 if none)."""

    def join_request(self, council_id: int, constituent_id: int) -> JoinRequest | None:
        """``constituent_id``'s request to join ``council_id``, if it made one."""

    def join_requests_to(self, council_id: int) -> list[JoinRequest]:
        """Every request to join ``council_id``, oldest first, granted or not."""

    def mandates_of_member(self, member_id: int) -> list[Mandate]: ...

    def mandates_held_in(self, council_id: int, member_id: int) -> list[Mandate]:
        """``member_id``'s seats in ``council_id``, ended or not, oldest first: read from
        the member's own mandates, not every seat of the council."""

    def mandates_in(self, council_id: int) -> list[Mandate]: ...

    def account_by_email(self, email: str) -> Account | None: ...

    def account(self, member_id: int) -> Account | None: ...

    def save_account(
        self,
        *,
        member_id: int,
        email: str,
        contact: str | None,
        password_hash: str | None,
        invitation_hash: bytes | None,
    ) -> None: ...

    def set_password(self, member_id: int, password_hash: str) -> None: ...

    def set_notices(self, member_id: int, wanted: bool) -> None: ...

    def notice_addresses(self, member_ids: Collection[int]) -> list[tuple[int, str]]:
        """The e-mail address of each of ``member_ids`` who wants notices, by member."""

    def invitation_hash(self, member_id: int) -> bytes | None: ...

    def save_session(self, *, token_hash: bytes, member_id: int, kind: str) -> None: ...

    def session_holder(
        self, token_hash: bytes, *, opened_since: Mapping[str, datetime]
    ) -> Member | None:
        """The member whose session or API token has this hash, if it opened after
        ``opened_since`` of its kind (``web``, ``api``)."""

    def drop_session(self, token_hash: bytes) -> None: ...

    def sessions_of(
        self, member_id: int, *, besides: bytes, opened_since: Mapping[str, datetime]
    ) -> list[OpenSession]:
        """The member's sessions and tokens that opened after ``opened_since`` of their
        kind, but the one with hash ``besides``, oldest first."""

    def drop_ended_sessions(self, member_id: int, *, opened_since: Mapping[str, datetime]) -> None:
        """Drop the member's sessions and tokens that opened before ``opened_since`` of
        their kind."""

    def drop_sessions(self, member_id: int, *, keeping: bytes | None) -> int:
        """End the member's sessions and tokens but the one with hash ``keeping`` (every one,
        given None); how many."""

    def set_email(self, member_id: int, email: str) -> None: ...

    def save_emailed_code(self, token_hash: bytes, code: EmailedCode) -> None:
        """Keep the hash of a code e-mailed to a member; codes that expired before now are
        dropped."""

    def emailed_code(self, token_hash: bytes, purpose: CodePurpose) -> EmailedCode | None:
        """The code with this hash, if it was sent for ``purpose``."""

    def end_emailed_codes(self, member_id: int, purpose: CodePurpose) -> None:
        """Drop every code sent to the member for ``purpose``."""

    def start_round_job(self, *, period_id: int, round: int, member_id: int) -> RoundJob:
        """Note that ``member_id`` asked for the period's round ``round`` to be computed in
        the background; the job starts ``running``, its beat now."""

    def mark_round_job(
        self,
        job_id: int,
        *,
        stage: str | None = None,
        outcome: JobOutcome | None = None,
        message: str | None = None,
    ) -> None:
        """Renew the job's beat, with its stage where given; an ``outcome`` ends it."""

    def round_job(self, job_id: int) -> RoundJob | None: ...

    def latest_round_job(self, period_id: int) -> RoundJob | None:
        """The period's round job asked for last, however it ended."""


class Storage(Protocol):
    def transaction(self) -> AbstractContextManager[Store]:
        """A write transaction: all its entries and changes commit together, or none."""

    def reading(self) -> AbstractContextManager[Store]:
        """A read-only view that takes no write lock."""

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]: ...
