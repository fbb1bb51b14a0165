"""rahbord.store — the web app's storage: SQLAlchemy tables, file bytes, a job queue.

>>> store = Store.open("/tmp/rahbord-data")          # doctest: +SKIP
>>> with store.session() as s: ...                    # doctest: +SKIP

SQLite in the data folder by default (WAL, foreign keys on), file bytes in the
data folder beside it; PostgreSQL when ``RAHBORD_DATABASE_URL`` (or ``url=``)
says so, file bytes then in the database too (``RAHBORD_BLOB_STORE`` chooses
otherwise), so processes on several machines share nothing but the URL.  The
schema is migrated with Alembic when the store opens.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from .accounts import FormToken, SignInFailures, SignInSession
from .blobs import BLOB_STORE_ENV, BLOB_STORES, BlobContent, BlobStore, DatabaseBlobStore, blob_store_kind
from .engine import DATABASE_URL_ENV, database_url, make_engine
from .jobs import JobContext, JobFailed, JobWorker, claim_next, enqueue, requeue_stale
from .installation import InstallationSecret, shared_secret
from .locks import lock_study
from .migrate import migrate
from .online import ExpertLink, OnlineAnswer
from .workshop import WorkshopParticipant, WorkshopSession, WorkshopVote
from .models import (
    Artifact,
    Base,
    Blob,
    Comparison,
    ComparisonArtifact,
    Job,
    Run,
    Study,
    StudyExpert,
    StudyScenario,
    Upload,
    User,
    utcnow,
)

__all__ = [
    "Store",
    "BlobStore",
    "DatabaseBlobStore",
    "BlobContent",
    "BLOB_STORES",
    "BLOB_STORE_ENV",
    "InstallationSecret",
    "database_url",
    "make_engine",
    "migrate",
    "DATABASE_URL_ENV",
    "enqueue",
    "claim_next",
    "requeue_stale",
    "lock_study",
    "JobContext",
    "JobFailed",
    "JobWorker",
    "Base",
    "User",
    "Study",
    "StudyExpert",
    "Blob",
    "Upload",
    "Job",
    "Run",
    "Artifact",
    "StudyScenario",
    "Comparison",
    "ComparisonArtifact",
    "SignInSession",
    "FormToken",
    "SignInFailures",
    "ExpertLink",
    "OnlineAnswer",
    "WorkshopSession",
    "WorkshopParticipant",
    "WorkshopVote",
    "utcnow",
]


class Store:
    """The database and the file store of one rahbord installation.

    ``blobs`` says where file bytes go (:data:`BLOB_STORES`): ``"folder"`` keeps
    them under ``blob_root``, ``"database"`` in the database; ``None`` takes
    ``$RAHBORD_BLOB_STORE``, else the database for PostgreSQL and the folder for SQLite.
    """

    def __init__(self, url: str, blob_root: str | os.PathLike, *, run_migrations: bool = True,
                 blobs: str | None = None):
        kind = blob_store_kind(url, blobs)  # a wrong choice is refused before anything is opened
        self.url = url
        self.engine = make_engine(url)
        if run_migrations:
            migrate(self.engine)
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        self.blobs = DatabaseBlobStore(self.session) if kind == "database" else BlobStore(blob_root)

    @classmethod
    def open(cls, data_dir: str | os.PathLike, url: str | None = None, *, blobs: str | None = None) -> "Store":
        data_dir = Path(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        return cls(database_url(data_dir, url), data_dir / "blobs", blobs=blobs)

    @property
    def shares_state(self) -> bool:
        """True when the database is a server other machines reach (everything shared goes in it)."""
        return not self.url.startswith("sqlite")

    def shared_secret(self, name: str = "session_key") -> str:
        """The installation's secret ``name`` from the database (made by the first process that asks)."""
        return shared_secret(self.session, name)

    def put_blob(self, session: Session, data: bytes) -> Blob:
        """Store the bytes first, then record them (the bytes outlive any rollback)."""
        sha = self.blobs.put(data)
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        # two requests may store the same bytes at once: the second insert is a no-op
        session.execute(
            insert(Blob).values(sha256=sha, size=len(data), created_at=utcnow()).on_conflict_do_nothing()
        )
        return session.get(Blob, sha)

    def dispose(self) -> None:
        self.engine.dispose()
