"""A base council imports its workplace's members from CSV, all rows or none.

Columns: ``name,email`` and optionally ``contact``. A person new to the federation is
registered with a one-time invitation code to set their password; a person already
registered (same e-mail) is admitted. Any bad row refuses the whole import, naming its
line. Who may import is who may admit (``services/membership_rules``): any member while
the council is being founded, after that a member with the charter's ``admit_members``
power or an officer whose office has it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sovet.domain import text
from sovet.domain.errors import Invalid, NotFound, Refused
from sovet.domain.members import Member
from sovet.services.authority import Actor, acting_member, council_named
from sovet.services.credentials import new_token, token_hash
from sovet.services.membership_rules import admitting
from sovet.services.ports import Store

MAX_ROWS = 100_000
COLUMNS = ("name", "email", "contact")


@dataclass(frozen=True)
class ImportMembers:
    council: str
    csv_text: str
    office: str | None = None
    """Import as this officer of the council, under the office."""


@dataclass(frozen=True)
class Imported:
    member: Member
    email: str
    invitation: str | None
    """The one-time code to set a password, for people new to the federation."""


@dataclass(frozen=True)
class _Row:
    line: int
    name: str
    email: str
    contact: str | None


def import_members(store: Store, request: ImportMembers, *, actor: Actor) -> list[Imported]:
    importer = acting_member(store, actor)
    council = council_named(store, request.council)
    if council.kind != "base":
        raise Invalid(f"{council.name} is a delegate council: it has no members to import")
    under = admitting(store, council, importer, request.office)
    imported = []
    for row in parse(request.csv_text):
        account = store.account_by_email(row.email)
        invitation = None
        if account is None:
            position = store.next_position()
            store.append("member.registered", {"name": row.name}, actor=importer.id, under=under)
            invitation = new_token()
            store.save_account(
                member_id=position,
                email=row.email,
                contact=row.contact,
                password_hash=None,
                invitation_hash=token_hash(invitation),
            )
            member = Member(id=position, name=row.name)
        else:
            registered = store.member(account.member_id)
            if registered is None:
                raise NotFound(f"line {row.line}: {row.email} has an account but no member")
            member = registered
            if store.is_member(council.id, member.id):
                raise Invalid(f"line {row.line}: {row.email} is already a member of {council.name}")
        store.append(
            "member.admitted",
            {"council": council.id, "member": member.id},
            actor=importer.id,
            under=under,
        )
        imported.append(Imported(member=member, email=row.email, invitation=invitation))
    return imported


def parse(csv_text: str) -> list[_Row]:
    """Every row of a member list, or Invalid naming the first bad line.

    A leading byte-order mark, as spreadsheets write into UTF-8 CSV, is ignored."""
    reader = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise Invalid("line 1: the file is empty; expected a header name,email[,contact]") from None
    except csv.Error as error:
        raise Invalid(f"line 1: {error}") from None
    if header[:2] != ["name", "email"] or not set(header) <= set(COLUMNS) or len(header) > 3:
        raise Invalid(f"line 1: the header must be name,email[,contact], not {','.join(header)}")
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                raise Invalid(f"line {line}: expected {len(header)} fields, found {len(values)}")
            fields = dict(zip(header, values, strict=True))
            try:
                email = text.email(fields["email"])
                row = _Row(
                    line=line,
                    name=text.name(fields["name"], "name"),
                    email=email,
                    contact=text.name(fields["contact"], "contact", max_length=200)
                    if fields.get("contact", "").strip()
                    else None,
                )
            except Refused as error:
                raise Invalid(f"line {line}: {error.message}") from None
            if email in seen:
                raise Invalid(f"line {line}: {email} already appears on line {seen[email]}")
            seen[email] = line
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise Invalid(f"line {line}: at most {MAX_ROWS} members per import")
    except csv.Error as error:
        raise Invalid(f"line {reader.line_num}: {error}") from None
    if not rows:
        raise Invalid("line 2: the file lists no members")
    return rows
