"""The checks on text that members type: names, short codes, e-mails, passwords."""

from __future__ import annotations

from typing import Any

import pytest

from sovet.domain import text
from sovet.domain.errors import Invalid


def refusal(check: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(Invalid) as raised:
        check(*args, **kwargs)
    return raised.value.message


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Tractor Works", "Tractor Works"),
        ("  Tractor Works  ", "Tractor Works"),
        ("Tractor \t  Works", "Tractor Works"),
        ("Tractor\nWorks\r\n", "Tractor Works"),
        ("Łódź Ironworks — shop 3", "Łódź Ironworks — shop 3"),
        ("Путиловский завод", "Путиловский завод"),
    ],
)
def test_a_name_is_trimmed_and_its_inner_spaces_collapsed(typed: str, kept: str) -> None:
    assert text.name(typed, "name") == kept


@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused_naming_the_field(typed: str) -> None:
    assert refusal(text.name, typed, "workplace") == "workplace: must not be empty"


@pytest.mark.parametrize("typed", [None, 5, b"Tractor Works", ["Tractor Works"]])
def test_a_name_that_is_not_text_is_refused_naming_its_type(typed: Any) -> None:
    message = refusal(text.name, typed, "name")
    assert message == f"name: expected text, not {type(typed).__name__}"


def test_a_name_may_be_as_long_as_the_limit_and_no_longer() -> None:
    assert text.name("x" * 120, "name") == "x" * 120
    assert refusal(text.name, "x" * 121, "name") == "name: at most 120 characters, not 121"
    assert text.name("y" * 200, "contact", max_length=200) == "y" * 200
    assert refusal(text.name, "y" * 201, "contact", max_length=200) == (
        "contact: at most 200 characters, not 201"
    )


def test_the_length_limit_counts_the_trimmed_name() -> None:
    assert text.name("   " + "x" * 120 + "   ", "name") == "x" * 120


@pytest.mark.parametrize(
    "typed", ["Tractor\x00Works", "Tractor\x07", "\x1b[31mRed", "Zero\u200bwidth", "Del\x7f"]
)
def test_a_name_with_control_characters_is_refused(typed: str) -> None:
    assert refusal(text.name, typed, "name") == "name: contains control characters"


@pytest.mark.parametrize(
    "typed", ["a", "7", "tractor-works", "shop-3-nights", "a--b", "x" * 64, "0" * 64]
)
def test_a_short_code_of_lowercase_letters_digits_and_inner_hyphens_is_accepted(
    typed: str,
) -> None:
    assert text.slug(typed, "slug") == typed


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "-works",
        "works-",
        "Tractor",
        "tractor works",
        "tractor_works",
        "łódź",
        "x" * 65,
        "works\n",
        "works/..",
        5,
        None,
    ],
)
def test_anything_else_is_refused_as_a_short_code_naming_the_field(typed: Any) -> None:
    assert refusal(text.slug, typed, "slug") == (
        f"slug: {typed!r} is not a short code (1-64 lowercase letters, digits, hyphens)"
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("ana@example.org", "ana@example.org"),
        ("  Ana.Pauker@Example.ORG ", "ana.pauker@example.org"),
        ("a+councils@mail.co.uk", "a+councils@mail.co.uk"),
    ],
)
def test_an_email_is_trimmed_and_lowercased(typed: str, kept: str) -> None:
    assert text.email(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ana",
        "ana@example",
        "@example.org",
        "ana@",
        "ana@@example.org",
        "ana pauker@example.org",
        "ana@exa mple.org",
        "a" * 250 + "@x.org",
        None,
        42,
    ],
)
def test_anything_else_is_refused_as_an_email(typed: Any) -> None:
    assert refusal(text.email, typed) == f"email: {typed!r} is not an e-mail address"


def test_an_email_refusal_names_the_field_it_was_given() -> None:
    assert refusal(text.email, "nope", "contact_email").startswith("contact_email: ")


@pytest.mark.parametrize("typed", ["x" * 10, "x" * 200, "correct horse battery"])
def test_a_password_of_ten_to_two_hundred_characters_is_accepted(typed: str) -> None:
    assert text.password(typed) == typed


@pytest.mark.parametrize("typed", ["", "x" * 9, "x" * 201, None, 1234567890])
def test_a_password_too_short_too_long_or_not_text_is_refused(typed: Any) -> None:
    assert refusal(text.password, typed) == "password: must be 10 to 200 characters"
