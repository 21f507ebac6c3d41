"""Elections: a constituency fills its seats by nominations, secret ranked ballots and a
rule-exact count, published in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from sovet.adapters.election_queries import open_election_queries
from sovet.adapters.sql import SqlStore
from sovet.api.deps import MemberDep, SovetDep
from sovet.api.election_models import (
    CandidateActed,
    CandidateStatement,
    ElectionActed,
    ElectionDetailOut,
    ElectionOpening,
    ElectionOut,
    ElectionReceiptCheck,
    ElectionReceiptOut,
    Nomination,
    RankedBallot,
    RankedCastOut,
    election_detail_out,
    summary_out,
)
from sovet.api.models import MAX_ID, SlugPath, council_named, member_ref, positions, refusals
from sovet.bootstrap import Sovet
from sovet.domain.elections import Candidate
from sovet.domain.errors import Conflict, NotFound
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.publish_candidate_statement import (
    PublishCandidateStatement,
    publish_candidate_statement,
)

router = APIRouter(tags=["elections"])
ElectionId = Annotated[int, Path(ge=0, le=MAX_ID, description="The election's id")]
ACT = refusals(401, 403, 404, 409, 422)


def _detail(sovet: Sovet, election_id: int) -> ElectionDetailOut:
    with open_election_queries(sovet.db) as queries:
        view = queries.election_view(election_id)
    if view is None:
        raise NotFound(f"there is no election {election_id}")
    return election_detail_out(view)


def _candidate_acted(sovet: Sovet, store: SqlStore, candidate: Candidate) -> CandidateActed:
    detail = _detail(sovet, candidate.election_id)
    found = next(c for c in detail.candidates if c.member.id == candidate.member_id)
    return CandidateActed(candidate=found, entries=positions(store))


@router.get(
    "/elections/{election_id}/ballots.blt",
    summary="An election's ballots as BLT, to count again",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}, **refusals(404, 409, 422)},
)
def ballots_blt(election_id: ElectionId, sovet: SovetDep) -> Response:
    """The ballots published at the close, as a BLT file (the format of ERS, OpenSTV and
    Droop) whose candidates are named as in the count's report. The ``X-Recount``
    header is the command that counts it again as the election was counted, with the
    published seed for ties: ``sovet count`` gives the same result, and any other counter
    of the method can be compared with it."""
    with open_election_queries(sovet.db) as queries:
        view = queries.election_view(election_id)
    if view is None:
        raise NotFound(f"there is no election {election_id}")
    blt = view.blt()
    if view.phase == "lapsed":
        raise Conflict(f"election {election_id} lapsed: nobody stood, so no vote was held")
    if blt is None:
        raise Conflict(
            f"election {election_id} has no counted ballots: they are published and counted "
            "when it closes, if any were cast"
        )
    return Response(
        blt,
        media_type="text/plain; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="election-{election_id}.blt"',
            "X-Recount": view.recount(),
        },
    )


@router.post(
    "/councils/{slug}/elections", status_code=201, summary="Open an election", responses=ACT
)
def open_(
    slug: SlugPath, body: ElectionOpening, member: MemberDep, sovet: SovetDep
) -> ElectionActed:
    """A member of a constituency opens the election of every seat it fills in the
    council (while any is vacant after a recall: their by-election, unless ``next_term``
    asks for the next term's election), or a member of the
    council the election of one of its offices (``office``, with the council as the
    constituency): nominations, then voting, each for the charter's period or a longer one
    (never shorter), counted by the council charter's method. One election at a time per
    constituency and council."""
    request = OpenElection(
        council=slug,
        constituency=body.constituency,
        nomination_days=body.nomination_days,
        voting_days=body.voting_days,
        office=body.office,
        next_term=body.next_term,
    )
    with sovet.db.transaction() as store:
        opened = open_election(store, request, actor=member)
    return ElectionActed(election=_detail(sovet, opened.id).election, entries=positions(store))


@router.get(
    "/councils/{slug}/elections", summary="A council's elections", responses=refusals(404, 422)
)
def elections(slug: SlugPath, sovet: SovetDep) -> list[ElectionOut]:
    """The elections of a council's seats, and of its own seats in councils above, newest
    first."""
    council = council_named(sovet, slug)
    with open_election_queries(sovet.db) as queries:
        return [summary_out(summary) for summary in queries.elections_of(council.id)]


@router.get("/elections/{election_id}", summary="An election", responses=refusals(404, 422))
def election(election_id: ElectionId, sovet: SovetDep) -> ElectionDetailOut:
    """An election: its phase by the clock, candidates (pending ones too) with their
    statements, the turnout, and after the close every ballot, the count's full report
    (quota, every stage, every transfer, every tie broken by the published seed) and the
    place of each candidate: elected, or substitute in order."""
    return _detail(sovet, election_id)


@router.post(
    "/elections/{election_id}/nominations",
    status_code=201,
    summary="Nominate a candidate",
    responses=ACT,
)
def nominate_(
    election_id: ElectionId, body: Nomination, member: MemberDep, sovet: SovetDep
) -> CandidateActed:
    """A member of the constituency nominates themselves, or another member, who stands
    only once they consent. A nominee over the cap on concurrent mandates, at the term
    limit or in the rotation pause is refused, naming the rule."""
    with sovet.db.transaction() as store:
        candidate = nominate(store, Nominate(election_id, body.member), actor=member)
    return _candidate_acted(sovet, store, candidate)


@router.post(
    "/elections/{election_id}/consent",
    status_code=201,
    summary="Consent to a nomination",
    responses=ACT,
)
def consent(election_id: ElectionId, member: MemberDep, sovet: SovetDep) -> CandidateActed:
    """A member nominated by another consents to stand, checked again against the cap,
    the term limit and the rotation pause."""
    with sovet.db.transaction() as store:
        candidate = consent_to_nomination(store, ConsentToNomination(election_id), actor=member)
    return _candidate_acted(sovet, store, candidate)


@router.post(
    "/elections/{election_id}/statement",
    status_code=201,
    summary="Publish a candidate statement",
    responses=ACT,
)
def statement(
    election_id: ElectionId, body: CandidateStatement, member: MemberDep, sovet: SovetDep
) -> CandidateActed:
    """A candidate publishes (or replaces) their statement to the electors."""
    request = PublishCandidateStatement(election_id, body.text)
    with sovet.db.transaction() as store:
        candidate = publish_candidate_statement(store, request, actor=member)
    return _candidate_acted(sovet, store, candidate)


@router.post(
    "/elections/{election_id}/ballots",
    status_code=201,
    summary="Cast a ranked ballot",
    responses=ACT,
)
def ballot(
    election_id: ElectionId, body: RankedBallot, member: MemberDep, sovet: SovetDep
) -> RankedCastOut:
    """An elector on the register frozen when voting opened ranks the candidates, once,
    in secret: the record shows that they voted, not how. The receipt finds the ballot
    among those published at the close. A candidate ranked twice, one not standing or a
    skipped rank is refused, naming it."""
    request = CastRankedBallot(election_id, ranking=tuple(body.ranking))
    with sovet.db.transaction() as store:
        cast = cast_ranked_ballot(store, request, actor=member)
    return RankedCastOut(
        election=cast.election,
        ranking=list(cast.ranking),
        receipt=cast.receipt,
        entries=positions(store),
    )


@router.post(
    "/elections/{election_id}/closing",
    status_code=201,
    summary="Close an election",
    responses=ACT,
)
def close(election_id: ElectionId, member: MemberDep, sovet: SovetDep) -> ElectionDetailOut:
    """Any elector closes an election whose voting time is up: the ballots are published
    in one batch, the seed for ties is that entry's hash, the count follows with its
    full report, and the elected take their mandates with the others as substitutes."""
    with sovet.db.transaction() as store:
        close_election(store, CloseElection(election_id), actor=member)
    return _detail(sovet, election_id)


@router.post(
    "/elections/{election_id}/receipt",
    summary="Check a ballot receipt",
    responses=refusals(404, 422),
)
def receipt(
    election_id: ElectionId, body: ElectionReceiptCheck, sovet: SovetDep
) -> ElectionReceiptOut:
    """Whether the ballot with this receipt is among those published at the close, and
    its ranking. The receipt travels in the body, to stay out of addresses and logs."""
    with open_election_queries(sovet.db) as queries:
        if queries.election_view(election_id) is None:
            raise NotFound(f"there is no election {election_id}")
        found = queries.receipt(election_id, body.receipt)
    return ElectionReceiptOut(
        election=found.election_id,
        counted=found.counted,
        ranking=[member_ref(member) for member in found.ranking],
    )
