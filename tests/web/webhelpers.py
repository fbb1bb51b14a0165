"""Helpers for the web tests: a signed-in planner driving the app like a browser."""

from __future__ import annotations

import re

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
    return Planner(client, email)
