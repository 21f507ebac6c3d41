"""The address a refused form comes back at: the same-site page it was sent from, without
its ``done`` notice (and the vote or comment it was on), and nothing for a GET, another site or a path that leaves the site."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from sovet.web.rendering import form_page, page_to_return_to


def sent(method: str, referer: str | None) -> Request:
    headers = [] if referer is None else [(b"referer", referer.encode())]
    return Request(
        {
            "type": "http",
            "method": method,
            "scheme": "https",
            "server": ("sovet.example", 443),
            "path": "/motions/5/comments",
            "query_string": b"",
            "headers": [(b"host", b"sovet.example"), *headers],
        }
    )


@pytest.mark.parametrize(
    ("referer", "page"),
    [
        ("https://sovet.example/motions/5", "/motions/5"),
        ("https://sovet.example/factions?council=works&done=joined", "/factions?council=works"),
        ("https://sovet.example/motions/5?done=commented", "/motions/5"),
        (
            "https://sovet.example/motions/5?hidden=true&done=voted&done_on=7",
            "/motions/5?hidden=true",
        ),
        ("https://elsewhere.example/motions/5", None),
        ("https://sovet.example//elsewhere.example/x", None),
        ("https://sovet.example/\\elsewhere.example/x", None),
        (None, None),
    ],
)
def test_a_form_comes_back_at_the_page_it_was_sent_from(
    referer: str | None, page: str | None
) -> None:
    assert form_page(sent("POST", referer)) == page
    assert page_to_return_to(sent("POST", referer)) == (page or "/").split("?")[0]


def test_a_page_that_was_fetched_names_no_form_page() -> None:
    assert form_page(sent("GET", "https://sovet.example/motions/5")) is None
