"""From the books of every workplace to the planning engine's economy, and from the
adopted demand targets to its final demand.

Each process in use becomes one of the engine's processes, coded
``<workplace>/<process>`` so that two workplaces may use the same process code. Every
figure carries its unit into the engine, which checks it against the catalogue again.
Only products that some process makes or uses enter the economy; one that is used but
made by nobody is refused by the engine, naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sovet.domain.books import AdoptedTarget, Books, Catalogue, Target
from sovet.planning import Economy, Input
from sovet.planning import Process as PlanProcess
from sovet.planning import Product as PlanProduct


def economy_of(catalogue: Catalogue, books: Mapping[str, Books]) -> Economy:
    """The economy of the workplaces' ``books`` (keyed by workplace), checked by the
    engine: unknown products, unit mismatches and negative figures are refused there
    too, naming the process and workplace."""
    processes = [
        PlanProcess(
            code=f"{workplace}/{process.code}",
            product=process.product,
            workplace=workplace,
            labour=process.labour,
            inputs=[Input(item.product, item.quantity, item.unit) for item in process.inputs],
            capacity=process.capacity,
            unit=process.unit,
        )
        for workplace, kept in sorted(books.items())
        for process in kept.processes
    ]
    involved = {process.product for process in processes} | {
        item.product for process in processes for item in process.input_list()
    }
    products = [
        PlanProduct(code=product.code, unit=product.unit, name=product.name)
        for code, product in sorted(catalogue.items())
        if code in involved
    ]
    return Economy.from_books(products, processes)


def final_demand(targets: Iterable[Target | AdoptedTarget]) -> dict[str, float]:
    """The final output asked for, summed by product over councils and categories."""
    demand: dict[str, float] = {}
    for target in targets:
        demand[target.product] = demand.get(target.product, 0.0) + target.quantity
    return demand
