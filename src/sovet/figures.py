"""How figures are written for people, on the pages and on the command line."""

from __future__ import annotations

import math
from datetime import timedelta


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 seat``, ``2 seats``; ``nouns`` for a plural that is not ``noun + "s"``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {nouns or noun + 's'}"


def duration(period: timedelta) -> str:
    """A period in whole days and hours, as people read it: ``7 days``, ``2 hours``,
    ``1 day and 12 hours`` (minutes and seconds left out)."""
    days, hours = period.days, period.seconds // 3600
    parts = [plural(days, "day")] if days else []
    if hours or not days:
        parts.append(plural(hours, "hour"))
    return " and ".join(parts)


def quantity(value: float) -> str:
    """A quantity as people read it: at most six significant digits and six decimals,
    thousands grouped, never an exponent; what rounds to nothing (the solver's noise
    about zero) is 0. Files written for machines keep every digit."""
    if not math.isfinite(value):
        return f"{value:g}"
    magnitude = abs(value)
    decimals = min(6, max(0, 5 - math.floor(math.log10(magnitude)))) if magnitude else 0
    text = f"{value:,.{decimals}f}"
    if decimals:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
