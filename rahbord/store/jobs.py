"""A job queue in the database, and the worker thread that runs it.

Long work (an analysis, a PDF) is a :class:`~rahbord.store.models.Job` row.
Every app process runs one :class:`JobWorker` thread that claims queued jobs
from the database — with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
several processes (``uvicorn --workers 4``) never run one job twice; on SQLite
(one process) a conditional ``UPDATE … WHERE status = 'queued'`` does the same.
Status, progress and results live only in the database: any process can
serve the page that shows them, and a job whose process died (no heartbeat)
is queued again by the next worker that looks (silence is measured by the
database server's clock on PostgreSQL, so app machines whose clocks differ
agree on it).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import DateTime, func, select, update
from sqlalchemy.orm import Session

from mcda.errors import RahbordError

from .models import Job, utcnow

__all__ = ["enqueue", "claim_next", "requeue_stale", "JobContext", "JobWorker", "JobFailed", "message_ref"]

#: a job message stored as a catalogue key and its values (worded by the page that shows it, in its language)
MESSAGE_REF = "msg:"


def message_ref(key: str, **values) -> str:
    """A job's message to store as a catalogue reference: ``msg:{"key": …, "values": {…}}``.

    Whoever shows it words it in the reader's language (``rahbord.web.i18n.stored_message``); a console
    can print the key.  Plain text is stored as it is."""
    import json

    return MESSAGE_REF + json.dumps({"key": key, "values": values}, ensure_ascii=False)

log = logging.getLogger("rahbord.jobs")

# A running job updates its heartbeat at least this often (each progress step
# and from a ticker); a job silent for STALE_AFTER belongs to a dead process.
HEARTBEAT_EVERY = timedelta(seconds=3)
STALE_AFTER = timedelta(seconds=12)
MAX_ATTEMPTS = 3


class JobFailed(RahbordError):
    """A job handler's way to fail with a message and problems for the page."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _now(session: Session):
    """Now, by a clock every process agrees on: on PostgreSQL the database server's (app processes on
    several machines would otherwise judge each other's heartbeats by their own clocks, and one running
    fast would requeue the others' live jobs); on SQLite, one machine's."""
    if session.get_bind().dialect.name == "postgresql":
        return func.clock_timestamp(type_=DateTime(timezone=True))  # now() would be the transaction's start
    return utcnow()


def enqueue(session: Session, study_id: int, kind: str, params: Mapping | None = None) -> Job:
    job = Job(study_id=study_id, kind=kind, params=dict(params or {}), status="queued", message="")
    session.add(job)
    session.flush()
    return job


def claim_next(session_factory, worker: str) -> int | None:
    """Mark the oldest queued job as running for ``worker``; its id, or None."""
    with session_factory() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            job = session.scalars(
                select(Job).where(Job.status == "queued").order_by(Job.id).limit(1).with_for_update(skip_locked=True)
            ).first()
            if job is None:
                session.rollback()
                return None
            now = _now(session)
            job.status, job.worker, job.started_at, job.heartbeat_at = "running", worker, now, now
            job.attempts += 1
            session.commit()
            return job.id
        for _ in range(5):  # lost races retry with the next candidate
            candidate = session.scalars(
                select(Job.id).where(Job.status == "queued").order_by(Job.id).limit(1)
            ).first()
            if candidate is None:
                session.rollback()
                return None
            now = utcnow()
            claimed = session.execute(
                update(Job)
                .where(Job.id == candidate, Job.status == "queued")
                .values(status="running", worker=worker, started_at=now, heartbeat_at=now, attempts=Job.attempts + 1)
            ).rowcount
            session.commit()
            if claimed == 1:
                return candidate
        return None


def requeue_stale(session_factory, stale_after: timedelta = STALE_AFTER) -> int:
    """Queue again (or fail, after MAX_ATTEMPTS) running jobs whose process went silent.

    Every worker of every process calls this: each change is a conditional
    ``UPDATE`` (still running, still silent, same attempt), so a job whose
    heartbeat arrives meanwhile, or that another worker has just requeued,
    is left alone.
    """
    changed = 0
    with session_factory() as session:
        limit = _now(session) - stale_after
        stale = session.execute(
            select(Job.id, Job.attempts).where(Job.status == "running", Job.heartbeat_at < limit).order_by(Job.id)
        ).all()
        for job_id, attempts in stale:
            if attempts >= MAX_ATTEMPTS:
                values = {"status": "failed", "finished_at": _now(session),
                          "message": message_ref("job_gave_up", attempts=attempts)}
            else:
                values = {"status": "queued", "progress": 0,
                          "message": message_ref("job_requeued")}
            changed += session.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "running", Job.heartbeat_at < limit, Job.attempts == attempts)
                .values(**values)
            ).rowcount
        session.commit()
    return changed


@dataclass
class JobContext:
    """What a handler gets: the job's id and parameters, and a progress reporter."""

    job_id: int
    study_id: int
    kind: str
    params: dict
    session_factory: Callable[[], Session]

    def progress(self, percent: int, message: str = "") -> None:
        with self.session_factory() as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id)
                .values(progress=max(0, min(100, int(percent))), message=message, heartbeat_at=_now(session))
            )
            session.commit()


Handler = Callable[[JobContext], Mapping | None]


class JobWorker:
    """A daemon thread that claims and runs jobs until :meth:`stop`.

    ``handlers`` maps a job kind to a function of a :class:`JobContext`
    returning the columns to set on success (``run_id``, ``artifact_id``).
    """

    def __init__(self, session_factory, handlers: Mapping[str, Handler], poll_seconds: float = 1.0,
                 housekeeping: Callable[[], object] | None = None, housekeeping_seconds: float = 60.0):
        self.session_factory = session_factory
        self.handlers = dict(handlers)
        self.poll_seconds = poll_seconds
        # run when the worker starts and then every housekeeping_seconds between jobs (the web app reads
        # again the uploads a stopped server left unread)
        self.housekeeping = housekeeping
        self.housekeeping_seconds = housekeeping_seconds
        self._next_housekeeping = 0.0
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="rahbord-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Look for work now (called after a request queued a job)."""
        self._wake.set()

    def run_pending(self) -> int:
        """Run queued jobs in the calling thread until none is left (tests, CLI)."""
        done = 0
        while (job_id := claim_next(self.session_factory, self.name)) is not None:
            self._run(job_id)
            done += 1
        return done

    def _housekeep(self) -> None:
        if self.housekeeping is None or time.monotonic() < self._next_housekeeping:
            return
        self._next_housekeeping = time.monotonic() + self.housekeeping_seconds
        try:
            self.housekeeping()
        except Exception:  # a failed round is logged and tried again next time
            log.exception("housekeeping failed")

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._housekeep()
            try:
                requeue_stale(self.session_factory)
                job_id = claim_next(self.session_factory, self.name)
            except Exception:  # database briefly unavailable: try again later
                log.exception("job worker could not reach the database")
                job_id = None
            if job_id is not None:
                self._run(job_id)
                continue
            self._wake.wait(self.poll_seconds)
            self._wake.clear()

    def _run(self, job_id: int) -> None:
        with self.session_factory() as session:
            job = session.get(Job, job_id)
            context = JobContext(job.id, job.study_id, job.kind, dict(job.params or {}), self.session_factory)
        handler = self.handlers.get(context.kind)
        beat = _Heartbeat(context)
        beat.start()
        try:
            if handler is None:
                raise JobFailed(f"no handler for jobs of kind {context.kind!r}")
            outcome = dict(handler(context) or {})
            status, message, problems = "done", outcome.pop("message", ""), []
        except JobFailed as error:
            status, message, problems, outcome = "failed", str(error), error.problems, {}
        except RahbordError as error:
            # a known error is stored by its key and values (worded by the page in its reader's language),
            # with its technical account as the detail; each problem keeps the language it is written in
            problems = [{**p.to_dict(), "lang": p.lang} for p in getattr(error, "problems", [])]
            message = message_ref("job_error", error=getattr(error, "key", ""), detail=str(error).split("\n", 1)[0],
                                  **getattr(error, "values", {}))
            status, outcome = "failed", {}
        except Exception as error:  # a bug: keep the job's record readable, log the trace
            log.error("job %s failed:\n%s", job_id, traceback.format_exc())
            message = message_ref("job_error", error="", detail=f"{type(error).__name__}: {error}")
            status, problems, outcome = "failed", [], {}
        finally:
            beat.stop()
        values = {"status": status, "message": message, "problems": problems, **outcome}
        if status == "done":
            values["progress"] = 100
        with self.session_factory() as session:
            values["finished_at"] = _now(session)
            # only while the job is still this worker's: a job requeued as stale (this process
            # looked dead) and claimed by another worker is that worker's to finish
            finished = session.execute(
                update(Job).where(Job.id == job_id, Job.status == "running", Job.worker == self.name).values(**values)
            ).rowcount
            session.commit()
        if not finished:
            log.warning("job %s was taken over by another worker before %s finished it", job_id, self.name)


class _Heartbeat(threading.Thread):
    """Keeps a long step (one big PDF) from looking like a dead process."""

    def __init__(self, context: JobContext):
        super().__init__(name=f"rahbord-job-{context.job_id}-heartbeat", daemon=True)
        self.context = context
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                with self.context.session_factory() as session:
                    session.execute(update(Job).where(Job.id == self.context.job_id)
                                    .values(heartbeat_at=_now(session)))
                    session.commit()
            except Exception:
                log.exception("heartbeat of job %s failed", self.context.job_id)

    def stop(self) -> None:
        self._done.set()
        self.join(5)
