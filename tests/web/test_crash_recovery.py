"""kill -9 of a real server mid-upload and mid-analysis, then a restart (issue 14).

A planner's acknowledged work survives a power cut: a workbook whose upload
was answered stays accepted; files of an upload cut off half-way are never
left ``stored`` (the restarted server reads them again); an analysis cut off
half-way is taken up again and finishes exactly once (one run).  The server is
``python -m rahbord serve`` in its own process group, killed with SIGKILL so no
shutdown code runs.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text
from webhelpers import ServerProcess, Visitor

pytestmark = pytest.mark.slow

XLSX_TYPE = "application/octet-stream"
STARTUP_SECONDS = 90
# a restarted server reads uploads left `stored` this long after they arrived (two minutes by default)
ENV = {"RAHBORD_STORED_GRACE_SECONDS": "1"}


def _poll(what, deadline_seconds: float, every: float = 0.02):
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        value = what()
        if value:
            return value
        time.sleep(every)
    return None


def _files(items):
    return [("files", (name, data, XLSX_TYPE)) for name, data in items]


@pytest.fixture
def crashable(tmp_path):
    """Start (and restart) a server on one SQLite data folder; every process is stopped at the end."""
    started: list[ServerProcess] = []

    def start() -> ServerProcess:
        server = ServerProcess(f"run{len(started)}", tmp_path / "data", tmp_path, env=ENV)
        started.append(server)
        server.wait_ready(time.monotonic() + STARTUP_SECONDS)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.stop()


def test_kill_9_mid_upload_and_mid_analysis_loses_nothing_acknowledged(crashable, tmp_path, panel_files):
    server = crashable()
    db = create_engine(f"sqlite:///{tmp_path / 'data' / 'rahbord.sqlite3'}")
    visitor = Visitor()
    try:
        visitor.sign_up(server.url, "crash@example.org")
        created = visitor.post(server.url, "/studies/library", {"name": "tehran-city-diplomacy", "title": "Crash"})
        study_id = int(created.headers["location"].rsplit("/", 1)[1])
        for k in range(len(panel_files)):
            assert visitor.post(server.url, f"/studies/{study_id}/experts",
                                {"name": f"Expert {k + 1}", "weight": "1"}).status_code == 303
        # acknowledged: the whole panel, answered 200 before anything goes wrong
        acked = visitor.post(server.url, f"/studies/{study_id}/responses", files=_files(panel_files))
        assert acked.status_code == 200 and acked.text.count('class="st-accepted"') == len(panel_files)
        with db.connect() as c:
            acknowledged = c.execute(text("SELECT id, blob_sha256 FROM uploads WHERE study_id = :s"),
                                     {"s": study_id}).all()

        # 1. kill -9 while a large upload is being read: its rows are `stored`, the client gets no answer
        token = visitor.csrf(f"{server.url}/studies/{study_id}")
        batch = [(f"copy{k:02d}-{name}", data) for k in range(8) for name, data in panel_files]  # 40 files
        outcome: dict = {}

        def send():
            try:
                outcome["response"] = visitor.client.post(f"{server.url}/studies/{study_id}/responses",
                                                          data={"csrf_token": token}, files=_files(batch))
            except Exception as error:  # the connection dies with the server
                outcome["error"] = error

        sender = threading.Thread(target=send)
        sender.start()

        def stored() -> int:
            with db.connect() as c:
                return c.execute(text("SELECT count(*) FROM uploads WHERE study_id = :s AND status = 'stored'"),
                                 {"s": study_id}).scalar()

        assert _poll(stored, 60), "the upload's rows never appeared as stored"
        server.kill()
        sender.join(30)
        assert "response" not in outcome, "the upload was answered: the kill came too late to test anything"
        left = stored()
        assert left > 0

        # 2. restart: nothing stays stored, the acknowledged uploads are as they were
        server = crashable()
        assert _poll(lambda: stored() == 0, 240, every=0.2), f"{stored()} uploads still stored:\n{server.log()}"
        with db.connect() as c:
            after = {row.id: row for row in c.execute(
                text("SELECT id, blob_sha256, status, current FROM uploads WHERE study_id = :s"), {"s": study_id})}
            statuses = {row.status for row in after.values()}
        for upload_id, sha in acknowledged:
            assert after[upload_id].blob_sha256 == sha and after[upload_id].status == "accepted"
            got = visitor.client.get(f"{server.url}/studies/{study_id}/uploads/{upload_id}")
            assert got.status_code == 200 and got.content in {data for _name, data in panel_files}
        assert statuses <= {"accepted", "rejected", "error"}, statuses

        # 3. kill -9 while an analysis runs: after the restart it is taken up again and finishes once
        for attempt in range(3):
            started = visitor.post(server.url, f"/studies/{study_id}/analyze", {"robustness_draws": "20000"})
            assert started.status_code == 303, started.text[:500]
            job_id = int(started.headers["location"].rsplit("/", 1)[1])

            def running(job_id=job_id) -> bool:
                with db.connect() as c:
                    return c.execute(text("SELECT status FROM jobs WHERE id = :j"), {"j": job_id}).scalar() == "running"

            assert _poll(running, 60), "the analysis never started"
            server.kill()
            with db.connect() as c:
                status = c.execute(text("SELECT status FROM jobs WHERE id = :j"), {"j": job_id}).scalar()
            server = crashable()
            if status == "running":  # cut off half-way, as wanted
                break
        else:
            pytest.fail("the analysis finished before every kill: nothing was cut off")

        def finished():
            with db.connect() as c:
                row = c.execute(text("SELECT status, attempts, run_id FROM jobs WHERE id = :j"), {"j": job_id}).one()
            return row if row.status in ("done", "failed") else None

        job = _poll(finished, 120, every=0.25)  # a dead worker's job is picked up within 15 s, then runs
        assert job is not None and job.status == "done" and job.attempts == 2, (job, server.log())
        with db.connect() as c:
            runs = c.execute(text("SELECT count(*) FROM runs WHERE study_id = :s"), {"s": study_id}).scalar()
            done = c.execute(text("SELECT count(*) FROM jobs WHERE study_id = :s AND kind = 'analyze' "
                                  "AND status = 'done'"), {"s": study_id}).scalar()
        assert runs == done  # each finished analysis made one run, the cut-off attempt none
        page = visitor.client.get(f"{server.url}/studies/{study_id}/runs/{job.run_id}")
        assert page.status_code == 200 and 'id="ranking-table"' in page.text
    finally:
        visitor.close()
        db.dispose()
