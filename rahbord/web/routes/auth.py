"""Sign up, sign in, sign out, and the interface language."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rahbord.store import User

from ..deps import csrf_protect, current_user, db, lang_of, read_form, render
from ..i18n import LANGS, translator
from ..security import hash_password, verify_password

router = APIRouter()

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# verifying against a dummy hash when the e-mail is unknown keeps the response
# time the same, so sign-in does not reveal which e-mails have accounts
_DUMMY_HASH = hash_password("not-a-real-password-0")


@router.get("/")
def home(user: User | None = Depends(current_user)):
    return RedirectResponse("/studies" if user else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request):
    return render(request, "signin.html", {"mode": "signin"})


@router.post("/signin", dependencies=[Depends(csrf_protect)])
async def signin(request: Request, session: Session = Depends(db)):
    form = await read_form(request)
    email = str(form.get("email", "")).strip().lower()
    password = str(form.get("password", ""))
    user = session.scalars(select(User).where(func.lower(User.email) == email)).first()
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and ok):
        t = translator(lang_of(request))
        return render(request, "signin.html", {"mode": "signin", "error": t("bad_login"), "email": email},
                      status_code=400)
    _start_session(request, user)
    return RedirectResponse("/studies", status_code=303)


@router.get("/signup")
def signup_page(request: Request):
    return render(request, "signin.html", {"mode": "signup"})


@router.post("/signup", dependencies=[Depends(csrf_protect)])
async def signup(request: Request, session: Session = Depends(db)):
    form = await read_form(request)
    t = translator(lang_of(request))
    email = str(form.get("email", "")).strip().lower()
    name = str(form.get("name", "")).strip()[:200]
    password = str(form.get("password", ""))
    error = None
    if not request.app.state.settings.allow_signup:
        error = t("signup_closed")
    elif not _EMAIL.match(email) or len(email) > 320:
        error = t("bad_email")
    elif len(password) < MIN_PASSWORD:
        error = t("short_password")
    if error is None:
        user = User(email=email, name=name, password_hash=hash_password(password))
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            error = t("email_taken")
    if error:
        return render(request, "signin.html", {"mode": "signup", "error": error, "email": email, "name": name},
                      status_code=400)
    _start_session(request, user)
    return RedirectResponse("/studies", status_code=303)


@router.post("/signout", dependencies=[Depends(csrf_protect)])
def signout(request: Request):
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/signin", status_code=303)


@router.get("/lang/{code}")
def set_language(code: str, request: Request, next: str = "/"):
    if code in LANGS:
        request.session["lang"] = code
    # only local paths: never an open redirect
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    return RedirectResponse(target, status_code=303)


def _start_session(request: Request, user: User) -> None:
    lang = request.session.get("lang")
    request.session.clear()  # a fresh CSRF token after sign-in (no session fixation)
    request.session["user_id"] = user.id
    if lang:
        request.session["lang"] = lang
