"""The tables of signing in: server-side sessions, one-time form tokens, failed sign-ins.

A browser's cookie carries only a random session token; the row here (found by
the token's SHA-256, so a copy of the database opens no session) says whose
session it is and when it was last used.  Deleting the row ends the session
wherever the cookie is: sign-out, "sign out everywhere", a password change,
idle expiry.  The failed sign-ins are counted here too, so every app process
of an installation applies the same brake.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow

__all__ = ["SignInSession", "FormToken", "SignInFailures"]


class SignInSession(Base):
    """One signed-in browser of a planner.  ``token_hash``: SHA-256 (hex) of the cookie's token."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(300), nullable=False, default="")


class FormToken(Base):
    """A form submitted once in a session; ``target`` is where its first submit led (a second one goes there)."""

    __tablename__ = "form_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    target: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class SignInFailures(Base):
    """Failed sign-ins of one account (``account:<e-mail>``) or one client address (``address:<ip>``)."""

    __tablename__ = "signin_failures"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
