"""Motions: proposals put to a council, with their amendments, support and decisions.

A motion has a title, a Markdown text and a kind of matter, and may carry **effects**:
typed, structured statements of what its decision does, as opposed to its prose. Rules
about what a decision may do are checked on the effects, never by reading the prose:

- ``amend_charter`` ``{"changes": {...}}``: the charter fields the decision changes
  (only in a ``charter_amendment`` motion; the changes are read like a charter, so one
  that names an entrenched rule is refused citing it);
- ``ban_faction`` ``{"faction": id}`` and ``silence_platform`` ``{"faction": id}``;
- ``expel_member`` ``{"member": id, "grounds": "conduct" | "left_workplace" |
  "faction_membership"}``: a base council ends a member's membership, and the seats and
  offices held under it (only in a resolution on ``membership``; never for faction
  membership);
- ``concerns_member`` ``{"member": id}``: the motion is about a person (a vote about a
  person is always secret);
- ``instruct`` ``{"motion": id, "choice": ...}``: a constituent council's binding
  instruction to its delegates (only in an ``instruction`` motion);
- ``recall`` ``{"mandate": id}``: the recall of a delegate or officer (only in a
  ``recall`` motion, a petition of the mandate's constituency);
- ``block_recall`` ``{"motion": id}`` and ``reinstate`` ``{"mandate": id}``: what a
  higher body would need to stop or undo a recall; refused at every level
  (``recall.check_recall_rights``);
- ``set_demand`` ``{"period": ..., "targets": [...]}``: the council's targets of final
  output for a planning period (only in a ``demand`` motion; ``books.Target``);
- ``keep_books`` ``{"csv": ...}``: a workplace council's books, which its decision puts in
  place of the old ones (only in a ``books`` motion; the format of ``books_csv``);
- ``adopt_plan`` ``{"period": id, "round": n}``: the planning council adopts the plan
  as balanced in a published round (only in a ``plan`` motion);
- ``answer_plan_part`` ``{"period": id, "accept": bool}``: a workplace council accepts
  or returns its part of the adopted plan (only in a ``plan_part`` motion of that
  workplace's council);
- ``admit_constituent`` ``{"constituent": slug or id, "seats": n}``: a delegate council
  admits a council that asked to join it, with at most the seats it asked for (only in
  a resolution on ``delegation`` of the delegate council asked; ``services/admission``);
- ``admit_members`` ``{"members": [id, ...]}``: a base council admits registered members
  (only in a resolution on ``membership`` of that base council; at most
  ``MAX_ADMITTED``, each once; ``services/membership_rules``).

The faction-rights rule (``factions.check_faction_rights``) refuses a motion whose effects
ban a faction, silence a platform or expel a member for faction membership, at any
level. Prose has no force of its own in sovet: what a decision changes is what its
effects say, and the acts that faction rights protect (forming, joining, leaving,
publishing) never consult decisions at all. A motion that only *says* "ban faction X"
in words is visible to every member, with any faction's reply beside it, and binds
nothing.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from typing import Any, Literal, get_args

from sovet.domain import text
from sovet.domain.books import Target, period, target_to_json, targets_from_json
from sovet.domain.charter import MATTER, Charter, matter_words
from sovet.domain.errors import Conflict, Invalid
from sovet.domain.federation import MAX_SEATS_PER_CONSTITUENT, Council
from sovet.domain.votes import Choice, choice, exact

MotionKind = Literal[
    "resolution",
    "charter_amendment",
    "consultation",
    "instruction",
    "recall",
    "demand",
    "books",
    "plan",
    "plan_part",
]
KIND_WORDS: Mapping[MotionKind, str] = {
    "resolution": "resolution",
    "charter_amendment": "charter amendment",
    "consultation": "consultation",
    "instruction": "instruction to delegates",
    "recall": "recall petition",
    "demand": "demand targets",
    "books": "books",
    "plan": "plan",
    "plan_part": "part of the plan",
}
"""Each kind of motion as its pages name it."""
MotionState = Literal["filed", "on_agenda", "amending", "voting", "passed", "rejected", "lapsed"]
"""A motion lapses, undecided, only when what it would do is gone: a recall petition whose
mandate ended before its vote (``recall``)."""
STATE_WORDS: Mapping[MotionState, str] = {
    "filed": "gathering support",
    "on_agenda": "on the agenda",
    "amending": "voting on amendments",
    "voting": "being voted on",
    "passed": "passed",
    "rejected": "rejected",
    "lapsed": "lapsed",
}
"""Each state of a motion as its pages say it: "The motion is ..."."""
AmendmentState = Literal["pending", "voting", "accepted", "rejected", "lapsed"]
AMENDMENT_WORDS: Mapping[AmendmentState, str] = {
    "pending": "waiting for its vote",
    "voting": "being voted on",
    "accepted": "accepted and merged",
    "rejected": "rejected",
    "lapsed": "lapsed (an earlier amendment changed its passage)",
}
"""Each state of an amendment as its pages say it."""
Grounds = Literal["conduct", "left_workplace", "faction_membership"]
GROUNDS: tuple[str, ...] = get_args(Grounds)

PENDING: tuple[MotionState, ...] = ("filed", "on_agenda")
"""States in which a motion can still be supported, amended or referred."""
UNDECIDED: tuple[MotionState, ...] = ("filed", "on_agenda", "amending", "voting")
CHARTER_MATTER = "charter"
INSTRUCTION_MATTER = "delegation"
DEMAND_MATTER = "demand"
BOOKS_MATTER = "books"
ADMISSION_MATTER = "delegation"
"""The matter of a resolution that admits a constituent into a delegate council."""
MEMBERSHIP_MATTER = "membership"
"""The matter of a resolution that admits members into a base council."""
MAX_ADMITTED = 1_000
"""The most members one resolution admits."""
MAX_BOOKS_CSV = 200_000
MAX_TITLE = 200
MAX_COMMENT = 10_000
MAX_EFFECTS = 10


@dataclass(frozen=True)
class AmendCharter:
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class BanFaction:
    faction: int


@dataclass(frozen=True)
class SilencePlatform:
    faction: int


@dataclass(frozen=True)
class ExpelMember:
    member: int
    grounds: Grounds


@dataclass(frozen=True)
class ConcernsMember:
    member: int


@dataclass(frozen=True)
class Instruct:
    motion: int
    choice: Choice


@dataclass(frozen=True)
class Recall:
    mandate: int


@dataclass(frozen=True)
class BlockRecall:
    motion: int


@dataclass(frozen=True)
class Reinstate:
    mandate: int


@dataclass(frozen=True)
class SetDemand:
    period: str
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class KeepBooks:
    csv: str


@dataclass(frozen=True)
class AdoptPlan:
    period: int
    round: int


@dataclass(frozen=True)
class AnswerPlanPart:
    period: int
    accept: bool


@dataclass(frozen=True)
class AdmitConstituent:
    constituent: int | str
    """The council admitted: its id, or its slug."""
    seats: int


@dataclass(frozen=True)
class AdmitMembers:
    members: tuple[int, ...]


Effect = (
    AmendCharter
    | BanFaction
    | SilencePlatform
    | ExpelMember
    | ConcernsMember
    | Instruct
    | Recall
    | BlockRecall
    | Reinstate
    | SetDemand
    | KeepBooks
    | AdoptPlan
    | AnswerPlanPart
    | AdmitConstituent
    | AdmitMembers
)
EFFECT_KINDS: dict[str, type[Effect]] = {
    "amend_charter": AmendCharter,
    "ban_faction": BanFaction,
    "silence_platform": SilencePlatform,
    "expel_member": ExpelMember,
    "concerns_member": ConcernsMember,
    "instruct": Instruct,
    "recall": Recall,
    "block_recall": BlockRecall,
    "reinstate": Reinstate,
    "set_demand": SetDemand,
    "keep_books": KeepBooks,
    "adopt_plan": AdoptPlan,
    "answer_plan_part": AnswerPlanPart,
    "admit_constituent": AdmitConstituent,
    "admit_members": AdmitMembers,
}
KIND_OF_EFFECT = {effect_type: kind for kind, effect_type in EFFECT_KINDS.items()}


def effect_to_json(effect: Effect) -> dict[str, Any]:
    if isinstance(effect, AmendCharter):
        return {"kind": "amend_charter", "changes": dict(effect.changes)}
    if isinstance(effect, BanFaction | SilencePlatform):
        return {"kind": KIND_OF_EFFECT[type(effect)], "faction": effect.faction}
    if isinstance(effect, ExpelMember):
        return {"kind": "expel_member", "member": effect.member, "grounds": effect.grounds}
    if isinstance(effect, ConcernsMember):
        return {"kind": "concerns_member", "member": effect.member}
    if isinstance(effect, Recall | Reinstate):
        return {"kind": KIND_OF_EFFECT[type(effect)], "mandate": effect.mandate}
    if isinstance(effect, BlockRecall):
        return {"kind": "block_recall", "motion": effect.motion}
    if isinstance(effect, KeepBooks):
        return {"kind": "keep_books", "csv": effect.csv}
    if isinstance(effect, AdoptPlan):
        return {"kind": "adopt_plan", "period": effect.period, "round": effect.round}
    if isinstance(effect, AnswerPlanPart):
        return {"kind": "answer_plan_part", "period": effect.period, "accept": effect.accept}
    if isinstance(effect, AdmitConstituent):
        return {
            "kind": "admit_constituent",
            "constituent": effect.constituent,
            "seats": effect.seats,
        }
    if isinstance(effect, AdmitMembers):
        return {"kind": "admit_members", "members": list(effect.members)}
    if isinstance(effect, SetDemand):
        return {
            "kind": "set_demand",
            "period": effect.period,
            "targets": [target_to_json(target) for target in effect.targets],
        }
    return {"kind": "instruct", "motion": effect.motion, "choice": effect.choice}


def effects_from_json(value: Any) -> tuple[Effect, ...]:
    """Effects from untrusted input, naming the first one that is wrong."""
    if not isinstance(value, list | tuple) or len(value) > MAX_EFFECTS:
        raise Invalid(f"effects: expected a list of at most {MAX_EFFECTS} effects")
    return tuple(_effect(item, f"effects[{number}]") for number, item in enumerate(value))


def _effect(item: Any, field: str) -> Effect:
    if not isinstance(item, Mapping) or not isinstance(item.get("kind"), str):
        raise Invalid(f"{field}: an effect is an object whose kind is one of {_kinds()}")
    if item["kind"] not in EFFECT_KINDS:
        raise Invalid(f"{field}: an effect is an object whose kind is one of {_kinds()}")
    kind = item["kind"]
    expected = {
        "amend_charter": {"changes"},
        "ban_faction": {"faction"},
        "silence_platform": {"faction"},
        "expel_member": {"member", "grounds"},
        "concerns_member": {"member"},
        "instruct": {"motion", "choice"},
        "recall": {"mandate"},
        "block_recall": {"motion"},
        "reinstate": {"mandate"},
        "set_demand": {"period", "targets"},
        "keep_books": {"csv"},
        "adopt_plan": {"period", "round"},
        "answer_plan_part": {"period", "accept"},
        "admit_constituent": {"constituent", "seats"},
        "admit_members": {"members"},
    }[kind] | {"kind"}
    if set(item) != expected:
        raise Invalid(f"{field}: a {kind} effect has the fields {', '.join(sorted(expected))}")
    if kind == "amend_charter":
        if not isinstance(item["changes"], Mapping) or not item["changes"]:
            raise Invalid(f"{field}: changes must be an object of charter fields")
        return AmendCharter(changes=dict(item["changes"]))
    if kind == "ban_faction":
        return BanFaction(_id(item["faction"], f"{field}.faction"))
    if kind == "silence_platform":
        return SilencePlatform(_id(item["faction"], f"{field}.faction"))
    if kind == "expel_member":
        if item["grounds"] not in GROUNDS:
            raise Invalid(f"{field}.grounds: must be one of {', '.join(GROUNDS)}")
        return ExpelMember(_id(item["member"], f"{field}.member"), item["grounds"])
    if kind == "concerns_member":
        return ConcernsMember(_id(item["member"], f"{field}.member"))
    if kind == "recall":
        return Recall(_id(item["mandate"], f"{field}.mandate"))
    if kind == "reinstate":
        return Reinstate(_id(item["mandate"], f"{field}.mandate"))
    if kind == "block_recall":
        return BlockRecall(_id(item["motion"], f"{field}.motion"))
    if kind == "keep_books":
        if not isinstance(item["csv"], str) or len(item["csv"]) > MAX_BOOKS_CSV:
            raise Invalid(
                f"{field}.csv: the books as CSV text of at most {MAX_BOOKS_CSV} characters"
            )
        return KeepBooks(item["csv"])
    if kind == "adopt_plan":
        return AdoptPlan(
            _id(item["period"], f"{field}.period"), _id(item["round"], f"{field}.round")
        )
    if kind == "answer_plan_part":
        if not isinstance(item["accept"], bool):
            raise Invalid(f"{field}.accept: true to accept the part, false to return it")
        return AnswerPlanPart(_id(item["period"], f"{field}.period"), item["accept"])
    if kind == "admit_constituent":
        return AdmitConstituent(
            _council_ref(item["constituent"], f"{field}.constituent"),
            _seats(item["seats"], f"{field}.seats"),
        )
    if kind == "admit_members":
        return AdmitMembers(_admitted(item["members"], f"{field}.members"))
    if kind == "set_demand":
        return SetDemand(
            period(item["period"], f"{field}.period"),
            targets_from_json(item["targets"], f"{field}.targets"),
        )
    return Instruct(
        _id(item["motion"], f"{field}.motion"), choice(item["choice"], f"{field}.choice")
    )


def _kinds() -> str:
    return ", ".join(EFFECT_KINDS)


def _id(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= text.MAX_ID:
        raise Invalid(
            f"{field}: expected an id (a whole number from 0 to {text.MAX_ID}), not {value!r}"
        )
    return value


def _council_ref(value: Any, field: str) -> int | str:
    """A council named by its id or by its slug."""
    if isinstance(value, str):
        return text.slug(value, field)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= text.MAX_ID:
        raise Invalid(f"{field}: a council's short code or id, not {value!r}")
    return value


def _admitted(value: Any, field: str) -> tuple[int, ...]:
    """The members an admit_members effect admits: one to ``MAX_ADMITTED`` ids, each once."""
    if not isinstance(value, list | tuple) or not 1 <= len(value) <= MAX_ADMITTED:
        raise Invalid(f"{field}: a list of 1 to {MAX_ADMITTED} members' ids")
    seen: set[int] = set()
    for number, item in enumerate(value):
        member = _id(item, f"{field}[{number}]")
        if member in seen:
            raise Invalid(f"{field}[{number}]: member {member} is listed twice")
        seen.add(member)
    return tuple(value)


def _seats(value: Any, field: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= MAX_SEATS_PER_CONSTITUENT
    ):
        raise Invalid(
            f"{field}: a whole number from 1 to {MAX_SEATS_PER_CONSTITUENT}, not {value!r}"
        )
    return value


def about_a_person(effects: Sequence[Effect]) -> bool:
    """Whether a motion is about a person, so that its vote must be secret: it expels,
    admits, recalls or otherwise names members."""
    return any(
        isinstance(effect, ExpelMember | AdmitMembers | ConcernsMember | Recall)
        for effect in effects
    )


def support_share(charter: Charter, kind: MotionKind) -> float:
    """The share of members (or seats) whose support puts a motion of ``kind`` on the
    agenda: a recall petition's signatures are its support."""
    return charter.recall_petition_threshold if kind == "recall" else charter.support_threshold


@dataclass(frozen=True)
class Motion:
    id: int
    council_id: int
    kind: MotionKind
    matter: str
    title: str
    filed_by: int
    state: MotionState
    version: int
    effects: tuple[Effect, ...]
    filed: datetime
    due: datetime | None = None
    on_behalf_of: int | None = None
    forwarded_from: int | None = None
    consults: int | None = None

    @property
    def pending(self) -> bool:
        return self.state in PENDING

    @property
    def decided(self) -> bool:
        return self.state not in UNDECIDED


@dataclass(frozen=True)
class Amendment:
    id: int
    motion_id: int
    proposed_by: int
    original: str
    replacement: str
    state: AmendmentState
    version: int
    """The version of the motion's text it was proposed against."""


@dataclass(frozen=True)
class Decision:
    motion_id: int
    council_id: int
    vote_id: int
    version: int
    decided: datetime
    minority_until: datetime
    overturned_by: int | None = None


@dataclass(frozen=True)
class Comment:
    id: int
    motion_id: int
    amendment_id: int | None
    reply_to: int | None
    author: int
    text: str
    hidden_by: int | None
    """The member who hid it, while it is hidden."""

    @property
    def hidden(self) -> bool:
        return self.hidden_by is not None


@dataclass(frozen=True)
class Instruction:
    id: int
    council_id: int
    motion_id: int
    choice: Choice


@dataclass(frozen=True)
class Referendum:
    id: int
    motion_id: int
    council_id: int
    vote_id: int | None


def matter(value: Any) -> str:
    if not isinstance(value, str) or not MATTER.fullmatch(value):
        raise Invalid(
            f"matter: {value!r} is not a kind of matter (2-40 lowercase letters, digits "
            "and underscores)"
        )
    return value


def competence_holder(
    matter: str, council: Council, councils: Sequence[Council], constituents: Mapping[int, Set[int]]
) -> Council | None:
    """The council that decides ``matter``: the nearest above ``council`` whose charter
    lists it, else any other council that lists it (by name), else None."""
    by_id = {c.id: c for c in councils}
    above: dict[int, list[int]] = {}
    for higher, below in constituents.items():
        for lower in below:
            above.setdefault(lower, []).append(higher)
    queue, seen = deque(sorted(above.get(council.id, ()))), {council.id}
    while queue:
        here = queue.popleft()
        if here in seen or here not in by_id:
            continue
        seen.add(here)
        if matter in by_id[here].charter.decides:
            return by_id[here]
        queue.extend(sorted(above.get(here, ())))
    sideways = sorted(
        (c for c in councils if c.id != council.id and matter in c.charter.decides),
        key=lambda c: c.name,
    )
    return sideways[0] if sideways else None


def check_competence(
    matter: str, council: Council, councils: Sequence[Council], constituents: Mapping[int, Set[int]]
) -> None:
    """Refuse a matter outside ``council``'s competence, naming the council that holds it."""
    if matter in council.charter.decides:
        return
    holder = competence_holder(matter, council, councils, constituents)
    where = f"{holder.name} decides it" if holder is not None else "no council's charter lists it"
    raise Invalid(
        f"{council.name} cannot decide {matter_words(matter)!r}: it is outside the competence "
        "its charter "
        f"gives it; {where}"
    )


def needed(share: float, base: int) -> int:
    """How many of ``base`` make up ``share`` of them: at least one."""
    return max(1, ceil(exact(share) * base))


def passage(current: str, original: Any, replacement: Any) -> tuple[str, str]:
    """An amendment's passage and replacement, checked against the text it amends."""
    original = text.passage(original, "original")
    replacement = text.passage(replacement, "replacement")
    if not original.strip():
        raise Invalid("original: name the passage of the text to amend")
    if original == replacement:
        raise Invalid("replacement: is the same as the passage it would replace")
    occurrences = current.count(original)
    if occurrences == 0:
        raise Invalid(
            f"original: the passage {_short(original)!r} does not occur in the motion's text; "
            "quote it exactly as the text has it"
        )
    if occurrences > 1:
        raise Invalid(
            f"original: the passage {_short(original)!r} occurs {occurrences} times in the "
            "motion's text; quote more of the words around it, so that it occurs only once"
        )
    new_text = current.replace(original, replacement, 1)
    if not new_text.strip():
        raise Invalid("replacement: the amended text would be empty")
    if len(new_text) > text.MAX_MARKDOWN:
        raise Invalid(f"replacement: the amended text would be over {text.MAX_MARKDOWN} characters")
    return original, replacement


def changed_passage(current: str, edited: Any) -> tuple[str, str]:
    """The passage of ``current`` that ``edited`` (the whole text as a member would amend
    it) changes, and what replaces it: the change, widened to whole words, and then by a
    word on each side at a time until the passage occurs exactly once in ``current``.

    Whitespace around the whole text means nothing in Markdown: ``edited`` keeps that of
    ``current``, so that a stray blank line typed at the end changes nothing."""
    edited = text.passage(edited, "text")
    if not edited.strip():
        raise Invalid("text: must not be empty; to strike a passage out, delete only that passage")
    body = current.strip()
    lead, trail = current[: current.index(body)], current[current.index(body) + len(body) :]
    edited = lead + edited.strip() + trail
    if edited == current:
        raise Invalid(
            "text: is the motion's text unchanged; change the words you would amend, then "
            "propose the amendment"
        )
    start, limit = 0, min(len(current), len(edited))
    while start < limit and current[start] == edited[start]:
        start += 1
    end, edited_end = len(current), len(edited)
    while end > start and edited_end > start and current[end - 1] == edited[edited_end - 1]:
        end, edited_end = end - 1, edited_end - 1
    start = _word_start(current, start)
    grown = _word_end(current, end) - end
    end, edited_end = end + grown, edited_end + grown
    while not _only_at(current, start, end):
        wider = _word_start(current, _space_start(current, start))
        grown = _word_end(current, _space_end(current, end)) - end
        if (wider, grown) == (start, 0):
            break
        start, end, edited_end = wider, end + grown, edited_end + grown
    return current[start:end], edited[start:edited_end]


def _only_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is words that occur in ``text`` there alone."""
    found = text[start:end]
    return bool(found.strip()) and text.find(found) == start and text.find(found, start + 1) < 0


def _word_start(text: str, at: int) -> int:
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def _space_start(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _space_end(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def amended(text: str, original: str, replacement: str) -> str | None:
    """The text with the passage replaced, or None when it no longer occurs exactly once."""
    if text.count(original) != 1:
        return None
    return text.replace(original, replacement, 1)


def diff(old: str, new: str, *, old_name: str = "before", new_name: str = "after") -> str:
    """A unified line diff from ``old`` to ``new``."""
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), fromfile=old_name, tofile=new_name, lineterm=""
        )
    )


def check_pending(motion: Motion, doing: str) -> None:
    """Refuse ``doing`` to a motion whose vote has opened or that is decided."""
    if motion.pending:
        return
    if motion.decided:
        raise Conflict(f"{doing}: the motion {motion.title!r} is closed ({motion.state})")
    raise Conflict(f"{doing}: voting on the motion {motion.title!r} has opened")


def stamp(moment: datetime) -> str:
    """A moment as the record writes times: UTC, microseconds, ``Z``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _short(value: str, length: int = 60) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"
