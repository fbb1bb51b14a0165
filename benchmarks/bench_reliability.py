"""Reliability run: mixed traffic from 20 clients while the server is killed with SIGKILL and restarted (issue 14).

On loopback, against ``python -m rahbord serve`` as a planner runs it: once on
SQLite (one process) and once on PostgreSQL (``--workers 2``).  Twenty clients
share one planner's study; each makes a fixed list of requests — the studies
list, the study page, an upload of its expert's filled workbook (a file name
of its own), an analysis started and followed — with a fresh form token for
every form, as a browser would.  Half-way through, the whole server is killed
with SIGKILL and started again on the same port; a request that finds no
server is tried again (counted) until it answers.

Printed per database: requests, server errors (5xx), p50/p95 latency, the
kill survived, and what the restart lost: every upload that was answered
"accepted" must still be accepted with its bytes, no upload may stay
``stored``, and every analysis that was answered must finish exactly once
(one run per finished job).  Not a unit test: ``python -m benchmarks reliability``.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.services import ServerProcess, throwaway_postgres

CLIENTS = 20
ROUNDS = 3  # each round: studies list, study page, an upload, an analysis (started, then followed)
DRAWS = "100"
STARTUP_SECONDS = 120
SETTLE_SECONDS = 240
ENV = {"RAHBORD_STORED_GRACE_SECONDS": "2"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class _Run:
    """One database's run: the server, its counters, and what was acknowledged."""

    def __init__(self, url: str, db_url: str):
        self.url, self.db_url = url, db_url
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.server_errors = 0
        self.retried = 0
        self.uploads: list[str] = []  # file names answered "accepted"
        self.jobs: list[int] = []  # analyses answered with their job
        self.done = 0
        self.up = threading.Event()
        self.up.set()

    def request(self, client, method: str, path: str, form_page: str | None = None, **kwargs):
        """One request; while the server is down, wait for it and try again.

        A form (``form_page`` given) takes a fresh token from that page on every attempt, as a browser
        reloading the page would.
        """
        import httpx2 as httpx

        while True:
            self.up.wait(STARTUP_SECONDS)
            if form_page is not None:
                page = self.request(client, "GET", form_page)
                kwargs.setdefault("data", {})["csrf_token"] = TOKEN.search(page.text).group(1)
            start = time.perf_counter()
            try:
                response = client.request(method, self.url + path, **kwargs)
            except httpx.TransportError:
                with self.lock:
                    self.retried += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.latencies.append(time.perf_counter() - start)
                if response.status_code >= 500:
                    self.server_errors += 1
            return response


def _client_script(run: _Run, cookies, k: int, study: int, workbook: tuple[str, bytes]) -> None:
    import httpx2 as httpx

    name, data = workbook
    with httpx.Client(timeout=httpx.Timeout(120, connect=5), cookies=cookies) as client:
        for r in range(ROUNDS):
            run.request(client, "GET", "/studies")
            run.request(client, "GET", f"/studies/{study}")
            mine = f"c{k:02d}-r{r}-{name}"
            sent = run.request(client, "POST", f"/studies/{study}/responses", form_page=f"/studies/{study}",
                               files=[("files", (mine, data, "application/octet-stream"))])
            if sent.status_code == 200 and 'class="st-accepted"' in sent.text:
                with run.lock:
                    run.uploads.append(mine)
            started = run.request(client, "POST", f"/studies/{study}/analyze", form_page=f"/studies/{study}",
                                  data={"robustness_draws": DRAWS})
            if started.status_code == 303 and "/jobs/" in started.headers.get("location", ""):
                job = int(started.headers["location"].rsplit("/", 1)[1])
                with run.lock:
                    run.jobs.append(job)
                run.request(client, "GET", f"/studies/{study}/jobs/{job}.json")
            with run.lock:
                run.done += 1


def _setup(url: str, n: int) -> tuple[object, int]:
    """Sign a planner up and in, make the Tehran study with ``n`` experts; (cookies, study id)."""
    import httpx2 as httpx

    with httpx.Client(base_url=url, timeout=60) as client:
        token = TOKEN.search(client.get("/signup").text).group(1)
        account = {"email": "load@example.org", "password": "correct horse battery"}
        client.post("/signup", data={**account, "name": "load", "csrf_token": token})
        token = TOKEN.search(client.get("/signin").text).group(1)
        client.post("/signin", data={**account, "csrf_token": token})
        token = TOKEN.search(client.get("/studies").text).group(1)
        created = client.post("/studies/library", data={"name": "tehran-city-diplomacy", "csrf_token": token,
                                                        "title": "Reliability"})
        study = int(created.headers["location"].rsplit("/", 1)[1])
        for k in range(n):
            token = TOKEN.search(client.get(f"/studies/{study}").text).group(1)
            client.post(f"/studies/{study}/experts", data={"name": f"Expert {k + 1}", "weight": "1",
                                                          "csrf_token": token})
        return client.cookies, study


def _losses(run: _Run, study: int) -> dict:
    """What the restart lost, read from the database once everything has settled."""
    from sqlalchemy import create_engine, text

    engine = create_engine(run.db_url)
    deadline = time.monotonic() + SETTLE_SECONDS
    try:
        while True:
            with engine.connect() as c:
                stored = c.execute(text("SELECT count(*) FROM uploads WHERE study_id = :s AND status = 'stored'"),
                                   {"s": study}).scalar()
                busy = c.execute(text("SELECT count(*) FROM jobs WHERE study_id = :s AND status IN "
                                      "('queued', 'running')"), {"s": study}).scalar()
            if (stored == 0 and busy == 0) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        with engine.connect() as c:
            accepted = set(c.execute(text("SELECT filename FROM uploads WHERE study_id = :s AND status = 'accepted'"),
                                     {"s": study}).scalars())
            jobs = {row.id: row for row in c.execute(
                text("SELECT id, status, attempts FROM jobs WHERE study_id = :s AND kind = 'analyze'"), {"s": study})}
            runs = c.execute(text("SELECT count(*) FROM runs WHERE study_id = :s"), {"s": study}).scalar()
    finally:
        engine.dispose()
    finished = [j for j in run.jobs if j in jobs and jobs[j].status == "done"]
    done_jobs = sum(1 for j in jobs.values() if j.status == "done")
    return {
        "uploads_lost": sum(1 for name in run.uploads if name not in accepted),
        "stored_left": stored,
        "jobs_unfinished": len(run.jobs) - len(finished),
        "runs_extra": runs - done_jobs,  # a job that ran twice would leave two runs
        "retried_jobs": sum(1 for j in jobs.values() if j.attempts > 1),
    }


def _one(label: str, database_url: str | None, workers: int, workbooks) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rahbord-reliability-"))
    data_dir = tmp / "data"
    server = ServerProcess("first", data_dir, tmp, database_url=database_url, workers=workers, env=ENV)
    servers = [server]
    try:
        server.wait_ready(time.monotonic() + STARTUP_SECONDS)
        db_url = database_url or f"sqlite:///{data_dir / 'rahbord.sqlite3'}"
        run = _Run(server.url, db_url)
        cookies, study = _setup(server.url, len(workbooks))
        total = CLIENTS * ROUNDS
        killed = threading.Event()

        def fault() -> None:
            while run.done < total // 2:
                time.sleep(0.05)
            run.up.clear()
            servers[-1].kill()
            killed.set()
            again = ServerProcess("restarted", data_dir, tmp, database_url=database_url, workers=workers, env=ENV,
                                  port=servers[-1].port)
            servers.append(again)
            again.wait_ready(time.monotonic() + STARTUP_SECONDS)
            run.up.set()

        injector = threading.Thread(target=fault, daemon=True)
        injector.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(lambda k: _client_script(run, cookies, k, study, workbooks[k % len(workbooks)]),
                          range(CLIENTS)))
        elapsed = time.perf_counter() - started
        injector.join(STARTUP_SECONDS)
        lost = _losses(run, study)
    finally:
        for s in servers:
            with contextlib.suppress(Exception):
                s.stop()
    lat = sorted(run.latencies)
    p50, p95 = lat[len(lat) // 2], lat[int(0.95 * (len(lat) - 1))]
    print(f"  {label}: {len(lat)} requests in {elapsed:.0f} s, {run.server_errors} server errors, "
          f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    lost_total = lost["uploads_lost"] + lost["stored_left"] + lost["jobs_unfinished"] + lost["runs_extra"]
    print(f"    kill -9 mid-run: {'survived' if killed.is_set() else 'NOT injected'} "
          f"({run.retried} requests tried again across the restart, {lost['retried_jobs']} analyses taken up again); "
          f"acknowledged uploads lost {lost['uploads_lost']}/{len(run.uploads)}, uploads left stored "
          f"{lost['stored_left']}, answered analyses unfinished {lost['jobs_unfinished']}/{len(run.jobs)}, "
          f"analyses run twice {lost['runs_extra']} — data lost = {lost_total}")


def run() -> None:
    import criteria
    import surveys

    model = criteria.load_library_model("tehran-city-diplomacy")
    with tempfile.TemporaryDirectory(prefix="rahbord-reliability-panel-") as out:
        panel = surveys.synthetic_panel(model, CLIENTS, seed=11, out_dir=out, lang="fa")
        workbooks = [(Path(p).name, Path(p).read_bytes()) for p in panel.paths]
    print(f"bench_reliability: {CLIENTS} clients × {ROUNDS} rounds (pages, an upload, an analysis), "
          "one kill -9 of the whole server half-way")
    _one("SQLite, 1 process", None, 1, workbooks)
    with throwaway_postgres() as url:
        if url is None:
            print("  PostgreSQL: skipped (no server binaries; scripts/setup.sh installs postgresql)")
        else:
            _one("PostgreSQL, --workers 2", url, 2, workbooks)


if __name__ == "__main__":
    run()
