"""A small federation in which a delegate can be recalled: the tractor works (Ana, Boris,
Lev, Dasha) seats Boris in the regional council with Lev as his substitute; the mill
(Vera, Gleb) seats Gleb; the regional council seats Boris in the congress through his
regional mandate. The works' charter puts a recall petition on the agenda at two
signatures of four."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sovet.domain.federation import Council
from sovet.domain.mandates import Mandate
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.services.authority import Actor
from sovet.services.petition_recall import PetitionRecall, petition_recall
from sovet.services.ports import Store
from sovet.services.sign_recall_petition import SignRecallPetition, sign_recall_petition

from .deliberation import Steps
from .federation import Clock, Federation

REASONS = "Boris voted against the six hour shift that we instructed him to support."


@dataclass(frozen=True)
class Recallable:
    ana: Member
    boris: Member
    lev: Member
    dasha: Member
    vera: Member
    gleb: Member
    works: Council
    mill: Council
    regional: Council
    congress: Council
    seat: Mandate
    """Boris's seat in the regional council, for the works."""
    congress_seat: Mandate
    """Boris's seat in the congress, held through ``seat``."""


def build_recallable(
    federation: Federation,
    *,
    substitutes: bool = True,
    works_charter: dict[str, Any] | None = None,
    regional_charter: dict[str, Any] | None = None,
) -> Recallable:
    ana, boris, lev, dasha, vera, gleb = (
        federation.register(name) for name in ("Ana", "Boris", "Lev", "Dasha", "Vera", "Gleb")
    )
    works = federation.found_base(
        ana,
        "tractor-works",
        "Tractor Works",
        {"recall_petition_threshold": 0.5, **(works_charter or {})},
    )
    federation.admit(ana, works, boris, lev, dasha)
    mill = federation.found_base(vera, "textile-mill", "Textile Mill")
    federation.admit(vera, mill, gleb)
    regional = federation.found_delegate(
        ana, "north", "Northern Regional Council", works, charter=regional_charter
    )
    federation.join(vera, regional, mill)
    [seat] = federation.elect(regional, works, boris, substitutes=(lev,) if substitutes else ())
    federation.elect(regional, mill, gleb)
    congress = federation.found_delegate(boris, "congress", "Congress of Councils", regional)
    [congress_seat] = federation.elect(congress, regional, boris)
    return Recallable(
        ana, boris, lev, dasha, vera, gleb, works, mill, regional, congress, seat, congress_seat
    )


def petitioning(
    actor: Actor, mandate: Mandate | int, reasons: str = REASONS
) -> Callable[[Store], Motion]:
    mandate_id = mandate if isinstance(mandate, int) else mandate.id
    return lambda store: petition_recall(store, PetitionRecall(mandate_id, reasons), actor=actor)


def signing(actor: Actor, petition: Motion) -> Callable[[Store], Motion]:
    return lambda store: sign_recall_petition(store, SignRecallPetition(petition.id), actor=actor)


def carry_recall(
    federation: Federation,
    clock: Clock,
    mandate: Mandate,
    *,
    petitioner: Member,
    signers: tuple[Member, ...],
    voters: tuple[Member, ...],
) -> Motion:
    """Petition, sign, wait out the agenda period, vote yes and close: a recall that passes."""
    steps = Steps(federation, clock)
    petition = federation.act(petitioning(petitioner, mandate))
    for signer in signers:
        petition = federation.act(signing(signer, petition))
    vote = steps.to_the_vote(petitioner, petition)
    steps.vote_and_close(vote, dict.fromkeys(voters, "yes"), petitioner)
    return steps.motion(petition)
