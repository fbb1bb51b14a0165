"""Server-side sessions: who is signed in is decided by a database row, never by the cookie alone.

The signed cookie (Starlette's session) keeps the interface language, the
CSRF token and a random session token; the ``sessions`` row found by that
token's SHA-256 names the planner.  Ending a session deletes its row, so a
copied or stolen cookie stops working at once: sign-out, "sign out
everywhere", a password change (the other sessions), and a session left idle
longer than ``Settings.session_idle_seconds``.  The clock is
``Settings.clock`` (a test moves it forward instead of waiting).
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.requests import Request

from rahbord.store import SignInSession, User

__all__ = ["start_session", "signed_in", "end_session", "end_other_sessions", "end_all_sessions",
           "client_address", "now_of", "aware"]

_COOKIE_KEY = "sid"
# last_seen_at is rewritten at most this often: a page view is not a database write
_TOUCH_EVERY = timedelta(seconds=60)
_NOT_LOOKED_UP = object()


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC with its zone (SQLite hands back the stored UTC time without one)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def now_of(request: Request) -> datetime:
    return aware(request.app.state.settings.clock())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def client_address(request: Request) -> str:
    """The client's IP address: the peer's, or — behind a trusted proxy (``--trust-proxy``) — the
    nearest address the proxy chain forwarded that is not itself a trusted proxy."""
    settings = request.app.state.settings
    peer = request.client.host if request.client else ""
    if not settings.trust_proxy or not _trusted(peer, settings.trusted_proxies):
        return peer[:64]
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    # the proxy appends the address it saw: read from the right, past every trusted proxy
    for address in reversed(forwarded):
        if not _trusted(address, settings.trusted_proxies):
            return address[:64]
    return (forwarded[0] if forwarded else peer)[:64]


def _trusted(address: str, proxies: tuple[str, ...]) -> bool:
    if "*" in proxies:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address in proxies
    for entry in proxies:
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def start_session(request: Request, db: Session, user: User) -> SignInSession:
    """Sign ``user`` in on this browser: a new session row, a new cookie state (fresh CSRF token)."""
    now = now_of(request)
    _purge_idle(request, db, now)
    token = secrets.token_urlsafe(32)
    row = SignInSession(token_hash=_digest(token), user_id=user.id, created_at=now, last_seen_at=now,
                        address=client_address(request),
                        user_agent=request.headers.get("user-agent", "")[:300])
    db.add(row)
    db.commit()
    lang = request.session.get("lang")
    request.session.clear()  # no session fixation: nothing of the signed-out state is kept but the language
    request.session[_COOKIE_KEY] = token
    if lang:
        request.session["lang"] = lang
    request.state.signin = row
    return row


def signed_in(request: Request, db: Session) -> SignInSession | None:
    """This browser's live session row, or None (no token, ended, idle too long or too old)."""
    known = getattr(request.state, "signin", _NOT_LOOKED_UP)  # looked up once per request
    if known is not _NOT_LOOKED_UP:
        return known
    row = None
    token = request.session.get(_COOKIE_KEY)
    if isinstance(token, str) and token:
        row = db.scalars(select(SignInSession).where(SignInSession.token_hash == _digest(token))).first()
        if row is not None:
            settings = request.app.state.settings
            now = now_of(request)
            idle = now - aware(row.last_seen_at)
            age = now - aware(row.created_at)
            if idle > timedelta(seconds=settings.session_idle_seconds) or \
                    age > timedelta(seconds=settings.session_max_seconds):
                db.delete(row)
                db.commit()
                row = None
            elif idle > _TOUCH_EVERY:
                row.last_seen_at = now
                db.commit()
        if row is None:
            request.session.pop(_COOKIE_KEY, None)
    request.state.signin = row
    return row


def end_session(request: Request, db: Session) -> None:
    """Sign this browser out: its row is deleted (the cookie opens nothing any more), the language kept."""
    token = request.session.get(_COOKIE_KEY)
    if isinstance(token, str) and token:
        db.execute(delete(SignInSession).where(SignInSession.token_hash == _digest(token)))
        db.commit()
    lang = request.session.get("lang")
    request.session.clear()
    if lang:
        request.session["lang"] = lang
    request.state.signin = None


def end_other_sessions(db: Session, user_id: int, keep: SignInSession | None) -> int:
    """End every session of ``user_id`` but ``keep``; how many were ended."""
    query = delete(SignInSession).where(SignInSession.user_id == user_id)
    if keep is not None:
        query = query.where(SignInSession.id != keep.id)
    ended = db.execute(query).rowcount or 0
    db.commit()
    return ended


def end_all_sessions(request: Request, db: Session, user_id: int) -> None:
    """Sign ``user_id`` out everywhere, this browser included."""
    end_other_sessions(db, user_id, None)
    end_session(request, db)


def _purge_idle(request: Request, db: Session, now: datetime) -> None:
    """Forget sessions idle past the limit (done at each sign-in; the table stays small)."""
    settings = request.app.state.settings
    db.execute(delete(SignInSession).where(
        SignInSession.last_seen_at < now - timedelta(seconds=settings.session_idle_seconds)))
