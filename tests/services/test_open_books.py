"""Open books end to end, on each backend: the catalogue, processes, stocks, output, a
CSV import and export, demand adopted by a vote, the economy built from the books, and a
replay of the record giving the same state."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sovet.domain.books import Quantity
from sovet.domain.books_csv import to_csv
from sovet.domain.books_plan import final_demand
from sovet.planning import gross_output, plan_ray
from sovet.services.import_books import ImportBooks, import_books
from sovet.services.read_books import export_books, federation_economy, read_books
from sovet.services.record_output import RecordOutput, record_output
from sovet.services.record_process import record_process
from sovet.services.record_stock import RecordStock, record_stock
from sovet.services.retire_process import RetireProcess, retire_process
from sovet.services.revise_process import revise_process

from .federation import Clock, Federation
from .open_books import adopt_demand, build_books, record_processes, recording

BAKERY_CSV = (
    "row,process,product,quantity,unit,period\n"
    "process,oven,bread,60000,kg,\n"
    "labour,oven,,0.25,h,\n"
    "input,oven,coal,0.01,t,\n"
    "input,oven,steel,0.001,t,\n"
    "stock,,coal,3.5,t,\n"
    "output,,bread,41000,kg,2027-01\n"
    "use,,coal,410,t,2027-01\n"
)


def test_workplaces_keep_open_books_that_plan_and_replay(
    federation: Federation, clock: Clock, tmp_path: Path
) -> None:
    books = build_books(federation)
    record_processes(federation, books)
    federation.act(
        lambda store: revise_process(
            store,
            recording(
                books.steelworks,
                "blast",
                "steel",
                "t",
                labour=1.5,
                capacity=120,
                inputs=(("coal", 0.4, "t"),),
            ),
            actor=books.boris,
        )
    )
    federation.act(
        lambda store: record_process(
            store,
            recording(books.steelworks, "old-furnace", "steel", "t", labour=9, capacity=5),
            actor=books.ana,
        )
    )
    federation.act(
        lambda store: retire_process(
            store, RetireProcess("steelworks", "old-furnace"), actor=books.ana
        )
    )
    federation.act(
        lambda store: record_stock(
            store, RecordStock("steelworks", "coal", 40, "t"), actor=books.ana
        )
    )
    output = RecordOutput(
        "steelworks",
        "2027-01",
        output=(Quantity("steel", 80, "t"),),
        use=(Quantity("coal", 32, "t"),),
    )
    federation.act(lambda store: record_output(store, output, actor=books.boris))
    federation.act(
        lambda store: import_books(store, ImportBooks("bakery", BAKERY_CSV), actor=books.pavel)
    )
    motion = adopt_demand(federation, clock, books, "2027", bread=30000)

    with federation.sovet.db.reading() as store:
        assert export_books(store, "bakery", viewer=books.pavel) == BAKERY_CSV
        steel = read_books(store, "steelworks", viewer=books.boris).books
        outsider = read_books(store, "steelworks", viewer=books.lev).books
        bakery = store.books_of(books.bakery.id)
        economy = federation_economy(store)
        [target] = store.demand_targets("2027")
    assert [(p.code, p.labour, p.capacity) for p in steel.processes] == [("blast", 1.5, 120)]
    assert steel.stocks == (Quantity("coal", 40, "t"),)
    assert [(f.kind, f.product, f.quantity) for f in steel.flows] == [
        ("output", "steel", 80),
        ("use", "coal", 32),
    ]
    assert outsider.hidden == ("stocks", "use")
    assert outsider.stocks is None
    assert [f.kind for f in outsider.flows] == ["output"]
    assert (target.product, target.quantity, target.motion_id) == ("bread", 30000, motion)

    assert economy.process_codes == ("bakery/oven", "pit/shaft", "steelworks/blast")
    demand = final_demand([target])
    gross = gross_output(economy, demand)
    a_matrix = economy.technique_matrix(gross.technique)
    assert np.allclose(gross.output - a_matrix @ gross.output, economy.targets(demand))
    ray = plan_ray(economy, demand)
    assert ray.success
    assert ray.scale == pytest.approx(2.0)
    assert ray.bottlenecks[0].process == "bakery/oven"
    assert np.all(economy.net_output @ ray.levels >= ray.scale * economy.targets(demand) - 1e-6)
    assert np.all(ray.levels <= economy.capacity + 1e-6)

    federation.replays_the_same(tmp_path)
    assert to_csv(bakery) == BAKERY_CSV
