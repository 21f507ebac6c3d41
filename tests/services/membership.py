"""Resolutions on the tractor works' membership: Ana moves them, Boris supports them."""

from __future__ import annotations

from typing import Any, Protocol

from sovet.domain.errors import Invalid
from sovet.domain.members import Member
from sovet.domain.motions import Motion

from .deliberation import Steps, Works
from .federation import Federation


def on_membership(steps: Steps, works: Works, title: str, *effects: dict[str, Any]) -> Motion:
    """Ana moves a resolution on membership with ``effects``, Boris supports it: on the
    agenda."""
    motion = steps.file(works.ana, works.council, title=title, matter="membership", effects=effects)
    return steps.support(works.boris, motion)


def passed(steps: Steps, works: Works, motion: Motion, *voters: Member) -> None:
    """Wait out the agenda; ``voters`` vote ``motion`` through and Vera closes it."""
    vote = steps.to_the_vote(works.ana, motion)
    steps.vote_and_close(vote, dict.fromkeys(voters, "yes"), works.vera)


class Refusing(Protocol):
    def __call__(self, effects: list[Any], *naming: str, matter: str = "membership") -> None: ...


def refusing(federation: Federation, steps: Steps, works: Works) -> Refusing:
    """A check that Ana's resolution with ``effects`` is refused, naming ``naming``, and
    that nothing is recorded."""

    def refused(effects: list[Any], *naming: str, matter: str = "membership") -> None:
        size = federation.record_size()
        federation.refused(
            Invalid,
            steps.filing(works.ana, works.council, matter=matter, effects=effects),
            *naming,
        )
        assert federation.record_size() == size

    return refused
