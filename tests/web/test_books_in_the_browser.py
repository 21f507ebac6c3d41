"""A bakery worker records a process in the books through the page, in a real browser on
a phone-sized screen."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from sovet.services.add_product import AddProduct, add_product

from .test_browser import PHONE, LiveServer, browser, live, log_in, overflow, phone

__all__ = ["browser", "live", "phone"]
INGREDIENTS = [
    ("bread", "Rye bread"),
    ("flour", "Rye flour"),
    ("sourdough", "Rye sourdough starter"),
    ("caraway", "Caraway seed"),
]
pytestmark = pytest.mark.browser


def catalogued(live: LiveServer) -> None:
    """The ingredients are in the catalogue, counted in kg (the server lives for the whole
    module)."""
    anna = live.federation.members["anna"]
    with live.sovet.db.transaction() as store:
        for code, name in INGREDIENTS:
            if store.product(code) is None:
                add_product(store, AddProduct("bakery", code, name, "kg"), actor=anna)


def test_a_worker_records_a_process_on_a_phone(live: LiveServer, phone: Page) -> None:
    catalogued(live)
    log_in(phone, live, "anna")
    phone.goto(f"{live.url}/councils/bakery/books")
    phone.get_by_label("Code of the process").fill("oven")
    phone.get_by_label("Product it makes").fill("bread")
    phone.get_by_label("Hours of labour per unit").fill("0.2")
    phone.get_by_label("Capacity: units per period").fill("500")
    phone.get_by_label("Inputs per unit, one to a line").fill(
        "flour 0.7 kg\nsourdough 0.05 kg\ncaraway 0.004 kg"
    )
    phone.get_by_role("button", name="Record the process").click()
    expect(phone.get_by_role("status")).to_contain_text("The process was recorded")
    row = phone.locator("#process-oven")
    expect(row).to_contain_text("bread (kg)")
    expect(row).to_contain_text("0.004 kg caraway; 0.7 kg flour; 0.05 kg sourdough")
    assert phone.locator("#process-oven").bounding_box()["width"] > PHONE["width"]
    assert overflow(phone) == 0
    assert not Axe().run(phone).response["violations"]


def test_a_refused_stock_comes_back_focused_with_its_reason_in_view_on_a_phone(
    live: LiveServer, phone: Page
) -> None:
    """The reason stands right above the field it is about, which takes the focus and
    keeps what was typed, so that the page opens there, far down the books."""
    catalogued(live)
    log_in(phone, live, "anna")
    phone.goto(f"{live.url}/councils/bakery/books")
    size = live.sovet.db.tree().size
    line = phone.get_by_label("Product, quantity and unit")
    line.fill("flour 0.1 t")
    phone.get_by_role("button", name="Record the stock").click()
    expect(line).to_be_focused()
    expect(line).to_have_value("flour 0.1 t")
    expect(line).to_have_attribute("aria-invalid", "true")
    reason = phone.locator("#stock-line-refusal")
    expect(reason).to_have_text(
        "Refused: stock counts 'flour' in 't', but the catalogue counts it in 'kg'"
    )
    expect(reason).to_be_in_viewport()
    expect(line).to_be_in_viewport()
    expect(phone.locator("#refusal")).to_have_count(0)
    assert live.sovet.db.tree().size == size
    assert overflow(phone) == 0, "the refused stock is wider than a 360px screen"
    assert not Axe().run(phone).response["violations"]
