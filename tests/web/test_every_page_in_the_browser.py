"""Every page of the demo federation, in a real browser: each answers, axe-core finds no
accessibility violation on it, for a member and for a visitor, and it fits a phone's
screen without scrolling sideways.

The demo holds every kind of thing a page shows (councils of each kind, elections and
motions in each state, books, a planning period with its rounds and parts, factions), so
the sweep reads the pages as a federation fills them. The pages come from the app's own
routes: a new page fails ``test_the_sweep_covers_every_page`` until it is given here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Select, select

from sovet import demo
from sovet.adapters import tables as t
from sovet.bootstrap import Settings, bootstrap
from sovet.http import PAGE_ROUTERS

from .deciding.test_deciding_in_the_browser import serving
from .test_browser import DESKTOP, PHONE, browser, overflow

pytestmark = pytest.mark.browser

__all__ = ["browser"]  # the fixture of tests/web/test_browser.py, used here by name


MEMBER = "olga.horvat@harbourcraneworks.example"
"""A member of a workplace council, which elected her to its regional council."""
BASE, DELEGATE, PLANNING = "harbour-crane-works", "north-regional-council", "joint-economic-council"

PAGES: dict[str, tuple[str, ...]] = {
    "/": ("/",),
    "/login": ("/login",),
    "/claim": ("/claim",),
    "/password/forgotten": ("/password/forgotten",),
    "/password/reset": ("/password/reset#code=made-up",),
    "/email/confirm": ("/email/confirm#code=made-up",),
    "/register": ("/register",),
    "/councils": ("/councils",),
    "/found": ("/found",),
    "/councils/{slug}": (f"/councils/{BASE}", f"/councils/{DELEGATE}", f"/councils/{PLANNING}"),
    "/councils/{slug}/motions/new": (f"/councils/{BASE}/motions/new",),
    "/me/votes": ("/me/votes",),
    "/councils/{slug}/decisions": (
        f"/councils/{BASE}/decisions",
        f"/councils/{PLANNING}/decisions",
    ),
    "/factions": ("/factions",),
    "/factions/{faction_id}": ("/factions/{faction}",),
    "/councils/{slug}/agenda": (f"/councils/{BASE}/agenda", f"/councils/{DELEGATE}/agenda"),
    "/motions/{motion_id}": ("/motions/{decided}", "/motions/{voting}", "/motions/{filed}"),
    "/councils/{slug}/books": (f"/councils/{BASE}/books",),
    "/products": ("/products",),
    "/demand": ("/demand",),
    "/planning": ("/planning",),
    "/planning/{period_id}": ("/planning/{period}",),
    "/planning/{period_id}/parts/{slug}": (f"/planning/{{period}}/parts/{BASE}",),
    "/elections/{election_id}": ("/elections/{election}",),
    "/councils/{slug}/elections": (f"/councils/{BASE}/elections",),
    "/councils/{slug}/recalls": (f"/councils/{BASE}/recalls",),
    "/councils/{slug}/mandates": (f"/councils/{DELEGATE}/mandates",),
    "/indicators": ("/indicators",),
    "/federation": ("/federation",),
    "/members/{member_id}": ("/members/{member}",),
    "/record": ("/record",),
    "/record/verify": ("/record/verify",),
    "/record/{position}": ("/record/5",),
}
"""Each page's route, with the pages of the demo that stand for it."""

SWEPT = sorted({path for paths in PAGES.values() for path in paths})


@dataclass(frozen=True)
class Demo:
    url: str
    ids: dict[str, int]
    """The ids that fill the pages' paths: a faction, motions decided, being voted on and
    gathering support, the planning period, a counted election, the member."""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    home = tmp_path_factory.mktemp("demo")
    clock = demo.Rewound(demo.STORY_DAYS)
    sovet = bootstrap(
        Settings(home=home, database_url=f"sqlite:///{home / 'sovet.db'}"), clock=clock
    )
    demo.seed(sovet.db, clock)
    with sovet.db.engine.connect() as conn:

        def first(query: Select[tuple[int]]) -> int:
            found = conn.execute(query).scalars().first()
            assert found is not None, f"the demo has none of {query}"
            return int(found)

        motions, elections = t.motions.c, t.elections.c
        ids = {
            "faction": first(select(t.factions.c.id)),
            "decided": first(select(motions.id).where(motions.state == "passed")),
            "voting": first(select(motions.id).where(motions.state == "voting")),
            "filed": first(select(motions.id).where(motions.state == "filed")),
            "period": first(select(t.planning_periods.c.id)),
            "election": first(select(elections.id).where(elections.phase == "counted")),
            "member": first(select(t.accounts.c.member_id).where(t.accounts.c.email == MEMBER)),
        }
    with serving(sovet) as url:
        yield Demo(url, ids)
    sovet.db.engine.dispose()


def logged_in(browser: Browser, seeded: Demo, viewport: dict[str, int]) -> Iterator[Page]:
    """A page of the demo's member, logged in once, on a screen of ``viewport``."""
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE)
    page = context.new_page()
    page.goto(f"{seeded.url}/login")
    page.get_by_label("E-mail").fill(MEMBER)
    page.get_by_label("Password").fill(demo.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My councils")
    yield page
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: Browser, seeded: Demo) -> Iterator[Page]:
    yield from logged_in(browser, seeded, DESKTOP)


@pytest.fixture(scope="module")
def phone(browser: Browser, seeded: Demo) -> Iterator[Page]:
    yield from logged_in(browser, seeded, PHONE)


@pytest.fixture(scope="module")
def visitor(browser: Browser) -> Iterator[Page]:
    """A page of someone who has not logged in: the public, an auditor."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def visit(page: Page, seeded: Demo, path: str, status: int = 200) -> None:
    response = page.goto(seeded.url + path.format(**seeded.ids))
    assert response is not None and response.status == status, f"{path}: {response}"


def violations(page: Page, path: str) -> str:
    """What axe-core finds wrong with the page, in a line; empty when nothing."""
    results = Axe().run(page)
    return "; ".join(
        f"{path}: {v['id']} ({v['impact']}): "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    )


UNHINTED = """() => [...document.querySelectorAll('.table-wrap, .chart-wrap')]
    .filter(frame => frame.scrollWidth > frame.clientWidth + 1)
    .filter(frame => getComputedStyle(frame, '::before').content === 'none')
    .map(frame => frame.getAttribute('aria-label') || frame.className)"""
"""The frames of tables and charts wider than the screen that show no hint to scroll."""


def test_the_sweep_covers_every_page() -> None:
    routes = {
        route.path
        for router in PAGE_ROUTERS
        for route in router.routes
        if "GET" in getattr(route, "methods", ())
    }
    assert sorted(routes) == sorted(PAGES)


@pytest.mark.parametrize("path", SWEPT)
def test_axe_finds_no_violation_and_a_phone_needs_no_sideways_scroll(
    desktop: Page, phone: Page, seeded: Demo, path: str
) -> None:
    visit(desktop, seeded, path)
    assert not violations(desktop, path)
    visit(phone, seeded, path)
    wider = overflow(phone)
    assert wider == 0, f"{path} is {wider} px wider than a phone's screen"
    unhinted = phone.evaluate(UNHINTED)
    assert not unhinted, f"{path}: frames scroll sideways with no hint: {unhinted}"


@pytest.mark.parametrize("path", SWEPT)
def test_axe_finds_no_violation_on_what_a_visitor_sees(
    visitor: Page, seeded: Demo, path: str
) -> None:
    visit(visitor, seeded, path, 401 if path == "/me/votes" else 200)
    assert not violations(visitor, path)


def test_a_links_code_fills_its_form_and_leaves_the_address(visitor: Page, seeded: Demo) -> None:
    """The code of a link to set a new password travels after '#', out of every server's
    log; the page's script puts it in the form and takes it off the address."""
    visitor.goto(f"{seeded.url}/password/reset#code=abc-DEF_123")
    expect(visitor.get_by_label("Code from the e-mail")).to_have_value("abc-DEF_123")
    assert visitor.url == f"{seeded.url}/password/reset"


OUTSIDE = """() => {
    const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
        && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    const screen = {left: 0, right: innerWidth, top: -Infinity, bottom: Infinity};
    const outside = [];
    for (const svg of document.querySelectorAll('figure svg')) {
        const box = svg.getBoundingClientRect();
        for (const text of svg.querySelectorAll('text')) {
            if (!inside(text.getBoundingClientRect(), box)) outside.push(text.textContent);
        }
    }
    for (const label of document.querySelectorAll('figure .bar-label, figure .chart-key li')) {
        if (label.scrollWidth > label.clientWidth + 1
            || !inside(label.getBoundingClientRect(), screen)) outside.push(label.textContent);
    }
    return outside;
}"""
"""The labels of the pages' charts drawn past their chart's edge or the screen's."""


def chart_labels(page: Page, caption: str) -> list[str]:
    figure = page.locator("figure", has=page.locator(f"#{caption}"))
    return figure.locator(".bar-label, .chart-key li").all_inner_texts()


def table_headers(page: Page, table: str, cells: str = "tbody th") -> list[str]:
    return page.get_by_role("region", name=table).locator(cells).all_inner_texts()


def test_a_phone_shows_every_label_of_the_planning_indicator_and_books_charts_whole(
    phone: Page, seeded: Demo
) -> None:
    visit(phone, seeded, "/planning/{period}")
    processes = table_headers(phone, "Table of process levels")
    ray = chart_labels(phone, "ray-chart")
    assert ray[0] == "plan ray" and len(ray) > 1 and set(ray[1:]) <= set(processes), ray
    assert chart_labels(phone, "rounds-chart") == ["round 1", "round 2"]
    assert chart_labels(phone, "flows-caption") == table_headers(
        phone, "Table of flows between sectors"
    )
    products = table_headers(phone, "Table of fulfilment", "tbody td:nth-child(2)")
    fulfilled = chart_labels(phone, "fulfilment-chart")
    assert fulfilled and set(fulfilled) <= set(products), fulfilled
    assert not phone.evaluate(OUTSIDE)

    visit(phone, seeded, f"/planning/{{period}}/parts/{BASE}")
    assert chart_labels(phone, "part-chart") == table_headers(phone, "Table of fulfilment")
    assert not phone.evaluate(OUTSIDE)

    visit(phone, seeded, "/indicators")
    councils = table_headers(phone, "Table of councils' concentration", "tbody td:first-child")
    charted = chart_labels(phone, "share-chart-caption")
    assert charted and set(charted) <= set(councils), charted
    assert not phone.evaluate(OUTSIDE)

    visit(phone, seeded, f"/councils/{BASE}/books")
    products = table_headers(phone, "Table of output against capacity")
    assert products and chart_labels(phone, "chart-caption") == products
    assert not phone.evaluate(OUTSIDE)


def focused(page: Page) -> str:
    """The focused link's council, or its text where it is not a node of the graph."""
    return str(
        page.evaluate(
            "() => document.activeElement.dataset.council || document.activeElement.textContent"
        )
    )


def test_the_keyboard_reads_the_federation_graph_in_the_lists_order_or_skips_it(
    phone: Page, seeded: Demo
) -> None:
    visit(phone, seeded, "/federation")
    listed = phone.locator(".federation-list > li > a:first-child")
    hrefs = listed.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    order = [str(href).removeprefix("/councils/") for href in hrefs]
    skip = phone.get_by_role("link", name="Skip the graph to the list")
    box = skip.bounding_box()
    assert box is not None and box["width"] <= 1, "out of sight until it has the focus"
    skip.focus()
    box = skip.bounding_box()
    assert box is not None and box["width"] > 100 and 0 <= box["x"] <= 360 - box["width"]

    walked = []
    for _ in order:
        phone.keyboard.press("Tab")
        walked.append(focused(phone))
    assert walked == order, "the graph's councils, from the top down, each layer by name"

    skip.focus()
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert focused(phone) == listed.first.inner_text()
