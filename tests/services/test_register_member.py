"""A person registers as a member of the federation, for themselves."""

from __future__ import annotations

from sovet.domain.errors import Conflict, Invalid
from sovet.domain.members import Member
from sovet.services.register_member import RegisterMember, register_member

from .federation import PASSWORD, Federation


def registration(
    *,
    name: str = "Ana Pauker",
    email: str = "ana@example.org",
    password: str = PASSWORD,
    contact: str | None = None,
) -> RegisterMember:
    return RegisterMember(name=name, email=email, password=password, contact=contact)


def test_a_registered_member_is_in_the_record_and_has_a_private_account(
    federation: Federation,
) -> None:
    request = RegisterMember(
        name="  Ana   Pauker ",
        email=" Ana@Example.ORG",
        password=PASSWORD,
        contact="+40 21 555 0100",
    )
    member = federation.act(lambda store: register_member(store, request))
    assert member == Member(id=0, name="Ana Pauker")
    [entry] = federation.entries()
    assert (entry.kind, entry.actor, entry.under) == ("member.registered", member.id, "self")
    assert entry.payload == {"name": "Ana Pauker"}
    with federation.sovet.db.reading() as store:
        assert store.member(member.id) == member
        account = store.account_by_email("ana@example.org")
    assert account is not None
    assert (account.member_id, account.contact) == (member.id, "+40 21 555 0100")
    assert account.password_hash is not None
    assert PASSWORD not in account.password_hash


def test_the_private_account_is_not_written_to_the_public_record(federation: Federation) -> None:
    federation.act(lambda store: register_member(store, registration(contact="Flat 4, Str. Lunii")))
    body = next(federation.sovet.db.bodies())
    assert "ana@example.org" not in body
    assert "Lunii" not in body
    assert PASSWORD not in body


def test_each_member_gets_the_position_of_their_entry_as_id(federation: Federation) -> None:
    ana = federation.register("Ana")
    boris = federation.register("Boris")
    assert (ana.id, boris.id) == (0, 1)
    assert [entry.actor for entry in federation.entries()] == [0, 1]


def test_an_email_already_registered_is_refused_whatever_its_case(
    federation: Federation,
) -> None:
    federation.act(lambda store: register_member(store, registration()))
    again = registration(name="Someone Else", email="  ANA@example.org")
    federation.refused(
        Conflict,
        lambda store: register_member(store, again),
        "email: ana@example.org is already registered",
    )


def test_a_malformed_email_is_refused(federation: Federation) -> None:
    federation.refused(
        Invalid,
        lambda store: register_member(store, registration(email="ana-at-example.org")),
        "email: 'ana-at-example.org' is not an e-mail address",
    )


def test_a_short_password_is_refused(federation: Federation) -> None:
    federation.refused(
        Invalid,
        lambda store: register_member(store, registration(password="hunter2")),
        "password: must be 10 to 200 characters",
    )


def test_an_empty_name_is_refused(federation: Federation) -> None:
    federation.refused(
        Invalid,
        lambda store: register_member(store, registration(name="   ")),
        "name: must not be empty",
    )


def test_a_contact_with_control_characters_is_refused(federation: Federation) -> None:
    federation.refused(
        Invalid,
        lambda store: register_member(store, registration(contact="call\x00me")),
        "contact: contains control characters",
    )
