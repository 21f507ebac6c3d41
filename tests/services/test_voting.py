"""Votes on motions: named ballots, refusals, the result computed and recorded at close,
and a passed motion's decision with its final text and its vote."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sovet.adapters.queries import open_queries
from sovet.domain.errors import Conflict, Forbidden, Invalid, NotFound
from sovet.domain.votes import Tally
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from .congress import seated_council, statements_and_rows
from .deliberation import AGENDA_DAYS, VOTING_DAYS, Steps, Works, build_works
from .federation import Clock, Federation, Region, build_region
from .recalling import build_recallable, petitioning, signing


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def test_a_named_ballot_is_recorded_with_its_choice_and_the_voters_standing(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    size = federation.record_size()
    cast = steps.cast(works.vera, vote, "no")
    assert (cast.choice, cast.receipt) == ("no", None)
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "vote.cast",
        works.vera.id,
        f"membership:{works.council.id}",
    )
    assert entry.payload == {
        "vote": vote.id,
        "secret": False,
        "choice": "no",
        "against_instruction": None,
    }


def test_live_results_of_a_named_vote_show_the_counts_so_far(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    steps.cast(works.ana, vote, "yes")
    steps.cast(works.boris, vote, "abstain")
    with open_queries(federation.sovet.db) as queries:
        view = queries.vote_view(vote.id)
    assert view is not None
    assert view.results.tally == Tally(yes=1, no=0, abstain=1, eligible=5)
    assert (view.results.register, view.results.turnout) == (5, 2)
    assert view.results.passed is None
    assert [(b.member.name, b.choice) for b in view.ballots] == [
        ("Ana", "yes"),
        ("Boris", "abstain"),
    ]


def test_voting_twice_is_refused(works: Works, steps: Steps, federation: Federation) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    steps.cast(works.gleb, vote, "yes")
    federation.refused(
        Conflict, steps.casting(works.gleb, vote, "no"), f"Gleb has already voted in vote {vote.id}"
    )


def test_a_choice_other_than_yes_no_or_abstain_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    federation.refused(
        Invalid,
        steps.casting(works.gleb, vote, "maybe"),
        "choice: must be one of yes, no, abstain, not 'maybe'",
    )


def test_a_member_not_on_the_register_cannot_vote(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden, steps.casting(outsider, vote, "yes"), "Lev is not on the register of vote"
    )


def test_voting_in_an_unknown_vote_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    federation.refused(NotFound, steps.casting(works.ana, 4242, "yes"), "there is no vote 4242")


def test_voting_after_the_close_is_refused_even_before_anyone_closes_it(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    clock.advance(days=VOTING_DAYS)
    federation.refused(
        Conflict,
        steps.casting(works.dasha, vote, "yes"),
        f"vote {vote.id} closed at 2026-05-22T09:00:00.000000Z",
    )
    steps.close(works.ana, vote)
    federation.refused(Conflict, steps.casting(works.dasha, vote, "yes"), "closed at")


def test_a_vote_cannot_be_closed_before_its_time(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    federation.refused(
        Conflict,
        steps.closing(works.ana, vote),
        f"vote {vote.id} is open until 2026-05-22T09:00:00.000000Z",
    )


def test_closing_records_the_result_and_the_decision_with_its_final_text(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    vote = steps.to_the_vote(works.ana, motion)
    for voter, choice in zip(works.members, ["yes", "yes", "no", "abstain"], strict=False):
        steps.cast(voter, vote, choice)
    clock.advance(days=VOTING_DAYS)
    size = federation.record_size()
    closed = steps.close(works.dasha, vote)
    assert closed.closed == clock.moment
    [entry] = federation.entries(size)
    assert entry.kind == "vote.closed"
    payload = entry.payload
    assert (payload["yes"], payload["no"], payload["abstain"]) == (2, 1, 1)
    assert (payload["quorum_met"], payload["passed"]) == (True, True)
    assert payload["reason"] == "passed by the simple majority rule: 2 yes, 1 no, 1 abstaining"
    assert payload["ballots"] == []
    assert payload["decision"]["version"] == 1
    decision = steps.decision(motion)
    assert decision is not None
    assert (decision.vote_id, decision.version, decision.decided) == (vote.id, 1, clock.moment)
    assert steps.motion(motion).state == "passed"
    view = steps.view(motion)
    assert view.decision is not None
    assert view.decision.text == view.text
    assert view.decision.vote.tally == Tally(2, 1, 1, 5)


def test_a_vote_without_quorum_does_not_pass_and_makes_no_decision(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    motion = steps.scheduled(works)
    vote = steps.to_the_vote(works.ana, motion)
    closed = steps.vote_and_close(vote, {works.ana: "yes", works.boris: "yes"}, works.ana)
    with open_queries(federation.sovet.db) as queries:
        results = queries.results(closed)
    assert (results.quorum_met, results.passed) == (False, False)
    assert results.reason == "no quorum: 2 of 5 voted, 2.50 needed (2 yes, 0 no, 0 abstaining)"
    assert steps.motion(motion).state == "rejected"
    assert steps.decision(motion) is None


def test_abstentions_make_the_quorum(works: Works, steps: Steps) -> None:
    motion = steps.scheduled(works)
    vote = steps.to_the_vote(works.ana, motion)
    ballots = {works.ana: "yes", works.boris: "abstain", works.vera: "abstain"}
    steps.vote_and_close(vote, ballots, works.ana)
    assert steps.motion(motion).state == "passed"


def test_a_tie_is_rejected(works: Works, steps: Steps) -> None:
    motion = steps.decided(
        works, {works.ana: "yes", works.boris: "yes", works.vera: "no", works.gleb: "no"}
    )
    assert motion.state == "rejected"


def test_the_charters_threshold_applies(federation: Federation, steps: Steps) -> None:
    works = build_works(federation, {"threshold": "two_thirds"})
    ballots = {
        works.ana: "yes",
        works.boris: "yes",
        works.vera: "yes",
        works.gleb: "no",
        works.dasha: "no",
    }
    assert steps.decided(works, ballots).state == "rejected"
    ballots[works.dasha] = "yes"
    assert steps.decided(works, ballots, title="Second try").state == "passed"


def test_a_delegate_councils_quorum_counts_its_seats_filled_or_not(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    region: Region = build_region(federation, {"support_threshold": 0.3})
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    motion = steps.file(region.boris, region.regional, matter="coordination")
    assert motion.state == "on_agenda"
    vote = steps.to_the_vote(region.gleb, motion)
    assert vote.eligible == 3
    with federation.sovet.db.reading() as store:
        assert store.voter(vote.id, region.ana.id) is None
        boris = store.voter(vote.id, region.boris.id)
    assert boris is not None and boris.under.startswith("mandate:")
    steps.cast(region.boris, vote, "yes")
    steps.cast(region.gleb, vote, "yes")
    clock.advance(days=VOTING_DAYS)
    steps.close(region.gleb, vote)
    assert steps.motion(motion).state == "passed"


def test_a_delegates_ballot_reads_no_more_in_a_council_of_200_seats_than_in_one_of_10(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    """A ballot looks up the delegate's own mandate and any instruction on it, not every
    seat of the council, so what it reads does not grow with the council."""
    small, small_delegate = seated_council(federation, "small", 10)
    large, large_delegate = seated_council(federation, "large", 200)
    small_motion = steps.file(small_delegate, small, matter="coordination")
    large_motion = steps.file(large_delegate, large, matter="coordination")
    clock.advance(days=AGENDA_DAYS)
    [small_vote] = steps.open(small_delegate, small_motion)
    [large_vote] = steps.open(large_delegate, large_motion)
    assert (small_vote.eligible, large_vote.eligible) == (10, 200)
    in_small = statements_and_rows(
        federation, lambda: steps.cast(small_delegate, small_vote, "yes")
    )
    in_large = statements_and_rows(
        federation, lambda: steps.cast(large_delegate, large_vote, "yes")
    )
    assert in_large == in_small
    with federation.sovet.db.reading() as store:
        assert store.named_ballots(small_vote.id) == {small_delegate.id: "yes"}
        assert store.named_ballots(large_vote.id) == {large_delegate.id: "yes"}


def test_a_member_with_no_standing_cannot_close_a_vote(
    works: Works, steps: Steps, federation: Federation, clock: Clock
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    clock.advance(days=VOTING_DAYS)
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden, steps.closing(outsider, vote), "Lev is not a member of Tractor Works"
    )


def test_closing_a_closed_vote_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    closed = steps.vote_and_close(vote, {works.ana: "yes"}, works.ana)
    federation.refused(Conflict, steps.closing(works.ana, closed), f"vote {vote.id} closed at")


def test_my_open_votes_lists_the_votes_a_member_may_still_cast(
    works: Works, steps: Steps, federation: Federation
) -> None:
    vote = steps.to_the_vote(works.ana, steps.scheduled(works))
    steps.cast(works.ana, vote, "yes")
    with open_queries(federation.sovet.db) as queries:
        mine = queries.open_votes_of(works.ana.id)
        theirs = queries.open_votes_of(works.boris.id)
        outsider = queries.open_votes_of(4242)
    assert [(v.vote.id, v.voted) for v in mine] == [(vote.id, True)]
    assert [(v.vote.id, v.voted, v.motion.title) for v in theirs] == [
        (vote.id, False, "Six hour shifts")
    ]
    assert outsider == []


@pytest.mark.parametrize("secret", [False, True], ids=["named", "secret"])
def test_a_delegate_recalled_while_a_vote_is_open_can_no_longer_vote_in_it(
    federation: Federation, steps: Steps, clock: Clock, secret: bool
) -> None:
    """The register froze Boris's line when the votes opened; his recall ends the mandate
    he was on it under, and the seat he held through it. Lev, who takes his seat, holds
    no line on a register frozen before: the seat stays unvoted."""
    fed = build_recallable(
        federation, works_charter={"agenda_period_days": 0, "voting_period_days": 1}
    )
    regional_motion = steps.file(fed.gleb, fed.regional, matter="coordination")
    if secret:
        request = RequestSecretBallot(regional_motion.id)
        federation.act(lambda store: request_secret_ballot(store, request, actor=fed.gleb))
    congress_motion = steps.file(fed.boris, fed.congress, matter="coordination")
    clock.advance(days=AGENDA_DAYS)
    [regional_vote] = steps.open(fed.gleb, regional_motion)
    [congress_vote] = steps.open(fed.boris, congress_motion)
    assert regional_vote.secret is secret
    steps.cast(fed.gleb, regional_vote, "yes")

    petition = federation.act(petitioning(fed.dasha, fed.seat))
    petition = federation.act(signing(fed.ana, petition))
    [recall_vote] = steps.open(fed.dasha, petition)
    for voter in (fed.ana, fed.dasha, fed.lev):
        steps.cast(voter, recall_vote, "yes")
    clock.advance(days=1)
    steps.close(fed.ana, recall_vote)
    assert steps.motion(petition).state == "passed"

    today = clock.moment.date().isoformat()
    federation.refused(
        Forbidden,
        steps.casting(fed.boris, regional_vote, "no"),
        f"Boris, your mandate {fed.seat.id} ended on {today}: recalled by your constituency",
        f"on the register of vote {regional_vote.id} under it and can no longer vote",
    )
    federation.refused(
        Forbidden,
        steps.casting(fed.boris, congress_vote, "no"),
        f"Boris, your mandate {fed.congress_seat.id} ended on {today}: it was held through "
        "a mandate that was recalled",
    )
    federation.refused(
        Forbidden,
        steps.casting(fed.lev, regional_vote, "no"),
        f"Lev is not on the register of vote {regional_vote.id}",
    )
    clock.advance(days=VOTING_DAYS)
    steps.close(fed.gleb, regional_vote)
    with federation.sovet.db.reading() as store:
        tally = store.vote_tally(regional_vote.id)
    assert tally == Tally(yes=1, no=0, abstain=0, eligible=2)


def test_a_congress_votes_in_the_hours_its_charter_gives_and_closes_when_they_end(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    """A delegate congress votes within its session: two hours, not a day."""
    region = build_region(
        federation,
        {"agenda_period_days": 0, "voting_period_days": 0, "voting_period_hours": 2},
    )
    federation.elect(region.regional, region.works, region.boris)
    federation.elect(region.regional, region.mill, region.gleb)
    motion = steps.file(region.gleb, region.regional, matter="coordination")
    [vote] = steps.open(region.gleb, motion)
    assert vote.closes - vote.opened == timedelta(hours=2)
    steps.cast(region.gleb, vote, "yes")
    steps.cast(region.boris, vote, "yes")
    clock.advance(hours=1, minutes=59)
    federation.refused(Conflict, steps.closing(region.gleb, vote), f"vote {vote.id} is open until")
    clock.advance(minutes=1)
    assert steps.close(region.gleb, vote).closed is not None
    assert steps.motion(motion).state == "passed"
