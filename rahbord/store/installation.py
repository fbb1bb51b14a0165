"""Values one installation shares between all its app processes, kept in the database.

With PostgreSQL, app processes on several machines share nothing but the
database URL; the key that signs session cookies and personal links must then
be the same everywhere without a shared folder.  The first process to need it
makes a random one; every process reads the one that was stored first.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow

__all__ = ["InstallationSecret", "shared_secret"]


class InstallationSecret(Base):
    """A named random value made once per installation (``session_key``: signs cookies and links)."""

    __tablename__ = "installation_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


def shared_secret(session_factory, name: str = "session_key") -> str:
    """The installation's secret ``name``, made (64 random URL-safe characters) by whichever process asks first."""
    with session_factory() as session, session.begin():
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        # processes starting at once all insert; the first row wins and everyone reads it back
        session.execute(insert(InstallationSecret)
                        .values(name=name, value=secrets.token_urlsafe(48), created_at=utcnow())
                        .on_conflict_do_nothing())
        return session.scalar(select(InstallationSecret.value).where(InstallationSecret.name == name))
