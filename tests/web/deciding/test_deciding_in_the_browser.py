"""Deciding in a real browser (Debian's Chromium driven by Playwright): a motion filed,
supported until it reaches the agenda, amended, voted on while the count changes live,
closed, and read as a decision with a minority report; the keyboard alone; axe-core's
rules and a phone-sized screen on every deciding page.

The server reads a hand-moved clock, so that the test waits out agenda and voting
periods by moving it.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import Clock
from sovet.bootstrap import Settings, Sovet, bootstrap
from sovet.http import create_app
from sovet.record.checkpoint import InstanceKey
from sovet.services.attach_minority_report import AttachMinorityReport, attach_minority_report
from sovet.services.comment import PostComment, comment
from sovet.services.form_faction import FormFaction, form_faction
from sovet.services.moderation import HideComment, hide_comment
from sovet.services.publish_statement import PublishStatement, publish_statement
from sovet.services.request_secret_ballot import RequestSecretBallot, request_secret_ballot

from ..federation import seed
from ..test_browser import DESKTOP, LiveServer, log_in, overflow
from .deliberation import AGENDA_DAYS, SHOP, TEXT, VOTING_DAYS, Deliberation

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Stage:
    """The live server, the steps that act on it, and pages of motions in every state."""

    live: LiveServer
    steps: Deliberation
    paths: dict[str, str]


@contextmanager
def serving(sovet: Sovet) -> Iterator[str]:
    """The app served by uvicorn on a free port of 127.0.0.1; yields its address."""
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
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)
    listening.close()


def set_the_stage(steps: Deliberation) -> dict[str, str]:
    """Motions in each state, a faction's statement, comments (one hidden), a decision
    with a minority report; the paths of the pages that show them."""
    members = steps.members
    decided, _ = steps.decided(title="Buy a second press")
    report = AttachMinorityReport(decided.id, "Repair the old press first: it costs a tenth.")
    steps.act(lambda store: attach_minority_report(store, report, actor=members["katya"]))
    motion = steps.scheduled(title="Open on Saturdays", text="The shop opens on Saturdays.")
    steps.amend("katya", motion, "on Saturdays", "on Saturday mornings")
    said = steps.act(
        lambda store: comment(
            store, PostComment(motion.id, "Who minds the kids?"), actor=members["katya"]
        )
    )
    steps.act(
        lambda store: comment(
            store, PostComment(motion.id, "We share it.", reply_to=said.id), actor=members["ivan"]
        )
    )
    spam = steps.act(
        lambda store: comment(store, PostComment(motion.id, "Buy ink!"), actor=members["fyodor"])
    )
    steps.act(
        lambda store: hide_comment(
            store, HideComment(spam.id, "posted by mistake"), actor=members["fyodor"]
        )
    )
    faction = steps.act(
        lambda store: form_faction(
            store, FormFaction("Day Shift Caucus", "No *night* shifts."), actor=members["katya"]
        )
    )
    statement = PublishStatement(faction.id, "The caucus backs Saturday mornings.", motion.id)
    steps.act(lambda store: publish_statement(store, statement, actor=members["katya"]))
    keyboard = steps.scheduled(title="Vote by keyboard")
    secret = steps.scheduled(title="Elect the shop's treasurer by lot")
    asking = RequestSecretBallot(secret.id)
    steps.act(lambda store: request_secret_ballot(store, asking, actor=members["katya"]))
    [vote] = steps.open("galina", motion)
    [keyboard_vote] = steps.votes_on(keyboard)  # these opened too: they fell due together
    [secret_vote] = steps.votes_on(secret)
    steps.cast("katya", vote, "yes")
    filed = steps.file("ivan", title="Paint the workshop green")
    return {
        "filed": f"/motions/{filed.id}",
        "keyboard": f"/motions/{keyboard.id}#vote-{keyboard_vote.id}",
        "secret": f"/motions/{secret.id}#vote-{secret_vote.id}",
        "agenda": f"/councils/{SHOP}/agenda",
        "motion": f"/motions/{motion.id}",
        "decided": f"/motions/{decided.id}",
        "filing": f"/councils/{SHOP}/motions/new",
        "decisions": f"/councils/{SHOP}/decisions",
        "factions": "/factions",
        "faction": f"/factions/{faction.id}",
        "my votes": "/me/votes",
        "home": "/",
    }


def staged(home: Path, *, with_motions: bool) -> Iterator[Stage]:
    """A seeded instance on a hand-moved clock, with the print shop (and, if asked, its
    motions in every state), served live."""
    clock = Clock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    sovet = bootstrap(
        Settings(home=home, database_url=f"sqlite:///{home / 'sovet.db'}"),
        clock=clock,
        key=InstanceKey.from_seed(bytes(range(32))),
    )
    federation = seed(sovet, clock)
    steps = Deliberation(sovet, federation, clock)
    steps.found_print_shop()
    paths = set_the_stage(steps) if with_motions else {}
    with serving(sovet) as url:
        yield Stage(LiveServer(url, sovet, federation), steps, paths)
    sovet.db.engine.dispose()


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    """Shared by the tests that only read, or act without moving the clock."""
    yield from staged(tmp_path_factory.mktemp("deciding"), with_motions=True)


@pytest.fixture
def own_stage(tmp_path: Path) -> Iterator[Stage]:
    """For a test that moves the clock, which would close the shared stage's votes."""
    yield from staged(tmp_path, with_motions=False)


def as_member(page: Page, stage: Stage, who: str, path: str) -> None:
    log_in(page, stage.live, who)
    page.goto(f"{stage.live.url}{path}")


@pytest.fixture
def browser_without_scripts(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_a_motion_goes_from_filing_through_support_amendment_and_a_live_vote_to_a_decision(
    page: Page, own_stage: Stage
) -> None:
    stage = own_stage
    steps, url = stage.steps, stage.live.url
    as_member(page, stage, "galina", f"/councils/{SHOP}/agenda")
    page.get_by_role("link", name="File a motion").click()
    page.get_by_label("Title").fill("A library in the canteen")
    page.get_by_label("Text").fill(
        "The canteen gets a shelf of books.\n\nMembers lend them *freely*."
    )
    page.get_by_label("Kind of matter").select_option(label="workplace organisation")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview: A library in the canteen")
    expect(preview.locator("em")).to_have_text("freely")
    page.get_by_role("button", name="File the motion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A library in the canteen")
    expect(page.locator(".motion-state")).to_contain_text("1 of the 3 supporters")
    motion_path = page.url.removeprefix(url).split("?")[0]
    motion_id = int(motion_path.rsplit("/", 1)[1])

    for who in ("fyodor", "ivan"):
        as_member(page, stage, who, motion_path)
        page.get_by_role("button", name="Support this motion").click()
        expect(page.get_by_role("status")).to_contain_text("You support this motion.")
    expect(page.locator(".motion-state")).to_contain_text("on the agenda")

    as_member(page, stage, "katya", motion_path)
    amending = page.get_by_label("Your amended text")
    expect(amending).to_have_value(
        "The canteen gets a shelf of books.\n\nMembers lend them *freely*."
    )
    amending.fill("The canteen gets two shelves of books.\n\nMembers lend them *freely*.")
    page.get_by_role("button", name="Propose the amendment").click()
    expect(page.get_by_role("status")).to_contain_text("Your amendment was proposed.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    amendment = page.locator("article.amendment")
    expect(amendment.locator("del")).to_contain_text("a shelf")
    expect(amendment.locator("ins")).to_contain_text("two shelves")

    steps.clock.advance(days=AGENDA_DAYS)
    page.reload()
    page.get_by_role("button", name="Open the vote").click()
    expect(page.get_by_role("status")).to_contain_text("The vote is open.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("status")).to_contain_text("Your vote is cast.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    [amendment_vote] = steps.votes_on(steps.motion(motion_id))
    for who in ("galina", "ivan"):
        steps.cast(who, amendment_vote, "yes")

    steps.clock.advance(days=VOTING_DAYS)
    page.reload()
    page.get_by_role("button", name="Close the vote and count it").click()
    expect(page.get_by_role("heading", name="Versions of the text (2)")).to_be_visible()
    expect(page.locator(".motion-text")).to_contain_text("two shelves of books")

    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("status")).to_contain_text("Your vote is cast.")
    motion_vote = steps.votes_on(steps.motion(motion_id))[-1]
    live = page.locator(f'[data-live-vote="{motion_vote.id}"]')
    expect(live.locator('[data-count="no"]')).to_have_text("1")
    expect(live.locator('[data-count="yes"]')).to_have_text("0")
    page.evaluate("window.stillTheSamePage = true")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.removeprefix(url)))
    for who in ("galina", "fyodor", "ivan"):
        steps.cast(who, motion_vote, "yes")
    expect(live.locator('[data-count="yes"]')).to_have_text("3", timeout=15_000)
    expect(live.locator('[data-count="turnout"]')).to_have_text("4")
    expect(live).to_contain_text("The counts update live")
    assert page.evaluate("window.stillTheSamePage") is True
    # It polls the tally alone, never the whole vote with every voter's name.
    assert asked and set(asked) == {f"/api/votes/{motion_vote.id}/tally"}

    steps.clock.advance(days=VOTING_DAYS)
    page.reload()
    page.get_by_role("button", name="Close the vote and count it").click()
    expect(page.get_by_role("heading", name="Decision", exact=True)).to_be_visible()
    expect(page.locator(".motion-state")).to_contain_text(
        "It is a decision of Print Shop Collective"
    )
    page.get_by_label("Your minority report (Markdown)").fill("Books belong in the *library*.")
    page.get_by_role("button", name="Attach the minority report").click()
    expect(page.get_by_role("status")).to_contain_text("Your minority report is attached")
    expect(page.get_by_role("status")).to_be_in_viewport()
    expect(page.locator(".minority-report")).to_contain_text("Books belong in the library.")

    page.goto(f"{url}/councils/{SHOP}/decisions")
    decision = page.locator("article.decision", has_text="A library in the canteen")
    expect(decision.locator(".minority-report")).to_contain_text("Books belong in the library.")
    expect(decision).to_contain_text("passed by the simple majority rule: 3 yes, 1 no")


def test_without_scripts_the_results_still_show_with_a_link_to_reload(
    browser_without_scripts: Page, stage: Stage
) -> None:
    page = browser_without_scripts
    page.goto(f"{stage.live.url}{stage.paths['motion']}")
    block = page.locator("article.vote-open")
    expect(block.locator('[data-count="yes"]')).to_have_text("1")
    expect(block.get_by_role("link", name="reload the page")).to_be_visible()


def test_a_member_votes_with_the_keyboard_alone(page: Page, stage: Stage) -> None:
    as_member(page, stage, "fyodor", stage.paths["keyboard"])
    for _ in range(200):
        if page.evaluate("document.activeElement.name === 'choice'"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "yes"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("[document.activeElement.value, document.activeElement.checked]") == [
        "no",
        True,
    ]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Cast my vote"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Your vote is cast.")
    expect(page.get_by_role("status")).to_be_in_viewport()
    expect(page.locator("[data-live-vote] [data-count='no']")).to_have_text("1")


def test_a_secret_ballots_receipt_is_shown_once_and_fits_a_phone_screen(
    phone: Page, stage: Stage
) -> None:
    as_member(phone, stage, "ivan", stage.paths["secret"])
    block = phone.locator("article.vote-open")
    expect(block).to_contain_text("This vote is secret: its ballots are counted")
    phone.get_by_role("radio", name="Abstain").check()
    phone.get_by_role("button", name="Cast my vote").click()
    receipt = phone.locator("#receipt code")
    expect(receipt).to_have_text(re.compile(r"^\S{20,}$"))
    assert overflow(phone) == 0, "the receipt is wider than a 360px screen"
    expect(phone.locator("article.vote-open")).to_contain_text("you have voted")
    phone.reload()
    expect(phone.locator("article.vote-open")).to_contain_text("you have voted")
    expect(phone.locator("#receipt")).to_have_count(0)


def test_a_refused_comment_or_reply_comes_back_focused_with_its_reason_in_view_on_a_phone(
    phone: Page, stage: Stage
) -> None:
    as_member(phone, stage, "galina", stage.paths["motion"])
    phone.get_by_label("Your comment (Markdown)").fill("   ")
    phone.get_by_role("button", name="Post the comment").click()
    box = phone.locator("#comment-text")
    expect(box).to_be_focused()
    expect(box).to_have_value("   ")
    expect(box).to_have_attribute("aria-invalid", "true")
    reason = phone.locator("#comment-text-refusal")
    expect(reason).to_have_text("Refused: Your comment: must not be empty")
    expect(reason).to_be_in_viewport()
    expect(box).to_be_in_viewport()
    assert overflow(phone) == 0, "the refused comment is wider than a 360px screen"

    thread = phone.locator("li", has_text="Who minds the kids?").first
    thread.get_by_text("Reply", exact=True).first.click()
    thread.get_by_label("Your reply to Katya Volkova").fill(" ")
    thread.get_by_role("button", name="Reply").first.click()
    reply = phone.get_by_label("Your reply to Katya Volkova")
    expect(reply).to_be_focused()
    expect(reply).to_have_value(" ")
    reason = phone.locator(".field-refusal")
    expect(reason).to_have_text("Refused: Your reply: must not be empty")
    expect(reason).to_be_in_viewport()
    expect(phone.locator("#comment-text")).to_have_value("")
    assert not Axe().run(phone).response["violations"]


def test_a_refused_amendment_comes_back_focused_with_its_reason_in_view_on_a_phone(
    phone: Page, stage: Stage
) -> None:
    as_member(phone, stage, "galina", stage.paths["filed"])
    box = phone.get_by_label("Your amended text")
    expect(box).to_have_value(TEXT)
    phone.get_by_role("button", name="Propose the amendment").click()
    expect(box).to_be_focused()
    expect(box).to_have_value(TEXT)
    expect(box).to_have_attribute("aria-invalid", "true")
    reason = phone.locator("#amend-text-refusal")
    expect(reason).to_have_text(
        "Refused: Your amended text: is the motion's text unchanged; change the words you "
        "would amend, then propose the amendment"
    )
    expect(reason).to_be_in_viewport()
    expect(box).to_be_in_viewport()
    assert overflow(phone) == 0, "the refused amendment is wider than a 360px screen"
    assert not Axe().run(phone).response["violations"]


def test_a_refused_faction_statement_comes_back_focused_with_its_reason_in_view_on_a_phone(
    phone: Page, stage: Stage
) -> None:
    as_member(phone, stage, "katya", stage.paths["motion"])
    box = phone.get_by_label("A statement of Day Shift Caucus on this motion")
    box.fill("  ")
    phone.get_by_role("button", name="Publish the statement").click()
    expect(box).to_be_focused()
    expect(box).to_have_value("  ")
    expect(box).to_have_attribute("aria-invalid", "true")
    reason = phone.locator("#statement-text-refusal")
    expect(reason).to_have_text("Refused: The statement: must not be empty")
    expect(reason).to_be_in_viewport()
    expect(box).to_be_in_viewport()
    expect(phone.locator("#refusal")).to_have_count(0)
    assert overflow(phone) == 0, "the refused statement is wider than a 360px screen"
    assert not Axe().run(phone).response["violations"]


def test_the_kind_of_matter_is_asked_for_only_of_a_resolution(page: Page, stage: Stage) -> None:
    as_member(page, stage, "galina", stage.paths["filing"])
    matter = page.get_by_label("Kind of matter")
    expect(matter).to_have_js_property("required", True)
    page.get_by_label("An amendment of the charter").check()
    expect(matter).to_have_js_property("required", False)
    page.get_by_label("A resolution").check()
    page.get_by_label("Title").fill("Lunch lasts an hour")
    page.get_by_label("Text", exact=True).fill("From June.")
    page.get_by_role("button", name="File the motion").click()
    expect(matter).to_be_focused()
    assert page.evaluate("document.getElementById('motion-matter').validity.valueMissing")


PAGES = [
    "agenda",
    "motion",
    "decided",
    "filing",
    "decisions",
    "factions",
    "faction",
    "my votes",
    "home",
]


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_accessibility_violation_on_the_deciding_pages(
    page: Page, stage: Stage, name: str
) -> None:
    as_member(page, stage, "galina", stage.paths[name])
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in results.response["violations"]
    ]
    assert not violations, f"{name}: " + "; ".join(violations)


def test_axe_finds_no_violation_on_a_motion_as_a_visitor_sees_it(page: Page, stage: Stage) -> None:
    page.goto(f"{stage.live.url}{stage.paths['motion']}?hidden=true")
    results = Axe().run(page)
    assert not results.response["violations"], results.generate_report()


def test_the_deciding_pages_fit_a_phone_screen_without_scrolling_sideways(
    phone: Page, stage: Stage
) -> None:
    log_in(phone, stage.live, "galina")
    for name in PAGES:
        phone.goto(f"{stage.live.url}{stage.paths[name]}")
        phone.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        assert overflow(phone) == 0, f"{name} is wider than a 360px screen"
