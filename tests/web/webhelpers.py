"""Helpers for the web tests: a signed-in planner driving the app like a browser, real server processes."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Planner:
    """A browser-like client signed in as one planner."""

    def __init__(self, client: TestClient, email: str):
        self.client, self.email = client, email

    def csrf(self, path: str = "/studies") -> str:
        return csrf_of(self.client.get(path).text)

    def post(self, path: str, data=None, files=None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf())
        return self.client.post(path, data=data, files=files, **kwargs)

    def create_library_study(self, name: str = "tehran-city-diplomacy", title: str = "Tehran") -> int:
        response = self.post("/studies/library", {"name": name, "title": title}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return int(response.headers["location"].rsplit("/", 1)[1])

    def add_experts(self, study_id: int, n: int) -> None:
        for k in range(n):
            r = self.post(f"/studies/{study_id}/experts", {"name": f"Expert {k + 1}", "weight": "1", "lang": "fa"},
                          follow_redirects=False)
            assert r.status_code == 303, r.text


def sign_up(client: TestClient, email: str, password: str = PASSWORD) -> Planner:
    token = csrf_of(client.get("/signup").text)
    response = client.post("/signup", data={"email": email, "name": email.split("@")[0], "password": password,
                                            "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    # sign-up never signs in (it would tell a taken e-mail from a free one): sign in as a planner does
    sign_in(client, email, password)
    return Planner(client, email)


def sign_in(client: TestClient, email: str, password: str = PASSWORD):
    token = csrf_of(client.get("/signin").text)
    response = client.post("/signin", data={"email": email, "password": password, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/studies", response.text
    return response


@contextlib.contextmanager
def new_database(postgres_url: str, prefix: str):
    """A new empty database on a PostgreSQL server (yields its URL), dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ------------------------------------------------------------------ real server processes
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python -m rahbord serve`` in its own process group, its output in a log file.

    ``database_url`` None runs on SQLite in ``data_dir``; ``env`` adds settings (``RAHBORD_…``).
    """

    def __init__(self, name: str, data_dir, log_dir, *, database_url: str | None = None, workers: int = 1,
                 env: dict | None = None):
        self.name, self.port = name, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"serve-{name}.log"
        environment = {k: v for k, v in os.environ.items() if not k.startswith("RAHBORD_")}
        if database_url:
            environment["RAHBORD_DATABASE_URL"] = database_url  # the signing key and the files come from the database
        environment.update(env or {})
        self._log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rahbord", "serve", "--port", str(self.port), "--data-dir", str(data_dir),
             "--workers", str(workers)],
            env=environment, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: uvicorn's worker children are stopped with it
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def wait_ready(self, deadline: float) -> None:
        import pytest

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url + "/signin", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        pytest.fail(f"server {self.name} did not answer in time:\n{self.log()}")

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
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(10)
        self._log.close()


class Visitor:
    """One browser: one cookie jar used against both servers' ports (cookies do not depend on the port)."""

    def __init__(self):
        self.client = httpx.Client(timeout=httpx.Timeout(60, connect=5), follow_redirects=False)

    def csrf(self, url: str) -> str:
        page = self.client.get(url)
        assert page.status_code == 200, (url, page.status_code, page.text[:300])
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, f"{url} has no CSRF token"
        return match.group(1)

    def post(self, base: str, path: str, data=None, files=None, token_from: str = "/studies"):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf(base + token_from))
        return self.client.post(base + path, data=data, files=files)

    def sign_up(self, base: str, email: str, sign_in_at: str | None = None):
        """Sign up through ``base``, then sign in (through ``sign_in_at``, by default the same server):
        sign-up never signs in by itself, so that it tells nobody which e-mails have accounts."""
        token = self.csrf(base + "/signup")
        made = self.client.post(base + "/signup", data={"email": email, "name": email.split("@")[0],
                                                        "password": "correct horse battery", "csrf_token": token})
        assert made.status_code == 303, made.text[:500]
        target = sign_in_at or base
        token = self.csrf(target + "/signin")
        signed = self.client.post(target + "/signin", data={"email": email, "password": "correct horse battery",
                                                            "csrf_token": token})
        assert signed.status_code == 303 and signed.headers["location"] == "/studies", signed.text[:500]
        return signed

    def close(self) -> None:
        self.client.close()


