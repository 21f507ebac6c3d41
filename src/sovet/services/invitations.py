"""The e-mail that brings a member imported by their council their invitation code, where
the importer asks for it: a link that sets their password with the code (after "#", as
``web/static/reset-code.js`` reads it), and the code to enter by hand. Sending it is no
governing act: the import is, and it is in the record already."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from sovet.domain.federation import Council
from sovet.domain.notices import Invitation, Notice
from sovet.services.import_members import Imported
from sovet.services.notices import WIDTH


def invitation_notices(
    council: Council, imported: Sequence[Imported], site: str
) -> list[Invitation]:
    """A message to each member of ``imported`` who is new to the federation (and so
    has an invitation code); none to one who was registered already."""
    return [
        Invitation(
            item.member.id,
            item.member.name,
            _invitation(council, item.member.name, item.email, item.invitation, site),
        )
        for item in imported
        if item.invitation is not None
    ]


def _invitation(council: Council, name: str, email: str, code: str, site: str) -> Notice:
    says = textwrap.fill(
        f"{council.name} imported its member list, and you are on it as {name}. To vote, "
        "stand and act in your council, set your password with this link; it works once:",
        width=WIDTH,
    )
    by_hand = textwrap.fill(
        f"Or enter your e-mail address ({email}) and this code at {site}/claim: {code}",
        width=WIDTH,
        break_long_words=False,
    )
    ignore = textwrap.fill(
        "If this was not meant for you, do nothing: without the code, nobody logs in as you.",
        width=WIDTH,
    )
    link = f"{site}/claim#code={code}"
    subject = f"Your invitation to {council.name}"
    return Notice(email, subject, f"{says}\n\n{link}\n\n{by_hand}\n\n{ignore}\n")
