"""What an installation of the web app is configured with."""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings"]

MiB = 1024 * 1024


@dataclass
class Settings:
    """The web app's settings; every field has a working default.

    data_dir
        Where the SQLite database, the blob folder and the secret key live.
    database_url
        SQLAlchemy URL; ``None`` reads ``RAHBORD_DATABASE_URL`` and falls back
        to SQLite in ``data_dir``.
    secret_key
        Signs the session cookie; ``None`` keeps a random one in
        ``<data_dir>/secret_key`` so sessions survive restarts and are shared
        by every worker process of one installation.
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
    secure_cookies: bool = False  # set True behind HTTPS
    allow_signup: bool = True

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        env = os.environ.get("RAHBORD_SECRET_KEY")
        if env:
            return env
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
