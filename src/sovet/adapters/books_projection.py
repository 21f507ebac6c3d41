"""The projection of the open books: the catalogue, workplaces' books, demand targets.

Like ``projection``, each handler turns one entry into writes and reads nothing: every
value it writes is in the entry. A revision, an import or a period's output replaces
what it covers: the old rows are deleted and the entry's rows inserted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, update

from sovet.adapters import tables as t
from sovet.adapters.motion_projection import Handler, Write
from sovet.record.entry import Entry

INSERT_PRODUCT = insert(t.products)
INSERT_PROCESS = insert(t.book_processes)
INSERT_INPUT = insert(t.book_inputs)
INSERT_STOCK = insert(t.book_stocks)
INSERT_FLOW = insert(t.book_flows)
INSERT_TARGET = insert(t.demand_targets)


def _product_added(entry: Entry) -> list[Write]:
    p = entry.payload
    row = {
        "code": p["code"],
        "name": p["name"],
        "unit": p["unit"],
        "added_by": p["council"],
        "entry": entry.position,
    }
    return [(INSERT_PRODUCT, row)]


def _process_rows(entry: Entry, council: int, process: dict[str, Any]) -> list[Write]:
    row = {
        "council_id": council,
        "code": process["code"],
        "product": process["product"],
        "unit": process["unit"],
        "labour": process["labour"],
        "capacity": process["capacity"],
        "retired": False,
        "entry": entry.position,
    }
    inputs = [
        (
            INSERT_INPUT,
            {
                "council_id": council,
                "process": process["code"],
                "product": item["product"],
                "quantity": item["quantity"],
                "unit": item["unit"],
            },
        )
        for item in process["inputs"]
    ]
    return [(INSERT_PROCESS, row), *inputs]


def _process_recorded(entry: Entry) -> list[Write]:
    p = entry.payload
    return _process_rows(entry, p["council"], p["process"])


def _process_revised(entry: Entry) -> list[Write]:
    p = entry.payload
    council, code = p["council"], p["process"]["code"]
    inputs = t.book_inputs.c
    processes = t.book_processes.c
    return [
        (delete(t.book_inputs).where(inputs.council_id == council, inputs.process == code), {}),
        (
            delete(t.book_processes).where(processes.council_id == council, processes.code == code),
            {},
        ),
        *_process_rows(entry, council, p["process"]),
    ]


def _process_retired(entry: Entry) -> list[Write]:
    p = entry.payload
    processes = t.book_processes.c
    statement = (
        update(t.book_processes)
        .where(processes.council_id == p["council"], processes.code == p["code"])
        .values(retired=True, entry=entry.position)
    )
    return [(statement, {})]


def _stock_row(entry: Entry, council: int, item: dict[str, Any]) -> Write:
    row = {
        "council_id": council,
        "product": item["product"],
        "quantity": item["quantity"],
        "unit": item["unit"],
        "entry": entry.position,
    }
    return (INSERT_STOCK, row)


def _stock_recorded(entry: Entry) -> list[Write]:
    p = entry.payload
    stocks = t.book_stocks.c
    gone = delete(t.book_stocks).where(
        stocks.council_id == p["council"], stocks.product == p["stock"]["product"]
    )
    return [(gone, {}), _stock_row(entry, p["council"], p["stock"])]


def _flow_row(entry: Entry, council: int, item: dict[str, Any]) -> Write:
    row = {
        "council_id": council,
        "period": item["period"],
        "kind": item["kind"],
        "product": item["product"],
        "quantity": item["quantity"],
        "unit": item["unit"],
        "entry": entry.position,
    }
    return (INSERT_FLOW, row)


def _output_recorded(entry: Entry) -> list[Write]:
    p = entry.payload
    flows = t.book_flows.c
    gone = delete(t.book_flows).where(flows.council_id == p["council"], flows.period == p["period"])
    return [(gone, {}), *(_flow_row(entry, p["council"], item) for item in p["flows"])]


def _books_imported(entry: Entry) -> list[Write]:
    p = entry.payload
    council = p["council"]
    books = p["books"]
    clear: list[Write] = [
        (delete(table).where(table.c.council_id == council), {})
        for table in (t.book_inputs, t.book_processes, t.book_stocks, t.book_flows)
    ]
    processes = [
        write for item in books["processes"] for write in _process_rows(entry, council, item)
    ]
    stocks = [_stock_row(entry, council, item) for item in books["stocks"]]
    flows = [_flow_row(entry, council, item) for item in books["flows"]]
    return [*clear, *processes, *stocks, *flows]


def _demand_adopted(entry: Entry) -> list[Write]:
    p = entry.payload
    targets = t.demand_targets.c
    gone = delete(t.demand_targets).where(
        targets.council_id == p["council"], targets.period == p["period"]
    )
    rows = [
        (
            INSERT_TARGET,
            {
                "council_id": p["council"],
                "period": p["period"],
                "category": item["category"],
                "product": item["product"],
                "quantity": item["quantity"],
                "unit": item["unit"],
                "motion_id": p["motion"],
            },
        )
        for item in p["targets"]
    ]
    return [(gone, {}), *rows]


def _demand_withdrawn(entry: Entry) -> list[Write]:
    p = entry.payload
    targets = t.demand_targets.c
    gone = delete(t.demand_targets).where(
        targets.council_id == p["council"],
        targets.period == p["period"],
        targets.motion_id == p["motion"],
    )
    return [(gone, {})]


HANDLERS: dict[tuple[str, int], Handler] = {
    ("product.added", 1): _product_added,
    ("process.recorded", 1): _process_recorded,
    ("process.revised", 1): _process_revised,
    ("process.retired", 1): _process_retired,
    ("stock.recorded", 1): _stock_recorded,
    ("output.recorded", 1): _output_recorded,
    ("books.imported", 1): _books_imported,
    ("demand.adopted", 1): _demand_adopted,
    ("demand.withdrawn", 1): _demand_withdrawn,
}
