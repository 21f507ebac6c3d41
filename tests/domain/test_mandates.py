"""Mandates: when they are active, when their terms end, and who may take another seat."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sovet.domain.charter import Charter
from sovet.domain.errors import Conflict
from sovet.domain.mandates import Mandate, add_months, check_can_take_seat

REGION, UNION, CONGRESS = 10, 11, 12
TODAY = date(2026, 5, 1)


def mandate(
    council: int,
    *,
    starts: date = date(2026, 1, 1),
    ends: date = date(2027, 1, 1),
    ended_on: date | None = None,
    number: int = 1,
) -> Mandate:
    return Mandate(
        id=100 + number,
        seat_number=1,
        council_id=council,
        constituency_id=1,
        member_id=7,
        starts=starts,
        ends=ends,
        ended_on=ended_on,
    )


def test_a_mandate_is_active_from_its_first_day_until_the_day_its_term_ends() -> None:
    term = mandate(REGION, starts=date(2026, 1, 1), ends=date(2027, 1, 1))
    assert not term.active_on(date(2025, 12, 31))
    assert term.active_on(date(2026, 1, 1))
    assert term.active_on(date(2026, 12, 31))
    assert not term.active_on(date(2027, 1, 1))


def test_a_mandate_ended_early_is_inactive_from_the_day_it_ended() -> None:
    recalled = mandate(REGION, ended_on=date(2026, 3, 10))
    assert recalled.active_on(date(2026, 3, 9))
    assert not recalled.active_on(date(2026, 3, 10))
    assert not recalled.active_on(date(2026, 6, 1))


def test_a_mandate_ended_on_its_first_day_was_never_active() -> None:
    assert not mandate(REGION, ended_on=date(2026, 1, 1)).active_on(date(2026, 1, 1))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 1), 12, date(2027, 5, 1)),
        (date(2026, 5, 1), 0, date(2026, 5, 1)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2026, 1, 1), 120, date(2036, 1, 1)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_adding_months_keeps_the_day_and_clamps_it_to_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(0, 1200))
def test_adding_months_lands_in_the_right_month_on_the_same_or_the_last_day(
    day: date, months: int
) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    last_day = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last_day)


def check(
    mandates: list[Mandate], *, council: int = CONGRESS, charter: Charter | None = None
) -> None:
    check_can_take_seat(
        member_name="Boris",
        council_name="the Congress",
        charter=charter or Charter(max_concurrent_mandates=2, term_limit=3),
        council_id=council,
        mandates_of_member=mandates,
        today=TODAY,
    )


def refusal(mandates: list[Mandate], *, charter: Charter | None = None) -> str:
    with pytest.raises(Conflict) as raised:
        check(mandates, charter=charter)
    return raised.value.message


def test_a_member_under_the_cap_and_the_term_limit_may_take_a_seat() -> None:
    check([])
    check([mandate(REGION)])


def test_a_member_already_seated_in_the_council_is_refused_another_seat_there() -> None:
    message = refusal([mandate(CONGRESS)])
    assert message == "Boris already holds a seat in the Congress"


def test_a_member_at_the_cap_on_concurrent_mandates_is_refused() -> None:
    message = refusal([mandate(REGION), mandate(UNION, number=2)])
    assert message == (
        "Boris already holds 2 mandates; the charter of the Congress caps concurrent mandates at 2"
    )


def test_the_cap_is_the_one_in_the_charter_of_the_council_being_joined() -> None:
    message = refusal([mandate(REGION)], charter=Charter(max_concurrent_mandates=1))
    assert message.endswith("caps concurrent mandates at 1")


def test_ended_and_expired_mandates_do_not_count_towards_the_cap() -> None:
    recalled = mandate(REGION, ended_on=date(2026, 4, 1))
    expired = mandate(UNION, starts=date(2025, 1, 1), ends=TODAY, number=2)
    not_yet = mandate(UNION, starts=TODAY + timedelta(days=1), number=3)
    check([recalled, expired, not_yet], charter=Charter(max_concurrent_mandates=1))


def test_a_member_who_has_served_the_term_limit_in_the_council_is_refused() -> None:
    past = [
        mandate(CONGRESS, starts=date(2023, 1, 1), ends=date(2024, 1, 1), number=1),
        mandate(CONGRESS, starts=date(2024, 1, 1), ends=date(2025, 1, 1), number=2),
    ]
    message = refusal(past, charter=Charter(term_limit=2))
    assert message == "Boris has served 2 terms in the Congress; the charter's term limit is 2"
    check(past, charter=Charter(term_limit=3))


def test_a_term_cut_short_by_recall_still_counts_towards_the_term_limit() -> None:
    recalled = mandate(CONGRESS, ended_on=date(2026, 2, 1))
    assert refusal([recalled], charter=Charter(term_limit=1)).startswith(
        "Boris has served 1 terms in the Congress"
    )


def test_terms_served_in_other_councils_do_not_count_towards_the_term_limit() -> None:
    elsewhere = [
        mandate(REGION, starts=date(2023, 1, 1), ends=date(2024, 1, 1)),
        mandate(UNION, starts=date(2024, 1, 1), ends=date(2025, 1, 1), number=2),
    ]
    check(elsewhere, charter=Charter(term_limit=1))
