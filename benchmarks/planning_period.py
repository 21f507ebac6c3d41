"""A planning period with a long catalogue, as its members see it: publishing a round and
reading the period's page, its API and a round's CSV.

    .venv/bin/python benchmarks/planning_period.py                    # 2,000 products
    .venv/bin/python benchmarks/planning_period.py --products 5000 --rounds 3

Untimed: through the use cases, on SQLite in a scratch folder, a federation of
workplaces adds the catalogue and proposes one process per product (about 20 inputs
each; at most 1,000 processes a workplace, as books allow); a joint council asks for 500
of the products, as many as one council's targets may name. Timed: each round published as the period page
publishes it (read, solve with no transaction open, publish), with the time its write
transaction holds the lock every other act waits for, then the period page, the
API's period and its last round's products CSV, each fetched through the app, the best
of three. Beside them, measured in the same run, the floor any view of the last round
pays: parsing its record entry, which carries the balance.

The page and the API used to carry every round's balance whole; at 2,700 products the
page was 80 MB of HTML (a flow matrix of every pair of products) and took 18 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from fastapi.testclient import TestClient

from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.demo import Rewound
from sovet.domain.books import MAX_PROCESSES, MAX_TARGETS, Process, Quantity, Target
from sovet.domain.members import Member
from sovet.http import create_app
from sovet.services.add_product import AddProduct, add_product
from sovet.services.cast_ranked_ballot import CastRankedBallot, cast_ranked_ballot
from sovet.services.close_election import CloseElection, close_election
from sovet.services.file_plan_proposal import FilePlanProposal, file_plan_proposal
from sovet.services.file_plan_target import FilePlanTarget, file_plan_target
from sovet.services.found_base_council import FoundBaseCouncil, found_base_council
from sovet.services.found_delegate_council import (
    FoundDelegateCouncil,
    found_delegate_council,
)
from sovet.services.nominate import Nominate, nominate
from sovet.services.open_election import OpenElection, open_election
from sovet.services.open_planning_period import (
    OpenPlanningPeriod,
    open_planning_period,
)
from sovet.services.publish_round import (
    PublishRound,
    compute_round,
    publish_round,
    round_inputs,
)
from sovet.services.register_member import RegisterMember, register_member

T = TypeVar("T")
INPUTS = 20
JOINT = {
    "decides": ["planning"],
    "proposes_demand": ["consumption"],
    "agenda_period_days": 0,
    "planning_round_limit": 20,
}


def row(label: str, seconds: float, detail: str) -> None:
    print(f"  {label:<44} {seconds:9.3f} s   {detail}")


def best(work: Callable[[], T], times: int = 3) -> tuple[float, T]:
    found = []
    for _ in range(times):
        began = time.perf_counter()
        result = work()
        found.append((time.perf_counter() - began, result))
    return min(found, key=lambda pair: pair[0])


def seed(sovet: Sovet, clock: Rewound, products: int, rng: random.Random) -> tuple[int, Member]:
    """The federation, its books and proposals, and the joint council's targets. The
    first works elects its keeper to the joint council's seat, on ``clock``, which the
    election's days move on."""
    workplaces = -(-products // (MAX_PROCESSES - 1))
    keepers: list[tuple[str, Member]] = []
    for k in range(workplaces):
        with sovet.db.transaction() as store:
            keeper = register_member(
                store, RegisterMember(f"Keeper {k}", f"keeper{k}@example.org", "councils-1917")
            )
            slug = f"works-{k}"
            found_base_council(
                store, FoundBaseCouncil(slug, f"Works {k}", f"Site {k}"), actor=keeper
            )
        keepers.append((slug, keeper))
    first_slug, first = keepers[0]
    codes = [f"p{i}" for i in range(products)]
    with sovet.db.transaction() as store:
        for code in codes:
            add_product(store, AddProduct(first_slug, code, f"Product {code}", "kg"), actor=first)
        found_delegate_council(
            store,
            FoundDelegateCouncil("joint", "Joint Council", first_slug, charter=JOINT),
            actor=first,
        )
    elect(sovet, clock, first_slug, first)
    with sovet.db.transaction() as store:
        period = open_planning_period(
            store, OpenPlanningPeriod("joint", "2028", proposal_days=0), actor=first
        )
    for k, (slug, keeper) in enumerate(keepers):
        offered = []
        for i in range(k, products, workplaces):
            used = {
                codes[j]: rng.random() * 0.5 / INPUTS for j in rng.sample(range(products), INPUTS)
            }
            used.pop(codes[i], None)
            offered.append(
                Process(
                    f"q{i}",
                    codes[i],
                    "kg",
                    labour=rng.uniform(0.1, 1.0),
                    capacity=rng.uniform(500, 1500),
                    inputs=tuple(Quantity(p, q, "kg") for p, q in used.items()),
                )
            )
        with sovet.db.transaction() as store:
            file_plan_proposal(
                store, FilePlanProposal(period.id, slug, tuple(offered)), actor=keeper
            )
    asked = tuple(
        Target(code, rng.uniform(500, 1500), "kg", "consumption")
        for code in rng.sample(codes, min(products, MAX_TARGETS))
    )
    with sovet.db.transaction() as store:
        file_plan_target(store, FilePlanTarget(period.id, "joint", asked), actor=first)
    return period.id, first


def elect(sovet: Sovet, clock: Rewound, slug: str, delegate: Member) -> None:
    """``slug`` elects ``delegate``, who nominates themselves, to its seat in the joint
    council: the clock passes the nominations and the vote."""
    with sovet.db.transaction() as store:
        election = open_election(store, OpenElection("joint", slug), actor=delegate)
        nominate(store, Nominate(election.id, delegate.id), actor=delegate)
    clock.advance((election.nominations_close - clock()).days + 1)
    with sovet.db.transaction() as store:
        ballot = CastRankedBallot(election.id, ranking=(delegate.id,))
        cast_ranked_ballot(store, ballot, actor=delegate)
    clock.advance((election.closes - clock()).days + 1)
    with sovet.db.transaction() as store:
        close_election(store, CloseElection(election.id), actor=delegate)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    os.environ.setdefault("SOVET_PASSWORD_PROFILE", "cheapest")
    rng = random.Random(options.products)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        clock = Rewound(days=60)
        settings = Settings(home=home, database_url=f"sqlite:///{home / 'sovet.db'}")
        sovet = bootstrap(settings, clock=clock)
        began = time.perf_counter()
        period, delegate = seed(sovet, clock, options.products, rng)
        print(f"{options.products} products, seeded in {time.perf_counter() - began:.1f} s")
        for number in range(1, options.rounds + 1):
            began = time.perf_counter()
            with sovet.db.reading() as store:
                inputs = round_inputs(store, PublishRound(period), actor=delegate)
            computed = compute_round(inputs)
            locked = time.perf_counter()
            with sovet.db.transaction() as store:
                published = publish_round(
                    store, PublishRound(period), actor=delegate, computed=computed
                )
            done = time.perf_counter()
            row(
                f"round {number} published",
                done - began,
                f"plan ray {published.scale:.4g}, {published.balance['solver']}",
            )
            row("  of which the write lock", done - locked, "every other act waits")
            if published.balanced:
                break
        with sovet.db.reading() as store:
            last = store.plan_rounds(period)[-1]
        with TestClient(create_app(sovet)) as client:
            for label, path in [
                ("period page", f"/planning/{period}"),
                ("API period", f"/api/planning/periods/{period}"),
                (
                    "last round's products CSV",
                    f"/api/planning/periods/{period}/rounds/{last.number}/products.csv",
                ),
            ]:
                seconds, response = best(partial(client.get, path))
                assert response.status_code == 200, path
                size = len(response.content) / 1e6
                row(label, seconds, f"{size:.2f} MB")
        seconds, _ = best(lambda: json.loads(last.entry_body))
        row(
            "reference: parsing the last round's entry",
            seconds,
            f"{len(last.entry_body) / 1e6:.2f} MB",
        )
        sovet.db.engine.dispose()


if __name__ == "__main__":
    main()
