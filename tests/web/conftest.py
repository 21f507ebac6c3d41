"""Fixtures for the page tests: an app over a seeded federation, and a logged-in client."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient

from conftest import Clock
from sovet.bootstrap import Sovet
from sovet.http import create_app

from .federation import PASSWORD, Federation, seed

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|[}%#]\}")
SCROLLING_FRAME = re.compile(r'<div class="table-wrap"[^>]*>')
REACHABLE_FRAME = re.compile(r'role="region" aria-label="[^"]+" tabindex="0"')


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found is not None, "the page carries no form with a CSRF token"
    return found.group(1)


DONE_NOTICE = '<div class="notice notice-done" role="status"><p>'


def confirmed_under(html: str, element: str, words: str) -> None:
    """The page confirms an act, once, in a notice saying ``words`` right under the
    element with the id ``element`` (the heading it opens at after the act)."""
    assert html.count(DONE_NOTICE) == 1, "the act is confirmed once"
    found = re.search(rf'<(\w+)[^>]* id="{element}"[^>]*>.*?</\1>\s*', html, re.S)
    assert found is not None, f"the page has no element {element!r}"
    assert html[found.end() :].startswith(DONE_NOTICE + words), (
        f"the confirmation stands right under {element!r}, where the page opens"
    )


REFUSED_AT_TOP = '<div class="notice notice-refused" role="alert" id="refusal">'


def refused_beside(page: str, field: str, reason: str) -> str:
    """The page shows a refusal saying ``reason`` right above the field with the id
    ``field``, not at its top: the field is marked invalid, described by the reason and
    focused. Returns what the field holds (a textarea's text, an input's value, the value
    of a select's chosen option)."""
    assert REFUSED_AT_TOP not in page, "the reason stands beside its form, not at the top"
    assert page.count('class="field-refusal"') == 1, "the reason stands beside one field"
    found = re.search(
        rf'<p class="field-refusal" id="{field}-refusal"><strong>Refused:</strong> (.*?)</p>'
        rf'\s*<(textarea|input|select) id="{field}"([^>]*)>',
        page,
        re.S,
    )
    assert found is not None, f"no reason stands right above the field {field!r}"
    assert html.unescape(found.group(1)) == reason
    attributes = found.group(3)
    assert ' aria-invalid="true"' in attributes
    assert re.search(rf' aria-describedby="{field}-refusal\b', attributes)
    assert attributes.endswith(" autofocus"), "the field takes the focus"
    if found.group(2) == "input":
        value = re.search(r' value="([^"]*)"', attributes)
        assert value is not None
        return html.unescape(value.group(1))
    if found.group(2) == "select":
        options = re.match(r"(.*?)</select>", page[found.end() :], re.S)
        assert options is not None
        chosen = re.search(r'<option value="([^"]*)" selected>', options.group(1))
        return "" if chosen is None else html.unescape(chosen.group(1))
    text = re.match(r"(.*?)</textarea>", page[found.end() :], re.S)
    assert text is not None
    return html.unescape(text.group(1))


def refused_at_top(page: str, reason: str) -> None:
    """The page shows a refusal saying ``reason`` at its top: it shows no form it is
    about."""
    assert REFUSED_AT_TOP in page, "the reason stands at the top"
    assert reason in html.unescape(page)
    assert 'class="field-refusal"' not in page


def record_size(sovet: Sovet) -> int:
    return sum(1 for _ in sovet.db.bodies())


def log_in(client: TestClient, who: str) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "email": Federation.email(who), "password": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def federation(sqlite_sovet: Sovet, clock: Clock) -> Federation:
    return seed(sqlite_sovet, clock)


def rendered_whole(response: httpx2.Response) -> None:
    """Fail on a page that shows template syntax (a tag Jinja did not render), or whose
    table frames, which scroll sideways on a phone, a keyboard cannot reach and scroll."""
    if response.headers.get("content-type", "").startswith("text/html"):
        response.read()
        path = response.request.url.path
        leaked = TEMPLATE_SYNTAX.search(response.text)
        assert leaked is None, (
            f"{path} shows template syntax: "
            f"{response.text[max(0, leaked.start() - 80) : leaked.end() + 80]!r}"
        )
        for frame in SCROLLING_FRAME.findall(response.text):
            assert REACHABLE_FRAME.search(frame), (
                f"{path}: {frame} needs a name and tabindex 0 for the keyboard"
            )


def page_client(sovet: Sovet) -> TestClient:
    """A client of the app over ``sovet`` that checks every page it fetches is rendered."""
    test_client = TestClient(create_app(sovet))
    test_client.event_hooks["response"].append(rendered_whole)
    return test_client


@pytest.fixture
def client(sqlite_sovet: Sovet) -> Iterator[TestClient]:
    with page_client(sqlite_sovet) as test_client:
        yield test_client
