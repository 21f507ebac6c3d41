"""The planning engine's refusals: each names its culprit.

They are `Invalid` refusals (HTTP 422, CLI exit code 2) and also `ValueError`, as a
numeric library's bad input is. ``culprit`` holds the name of the product, process,
workplace or constraint at fault, for pages and tests to point at.
"""

from __future__ import annotations

from sovet.domain.errors import Invalid


class PlanningError(Invalid, ValueError):
    """Bad input to the planning engine."""

    def __init__(self, message: str, *, culprit: str) -> None:
        super().__init__(message)
        self.culprit = culprit


class UnknownProduct(PlanningError):
    """A process or a target names a product that is not in the catalogue."""


class NegativeCoefficient(PlanningError):
    """An input, labour or capacity figure below zero (or not a number)."""


class UnitMismatch(PlanningError):
    """A process gives a quantity in another unit than the catalogue's."""


class MissingProcess(PlanningError):
    """A product that no process makes."""


class NotProductive(PlanningError):
    """The economy cannot produce its own inputs: some products use up more than they make."""


class InfeasibleTargets(PlanningError):
    """The targets cannot all be met under the capacities and the labour available."""
