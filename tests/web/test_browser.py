"""The pages in a real browser (Debian's Chromium driven by Playwright): the walk from
logging in to a proof verified in the browser, a phone-sized screen, the keyboard alone,
and axe-core's accessibility rules on every main page."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import Clock
from sovet.adapters.sql import utc_now
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.http import create_app
from sovet.record.checkpoint import InstanceKey
from sovet.services.file_motion import FileMotion, file_motion

from .federation import COUNCILS, PASSWORD, Federation, seed

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SOVET_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@dataclass(frozen=True)
class LiveServer:
    url: str
    sovet: Sovet
    federation: Federation


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app served by uvicorn on a free port of 127.0.0.1, over a federation seeded on a
    clock set back by the weeks its elections take."""
    home = tmp_path_factory.mktemp("live")
    clock = Clock(utc_now() - timedelta(days=120))
    sovet = bootstrap(
        Settings(home=home, database_url=f"sqlite:///{home / 'sovet.db'}"),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    federation = seed(sovet, clock)
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(sovet), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield LiveServer(url=f"http://127.0.0.1:{port}", sovet=sovet, federation=federation)
    server.should_exit = True
    thread.join(timeout=15)
    listening.close()
    sovet.db.engine.dispose()


@pytest.fixture(scope="module")
def browser(missing: Callable[[str], None]) -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        missing(f"Chromium at {CHROMIUM} (set SOVET_TEST_CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def log_in(page: Page, live: LiveServer, who: str) -> None:
    page.goto(f"{live.url}/login")
    page.get_by_label("E-mail").fill(Federation.email(who))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My councils")


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits).

    Measured against the screen the page was opened with, not ``window.innerWidth``: a
    phone widens its layout to a page that does not fit, and the two would agree.
    """
    screen = page.viewport_size
    assert screen is not None
    width: int = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
    )
    return max(width - screen["width"], 0)


def test_a_member_logs_in_opens_a_council_and_the_graph_and_verifies_an_entry_in_the_browser(
    page: Page, live: LiveServer
) -> None:
    log_in(page, live, "anna")
    my_councils = page.get_by_role("region", name="Councils I am a member of")
    my_councils.get_by_role("link", name="Mill Street Bakery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mill Street Bakery")
    expect(page.get_by_role("heading", name="Admit a member")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Federation").click()
    expect(page.locator("svg.federation-graph a.graph-node")).to_have_count(len(COUNCILS))
    page.locator('svg a[data-council="congress"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Congress of Councils")

    page.goto(f"{live.url}/record")
    page.get_by_role("link", name="Entry 5", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entry 5")
    signed_root = page.locator("dt:text-is('Signed root') + dd").inner_text()
    page.get_by_role("button", name="Verify in my browser").click()
    result = page.locator("#verify-result")
    expect(result).to_contain_text("Verified in your browser: entry 5 is in the record")
    expect(result).to_contain_text(f"root from the proof: {signed_root} equals the signed root")
    expect(result).to_contain_text("signature is valid")


def test_the_browser_check_fails_for_an_entry_body_the_server_did_not_sign(
    page: Page, live: LiveServer
) -> None:
    page.goto(f"{live.url}/record/3")
    page.evaluate("document.getElementById('proof').dataset.body += ' '")
    page.get_by_role("button", name="Verify in my browser").click()
    expect(page.locator("#verify-result")).to_contain_text("NOT verified")


def test_a_council_page_fits_a_phone_screen_without_scrolling_sideways(
    phone: Page, live: LiveServer
) -> None:
    log_in(phone, live, "anna")
    for path in ("/councils/city", "/councils/bakery", "/federation", "/record", "/record/5"):
        phone.goto(f"{live.url}{path}")
        assert overflow(phone) == 0, f"{path} is wider than a 360px screen"


def test_a_council_pages_links_are_headed_groups_that_a_phone_and_a_keyboard_reach(
    phone: Page, live: LiveServer
) -> None:
    log_in(phone, live, "anna")
    phone.goto(f"{live.url}/councils/bakery")
    pages = phone.get_by_role("navigation", name="Pages of this council")
    expect(pages.get_by_role("link")).to_have_count(7)
    calendar = phone.get_by_role("region", name="Calendar subscription")
    expect(
        calendar.get_by_role("link", name="Calendar of votes and elections")
    ).to_have_accessible_description(re.compile("calendar as a subscription"))
    here = phone.get_by_role("navigation", name="On this page")
    pages.get_by_role("link", name="Books").focus()
    phone.keyboard.press("Tab")
    expect(calendar.get_by_role("link")).to_be_focused()
    phone.keyboard.press("Tab")
    expect(here.get_by_role("link", name="Members")).to_be_focused()
    here.get_by_role("link", name="Charter").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", name="Charter", exact=True)).to_be_in_viewport()
    assert overflow(phone) == 0


def test_a_refused_form_shows_the_address_of_its_page_so_a_reload_sends_nothing(
    page: Page, live: LiveServer
) -> None:
    anna = live.federation.members["anna"]
    request = FileMotion(
        "bakery", "Longer breaks", "Breaks of half an hour.", "workplace_organisation"
    )
    with live.sovet.db.transaction() as store:
        motion = file_motion(store, request, actor=anna)
    log_in(page, live, "anna")
    page.goto(f"{live.url}/motions/{motion.id}")
    size = live.sovet.db.tree().size
    page.get_by_label("Your comment (Markdown)").fill("   ")
    page.get_by_role("button", name="Post the comment").click()
    expect(page.get_by_role("alert")).to_contain_text("must not be empty")
    expect(page).to_have_url(f"{live.url}/motions/{motion.id}")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Longer breaks")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert live.sovet.db.tree().size == size


def test_a_member_logs_in_with_the_keyboard_alone(page: Page, live: LiveServer) -> None:
    page.goto(f"{live.url}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["Skip to the content", "solid"]
    for _ in range(15):
        if page.evaluate("document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(Federation.email("clara"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My councils")
    expect(page.get_by_role("main")).to_contain_text("North Tram Depot")


VISITOR_PAGES = [
    "/",
    "/login",
    "/claim",
    "/register",
    "/councils",
    "/record",
    "/record/verify",
    "/indicators",
]
MEMBER_PAGES = [
    "/",
    "/councils/bakery",
    "/councils/city",
    "/councils/bakery/recalls",
    "/councils/city/mandates",
    "/federation",
    "/record/5",
    "/members/0",
]


@pytest.mark.parametrize(
    ("who", "path"),
    [(None, path) for path in VISITOR_PAGES]
    + [("anna", path) for path in MEMBER_PAGES]
    + [(None, "/councils/no-such-council")],
)
def test_axe_finds_no_accessibility_violation(
    page: Page, live: LiveServer, who: str | None, path: str
) -> None:
    if who is not None:
        log_in(page, live, who)
    page.goto(f"{live.url}{path}")
    if path.startswith("/record/") and path[8:].isdigit():
        page.get_by_role("button", name="Verify in my browser").click()
        expect(page.locator("#verify-result")).to_contain_text("Verified")
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in results.response["violations"]
    ]
    assert not violations, f"{path}: " + "; ".join(violations)
