"""Officers act only within the powers their charter lists, and are recalled like
delegates; a seat or office with no substitute left opens its by-election at once."""

from __future__ import annotations

from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Conflict, Forbidden, Invalid
from sovet.services.comment import PostComment, comment
from sovet.services.hide_comment import HideComment, hide_comment
from sovet.services.open_vote import OpenVote, open_vote

from .deliberation import Steps
from .federation import Clock, Federation
from .recalling import build_recallable, carry_recall, filling

OFFICES = {"offices": {"secretary": ["moderate"], "chair": ["open_vote", "close_vote"]}}


def test_with_no_substitute_left_the_seat_waits_for_a_by_election(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation, substitutes=False)
    carry_recall(
        sqlite_federation,
        clock,
        fed.seat,
        petitioner=fed.dasha,
        signers=(fed.ana,),
        voters=(fed.ana, fed.dasha, fed.lev),
    )
    with sqlite_federation.sovet.db.reading() as store:
        regional = store.open_vacancies(fed.regional.id)
        congress = store.open_vacancies(fed.congress.id)
        held = [m for m in store.mandates_in(fed.regional.id) if m.active_on(store.today())]
    assert [(v.mandate_id, v.constituency_id, v.seat_number) for v in regional] == [
        (fed.seat.id, fed.works.id, 1)
    ]
    assert [v.mandate_id for v in congress] == [fed.congress_seat.id]
    assert [m.member_id for m in held] == [fed.gleb.id]


def test_a_recalled_officer_leaves_the_office_vacant(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    secretary = sqlite_federation.act(filling(fed.ana, fed.works, "secretary", fed.dasha))
    carry_recall(
        sqlite_federation,
        clock,
        secretary,
        petitioner=fed.lev,
        signers=(fed.ana,),
        voters=(fed.ana, fed.boris, fed.lev),
    )
    with sqlite_federation.sovet.db.reading() as store:
        ended = store.mandate(secretary.id)
        [vacancy] = store.open_vacancies(fed.works.id)
        election = store.election_in_progress(
            fed.works.id, fed.works.id, "secretary", by_election=True
        )
    assert ended is not None and ended.end_reason == "recalled"
    assert vacancy.office == "secretary" and vacancy.mandate_id == secretary.id
    assert election is not None and election.seats == 1


def test_an_office_held_through_a_delegates_seat_ends_with_the_seat(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation)
    chair = {"offices": {"chair": ["open_vote"]}, "max_concurrent_mandates": 3}
    steps = Steps(sqlite_federation, clock)
    amendment = steps.file(
        fed.gleb,
        fed.regional,
        kind="charter_amendment",
        matter="charter",
        title="A chair",
        effects=[{"kind": "amend_charter", "changes": chair}],
    )
    vote = steps.to_the_vote(fed.gleb, amendment)
    steps.vote_and_close(vote, {fed.gleb: "yes", fed.boris: "yes"}, fed.gleb)
    office = sqlite_federation.act(filling(fed.gleb, fed.regional, "chair", fed.boris))
    assert office.via_mandate_id == fed.seat.id
    carry_recall(
        sqlite_federation,
        clock,
        fed.seat,
        petitioner=fed.dasha,
        signers=(fed.ana,),
        voters=(fed.ana, fed.dasha, fed.lev),
    )
    with sqlite_federation.sovet.db.reading() as store:
        ended = store.mandate(office.id)
    assert ended is not None and ended.end_reason == "held_through_recalled"


def test_an_officer_acts_within_the_powers_the_charter_lists(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    sqlite_federation.act(filling(fed.ana, fed.works, "secretary", fed.dasha))
    steps = Steps(sqlite_federation, clock)
    motion = steps.file(fed.ana, fed.works)
    posted = sqlite_federation.act(
        lambda store: comment(store, PostComment(motion.id, "Off topic."), actor=fed.lev)
    )
    size = sqlite_federation.record_size()
    sqlite_federation.act(
        lambda store: hide_comment(
            store, HideComment(posted.id, "Off topic", office="secretary"), actor=fed.dasha
        )
    )
    [hidden] = sqlite_federation.entries(size)
    assert hidden.kind == "comment.hidden" and hidden.under.startswith("office:")

    clock.advance(days=14)
    message = sqlite_federation.refused(
        Forbidden,
        lambda store: open_vote(store, OpenVote(motion.id, office="secretary"), actor=fed.dasha),
        "the secretary of Tractor Works has no power to open_vote",
        "the charter lists moderate for it",
    )
    assert BY_KEY["decisions_belong_to_councils"].text in message
    sqlite_federation.refused(
        Forbidden,
        lambda store: open_vote(store, OpenVote(motion.id, office="chair"), actor=fed.dasha),
        "Dasha does not hold the office of chair of Tractor Works",
    )


def test_an_office_is_filled_once_by_its_council_with_one_of_its_members(
    sqlite_federation: Federation,
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    sqlite_federation.refused(
        Invalid, filling(fed.ana, fed.works, "treasurer", fed.lev), "no office 'treasurer'"
    )
    sqlite_federation.refused(
        Forbidden, filling(fed.ana, fed.works, "secretary", fed.vera), "Vera cannot hold"
    )
    sqlite_federation.refused(
        Forbidden, filling(fed.vera, fed.works, "secretary", fed.lev), "Vera is not a member"
    )
    sqlite_federation.act(filling(fed.ana, fed.works, "secretary", fed.dasha))
    sqlite_federation.refused(
        Conflict, filling(fed.ana, fed.works, "secretary", fed.lev), "filled by election now"
    )
    sqlite_federation.refused(
        Conflict, filling(fed.ana, fed.works, "chair", fed.dasha), "already holds an office"
    )
