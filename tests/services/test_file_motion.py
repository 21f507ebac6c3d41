"""Members file motions in their councils, within each council's competence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from sovet.domain.errors import Forbidden, Invalid, NotFound
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Motion, stamp
from sovet.services.authority import OPERATOR

from .congress import seated_council, statements_and_rows
from .deliberation import AGENDA_DAYS, TEXT, Steps, Works, build_works
from .federation import Clock, Federation, Region, build_region


@pytest.fixture
def works(federation: Federation) -> Works:
    return build_works(federation)


def test_a_member_files_a_motion_that_its_mover_supports(
    works: Works, steps: Steps, federation: Federation
) -> None:
    size = federation.record_size()
    motion = steps.file(works.vera, works.council, title="  Six hour   shifts ", text=f"\n{TEXT}\n")
    assert (motion.title, motion.matter, motion.kind) == (
        "Six hour shifts",
        "workplace_organisation",
        "resolution",
    )
    assert (motion.state, motion.version, motion.filed_by) == ("filed", 1, works.vera.id)
    [entry] = federation.entries(size)
    assert (entry.kind, entry.actor, entry.under) == (
        "motion.filed",
        works.vera.id,
        f"membership:{works.council.id}",
    )
    assert entry.payload["text"] == TEXT
    assert entry.payload["effects"] == []
    view = steps.view(motion)
    assert view.text == TEXT
    assert [m.name for m in view.supporters] == ["Vera"]
    assert view.needed == 2


def test_a_motion_whose_mover_alone_is_support_enough_goes_straight_on_the_agenda(
    federation: Federation, steps: Steps, clock: Clock
) -> None:
    works = build_works(federation, {"support_threshold": 0.2})
    size = federation.record_size()
    motion = steps.file(works.ana, works.council)
    assert motion.state == "on_agenda"
    assert motion.due == clock.moment + timedelta(days=AGENDA_DAYS)
    assert [e.kind for e in federation.entries(size)] == ["motion.filed", "motion.scheduled"]


def test_a_motion_outside_the_councils_competence_is_refused_naming_the_council_that_holds_it(
    federation: Federation, steps: Steps
) -> None:
    region = build_region(federation, {"decides": ["coordination", "pay_scales"]})
    federation.refused(
        Invalid,
        steps.filing(region.ana, region.works, matter="pay_scales"),
        "Tractor Works cannot decide 'pay scales'",
        "outside the competence its charter gives it",
        "Northern Regional Council decides it",
    )


def test_a_matter_no_council_decides_is_refused_saying_so(
    works: Works, steps: Steps, federation: Federation
) -> None:
    federation.refused(
        Invalid,
        steps.filing(works.ana, works.council, matter="foreign_policy"),
        "Tractor Works cannot decide 'foreign policy'",
        "no council's charter lists it",
    )


def test_a_sideways_council_that_holds_the_competence_is_named_when_none_above_does(
    region: Region, federation: Federation, steps: Steps
) -> None:
    mill_charter = {"decides": ["membership", "dyeing"]}
    dyer = federation.register("Olga")
    federation.found_base(dyer, "dye-works", "Dye Works", mill_charter)
    federation.refused(
        Invalid, steps.filing(region.ana, region.works, matter="dyeing"), "Dye Works decides it"
    )


def test_only_a_member_of_the_council_may_file_there(
    works: Works, steps: Steps, federation: Federation
) -> None:
    outsider = federation.register("Lev")
    federation.refused(
        Forbidden, steps.filing(outsider, works.council), "Lev is not a member of Tractor Works"
    )


def test_the_operator_files_nothing(works: Works, steps: Steps, federation: Federation) -> None:
    federation.refused(
        Forbidden, steps.filing(OPERATOR, works.council), "the operator has no governance powers"
    )


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"text": "x" * 20_001}, "text: at most 20000 characters, not 20001"),
        ({"text": "   \n "}, "text: must not be empty"),
        ({"text": "bell \x07 ringing"}, "text: contains a control or unassigned character (0x7)"),
        ({"text": 42}, "text: expected text, not int"),
        ({"title": ""}, "title: must not be empty"),
        ({"title": "t" * 201}, "title: at most 200 characters, not 201"),
        ({"matter": "Pay Scales"}, "matter: 'Pay Scales' is not a kind of matter"),
        (
            {"kind": "decree"},
            "kind: must be a resolution or a charter amendment (charter_amendment), not 'decree'",
        ),
        ({"effects": [{"kind": "abolish"}]}, "effects[0]: an effect is an object whose kind"),
        (
            {"effects": [{"kind": "expel_member", "member": 1}]},
            "effects[0]: a expel_member effect has the fields grounds, kind, member",
        ),
        (
            {"effects": [{"kind": "amend_charter", "changes": {"quorum": 0.6}}]},
            "effects: amend_charter belongs in a charter_amendment motion",
        ),
    ],
)
def test_a_malformed_motion_is_refused_naming_the_problem_and_records_nothing(
    works: Works, steps: Steps, federation: Federation, fields: dict[str, Any], words: str
) -> None:
    federation.refused(Invalid, steps.filing(works.ana, works.council, **fields), words)


def test_a_motion_about_an_unknown_member_is_refused(
    works: Works, steps: Steps, federation: Federation
) -> None:
    effects = [{"kind": "concerns_member", "member": 9999}]
    federation.refused(
        NotFound,
        steps.filing(works.ana, works.council, effects=effects),
        "effects: there is no member 9999",
    )


def test_markdown_is_kept_as_written_and_the_due_moment_uses_the_record_format(
    federation: Federation, steps: Steps
) -> None:
    works = build_works(federation, {"support_threshold": 0.2, "agenda_period_days": 3})
    text = "<script>alert(1)</script>\n\n* one\n* two"
    motion = steps.file(works.ana, works.council, text=text)
    [scheduled] = federation.entries(federation.record_size() - 1)
    assert scheduled.payload == {"motion": motion.id, "due": stamp(motion.due or motion.filed)}
    assert steps.view(motion).text == text


def test_a_delegate_files_in_a_delegate_council_on_behalf_of_their_constituency(
    region: Region, federation: Federation, steps: Steps
) -> None:
    [mandate] = federation.elect(region.regional, region.works, region.boris)
    size = federation.record_size()
    motion = steps.file(
        region.boris, region.regional, matter="coordination", on_behalf_of=region.works.slug
    )
    assert motion.on_behalf_of == region.works.id
    entry = federation.entries(size)[0]
    assert entry.under == f"mandate:{mandate.id}"
    assert entry.payload["on_behalf_of"] == region.works.id


def test_a_delegate_cannot_file_on_behalf_of_a_constituency_whose_seat_they_do_not_hold(
    region: Region, federation: Federation, steps: Steps
) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Forbidden,
        steps.filing(
            region.boris, region.regional, matter="coordination", on_behalf_of=region.mill.slug
        ),
        "this delegate's seat in Northern Regional Council is not one of Textile Mill's",
    )


def test_filing_on_behalf_of_a_constituency_reads_alike_in_councils_of_200_seats_and_of_10(
    federation: Federation, steps: Steps
) -> None:
    """Whether the delegate's seat is the constituency's is looked up from their own
    seats, not every seat of the council."""
    small, small_delegate = seated_council(federation, "small", 10)
    large, large_delegate = seated_council(federation, "large", 200)
    filed: list[Motion] = []

    def filing(delegate: Member, council: Council, slug: str) -> None:
        motion = steps.file(delegate, council, matter="coordination", on_behalf_of=slug)
        filed.append(motion)

    in_small = statements_and_rows(
        federation, lambda: filing(small_delegate, small, f"{small.slug}-0")
    )
    in_large = statements_and_rows(
        federation, lambda: filing(large_delegate, large, f"{large.slug}-0")
    )
    assert in_large == in_small
    with federation.sovet.db.reading() as store:
        constituencies = [store.council_by_slug(f"{c.slug}-0") for c in (small, large)]
    assert [motion.on_behalf_of for motion in filed] == [c.id for c in constituencies if c]


def test_a_member_of_a_constituent_council_holds_no_standing_to_file_in_the_delegate_council(
    region: Region, federation: Federation, steps: Steps
) -> None:
    federation.refused(
        Forbidden,
        steps.filing(region.ana, region.regional, matter="coordination"),
        "Ana holds no mandate in Northern Regional Council",
    )
