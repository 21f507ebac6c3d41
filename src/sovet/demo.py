"""A demo federation of metalworkers, founded through the same use cases members use.

Three regions of four workplaces each (about 600 workers). Each workplace's council is
founded by one worker, who imports the others from the workplace's list. The workplace
councils seat delegates in their regional council and in their industry union's council;
the regional councils and the industry unions seat delegates in the joint economic
council, the "articulated system of management". Every workplace keeps open books (a
process, its output in the last quarter), and a delegate has filed the joint economic
council's demand targets for the coming year. The joint economic council has called for
proposals for that year: every workplace has offered its process, and two rounds are
published, the first short of its targets, the second balanced.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sovet.adapters.sql import Database
from sovet.domain.books import Quantity, Target
from sovet.domain.members import Member
from sovet.services.add_product import AddProduct, add_product
from sovet.services.assign_founding_delegate import (
    AssignFoundingDelegate,
    assign_founding_delegate,
)
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import FoundDelegateCouncil, found_delegate_council
from sovet.services.import_members import ImportMembers, import_members
from sovet.services.join_delegate_council import JoinDelegateCouncil, join_delegate_council
from sovet.services.open_planning_period import OpenPlanningPeriod, open_planning_period
from sovet.services.ports import Store
from sovet.services.publish_round import PublishRound, publish_round
from sovet.services.record_output import RecordOutput, record_output
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.register_member import RegisterMember, register_member
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target

PASSWORD = "councils-1917"

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
REVISED_DEMAND = tuple(
    Target(target.product, target.quantity * 0.45, target.unit, target.category)
    for target in DEMAND
)
"""The joint economic council's targets for the second round, revised to what the first
round's balance showed the workplaces can make."""


def slugify(name: str) -> str:
    return "-".join(name.lower().replace("'", "").split())


@dataclass
class Demo:
    """What the demo seeded, for the operator to print and people to log in with."""

    logins: list[tuple[str, str]] = field(default_factory=list)
    councils: int = 0
    members: int = 0


def seed(db: Database, *, progress: Callable[[str], None] = lambda step: None) -> Demo:
    """Found the demo federation in ``db``; ``progress`` hears each step as it is done."""
    rng = random.Random(1917)
    demo = Demo()
    founders: dict[str, Member] = {}
    for index, (workplace, _industry) in enumerate(WORKPLACES):
        region = REGIONS[index // 4]
        founders[workplace] = _found_workplace(db, rng, workplace, region, demo)
        progress(f"founded {workplace}")
    for index, region in enumerate(REGIONS):
        places = [w for w, _ in WORKPLACES[index * 4 : index * 4 + 4]]
        _federate(db, f"{region} Regional Council", places, founders, seats=2)
        progress(f"founded {region} Regional Council")
    for industry, name in INDUSTRIES.items():
        places = [w for w, kind in WORKPLACES if kind == industry]
        _federate(db, name, places, founders, seats=1)
        progress(f"founded {name}")
    _found_joint_council(db)
    progress("founded the Joint Economic Council")
    _keep_books(db, rng, founders)
    progress("kept the workplaces' books and proposed demand")
    _plan(db, founders)
    progress("published two rounds of the plan for 2027")
    demo.councils = len(WORKPLACES) + len(REGIONS) + len(INDUSTRIES) + 1
    return demo


def steps() -> int:
    return len(WORKPLACES) + len(REGIONS) + len(INDUSTRIES) + 3


def _found_workplace(
    db: Database, rng: random.Random, workplace: str, region: str, demo: Demo
) -> Member:
    domain = slugify(workplace).replace("-", "") + ".example"
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(WORKERS_PER_WORKPLACE)]
    founder_email = f"{_local(names[0])}@{domain}"
    with db.transaction() as store:
        founder = register_member(
            store, RegisterMember(name=names[0], email=founder_email, password=PASSWORD)
        )
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
        import_members(
            store,
            ImportMembers(council=slugify(workplace), csv_text="\n".join(rows)),
            actor=founder,
        )
    demo.logins.append((founder_email, f"founder of {workplace} Workers' Council"))
    demo.members += len(names)
    return founder


def _federate(
    db: Database, name: str, places: list[str], founders: dict[str, Member], *, seats: int
) -> None:
    """The first workplace founds the council, the others join; each seats its delegates."""
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
    for place in places:
        with db.transaction() as store:
            council = store.council_by_slug(slugify(place))
            assert council is not None
            for seat in range(1, seats + 1):
                delegate = _free_member(store, council.id)
                substitute = store.members_of(council.id)[-seat]
                assign_founding_delegate(
                    store,
                    AssignFoundingDelegate(
                        council=slug,
                        constituency=council.slug,
                        seat=seat,
                        member=delegate,
                        substitutes=(substitute,),
                    ),
                    actor=founders[place],
                )


def _found_joint_council(db: Database) -> None:
    """Regional councils and industry unions together seat the joint economic council."""
    constituents = [f"{region} Regional Council" for region in REGIONS] + list(INDUSTRIES.values())
    slug = "joint-economic-council"
    with db.transaction() as store:
        for index, constituent in enumerate(constituents):
            council = store.council_by_slug(slugify(constituent))
            assert council is not None
            mandates = [m for m in store.mandates_in(council.id) if m.active_on(store.today())]
            actor = store.member(mandates[0].member_id)
            assert actor is not None
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
            for seat in (1, 2):
                assign_founding_delegate(
                    store,
                    AssignFoundingDelegate(
                        council=slug,
                        constituency=council.slug,
                        seat=seat,
                        member=mandates[seat].member_id,
                    ),
                    actor=actor,
                )


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


def _free_member(store: Store, council_id: int) -> int:
    """The longest-standing member with no mandate yet, so the seats spread among workers."""
    for member_id in store.members_of(council_id):
        if not store.mandates_of_member(member_id):
            return member_id
    raise LookupError("every member of the council already holds a mandate")


def _local(name: str) -> str:
    return ".".join(name.lower().split()).replace("ü", "u")
