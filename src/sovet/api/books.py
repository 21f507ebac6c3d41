"""Open books: the federation's catalogue, each workplace's books, demand targets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from sovet.api.books_models import (
    BooksActed,
    BooksImport,
    BooksMotion,
    BooksOut,
    DemandIn,
    NewProcessIn,
    OutputIn,
    Period,
    ProcessIn,
    ProductIn,
    ProductOut,
    StockIn,
    TargetOut,
    books_out,
    quantity_in,
    target_out,
)
from sovet.api.deps import MemberDep, OptionalMemberDep, SovetDep
from sovet.api.models import positions, refusals
from sovet.api.motion_models import Acted
from sovet.domain.books import Target
from sovet.domain.books import period as period_of
from sovet.services.add_product import AddProduct, add_product
from sovet.services.import_books import ImportBooks, import_books
from sovet.services.propose_books import ProposeBooks, propose_books
from sovet.services.read_books import export_books, read_books
from sovet.services.record_output import RecordOutput, record_output
from sovet.services.record_process import RecordProcess, record_process
from sovet.services.record_stock import RecordStock, record_stock
from sovet.services.retire_process import RetireProcess, retire_process
from sovet.services.revise_process import revise_process
from sovet.services.set_demand_target import SetDemandTarget, set_demand_target

router = APIRouter(tags=["books"])
SlugPath = Annotated[str, Path(max_length=64, description="The workplace council's short code")]
CodePath = Annotated[str, Path(max_length=40, description="A process's code")]
ProductPath = Annotated[str, Path(max_length=40, description="A product's code")]
WRITE = refusals(401, 403, 404, 409, 422)


@router.get("/products", summary="The catalogue")
def products(sovet: SovetDep) -> list[ProductOut]:
    """Every product in the federation's catalogue, by code."""
    with sovet.db.reading() as store:
        found = store.catalogue()
    return [ProductOut(code=p.code, name=p.name, unit=p.unit) for p in found.values()]


@router.post(
    "/products", status_code=201, summary="Add a product to the catalogue", responses=WRITE
)
def add(body: ProductIn, member: MemberDep, sovet: SovetDep) -> BooksActed:
    """A workplace council, or the council that decides ``planning``, adds a product."""
    request = AddProduct(body.council, body.code, body.name, body.unit)
    with sovet.db.transaction() as store:
        add_product(store, request, actor=member)
    return BooksActed(entries=positions(store))


@router.get(
    "/councils/{slug}/books", summary="A workplace's books", responses=refusals(401, 404, 422)
)
def books(slug: SlugPath, member: OptionalMemberDep, sovet: SovetDep) -> BooksOut:
    """Every figure for the workplace's members; the figures its charter makes public for
    any other member of the federation (the others are null and named in ``hidden``)."""
    with sovet.db.reading() as store:
        found = read_books(store, slug, viewer=member)
    return books_out(slug, found.books)


@router.get(
    "/councils/{slug}/books.csv",
    summary="A workplace's books as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **refusals(401, 403, 404, 422)},
)
def export(slug: SlugPath, member: OptionalMemberDep, sovet: SovetDep) -> Response:
    """The whole books, in the format the import reads, for whoever reads every figure."""
    with sovet.db.reading() as store:
        csv_text = export_books(store, slug, viewer=member)
    return Response(
        csv_text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-books.csv"'},
    )


@router.post(
    "/councils/{slug}/books", status_code=201, summary="Import books from CSV", responses=WRITE
)
def import_csv(slug: SlugPath, body: BooksImport, member: MemberDep, sovet: SovetDep) -> BooksActed:
    """Replace the workplace's books with CSV: all of it, or nothing (naming the line)."""
    with sovet.db.transaction() as store:
        import_books(store, ImportBooks(slug, body.csv), actor=member)
    return BooksActed(entries=positions(store))


@router.post(
    "/councils/{slug}/books/motions",
    status_code=201,
    summary="Propose books for the council to decide",
    responses=WRITE,
)
def propose(slug: SlugPath, body: BooksMotion, member: MemberDep, sovet: SovetDep) -> Acted:
    """File a books motion: when the workplace council passes it, the CSV's books replace
    its books whole. Any member of the council may propose; the council decides."""
    with sovet.db.transaction() as store:
        motion = propose_books(store, ProposeBooks(slug, body.csv, body.text), actor=member)
    return Acted(id=motion.id, entries=positions(store))


def _process(slug: str, code: str, body: ProcessIn) -> RecordProcess:
    return RecordProcess(
        council=slug,
        code=code,
        product=body.product,
        unit=body.unit,
        labour=body.labour,
        capacity=body.capacity,
        inputs=tuple(quantity_in(item) for item in body.inputs),
    )


@router.post(
    "/councils/{slug}/books/processes",
    status_code=201,
    summary="Record a process",
    responses=WRITE,
)
def record(slug: SlugPath, body: NewProcessIn, member: MemberDep, sovet: SovetDep) -> BooksActed:
    """What one unit of a product takes at this workplace, and how many it can make."""
    with sovet.db.transaction() as store:
        record_process(store, _process(slug, body.code, body), actor=member)
    return BooksActed(entries=positions(store))


@router.put("/councils/{slug}/books/processes/{code}", summary="Revise a process", responses=WRITE)
def revise(
    slug: SlugPath, code: CodePath, body: ProcessIn, member: MemberDep, sovet: SovetDep
) -> BooksActed:
    """New figures for a process; the old ones stay in the record."""
    with sovet.db.transaction() as store:
        revise_process(store, _process(slug, code, body), actor=member)
    return BooksActed(entries=positions(store))


@router.delete(
    "/councils/{slug}/books/processes/{code}", summary="Retire a process", responses=WRITE
)
def retire(slug: SlugPath, code: CodePath, member: MemberDep, sovet: SovetDep) -> BooksActed:
    """The workplace no longer uses the process; it leaves the books and the plan."""
    with sovet.db.transaction() as store:
        retire_process(store, RetireProcess(slug, code), actor=member)
    return BooksActed(entries=positions(store))


@router.put("/councils/{slug}/books/stocks/{product}", summary="Record a stock", responses=WRITE)
def stock(
    slug: SlugPath, product: ProductPath, body: StockIn, member: MemberDep, sovet: SovetDep
) -> BooksActed:
    """What the workplace holds of a product now."""
    request = RecordStock(slug, product, body.quantity, body.unit)
    with sovet.db.transaction() as store:
        record_stock(store, request, actor=member)
    return BooksActed(entries=positions(store))


@router.put(
    "/councils/{slug}/books/output/{period}",
    summary="Record a period's output and use",
    responses=WRITE,
)
def output(
    slug: SlugPath,
    period: Annotated[str, Path(max_length=7, description="2027, 2027-Q1 or 2027-01")],
    body: OutputIn,
    member: MemberDep,
    sovet: SovetDep,
) -> BooksActed:
    """What the workplace produced and used in the period; replaces an earlier record."""
    request = RecordOutput(
        slug,
        period,
        output=tuple(quantity_in(item) for item in body.output),
        use=tuple(quantity_in(item) for item in body.use),
    )
    with sovet.db.transaction() as store:
        record_output(store, request, actor=member)
    return BooksActed(entries=positions(store))


@router.get("/demand", summary="Adopted demand targets")
def demand(
    sovet: SovetDep, period: Annotated[Period | None, Query(description="One period")] = None
) -> list[TargetOut]:
    """The targets of final output that councils have adopted by their decisions."""
    with sovet.db.reading() as store:
        found = store.demand_targets(None if period is None else period_of(period))
    return [target_out(item) for item in found]


@router.post(
    "/councils/{slug}/demand",
    status_code=201,
    summary="Propose demand targets",
    responses=WRITE,
)
def propose_demand(slug: SlugPath, body: DemandIn, member: MemberDep, sovet: SovetDep) -> Acted:
    """File a demand motion in a council whose charter proposes demand; its targets are
    adopted when the motion passes."""
    request = SetDemandTarget(
        council=slug,
        period=body.period,
        targets=tuple(Target(t.product, t.quantity, t.unit, t.category) for t in body.targets),
        text=body.text,
    )
    with sovet.db.transaction() as store:
        motion = set_demand_target(store, request, actor=member)
    return Acted(id=motion.id, entries=positions(store))
