"""Content-addressed storage of uploaded and rendered files: a folder on disk, or the database.

Either store keeps bytes under their SHA-256 and stores the same bytes once.

* :class:`BlobStore` (the default with SQLite) keeps a file under
  ``<root>/<sha[:2]>/<sha>``, written to a temporary name in the same folder,
  flushed to disk and then renamed, so a crash leaves either the whole file or
  nothing.
* :class:`DatabaseBlobStore` (the default with PostgreSQL) keeps the bytes in the
  ``blob_contents`` table, committed in a transaction of their own before any
  row names them, so app processes on several machines that share only the
  database URL read each other's uploads and reports.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from sqlalchemy import LargeBinary, String, select
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

__all__ = ["BlobStore", "DatabaseBlobStore", "BlobContent", "BLOB_STORES", "BLOB_STORE_ENV", "blob_store_kind"]

#: Where file bytes go: ``"folder"`` (the data folder) or ``"database"`` (the blob_contents table).
BLOB_STORES = ("folder", "database")
BLOB_STORE_ENV = "RAHBORD_BLOB_STORE"


def blob_store_kind(url: str, kind: str | None = None) -> str:
    """``kind``, else ``$RAHBORD_BLOB_STORE``, else ``"database"`` for PostgreSQL and ``"folder"`` for SQLite."""
    sqlite = url.startswith("sqlite")
    kind = kind or os.environ.get(BLOB_STORE_ENV) or ("folder" if sqlite else "database")
    if kind not in BLOB_STORES:
        raise ValueError(f"{BLOB_STORE_ENV} must be one of {', '.join(BLOB_STORES)} (got {kind!r})")
    if kind == "database" and sqlite:
        # SQLite has one writer: the bytes' own transaction would wait for the request's forever
        raise ValueError("file bytes go into the database only with a database server (PostgreSQL); "
                         "with SQLite they stay in the data folder (RAHBORD_BLOB_STORE=folder)")
    return kind


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


class BlobStore:
    """Bytes by SHA-256 under the folder ``root``."""

    kind = "folder"

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        sha256 = _checked(sha256)
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its SHA-256 hex digest."""
        sha = _sha256(data)
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()


class BlobContent(Base):
    """The bytes of one blob, when the installation keeps them in the database."""

    __tablename__ = "blob_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class DatabaseBlobStore:
    """Bytes by SHA-256 in the ``blob_contents`` table; ``session`` is the store's session factory."""

    kind = "database"

    def __init__(self, session):
        self._session = session

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent; two processes storing the same bytes at once is fine) and return its SHA-256.

        Committed here, in a transaction of its own, as the folder store's file is
        on disk before its row: the bytes outlive the caller's rollback.
        """
        sha = _sha256(data)
        with self._session() as session, session.begin():
            dialect = session.get_bind().dialect.name
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            session.execute(insert(BlobContent).values(sha256=sha, data=data).on_conflict_do_nothing())
        return sha

    def get(self, sha256: str) -> bytes:
        with self._session() as session:
            data = session.scalar(select(BlobContent.data).where(BlobContent.sha256 == _checked(sha256)))
        if data is None:
            raise FileNotFoundError(f"blob {sha256} is not in the database")
        return bytes(data)

    def exists(self, sha256: str) -> bool:
        with self._session() as session:
            return session.scalar(select(BlobContent.sha256).where(BlobContent.sha256 == _checked(sha256))) is not None
