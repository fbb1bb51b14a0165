"""Real services for load runs and the tests that need them: ``rahbord serve`` processes, a throwaway PostgreSQL.

Both are started as a user would (``python -m rahbord serve``; Debian's PostgreSQL
binaries), on loopback ports, in their own process groups, so a run can kill
them with SIGKILL the way a power cut would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["PG_BIN", "ServerProcess", "free_port", "throwaway_postgres"]

PG_BIN = Path(os.environ.get("RAHBORD_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python -m rahbord serve`` in its own process group, its output appended to ``<log_dir>/serve-<name>.log``.

    ``database_url`` None runs on SQLite in ``data_dir``; ``env`` adds settings (``RAHBORD_…``);
    ``port`` None takes a free one (pass the old one to restart a killed server at the same address).
    """

    def __init__(self, name: str, data_dir, log_dir, *, database_url: str | None = None, workers: int = 1,
                 env: dict | None = None, port: int | None = None):
        self.name, self.port = name, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"serve-{name}.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith("RAHBORD_")}
        if database_url:
            environment["RAHBORD_DATABASE_URL"] = database_url
        environment.update(env or {})
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - open as long as the process runs
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rahbord", "serve", "--port", str(self.port), "--data-dir", str(data_dir),
             "--workers", str(workers)],
            env=environment, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: uvicorn's worker children are stopped with it
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_ready(self, deadline: float) -> None:
        """Return once the sign-in page answers; raise RuntimeError (with the log) if it exits or never does."""
        import httpx2 as httpx

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.name} exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/signin", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server {self.name} did not answer in time:\n{self.log()}")

    def kill(self) -> None:
        """kill -9 of the whole process group: no shutdown code runs, as in a power cut."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self._log.close()


def _as_postgres(args: list[str]) -> list[str]:
    # initdb refuses to run as root: run the server as the postgres OS user
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL cluster on a loopback port in a temporary folder (yields its URL), removed afterwards.

    Yields None when the server binaries are absent (``scripts/setup.sh`` installs ``postgresql``).
    """
    initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
    if not (initdb.exists() and pg_ctl.exists()):
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="rahbord-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(_as_postgres([str(initdb), "-D", str(data), "-U", "rahbord", "--auth=trust", "-E", "UTF8",
                                 "--no-locale"]), check=True, capture_output=True)
    subprocess.run(_as_postgres([str(pg_ctl), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "60", "start",
                                 "-o", f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://rahbord@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([str(pg_ctl), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
