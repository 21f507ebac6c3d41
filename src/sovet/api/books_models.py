"""The JSON shapes of the open books: the catalogue, a workplace's books, demand targets.

A figure the charter keeps from the reader is ``null``, never zero, and is named in
``hidden``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sovet.api.models import Answer, ClosedRequest, Positions, Slug
from sovet.domain import books as b

Code = Annotated[str, Field(max_length=40, description="A product's or process's code")]
Unit = Annotated[str, Field(max_length=16, description="The catalogue's unit, e.g. t, kg, kWh")]
Period = Annotated[
    str, Field(max_length=7, description="A year (2027), quarter (2027-Q1) or month (2027-01)")
]
Figure = Annotated[float, Field(description="A figure not below zero")]


class ProductIn(ClosedRequest):
    council: Slug = Field(description="The council that adds it (see docs: who may)")
    code: Code
    name: Annotated[str, Field(max_length=120)]
    unit: Unit


class ProductOut(Answer):
    code: str
    name: str
    unit: str


class QuantityIn(ClosedRequest):
    product: Code
    quantity: Figure
    unit: Unit


class QuantityOut(Answer):
    product: str
    quantity: float
    unit: str


class ProcessIn(ClosedRequest):
    product: Code
    unit: Unit
    labour: Figure = Field(description="Hours of labour per unit")
    capacity: Figure = Field(description="Units per period")
    inputs: Annotated[list[QuantityIn], Field(default_factory=list, max_length=b.MAX_INPUTS)]


class NewProcessIn(ProcessIn):
    code: Code


class ProcessOut(Answer):
    code: str
    product: str
    unit: str
    labour: float | None
    capacity: float | None
    inputs: list[QuantityOut] | None


class StockIn(ClosedRequest):
    quantity: Figure
    unit: Unit


class OutputIn(ClosedRequest):
    output: Annotated[list[QuantityIn], Field(default_factory=list, max_length=b.MAX_TARGETS)]
    use: Annotated[list[QuantityIn], Field(default_factory=list, max_length=b.MAX_TARGETS)]


class FlowOut(Answer):
    period: str
    kind: str = Field(description="output or use")
    product: str
    quantity: float
    unit: str


class BooksOut(Answer):
    council: str
    processes: list[ProcessOut]
    stocks: list[QuantityOut] | None
    flows: list[FlowOut]
    hidden: list[str] = Field(description="Figures the charter keeps for the workplace's members")


class BooksImport(ClosedRequest):
    csv: Annotated[str, Field(max_length=5_000_000, description="The books as CSV")]


class BooksMotion(ClosedRequest):
    csv: Annotated[str, Field(max_length=200_000, description="The books as CSV")]
    text: Annotated[str, Field(max_length=20_000, description="The reasons (Markdown)")] = ""


class TargetIn(ClosedRequest):
    product: Code
    quantity: Figure
    unit: Unit
    category: Annotated[str, Field(max_length=16, description=", ".join(b.DEMAND))]


class DemandIn(ClosedRequest):
    period: Period
    targets: Annotated[list[TargetIn], Field(min_length=1, max_length=b.MAX_TARGETS)]
    text: Annotated[str, Field(max_length=20_000)] = ""


class TargetOut(Answer):
    council: int
    period: str
    category: str
    product: str
    quantity: float
    unit: str
    motion: int = Field(description="The decision that adopted it")


class BooksActed(Answer):
    entries: Positions


def quantity_out(item: b.Quantity) -> QuantityOut:
    return QuantityOut(product=item.product, quantity=item.quantity, unit=item.unit)


def quantity_in(item: QuantityIn) -> b.Quantity:
    return b.Quantity(item.product, item.quantity, item.unit)


def books_out(slug: str, shown: b.ShownBooks) -> BooksOut:
    return BooksOut(
        council=slug,
        processes=[
            ProcessOut(
                code=p.code,
                product=p.product,
                unit=p.unit,
                labour=p.labour,
                capacity=p.capacity,
                inputs=None if p.inputs is None else [quantity_out(i) for i in p.inputs],
            )
            for p in shown.processes
        ],
        stocks=None if shown.stocks is None else [quantity_out(s) for s in shown.stocks],
        flows=[
            FlowOut(
                period=f.period, kind=f.kind, product=f.product, quantity=f.quantity, unit=f.unit
            )
            for f in shown.flows
        ],
        hidden=list(shown.hidden),
    )


def target_out(item: b.AdoptedTarget) -> TargetOut:
    return TargetOut(
        council=item.council_id,
        period=item.period,
        category=item.category,
        product=item.product,
        quantity=item.quantity,
        unit=item.unit,
        motion=item.motion_id,
    )
