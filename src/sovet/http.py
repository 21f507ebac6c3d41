"""The HTTP application: the JSON API under /api and the pages, on one FastAPI app."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sovet import __version__
from sovet.adapters.locks import serving
from sovet.adapters.mail import MailSettings
from sovet.api.routes import ROUTERS as API_ROUTERS
from sovet.api.throttle import Throttle
from sovet.bootstrap import Settings, Sovet, bootstrap, config_in
from sovet.domain.errors import Invalid, Refused, TooManyAttempts
from sovet.web.pages import ROUTERS as PAGE_ROUTERS
from sovet.web.pages import render_refusal

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "web" / "static"


def create_app(sovet: Sovet) -> FastAPI:
    app = FastAPI(
        title="sovet",
        version=__version__,
        summary="Workers' councils federated through recallable delegates, with a public record",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.sovet = sovet
    counts = sovet.settings.home / "throttle.db"
    app.state.throttle = Throttle(counts)
    app.state.asking = Throttle(counts, kind="asking", free=3)
    app.state.mailing = Throttle(counts, kind="mailing", free=3, longest=3600, forget=3600)
    app.state.mail = _mail_settings(sovet)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api")
    for router in PAGE_ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        if request.url.path.startswith("/api/"):
            response: Response = JSONResponse({"error": error.message}, status_code=error.status)
        else:
            response = render_refusal(request, error)
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = {404: "there is no such page", 405: "this page does not take that request"}.get(
            error.status_code, str(error.detail)
        )
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=error.status_code)
        return render_refusal(request, Refused(message), status=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        message = "; ".join(_describe(problem) for problem in error.errors())
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=422)
        return render_refusal(request, Refused(message), status=422)

    return app


def _mail_settings(sovet: Sovet) -> MailSettings | None:
    """The instance's mail settings, where it has them (``sovet notify`` says what is
    missing); without them, the page for a forgotten password says that the instance
    sends no e-mail. Settings that are there but wrong are named in a warning, once."""
    try:
        config = config_in(sovet.settings.home)
        if not MailSettings.configured(config):
            return None
        return MailSettings.read(config, sovet.settings.config_file)
    except Invalid as error:
        log.warning("the server sends no e-mail: its mail settings are wrong: %s", error.message)
        return None


def app_from_environment() -> FastAPI:
    """The app for the instance that ``SOVET_HOME`` (or ``SOVET_DATABASE_URL``) names: what
    each process of ``sovet serve --workers`` runs. The process holds the instance's
    server lock (``locks.serving``) as long as it has the app: for the rest of its life."""
    sovet = bootstrap(Settings.from_environment())
    held = ExitStack()
    held.enter_context(serving(sovet.settings.home))
    app = create_app(sovet)
    app.state.serving = held
    return app


def _describe(problem: dict[str, object]) -> str:
    location = problem.get("loc", ())
    if problem.get("type") == "json_invalid" and isinstance(location, tuple | list):
        at = location[-1] if len(location) > 1 else 0
        return f"request: the body is not valid JSON (from character {at})"
    if problem.get("type") == "model_attributes_type" and location == ("body",):
        return "request: the body must be a JSON object, sent as Content-Type application/json"
    path = (
        ".".join(str(part) for part in location if part != "body")
        if isinstance(location, tuple | list)
        else ""
    )
    return f"{path or 'request'}: {problem.get('msg', 'invalid')}"
