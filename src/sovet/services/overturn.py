"""What a referendum that overturns a decision undoes, called by ``agenda.close`` right
after the referendum's ``vote.closed``, in the same transaction.

A decision takes effect through the one consequence its first acting effect had at its
passage (``agenda._consequences``); the overturn undoes that consequence, effect by
effect:

- ``amend_charter``: each charter field the amendment changed goes back to the value it
  had before, except a field that a later decision, still standing, has changed since:
  that decision stands (``charter.restored``);
- ``instruct``: the instruction is withdrawn while the motion it instructs on is
  undecided (``instruction.withdrawn``); votes already cast under it stand;
- ``adopt_plan``: the plan is no longer adopted; the period goes back to where a plan
  voted down leaves it (``planning_rules.takes_rounds``), the parts still sent lapse and
  the parts accepted bind their workplaces no more (``plan.overturned``);
- ``admit_constituent``: the constituent leaves the council (``council.left``): the
  mandates of its delegates there end, and every seat held through them, as a recall ends
  them (``recall.end_with_constituent``);
- ``set_demand``: the targets it adopted are withdrawn while no later decision has
  replaced them (``demand.withdrawn``).

What can no longer be undone stays, and ``overturn.left`` says why: the overturn itself
stands, and the vote's close never fails for it. A recall is never undone: no decision
reinstates a recalled delegate (``recall.check_recall_rights``). A decision that did
nothing beyond itself (its effect lapsed at passage, or it had none) needs nothing beyond
the ``overturns`` mark of the ``vote.closed`` entry; nor do ``keep_books``,
``answer_plan_part`` and ``admit_members``, decided by workplace councils, where no
referendum is called.
"""

from __future__ import annotations

from typing import Any

from sovet.domain.charter import Charter, rule_words
from sovet.domain.errors import Refused
from sovet.domain.federation import Council
from sovet.domain.motions import (
    AdmitConstituent,
    AdmitMembers,
    AdoptPlan,
    AmendCharter,
    AnswerPlanPart,
    Instruct,
    KeepBooks,
    Motion,
    Recall,
    SetDemand,
)
from sovet.record.entry import Entry
from sovet.services.ports import Store
from sovet.services.recall import end_with_constituent

Undoing = tuple[str, dict[str, Any]]
ACTING = (
    AmendCharter,
    Instruct,
    SetDemand,
    KeepBooks,
    AdoptPlan,
    AnswerPlanPart,
    AdmitConstituent,
    AdmitMembers,
)
"""The effects ``agenda._consequences`` acts on, in its order: the first a motion carries is
the one its decision took effect through."""
CHARTERS = ("council.founded", "charter.amended", "charter.restored")


def undo(
    store: Store, council: Council, motion: Motion, referendum: int, *, actor: int, under: str
) -> None:
    """Append what undoes the overturned ``motion``'s decision, or why it stays."""
    undoing = _undoing(store, council, motion)
    if undoing is None:
        return
    kind, payload = undoing
    payload = {"motion": motion.id, "referendum": referendum} | payload
    store.append(kind, payload, actor=actor, under=under)
    if kind == "council.left":
        _leave(store, council, payload["constituent"], motion, actor=actor, under=under)


def _undoing(store: Store, council: Council, motion: Motion) -> Undoing | None:
    if any(isinstance(effect, Recall) for effect in motion.effects):
        return _left(
            "recall",
            "a recall is never undone: no decision reinstates a recalled delegate or officer "
            "(a rule no charter can change); the constituency may elect them again",
        )
    effect = next((e for e in motion.effects if isinstance(e, ACTING)), None)
    if isinstance(effect, AmendCharter):
        return _restore_charter(store, council, motion, effect)
    if isinstance(effect, Instruct):
        return _withdraw_instruction(store, council, motion, effect)
    if isinstance(effect, AdoptPlan):
        return _unadopt_plan(store, motion, effect)
    if isinstance(effect, AdmitConstituent):
        return _unadmit(store, council, motion, effect)
    if isinstance(effect, SetDemand):
        return _withdraw_demand(store, council, motion, effect)
    return None


def _left(effect: str, reason: str) -> Undoing:
    return "overturn.left", {"effect": effect, "reason": reason}


def _took_effect(store: Store, kind: str, motion: Motion, key: str = "motion") -> Entry | None:
    """The entry through which ``motion``'s decision took effect; None if it lapsed."""
    return next(
        (e for e in store.recorded((kind,), since=motion.id) if e.payload[key] == motion.id),
        None,
    )


def _restore_charter(
    store: Store, council: Council, motion: Motion, effect: AmendCharter
) -> Undoing | None:
    history = [
        entry
        for entry in store.recorded(CHARTERS, since=council.id)
        if entry.position == council.id or entry.payload.get("council") == council.id
    ]
    amended = next(
        (
            number
            for number, entry in enumerate(history)
            if entry.kind == "charter.amended" and entry.payload["motion"] == motion.id
        ),
        None,
    )
    if amended is None:
        return None
    before, after = _charter(history[amended - 1]), _charter(history[amended])
    changed = [field for field in effect.changes if before.get(field) != after.get(field)]
    kept = _changed_since(store, history[amended:], changed)
    restore = {field: before[field] for field in changed if field not in kept}
    if not restore:
        return _left("amend_charter", _kept_in_words(kept))
    try:
        charter = Charter.from_json(restore, defaults=council.charter)
    except Refused as error:
        return _left("amend_charter", f"the charter it amended cannot be restored: {error.message}")
    payload = {
        "council": council.id,
        "charter": charter.to_json(),
        "restored": sorted(restore),
        "kept": [{"field": field, "by_motion": by} for field, by in sorted(kept.items())],
    }
    return "charter.restored", payload


def _changed_since(store: Store, history: list[Entry], fields: list[str]) -> dict[str, int]:
    """Each of ``fields`` that an amendment after the first of ``history`` changed and that
    still stands, with the latest such amendment's motion."""
    kept: dict[str, int] = {}
    previous = _charter(history[0])
    for entry in history[1:]:
        charter = _charter(entry)
        if entry.kind == "charter.amended":
            decision = store.decision(entry.payload["motion"])
            if decision is not None and decision.overturned_by is None:
                for field in fields:
                    if previous.get(field) != charter.get(field):
                        kept[field] = entry.payload["motion"]
        previous = charter
    return kept


def _charter(entry: Entry) -> dict[str, Any]:
    """The whole charter an entry set, read as a stored one is: a field added since has
    its default."""
    return Charter.from_json(entry.payload["charter"]).to_json()


def _kept_in_words(kept: dict[str, int]) -> str:
    if not kept:
        return "the amendment changed no rule of the charter"
    rules = ", ".join(f"{rule_words(rule)} (motion {by})" for rule, by in sorted(kept.items()))
    return (
        f"every rule it changed has been changed since by a later decision, which stands: {rules}"
    )


def _withdraw_instruction(
    store: Store, council: Council, motion: Motion, effect: Instruct
) -> Undoing | None:
    issued = _took_effect(store, "instruction.issued", motion, key="by_motion")
    if issued is None:
        return None
    target = store.motion(effect.motion)
    if target is None or target.decided:
        return _left(
            "instruct",
            "the motion it instructed on was decided first: the votes cast under it stand",
        )
    payload = {"council": council.id, "instruction": issued.position, "on": effect.motion}
    return "instruction.withdrawn", payload


def _unadopt_plan(store: Store, motion: Motion, effect: AdoptPlan) -> Undoing | None:
    if _took_effect(store, "plan.adopted", motion) is None:
        return None
    period = store.planning_period(effect.period)
    assert period is not None
    if period.state == "closed":
        return _left(
            "adopt_plan",
            f"the planning period {period.name} is closed: a workplace returned its part at "
            "the round limit, so the plan was no longer adopted; it may be opened anew",
        )
    if period.state != "adopted" or period.adopted_round != effect.round:
        return _left(
            "adopt_plan",
            f"the plan for {period.name} was no longer adopted: a workplace returned its part "
            "into a further round",
        )
    parts = store.plan_parts(period.id)
    payload = {
        "period": period.id,
        "lapsed": [part.council_id for part in parts if part.state == "sent"],
        "released": [part.council_id for part in parts if part.state == "accepted"],
    }
    return "plan.overturned", payload


def _unadmit(
    store: Store, council: Council, motion: Motion, effect: AdmitConstituent
) -> Undoing | None:
    decision = store.decision(motion.id)
    ref = effect.constituent
    constituent = store.council(ref) if isinstance(ref, int) else store.council_by_slug(ref)
    assert decision is not None and constituent is not None
    joined = any(
        entry.payload["council"] == council.id and entry.payload["constituent"] == constituent.id
        for entry in store.recorded(("council.joined", "council.rejoined"), since=decision.vote_id)
    )
    if not joined:
        return None
    return "council.left", {
        "council": council.id,
        "constituent": constituent.id,
        "seats": store.seats_of(council.id, constituent.id),
    }


def _leave(
    store: Store, council: Council, constituent_id: int, motion: Motion, *, actor: int, under: str
) -> None:
    """What goes with a constituent's seats: its delegates' mandates there, and the
    elections and by-elections of those seats under way."""
    end_with_constituent(store, council.id, constituent_id, motion.id, actor=actor, under=under)
    constituent = store.council(constituent_id)
    assert constituent is not None
    for by_election in (False, True):
        election = store.election_in_progress(council.id, constituent_id, by_election=by_election)
        if election is None:
            continue
        store.empty_ranked_ballot_box(election.id)
        reason = f"{constituent.name} left {council.name}: its seats there are gone"
        store.append(
            "election.lapsed",
            {"election": election.id, "reason": reason},
            actor=actor,
            under=under,
        )


def _withdraw_demand(
    store: Store, council: Council, motion: Motion, effect: SetDemand
) -> Undoing | None:
    if _took_effect(store, "demand.adopted", motion) is None:
        return None
    standing = {
        target.motion_id
        for target in store.demand_targets(effect.period)
        if target.council_id == council.id
    }
    if motion.id not in standing:
        later = ", ".join(f"motion {by}" for by in sorted(standing)) or "none since"
        return _left(
            "set_demand",
            f"its targets for {effect.period} were replaced by a later decision ({later}), "
            "which stands",
        )
    return "demand.withdrawn", {"council": council.id, "period": effect.period}
