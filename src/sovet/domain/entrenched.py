"""The entrenched rules: they hold for every council and no charter can change them.

Each answers one move of the degeneration playbook in MISSION.md. They are not charter
options; a charter that tries to name one is refused, citing the rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntrenchedRule:
    key: str
    text: str


RULES: tuple[EntrenchedRule, ...] = (
    EntrenchedRule(
        "base_council_sovereignty",
        "A base council is sovereign inside its competence: no higher council can dissolve "
        "it, change its membership, or overrule it outside the competence delegated upward.",
    ),
    EntrenchedRule(
        "decisions_belong_to_councils",
        "Decisions belong to councils; an officer may do only what the charter lists, and "
        "no single person can take a decision reserved to a body.",
    ),
    EntrenchedRule(
        "faction_rights",
        "Any members may form a faction and publish a platform; no motion at any level can "
        "ban factions, silence a platform, or expel members for holding one.",
    ),
    EntrenchedRule(
        "limits_on_office",
        "Concurrent mandates are capped, terms are limited and concentration indicators are "
        "published for anyone to read.",
    ),
    EntrenchedRule(
        "no_appointment_from_above",
        "Every seat and office is filled by the constituency it serves, never from above.",
    ),
    EntrenchedRule(
        "agenda_from_below",
        "A motion with enough supporters must be put to the vote; secret ballots on demand; "
        "binding instructions; referendum from below.",
    ),
    EntrenchedRule(
        "instant_recall",
        "A constituency can recall its delegate or officer at any time; no higher body can "
        "block it, and it cascades to every seat held through that mandate.",
    ),
    EntrenchedRule(
        "public_record",
        "Every act is in a public, append-only, tamper-evident record; state is its projection.",
    ),
    EntrenchedRule(
        "no_operator_powers",
        "The server's operator has no governance powers; every governing act needs a member "
        "acting under a membership or mandate.",
    ),
    EntrenchedRule(
        "secret_ballot",
        "A secret ballot cannot be linked to its voter by anyone, the operator included.",
    ),
)

BY_KEY = {rule.key: rule for rule in RULES}
