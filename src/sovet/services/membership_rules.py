"""Who admits members to a base council, alone or by its decision.

A base council decides its membership, and no single member takes a decision reserved to
it. While it is being founded (until it first opens a vote or an election,
``Store.being_founded``) any of its members admits members and imports the workplace's
member list alone: the founder brings the workplace in. After that a member does so alone
only when the charter lists ``admit_members`` among ``member_powers``, or as an officer
whose office the charter gives ``admit_members`` (the act is then recorded under the
office); otherwise the council admits them by its decision, a resolution on
``membership`` whose ``admit_members`` effect lists them. Never a higher council: only
the base council's own members have standing in it.

A member leaves it only by its decision too: a resolution on ``membership`` whose
``expel_member`` effect names one of its members (never for holding a faction's views,
``factions.check_faction_rights``). When it passes, the membership ends
(``member.expelled``), and so do the seats and offices the member held under it
(``recall.end_expelled``).
"""

from __future__ import annotations

from sovet.domain.charter import power_words
from sovet.domain.errors import Forbidden, Invalid
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import MEMBERSHIP_MATTER, AdmitMembers, ExpelMember, Motion
from sovet.services.admission import Consequences
from sovet.services.authority import standing
from sovet.services.officers import acting_as
from sovet.services.ports import Store

ADMIT_MEMBERS = "admit_members"


def admitting(store: Store, council: Council, member: Member, office: str | None) -> str:
    """The standing under which ``member`` admits members into base council ``council``
    alone (as ``office`` of it, if given), or a refusal that says how the council
    admits them."""
    if office is not None:
        return acting_as(store, council, member, office, ADMIT_MEMBERS)
    under = standing(store, council, member)
    if store.being_founded(council.id) or ADMIT_MEMBERS in council.charter.member_powers:
        return under
    raise Forbidden(
        f"{council.name} decides {MEMBERSHIP_MATTER}: it has opened a vote or an election, so "
        f"it is founded; move a resolution on {MEMBERSHIP_MATTER} that admits them, or act as "
        f"an officer whose office the charter gives the power to {power_words(ADMIT_MEMBERS)}"
    )


def check_admit_members(store: Store, council: Council, effect: AdmitMembers) -> None:
    """Refuse an ``admit_members`` effect of base council ``council`` that lists someone
    who is not registered or is a member already."""
    members = set(store.members_of(council.id))
    for number, member_id in enumerate(effect.members):
        member = store.member(member_id)
        if member is None:
            raise Invalid(f"effects.members[{number}]: there is no registered member {member_id}")
        if member_id in members:
            raise Invalid(
                f"effects.members[{number}]: {member.name} (member {member_id}) is already a "
                f"member of {council.name}"
            )


def check_expel_member(store: Store, council: Council, effect: ExpelMember) -> None:
    """Refuse an ``expel_member`` effect that names someone who is not a member of base
    council ``council``."""
    member = store.member(effect.member)
    name = f"member {effect.member}" if member is None else member.name
    if not store.is_member(council.id, effect.member):
        raise Invalid(f"effects: {name} is not a member of {council.name}")


def member_expelled(
    store: Store, council: Council, motion: Motion, effect: ExpelMember
) -> Consequences:
    """A passed resolution on membership ends the membership of the member it expels;
    it lapses if they are no longer a member."""
    if not _on_membership(council, motion):
        return [], (
            f"a member is expelled only by a resolution on {MEMBERSHIP_MATTER} of the base "
            "council the member belongs to"
        )
    if not store.is_member(council.id, effect.member):
        return [], f"member {effect.member} is no longer a member of {council.name}"
    payload = {
        "council": council.id,
        "member": effect.member,
        "grounds": effect.grounds,
        "motion": motion.id,
    }
    return [("member.expelled", payload)], None


def _on_membership(council: Council, motion: Motion) -> bool:
    """Whether ``motion`` is a resolution on membership of base council ``council``,
    which decides its membership."""
    return (
        council.kind == "base"
        and motion.kind == "resolution"
        and motion.matter == MEMBERSHIP_MATTER
        and MEMBERSHIP_MATTER in council.charter.decides
    )


def members_admitted(
    store: Store, council: Council, motion: Motion, effect: AdmitMembers
) -> Consequences:
    """A passed resolution on membership admits each member it lists who is not one yet;
    it lapses if every one of them became a member meanwhile."""
    if not _on_membership(council, motion):
        return [], (
            f"members are admitted only by a resolution on {MEMBERSHIP_MATTER} of the base "
            "council that admits them"
        )
    members = set(store.members_of(council.id))
    newcomers = [member for member in effect.members if member not in members]
    if not newcomers:
        return [], "every member it admits became a member meanwhile"
    return [
        ("member.admitted", {"council": council.id, "member": member}) for member in newcomers
    ], None
