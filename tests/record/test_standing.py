"""The standing an act is done under: the forms an entry's ``under`` takes."""

from __future__ import annotations

import pytest

from sovet.record.standing import FORMS, SELF, Standing, parse_standing


def test_each_form_reads_with_the_id_it_names() -> None:
    assert parse_standing(SELF) == Standing(SELF)
    assert parse_standing("membership:12") == Standing("membership", 12)
    assert parse_standing("mandate:1879") == Standing("mandate", 1879)
    assert parse_standing("office:40") == Standing("office", 40)
    assert set(FORMS) == {SELF, "membership", "mandate", "office"}


@pytest.mark.parametrize(
    "under",
    [
        "",
        "instance",
        "instance:1",
        "self:3",
        "membership",
        "mandate:",
        "office:x",
        "mandate:-1",
        "membership:١٢",
    ],
)
def test_anything_else_is_no_standing(under: str) -> None:
    assert parse_standing(under) is None
