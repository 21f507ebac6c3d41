"""What a referendum's overturn of a decision undid, as the record holds it and in words.

The entries are appended by ``services/overturn.py``, each naming its ``referendum``;
pages and the API read them back and show them with :func:`in_words`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sovet.domain.charter import rule_words

KINDS = (
    "charter.restored",
    "instruction.withdrawn",
    "plan.overturned",
    "council.left",
    "demand.withdrawn",
    "overturn.left",
)
"""The entries an overturn appends, each naming its ``referendum``."""


def in_words(
    kind: str,
    payload: Mapping[str, Any],
    councils: Mapping[int, str],
    periods: Mapping[int, str],
) -> str:
    """One entry of an overturn in words, with councils and planning periods by name."""
    if kind == "charter.restored":
        restored = [rule_words(rule) for rule in payload["restored"]]
        listed = _listed(restored)
        said = (
            f"{listed[:1].upper()}{listed[1:]} {'is' if len(restored) == 1 else 'are'} "
            "restored to "
            f"{'its value' if len(restored) == 1 else 'their values'} before the amendment"
        )
        kept = "".join(
            f"; {rule_words(item['field'])} keeps the value a later decision (motion "
            f"{item['by_motion']}) gave it"
            for item in payload["kept"]
        )
        return f"{said}{kept}."
    if kind == "instruction.withdrawn":
        return (
            f"The instruction is withdrawn: the delegates of {councils[payload['council']]} "
            f"are no longer bound by it on motion {payload['on']}."
        )
    if kind == "plan.overturned":
        name = periods[payload["period"]]
        said = (
            f"The plan for {name} is no longer adopted: the period stands balanced, as when "
            "a plan is voted down"
        )
        if payload["lapsed"]:
            said += f"; the parts still sent lapse ({_names(payload['lapsed'], councils)})"
        if payload["released"]:
            said += (
                f"; the parts accepted ({_names(payload['released'], councils)}) bind their "
                "workplaces no more"
            )
        return f"{said}."
    if kind == "council.left":
        seats = "its seat there ends" if payload["seats"] == 1 else "its seats there end"
        return (
            f"{councils[payload['constituent']]} leaves {councils[payload['council']]}: "
            f"{seats}, with its delegates' mandates and every seat or office held through them."
        )
    if kind == "demand.withdrawn":
        return (
            f"The demand targets of {councils[payload['council']]} for {payload['period']} "
            "are withdrawn."
        )
    return f"Not undone: {payload['reason']}."


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _names(ids: Sequence[int], councils: Mapping[int, str]) -> str:
    return ", ".join(councils[council_id] for council_id in ids)
