"""A worker in no council founds their workplace's council and imports its member list
from a file, in a real browser on a phone-sized screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .test_browser import LiveServer, browser, live, log_in, overflow, phone

__all__ = ["browser", "live", "phone"]
pytestmark = pytest.mark.browser


def test_a_worker_founds_the_workplaces_council_and_imports_its_list_on_a_phone(
    live: LiveServer, phone: Page, tmp_path: Path
) -> None:
    log_in(phone, live, "elena")
    phone.get_by_role("link", name="found your workplace's council").click()
    phone.get_by_label("Name of the council").first.fill("Harbour Cooperative Café")
    phone.get_by_role("textbox", name="Workplace", exact=True).fill("Café, Pier 3")
    phone.get_by_label("Short code").first.fill("harbour-cafe")
    phone.get_by_text("Its charter: the default, unless you change a rule here").first.click()
    phone.locator("#base-charter-quorum").fill("60")
    assert not Axe().run(phone).response["violations"]
    phone.get_by_role("button", name="Found the council").click()
    expect(phone.get_by_role("status")).to_contain_text("The council is founded")
    expect(phone.locator("h1")).to_contain_text("Harbour Cooperative Café")

    members = tmp_path / "cafe.csv"
    members.write_text("name,email\nIrina Volkova,irina@cafe.example\n")
    phone.get_by_label("The list's CSV file").set_input_files(members)
    phone.get_by_role("button", name="Import the list").click()
    expect(phone.locator("h1")).to_have_text("Member list imported")
    expect(phone.get_by_role("status")).to_contain_text("1 member admitted")
    expect(phone.locator("#codes-csv")).to_contain_text("Irina Volkova,irina@cafe.example,")
    assert overflow(phone) == 0
    assert not Axe().run(phone).response["violations"]
