"""Open books as pages: the catalogue, a workplace's books with a chart of output against
capacity, and demand targets; with the forms that keep them.

Forms take figures one to a line (``coal 0.5 t``: product, quantity, unit), so that a
process with any number of inputs fits one plain form that works without scripts. Every
act goes through its use case, which decides; a refused form comes back with what was
typed and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response

from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.bootstrap import Sovet
from sovet.domain.books import Quantity, ShownBooks, Target
from sovet.domain.charter import DEMAND
from sovet.domain.errors import Invalid, Refused, Unauthenticated
from sovet.domain.members import Member
from sovet.services.add_product import AddProduct, add_product
from sovet.services.books_rules import KEEP_BOOKS
from sovet.services.import_books import ImportBooks, import_books
from sovet.services.ports import Store
from sovet.services.propose_books import ProposeBooks, propose_books
from sovet.services.read_books import BooksRead, read_books
from sovet.services.record_output import RecordOutput, record_output
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.record_stock import RecordStock, record_stock
from sovet.services.retire_process import RetireProcess, retire_process
from sovet.services.revise_process import revise_process
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target
from sovet.web.acting import FormFields, act_then_go
from sovet.web.bar_chart import BarChart, bar_chart
from sovet.web.rendering import render, require_csrf

router = APIRouter()

SlugPath = Annotated[str, Path(max_length=64)]
CodePath = Annotated[str, Path(max_length=40)]
MAX_LINES = 200
MAX_BOOKS_CSV = 2_000_000
"""The longest CSV of the books imported whole, in characters."""
MAX_MOTION_CSV = 200_000
"""The longest CSV of books proposed as a motion, in characters."""
DONE = {
    "process": "The process was recorded in the books. The act is in the public record.",
    "revised": "The process was revised: its new figures replace the old ones, which stay in "
    "the record.",
    "retired": "The process was retired. The act is in the public record.",
    "stock": "The stock was recorded. The act is in the public record.",
    "output": "The period's output and use were recorded. The act is in the public record.",
    "imported": "The books were imported. The act is in the public record.",
    "product": "The product was added to the catalogue. The act is in the public record.",
}

PROCESS = FormFields(
    {
        "code": ("Code of the process", "process-code"),
        "process": ("Code of the process", "process-code"),
        "product": ("Product it makes", "process-product"),
        "labour": ("Hours of labour per unit", "process-labour"),
        "capacity": ("Capacity per period", "process-capacity"),
        "inputs": ("Inputs per unit", "process-inputs"),
    },
    main="code",
)
"""The form that records or revises a process."""
OUTPUT = FormFields(
    {
        "period": ("Period", "output-period"),
        "produced": ("Produced", "output-produced"),
        "output": ("Produced", "output-produced"),
        "used": ("Used", "output-used"),
    },
    main="period",
)
STOCK = FormFields({"stock": ("Product, quantity and unit", "stock-line")}, main="stock")
IMPORT = FormFields({"csv": ("The books as CSV", "books-csv")}, main="csv")
BY_VOTE = FormFields(
    {"csv": ("The proposed books as CSV", "motion-csv"), "text": ("Reasons", "motion-text")},
    main="csv",
)
"""The form that proposes books as a motion: the one a member who does not keep the
books may use."""
DEMAND_FORM = FormFields(
    {
        "council": ("Council", "demand-council"),
        "period": ("Period", "demand-period"),
        "targets": ("Targets", "demand-targets"),
        "text": ("Reasons", "demand-text"),
    },
    main="targets",
)
"""The form that proposes demand targets: a reason about none of its fields is about the
targets."""
PRODUCT = FormFields(
    {
        "council": ("For your workplace council", "product-council"),
        "code": ("Code", "product-code"),
        "name": ("Name", "product-name"),
        "unit": ("Unit", "product-unit"),
    },
    main="code",
)
"""The form that adds a product to the catalogue."""


@dataclass(frozen=True)
class Bar:
    """One product's row in the chart and its table: its capacity and output in one period."""

    product: str
    unit: str
    capacity: float | None
    output: float

    @property
    def share(self) -> str:
        if not self.capacity:
            return "—"
        return f"{self.output / self.capacity:.0%}"


def capacity_bars(books: ShownBooks, period: str | None) -> list[Bar]:
    """Output in ``period`` against the capacity of the processes making each product."""
    capacity: dict[str, float | None] = {}
    units: dict[str, str] = {}
    for process in books.processes:
        units[process.product] = process.unit
        known = capacity.get(process.product, 0.0)
        capacity[process.product] = (
            None if known is None or process.capacity is None else known + process.capacity
        )
    output: dict[str, float] = {}
    for flow in books.flows:
        if flow.period == period and flow.kind == "output":
            output[flow.product] = flow.quantity
            capacity.setdefault(flow.product, 0.0)
            units.setdefault(flow.product, flow.unit)
    return [
        Bar(product, units[product], capacity[product], output.get(product, 0.0))
        for product in sorted(capacity)
    ]


def capacity_chart(bars: Sequence[Bar]) -> BarChart:
    """Each product's capacity (light; none where it is not public) against its output
    (dark), under the product's code written whole."""
    return bar_chart(
        [(bar.product, bar.capacity or 0.0, bar.output, bar.unit) for bar in bars], mark=None
    )


def quantities(text: str, field: str) -> tuple[Quantity, ...]:
    """Figures typed one to a line as ``product quantity unit``."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise Invalid(f"{field}: at most {MAX_LINES} lines")
    found = []
    for number, words in enumerate(lines, start=1):
        if len(words) != 3:
            raise Invalid(f"{field}, line {number}: write product, quantity and unit")
        found.append(Quantity(words[0], number_in(words[1], f"{field}, line {number}"), words[2]))
    return tuple(found)


def number_in(text: str, field: str) -> float:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise Invalid(f"{field}: {text.strip()!r} is not a number") from None
    return float(value)


def books_page(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member | None,
    *,
    period: str | None = None,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    done: str | None = None,
    revise: str | None = None,
    refused_at: str | None = None,
) -> Response:
    """A workplace's books, with the forms that keep them for its members; after a refused
    form (``refused_at``, the id of the field it is about), that form as it was filled in
    with the reason beside that field, or at the top if the form is not shown."""
    try:
        with sovet.db.reading() as store:
            found: BooksRead | None = read_books(store, slug, viewer=member)
    except Unauthenticated:
        found = None
    periods = sorted({flow.period for flow in found.books.flows}) if found else []
    chosen = period if period in periods else (periods[-1] if periods else None)
    insider = found is not None and not found.books.hidden
    keeps = insider and found is not None and KEEP_BOOKS in found.council.charter.member_powers
    if keeps and found is not None and revise is not None and kept is None:
        kept = _revising(found, revise)
    bars = capacity_bars(found.books, chosen) if found else []
    context: dict[str, Any] = {
        "slug": slug,
        "found": found,
        "periods": periods,
        "period": chosen,
        "bars": bars,
        "chart": capacity_chart(bars),
        "keeps": keeps,
        "insider": insider,
        "refusal": refusal,
        "refused_at": refused_at if (insider if refused_at in BY_VOTE.ids else keeps) else None,
        "kept": kept or {},
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "books.html", context, member=member, status=status)


def _revising(found: BooksRead, code: str) -> dict[str, str] | None:
    """The revise form filled in with the figures of process ``code``, if the books have it."""
    for process in found.books.processes:
        if process.code == code and process.labour is not None and process.capacity is not None:
            inputs = process.inputs or ()
            return {
                "revising": "yes",
                "code": process.code,
                "product": process.product,
                "labour": repr(process.labour),
                "capacity": repr(process.capacity),
                "inputs": "\n".join(f"{i.product} {i.quantity!r} {i.unit}" for i in inputs),
            }
    return None


def _act(
    request: Request,
    sovet: Sovet,
    slug: str,
    member: Member,
    act: Callable[[Store], object],
    *,
    done: str,
    kept: dict[str, str],
    form: FormFields | None,
) -> Response:
    """Run ``act``, then go back to the books; on refusal show them with the reason beside
    the field of ``form`` it is about (at the top for an act with no form of its own) and
    what was typed."""

    def go(store: Store) -> str:
        act(store)
        return f"/councils/{slug}/books?done={done}"

    def refused(error: Refused) -> Response:
        if form is None:
            return books_page(request, sovet, slug, member, refusal=error, kept=kept)
        refusal, refused_at = form.refused(error)
        return books_page(
            request, sovet, slug, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


@router.get("/councils/{slug}/books")
def books(
    request: Request,
    sovet: SovetDep,
    member: OptionalMemberDep,
    slug: SlugPath,
    period: str | None = None,
    done: str | None = None,
    revise: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """A workplace's books: everything for its members, the public figures for others;
    ``revise`` fills the process form in with that process's figures, to change them."""
    return books_page(request, sovet, slug, member, period=period, done=done, revise=revise)


@router.post("/councils/{slug}/books/processes", dependencies=[Depends(require_csrf)])
def record(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: SlugPath,
    code: Annotated[str, Form(max_length=40)] = "",
    product: Annotated[str, Form(max_length=40)] = "",
    labour: Annotated[str, Form(max_length=40)] = "",
    capacity: Annotated[str, Form(max_length=40)] = "",
    inputs: Annotated[str, Form(max_length=20_000)] = "",
    revising: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Record a process, or (``revising``) revise the one with that code."""
    kept = {
        "code": code,
        "product": product,
        "labour": labour,
        "capacity": capacity,
        "inputs": inputs,
        "revising": revising,
    }

    def act(store: Store) -> object:
        made = store.product(product.strip())
        wanted = RecordProcess(
            council=slug,
            code=code.strip(),
            product=product.strip(),
            unit=made.unit if made is not None else "",
            labour=number_in(labour, "labour"),
            capacity=number_in(capacity, "capacity"),
            inputs=quantities(inputs, "inputs"),
        )
        if revising == "yes":
            return revise_process(store, wanted, actor=member)
        return record_process(store, wanted, actor=member)

    done = "revised" if revising == "yes" else "process"
    return _act(request, sovet, slug, member, act, done=done, kept=kept, form=PROCESS)


@router.post("/councils/{slug}/books/processes/{code}/retire", dependencies=[Depends(require_csrf)])
def retire(
    request: Request, sovet: SovetDep, member: MemberDep, slug: SlugPath, code: CodePath
) -> Response:
    def act(store: Store) -> object:
        retire_process(store, RetireProcess(slug, code), actor=member)
        return None

    return _act(request, sovet, slug, member, act, done="retired", kept={}, form=None)


@router.post("/councils/{slug}/books/stocks", dependencies=[Depends(require_csrf)])
def stock(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: SlugPath,
    stock: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    def act(store: Store) -> object:
        found = quantities(stock, "stock")
        if len(found) != 1:
            raise Invalid("stock: write one line: product, quantity and unit")
        [item] = found
        wanted = RecordStock(slug, item.product, item.quantity, item.unit)
        return record_stock(store, wanted, actor=member)

    kept = {"stock": stock}
    return _act(request, sovet, slug, member, act, done="stock", kept=kept, form=STOCK)


@router.post("/councils/{slug}/books/output", dependencies=[Depends(require_csrf)])
def output(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: SlugPath,
    period: Annotated[str, Form(max_length=7)] = "",
    produced: Annotated[str, Form(max_length=20_000)] = "",
    used: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    kept = {"period": period, "produced": produced, "used": used}

    def act(store: Store) -> object:
        wanted = RecordOutput(
            slug,
            period.strip(),
            output=quantities(produced, "produced"),
            use=quantities(used, "used"),
        )
        return record_output(store, wanted, actor=member)

    return _act(request, sovet, slug, member, act, done="output", kept=kept, form=OUTPUT)


@router.post("/councils/{slug}/books/import", dependencies=[Depends(require_csrf)])
def import_csv(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: SlugPath,
    csv: Annotated[str, Form(max_length=MAX_BOOKS_CSV)] = "",
) -> Response:
    def act(store: Store) -> object:
        return import_books(store, ImportBooks(slug, csv), actor=member)

    return _act(request, sovet, slug, member, act, done="imported", kept={"csv": csv}, form=IMPORT)


@router.post("/councils/{slug}/books/motions", dependencies=[Depends(require_csrf)])
def propose_books_motion(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    slug: SlugPath,
    csv: Annotated[str, Form(max_length=MAX_MOTION_CSV)] = "",
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """File the books as a motion for the workplace council to decide."""

    def go(store: Store) -> str:
        motion = propose_books(store, ProposeBooks(slug, csv, text), actor=member)
        return f"/motions/{motion.id}"

    def refused(error: Refused) -> Response:
        kept = {"motion_csv": csv, "motion_text": text}
        refusal, refused_at = BY_VOTE.refused(error)
        return books_page(
            request, sovet, slug, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


def catalogue_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    done: str | None = None,
    refused_at: str | None = None,
) -> Response:
    """The catalogue, and the form that adds a product; after a refusal, the form as it
    was filled in with the reason beside the field ``refused_at``, or at the top if the
    member adds products for no council."""
    with sovet.db.reading() as store:
        products = list(store.catalogue().values())
        councils = [] if member is None else _councils_of(store, member)
    context: dict[str, Any] = {
        "products": products,
        "councils": councils,
        "refusal": refusal,
        "refused_at": refused_at if councils else None,
        "kept": kept or {},
        "done": DONE.get(done or ""),
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "products.html", context, member=member, status=status)


def _councils_of(store: Store, member: Member) -> list[tuple[str, str]]:
    """The base councils ``member`` belongs to, as (slug, name)."""
    return [
        (council.slug, council.name)
        for council in store.councils()
        if council.kind == "base" and store.is_member(council.id, member.id)
    ]


@router.get("/products")
def products(
    request: Request, sovet: SovetDep, member: OptionalMemberDep, done: str | None = None
) -> Response:
    """The federation's catalogue of products."""
    return catalogue_page(request, sovet, member, done=done)


@router.post("/products", dependencies=[Depends(require_csrf)])
def add(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    council: Annotated[str, Form(max_length=64)] = "",
    code: Annotated[str, Form(max_length=40)] = "",
    name: Annotated[str, Form(max_length=120)] = "",
    unit: Annotated[str, Form(max_length=16)] = "",
) -> Response:

    def go(store: Store) -> str:
        add_product(store, AddProduct(council, code, name, unit), actor=member)
        return "/products?done=product"

    def refused(error: Refused) -> Response:
        kept = {"council": council, "code": code, "name": name, "unit": unit}
        refusal, refused_at = PRODUCT.refused(error)
        return catalogue_page(
            request, sovet, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


def demand_page(
    request: Request,
    sovet: Sovet,
    member: Member | None,
    *,
    refusal: Refused | None = None,
    kept: dict[str, str] | None = None,
    refused_at: str | None = None,
) -> Response:
    """The adopted demand targets, and the form that proposes some; after a refusal, the
    form as it was filled in with the reason beside the field ``refused_at``, or at the top
    if the member may propose for no council."""
    with sovet.db.reading() as store:
        targets = store.demand_targets()
        names = {council.id: council for council in store.councils()}
        proposers = [
            (council.slug, council.name)
            for council in names.values()
            if member is not None
            and council.charter.proposes_demand
            and _may_act_in(store, council.id, council.kind, member)
        ]
    context: dict[str, Any] = {
        "targets": targets,
        "councils": names,
        "proposers": proposers,
        "categories": DEMAND,
        "refusal": refusal,
        "refused_at": refused_at if proposers else None,
        "kept": kept or {},
    }
    status = 200 if refusal is None else refusal.status
    return render(request, "demand.html", context, member=member, status=status)


def _may_act_in(store: Store, council_id: int, kind: str, member: Member) -> bool:
    """Whether ``member`` holds a membership or a seat in the council: looked up from
    their own, not every seat of the council."""
    if kind == "base":
        return store.is_member(council_id, member.id)
    today = store.today()
    return any(m.active_on(today) for m in store.mandates_held_in(council_id, member.id))


@router.get("/demand")
def demand(request: Request, sovet: SovetDep, member: OptionalMemberDep) -> Response:
    """The demand targets councils have adopted, by period."""
    return demand_page(request, sovet, member)


@router.post("/demand", dependencies=[Depends(require_csrf)])
def propose_demand(
    request: Request,
    sovet: SovetDep,
    member: MemberDep,
    council: Annotated[str, Form(max_length=64)] = "",
    period: Annotated[str, Form(max_length=7)] = "",
    targets: Annotated[str, Form(max_length=20_000)] = "",
    text: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """File a demand motion: targets one to a line, ``category product quantity unit``."""
    kept = {"council": council, "period": period, "targets": targets, "text": text}

    def go(store: Store) -> str:
        wanted = SetDemandTarget(council, period.strip(), targets_from_lines(targets), text)
        motion = set_demand_target(store, wanted, actor=member)
        return f"/motions/{motion.id}"

    def refused(error: Refused) -> Response:
        refusal, refused_at = DEMAND_FORM.refused(error)
        return demand_page(
            request, sovet, member, refusal=refusal, kept=kept, refused_at=refused_at
        )

    return act_then_go(sovet, go, refused)


def targets_from_lines(text: str) -> tuple[Target, ...]:
    """Targets typed one to a line, ``category product quantity unit``."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    found = []
    for number, words in enumerate(lines, start=1):
        if len(words) != 4:
            raise Invalid(f"targets, line {number}: write category, product, quantity and unit")
        category, product, quantity, unit = words
        found.append(
            Target(product, number_in(quantity, f"targets, line {number}"), unit, category)
        )
    return tuple(found)
