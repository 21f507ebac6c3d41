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


def test_a_worker_records_a_process_on_a_phone(live: LiveServer, phone: Page) -> None:
    anna = live.federation.members["anna"]
    with live.sovet.db.transaction() as store:
        for code, name in INGREDIENTS:
            add_product(store, AddProduct("bakery", code, name, "kg"), actor=anna)
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
