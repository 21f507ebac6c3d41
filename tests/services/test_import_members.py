"""A base council imports its members from CSV: every row, or none."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import ElectOfficer
from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.services.authority import OPERATOR, Actor
from sovet.services.import_members import Imported, ImportMembers, import_members
from sovet.services.ports import Store

from .deliberation import Steps, build_works
from .federation import Federation, Region


def importing(council: Council, csv_text: str, actor: Actor) -> Callable[[Store], list[Imported]]:
    request = ImportMembers(council=council.slug, csv_text=csv_text)
    return lambda store: import_members(store, request, actor=actor)


def imported(
    federation: Federation, council: Council, csv_text: str, actor: Actor
) -> list[Imported]:
    return federation.act(importing(council, csv_text, actor))


@pytest.fixture
def ana(federation: Federation) -> Member:
    return federation.register("Ana")


@pytest.fixture
def works(federation: Federation, ana: Member) -> Council:
    return federation.found_base(ana, "tractor-works", "Tractor Works")


def test_new_people_are_registered_with_invitations_and_registered_ones_admitted(
    federation: Federation, works: Council, ana: Member
) -> None:
    boris = federation.register("Boris")
    size = federation.record_size()
    csv_text = (
        "name,email,contact\n"
        "Lev Bronstein,Lev@Example.org,+7 812 555 01 17\n"
        "Boris,boris@example.org,\n"
        '"Kollontai, Alexandra",alexandra@example.org,\n'
    )
    lev, boris_row, alexandra = imported(federation, works, csv_text, ana)
    assert [row.email for row in (lev, boris_row, alexandra)] == [
        "lev@example.org",
        "boris@example.org",
        "alexandra@example.org",
    ]
    assert lev.member.name == "Lev Bronstein"
    assert alexandra.member.name == "Kollontai, Alexandra"
    assert boris_row.member == boris
    assert boris_row.invitation is None
    assert lev.invitation is not None
    assert alexandra.invitation is not None
    assert lev.invitation != alexandra.invitation
    for member in (lev.member, boris, alexandra.member):
        assert federation.is_member(works, member)
    with federation.sovet.db.reading() as store:
        account = store.account_by_email("lev@example.org")
        assert account is not None
        assert (account.member_id, account.contact, account.password_hash) == (
            lev.member.id,
            "+7 812 555 01 17",
            None,
        )
        assert store.invitation_hash(lev.member.id) is not None
        assert store.invitation_hash(boris.id) is None
    under = f"membership:{works.id}"
    assert [(e.kind, e.actor, e.under) for e in federation.entries(size)] == [
        ("member.registered", ana.id, under),
        ("member.admitted", ana.id, under),
        ("member.admitted", ana.id, under),
        ("member.registered", ana.id, under),
        ("member.admitted", ana.id, under),
    ]


def test_an_existing_member_is_admitted_under_their_registered_name(
    federation: Federation, works: Council, ana: Member
) -> None:
    boris = federation.register("Boris")
    [row] = imported(federation, works, "name,email\nB. Yefimov,boris@example.org\n", ana)
    assert row.member == boris


def test_blank_lines_are_skipped_and_the_header_is_read_loosely(
    federation: Federation, works: Council, ana: Member
) -> None:
    rows = imported(federation, works, " Name , EMAIL \n\nLev,lev@example.org\n , \n", ana)
    assert [row.member.name for row in rows] == ["Lev"]


def test_a_file_saved_with_a_byte_order_mark_is_read(
    federation: Federation, works: Council, ana: Member
) -> None:
    rows = imported(federation, works, "\ufeffname,email\r\nLev,lev@example.org\r\n", ana)
    assert [row.email for row in rows] == ["lev@example.org"]


@pytest.mark.parametrize(
    ("csv_text", "naming"),
    [
        (
            "name,email\nLev,lev@example.org\nVera,vera-at-example.org\nGleb,gleb@example.org\n",
            "line 3: email: 'vera-at-example.org' is not an e-mail address",
        ),
        (
            "name,email\nLev,lev@example.org\n\nGleb,gleb@example.org\n,vera@example.org\n",
            "line 5: name: must not be empty",
        ),
        (
            "name,email\nLev,lev@example.org,extra\n",
            "line 2: expected 2 fields, found 3",
        ),
        (
            "name,email,contact\nLev,lev@example.org,\nVera,vera@example.org\n",
            "line 3: expected 3 fields, found 2",
        ),
        (
            "name,email,contact\nLev,lev@example.org,call\x07me\n",
            "line 2: contact: contains control characters",
        ),
        (
            'name,email\nLev,lev@example.org\n"Vera,vera@example.org\n',
            "line 3: ",
        ),
    ],
    ids=[
        "bad email",
        "empty name after a blank line",
        "extra field",
        "missing field",
        "bad contact",
        "unclosed quote",
    ],
)
def test_a_malformed_row_anywhere_refuses_the_whole_import_naming_its_line(
    federation: Federation, works: Council, ana: Member, csv_text: str, naming: str
) -> None:
    federation.refused(Invalid, importing(works, csv_text, ana), naming)


@pytest.mark.parametrize(
    ("csv_text", "naming"),
    [
        (
            "name,email\nVera,vera@example.org\nLev,lev@example.org\nVera F.,vera@example.org\n",
            "line 4: vera@example.org already appears on line 2",
        ),
        (
            "name,email\nLev,lev@example.org\n\nV. Figner,VERA@example.org\nVera, vera@example.org\n",
            "line 5: vera@example.org already appears on line 4",
        ),
    ],
    ids=["same", "different case"],
)
def test_an_email_listed_twice_in_the_file_is_refused(
    federation: Federation, works: Council, ana: Member, csv_text: str, naming: str
) -> None:
    federation.refused(Invalid, importing(works, csv_text, ana), naming)


def test_a_row_for_someone_already_in_the_council_refuses_the_rows_before_it_too(
    federation: Federation, works: Council, ana: Member
) -> None:
    csv_text = "name,email\nLev,lev@example.org\nAna,ana@example.org\n"
    federation.refused(
        Invalid,
        importing(works, csv_text, ana),
        "line 3: ana@example.org is already a member of Tractor Works",
    )
    with federation.sovet.db.reading() as store:
        assert store.account_by_email("lev@example.org") is None


@pytest.mark.parametrize(
    ("csv_text", "naming"),
    [
        ("", "line 1: the file is empty; expected a header name,email[,contact]"),
        ("name,email\n", "line 2: the file lists no members"),
        ("name,email\n\n , \n", "line 2: the file lists no members"),
        (
            "email,name\nlev@example.org,Lev\n",
            "line 1: the header must be name,email[,contact], not email,name",
        ),
        ("name\nLev\n", "line 1: the header must be name,email[,contact], not name"),
        ("name,email,phone\nLev,lev@example.org,1\n", "not name,email,phone"),
        ("name,email,contact,contact\nLev,lev@example.org,1,2\n", "not name,email,contact,contact"),
    ],
    ids=[
        "empty",
        "header only",
        "only blank rows",
        "swapped",
        "no email",
        "unknown column",
        "four columns",
    ],
)
def test_an_empty_file_or_a_wrong_header_is_refused(
    federation: Federation, works: Council, ana: Member, csv_text: str, naming: str
) -> None:
    federation.refused(Invalid, importing(works, csv_text, ana), naming)


def test_only_a_member_of_the_council_may_import_into_it(
    region: Region, federation: Federation
) -> None:
    csv_text = "name,email\nLev,lev@example.org\n"
    federation.refused(
        Forbidden,
        importing(region.works, csv_text, region.vera),
        "Vera is not a member of Tractor Works",
    )


def test_a_delegate_of_a_higher_council_cannot_import_into_a_council_below_it(
    region: Region, federation: Federation
) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Forbidden,
        importing(region.mill, "name,email\nLev,lev@example.org\n", region.boris),
        "Boris is not a member of Textile Mill",
    )


def test_a_delegate_council_has_no_members_to_import(
    region: Region, federation: Federation
) -> None:
    federation.elect(region.regional, region.works, region.boris)
    federation.refused(
        Invalid,
        importing(region.regional, "name,email\nLev,lev@example.org\n", region.boris),
        "Northern Regional Council is a delegate council: it has no members to import",
    )


def test_the_operator_cannot_import_members(federation: Federation, works: Council) -> None:
    federation.refused(
        Forbidden,
        importing(works, "name,email\nLev,lev@example.org\n", OPERATOR),
        "the operator has no governance powers",
    )


LIST = "name,email\nLev,lev@example.org\nNadia,nadia@example.org\n"


def test_once_founded_a_member_without_the_power_cannot_import(
    federation: Federation, steps: Steps
) -> None:
    """After its first vote opens, one member cannot pack the council from a list: nobody
    is registered, nobody admitted."""
    works = build_works(federation)
    steps.to_the_vote(works.ana, steps.scheduled(works))
    federation.refused(
        Forbidden,
        importing(works.council, LIST, works.ana),
        "Tractor Works decides membership",
        "whose office the charter gives the power to admit members",
    )


def test_an_officer_whose_office_has_admit_members_imports_under_the_office(
    federation: Federation, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, {"offices": {"secretary": ["admit_members"]}})
    office = elect_officer(
        federation.sovet, works.council.slug, "secretary", works.gleb, works.members
    )
    size = federation.record_size()
    request = ImportMembers(council=works.council.slug, csv_text=LIST, office="secretary")
    lev, nadia = federation.act(lambda store: import_members(store, request, actor=works.gleb))
    entries = federation.entries(size)
    assert [entry.kind for entry in entries] == ["member.registered", "member.admitted"] * 2
    assert {(entry.actor, entry.under) for entry in entries} == {
        (works.gleb.id, f"office:{office.id}")
    }
    assert federation.is_member(works.council, lev.member)
    assert federation.is_member(works.council, nadia.member)


def test_an_officer_whose_office_lacks_admit_members_cannot_import(
    federation: Federation, elect_officer: ElectOfficer
) -> None:
    works = build_works(federation, {"offices": {"chair": ["moderate"]}})
    elect_officer(federation.sovet, works.council.slug, "chair", works.gleb, works.members)
    request = ImportMembers(council=works.council.slug, csv_text=LIST, office="chair")
    federation.refused(
        Forbidden,
        lambda store: import_members(store, request, actor=works.gleb),
        "the chair of Tractor Works has no power to admit members",
    )
