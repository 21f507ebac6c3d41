"""The agenda from below: the transitions of a motion that nobody can stop or delay.

A motion that reaches the charter's support threshold goes on the agenda with a due
moment (the charter's agenda period later). From then on everything happens by the
clock: when it is due, votes on its pending amendments open (or, with none, the vote on
the motion itself); when those close, accepted amendments are merged and the motion's
vote opens on the final text; when that closes the result is recorded and, if it passed,
the decision. No officer takes part: the transitions run at the next act of any member
in the council (``advance``, called by every use case on motions), or when any member
asks for them once due (``open_vote``, ``close_vote``). The member whose act carried a
transition out is its entry's actor; it changes nothing of what the transition does.

Every time comes from ``store.now()``, so the transitions are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sovet.domain.books import books_to_json, target_to_json
from sovet.domain.books_csv import from_csv
from sovet.domain.charter import Charter, Threshold
from sovet.domain.errors import NotFound, Refused
from sovet.domain.federation import Council
from sovet.domain.motions import (
    AdmitConstituent,
    AdmitMembers,
    AdoptPlan,
    AmendCharter,
    AnswerPlanPart,
    Effect,
    ExpelMember,
    Instruct,
    KeepBooks,
    Motion,
    MotionKind,
    Recall,
    SetDemand,
    about_a_person,
    amended,
    effect_to_json,
    needed,
    stamp,
    support_share,
)
from sovet.domain.text import MAX_MARKDOWN
from sovet.domain.votes import Outcome, Rule, Subject, Tally, Vote, decide
from sovet.services.admission import constituent_admitted
from sovet.services.membership_rules import member_expelled, members_admitted
from sovet.services.overturn import undo
from sovet.services.plan_consequences import plan_adopted, plan_part_answered
from sovet.services.ports import Store
from sovet.services.recall import end_expelled, end_recalled


@dataclass(frozen=True)
class Acting:
    """The member whose act carries a transition out, and their standing."""

    member: int
    under: str


def motion_named(store: Store, motion_id: int) -> Motion:
    motion = store.motion(motion_id)
    if motion is None:
        raise NotFound(f"there is no motion {motion_id}")
    return motion


def vote_named(store: Store, vote_id: int) -> Vote:
    vote = store.vote(vote_id)
    if vote is None:
        raise NotFound(f"there is no vote {vote_id}")
    return vote


def council_with_id(store: Store, council_id: int) -> Council:
    council = store.council(council_id)
    if council is None:
        raise NotFound(f"there is no council {council_id}")
    return council


def eligible_count(store: Store, council: Council) -> int:
    """What a council's shares are shares of: its members, or its seats, filled or not."""
    if council.kind == "base":
        return len(store.members_of(council.id))
    return store.seats_in(council.id)


def register_of(store: Store, council: Council) -> list[tuple[int, str]]:
    """Who may vote in ``council`` now, with the standing each votes under."""
    if council.kind == "base":
        return [(member, f"membership:{council.id}") for member in store.members_of(council.id)]
    today = store.today()
    return sorted(
        (mandate.member_id, f"mandate:{mandate.id}")
        for mandate in store.mandates_in(council.id)
        if mandate.active_on(today)
    )


def support_needed(store: Store, council: Council, kind: MotionKind = "resolution") -> int:
    """Supporters (for a recall petition, signatures) that put a motion on the agenda."""
    return needed(support_share(council.charter, kind), eligible_count(store, council))


def lodge_motion(
    store: Store,
    council: Council,
    acting: Acting,
    *,
    kind: MotionKind,
    matter: str,
    title: str,
    text: str,
    effects: tuple[Effect, ...],
    on_behalf_of: int | None = None,
) -> Motion:
    """Record a new motion, supported by its mover, and put it on the agenda if that is
    support enough."""
    entry = store.append(
        "motion.filed",
        {
            "council": council.id,
            "kind": kind,
            "matter": matter,
            "title": title,
            "text": text,
            "effects": [effect_to_json(effect) for effect in effects],
            "on_behalf_of": on_behalf_of,
        },
        actor=acting.member,
        under=acting.under,
    )
    schedule_if_supported(store, council, motion_named(store, entry.position), acting)
    return motion_named(store, entry.position)


def schedule_if_supported(store: Store, council: Council, motion: Motion, acting: Acting) -> None:
    """Put a motion on the agenda once its supporters reach the charter's threshold."""
    if motion.state != "filed":
        return
    if len(store.supporters(motion.id)) < support_needed(store, council, motion.kind):
        return
    due = store.now() + timedelta(days=council.charter.agenda_period_days)
    store.append(
        "motion.scheduled",
        {"motion": motion.id, "due": stamp(due)},
        actor=acting.member,
        under=acting.under,
    )


def advance(store: Store, council: Council, acting: Acting) -> bool:
    """Carry out every transition that is due in ``council``; whether any was due.

    Every act in a council calls this first, so the common case, nothing due, is one
    query."""
    if not store.anything_due_in(council.id, stamp(store.now())):
        return False
    return _advance_due(store, council, acting)


def advance_in(store: Store, council_id: int, acting: Acting, *, due: bool | None = None) -> bool:
    """``advance`` for an act that needs the council only when something is due;
    ``due`` is whether it is, where the act has already read it."""
    if due is None:
        due = store.anything_due_in(council_id, stamp(store.now()))
    if not due:
        return False
    return _advance_due(store, council_with_id(store, council_id), acting)


def _advance_due(store: Store, council: Council, acting: Acting) -> bool:
    now = store.now()
    for motion in store.motions_in(council.id, ("on_agenda", "amending", "voting")):
        _advance_motion(store, council, motion, acting, now)
    for vote in store.open_votes_in(council.id):
        if vote.subject == "referendum" and now >= vote.closes:
            close(store, vote, acting)
    return True


def _advance_motion(
    store: Store, council: Council, motion: Motion, acting: Acting, now: datetime
) -> None:
    if motion.state == "on_agenda":
        if motion.due is None or now < motion.due:
            return
        gone = recall_gone(store, motion, "before the recall went to its vote")
        if gone is not None:
            payload = {"motion": motion.id, "reason": gone}
            store.append("motion.lapsed", payload, actor=acting.member, under=acting.under)
            return
        pending = [a for a in store.amendments_of(motion.id) if a.state == "pending"]
        for amendment in pending:
            _open_on_motion(store, council, motion, acting, amendment=amendment.id)
        if pending:
            return
        _open_on_motion(store, council, motion, acting, amendment=None)
        return
    open_votes = [vote for vote in store.votes_on(motion.id) if vote.closed is None]
    if not open_votes or any(now < vote.closes for vote in open_votes):
        return
    for vote in open_votes:
        close(store, vote, acting)
    if motion.state == "amending":
        _merge_accepted(store, motion, [vote.amendment_id for vote in open_votes], acting)
        _open_on_motion(store, council, motion_named(store, motion.id), acting, amendment=None)


def _open_on_motion(
    store: Store, council: Council, motion: Motion, acting: Acting, *, amendment: int | None
) -> None:
    charter = council.charter
    eligible = eligible_count(store, council)
    threshold: Threshold
    if amendment is not None:
        threshold = "simple"
    elif motion.kind == "charter_amendment":
        threshold = charter.charter_threshold
    else:
        threshold = charter.threshold
    secret = about_a_person(motion.effects) or len(store.secrecy_requests(motion.id)) >= needed(
        charter.secret_vote_share, eligible
    )
    open_vote(
        store,
        council,
        acting,
        subject="amendment" if amendment is not None else "motion",
        motion=motion.id,
        amendment=amendment,
        referendum=None,
        secret=secret,
        rule=Rule(
            quorum=charter.quorum,
            threshold=threshold,
            objection_share=charter.consent_objection_share,
        ),
        eligible=eligible,
        register=register_of(store, council),
    )


def open_vote(
    store: Store,
    council: Council,
    acting: Acting,
    *,
    subject: Subject,
    motion: int,
    amendment: int | None,
    referendum: int | None,
    secret: bool,
    rule: Rule,
    eligible: int,
    register: list[tuple[int, str]],
) -> None:
    """Open a vote with its register frozen as it stands now, for the charter's voting
    period (``Charter.referendum_period`` for a referendum)."""
    charter = council.charter
    period = charter.referendum_period if subject == "referendum" else charter.voting_period
    closes = store.now() + period
    store.append(
        "vote.opened",
        {
            "council": council.id,
            "subject": subject,
            "motion": motion,
            "amendment": amendment,
            "referendum": referendum,
            "secret": secret,
            "quorum": rule.quorum,
            "threshold": rule.threshold,
            "objection_share": rule.objection_share,
            "eligible": eligible,
            "closes": stamp(closes),
            "register": [[member, under] for member, under in register],
        },
        actor=acting.member,
        under=acting.under,
    )


def close(store: Store, vote: Vote, acting: Acting) -> Outcome:
    """Count a vote, record its result (publishing a secret vote's ballots in one batch,
    in the order of their receipts' hashes) and empty its ballot box. A recall whose
    mandate has ended (``recall_gone``) closes undecided, and its motion lapses."""
    box = store.ballot_box(vote.id) if vote.secret else []
    choices = [*store.named_ballots(vote.id).values(), *(choice for _, choice in box)]
    outcome = decide(Tally.of(choices, eligible=vote.eligible), vote.rule)
    motion = motion_named(store, vote.motion_id)
    council = council_with_id(store, vote.council_id)
    lapsed = None
    if vote.subject == "motion":
        lapsed = recall_gone(store, motion, "while the recall vote was open")
    if lapsed is not None:
        outcome = replace(outcome, passed=False, reason=lapsed)
    decision = None
    consequences: list[tuple[str, dict[str, Any]]] = []
    if vote.subject == "motion" and outcome.passed:
        consequences, moot = _consequences(store, council, motion)
        until = store.now() + timedelta(days=council.charter.minority_report_days)
        decision = {"version": motion.version, "minority_until": stamp(until), "lapsed": moot}
    store.append(
        "vote.closed",
        {
            "vote": vote.id,
            "council": council.id,
            "subject": vote.subject,
            "motion": motion.id,
            "amendment": vote.amendment_id,
            "referendum": vote.referendum_id,
            "yes": outcome.tally.yes,
            "no": outcome.tally.no,
            "abstain": outcome.tally.abstain,
            "quorum_met": outcome.quorum_met,
            "passed": outcome.passed,
            "reason": outcome.reason,
            "ballots": [{"receipt": receipt.hex(), "choice": choice} for receipt, choice in box],
            "decision": decision,
            "overturns": motion.id if vote.subject == "referendum" and outcome.passed else None,
        },
        actor=acting.member,
        under=acting.under,
    )
    store.empty_ballot_box(vote.id)
    if lapsed is not None and vote.subject == "motion":
        payload = {"motion": motion.id, "reason": lapsed}
        store.append("motion.lapsed", payload, actor=acting.member, under=acting.under)
    if vote.referendum_id is not None and outcome.passed:
        undo(store, council, motion, vote.referendum_id, actor=acting.member, under=acting.under)
    for kind, payload in consequences:
        store.append(kind, payload, actor=acting.member, under=acting.under)
    if decision is not None:
        end_recalled(store, motion, actor=acting.member, under=acting.under)
    if any(kind == "member.expelled" for kind, _ in consequences):
        end_expelled(store, council, motion, actor=acting.member, under=acting.under)
    return outcome


def _consequences(
    store: Store, council: Council, motion: Motion
) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
    """What a decision does beyond itself (a new charter, an instruction), or why it
    cannot any more."""
    for effect in motion.effects:
        if isinstance(effect, AmendCharter):
            try:
                charter = Charter.from_json(effect.changes, defaults=council.charter)
            except Refused as error:
                return [], error.message
            payload = {"council": council.id, "motion": motion.id, "charter": charter.to_json()}
            return [("charter.amended", payload)], None
        if isinstance(effect, Instruct):
            target = store.motion(effect.motion)
            if target is None or target.decided:
                return [], "the motion it instructs on was decided first"
            payload = {
                "council": council.id,
                "motion": effect.motion,
                "choice": effect.choice,
                "by_motion": motion.id,
            }
            return [("instruction.issued", payload)], None
        if isinstance(effect, SetDemand):
            return _demand_adopted(council, motion, effect)
        if isinstance(effect, KeepBooks):
            return _books_decided(store, council, motion, effect)
        if isinstance(effect, AdoptPlan):
            return plan_adopted(store, council, motion, effect)
        if isinstance(effect, AnswerPlanPart):
            return plan_part_answered(store, council, motion, effect)
        if isinstance(effect, AdmitConstituent):
            return constituent_admitted(store, council, motion, effect)
        if isinstance(effect, AdmitMembers):
            return members_admitted(store, council, motion, effect)
        if isinstance(effect, ExpelMember):
            return member_expelled(store, council, motion, effect)
    return [], None


def recall_gone(store: Store, motion: Motion, when: str) -> str | None:
    """Why recall ``motion`` lapses ``when`` it would be decided: its mandate has ended
    (by an act, or as its term ran out); None for any other motion."""
    if motion.kind != "recall":
        return None
    today = store.today()
    for effect in motion.effects:
        if not isinstance(effect, Recall):
            continue
        mandate = store.mandate(effect.mandate)
        if mandate is None or mandate.active_on(today):
            continue
        if mandate.ended_on is not None:
            return f"mandate {mandate.id} ended ({mandate.end_reason}) {when}"
        return f"the term of mandate {mandate.id} ended on {mandate.ends.isoformat()} {when}"
    return None


def _books_decided(
    store: Store, council: Council, motion: Motion, effect: KeepBooks
) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
    """A passed books motion puts its books in place of the council's."""
    try:
        decided = from_csv(effect.csv, store.catalogue())
    except Refused as error:
        return [], error.message
    payload = {"council": council.id, "books": books_to_json(decided), "motion": motion.id}
    return [("books.imported", payload)], None


def _demand_adopted(
    council: Council, motion: Motion, effect: SetDemand
) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
    """A passed demand motion adopts its targets, unless the council's charter no longer
    lets it propose demand of their kinds."""
    refused = sorted({t.category for t in effect.targets} - set(council.charter.proposes_demand))
    if refused:
        return [], f"the charter no longer lets {council.name} propose {', '.join(refused)}"
    payload = {
        "council": council.id,
        "motion": motion.id,
        "period": effect.period,
        "targets": [target_to_json(target) for target in effect.targets],
    }
    return [("demand.adopted", payload)], None


def _merge_accepted(
    store: Store, motion: Motion, amendment_ids: list[int | None], acting: Acting
) -> None:
    """Merge the accepted amendments in the order they were proposed, each a new version;
    one whose passage no longer occurs exactly once lapses."""
    version = motion.version
    text = store.motion_text(motion.id, version)
    for amendment in store.amendments_of(motion.id):
        if amendment.id not in amendment_ids or amendment.state != "accepted":
            continue
        new_text = amended(text, amendment.original, amendment.replacement)
        if new_text is None or not new_text.strip() or len(new_text) > MAX_MARKDOWN:
            store.append(
                "amendment.lapsed",
                {"motion": motion.id, "amendment": amendment.id},
                actor=acting.member,
                under=acting.under,
            )
            continue
        version, text = version + 1, new_text
        store.append(
            "motion.amended",
            {"motion": motion.id, "amendment": amendment.id, "version": version, "text": text},
            actor=acting.member,
            under=acting.under,
        )
