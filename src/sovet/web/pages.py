"""The server-rendered pages."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sovet.domain.errors import Refused

router = APIRouter()


def render_refusal(request: Request, error: Refused, *, status: int | None = None) -> Response:
    return HTMLResponse(f"<p>{escape(error.message)}</p>", status_code=status or error.status)
