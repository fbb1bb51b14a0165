"""Storage: migrations, blobs, uploads history and the job queue, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from rahbord.store import (
    Blob,
    Job,
    JobFailed,
    JobWorker,
    Store,
    Study,
    Upload,
    User,
    claim_next,
    database_url,
    enqueue,
    lock_study,
    requeue_stale,
    utcnow,
)
from rahbord.web.i18n import stored_message


def _study(store: Store) -> int:
    with store.session() as s:
        user = User(email="p@example.org", password_hash="x")
        s.add(user)
        s.flush()
        study = Study(owner_id=user.id, title="t", model={"id": "m"}, model_hash="h")
        s.add(study)
        s.commit()
        return study.id


def test_migrations_create_every_table_and_are_idempotent(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    tables = set(inspect(store.engine).get_table_names())
    assert {"users", "studies", "experts", "uploads", "blobs", "jobs", "runs", "artifacts", "scenarios", "comparisons",
            "comparison_artifacts", "sessions", "form_tokens", "signin_failures", "alembic_version"} <= tables
    store.dispose()
    again = Store(store_url, tmp_path / "blobs")  # a restart migrates nothing and breaks nothing
    with again.engine.connect() as c:
        from alembic.script import ScriptDirectory

        from rahbord.store.migrate import alembic_config

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert c.execute(text("select version_num from alembic_version")).scalar() == head
    again.dispose()


def test_a_0001_database_is_upgraded_keeping_its_rows_and_matches_the_models(store_url, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from rahbord.store import Base, StudyScenario, make_engine, migrate

    engine = make_engine(store_url)
    migrate(engine, "0001")  # a database made by the first release
    engine.dispose()
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        s.add(StudyScenario(study_id=study_id, name="threats-double", changes={"aggregation": "aip"}))
        s.commit()
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
    assert diff == [], diff  # the migrations build exactly the tables the models describe
    store.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    store = Store.open(tmp_path)
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert store.url.endswith("rahbord.sqlite3")


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RAHBORD_DATABASE_URL", "postgresql://u:p@db.example/rahbord")
    assert database_url(tmp_path) == "postgresql+psycopg://u:p@db.example/rahbord"
    monkeypatch.delenv("RAHBORD_DATABASE_URL")
    assert database_url(tmp_path).startswith("sqlite:///")


def test_blobs_are_content_addressed_and_stored_once(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    with store.session() as s:
        a = store.put_blob(s, b"answers")
        b = store.put_blob(s, b"answers")
        s.commit()
        assert a.sha256 == b.sha256 and s.scalar(select(Blob).where(Blob.sha256 == a.sha256)).size == 7
    assert store.blobs.get(a.sha256) == b"answers"
    assert not list((tmp_path / "blobs").rglob(".incoming-*"))
    store.dispose()


def test_blob_bytes_outlive_a_rolled_back_transaction(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    with store.session() as s:
        sha = store.put_blob(s, b"kept even if the row is not").sha256
        s.rollback()
    assert store.blobs.exists(sha)
    store.dispose()


def test_concurrent_identical_blobs_do_not_collide(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    errors = []

    def put():
        try:
            with store.session() as s:
                store.put_blob(s, b"same bytes from two requests")
                s.commit()
        except Exception as error:  # pragma: no cover - the failure we look for
            errors.append(error)

    threads = [threading.Thread(target=put) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store.dispose()


def test_deleting_a_study_with_uploads_respects_foreign_keys(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        blob = store.put_blob(s, b"x")
        s.add(Upload(study_id=study_id, blob_sha256=blob.sha256, filename="a.xlsx", problems=[]))
        s.commit()
        s.delete(s.get(Study, study_id))
        s.commit()
        assert s.scalars(select(Upload)).all() == []
        assert s.get(Blob, blob.sha256) is not None  # the bytes and their record stay
    store.dispose()


def test_a_job_is_claimed_once_even_by_racing_workers(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        ids = [enqueue(s, study_id, "noop").id for _ in range(20)]
        s.commit()
    claimed, lock = [], threading.Lock()

    def worker(name):
        while (job_id := claim_next(store.session, name)) is not None:
            with lock:
                claimed.append(job_id)

    threads = [threading.Thread(target=worker, args=(f"w{k}",)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(ids)
    with store.session() as s:
        assert {j.status for j in s.scalars(select(Job))} == {"running"}
    store.dispose()


def test_lock_study_makes_a_read_then_write_wait_for_the_other(store_url, tmp_path):
    """Two sessions deciding the next expert id of one study take turns (no duplicate ids)."""
    from rahbord.store import StudyExpert

    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    order, first_locked = [], threading.Event()

    def add(name: str, hold: float) -> None:
        with store.session() as s:
            s.scalars(select(Study).where(Study.id == study_id)).one()  # a request has read the study already
            lock_study(s, study_id)
            first_locked.set()
            n = len(s.scalars(select(StudyExpert).where(StudyExpert.study_id == study_id)).all())
            order.append(name)
            threading.Event().wait(hold)
            s.add(StudyExpert(study_id=study_id, key=f"E{n + 1:03d}", position=n + 1, name=name))
            s.commit()

    a = threading.Thread(target=add, args=("a", 0.5))
    a.start()
    assert first_locked.wait(10)
    b = threading.Thread(target=add, args=("b", 0))
    b.start()
    a.join(30)
    b.join(30)
    with store.session() as s:
        keys = sorted(e.key for e in s.scalars(select(StudyExpert).where(StudyExpert.study_id == study_id)))
    assert order == ["a", "b"] and keys == ["E001", "E002"]
    store.dispose()


def test_worker_records_progress_success_and_failure(store_url, tmp_path):
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)

    def good(ctx):
        ctx.progress(50, "half way")
        return {"message": "fine"}

    def bad(ctx):
        raise JobFailed("no answers", [{"file": "a.xlsx", "message": "empty"}])

    def crash(ctx):
        raise ZeroDivisionError("bug")

    with store.session() as s:
        ids = [enqueue(s, study_id, kind).id for kind in ("good", "bad", "crash", "unknown")]
        s.commit()
    worker = JobWorker(store.session, {"good": good, "bad": bad, "crash": crash})
    assert worker.run_pending() == 4
    with store.session() as s:
        jobs = [s.get(Job, i) for i in ids]
    assert [j.status for j in jobs] == ["done", "failed", "failed", "failed"]
    assert jobs[0].progress == 100 and jobs[0].message == "fine"
    assert jobs[1].message == "no answers" and jobs[1].problems[0]["file"] == "a.xlsx"
    assert "ZeroDivisionError" in jobs[2].message
    assert "unknown" in jobs[3].message
    store.dispose()


def test_a_job_of_a_dead_process_is_queued_again(store_url, tmp_path):
    """The server killed during an analysis: the job runs again; nothing earlier is lost."""
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        job = enqueue(s, study_id, "analyze")
        s.commit()
        job_id = job.id
    assert claim_next(store.session, "dead-process") == job_id
    with store.session() as s:  # its process stopped beating long ago
        s.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=10)
        s.commit()
    assert requeue_stale(store.session) == 1
    with store.session() as s:
        job = s.get(Job, job_id)
        assert job.status == "queued" and "queued again" in stored_message(job.message, "en")
        assert "دوباره در صف" in stored_message(job.message, "fa")  # worded in the reader's language
    assert claim_next(store.session, "new-process") == job_id
    store.dispose()


def test_a_slow_worker_does_not_overwrite_a_job_taken_over_by_another(store_url, tmp_path):
    """A process that looked dead (no heartbeat) and then finishes anyway leaves the new owner's job alone."""
    store = Store(store_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        job_id = enqueue(s, study_id, "noop").id
        s.commit()
    slow = JobWorker(store.session, {"noop": lambda job: {"message": "late"}})
    assert claim_next(store.session, slow.name) == job_id
    with store.session() as s:
        s.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=10)
        s.commit()
    assert requeue_stale(store.session) == 1
    assert requeue_stale(store.session) == 0  # another worker looking at the same moment changes nothing
    assert claim_next(store.session, "new-owner") == job_id
    slow._run(job_id)
    with store.session() as s:
        job = s.get(Job, job_id)
        assert (job.status, job.worker, job.attempts, job.finished_at) == ("running", "new-owner", 2, None)
    store.dispose()


def test_a_machine_with_a_fast_clock_does_not_requeue_live_jobs(fresh_postgres_url, tmp_path, monkeypatch):
    """On PostgreSQL, heartbeats and staleness are judged by the database server's clock, not each machine's."""
    from rahbord.store import jobs

    store = Store(fresh_postgres_url, tmp_path / "blobs")
    study_id = _study(store)
    with store.session() as s:
        job_id = enqueue(s, study_id, "analyze").id
        s.commit()
    assert claim_next(store.session, "machine-a") == job_id
    monkeypatch.setattr(jobs, "utcnow", lambda: utcnow() + timedelta(minutes=10))  # machine B runs 10 min fast
    assert requeue_stale(store.session) == 0
    with store.session() as s:
        assert s.get(Job, job_id).status == "running"
    store.dispose()


def test_a_job_that_keeps_dying_fails_after_three_attempts(tmp_path):
    store = Store.open(tmp_path)
    study_id = _study(store)
    with store.session() as s:
        job_id = enqueue(s, study_id, "analyze").id
        s.commit()
    for _ in range(3):
        assert claim_next(store.session, "p") == job_id
        with store.session() as s:
            s.get(Job, job_id).heartbeat_at = utcnow() - timedelta(minutes=10)
            s.commit()
        requeue_stale(store.session)
    with store.session() as s:
        assert s.get(Job, job_id).status == "failed"


def test_worker_thread_runs_a_job_when_woken(tmp_path):
    store = Store.open(tmp_path)
    study_id = _study(store)
    done = threading.Event()
    worker = JobWorker(store.session, {"ping": lambda ctx: done.set()}, poll_seconds=30)
    worker.start()
    try:
        with store.session() as s:
            enqueue(s, study_id, "ping")
            s.commit()
        worker.wake()
        assert done.wait(10)
    finally:
        worker.stop()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_web_app_runs_on_either_database(kind, tmp_path, request):
    from fastapi.testclient import TestClient

    from rahbord.web import Settings, create_app

    from webhelpers import sign_up

    url = None if kind == "sqlite" else request.getfixturevalue("fresh_postgres_url")
    app = create_app(Settings(data_dir=tmp_path, database_url=url, secret_key="k", run_worker=False))
    with TestClient(app) as client:
        planner = sign_up(client, "pg@example.org")
        study_id = planner.create_library_study()
        planner.add_experts(study_id, 2)
        page = client.get(f"/studies/{study_id}")
        assert page.status_code == 200 and "E002" in page.text


def test_two_uploads_of_one_experts_workbook_at_once_leave_one_current(store_url, tmp_path, panel_files, monkeypatch):
    """Both requests have read the workbook and reach "make it current" together: one current answer, one history."""
    import criteria
    from rahbord.web import Settings, ingest

    store = Store(store_url, tmp_path / "blobs")
    model = criteria.load_library_model("tehran-city-diplomacy")
    with store.session() as s:
        user = User(email="p@example.org", password_hash="x")
        s.add(user)
        s.flush()
        study = Study(owner_id=user.id, title="t", model=criteria.model_to_data(model), model_hash=model.content_hash)
        s.add(study)
        s.commit()
        study_id = study.id
    together = threading.Barrier(2, timeout=60)
    real_lock = ingest.lock_study

    def lock_when_both_are_there(session, sid):
        together.wait()  # the race made certain: neither has marked its upload current yet
        real_lock(session, sid)

    monkeypatch.setattr(ingest, "lock_study", lock_when_both_are_there)
    errors = []

    def upload(k):
        try:
            with store.session() as s:
                ingest.ingest_files(store, s, s.get(Study, study_id), [(f"copy{k}.xlsx", panel_files[0][1])],
                                    Settings(data_dir=tmp_path))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with store.session() as s:
        rows = s.scalars(select(Upload).where(Upload.study_id == study_id).order_by(Upload.id)).all()
    assert [r.status for r in rows] == ["accepted", "accepted"]
    assert sum(r.current for r in rows) == 1 and sum(r.replaced_at is not None for r in rows) == 1
    store.dispose()
