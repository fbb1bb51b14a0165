"""Sign up, sign in (throttled), sign out (here or everywhere), the password, and the interface language."""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rahbord.store import User

from .. import throttle
from ..deps import csrf_protect, current_user, db, lang_of, read_form, render, require_user
from ..i18n import LANGS, integer, translator
from ..passwords import MIN_LENGTH, password_problem
from ..security import hash_password, verify_password
from ..sessions import (client_address, end_all_sessions, end_other_sessions, end_session, now_of, signed_in,
                        start_session)

router = APIRouter()

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = MIN_LENGTH
# verifying against a dummy hash when the e-mail is unknown keeps the response
# time the same, so sign-in does not reveal which e-mails have accounts
_DUMMY_HASH = hash_password("not-a-real-password-0")


@router.get("/")
def home(user: User | None = Depends(current_user)):
    return RedirectResponse("/studies" if user else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request):
    notice = request.session.pop("notice", None)
    return render(request, "signin.html", {"mode": "signin", "notice": notice,
                                           "email": request.session.pop("signin_email", "")})


@router.post("/signin", dependencies=[Depends(csrf_protect)])
async def signin(request: Request, session: Session = Depends(db)):
    form = await read_form(request)
    email = str(form.get("email", "")).strip().lower()[:320]
    password = str(form.get("password", ""))[:1024]
    t = translator(lang_of(request))
    now = now_of(request)
    keys = [throttle.account_key(email), throttle.address_key(client_address(request))]
    wait = throttle.retry_after(session, keys, now)
    if wait:  # locked: not even checked, not counted (see throttle)
        response = render(request, "signin.html", {
            "mode": "signin", "email": email,
            "error": t("too_many_signins", seconds=integer(wait, lang_of(request)))}, status_code=429)
        response.headers["Retry-After"] = str(wait)
        return response
    user = session.scalars(select(User).where(func.lower(User.email) == email)).first()
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and ok):
        throttle.record_failure(session, keys, now)
        return render(request, "signin.html", {"mode": "signin", "error": t("bad_login"), "email": email},
                      status_code=400)
    throttle.clear(session, keys[0])
    start_session(request, session, user)
    return RedirectResponse("/studies", status_code=303)


@router.get("/signup")
def signup_page(request: Request):
    return render(request, "signin.html", {"mode": "signup"})


@router.post("/signup", dependencies=[Depends(csrf_protect)])
async def signup(request: Request, session: Session = Depends(db)):
    """A new account; the answer is the same whether or not the e-mail already had one.

    Telling "this e-mail is taken" would let anyone list who has an account, so
    a valid form always leads to the sign-in page with the same notice: a new
    planner signs in with the password just chosen, and whoever typed a taken
    e-mail learns nothing (the hash is computed either way: no timing hint).
    """
    form = await read_form(request)
    t = translator(lang_of(request))
    email = str(form.get("email", "")).strip().lower()
    name = str(form.get("name", "")).strip()[:200]
    password = str(form.get("password", ""))[:1024]
    error = None
    if not request.app.state.settings.allow_signup:
        error = t("signup_closed")
    elif not _EMAIL.match(email) or len(email) > 320:
        error = t("bad_email")
    elif problem := password_problem(password, email):
        error = t(problem)
    if error:
        return render(request, "signin.html", {"mode": "signup", "error": error, "email": email, "name": name},
                      status_code=400)
    session.add(User(email=email, name=name, password_hash=hash_password(password)))
    try:
        session.commit()
    except IntegrityError:  # taken: said nowhere
        session.rollback()
    request.session["notice"] = "account_ready"
    request.session["signin_email"] = email
    return RedirectResponse("/signin", status_code=303)


@router.post("/signout", dependencies=[Depends(csrf_protect)])
def signout(request: Request, session: Session = Depends(db)):
    end_session(request, session)
    return RedirectResponse("/signin", status_code=303)


@router.post("/signout/everywhere", dependencies=[Depends(csrf_protect)])
def signout_everywhere(request: Request, user: User = Depends(require_user), session: Session = Depends(db)):
    end_all_sessions(request, session, user.id)
    return RedirectResponse("/signin", status_code=303)


@router.get("/account")
def account_page(request: Request, user: User = Depends(require_user)):
    return render(request, "account.html", {"notice": request.session.pop("notice", None)}, user=user)


@router.post("/account/password", dependencies=[Depends(csrf_protect)])
async def change_password(request: Request, user: User = Depends(require_user), session: Session = Depends(db)):
    """A new password; every other session of the planner ends (a thief's copy of a cookie included)."""
    form = await read_form(request)
    t = translator(lang_of(request))
    current = str(form.get("current_password", ""))[:1024]
    new = str(form.get("new_password", ""))[:1024]
    error = None
    if not verify_password(user.password_hash, current):
        error = t("bad_current_password")
    elif problem := password_problem(new, user.email):
        error = t(problem)
    if error:
        return render(request, "account.html", {"error": error}, status_code=400, user=user)
    user.password_hash = hash_password(new)
    session.commit()
    end_other_sessions(session, user.id, signed_in(request, session))
    request.session["notice"] = "password_changed"
    return RedirectResponse("/account", status_code=303)


@router.get("/lang/{code}")
def set_language(code: str, request: Request, next: str = "/"):
    if code in LANGS:
        request.session["lang"] = code
    # only local paths: never an open redirect
    target = next if next.startswith("/") and not next.startswith("//") and "\\" not in next else "/"
    return RedirectResponse(target, status_code=303)
