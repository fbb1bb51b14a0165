"""Server-side sessions and the brake on password guessing, driven as browsers would.

Sessions end for real (the old cookie opens nothing), everywhere at once when
asked, after idling, and on a password change; failed sign-ins are braked per
account and per client address with 429 + Retry-After and growing waits that
never lock the owner out for good; sign-up tells nobody which e-mails have
accounts and refuses common or monotonous passwords.  The app's clock is a
test clock moved forward instead of waiting.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from webhelpers import PASSWORD, csrf_of, sign_in, sign_up

from rahbord.web import Settings, create_app
from rahbord.web import throttle


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(tmp_path, clock):
    return create_app(Settings(data_dir=tmp_path / "data", secret_key="test-secret", run_worker=False,
                               clock=clock, trust_proxy=True, trusted_proxies=("testclient",)))


def _browser(app, address: str | None = None) -> TestClient:
    headers = {"X-Forwarded-For": address} if address else None
    return TestClient(app, base_url="http://testserver", headers=headers)


def _signin(client: TestClient, email: str, password: str):
    token = csrf_of(client.get("/signin").text)
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": token},
                       follow_redirects=False)


def _opens_studies(client: TestClient) -> bool:
    return client.get("/studies", follow_redirects=False).status_code == 200


# ---- sessions -------------------------------------------------------------------------------------
def test_the_old_cookie_opens_nothing_after_sign_out(app):
    with _browser(app) as browser:
        planner = sign_up(browser, "out@example.org")
        cookie = browser.cookies.get("rahbord_session")
        assert _opens_studies(browser)
        planner.post("/signout", follow_redirects=False)
    with _browser(app) as thief:  # a copy of the cookie as it was before signing out
        thief.cookies.set("rahbord_session", cookie)
        assert not _opens_studies(thief)
        assert thief.get("/studies", follow_redirects=False).headers["location"] == "/signin"


def test_sign_out_everywhere_ends_another_browsers_session(app):
    with _browser(app) as laptop, _browser(app) as phone:
        planner = sign_up(laptop, "everywhere@example.org")
        sign_in(phone, "everywhere@example.org")
        assert _opens_studies(laptop) and _opens_studies(phone)
        assert "/signout/everywhere" in laptop.get("/account").text
        answer = planner.post("/signout/everywhere", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin"
        assert not _opens_studies(phone)
        assert not _opens_studies(laptop)


def test_a_session_ends_after_idling_and_lives_while_used(app, clock):
    idle = app.state.settings.session_idle_seconds
    with _browser(app) as browser:
        sign_up(browser, "idle@example.org")
        for _ in range(3):  # used every so often: alive well past one idle period in total
            clock.advance(idle * 0.6)
            assert _opens_studies(browser)
        clock.advance(idle + 1)
        assert not _opens_studies(browser)
        sign_in(browser, "idle@example.org")  # signing in again works
        assert _opens_studies(browser)


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app):
    with _browser(app) as mine, _browser(app) as stolen:
        planner = sign_up(mine, "change@example.org")
        sign_in(stolen, "change@example.org")
        weak = planner.post("/account/password", {"current_password": PASSWORD, "new_password": "aaaaaaaaaaaa"})
        assert weak.status_code == 400 and _opens_studies(stolen)
        wrong = planner.post("/account/password", {"current_password": "not the password",
                                                   "new_password": "a brand new passphrase"})
        assert wrong.status_code == 400 and _opens_studies(stolen)
        changed = planner.post("/account/password", {"current_password": PASSWORD,
                                                     "new_password": "a brand new passphrase"},
                               follow_redirects=False)
        assert changed.status_code == 303
        assert _opens_studies(mine) and not _opens_studies(stolen)
        assert _signin(stolen, "change@example.org", PASSWORD).status_code == 400
        assert _signin(stolen, "change@example.org", "a brand new passphrase").status_code == 303


def test_sessions_are_stored_as_digests_not_tokens(app):
    from rahbord.store import SignInSession

    with _browser(app) as browser:
        sign_up(browser, "digest@example.org")
        cookie = browser.cookies.get("rahbord_session")
    with app.state.store.session() as s:
        rows = s.query(SignInSession).all()
    assert len(rows) == 1 and len(rows[0].token_hash) == 64 and rows[0].token_hash not in cookie


def test_secure_cookies_mark_the_session_cookie_secure(tmp_path):
    app = create_app(Settings(data_dir=tmp_path / "d", secret_key="k", run_worker=False, secure_cookies=True))
    with TestClient(app, base_url="https://testserver") as browser:
        cookie = browser.get("/signin").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie


def test_serve_has_the_https_options():
    from typer.testing import CliRunner

    from rahbord.cli import app as cli

    text = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"}).output
    assert "--secure-cookies" in text and "--trust-proxy" in text


# ---- throttling -----------------------------------------------------------------------------------
def test_guessing_one_accounts_password_is_braked_and_the_owner_gets_back_in(app, clock):
    with _browser(app, "203.0.113.7") as owner:
        sign_up(owner, "victim@example.org")
    with _browser(app, "198.51.100.66") as attacker:
        for _ in range(throttle.ACCOUNT_THRESHOLD):
            assert _signin(attacker, "victim@example.org", "guess guess guess").status_code == 400
        braked = _signin(attacker, "victim@example.org", "guess guess guess")
        assert braked.status_code == 429
        first_wait = int(braked.headers["retry-after"])
        assert 0 < first_wait <= throttle.BASE_LOCK.total_seconds()
        assert "Retry-After" in braked.headers and 'name="password"' in braked.text  # the sign-in page again
        # even the right password waits while the account is locked (a 429 must not tell right from wrong)
        with _browser(app, "203.0.113.7") as owner:
            assert _signin(owner, "victim@example.org", PASSWORD).status_code == 429
        # guesses during the lock are not counted: the lock does not stretch
        for _ in range(10):
            assert _signin(attacker, "victim@example.org", "guess guess guess").status_code == 429
        clock.advance(first_wait)
        assert _signin(attacker, "victim@example.org", "guess again guess").status_code == 400
        second = _signin(attacker, "victim@example.org", "guess guess guess")
        assert second.status_code == 429 and int(second.headers["retry-after"]) > first_wait  # growing
        clock.advance(throttle.MAX_LOCK.total_seconds())
    with _browser(app, "203.0.113.7") as owner:  # from elsewhere, after the window: in
        assert _signin(owner, "victim@example.org", PASSWORD).status_code == 303
        assert _opens_studies(owner)


def test_the_wait_grows_but_is_bounded():
    waits = [throttle.lock_for(n, throttle.ACCOUNT_THRESHOLD) for n in range(1, 30)]
    assert waits[: throttle.ACCOUNT_THRESHOLD - 1] == [timedelta(0)] * (throttle.ACCOUNT_THRESHOLD - 1)
    grown = waits[throttle.ACCOUNT_THRESHOLD - 1:]
    assert grown == sorted(grown) and grown[1] > grown[0] and max(grown) == throttle.MAX_LOCK


def test_one_address_guessing_many_accounts_is_braked_and_others_are_not(app):
    with _browser(app, "192.0.2.10") as sprayer:
        for k in range(throttle.ADDRESS_THRESHOLD):
            assert _signin(sprayer, f"user{k}@example.org", "Summer2024!!").status_code == 400
        braked = _signin(sprayer, "someone-new@example.org", "Summer2024!!")
        assert braked.status_code == 429 and int(braked.headers["retry-after"]) > 0
    with _browser(app, "192.0.2.99") as neighbour:
        sign_up(neighbour, "neighbour@example.org")  # another address signs up and in freely
        assert _opens_studies(neighbour)


def test_the_counts_live_in_the_database_shared_by_app_processes(tmp_path, clock):
    settings = dict(data_dir=tmp_path / "shared", secret_key="k", run_worker=False, clock=clock)
    first, second = create_app(Settings(**settings)), create_app(Settings(**settings))
    with TestClient(first) as a, TestClient(second) as b:
        for k in range(throttle.ACCOUNT_THRESHOLD):
            assert _signin(a if k % 2 else b, "spread@example.org", "guess guess guess").status_code == 400
        assert _signin(a, "spread@example.org", "guess guess guess").status_code == 429
        assert _signin(b, "spread@example.org", "guess guess guess").status_code == 429


def test_forwarded_addresses_count_only_from_a_trusted_proxy(tmp_path, clock):
    app = create_app(Settings(data_dir=tmp_path / "d", secret_key="k", run_worker=False, clock=clock))
    # not behind a trusted proxy: a forged X-Forwarded-For does not give each guess a fresh address
    for k in range(throttle.ADDRESS_THRESHOLD):
        with _browser(app, f"10.0.0.{k}") as forger:
            _signin(forger, f"x{k}@example.org", "guess guess guess")
    with _browser(app, "10.0.1.1") as forger:
        assert _signin(forger, "x99@example.org", "guess guess guess").status_code == 429


# ---- sign-up -------------------------------------------------------------------------------------
def _signup(client: TestClient, email: str, password: str):
    token = csrf_of(client.get("/signup").text)
    return client.post("/signup", data={"email": email, "name": "n", "password": password, "csrf_token": token},
                       follow_redirects=False)


def test_sign_up_answers_alike_for_a_taken_and_a_free_email(app):
    with _browser(app) as owner:
        sign_up(owner, "taken@example.org")
    with _browser(app) as prober:
        taken = _signup(prober, "taken@example.org", "some other passphrase")
        page_taken = prober.get("/signin").text
    with _browser(app) as prober:
        free = _signup(prober, "free@example.org", "some other passphrase")
        page_free = prober.get("/signin").text
    assert (taken.status_code, taken.headers["location"], taken.text) == (
        free.status_code, free.headers["location"], free.text)
    strip = lambda html: html.replace("taken@example.org", "E").replace("free@example.org", "E")  # noqa: E731
    assert strip(page_taken).split('name="csrf_token"')[0] == strip(page_free).split('name="csrf_token"')[0]
    with _browser(app) as check:  # the new account works; the taken one kept its password
        assert _signin(check, "free@example.org", "some other passphrase").status_code == 303
    with _browser(app) as check:
        assert _signin(check, "taken@example.org", "some other passphrase").status_code == 400


@pytest.mark.parametrize("password, says", [
    ("aaaaaaaaaa", "different characters"),
    ("abababababab", "different characters"),
    ("qwertyuiop", "common passwords"),
    ("password2024!", "common passwords"),
    ("1234567890", "common passwords"),
    ("short", "at least 10"),
    ("pw@example.org", "e-mail"),
])
def test_sign_up_refuses_weak_passwords(app, password, says):
    with _browser(app) as browser:
        browser.get("/lang/en")
        refused = _signup(browser, "pw@example.org", password)
        assert refused.status_code == 400 and says in refused.text, refused.text[-800:]
        assert _signup(browser, "pw@example.org", "a sturdier passphrase").status_code == 303


def test_the_common_password_list_ships_with_the_package():
    from rahbord.web.passwords import common_passwords

    common = common_passwords()
    assert 3000 < len(common) < 20000 and {"password", "qwerty", "123456"} <= common
