"""The web app factory: ``create_app(settings)`` → a FastAPI application."""

from __future__ import annotations

import functools
import logging
import threading
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

import mcda
from rahbord.store import JobWorker, Store

from . import tasks
from .deps import ClosesForms, PageError, RepeatedForm, SignInRequired, render
from .ingest import recover_stored_uploads
from .routes import answer_online, auth, links, responses, results, scenarios, studies, whatif, workshop
from .security import BodyLimit, SecurityHeaders
from .server_errors import ServerErrorPage
from .settings import Settings
from .whatif import what_if_view

__all__ = ["create_app"]

log = logging.getLogger("rahbord.web")


def create_app(settings: Settings | None = None) -> FastAPI:
    """A ready web app: storage opened and migrated, job worker started with the app."""
    settings = settings or Settings()
    store = Store.open(settings.data_dir, settings.database_url)
    # the worker also reads again, at start-up and every minute, uploads a stopped server left `stored`
    worker = JobWorker(store.session, {kind: functools.partial(job, store) for kind, job in tasks.JOBS.items()},
                       housekeeping=functools.partial(recover_stored_uploads, store, settings))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # the cross-check's pymcdm (it loads matplotlib, 1–2 s) is imported now, beside start-up, not by the
        # first analysis; an import is once per process, so every later analysis finds it loaded
        threading.Thread(target=mcda.load_ranking_methods, name="rahbord-load-pymcdm", daemon=True).start()
        if settings.run_worker:
            worker.start()
        try:
            yield
        finally:
            worker.stop()
            store.dispose()

    app = FastAPI(title="rahbord", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.store = store
    app.state.worker = worker
    app.state.templates = Jinja2Templates(directory=str(files("rahbord.web") / "templates"))
    app.state.templates.env.globals["max_files"] = settings.max_upload_files
    # the analysis choices a form offers are the registries' (a registered method appears by itself)
    app.state.templates.env.globals["option_registries"] = mcda.OPTION_REGISTRIES
    app.state.templates.env.globals["what_if"] = what_if_view  # the results page's sliders (rahbord.web.whatif)

    # each added middleware wraps the ones before it: read from the last up. Outermost: headers on
    # everything (even a 413), then the size limit, then sessions, then the error page of a crash
    # (inside the session, to render the page in the planner's language); innermost, a parsed form's files closed
    app.add_middleware(ClosesForms)
    app.add_middleware(ServerErrorPage)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(store),
        session_cookie="rahbord_session",
        max_age=14 * 24 * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(files("rahbord.web") / "static")), name="static")

    # a live workshop's polled routes first: each request is matched against the routes in this order
    for router in (workshop.live, auth.router, studies.router, responses.router, results.router,
                   scenarios.router, links.router, answer_online.router, workshop.router, whatif.router):
        app.include_router(router)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _exc: SignInRequired):
        return RedirectResponse("/signin", status_code=303)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError):
        return render(request, "error.html", {"title_key": exc.title_key, "message": exc.message},
                      status_code=exc.status)

    @app.exception_handler(RepeatedForm)
    async def _repeated_form(request: Request, exc: RepeatedForm):
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError):
        # a path that names no row the app could have (/studies/abc, an id past any integer column)
        # is simply not found; a malformed query or form is refused — both on the app's own page
        if any(error.get("loc", ("",))[0] == "path" for error in exc.errors()):
            return render(request, "error.html", {"title_key": "not_found", "message": ""}, status_code=404)
        fields = ", ".join(sorted({str(error.get("loc", ("", ""))[-1]) for error in exc.errors()}))
        return render(request, "error.html", {"title_key": "refused", "message": fields}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return render(request, "error.html", {"title_key": "not_found", "message": ""}, status_code=404)
        return render(request, "error.html", {"title_key": "refused", "message": str(exc.detail)},
                      status_code=exc.status_code)

    return app
