"""What an installation of the web app is configured with."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["Settings"]

MiB = 1024 * 1024


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Settings:
    """The web app's settings; every field has a working default.

    data_dir
        Where the SQLite database, the blob folder and the secret key live.
    database_url
        SQLAlchemy URL; ``None`` reads ``RAHBORD_DATABASE_URL`` and falls back
        to SQLite in ``data_dir``.
    secret_key
        Signs the session cookie and the experts' personal links; ``None``
        reads ``RAHBORD_SECRET_KEY``, else, when the database is PostgreSQL,
        the installation's key kept in the database (processes on several
        machines share only the database URL), else a random one kept in
        ``<data_dir>/secret_key``: sessions survive restarts and are shared
        by every worker process of one installation.
    secure_cookies
        Mark the session cookie ``Secure`` (sent over HTTPS only): set it when
        the app is reached through HTTPS (``rahbord serve --secure-cookies``).
    trust_proxy, trusted_proxies
        Read the client's address from ``X-Forwarded-For`` when the request
        comes from one of ``trusted_proxies`` (addresses or networks), as a
        reverse proxy in front of the app sends it; off by default, since
        anyone can send the header.
    session_idle_seconds, session_max_seconds
        A sign-in ends after this long unused, and after this long whatever.
    stored_grace_seconds
        An upload still ``stored`` (kept, not read) this long after it arrived
        belongs to a request that died with its server: the job worker reads
        it again (``RAHBORD_STORED_GRACE_SECONDS``; two minutes by default,
        longer than any live request reads its files).
    clock
        Now, in UTC (sessions and sign-in throttling read it; tests move it).
    """

    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("RAHBORD_DATA_DIR", "rahbord-data")))
    database_url: str | None = None
    secret_key: str | None = None
    max_upload_bytes: int = 15 * MiB  # one file; a filled questionnaire is ~50 KB
    max_upload_files: int = 400  # files in one request (or members of one zip)
    max_request_bytes: int = 300 * MiB
    max_zip_members: int = 400
    max_zip_unpacked_bytes: int = 400 * MiB
    default_lang: str = "fa"
    run_worker: bool = True  # a job-worker thread in this process
    secure_cookies: bool = field(default_factory=lambda: _env_flag("RAHBORD_SECURE_COOKIES"))
    allow_signup: bool = True
    trust_proxy: bool = field(default_factory=lambda: _env_flag("RAHBORD_TRUST_PROXY"))
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: tuple(
        a.strip() for a in os.environ.get("RAHBORD_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip()))
    session_idle_seconds: int = 12 * 3600
    session_max_seconds: int = 14 * 24 * 3600
    stored_grace_seconds: float = field(
        default_factory=lambda: float(os.environ.get("RAHBORD_STORED_GRACE_SECONDS", "120")))
    clock: Callable[[], datetime] = _utcnow

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    def resolved_secret_key(self, store=None) -> str:
        """The key, found once (see ``secret_key``) and kept: every later call returns the same."""
        if not self.secret_key:
            self.secret_key = self._find_secret_key(store)
        return self.secret_key

    def _find_secret_key(self, store) -> str:
        env = os.environ.get("RAHBORD_SECRET_KEY")
        if env:
            return env
        if store is not None and store.shares_state:
            return store.shared_secret()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret_key"
        if not path.exists():
            # written whole under a temporary name, then linked into place: several worker
            # processes starting at once all read the one key that won, never an empty file
            fd, tmp = tempfile.mkstemp(dir=self.data_dir, prefix=".secret_key-")
            try:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.link(tmp, path)
            except FileExistsError:  # another process made it first
                pass
            except OSError:  # a file system without hard links
                if not path.exists():
                    os.replace(tmp, path)
            finally:
                Path(tmp).unlink(missing_ok=True)
        key = path.read_text().strip()
        if not key:
            raise RuntimeError(f"{path} is empty: delete it and restart")
        return key
