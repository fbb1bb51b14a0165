"""Helpers for the web tests: a signed-in planner driving the app like a browser, real server processes."""

from __future__ import annotations

import contextlib
import re

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
from benchmarks.services import ServerProcess, free_port  # noqa: E402,F401 - the tests' too


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




# ------------------------------------------------------------------ a real server and browser for Playwright tests
@contextlib.contextmanager
def app_in_thread(data_dir, secret_key: str):
    """``create_app`` served by uvicorn on a loopback port in a thread; yields ``(url, app)``."""
    import threading
    import time

    import uvicorn

    from rahbord.web import Settings, create_app

    app = create_app(Settings(data_dir=data_dir, secret_key=secret_key))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        assert time.time() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(30)


@contextlib.contextmanager
def chromium_browser(executable):
    """Debian's chromium driven by Playwright, headless, without its background traffic."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(executable),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run"],
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def screenshot_folder(tmp_path_factory, name: str):
    """A folder for a module's screenshots, copied to ``$RAHBORD_SCREENSHOTS`` at the end when that is set."""
    import os
    import shutil

    folder = tmp_path_factory.mktemp(name)
    yield folder
    target = os.environ.get("RAHBORD_SCREENSHOTS")
    if target:
        shutil.copytree(folder, target, dirs_exist_ok=True)
