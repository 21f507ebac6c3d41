"""Rendering pages: the templates, the forms' CSRF tokens, and the headers every page sends.

A form's CSRF token is an HMAC keyed by a secret the browser holds in an HttpOnly
cookie, so another site can neither read it nor compute the token: the session token
once a member is logged in, before that a random pre-session secret set with the first
form. A POST whose token does not match is refused before anything runs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import StrictUndefined

from sovet.api.deps import SESSION_COOKIE, instance, optional_member
from sovet.domain.charter import METHOD_WORDS, THRESHOLD_WORDS, matter_words, power_words
from sovet.domain.elections import least_voting_days
from sovet.domain.errors import Forbidden, Refused, TooManyAttempts
from sovet.domain.members import Member
from sovet.domain.planning import PART_WORDS, PERIOD_WORDS
from sovet.figures import duration, plural, quantity
from sovet.services.recall import ended_words
from sovet.voting.report import tie_words

CSRF_COOKIE = "sovet_csrf"
CSRF_FIELD = "csrf"
CSRF_LABEL = b"sovet-csrf/v1"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.undefined = StrictUndefined


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else value


def _moment(timestamp: str) -> str:
    """A record timestamp (``2026-05-01T09:00:00.000000Z``) as people read it."""
    day, _, clock = timestamp.partition("T")
    return f"{day} {clock[:8]} UTC" if clock else timestamp


templates.env.filters.update(
    percent=_percent,
    day=_day,
    moment=_moment,
    quantity=quantity,
    duration=duration,
    matter=matter_words,
    power=power_words,
    ended=ended_words,
)
templates.env.globals.update(
    plural=plural,
    threshold_words=THRESHOLD_WORDS,
    method_words=METHOD_WORDS,
    tie_words=tie_words,
    period_words=PERIOD_WORDS,
    part_words=PART_WORDS,
    least_voting_days=least_voting_days,
)


def csrf_token(secret: str) -> str:
    return hmac.new(secret.encode(), CSRF_LABEL, hashlib.sha256).hexdigest()


def _csrf_secret(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or request.cookies.get(CSRF_COOKIE)


async def require_csrf(request: Request) -> None:
    """Refuse a form whose CSRF token does not match the browser's secret."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    secret = _csrf_secret(request)
    if (
        secret is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent, csrf_token(secret))
    ):
        raise Forbidden(
            "this form's security token is missing or out of date (was it sent from "
            "another site?): reload the page and send it again"
        )


class _FormSecret:
    """The secret that keys this page's CSRF tokens, created on first use if need be."""

    def __init__(self, request: Request) -> None:
        self.value = _csrf_secret(request)
        self.created = False
        self.used = False

    def token(self) -> str:
        if self.value is None:
            self.value = secrets.token_urlsafe(32)
            self.created = True
        self.used = True
        return csrf_token(self.value)


def viewer(request: Request) -> Member | None:
    """The logged-in member, for pages rendered outside a route's dependencies."""
    return optional_member(request, instance(request))


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def page_to_return_to(request: Request) -> str:
    """Where a member should land after logging in from this request: the page itself
    for a GET, else the same-site page that sent the form, else home."""
    if request.method == "GET":
        return request.url.path
    sent_from = form_page(request)
    return "/" if sent_from is None else urlsplit(sent_from).path


def form_page(request: Request) -> str | None:
    """The address of the same-site page that sent this form (without a ``done`` notice),
    if the browser said; None for a GET."""
    if request.method == "GET":
        return None
    referer = urlsplit(request.headers.get("referer", ""))
    local = referer.path.startswith("/") and not referer.path.startswith(("//", "/\\"))
    if referer.netloc != request.url.netloc or not local:
        return None
    query = "&".join(
        part
        for part in referer.query.split("&")
        if part and not part.startswith(("done=", "done_on="))
    )
    return referer.path + (f"?{query}" if query else "")


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    member: Member | None,
    status: int = 200,
) -> HTMLResponse:
    """The page ``template`` for ``member`` (None for a visitor), with the security headers."""
    secret = _FormSecret(request)
    response = templates.TemplateResponse(
        request,
        template,
        {**context, "viewer": member, "csrf_token": secret.token, "form_page": form_page(request)},
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if secret.used:
        response.headers["Cache-Control"] = "private, no-store"
    if secret.created and secret.value is not None:
        response.set_cookie(
            CSRF_COOKIE,
            secret.value,
            httponly=True,
            samesite="lax",
            secure=is_https(request),
        )
    return response


def render_refused(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    member: Member | None,
    error: Refused,
) -> HTMLResponse:
    """The form ``template`` again, saying why ``error`` refused it, with its status (and
    ``Retry-After`` where it says to wait)."""
    page = render(
        request, template, {**context, "error": error.message}, member=member, status=error.status
    )
    if isinstance(error, TooManyAttempts):
        page.headers["Retry-After"] = str(error.retry_after)
    return page
