"""The database engine from a URL: SQLite in a data folder by default, PostgreSQL by URL.

SQLite gets WAL journaling (readers do not block the writer, so the web app
works with no set-up), enforced foreign keys and a busy timeout, so several
threads of one process (requests and the job worker) share it safely.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy import create_engine

__all__ = ["database_url", "make_engine", "DATABASE_URL_ENV"]

DATABASE_URL_ENV = "RAHBORD_DATABASE_URL"


def database_url(data_dir: str | os.PathLike, url: str | None = None) -> str:
    """``url``, else ``$RAHBORD_DATABASE_URL``, else SQLite at ``<data_dir>/rahbord.sqlite3``."""
    url = url or os.environ.get(DATABASE_URL_ENV)
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            # psycopg 3 is the driver rahbord ships with
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    path = Path(data_dir).resolve() / "rahbord.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with rahbord's connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
