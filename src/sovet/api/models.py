"""The JSON shapes of the API: what it accepts and what it answers.

Requests are closed (an unknown field is refused) and strict (``"3"`` is not a number),
and every string has a length limit, so oversized text is refused before any use case
runs. The rules themselves (what a name may contain, who may act) stay in the use cases.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from sovet.adapters.queries import CouncilSummary, MemberView, b64
from sovet.adapters.sql import SqlStore
from sovet.bootstrap import Sovet
from sovet.domain.errors import NotFound
from sovet.domain.federation import Council, CouncilKind
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.domain.text import MAX_ID as MAX_ID
from sovet.record.checkpoint import Checkpoint
from sovet.record.entry import Entry

MemberId = Annotated[int, Field(ge=0, le=MAX_ID, description="A member's id")]
Name = Annotated[str, Field(max_length=120, description="A name of at most 120 characters")]
Slug = Annotated[str, Field(max_length=64, description="A council's short code, as in its address")]
SlugPath = Annotated[str, Path(max_length=64, description="The council's short code")]
Email = Annotated[str, Field(max_length=254)]
Password = Annotated[str, Field(max_length=200, description="10 to 200 characters")]
Contact = Annotated[str, Field(max_length=200, description="How members can reach you")]
CharterKey = Annotated[str, Field(max_length=64)]
OfficeName = Annotated[str, Field(max_length=40, description="An office of the council")]
CharterChanges = Annotated[
    dict[CharterKey, Any],
    Field(
        max_length=32,
        description="Rules that differ from the default charter: decides, delegates_upward, "
        "quorum, threshold, term_months, term_limit, max_concurrent_mandates, "
        "recall_petition_threshold, consent_objection_share, agenda_period_days, "
        "voting_period_days and voting_period_hours (a vote is open for both together, "
        "an hour at least: 0 days and 2 hours for a congress voting in its session), ...",
    ),
]
Positions = Annotated[
    list[int], Field(description="Positions of the record entries that the act appended")
]


class ClosedRequest(BaseModel):
    """A request body: closed, strict, every string bounded."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Answer(BaseModel):
    """A response body."""

    model_config = ConfigDict(extra="forbid")


class Registration(ClosedRequest):
    name: Name
    email: Email
    password: Password
    contact: Contact | None = None


class Credentials(ClosedRequest):
    email: Email
    password: Password


class NoticesChoice(ClosedRequest):
    wanted: bool = Field(description="Whether to get an e-mail when something you can act in opens")


class Notices(Answer):
    wanted: bool


class PasswordChoice(ClosedRequest):
    current: Password = Field(description="Your password now")
    new: Password = Field(description="Your new password, 10 to 200 characters")


class Forgotten(ClosedRequest):
    email: Email


class Asked(Answer):
    said: str


class PasswordWithCode(ClosedRequest):
    code: Annotated[
        str, Field(max_length=128, description="The code of the link that was e-mailed")
    ]
    password: Password


class AddressChoice(ClosedRequest):
    email: Email = Field(description="The new address")
    password: Password = Field(description="Your password")


class AddressOut(Answer):
    email: str = Field(description="The address you log in with now")
    confirmed: bool = Field(description="Whether the change is done; else a link confirms it")
    said: str | None


class Code(ClosedRequest):
    code: Annotated[
        str, Field(max_length=128, description="The code of the link that was e-mailed")
    ]


class SessionsEnded(Answer):
    ended: int = Field(description="How many other sessions and tokens of yours ended")


class InvitationClaim(ClosedRequest):
    email: Email
    code: Annotated[str, Field(max_length=128, description="The one-time invitation code")]
    password: Password


class BaseCouncilFounding(ClosedRequest):
    slug: Slug
    name: Name
    workplace: Name
    charter: CharterChanges | None = None


class DelegateCouncilFounding(ClosedRequest):
    slug: Slug
    name: Name
    constituent: Slug = Field(description="The council that founds it and seats it first")
    seats: int = Field(description="How many seats the founding constituent fills")
    charter: CharterChanges | None = None


class Admission(ClosedRequest):
    member: MemberId
    office: OfficeName | None = Field(
        default=None,
        description="Admit as this officer of the council, if its charter gives the office "
        "'admit_members'",
    )


class ConstituentJoining(ClosedRequest):
    constituent: Slug = Field(description="The council that joins, acting for itself")
    seats: int = Field(description="How many seats it fills")


class Error(Answer):
    error: str = Field(description="What is wrong, in words")


class MemberRef(Answer):
    id: int
    name: str


class CouncilRef(Answer):
    id: int
    slug: str
    name: str
    kind: CouncilKind


class CouncilOut(CouncilRef):
    workplace: str | None
    charter: dict[str, Any]


class CouncilSummaryOut(CouncilRef):
    workplace: str | None
    members: int
    seats: int
    filled: int = Field(description="Seats held by an active mandate today")


class MandateOut(Answer):
    id: int
    council: CouncilRef
    constituency: CouncilRef
    seat: int
    starts: date
    ends: date
    ended_on: date | None
    end_reason: str | None
    via: int | None = Field(description="The mandate through which this one is held, if any")
    active: bool


class MemberOut(Answer):
    id: int
    name: str
    councils: list[CouncilRef]
    mandates: list[MandateOut]


class Registered(MemberRef):
    entries: Positions


class SessionOut(Answer):
    token: str = Field(description="Send it as 'Authorization: Bearer <token>'")
    member: MemberRef


class SeatOut(Answer):
    constituency: CouncilRef
    number: int
    holder: MemberRef | None
    mandate: int | None = Field(description="The id of the mandate that holds the seat")


class ConstituentOut(Answer):
    council: CouncilRef
    seats: int


class CouncilDetailOut(Answer):
    council: CouncilOut
    members: list[MemberRef]
    seats: list[SeatOut]
    constituents: list[ConstituentOut]
    sits_in: list[CouncilRef] = Field(description="The delegate councils it seats delegates in")
    asking: list[ConstituentOut] = Field(
        description="Councils that asked to join this delegate council, with the seats each "
        "asked for, awaiting its decision (a resolution with an admit_constituent effect)"
    )
    asked: list[CouncilRef] = Field(
        description="Delegate councils this council asked to join, awaiting their decision"
    )


class Founded(Answer):
    council: CouncilOut
    entries: Positions


class Admitted(Answer):
    council: str
    member: MemberRef
    entries: Positions


class ImportedMember(Answer):
    member: MemberRef
    email: str
    invitation: str | None = Field(
        description="One-time code with which a person new to the federation sets a "
        "password; null for people already registered"
    )


class ImportOut(Answer):
    council: str
    imported: list[ImportedMember]
    entries: Positions


class FailedInvitationOut(Answer):
    member: MemberRef
    email: str
    attempted: str = Field(description="When the e-mail was handed to the mail server (UTC)")
    reason: str = Field(description="What the mail server, or the connection to it, said")


class Joined(Answer):
    council: str
    constituent: str
    seats: int
    joined: bool = Field(
        description="True when the council joined at once (the delegate council is being "
        "founded: no delegate has sat in it yet); false when its request was recorded and "
        "awaits the delegate council's decision, a resolution with an admit_constituent effect"
    )
    message: str = Field(description="What came of it, in words")
    entries: Positions


class Edge(Answer):
    constituent: str = Field(description="Slug of the council that seats delegates")
    council: str = Field(description="Slug of the delegate council they sit in")
    seats: int


class GraphOut(Answer):
    nodes: list[CouncilSummaryOut]
    edges: list[Edge]


class EntryOut(Answer):
    """An entry in its published JSON form (``sovet-entry/v1``)."""

    format: str
    position: int
    time: str
    kind: str
    version: int
    actor: int | None
    under: str
    payload: dict[str, Any]


class RecordPageOut(Answer):
    entries: list[EntryOut]
    total: int = Field(description="How many entries (of the kind asked for) there are")
    start: int
    limit: int


class EntryWithHash(Answer):
    entry: EntryOut
    leaf_hash: str = Field(description="The entry's Merkle leaf hash (RFC 9162), hex")


class CheckpointOut(Answer):
    size: int
    root: str = Field(description="The Merkle root, standard base64")
    timestamp: str
    signature: str = Field(description="Ed25519 signature of the checkpoint note, base64")
    key_id: str


class LatestCheckpoint(Answer):
    checkpoint: CheckpointOut
    public_key: str = Field(description="The instance's Ed25519 public key, base64")
    key_id: str


class InclusionProof(Answer):
    index: int
    size: int
    leaf_hash: str = Field(description="The entry's leaf hash, hex")
    proof: list[str] = Field(description="RFC 9162 inclusion proof, base64 hashes")
    checkpoint: CheckpointOut | None = Field(
        description="The signed checkpoint of this size, when one was signed"
    )


class ConsistencyProof(Answer):
    old: int
    new: int
    old_root: str = Field(description="Merkle root at the old size, base64")
    new_root: str = Field(description="Merkle root at the new size, base64")
    proof: list[str] = Field(description="RFC 9162 consistency proof, base64 hashes")
    old_checkpoint: CheckpointOut | None
    new_checkpoint: CheckpointOut | None


def member_ref(member: Member) -> MemberRef:
    return MemberRef(id=member.id, name=member.name)


def council_ref(council: Council) -> CouncilRef:
    return CouncilRef(id=council.id, slug=council.slug, name=council.name, kind=council.kind)


def council_out(council: Council) -> CouncilOut:
    return CouncilOut(
        id=council.id,
        slug=council.slug,
        name=council.name,
        kind=council.kind,
        workplace=council.workplace,
        charter=council.charter.to_json(),
    )


def summary_out(summary: CouncilSummary) -> CouncilSummaryOut:
    council = summary.council
    return CouncilSummaryOut(
        id=council.id,
        slug=council.slug,
        name=council.name,
        kind=council.kind,
        workplace=council.workplace,
        members=summary.members,
        seats=summary.seats,
        filled=summary.filled,
    )


def mandate_out(
    mandate: Mandate, *, council: Council, constituency: Council, today: date
) -> MandateOut:
    return MandateOut(
        id=mandate.id,
        council=council_ref(council),
        constituency=council_ref(constituency),
        seat=mandate.seat_number,
        starts=mandate.starts,
        ends=mandate.ends,
        ended_on=mandate.ended_on,
        end_reason=mandate.end_reason,
        via=mandate.via_mandate_id,
        active=mandate.active_on(today),
    )


def member_out(view: MemberView, today: date) -> MemberOut:
    return MemberOut(
        id=view.member.id,
        name=view.member.name,
        councils=[council_ref(council) for council in view.councils],
        mandates=[
            mandate_out(
                held.mandate, council=held.council, constituency=held.constituency, today=today
            )
            for held in view.mandates
        ],
    )


def entry_out(entry: Entry) -> EntryOut:
    return EntryOut.model_validate(entry.to_json())


def checkpoint_out(checkpoint: Checkpoint) -> CheckpointOut:
    return CheckpointOut.model_validate(checkpoint.to_json())


def positions(store: SqlStore) -> list[int]:
    """The positions of the entries that a write transaction appended."""
    return [entry.position for entry in store.appended]


def council_named(sovet: Sovet, slug: str) -> Council:
    """The council with the short code ``slug``; refused as not found where none has it."""
    with sovet.db.reading() as store:
        council = store.council_by_slug(slug)
    if council is None:
        raise NotFound(f"there is no council {slug!r}")
    return council


def b64_list(hashes: list[bytes]) -> list[str]:
    return [b64(value) for value in hashes]


REFUSALS = {
    401: "Nobody is logged in, or the credentials are wrong",
    403: "The actor lacks the membership or mandate the act needs",
    404: "The request names something that does not exist",
    409: "The request clashes with what exists: a duplicate, a cycle, a held seat",
    422: "The request is malformed: a missing, unknown, oversized or wrong-typed field",
    429: "Too many failed tries from this address: try again after Retry-After seconds",
}


def refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the refusals an endpoint can answer with."""
    return {status: {"model": Error, "description": REFUSALS[status]} for status in statuses}
