"""Running a member's act from a form: one transaction, then on to the next page.

Pages post their forms here so that every form answers alike: a done act redirects (303)
to where it leads, and a refused one shows its page again with the reason, having left no
state and no record entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fastapi.responses import RedirectResponse, Response

from sovet.bootstrap import Sovet
from sovet.domain.errors import Refused
from sovet.services.ports import Store


def act_then_go(
    sovet: Sovet, act: Callable[[Store], str], refused: Callable[[Refused], Response]
) -> Response:
    """Run ``act`` in a transaction and go to the address it returns; on refusal answer
    with ``refused`` of it."""
    try:
        with sovet.db.transaction() as store:
            where = act(store)
    except Refused as error:
        return refused(error)
    return RedirectResponse(where, status_code=303)


def act_and_return(
    sovet: Sovet,
    act: Callable[[Store], object],
    *,
    page: str,
    done: str,
    anchor: str,
    again: Callable[[Refused], Response],
) -> Response:
    """Run ``act``, then go back to ``page`` saying what was ``done``, at ``anchor``; on
    refusal answer with ``again`` of it (the page, with the reason)."""

    def go(store: Store) -> str:
        act(store)
        return f"{page}?done={done}#{anchor}"

    return act_then_go(sovet, go, again)


def in_words(error: Refused, labels: Mapping[str, str]) -> Refused:
    """``error`` with the field it names (``text: must not be empty``, or a line of it:
    ``inputs, line 2: write ...``) called by the label the member sees on the page
    (``Your comment: must not be empty``, ``Inputs per unit, line 2: write ...``)."""
    name, colon, reason = error.message.partition(": ")
    field, comma, where = name.partition(", ")
    if not colon or field not in labels:
        return error
    return type(error)(f"{labels[field]}{comma}{where}: {reason}")


def field_named(refusal: Refused | None, labels: Mapping[str, str]) -> str | None:
    """The field a refusal worded by ``in_words`` is about, by the label it begins with;
    None if it names none of ``labels``."""
    if refusal is None:
        return None
    named = (
        name
        for name, label in labels.items()
        if refusal.message.startswith((f"{label}:", f"{label}, "))
    )
    return next(named, None)


@dataclass(frozen=True)
class FormFields:
    """The fields of one form, to show its refusal beside the field it is about: each by
    the name the use case's messages give it, with the label members see and the id of
    its element on the page."""

    fields: Mapping[str, tuple[str, str]]
    """``name: (label, id)``."""
    main: str
    """The name of the field whose element a reason about none of them stands beside."""

    @property
    def labels(self) -> dict[str, str]:
        return {name: label for name, (label, _) in self.fields.items()}

    @property
    def ids(self) -> set[str]:
        return {id_ for _, id_ in self.fields.values()}

    def refused(self, error: Refused) -> tuple[Refused, str]:
        """``error`` worded in the form's labels, and the id of the field it stands beside:
        the one it names, or else the main one."""
        worded = in_words(error, self.labels)
        name = field_named(worded, self.labels) or self.main
        return worded, self.fields[name][1]
