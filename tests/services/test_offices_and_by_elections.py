"""Officers are elected by their council, the first time too, and by no other route; they
act only within the powers their charter lists, and are recalled like delegates; a seat or
office with no substitute left opens its by-election at once."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ElectOfficer
from sovet.domain.entrenched import BY_KEY
from sovet.domain.errors import Forbidden, Invalid
from sovet.record.kinds import KINDS, RETIRED
from sovet.services.admit_member import AdmitMember, admit_member
from sovet.services.comment import PostComment, comment
from sovet.services.moderation import HideComment, ShowComment, hide_comment, show_comment

from .deliberation import Steps
from .federation import Clock, Federation
from .recalling import build_recallable, carry_recall

OFFICES = {"offices": {"secretary": ["moderate"], "chair": ["admit_members"]}}


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
        regional = store.open_vacancies(fed.regional.id, store.today())
        congress = store.open_vacancies(fed.congress.id, store.today())
        held = [m for m in store.mandates_in(fed.regional.id) if m.active_on(store.today())]
    assert [(v.mandate_id, v.constituency_id, v.seat_number) for v in regional] == [
        (fed.seat.id, fed.works.id, 1)
    ]
    assert [v.mandate_id for v in congress] == [fed.congress_seat.id]
    assert [m.member_id for m in held] == [fed.gleb.id]


def test_a_recalled_officer_leaves_the_office_vacant(
    sqlite_federation: Federation, clock: Clock, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    secretary = elect_officer(
        sqlite_federation.sovet, fed.works.slug, "secretary", fed.dasha, (fed.ana, fed.lev)
    )
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
        [vacancy] = store.open_vacancies(fed.works.id, store.today())
        election = store.election_in_progress(
            fed.works.id, fed.works.id, "secretary", by_election=True
        )
    assert ended is not None and ended.end_reason == "recalled"
    assert vacancy.office == "secretary" and vacancy.mandate_id == secretary.id
    assert election is not None and election.seats == 1


def test_an_office_held_through_a_delegates_seat_ends_with_the_seat(
    sqlite_federation: Federation, clock: Clock, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation)
    chair = {"offices": {"chair": ["moderate"]}, "max_concurrent_mandates": 3}
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
    office = elect_officer(
        sqlite_federation.sovet, fed.regional.slug, "chair", fed.boris, (fed.gleb, fed.boris)
    )
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
    sqlite_federation: Federation, clock: Clock, elect_officer: ElectOfficer
) -> None:
    fed = build_recallable(sqlite_federation, works_charter=OFFICES)
    elect_officer(
        sqlite_federation.sovet, fed.works.slug, "secretary", fed.dasha, (fed.ana, fed.lev)
    )
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
    sqlite_federation.refused(
        Forbidden,
        lambda store: show_comment(store, ShowComment(posted.id), actor=fed.lev),
        f"comment {posted.id} was hidden by someone else",
        "only an officer of Tractor Works whose office the charter gives the power to moderate comments shows it",
    )
    sqlite_federation.refused(
        Forbidden,
        lambda store: show_comment(store, ShowComment(posted.id), actor=fed.dasha),
        "does not give its members the power to moderate comments",
    )
    size = sqlite_federation.record_size()
    sqlite_federation.act(
        lambda store: show_comment(
            store, ShowComment(posted.id, office="secretary"), actor=fed.dasha
        )
    )
    [shown] = sqlite_federation.entries(size)
    assert (shown.kind, shown.under) == ("comment.shown", hidden.under)

    newcomer = sqlite_federation.register("Nina")
    admitting = AdmitMember(fed.works.slug, newcomer.id, office="secretary")
    message = sqlite_federation.refused(
        Forbidden,
        lambda store: admit_member(store, admitting, actor=fed.dasha),
        "the secretary of Tractor Works has no power to admit members",
        "the charter gives it the power to hide a comment",
    )
    assert BY_KEY["decisions_belong_to_councils"].text in message
    hiding = HideComment(posted.id, "Off topic", office="chair")
    sqlite_federation.refused(
        Forbidden,
        lambda store: hide_comment(store, hiding, actor=fed.dasha),
        "Dasha does not hold the office of chair of Tractor Works",
    )


def test_an_amendment_giving_an_office_a_retired_power_is_refused_and_writes_nothing(
    sqlite_federation: Federation, clock: Clock
) -> None:
    fed = build_recallable(sqlite_federation)
    changes = {"offices": {"chair": ["close_vote"]}}
    sqlite_federation.refused(
        Invalid,
        Steps(sqlite_federation, clock).filing(
            fed.ana,
            fed.works,
            kind="charter_amendment",
            matter="charter",
            title="A chair who closes votes",
            effects=[{"kind": "amend_charter", "changes": changes}],
        ),
        "the powers of the chair include 'close_vote', which no office holds",
        "at any member's act",
    )


def test_no_member_makes_themselves_an_officer_and_the_elected_officer_holds_its_powers(
    sqlite_federation: Federation, clock: Clock, elect_officer: ElectOfficer
) -> None:
    """The audit's move: a member lists a chair in the charter by amendment, then takes it
    by their own act, and moderates as chair. No act fills an office: there is no use case
    for it, and the record refuses the kind it used to write. The chair acts only once the
    council has elected them."""
    fed = build_recallable(sqlite_federation)
    steps = Steps(sqlite_federation, clock)
    amendment = steps.file(
        fed.ana,
        fed.works,
        kind="charter_amendment",
        matter="charter",
        title="A chair",
        effects=[{"kind": "amend_charter", "changes": {"offices": {"chair": ["moderate"]}}}],
    )
    vote = steps.to_the_vote(fed.ana, amendment)
    steps.vote_and_close(vote, dict.fromkeys((fed.ana, fed.boris, fed.dasha), "yes"), fed.ana)
    motion = steps.file(fed.lev, fed.works, title="Canteen hours")
    posted = sqlite_federation.act(
        lambda store: comment(store, PostComment(motion.id, "Off topic."), actor=fed.lev)
    )

    assert importlib.util.find_spec("sovet.services.fill_office") is None
    assert "office.filled" in KINDS and "office.filled" in RETIRED
    size = sqlite_federation.record_size()
    payload = {
        "council": fed.works.id,
        "office": "chair",
        "member": fed.ana.id,
        "starts": "2026-06-01",
        "ends": "2027-06-01",
        "via": None,
        "founding": True,
    }
    with (
        pytest.raises(ValueError, match=r"office\.filled is a retired kind"),
        sqlite_federation.sovet.db.transaction() as store,
    ):
        store.append("office.filled", payload, actor=fed.ana.id, under="self")
    assert sqlite_federation.record_size() == size
    hiding = HideComment(posted.id, "Off topic", office="chair")
    sqlite_federation.refused(
        Forbidden,
        lambda store: hide_comment(store, hiding, actor=fed.ana),
        "Ana does not hold the office of chair of Tractor Works",
    )

    chair = elect_officer(
        sqlite_federation.sovet, fed.works.slug, "chair", fed.ana, (fed.boris, fed.dasha, fed.lev)
    )
    elected = sqlite_federation.entries(chair.id)[0]
    assert (elected.kind, elected.payload["member"]) == ("office.elected", fed.ana.id)
    size = sqlite_federation.record_size()
    sqlite_federation.act(lambda store: hide_comment(store, hiding, actor=fed.ana))
    [hidden] = sqlite_federation.entries(size)
    assert (hidden.kind, hidden.under) == ("comment.hidden", f"office:{chair.id}")
