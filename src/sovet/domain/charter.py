"""A council's charter: its rules held as data.

The charter sets what a council decides and what it delegates upward, quorum,
threshold, terms and caps, and how motions move: the support that puts a motion on the
agenda, the periods before and during a vote, the share that makes a vote secret, the
time for minority reports and the share beneath that calls a referendum. The entrenched
rules (``entrenched.RULES``) are not fields of it: a charter that names one is refused,
citing the rule. The shares that open the agenda from below (support, secret ballot,
referendum) are capped at one half, so that no charter can close it; so is the share
of signatures that puts a recall petition to the vote, so that no charter can make a
recall depend on those who would lose by it. A vote is open for the charter's days and
hours (``Charter.voting_period``), an hour at least (``LEAST_VOTING``), so that a
delegate congress votes within its session.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import Any, Literal, get_args

from sovet.domain.entrenched import BY_KEY as ENTRENCHED
from sovet.domain.errors import Invalid
from sovet.domain.offices import OFFICER_POWERS, RETIRED_POWERS
from sovet.figures import plural

Threshold = Literal["simple", "absolute", "two_thirds", "consent"]
THRESHOLDS: tuple[str, ...] = get_args(Threshold)
THRESHOLD_WORDS: Mapping[str, str] = {
    "simple": "simple majority of votes cast",
    "absolute": "absolute majority of all members",
    "two_thirds": "two thirds of votes cast",
    "consent": "consent (passes unless enough members object)",
}
"""Each threshold as people read it."""
ElectionMethod = Literal["stv", "meek", "irv", "schulze", "approval"]
ELECTION_METHODS: tuple[str, ...] = get_args(ElectionMethod)
METHOD_WORDS: Mapping[str, str] = {
    "stv": "single transferable vote (Scottish rules)",
    "meek": "single transferable vote (Meek's method)",
    "irv": "instant runoff",
    "schulze": "Schulze's method",
    "approval": "approval voting",
}
"""Each way of counting an election as people read it."""

MATTER = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_MATTERS = 40
MAX_FROM_BELOW = 0.5
FROM_BELOW: Mapping[str, str] = {
    "support_threshold": "agenda_from_below",
    "secret_vote_share": "agenda_from_below",
    "referendum_share": "agenda_from_below",
    "recall_petition_threshold": "instant_recall",
}
"""The shares that let a minority act from below, each with the entrenched rule it serves:
above 0 and at most ``MAX_FROM_BELOW``."""
MAX_OFFICES = 10
LEAST_VOTING = timedelta(hours=1)
"""The shortest time a vote is open: a congress votes within its session, yet no charter
leaves its members less than an hour to cast their vote."""
LEAST_REFERENDUM = timedelta(days=1)
"""The shortest time a referendum on a council's decision is open: those beneath vote at
their workplaces, not in the council's session."""

MATTER_RULES = ("decides", "delegates_upward")
"""The rules of a charter that list kinds of matter."""
PLANNING_RULES = ("planning_round_limit", "planning_tolerance", "planning_minutes")
"""The rules of a charter that hold only in a council that decides planning."""
DEFAULT_BASE_MATTERS = ("membership", "workplace_organisation", "books", "delegation")
DEFAULT_DELEGATE_MATTERS = ("coordination", "delegation")


def matter_words(matter: str) -> str:
    """A kind of matter as people read it: ``workplace_organisation`` as
    ``workplace organisation``."""
    return matter.replace("_", " ")


def matter_key(words: str) -> str:
    """A kind of matter as typed in words, as the charter holds it: ``Workplace
    organisation`` as ``workplace_organisation`` (a key typed as such stays itself)."""
    return "_".join(words.lower().split())


POWERS = ("keep_books", "admit_members", "moderate")
"""What a charter may let any member do under their membership, without a motion."""
POWER_WORDS: Mapping[str, str] = {
    "keep_books": "keep the books",
    "admit_members": "admit members",
    "moderate": "moderate comments",
}
"""Each power a charter may give members or an office, as people read and type it."""


def power_words(power: str) -> str:
    """A power as people read it: ``keep_books`` as ``keep the books``."""
    return POWER_WORDS.get(power, power.replace("_", " "))


def power_key(words: str) -> str:
    """A power as typed in words, as the charter holds it: ``Keep the books`` as
    ``keep_books`` (a key typed as such stays itself)."""
    typed = " ".join(words.lower().split())
    keys = {said: power for power, said in POWER_WORDS.items()}
    return keys.get(typed, typed.replace(" ", "_"))


DEFAULT_MEMBER_POWERS = ("keep_books",)
"""Members keep the books alone by default; they admit members by the council's decision,
and hide only their own comments."""
FIGURES = ("inputs", "labour", "capacities", "stocks", "outputs", "use")
"""The figures of a workplace's books; a charter makes some public to the federation."""
DEFAULT_PUBLIC_FIGURES = ("inputs", "labour", "capacities", "outputs")
DEMAND = ("consumption", "public_services", "investment")
"""The kinds of final output a council may propose targets for."""


def demand_words(kind: str) -> str:
    """A kind of final output as people read it: ``public_services`` as ``public
    services``."""
    return kind.replace("_", " ")


def demand_key(words: str) -> str:
    """A kind of final output as typed in words, as the charter holds it: ``Public
    services`` as ``public_services`` (a key typed as such stays itself)."""
    return "_".join(words.lower().split())


@dataclass(frozen=True)
class Charter:
    """Rules of one council. Fractions are shares of members (or seats) between 0 and 1."""

    decides: tuple[str, ...] = DEFAULT_BASE_MATTERS
    delegates_upward: tuple[str, ...] = ()
    quorum: float = 0.5
    threshold: Threshold = "simple"
    term_months: int = 12
    term_limit: int = 3
    max_concurrent_mandates: int = 2
    rotation_after_terms: int = 2
    """Terms in a row after which a member pauses before standing again."""
    rotation_pause_months: int = 0
    """How long that pause lasts; 0: no pause."""
    election_method: ElectionMethod = "stv"
    """How elections are counted: stv (Scottish STV), meek, approval; irv and schulze fill
    single seats only."""
    recall_petition_threshold: float = 0.2
    consent_objection_share: float = 0.1
    support_threshold: float = 0.1
    agenda_period_days: int = 14
    voting_period_days: int = 7
    voting_period_hours: int = 0
    """Hours a vote is open beyond ``voting_period_days`` (0 to 23): a delegate congress
    votes in hours (0 days and 2 hours), within its session; together at least an hour."""
    secret_vote_share: float = 0.1
    minority_report_days: int = 14
    referendum_share: float = 0.1
    charter_threshold: Threshold = "two_thirds"
    member_powers: tuple[str, ...] = DEFAULT_MEMBER_POWERS
    """Powers every member exercises under their membership (``keep_books``: change the
    workplace's books; ``admit_members``: admit members, and import the workplace's
    member list, once the council is founded; ``moderate``: hide anyone's comment, and
    show it again)."""
    public_figures: tuple[str, ...] = DEFAULT_PUBLIC_FIGURES
    """Figures of the books every member of the federation reads; members of the
    workplace read them all."""
    proposes_demand: tuple[str, ...] = ()
    """The kinds of final output this council proposes demand targets for."""
    offices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each office of the council with the powers it holds (``offices.OFFICER_POWERS``)."""
    concentration_warning_share: float = 0.5
    """The share of seats held by one workplace or faction, or of the agenda filed by
    officers, at which the concentration indicators warn."""
    planning_round_limit: int = 5
    """In a council that decides planning: the most rounds of a planning period."""
    planning_tolerance: float = 0.0
    """How far below one a round's plan ray may fall and the plan still balance."""
    planning_minutes: int = 60
    """Minutes the engine may compute a round's plan ray; then the round is published
    with the plan and the accuracy reached, which the period page shows."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["decides"] = list(self.decides)
        data["delegates_upward"] = list(self.delegates_upward)
        for name in ("member_powers", "public_figures", "proposes_demand"):
            data[name] = list(data[name])
        data["offices"] = {office: list(powers) for office, powers in self.offices}
        return data

    @property
    def voting_period(self) -> timedelta:
        """How long a vote is open."""
        return timedelta(days=self.voting_period_days, hours=self.voting_period_hours)

    @property
    def referendum_period(self) -> timedelta:
        """How long a referendum on the council's decision is open: its voting period, a
        day at least (``LEAST_REFERENDUM``), so that no council puts its decisions beyond
        the reach of those beneath by voting in hours."""
        return max(self.voting_period, LEAST_REFERENDUM)

    def powers_of(self, office: str) -> tuple[str, ...] | None:
        """The powers of ``office``, or None when the charter has no such office."""
        return dict(self.offices).get(office)

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any] | None, *, defaults: Charter | None = None
    ) -> Charter:
        """Build a charter from untrusted input, naming the first field that is wrong.

        With ``defaults`` (founding a council over the default charter, amending one over
        its current charter) the result must meet every rule of today, the cap on
        ``recall_petition_threshold`` included, whichever fields ``data`` names. Without
        them it reads back a complete charter as stored (``adapters.sql.stored_charter``):
        one founded or amended before that cap existed still loads, and the record still
        replays, until an amendment brings it within the cap; an office's retired powers
        (``offices.RETIRED_POWERS``) are left out of it.
        """
        base = defaults or cls()
        if data is None:
            return base
        if not isinstance(data, Mapping):
            raise Invalid("charter: expected an object")
        for key in data:
            if key in ENTRENCHED:
                raise Invalid(
                    f"charter: {key!r} is an entrenched rule that no charter can change: "
                    f"{ENTRENCHED[key].text}"
                )
            if key not in CHARTER_FIELDS:
                raise Invalid(
                    f"charter: unknown field {key!r} (known: {', '.join(sorted(CHARTER_FIELDS))})"
                )
        values = base.to_json() | dict(data)
        charter = cls(
            decides=_matters(values["decides"], "decides"),
            delegates_upward=_matters(values["delegates_upward"], "delegates_upward"),
            quorum=_share(values["quorum"], "quorum"),
            threshold=_threshold(values["threshold"], "threshold"),
            term_months=_whole(values["term_months"], "term_months", 1, 120),
            term_limit=_whole(values["term_limit"], "term_limit", 1, 50),
            max_concurrent_mandates=_whole(
                values["max_concurrent_mandates"], "max_concurrent_mandates", 1, 20
            ),
            rotation_after_terms=_whole(
                values["rotation_after_terms"], "rotation_after_terms", 1, 50
            ),
            rotation_pause_months=_whole(
                values["rotation_pause_months"], "rotation_pause_months", 0, 120
            ),
            election_method=_election_method(values["election_method"]),
            recall_petition_threshold=(
                _share(values["recall_petition_threshold"], "recall_petition_threshold")
                if defaults is None
                else _from_below(values["recall_petition_threshold"], "recall_petition_threshold")
            ),
            consent_objection_share=_share(
                values["consent_objection_share"], "consent_objection_share"
            ),
            support_threshold=_from_below(values["support_threshold"], "support_threshold"),
            agenda_period_days=_whole(values["agenda_period_days"], "agenda_period_days", 0, 90),
            voting_period_days=_whole(values["voting_period_days"], "voting_period_days", 0, 60),
            voting_period_hours=_whole(values["voting_period_hours"], "voting_period_hours", 0, 23),
            secret_vote_share=_from_below(values["secret_vote_share"], "secret_vote_share"),
            minority_report_days=_whole(
                values["minority_report_days"], "minority_report_days", 1, 365
            ),
            referendum_share=_from_below(values["referendum_share"], "referendum_share"),
            charter_threshold=_threshold(values["charter_threshold"], "charter_threshold"),
            member_powers=_listed(values["member_powers"], "member_powers", POWERS, power_words),
            public_figures=_listed(values["public_figures"], "public_figures", FIGURES),
            proposes_demand=_listed(
                values["proposes_demand"], "proposes_demand", DEMAND, demand_words
            ),
            offices=_offices(values["offices"], stored=defaults is None),
            concentration_warning_share=_share(
                values["concentration_warning_share"], "concentration_warning_share"
            ),
            planning_round_limit=_whole(
                values["planning_round_limit"], "planning_round_limit", 1, 50
            ),
            planning_tolerance=_share(values["planning_tolerance"], "planning_tolerance"),
            planning_minutes=_whole(values["planning_minutes"], "planning_minutes", 1, 1440),
        )
        if charter.voting_period < LEAST_VOTING:
            raise Invalid(
                "charter: a vote is open at least an hour: "
                f"{_named('voting_period_days')} and {_named('voting_period_hours')} "
                "cannot both be 0"
            )
        overlap = set(charter.decides) & set(charter.delegates_upward)
        if overlap:
            raise Invalid(
                f"charter: {', '.join(matter_words(m) for m in sorted(overlap))} cannot be both "
                "decided and delegated upward"
            )
        return charter


CHARTER_FIELDS = frozenset(Charter().to_json())
SHARES = frozenset(rule.name for rule in fields(Charter) if rule.type == "float")
"""The rules that are shares of members (or seats), from 0 to 1."""
RULE_WORDS: Mapping[str, str] = {
    "decides": "the kinds of matter it decides",
    "delegates_upward": "the kinds of matter it delegates upward",
    "quorum": "the quorum",
    "threshold": "the threshold of a motion",
    "term_months": "the term of a mandate",
    "term_limit": "the term limit",
    "max_concurrent_mandates": "the cap on concurrent mandates",
    "rotation_after_terms": "the terms in a row before a pause",
    "rotation_pause_months": "the pause before standing again",
    "election_method": "the election method",
    "recall_petition_threshold": "the signatures that open a recall vote",
    "consent_objection_share": "the objections that block consent",
    "support_threshold": "the support that puts a motion on the agenda",
    "agenda_period_days": "the agenda period",
    "voting_period_days": "the voting period",
    "voting_period_hours": "the hours the voting period has beyond its days",
    "secret_vote_share": "the requests that make a vote secret",
    "minority_report_days": "the time to attach a minority report",
    "referendum_share": "the signatures beneath that call a referendum",
    "charter_threshold": "the threshold of a charter amendment",
    "member_powers": "the powers of every member",
    "public_figures": "the figures of the books public to the federation",
    "proposes_demand": "the kinds of demand it proposes",
    "offices": "the offices",
    "concentration_warning_share": "the share at which concentration warns",
    "planning_round_limit": "the round limit of a planning period",
    "planning_tolerance": "the shortfall of the plan ray a balanced plan tolerates",
    "planning_minutes": "the time the engine may compute a round",
}
"""Each rule of a charter as a sentence names it."""
UNITS: Mapping[str, str | None] = {
    "term_months": "month",
    "term_limit": "term",
    "max_concurrent_mandates": None,
    "rotation_after_terms": "term",
    "rotation_pause_months": "month",
    "agenda_period_days": "day",
    "voting_period_days": "day",
    "voting_period_hours": "hour",
    "minority_report_days": "day",
    "planning_round_limit": "round",
    "planning_minutes": "minute",
}
"""What each rule that is a whole number counts (None: the number alone reads well)."""


def rule_words(rule: str) -> str:
    """A rule of a charter as a sentence names it: ``voting_period_days`` as ``the
    voting period``."""
    return RULE_WORDS.get(rule, rule.replace("_", " "))


def rule_heading(rule: str) -> str:
    """A rule of a charter as a heading names it: ``voting_period_days`` as ``Voting
    period``."""
    words = rule_words(rule).removeprefix("the ")
    return words[:1].upper() + words[1:]


def value_words(rule: str, value: Any) -> str:
    """A value of ``rule`` as people read it: ``0.6`` of the quorum as ``60%``, ``10`` of
    the voting period as ``10 days``, kinds of matter and powers in words; an empty list
    or none of the offices as ``none``."""
    if isinstance(value, Mapping):
        offices = (f"the {office} ({_powers_in_words(powers)})" for office, powers in value.items())
        return ", ".join(offices) or "none"
    if isinstance(value, list | tuple):
        said = {"member_powers": power_words}.get(
            rule, matter_words if rule in MATTER_RULES else _spaced
        )
        return ", ".join(said(str(item)) for item in value) or "none"
    if rule in SHARES and isinstance(value, int | float):
        return f"{value * 100:g}%"
    if rule in UNITS and isinstance(value, int):
        unit = UNITS[rule]
        return str(value) if unit is None else plural(value, unit)
    return {**THRESHOLD_WORDS, **METHOD_WORDS}.get(str(value), str(value))


def change_words(rule: str, value: Any) -> str:
    """A rule of a charter set to ``value``, in words: ``the quorum to 60%``."""
    return f"{rule_words(rule)} to {value_words(rule, value)}"


def _powers_in_words(powers: Any) -> str:
    listed = powers if isinstance(powers, list | tuple) else ()
    return ", ".join(power_words(str(power)) for power in listed) or "no powers"


def _spaced(key: str) -> str:
    return key.replace("_", " ")


BASE_DEFAULT = Charter()
DELEGATE_DEFAULT = Charter(decides=DEFAULT_DELEGATE_MATTERS)


def _named(rule: str) -> str:
    """A rule as a refusal names it: in words, and by the key that the API and the command
    line type where the words do not spell it."""
    words = rule_words(rule)
    return words if _spaced(rule) in words else f"{words} ({rule})"


def with_key(key: str, words: str) -> str:
    """An item in words, with the key that the API and the command line type for it where
    the two differ: ``public services (public_services)``."""
    return words if words == key else f"{words} ({key})"


def _twice(value: list[Any] | tuple[Any, ...]) -> Any:
    """The first item of ``value`` listed twice, or None."""
    return next((item for number, item in enumerate(value) if item in value[:number]), None)


def _matters(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or len(value) > MAX_MATTERS:
        raise Invalid(
            f"charter: {_named(name)} must be a list of at most {MAX_MATTERS} kinds of matter"
        )
    for item in value:
        if not isinstance(item, str) or not MATTER.fullmatch(item):
            raise Invalid(
                f"charter: {_named(name)} include {item!r}; a kind of matter is 2-40 characters "
                "of lowercase letters, digits and underscores"
            )
    if (twice := _twice(value)) is not None:
        raise Invalid(f"charter: {_named(name)} list {matter_words(twice)} twice")
    return tuple(value)


def _listed(
    value: Any, name: str, known: tuple[str, ...], said: Callable[[str], str] = _spaced
) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or any(item not in known for item in value):
        listed = ", ".join(with_key(item, said(item)) for item in known)
        raise Invalid(f"charter: {_named(name)} must be a list drawn from {listed}")
    if (twice := _twice(value)) is not None:
        raise Invalid(f"charter: {_named(name)} list {said(twice)} twice")
    return tuple(value)


def _offices(value: Any, *, stored: bool) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Offices as ``{name: [power, ...]}``, each power one of ``offices.OFFICER_POWERS``;
    a ``stored`` charter's retired powers are left out, a new one's refused."""
    if not isinstance(value, Mapping) or len(value) > MAX_OFFICES:
        raise Invalid(f"charter: offices must be an object of at most {MAX_OFFICES} offices")
    offices = []
    for office, powers in value.items():
        if not isinstance(office, str) or not MATTER.fullmatch(office):
            raise Invalid(
                f"charter: office {office!r} must be 2-40 lowercase letters, digits and underscores"
            )
        if not isinstance(powers, list | tuple):
            raise Invalid(f"charter: the powers of the {office} must be a list of distinct powers")
        listed = ", ".join(with_key(power, power_words(power)) for power in OFFICER_POWERS)
        among = f"an office's powers are among {listed}"
        for power in powers:
            known = isinstance(power, str) and (power in OFFICER_POWERS or power in RETIRED_POWERS)
            if not known:
                raise Invalid(f"charter: the powers of the {office} include {power!r}; {among}")
            if power in RETIRED_POWERS and not stored:
                raise Invalid(
                    f"charter: the powers of the {office} include {power!r}, which no office "
                    f"holds: {RETIRED_POWERS[power]}; {among}"
                )
        if (twice := _twice(powers)) is not None:
            raise Invalid(f"charter: the powers of the {office} list {power_words(twice)} twice")
        offices.append((office, tuple(p for p in powers if p in OFFICER_POWERS)))
    return tuple(sorted(offices))


def _share(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise Invalid(f"charter: {_named(name)} must be a number between 0 and 1, not {value!r}")
    return float(value)


def _from_below(value: Any, name: str) -> float:
    """A share that lets a minority act from below: above 0 and at most one half; a
    refusal cites the entrenched rule the share serves (``FROM_BELOW``)."""
    share = _share(value, name)
    if not 0 < share <= MAX_FROM_BELOW:
        raise Invalid(
            f"charter: {_named(name)} must be above 0 and at most {MAX_FROM_BELOW}, not {value!r}: "
            f"{ENTRENCHED[FROM_BELOW[name]].text}"
        )
    return share


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(
            f"charter: {_named(name)} must be a whole number from {low} to {high}, not {value!r}"
        )
    return value


def _election_method(value: Any) -> ElectionMethod:
    if value not in ELECTION_METHODS:
        raise Invalid(
            f"charter: {_named('election_method')} must be one of {', '.join(ELECTION_METHODS)}, "
            f"not {value!r}"
        )
    result: ElectionMethod = value
    return result


def _threshold(value: Any, name: str) -> Threshold:
    if value not in THRESHOLDS:
        raise Invalid(
            f"charter: {_named(name)} must be one of {', '.join(THRESHOLDS)}, not {value!r}"
        )
    result: Threshold = value
    return result
