"""SQL reads of the open books: the catalogue, each workplace's books, demand targets.

``BooksStore`` is a part of ``sql.SqlStore`` (which implements ``services.ports.Store``);
pages and the API read through the same methods in a read-only transaction.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from sovet.adapters import tables as t
from sovet.domain.books import AdoptedTarget, Books, Flow, Process, Product, Quantity


class BooksStore:
    conn: Connection

    def product(self, code: str) -> Product | None:
        row = self.conn.execute(select(t.products).where(t.products.c.code == code)).first()
        return None if row is None else Product(row.code, row.name, row.unit)

    def catalogue(self) -> dict[str, Product]:
        rows = self.conn.execute(select(t.products).order_by(t.products.c.code))
        return {row.code: Product(row.code, row.name, row.unit) for row in rows}

    def book_process(self, council_id: int, code: str) -> tuple[Process, bool] | None:
        """A process of a workplace (retired or not), and whether it is retired."""
        processes = t.book_processes.c
        row = self.conn.execute(
            select(t.book_processes).where(
                processes.council_id == council_id, processes.code == code
            )
        ).first()
        if row is None:
            return None
        inputs = self._inputs([council_id]).get((council_id, code), ())
        return _process(row, inputs), bool(row.retired)

    def books_of(self, council_id: int) -> Books:
        return self.all_books([council_id]).get(council_id, Books())

    def all_books(self, council_ids: list[int] | None = None) -> dict[int, Books]:
        """The books of the given workplaces (of every workplace when None), processes in
        use only, in a stable order."""
        processes = t.book_processes.c
        query = (
            select(t.book_processes)
            .where(processes.retired.is_(False))
            .order_by(processes.council_id, processes.code)
        )
        stocks_query = select(t.book_stocks).order_by(t.book_stocks.c.product)
        flows_query = select(t.book_flows).order_by(
            t.book_flows.c.period, t.book_flows.c.kind, t.book_flows.c.product
        )
        if council_ids is not None:
            query = query.where(processes.council_id.in_(council_ids))
            stocks_query = stocks_query.where(t.book_stocks.c.council_id.in_(council_ids))
            flows_query = flows_query.where(t.book_flows.c.council_id.in_(council_ids))
        inputs = self._inputs(council_ids)
        found: dict[int, list[Process]] = defaultdict(list)
        for row in self.conn.execute(query):
            found[row.council_id].append(_process(row, inputs.get((row.council_id, row.code), ())))
        stocks: dict[int, list[Quantity]] = defaultdict(list)
        for row in self.conn.execute(stocks_query):
            stocks[row.council_id].append(Quantity(row.product, row.quantity, row.unit))
        flows: dict[int, list[Flow]] = defaultdict(list)
        for row in self.conn.execute(flows_query):
            flows[row.council_id].append(
                Flow(row.period, row.kind, row.product, row.quantity, row.unit)
            )
        return {
            council: Books(tuple(found[council]), tuple(stocks[council]), tuple(flows[council]))
            for council in sorted(set(found) | set(stocks) | set(flows))
        }

    def demand_targets(self, period: str | None = None) -> list[AdoptedTarget]:
        """Adopted demand targets, of one period or of all."""
        targets = t.demand_targets.c
        query = select(t.demand_targets).order_by(
            targets.period, targets.council_id, targets.category, targets.product
        )
        if period is not None:
            query = query.where(targets.period == period)
        return [
            AdoptedTarget(
                council_id=row.council_id,
                period=row.period,
                motion_id=row.motion_id,
                product=row.product,
                quantity=row.quantity,
                unit=row.unit,
                category=row.category,
            )
            for row in self.conn.execute(query)
        ]

    def _inputs(self, council_ids: list[int] | None) -> dict[tuple[int, str], tuple[Quantity, ...]]:
        inputs = t.book_inputs.c
        query = select(t.book_inputs).order_by(inputs.council_id, inputs.process, inputs.product)
        if council_ids is not None:
            query = query.where(inputs.council_id.in_(council_ids))
        found: dict[tuple[int, str], list[Quantity]] = defaultdict(list)
        for row in self.conn.execute(query):
            found[row.council_id, row.process].append(Quantity(row.product, row.quantity, row.unit))
        return {key: tuple(value) for key, value in found.items()}


def _process(row: Any, inputs: tuple[Quantity, ...]) -> Process:
    return Process(
        code=row.code,
        product=row.product,
        unit=row.unit,
        labour=row.labour,
        capacity=row.capacity,
        inputs=inputs,
    )
