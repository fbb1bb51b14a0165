"""Request helpers shared by the routers: the database session, the signed-in
planner, ownership checks, CSRF, form parsing within limits, page rendering."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException

import mcda
from rahbord.store import FormToken, Store, Study, User

from .glossary import explain
from .i18n import LANGS, direction, integer, moment, number, stored_message, translator
from .labels import tag_codes
from .security import check_csrf, csrf_token
from .sessions import now_of, signed_in
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
    "RowId",
    "MAX_ROW_ID",
    "ClosesForms",
    "FormOnce",
    "RepeatedForm",
    "once_per_form",
    "form_done",
]

#: the largest id a table row may have (a 32-bit signed integer: PostgreSQL's INTEGER, what every id column is)
MAX_ROW_ID = 2**31 - 1
#: a row id in a URL: a whole number the database can hold, or the app's 404 page (never a 422 or a 500)
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


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
    """The planner of this browser's live server-side session (see :mod:`rahbord.web.sessions`)."""
    signin = signed_in(request, session)
    return session.get(User, signin.user_id) if signin is not None else None


def require_user(user: User | None = Depends(current_user)) -> User:
    if user is None:
        raise SignInRequired()
    return user


def owned_study(study_id: RowId, user: User = Depends(require_user), session: Session = Depends(db)) -> Study:
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


class ClosesForms:
    """ASGI middleware: the spooled upload files of a form parsed by :func:`read_form` are closed after the request.

    A middleware rather than an app-wide dependency: a dependency with ``yield`` costs every request an exit
    stack, and a live workshop's phones send dozens of small requests a second that parse no form.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        state = scope.setdefault("state", {})  # request.state lives in this dict (read_form keeps the form there)
        try:
            await self.app(scope, receive, send)
        finally:
            form = state.get("form")
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


class RepeatedForm(Exception):
    """A form submitted again with the token of an earlier submit; the app redirects to ``location``."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


class FormOnce:
    """The claim of one form submit (its ``form_token``); None-like when the form carried no token."""

    def __init__(self, token: FormToken | None):
        self.token = token


async def once_per_form(request: Request, session: Session = Depends(db)) -> AsyncIterator[FormOnce]:
    """Dependency: a form whose hidden ``form_token`` was already submitted in this session does nothing again.

    A double click, a reload after a slow answer, a second tab: the second
    request is sent where the first one led (its recorded redirect), and
    nothing is created twice.  The token is claimed by inserting its row
    (primary key), so of two submits at the same moment — even on two app
    processes — exactly one goes on.  A submit that fails (an error page, a
    form shown again with its problems) gives its token back, so correcting
    the form and sending it again works.  Forms without a token (scripts) are
    not deduplicated.
    """
    await csrf_protect(request)  # a token from a forged form is never claimed
    form = await read_form(request)
    submitted = form.get("form_token")
    signin = signed_in(request, session)
    if not isinstance(submitted, str) or not submitted or len(submitted) > 64 or signin is None:
        yield FormOnce(None)
        return
    row = FormToken(token=submitted, session_id=signin.id, target="", created_at=now_of(request))
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        earlier = session.get(FormToken, submitted)
        fallback = request.headers.get("referer", "")
        fallback = urlsplit(fallback).path if urlsplit(fallback).netloc == request.headers.get("host") else ""
        raise RepeatedForm((earlier.target if earlier is not None else "") or fallback or "/studies") from None
    claim = FormOnce(row)
    try:
        yield claim
    except BaseException:
        _release(session, submitted)
        raise
    if claim.token is not None and not claim.token.target:
        _release(session, submitted)  # the route did not finish it: the form may be sent again


def form_done(session: Session, claim: FormOnce, response):
    """Record where this form's submit led (a second submit goes there too); returns ``response``."""
    location = response.headers.get("location") if 300 <= response.status_code < 400 else None
    if claim.token is not None and location:
        claim.token.target = location[:300]
        session.commit()
    return response


def _release(session: Session, token: str) -> None:
    session.rollback()
    session.execute(delete(FormToken).where(FormToken.token == token))
    session.commit()


def render(request: Request, template: str, context: dict | None = None, status_code: int = 200, user=None,
           lang: str | None = None):
    """The page in ``lang`` (default: the browser's chosen language; an expert's link passes its own)."""
    lang = lang if lang in LANGS else lang_of(request)
    values = {
        "request": request,
        "lang": lang,
        "dir": direction(lang),
        "t": translator(lang),
        "num": lambda value, digits=3: number(value, lang, digits),
        "int": lambda value: integer(value, lang),
        "when": lambda value, seconds=False: moment(value, lang, seconds),
        "said": lambda text: stored_message(text, lang),  # a stored job message, in the page's language
        "tag_codes": tag_codes,
        "explain": lambda key: explain(key, lang),  # the glossary's meaning of a term, on hover and tap
        "option_label": lambda field, value: mcda.OPTION_REGISTRIES[field].label(value, lang),
        "csrf": csrf_token(request),
        "form_token": lambda: secrets.token_urlsafe(24),  # a fresh one per form (see once_per_form)
        "user": user,
        "other_lang": "en" if lang == "fa" else "fa",
        "back_arrow": "→" if direction(lang) == "rtl" else "←",  # "back" points the way a line starts
        **(context or {}),
    }
    return request.app.state.templates.TemplateResponse(request, template, values, status_code=status_code)
