"""A demo federation of metalworkers, founded through the same use cases members use.

Three regions of four workplaces each (about 600 workers). Each workplace's council is
founded by one worker, who imports the others from the workplace's list; each sets the
demo's password with their invitation code, so that every member logs in. The workplace
councils elect delegates to their regional council and to their industry union's
council; the regional councils and the industry unions elect delegates to the joint
economic council, the "articulated system of management". Every seat is filled by its
constituency's election, the first time too, and the elections of many constituencies
run side by side. The regional councils found the joint economic council; the industry
unions ask to join once its delegates sit, and its delegates admit them by their vote, as
a delegate council gains every constituent after its founding. Every workplace
keeps open books (a process, its output in the last quarter), and a delegate has filed
the joint economic council's demand targets for the coming year. The joint economic
council has called for proposals for that year: every workplace has offered its process,
and two rounds are published, the first short of its targets, the second balanced.

Two factions cut across the workplaces, each with its platform, as any members may
form one.

The story runs by the charters' clock, elections included. The joint economic council's
delegates adopt the balanced plan by their vote; each workplace's part goes to its
council, and ten of them accept it by their members' vote. Harbour Crane Works and North
Foundry answered a week later: their members are voting on it now, and the demo's logins
can vote with them. Workers of Harbour Crane Works have moved two motions of their own:
one is on the agenda, the other gathers support, with an amendment proposed.
The seed runs on a clock set back by the weeks this takes (:class:`Rewound`), so that the
last of it happens now.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sovet.adapters.sql import Database, utc_now
from sovet.domain.books import Quantity, Target
from sovet.domain.charter import Charter
from sovet.domain.federation import Council
from sovet.domain.members import Member
from sovet.domain.motions import Motion
from sovet.services.add_product import AddProduct, add_product
from sovet.services.answer_plan_part import AnswerPart, answer_plan_part
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.cast_vote import CastVote, cast_vote
from sovet.services.close_election import CloseElection, close_election
from sovet.services.close_vote import CloseVote, close_vote
from sovet.services.comment import PostComment, comment
from sovet.services.consent_to_nomination import ConsentToNomination, consent_to_nomination
from sovet.services.credentials import hash_password
from sovet.services.file_motion import FileMotion, file_motion
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.join_faction import JoinFaction, join_faction
from sovet.services.log_in import Claim, accept_invitation
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.open_vote import OpenVote, open_vote
from sovet.services.ports import Store
from sovet.services.propose_amendment import ProposeAmendment, propose_amendment
from sovet.services.propose_plan import ProposePlan, propose_plan
from sovet.services.publish_round import PublishRound, publish_round
from sovet.services.record_output import RecordOutput, record_output
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.register_member import Registration, register_member
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target
from sovet.services.support_motion import SupportMotion, support_motion

PASSWORD = "councils-1917"
"""Every member of the demo logs in with it: founders, delegates and the other workers."""
DELEGATE_LOGINS = ("north-regional-council", "joint-economic-council")
"""The councils whose first delegate's login the demo prints, after the first founder's."""

REGIONS = ("North", "Central", "South")
WORKPLACES = (
    ("Harbour Crane Works", "machine-building"),
    ("North Foundry", "foundry"),
    ("Riverside Lathes", "machine-building"),
    ("Ironhill Forge", "foundry"),
    ("Central Tractor Plant", "machine-building"),
    ("Millbrook Castings", "foundry"),
    ("Union Bearing Works", "machine-building"),
    ("Eastgate Rolling Mill", "foundry"),
    ("South Turbine Works", "machine-building"),
    ("Delta Steel Foundry", "foundry"),
    ("Bayside Pump Works", "machine-building"),
    ("Red Valley Wire Mill", "foundry"),
)
FACTIONS = (
    (
        "Thirty-Hour Week",
        "The plan's gains in productivity go to **shorter hours**, not to more output:\n\n"
        "- a 30-hour week in every workplace by the 2029 plan;\n"
        "- the labour budget of each round set from it, not the other way round.",
        "Harbour Crane Works",
        ("Riverside Lathes", "Central Tractor Plant", "North Foundry"),
    ),
    (
        "Safety Before Output",
        "No target that a workplace's safety committee has not checked. Every capacity a "
        "workplace offers counts **the maintenance it needs**, and a workplace may return "
        "its part of the plan on safety grounds alone.",
        "Ironhill Forge",
        ("Millbrook Castings", "Delta Steel Foundry"),
    ),
)
"""Factions across the workplaces: name, platform, founder's workplace, and the
workplaces whose founders join it."""
INDUSTRIES = {
    "machine-building": "Machine-Building Workers' Union Council",
    "foundry": "Foundry and Steel Workers' Union Council",
}
FIRST = [
    "Ana",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Galina",
    "Hugo",
    "Irina",
    "Jonas",
    "Katya",
    "Luis",
    "Maya",
    "Nikolai",
    "Olga",
    "Pavel",
    "Rosa",
    "Sami",
    "Tanya",
    "Umar",
    "Vera",
    "Wanda",
    "Yuri",
    "Zora",
    "Alma",
    "Bruno",
    "Cecile",
    "Diego",
    "Emma",
    "Felix",
    "Greta",
    "Hamid",
    "Ines",
    "Jakub",
    "Lena",
    "Marco",
    "Nadia",
    "Oskar",
    "Petra",
    "Rafael",
    "Sofia",
    "Tomas",
    "Ursula",
    "Victor",
    "Wiktoria",
]
LAST = [
    "Kovac",
    "Novak",
    "Horvat",
    "Petrov",
    "Ivanova",
    "Schmidt",
    "Garcia",
    "Rossi",
    "Nowak",
    "Silva",
    "Müller",
    "Dubois",
    "Larsen",
    "Costa",
    "Moreau",
    "Haddad",
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Weber",
    "Fischer",
    "Santos",
    "Jensen",
    "Kowalski",
    "Popescu",
]
WORKERS_PER_WORKPLACE = 50
TURNOUT = 20
"""How many of a workplace's workers vote in each of its elections of delegates."""
PRODUCTS = (
    ("steel", "Steel", "t"),
    ("castings", "Iron castings", "t"),
    ("tractor", "Tractor", "piece"),
    ("machine-tool", "Machine tool", "piece"),
)
PROCESSES = {
    "foundry": (
        ("melt", "steel", "t", 8.0, 400.0, (("machine-tool", 0.002, "piece"),)),
        ("cast", "castings", "t", 12.0, 150.0, (("steel", 1.05, "t"),)),
    ),
    "machine-building": (
        (
            "tractor-line",
            "tractor",
            "piece",
            400.0,
            20.0,
            (("steel", 3.0, "t"), ("castings", 1.5, "t")),
        ),
        (
            "tool-shop",
            "machine-tool",
            "piece",
            250.0,
            12.0,
            (("steel", 1.2, "t"), ("castings", 0.8, "t")),
        ),
    ),
}
"""Each workplace of an industry uses one of its processes, in turn: (code, product, unit,
hours per unit, capacity per quarter, inputs per unit)."""
QUARTER = "2026-Q4"
DEMAND = (
    Target("tractor", 120.0, "piece", "investment"),
    Target("machine-tool", 60.0, "piece", "investment"),
    Target("castings", 100.0, "t", "public_services"),
)
ACCEPTANCE = "Our part fits the capacity we offered, and the inputs allocated cover it."
REVISED_DEMAND = tuple(
    Target(target.product, target.quantity * 0.45, target.unit, target.category)
    for target in DEMAND
)
"""The joint economic council's targets for the second round, revised to what the first
round's balance showed the workplaces can make."""


RULES = Charter()
"""Every council of the demo keeps the default charter's agenda and voting periods."""
ANSWERED_LATER = 2
"""The first workplaces, whose founders log in first, answer their parts later than the
others (by :data:`LATER_BY_DAYS`): their members are voting when the demo starts."""
LATER_BY_DAYS = 7
STORY_DAYS = 6 * (RULES.agenda_period_days + RULES.voting_period_days)
"""From the workplaces' founding to now: their elections of delegates, the regional
councils' elections to the joint economic council, its vote admitting the industry
unions, their elections to it, the plan's vote, then the workplaces' votes."""
DELIBERATION = (
    (
        "Rotate the crane shifts weekly",
        "Night work on the harbour cranes falls on the same crews month after month. From "
        "the first week of next month, **every crew rotates** through the early, late and "
        "night shifts, one week each, and the rota is posted four weeks ahead.",
        (
            "The night crews have asked for this since the spring; the rota can be drawn "
            "up by the crews themselves.",
            "Four weeks' notice matters for those of us with children: please keep it.",
        ),
        None,
    ),
    (
        "Open the canteen to the night shift",
        "The canteen closes at eight in the evening, so the night shift eats from the "
        "vending machines. The canteen stays open **until two in the morning**, staffed "
        "by volunteers from the day crews in turn.",
        ("Volunteers from the day crews will not last; the canteen needs a paid shift.",),
        ("staffed by volunteers from the day crews in turn", "with a paid shift of its own"),
    ),
)
"""Motions under discussion in the demo member's workplace, each with what its workers
said: the first reaches the agenda (its vote opens when the agenda period ends), the
second still gathers support, with an amendment proposed."""
ADMISSION = (
    "The {union} asked to join the Joint Economic Council. We admit it with the two seats "
    "it asked for, so that the industry's workers plan beside the regions."
)


class Rewound:
    """The clock the demo is seeded on: ``days`` behind real time at first, moved on by
    the seed as the story's weeks pass, and real time once it has caught up."""

    def __init__(self, days: int) -> None:
        self._behind = timedelta(days=days)

    def __call__(self) -> datetime:
        return utc_now() - self._behind

    def advance(self, days: int) -> None:
        self._behind = max(self._behind - timedelta(days=days), timedelta(0))


def slugify(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())


@dataclass
class Demo:
    """What the demo seeded, for the operator to print and people to log in with."""

    logins: list[tuple[str, str]] = field(default_factory=list)
    """Logins to start from, with who they are: the first workplace's founder, a
    delegate to a regional council and one to the joint economic council, then the
    other founders. Every other member logs in with the same password too."""
    councils: int = 0
    members: int = 0


def seed(
    db: Database, clock: Rewound, *, progress: Callable[[str], None] = lambda step: None
) -> Demo:
    """Found the demo federation in ``db``, whose clock is ``clock`` set back by
    :data:`STORY_DAYS`; ``progress`` hears each step as it is done."""
    rng = random.Random(1917)
    demo = Demo()
    password_hash = hash_password(PASSWORD)
    founders: dict[str, Member] = {}
    for index, (workplace, _industry) in enumerate(WORKPLACES):
        region = REGIONS[index // 4]
        founders[workplace] = _found_workplace(db, rng, workplace, region, demo, password_hash)
        progress(f"founded {workplace}")
    seating: list[Seating] = []
    chosen: set[int] = set()
    for index, region in enumerate(REGIONS):
        places = [w for w, _ in WORKPLACES[index * 4 : index * 4 + 4]]
        seating += _federate(db, f"{region} Regional Council", places, founders, 2, chosen)
        progress(f"founded {region} Regional Council")
    for industry, name in INDUSTRIES.items():
        places = [w for w, kind in WORKPLACES if kind == industry]
        seating += _federate(db, name, places, founders, 1, chosen)
        progress(f"founded {name}")
    _elect(db, clock, seating)
    progress("elected the workplaces' delegates, every workplace in its own elections")
    _form_factions(db, founders)
    progress("formed two factions across the workplaces, each with its platform")
    _found_joint_council(db, clock)
    progress("founded the Joint Economic Council and admitted the industry unions by its vote")
    _keep_books(db, rng, founders)
    progress("kept the workplaces' books and proposed demand")
    _plan(db, founders)
    progress("published two rounds of the plan for 2027")
    _adopt(db, clock)
    progress("adopted the plan for 2027 by the delegates' vote")
    _accept_parts(db, clock, founders)
    progress("accepted the workplaces' parts by their members' votes")
    _deliberate(db, WORKPLACES[0][0])
    progress(f"moved and discussed two motions in {WORKPLACES[0][0]}")
    demo.councils = len(WORKPLACES) + len(REGIONS) + len(INDUSTRIES) + 1
    with db.reading() as store:
        for place, council in enumerate(DELEGATE_LOGINS, start=1):
            listed = {email for email, _ in demo.logins}
            demo.logins.insert(place, _delegate_login(store, council, listed))
    return demo


def steps() -> int:
    return len(WORKPLACES) + len(REGIONS) + len(INDUSTRIES) + 8


def _form_factions(db: Database, founders: dict[str, Member]) -> None:
    for name, platform, founder, joining in FACTIONS:
        with db.transaction() as store:
            faction = form_faction(store, FormFaction(name, platform), actor=founders[founder])
            for workplace in joining:
                join_faction(store, JoinFaction(faction.id), actor=founders[workplace])


def _delegate_login(store: Store, slug: str, listed: set[str]) -> tuple[str, str]:
    """The login of the first delegate seated in the council ``slug`` whose e-mail is
    not ``listed`` yet."""
    council = _council(store, slug)
    for mandate in store.mandates_in(council.id):
        account = store.account(mandate.member_id)
        constituency = store.council(mandate.constituency_id)
        assert account is not None and constituency is not None
        if mandate.active_on(store.today()) and account.email not in listed:
            return account.email, f"delegate of {constituency.name} to the {council.name}"
    raise AssertionError(f"the demo seats no delegate in {council.name} to log in as")


def _found_workplace(
    db: Database,
    rng: random.Random,
    workplace: str,
    region: str,
    demo: Demo,
    password_hash: str,
) -> Member:
    """The founder registers and founds the workplace's council, and imports the other
    workers, who each set the demo's password with their invitation code (its hash,
    ``password_hash``, taken once for them all: argon2 takes a tenth of a second each)."""
    domain = slugify(workplace).replace("-", "") + ".example"
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(WORKERS_PER_WORKPLACE)]
    founder_email = f"{_local(names[0])}@{domain}"
    with db.transaction() as store:
        founder = register_member(store, Registration(names[0], founder_email, None, password_hash))
        found_base_council(
            store,
            FoundBaseCouncil(
                slug=slugify(workplace),
                name=f"{workplace} Workers' Council",
                workplace=f"{workplace}, {region}",
            ),
            actor=founder,
        )
        rows = ["name,email"] + [
            f"{name},{_local(name)}.{number}@{domain}" for number, name in enumerate(names[1:], 1)
        ]
        imported = import_members(
            store,
            ImportMembers(council=slugify(workplace), csv_text="\n".join(rows)),
            actor=founder,
        )
        for worker in imported:
            assert worker.invitation is not None
            claim = Claim(worker.email, worker.invitation, password_hash, "web")
            accept_invitation(store, claim)
    demo.logins.append((founder_email, f"founder of {workplace} Workers' Council"))
    demo.members += len(names)
    return founder


@dataclass(frozen=True)
class Seating:
    """A constituency's election of its delegates to a council: who stands (its delegates
    to be, then a substitute) and who votes, the first of them opening it."""

    council: str
    constituency: str
    candidates: tuple[int, ...]
    electors: tuple[int, ...]


def _federate(
    db: Database,
    name: str,
    places: list[str],
    founders: dict[str, Member],
    seats: int,
    chosen: set[int],
) -> list[Seating]:
    """The first workplace founds the council, the others join; each is to elect its
    delegates and a substitute from its members not ``chosen`` yet (who are then), by the
    votes of :data:`TURNOUT` of them."""
    slug = slugify(name)
    with db.transaction() as store:
        first = places[0]
        found_delegate_council(
            store,
            FoundDelegateCouncil(
                slug=slug,
                name=name,
                constituent=slugify(first),
                seats=seats,
                charter={"decides": ["coordination", "delegation", "planning"]},
            ),
            actor=founders[first],
        )
        for place in places[1:]:
            join_delegate_council(
                store,
                JoinDelegateCouncil(council=slug, constituent=slugify(place), seats=seats),
                actor=founders[place],
            )
        seating = []
        for place in places:
            council = _council(store, slugify(place))
            members = store.members_of(council.id)
            candidates = tuple(m for m in members if m not in chosen)[: seats + 1]
            chosen.update(candidates)
            seating.append(Seating(slug, council.slug, candidates, tuple(members[:TURNOUT])))
    return seating


def _elect(db: Database, clock: Rewound, seating: Sequence[Seating]) -> None:
    """The constituencies' elections, side by side, over the charter's periods: the first
    elector opens each and nominates every candidate, who consents; each elector ranks
    the candidates in order; the first elector closes it. Each but the last candidate is
    elected; the last stands next in line as substitute."""
    with db.transaction() as store:
        elections = []
        for seat in seating:
            opener = _member(store, seat.electors[0])
            election = open_election(
                store, OpenElection(seat.council, seat.constituency), actor=opener
            )
            for candidate in seat.candidates:
                nominate(store, Nominate(election.id, candidate), actor=opener)
                if candidate != opener.id:
                    consent = ConsentToNomination(election.id)
                    consent_to_nomination(store, consent, actor=_member(store, candidate))
            elections.append(election.id)
    clock.advance(RULES.agenda_period_days)
    with db.transaction() as store:
        for election_id, seat in zip(elections, seating, strict=True):
            ballot = CastRankedBallot(election_id, ranking=seat.candidates)
            for elector in seat.electors:
                cast_ranked_ballot(store, ballot, actor=_member(store, elector))
    clock.advance(RULES.voting_period_days)
    with db.transaction() as store:
        for election_id, seat in zip(elections, seating, strict=True):
            close_election(
                store, CloseElection(election_id), actor=_member(store, seat.electors[0])
            )


def _found_joint_council(db: Database, clock: Rewound) -> None:
    """The regional councils found the joint economic council and elect its delegates;
    the industry unions then ask to join, its delegates admit them by their vote, and the
    unions elect theirs."""
    slug = "joint-economic-council"
    regions = [f"{region} Regional Council" for region in REGIONS]
    with db.transaction() as store:
        for index, name in enumerate(regions):
            council, actor, _ = _delegates_of(store, name)
            if index == 0:
                found_delegate_council(
                    store,
                    FoundDelegateCouncil(
                        slug=slug,
                        name="Joint Economic Council",
                        constituent=council.slug,
                        seats=2,
                        charter={
                            "decides": ["planning", "coordination", "delegation"],
                            "proposes_demand": ["investment", "public_services"],
                        },
                    ),
                    actor=actor,
                )
            else:
                join_delegate_council(
                    store,
                    JoinDelegateCouncil(council=slug, constituent=council.slug, seats=2),
                    actor=actor,
                )
        seating = [_seating_in_joint_council(store, name) for name in regions]
    _elect(db, clock, seating)
    with db.transaction() as store:
        for name in INDUSTRIES.values():
            union, actor, _ = _delegates_of(store, name)
            join_delegate_council(
                store,
                JoinDelegateCouncil(council=slug, constituent=union.slug, seats=2),
                actor=actor,
            )
        joint = _council(store, slug)
        delegates = [
            _member(store, mandate.member_id)
            for mandate in store.mandates_in(joint.id)
            if mandate.active_on(store.today())
        ]
        motions = []
        for name in INDUSTRIES.values():
            union = _council(store, slugify(name))
            admission = FileMotion(
                council=slug,
                title=f"Admit the {name}",
                text=ADMISSION.format(union=name),
                matter="delegation",
                effects=({"kind": "admit_constituent", "constituent": union.slug, "seats": 2},),
            )
            motion = file_motion(store, admission, actor=delegates[0])
            _support(store, motion, delegates)
            motions.append(motion.id)
    clock.advance(RULES.agenda_period_days)
    with db.transaction() as store:
        open_vote(store, OpenVote(motions[0]), actor=delegates[0])
        votes = [vote.id for motion in motions for vote in store.votes_on(motion)]
        for vote_id in votes:
            for choice, voters in (("yes", delegates[:5]), ("no", delegates[5:])):
                for voter in voters:
                    cast_vote(store, CastVote(vote_id, choice), actor=voter)
    clock.advance(RULES.voting_period_days)
    with db.transaction() as store:
        close_vote(store, CloseVote(votes[0]), actor=delegates[0])
        assert all(_closed(store, vote) for vote in votes), "the agenda closes every vote due"
        seating = [_seating_in_joint_council(store, name) for name in INDUSTRIES.values()]
    _elect(db, clock, seating)


def _closed(store: Store, vote_id: int) -> bool:
    vote = store.vote(vote_id)
    return vote is not None and vote.closed is not None


def _delegates_of(store: Store, name: str) -> tuple[Council, Member, list[int]]:
    """A delegate council of the demo, its first delegate, and its delegates' ids."""
    council = _council(store, slugify(name))
    mandates = [m for m in store.mandates_in(council.id) if m.active_on(store.today())]
    return council, _member(store, mandates[0].member_id), [m.member_id for m in mandates]


def _seating_in_joint_council(store: Store, name: str) -> Seating:
    """The election by which the council ``name``'s delegates elect two of them to its
    seats in the joint council, with a third as substitute."""
    council, _, delegates = _delegates_of(store, name)
    return Seating("joint-economic-council", council.slug, tuple(delegates[1:4]), tuple(delegates))


def _keep_books(db: Database, rng: random.Random, founders: dict[str, Member]) -> None:
    """Each workplace's founder records its process and last quarter's output and use;
    a delegate files the joint economic council's demand for the coming year."""
    with db.transaction() as store:
        first = founders[WORKPLACES[0][0]]
        for code, name, unit in PRODUCTS:
            add_product(store, AddProduct(slugify(WORKPLACES[0][0]), code, name, unit), actor=first)
        turns = dict.fromkeys(PROCESSES, 0)
        for workplace, industry in WORKPLACES:
            slug = slugify(workplace)
            code, product, unit, labour, capacity, inputs = PROCESSES[industry][turns[industry] % 2]
            turns[industry] += 1
            used = tuple(Quantity(*item) for item in inputs)
            process = RecordProcess(slug, code, product, unit, labour, capacity, used)
            record_process(store, process, actor=founders[workplace])
            made = round(capacity * rng.uniform(0.6, 0.95))
            output = RecordOutput(
                slug,
                QUARTER,
                output=(Quantity(product, made, unit),),
                use=tuple(Quantity(i.product, round(i.quantity * made, 3), i.unit) for i in used),
            )
            record_output(store, output, actor=founders[workplace])
    with db.transaction() as store:
        joint = store.council_by_slug("joint-economic-council")
        assert joint is not None
        delegate = store.member(store.mandates_in(joint.id)[0].member_id)
        assert delegate is not None
        set_demand_target(
            store,
            SetDemandTarget("joint-economic-council", "2027", DEMAND),
            actor=delegate,
        )


def _plan(db: Database, founders: dict[str, Member]) -> None:
    """A delegate of the joint economic council calls for proposals for 2027; each
    workplace's founder offers its books' process; two rounds are published."""
    with db.transaction() as store:
        joint = store.council_by_slug("joint-economic-council")
        assert joint is not None
        delegate = store.member(store.mandates_in(joint.id)[0].member_id)
        assert delegate is not None
        call = OpenPlanningPeriod("joint-economic-council", "2027", proposal_days=0)
        period = open_planning_period(store, call, actor=delegate)
        for workplace, _industry in WORKPLACES:
            proposal = FilePlanProposal(period.id, slugify(workplace))
            file_plan_proposal(store, proposal, actor=founders[workplace])
        for targets in (DEMAND, REVISED_DEMAND):
            asked = FilePlanTarget(period.id, "joint-economic-council", targets)
            file_plan_target(store, asked, actor=delegate)
            publish_round(store, PublishRound(period.id), actor=delegate)


def _adopt(db: Database, clock: Rewound) -> None:
    """A delegate moves the balanced plan in the joint economic council; when it is due,
    eight of its ten delegates vote for it, and the plan is adopted."""
    with db.transaction() as store:
        [period] = store.planning_periods()
        joint = _council(store, "joint-economic-council")
        delegates = [
            _member(store, mandate.member_id)
            for mandate in store.mandates_in(joint.id)
            if mandate.active_on(store.today())
        ]
        reasons = "The second round balances: every target is met within the capacities offered."
        motion = propose_plan(store, ProposePlan(period.id, reasons), actor=delegates[0])
        _support(store, motion, delegates)
    clock.advance(RULES.agenda_period_days)
    vote = _open_vote(db, motion.id, yes=delegates[:8])
    clock.advance(RULES.voting_period_days)
    with db.transaction() as store:
        close_vote(store, CloseVote(vote), actor=delegates[0])


def _accept_parts(db: Database, clock: Rewound, founders: dict[str, Member]) -> None:
    """Each workplace's founder moves to accept its part. Most answer at once, and their
    members accept when the motion is due; the first few answer a week later and are
    voting now, their founders not yet."""
    answering = [workplace for workplace, _ in WORKPLACES]
    later, first = answering[:ANSWERED_LATER], answering[ANSWERED_LATER:]
    motions = _answer(db, first, founders)
    clock.advance(LATER_BY_DAYS)
    motions.update(_answer(db, later, founders))
    clock.advance(RULES.agenda_period_days - LATER_BY_DAYS)
    votes = {workplace: _vote_of_members(db, motions[workplace], voters=29) for workplace in first}
    clock.advance(RULES.voting_period_days)
    for workplace, vote in votes.items():
        with db.transaction() as store:
            close_vote(store, CloseVote(vote), actor=founders[workplace])
    for workplace in later:
        _vote_of_members(db, motions[workplace], voters=11)


def _deliberate(db: Database, workplace: str) -> None:
    """Workers of ``workplace`` other than its founder (the demo's login) move and discuss
    the motions of :data:`DELIBERATION`: the first goes on the agenda, the second gathers
    its first supporters, so that the login may support, comment and amend."""
    with db.transaction() as store:
        council = _council(store, slugify(workplace))
        workers = [_member(store, m) for m in store.members_of(council.id)][1:]
        for index, (title, text, comments, amendment) in enumerate(DELIBERATION):
            mover, *others = workers[index * 10 : index * 10 + 10]
            request = FileMotion(council.slug, title, text, matter="workplace_organisation")
            motion = file_motion(store, request, actor=mover)
            _support(store, motion, others if index == 0 else others[:2])
            for speaker, said in zip(others[-len(comments) :], comments, strict=True):
                comment(store, PostComment(motion.id, said), actor=speaker)
            if amendment is not None:
                original, replacement = amendment
                proposed = ProposeAmendment(motion.id, original, replacement)
                propose_amendment(store, proposed, actor=others[-1])


def _answer(db: Database, workplaces: list[str], founders: dict[str, Member]) -> dict[str, int]:
    """Each founder moves to accept the workplace's part, and workmates support the motion
    until it is on the agenda."""
    motions = {}
    with db.transaction() as store:
        [period] = store.planning_periods()
        for workplace in workplaces:
            slug = slugify(workplace)
            answer = AnswerPart(period.id, slug, accept=True, text=ACCEPTANCE)
            motion = answer_plan_part(store, answer, actor=founders[workplace])
            workers = [_member(store, m) for m in store.members_of(_council(store, slug).id)]
            _support(store, motion, workers)
            motions[workplace] = motion.id
    return motions


def _vote_of_members(db: Database, motion: int, *, voters: int) -> int:
    """The vote on a workplace's motion, opened when due: ``voters`` workers after the
    founder vote, one in ten of them against."""
    with db.transaction() as store:
        found = store.motion(motion)
        assert found is not None
        workers = [_member(store, m) for m in store.members_of(found.council_id)][1 : voters + 1]
    return _open_vote(db, motion, yes=workers[voters // 10 :], no=workers[: voters // 10])


def _open_vote(db: Database, motion: int, *, yes: list[Member], no: Sequence[Member] = ()) -> int:
    """Open the vote on ``motion``, due by now, and cast the ballots of ``yes`` and ``no``."""
    with db.transaction() as store:
        [vote] = open_vote(store, OpenVote(motion), actor=yes[0])
        for choice, voters in (("yes", yes), ("no", no)):
            for voter in voters:
                cast_vote(store, CastVote(vote.id, choice), actor=voter)
    return vote.id


def _support(store: Store, motion: Motion, members: list[Member]) -> None:
    """Members other than the mover support the motion until it is on the agenda."""
    for member in members:
        current = store.motion(motion.id)
        assert current is not None
        if current.state != "filed":
            return
        if member.id != motion.filed_by:
            support_motion(store, SupportMotion(motion.id), actor=member)


def _council(store: Store, slug: str) -> Council:
    council = store.council_by_slug(slug)
    assert council is not None
    return council


def _member(store: Store, member_id: int) -> Member:
    member = store.member(member_id)
    assert member is not None
    return member


def _local(name: str) -> str:
    return ".".join(name.lower().split()).replace("ü", "u")
