"""Every seat of a delegate council is filled by its constituency's election, the first
time too: at founding, and when a council joins later. No member puts anyone in a seat,
themselves included; the kind that used to do it is one no act writes any more."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.record.kinds import KINDS, RETIRED
from sovet.services.open_election import OpenElection, open_election

from .deliberation import Steps
from .federation import Federation, Region


def mandates_in(federation: Federation, council: Council) -> list[Mandate]:
    with federation.sovet.db.reading() as store:
        return store.mandates_in(council.id)


def test_no_member_puts_anyone_in_a_seat_not_even_at_founding(
    region: Region, federation: Federation
) -> None:
    """The audit's move: one member of the works names themselves the founding delegate,
    with a friend as substitute. There is no use case for it, and the record refuses the
    kind it used to write."""
    assert importlib.util.find_spec("sovet.services.assign_founding_delegate") is None
    assert "mandate.assigned" in KINDS and "mandate.assigned" in RETIRED
    size = federation.record_size()
    payload = {
        "council": region.regional.id,
        "constituency": region.works.id,
        "seat": 1,
        "member": region.ana.id,
        "starts": "2026-05-01",
        "ends": "2027-05-01",
        "via": None,
        "founding": True,
        "substitutes": [region.boris.id],
    }
    with (
        pytest.raises(ValueError, match=r"mandate\.assigned is a retired kind"),
        federation.sovet.db.transaction() as store,
    ):
        store.append("mandate.assigned", payload, actor=region.ana.id, under="self")
    assert federation.record_size() == size
    assert mandates_in(federation, region.regional) == []


def test_a_founding_constituency_elects_its_delegates_to_seats_never_filled(
    region: Region, federation: Federation
) -> None:
    """The works fills two seats nobody has held: its election fills both, from the close,
    for the charter's term, with the candidate placed next as substitute."""
    lev = federation.register("Lev")
    federation.admit(region.ana, region.works, lev)
    size = federation.record_size()
    delegates = federation.elect(
        region.regional, region.works, region.ana, region.boris, substitutes=(lev,)
    )
    opened = federation.entries(size)[0]
    assert (opened.kind, opened.payload["seats"], opened.payload["method"]) == (
        "election.opened",
        2,
        "stv",
    )
    assert opened.payload["term_starts"] == "2026-05-22" == opened.payload["closes"][:10]
    seats = {mandate.seat_number: mandate.member_id for mandate in delegates}
    assert seats.keys() == {1, 2}
    assert set(seats.values()) == {region.ana.id, region.boris.id}
    for mandate in delegates:
        assert (mandate.starts, mandate.ends) == (date(2026, 5, 22), date(2027, 5, 22))
        assert mandate.via_mandate_id is None
        [entry] = federation.entries(mandate.id)[:1]
        assert (entry.kind, entry.payload["substitutes"]) == ("mandate.elected", [lev.id])
    assert not any(entry.kind == "mandate.assigned" for entry in federation.entries())


def test_a_constituency_that_joins_later_elects_its_delegates_too(
    region: Region, federation: Federation
) -> None:
    """The mill joined the council as it was being founded; its seat was never filled. The
    works has elected its delegate; the mill elects its own, in its own election."""
    [boris] = federation.elect(region.regional, region.works, region.boris)
    [gleb] = federation.elect(region.regional, region.mill, region.gleb)
    assert (gleb.constituency_id, gleb.seat_number, gleb.member_id) == (
        region.mill.id,
        1,
        region.gleb.id,
    )
    assert gleb.starts > boris.starts
    assert {m.member_id for m in mandates_in(federation, region.regional)} == {
        region.boris.id,
        region.gleb.id,
    }


def test_only_a_member_of_the_constituency_opens_the_election_of_its_seats(
    region: Region, federation: Federation
) -> None:
    """Vera, of the mill, cannot open the works' election; a council that fills no seats
    there elects nobody."""
    federation.refused(
        Forbidden,
        lambda store: open_election(
            store, OpenElection(region.regional.slug, region.works.slug), actor=region.vera
        ),
        "Vera is not a member of Tractor Works",
    )
    shell = federation.found_base(region.ana, "shell", "Shell Co")
    federation.refused(
        Invalid,
        lambda store: open_election(
            store, OpenElection(region.regional.slug, shell.slug), actor=region.ana
        ),
        "Shell Co fills no seats in Northern Regional Council",
    )


def test_the_elected_delegates_sit_and_act_and_seat_the_council_above(
    region: Region, federation: Federation, steps: Steps
) -> None:
    """Boris and Gleb, elected, move and decide in the regional council; its delegates
    then elect Boris to the congress, where he sits through his regional mandate."""
    [boris] = federation.elect(region.regional, region.works, region.boris)
    [gleb] = federation.elect(region.regional, region.mill, region.gleb)
    motion = steps.file(
        region.boris, region.regional, title="A regional canteen", matter="coordination"
    )
    vote = steps.to_the_vote(region.gleb, motion)
    steps.vote_and_close(vote, {region.boris: "yes", region.gleb: "yes"}, region.gleb)
    assert steps.motion(motion).state == "passed"
    [moved] = [e for e in federation.entries() if e.kind == "motion.filed"][-1:]
    assert moved.under == f"mandate:{boris.id}"
    congress = federation.found_delegate(
        region.gleb, "congress", "Congress", region.regional, seats=2
    )
    assert [m.name for m in federation.electors(region.regional)] == ["Boris", "Gleb"]
    [seat] = federation.elect(congress, region.regional, region.boris)
    assert (seat.via_mandate_id, seat.constituency_id) == (boris.id, region.regional.id)
    elected = federation.entries(seat.id)[0]
    assert elected.payload["via"] == boris.id
    assert gleb.member_id == region.gleb.id


def test_an_old_record_with_a_founding_delegate_named_by_one_member_still_replays(
    region: Region, federation: Federation, tmp_path: Path
) -> None:
    """Records written before every seat was elected may hold ``mandate.assigned``; no act
    writes it any more, but the projection reads it still."""
    payload = {
        "council": region.regional.id,
        "constituency": region.works.id,
        "seat": 1,
        "member": region.boris.id,
        "starts": "2026-05-01",
        "ends": "2027-05-01",
        "via": None,
        "founding": True,
        "substitutes": [region.ana.id],
    }
    under = f"membership:{region.works.id}"
    with federation.replayed_with_retired(
        tmp_path, "mandate.assigned", actor=region.ana.id, under=under, payload=payload
    ) as (legacy, store):
        [mandate] = store.mandates_in(region.regional.id)
    assert (mandate.id, mandate.member_id, mandate.seat_number) == (
        legacy.position,
        region.boris.id,
        1,
    )
