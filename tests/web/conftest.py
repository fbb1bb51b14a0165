"""Fixtures for the web app: an app on a temporary data folder, signed-in clients."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from rahbord.web import Settings, create_app  # noqa: E402
from webhelpers import PASSWORD, Planner, csrf_of, new_database, sign_up  # noqa: E402,F401


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "data", secret_key="test-secret", run_worker=False,
                    max_upload_bytes=2 * 1024 * 1024, max_upload_files=30, max_request_bytes=40 * 1024 * 1024)


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def planner(client) -> Planner:
    return sign_up(client, "planner@example.org")


@pytest.fixture
def other_planner(app) -> Planner:
    with TestClient(app, base_url="http://testserver") as c:
        yield sign_up(c, "other@example.org")


# ---- a throwaway PostgreSQL server ------------------------------------------------------------
from benchmarks.services import PG_BIN, throwaway_postgres  # noqa: E402


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL cluster on a loopback port in a temp dir, for this test session only."""
    with throwaway_postgres() as url:
        if url is None:
            pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (scripts/setup.sh installs 'postgresql')")
        yield url


@pytest.fixture
def fresh_postgres_url(postgres_url):
    """A new empty database on the session's server, dropped afterwards."""
    with new_database(postgres_url, "t") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture(scope="session")
def panel_files(tmp_path_factory):
    """Five filled Tehran questionnaires from surveys' synthetic panel: [(name, bytes)]."""
    criteria = pytest.importorskip("criteria")
    surveys = pytest.importorskip("surveys")
    out = tmp_path_factory.mktemp("panel")
    model = criteria.load_library_model("tehran-city-diplomacy")
    surveys.synthetic_panel(model, 5, seed=3, out_dir=out, lang="fa", inconsistent_share=0.2)
    return [(p.name, p.read_bytes()) for p in sorted(out.glob("*.xlsx"))]
