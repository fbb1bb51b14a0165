"""Growing past one machine: two separate `rahbord serve` processes that share only a PostgreSQL URL.

Two OS processes (each with its own worker thread, its own memory, its own
port and its own data folder, as on two machines) share nothing but the
database: uploads, reports and the key that signs sessions live in it.  A
planner who signs up through one is signed in on the other, a study made
through one is edited through the other, a workbook uploaded through one
downloads through the other, an analysis started through one is followed
through the other, the results page is the same through both, and a report
made by either worker downloads through both.  Several analyses queued at once are each run exactly once,
shared between the two processes' workers.

Skipped only when the PostgreSQL server binaries are absent.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest
from webhelpers import ServerProcess, Visitor, new_database

pytestmark = pytest.mark.slow

STARTUP_SECONDS = 90
JOB_SECONDS = 180
XLSX_TYPE = "application/octet-stream"


def _start(specs, data_dir: Path, database_url: str, log_dir: Path) -> list[ServerProcess]:
    """Start every server at once (they race to migrate the empty database and to make the signing key),
    each with a data folder of its own under ``data_dir``, as on machines that share nothing but the URL."""
    servers: list[ServerProcess] = []
    try:
        for name, workers in specs:
            servers.append(ServerProcess(name, data_dir / name, log_dir, database_url=database_url, workers=workers))
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in servers:
            server.wait_ready(deadline)
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers


@pytest.fixture(scope="module")
def database(postgres_url):
    """An empty database of its own on the session's PostgreSQL server."""
    with new_database(postgres_url, "mp") as url:
        yield url


@pytest.fixture(scope="module")
def two_servers(database, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("machines")
    servers = _start([("A", 1), ("B", 1)], data_dir, database, tmp_path_factory.mktemp("logs"))
    try:
        yield servers
        for name in ("A", "B"):  # nothing the other machine needed was left in a folder
            assert not (data_dir / name / "secret_key").exists()
            assert not [p for p in (data_dir / name / "blobs").rglob("*") if p.is_file()]
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="module")
def db(database):
    """Direct database access for the checks (never used to drive the app)."""
    from rahbord.store import make_engine

    engine = make_engine(database)
    yield engine
    engine.dispose()


def _files(items):
    return [("files", (name, data, XLSX_TYPE)) for name, data in items]


def _wait_done(visitor: Visitor, job_url: str) -> dict:
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        status = visitor.client.get(job_url + ".json")
        assert status.status_code == 200, (job_url, status.status_code)
        body = status.json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.25)
    pytest.fail(f"{job_url} not done within {JOB_SECONDS} s: {body}")


def _page_without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def _study_with_answers(visitor: Visitor, through: str, panel_files, title: str) -> int:
    created = visitor.post(through, "/studies/library", {"name": "tehran-city-diplomacy", "title": title})
    assert created.status_code == 303, created.text[:500]
    study_id = int(created.headers["location"].rsplit("/", 1)[1])
    for k in range(len(panel_files)):
        added = visitor.post(through, f"/studies/{study_id}/experts",
                             {"name": f"Expert {k + 1}", "weight": "1", "lang": "fa"})
        assert added.status_code == 303, added.text[:500]
    uploaded = visitor.post(through, f"/studies/{study_id}/responses", files=_files(panel_files))
    assert uploaded.status_code == 200, uploaded.text[:500]
    assert uploaded.text.count('class="st-accepted"') == len(panel_files), uploaded.text[:2000]
    return study_id


def test_two_processes_serve_one_planner_study_and_analysis(two_servers, db, panel_files):
    from sqlalchemy import text

    a, b = (s.url for s in two_servers)
    visitor = Visitor()
    try:
        # sign up through A …
        visitor.sign_up(a, "mp@example.org")
        # … and B knows the session (same signing key, the session's row in the shared database)
        assert visitor.client.get(b + "/studies").status_code == 200

        study_id = _study_with_answers(visitor, b, panel_files, "Tehran across processes")
        for server in (a, b):
            assert visitor.client.get(f"{server}/studies/{study_id}").text.count("✓") == len(panel_files)

        started = visitor.post(a, f"/studies/{study_id}/analyze",
                               {"method": "eigen", "aggregation": "aij", "robustness_draws": "300"})
        assert started.status_code == 303, started.text[:500]
        job_url = b + started.headers["location"]
        status = _wait_done(visitor, job_url)
        assert status["status"] == "done", status
        target = status["target"]

        pages = {}
        for lang in ("fa", "en"):
            for server in (a, b):
                visitor.client.get(f"{server}/lang/{lang}")
                page = visitor.client.get(server + target)
                assert page.status_code == 200
                pages[lang, server] = _page_without_tokens(page.text)
            assert pages[lang, a] == pages[lang, b], f"the {lang} results page differs between the processes"
        assert 'id="ranking-table"' in pages["en", a] and 'id="robustness"' in pages["en", a]

        with db.connect() as c:
            job = c.execute(text("SELECT status, attempts, worker FROM jobs WHERE study_id = :s"),
                            {"s": study_id}).one()
            upload_id = c.execute(text("SELECT min(id) FROM uploads WHERE study_id = :s"), {"s": study_id}).scalar()
        assert job.status == "done" and job.attempts == 1

        # an upload received by B, and a report made by whichever worker took the job, read through both
        sent = {name: data for name, data in panel_files}
        for server in (a, b):
            got = visitor.client.get(f"{server}/studies/{study_id}/uploads/{upload_id}")
            assert got.status_code == 200 and got.content in sent.values()
        made = visitor.post(b, f"{target}/reports", {"kind": "xlsx", "lang": "fa"})
        assert made.status_code == 303, made.text[:500]
        if "/jobs/" in made.headers["location"]:
            assert _wait_done(visitor, a + made.headers["location"])["status"] == "done"
        reports = [visitor.client.get(f"{server}{target}/reports/xlsx-fa") for server in (a, b)]
        assert [r.status_code for r in reports] == [200, 200]
        assert reports[0].content == reports[1].content and reports[0].content[:2] == b"PK"
    finally:
        visitor.close()


def test_concurrent_analyses_through_both_processes_each_run_once(two_servers, db, panel_files):
    from sqlalchemy import text

    servers = [s.url for s in two_servers]
    visitor = Visitor()
    try:
        visitor.sign_up(servers[0], "many@example.org")
        study_id = _study_with_answers(visitor, servers[1], panel_files, "Many analyses")
        token = visitor.csrf(f"{servers[0]}/studies/{study_id}")
        n_jobs = 8

        def start(k: int) -> str:
            server = servers[k % 2]
            with httpx.Client(timeout=httpx.Timeout(60, connect=5), cookies=visitor.client.cookies) as client:
                response = client.post(f"{server}/studies/{study_id}/analyze",
                                       data={"csrf_token": token, "robustness_draws": "200",
                                             "method": "geometric" if k % 3 == 0 else "eigen"})
            assert response.status_code == 303, response.text[:500]
            return servers[(k + 1) % 2] + response.headers["location"]  # followed through the other process

        with ThreadPoolExecutor(n_jobs) as pool:
            job_urls = list(pool.map(start, range(n_jobs)))
        statuses = [_wait_done(visitor, url) for url in job_urls]
        assert all(s["status"] == "done" for s in statuses), statuses

        with db.connect() as c:
            jobs = c.execute(text("SELECT id, status, attempts, worker, run_id FROM jobs "
                                  "WHERE study_id = :s AND kind = 'analyze' ORDER BY id"), {"s": study_id}).all()
            runs = c.execute(text("SELECT id FROM runs WHERE study_id = :s"), {"s": study_id}).scalars().all()
        assert len(jobs) == n_jobs
        assert all(j.status == "done" and j.attempts == 1 for j in jobs), jobs  # claimed once, never again
        assert len(runs) == n_jobs  # every handler ran once: one run each, none extra
        assert sorted(j.run_id for j in jobs) == sorted(runs)
        workers = {j.worker for j in jobs}
        pids = {int(w.split(":")[1]) for w in workers}
        assert len(workers) == 2 and pids <= {s.process.pid for s in two_servers}, workers  # both shared the work
    finally:
        visitor.close()


def test_serve_with_two_uvicorn_workers_on_one_port(database, tmp_path, panel_files):
    """``rahbord serve --workers 2``: either process may answer any request of one planner."""
    (server,) = _start([("W2", 2)], tmp_path / "data", database, tmp_path)
    visitor = Visitor()
    try:
        url = server.url
        visitor.sign_up(url, "w2@example.org")
        for _ in range(20):  # spread over both processes by the kernel: each must know the session
            assert visitor.client.get(url + "/studies").status_code == 200
        study_id = _study_with_answers(visitor, url, panel_files[:3], "Two workers")
        started = visitor.post(url, f"/studies/{study_id}/analyze", {"robustness_draws": "0"})
        assert started.status_code == 303
        assert _wait_done(visitor, url + started.headers["location"])["status"] == "done"
    finally:
        visitor.close()
        server.stop()


def test_concurrent_edits_of_one_study_through_both_processes(two_servers, db, panel_files):
    """Two processes changing one study at once (a double-clicked button, two tabs): no clash, no lost rule.

    Experts added at the same moment get distinct ids; the same expert's workbook uploaded at the same
    moment leaves exactly one current answer for that expert (the others kept as history).
    """
    from sqlalchemy import text

    servers = [s.url for s in two_servers]
    visitor = Visitor()
    try:
        visitor.sign_up(servers[0], "race@example.org")
        created = visitor.post(servers[1], "/studies/library", {"name": "tehran-city-diplomacy", "title": "Race"})
        study_id = int(created.headers["location"].rsplit("/", 1)[1])
        token = visitor.csrf(f"{servers[0]}/studies/{study_id}")

        def send(k: int, path: str, data=None, files=None):
            with httpx.Client(timeout=httpx.Timeout(120, connect=5), cookies=visitor.client.cookies) as client:
                return client.post(f"{servers[k % 2]}/studies/{study_id}{path}",
                                   data={"csrf_token": token, **(data or {})}, files=files)

        n = 8
        with ThreadPoolExecutor(n) as pool:
            added = list(pool.map(lambda k: send(k, "/experts", {"name": f"Expert {k}", "weight": "1"}), range(n)))
        assert [r.status_code for r in added] == [303] * n, [r.text[:300] for r in added if r.status_code != 303]
        with db.connect() as c:
            keys = c.execute(text("SELECT key FROM experts WHERE study_id = :s"), {"s": study_id}).scalars().all()
        assert len(keys) == len(set(keys)) == n, keys

        same = panel_files[0]
        with ThreadPoolExecutor(6) as pool:
            uploads = list(pool.map(lambda k: send(k, "/responses", files=_files([same])), range(6)))
        assert all(r.status_code == 200 and 'class="st-accepted"' in r.text for r in uploads), \
            [r.text[:300] for r in uploads]
        with db.connect() as c:
            rows = c.execute(text("SELECT expert_key, current FROM uploads WHERE study_id = :s AND status = 'accepted'"),
                             {"s": study_id}).all()
        assert len(rows) == 6
        assert sum(r.current for r in rows) == 1, rows  # one current answer per expert, five kept as history
    finally:
        visitor.close()
