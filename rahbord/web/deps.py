"""Request helpers shared by the routers: the database session, the signed-in
planner, ownership checks, CSRF, form parsing within limits, page rendering."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException

import mcda
from rahbord.store import Store, Study, User

from .i18n import LANGS, direction, integer, number, translator
from .security import check_csrf, csrf_token
from .settings import Settings

__all__ = [
    "db",
    "current_user",
    "require_user",
    "owned_study",
    "read_form",
    "csrf_protect",
    "render",
    "lang_of",
    "SignInRequired",
    "PageError",
]


class SignInRequired(Exception):
    """Raised by :func:`require_user`; the app redirects to the sign-in page."""


class PageError(Exception):
    """A problem to show the planner on an error page with ``status``."""

    def __init__(self, status: int, title_key: str, message: str):
        super().__init__(message)
        self.status, self.title_key, self.message = status, title_key, message


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def store_of(request: Request) -> Store:
    return request.app.state.store


def db(request: Request) -> Iterator[Session]:
    with store_of(request).session() as session:
        yield session


def lang_of(request: Request) -> str:
    lang = request.session.get("lang") or settings_of(request).default_lang
    return lang if lang in LANGS else "fa"


def current_user(request: Request, session: Session = Depends(db)) -> User | None:
    user_id = request.session.get("user_id")
    return session.get(User, user_id) if user_id else None


def require_user(user: User | None = Depends(current_user)) -> User:
    if user is None:
        raise SignInRequired()
    return user


def owned_study(study_id: int, user: User = Depends(require_user), session: Session = Depends(db)) -> Study:
    """The study, if the signed-in planner owns it; 404 otherwise (never 403: no hint it exists)."""
    study = session.scalars(select(Study).where(Study.id == study_id, Study.owner_id == user.id)).first()
    if study is None:
        raise HTTPException(status_code=404)
    return study


async def read_form(request: Request) -> FormData:
    """The request's form, parsed once, within the upload limits."""
    settings = settings_of(request)
    cached = getattr(request.state, "form", None)
    if cached is not None:
        return cached
    try:
        # python-multipart spools file parts to disk past 1 MB; the per-request
        # byte limit is enforced by the BodyLimit middleware.
        form = await request.form(max_files=settings.max_upload_files, max_fields=2000)
        request.state.form = form
        return form
    except MultiPartException as error:
        t = translator(lang_of(request))
        raise PageError(400, "refused", f"{error.message} ({t('back')})") from error
    except HTTPException as error:  # starlette wraps the multipart error in recent versions
        raise PageError(400, "refused", str(error.detail)) from error


async def close_form(request: Request):
    """App-wide dependency: the spooled upload files of a parsed form are closed after the request."""
    try:
        yield
    finally:
        form = getattr(request.state, "form", None)
        if form is not None:
            await form.close()


async def csrf_protect(request: Request) -> None:
    """Every state-changing request carries the session's token and comes from this site."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host", ""):
            raise PageError(403, "refused", translator(lang_of(request))("forbidden_csrf"))
    submitted = request.headers.get("x-csrf-token")
    if submitted is None:
        form = await read_form(request)
        submitted = form.get("csrf_token")
    if not check_csrf(request, submitted if isinstance(submitted, str) else None):
        raise PageError(403, "refused", translator(lang_of(request))("forbidden_csrf"))


def render(request: Request, template: str, context: dict | None = None, status_code: int = 200, user=None):
    lang = lang_of(request)
    values = {
        "request": request,
        "lang": lang,
        "dir": direction(lang),
        "t": translator(lang),
        "num": lambda value, digits=3: number(value, lang, digits),
        "int": lambda value: integer(value, lang),
        "option_label": lambda field, value: mcda.OPTION_REGISTRIES[field].label(value, lang),
        "csrf": csrf_token(request),
        "user": user,
        "other_lang": "en" if lang == "fa" else "fa",
        "back_arrow": "→" if direction(lang) == "rtl" else "←",  # "back" points the way a line starts
        **(context or {}),
    }
    return request.app.state.templates.TemplateResponse(request, template, values, status_code=status_code)
