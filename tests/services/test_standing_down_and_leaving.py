"""A delegate or officer stands down, and a member leaves their base council: their own
acts, which nobody else can take for them. What they held ends as a recall ends it."""

from __future__ import annotations

from pathlib import Path

from conftest import ElectOfficer
from sovet.adapters.record_names import CouncilName, RecordNames
from sovet.domain.errors import Conflict, Forbidden, NotFound
from sovet.domain.motions import Motion
from sovet.record.entry import Entry
from sovet.services.leave_council import LeaveCouncil, leave_council
from sovet.services.recall import LEFT, STOOD_DOWN
from sovet.services.stand_down import StandDown, stand_down
from sovet.web.record_view import Names, describe

from .deliberation import AGENDA_DAYS, Steps, build_works
from .federation import Clock, Federation
from .recalling import build_recallable, petitioning, signing


def test_a_delegate_who_stands_down_leaves_the_seat_to_the_first_substitute(
    federation: Federation, tmp_path: Path
) -> None:
    works = build_works(federation)
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    [seat] = federation.elect(joint, works.council, works.gleb, substitutes=[works.dasha])
    size = federation.record_size()

    federation.act(lambda store: stand_down(store, StandDown(seat.id), actor=works.gleb))

    [ended] = federation.entries(size)
    assert (ended.kind, ended.actor, ended.under) == (
        "mandate.ended",
        works.gleb.id,
        f"mandate:{seat.id}",
    )
    assert (ended.payload["reason"], ended.payload["motion"]) == (STOOD_DOWN, None)
    assert ended.payload["successor"]["member"] == works.dasha.id
    with federation.sovet.db.reading() as store:
        holders = [m.member_id for m in store.mandates_in(joint.id) if m.ended_on is None]
        gleb = store.mandate(seat.id)
    assert holders == [works.dasha.id]
    assert gleb is not None and gleb.end_reason == STOOD_DOWN
    federation.replays_the_same(tmp_path)


def test_a_seat_with_no_substitute_is_vacant_and_its_by_election_opens(
    federation: Federation,
) -> None:
    works = build_works(federation)
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    [seat] = federation.elect(joint, works.council, works.gleb)
    size = federation.record_size()
    federation.act(lambda store: stand_down(store, StandDown(seat.id), actor=works.gleb))
    kinds = [entry.kind for entry in federation.entries(size)]
    assert kinds == ["mandate.ended", "by_election.opened"]
    with federation.sovet.db.reading() as store:
        [vacancy] = store.open_vacancies(joint.id, store.today())
    assert vacancy.mandate_id == seat.id


def test_an_officer_stands_down_from_the_office(
    federation: Federation, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, {"offices": {"secretary": ["moderate"]}})
    electors = [works.ana, works.boris, works.vera, works.gleb, works.dasha]
    office = elect_officer(federation.sovet, works.council.slug, "secretary", works.gleb, electors)
    federation.act(lambda store: stand_down(store, StandDown(office.id), actor=works.gleb))
    with federation.sovet.db.reading() as store:
        [held] = [m for m in store.offices_in(works.council.id) if m.id == office.id]
    assert held.end_reason == STOOD_DOWN


def test_nobody_stands_down_for_another_nor_twice(federation: Federation) -> None:
    works = build_works(federation)
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    [seat] = federation.elect(joint, works.council, works.gleb)
    federation.refused(
        Forbidden,
        lambda store: stand_down(store, StandDown(seat.id), actor=works.ana),
        "Ana can stand down only from their own seat or office",
    )
    federation.refused(
        NotFound,
        lambda store: stand_down(store, StandDown(99_999), actor=works.gleb),
        "there is no mandate or office 99999",
    )
    federation.act(lambda store: stand_down(store, StandDown(seat.id), actor=works.gleb))
    federation.refused(
        Conflict,
        lambda store: stand_down(store, StandDown(seat.id), actor=works.gleb),
        f"mandate {seat.id} ended on ",
    )


def test_a_member_who_leaves_loses_the_membership_and_what_they_held_for_it(
    federation: Federation, steps: Steps, elect_officer: ElectOfficer, tmp_path: Path
) -> None:
    works = build_works(federation, {"offices": {"secretary": ["moderate"]}})
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    [seat] = federation.elect(joint, works.council, works.gleb, substitutes=[works.dasha])
    electors = [works.ana, works.boris, works.vera, works.gleb, works.dasha]
    office = elect_officer(federation.sovet, works.council.slug, "secretary", works.gleb, electors)
    size = federation.record_size()

    federation.act(
        lambda store: leave_council(store, LeaveCouncil("tractor-works"), actor=works.gleb)
    )

    assert not federation.is_member(works.council, works.gleb)
    left, *ended = federation.entries(size)
    assert (left.kind, left.actor, left.under) == (
        "member.left",
        works.gleb.id,
        f"membership:{works.council.id}",
    )
    assert left.payload == {"council": works.council.id, "member": works.gleb.id}
    council = CouncilName(works.council.id, works.council.slug, works.council.name)
    names = Names(RecordNames(members={works.gleb.id: "Gleb"}, councils={council.id: council}))
    assert str(describe(left, names)) == "Gleb left Tractor Works"
    assert {
        (e.payload["mandate"], e.payload["reason"]) for e in ended if e.kind == "mandate.ended"
    } == {
        (seat.id, LEFT),
        (office.id, LEFT),
    }
    federation.refused(
        Forbidden,
        steps.filing(works.gleb, works.council),
        "Gleb is not a member of Tractor Works",
    )
    federation.replays_the_same(tmp_path)


def test_only_a_member_leaves_and_only_a_base_council(federation: Federation) -> None:
    works = build_works(federation)
    joint = federation.found_delegate(works.ana, "joint", "Joint Council", works.council)
    federation.elect(joint, works.council, works.gleb)
    outsider = federation.register("Olga")
    federation.refused(
        Forbidden,
        lambda store: leave_council(store, LeaveCouncil("tractor-works"), actor=outsider),
        "Olga is not a member of Tractor Works",
    )
    federation.refused(
        Conflict,
        lambda store: leave_council(store, LeaveCouncil("joint"), actor=works.gleb),
        "Joint Council is a delegate council: its delegates stand down from their seats instead",
    )
    federation.refused(
        NotFound,
        lambda store: leave_council(store, LeaveCouncil("nowhere"), actor=works.gleb),
        "there is no council 'nowhere'",
    )


def closed_undecided(entries: list[Entry], petition: Motion, why: str) -> Entry:
    """The vote on ``petition`` closed undecided for ``why``, and then the petition lapsed."""
    kinds = [e.kind for e in entries]
    [closed] = [e for e in entries if e.kind == "vote.closed"]
    assert (closed.payload["passed"], closed.payload["reason"], closed.payload["decision"]) == (
        False,
        why,
        None,
    )
    [lapsed] = [e for e in entries if e.kind == "motion.lapsed"]
    assert lapsed.payload == {"motion": petition.id, "reason": why}
    assert kinds.index("vote.closed") < kinds.index("motion.lapsed")
    return closed


def test_a_recall_vote_closes_at_once_undecided_when_its_delegate_stands_down(
    federation: Federation, clock: Clock
) -> None:
    """The ballots cast so far are published, nothing is decided, no more ballots are
    taken, and the petition lapses."""
    fed = build_recallable(federation)
    steps = Steps(federation, clock)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    petition = federation.act(signing(fed.ana, petition))
    vote = steps.to_the_vote(fed.dasha, petition)
    steps.cast(fed.ana, vote, "yes")
    size = federation.record_size()
    federation.act(lambda store: stand_down(store, StandDown(fed.seat.id), actor=fed.boris))
    why = f"mandate {fed.seat.id} ended (stood_down) while the recall vote was open"
    closed = closed_undecided(federation.entries(size), petition, why)
    assert [b["choice"] for b in closed.payload["ballots"]] == ["yes"]
    view = steps.view(petition)
    assert (view.motion.state, view.decision) == ("lapsed", None)
    federation.refused(Conflict, steps.casting(fed.dasha, vote, "yes"), "closed")


def test_a_recall_whose_mandates_term_ran_out_lapses_when_its_vote_closes(
    federation: Federation, clock: Clock
) -> None:
    """A term that runs out writes nothing, so the recall vote runs on; at its close it
    decides nothing, although every ballot said yes, and the petition lapses."""
    fed = build_recallable(federation, regional_charter={"term_months": 2})
    steps = Steps(federation, clock)
    clock.advance(days=(fed.seat.ends - clock.moment.date()).days - AGENDA_DAYS - 2)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    petition = federation.act(signing(fed.ana, petition))
    vote = steps.to_the_vote(fed.dasha, petition)
    steps.cast(fed.ana, vote, "yes")
    steps.cast(fed.dasha, vote, "yes")
    size = federation.record_size()
    steps.vote_and_close(vote, {fed.lev: "yes"}, fed.dasha)
    why = (
        f"the term of mandate {fed.seat.id} ended on {fed.seat.ends} while the recall vote was open"
    )
    closed_undecided(federation.entries(size), petition, why)
    assert not [e for e in federation.entries(size) if e.kind == "mandate.ended"]


def test_a_recall_whose_mandates_term_ran_out_lapses_instead_of_opening_its_vote(
    federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(federation, regional_charter={"term_months": 2})
    steps = Steps(federation, clock)
    clock.advance(days=(fed.seat.ends - clock.moment.date()).days - 3)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    petition = federation.act(signing(fed.ana, petition))
    clock.advance(days=AGENDA_DAYS)
    steps.file(fed.ana, fed.works)
    view = steps.view(petition)
    assert (view.motion.state, view.votes) == ("lapsed", [])


def test_a_petition_to_recall_a_mandate_that_ends_otherwise_lapses_at_once(
    federation: Federation, clock: Clock, tmp_path: Path
) -> None:
    """Boris stands down while the works petition to recall him and the regional council
    petitions to recall his congress seat, held through the works' seat: both petitions
    lapse in the same transaction, and neither can be signed any more."""
    fed = build_recallable(federation)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    above = federation.act(petitioning(fed.gleb, fed.congress_seat))
    size = federation.record_size()
    federation.act(lambda store: stand_down(store, StandDown(fed.seat.id), actor=fed.boris))
    lapsed = [e for e in federation.entries(size) if e.kind == "motion.lapsed"]
    assert [e.payload for e in lapsed] == [
        {
            "motion": petition.id,
            "reason": f"mandate {fed.seat.id} ended (stood_down) before the recall went to its vote",
        },
        {
            "motion": above.id,
            "reason": (
                f"mandate {fed.congress_seat.id} ended (held_through_recalled) before the recall "
                "went to its vote"
            ),
        },
    ]
    assert {(e.actor, e.under) for e in lapsed} == {(fed.boris.id, f"mandate:{fed.seat.id}")}
    steps = Steps(federation, clock)
    assert steps.view(petition).motion.state == steps.view(above).motion.state == "lapsed"
    federation.refused(Conflict, signing(fed.ana, petition), "past gathering support: it is lapsed")
    names = Names(RecordNames())
    assert (
        str(describe(lapsed[0], names))
        == f"motion {petition.id} lapsed: {lapsed[0].payload['reason']}"
    )
    federation.replays_the_same(tmp_path)


def test_a_scheduled_petition_lapses_when_its_delegate_leaves_and_no_vote_opens(
    federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(federation)
    petition = federation.act(petitioning(fed.dasha, fed.seat))
    petition = federation.act(signing(fed.ana, petition))
    assert petition.state == "on_agenda"
    federation.act(
        lambda store: leave_council(store, LeaveCouncil("tractor-works"), actor=fed.boris)
    )
    steps = Steps(federation, clock)
    clock.advance(days=30)
    steps.file(fed.ana, fed.works)
    view = steps.view(petition)
    assert (view.motion.state, view.votes) == ("lapsed", [])
