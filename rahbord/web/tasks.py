"""The job handlers: an analysis run and a report rendering, done by the worker thread.

Each reads what it needs from the database and the blob store and writes its
outcome back there (a :class:`~rahbord.store.Run` or an
:class:`~rahbord.store.Artifact`); a crash midway leaves earlier runs and
reports untouched, and the job is queued again by the next worker.
"""

from __future__ import annotations

from sqlalchemy import select

from rahbord.store import Artifact, JobContext, JobFailed, Run, Store, Study, Upload

from . import bridge

__all__ = ["handlers", "current_answer_uploads"]


def current_answer_uploads(session, study_id: int) -> list[Upload]:
    return list(
        session.scalars(
            select(Upload)
            .where(Upload.study_id == study_id, Upload.status == "accepted", Upload.current.is_(True))
            .order_by(Upload.expert_key, Upload.id)
        )
    )


def handlers(store: Store) -> dict:
    def analyze(job: JobContext) -> dict:
        job.progress(5, "reading the answers")
        with store.session() as session:
            study = session.get(Study, job.study_id)
            model = bridge.model_from_data(study.model)
            uploads = current_answer_uploads(session, study.id)
            files = [(u.filename, store.blobs.get(u.blob_sha256)) for u in uploads]
            upload_ids = [u.id for u in uploads]
            panel = _panel(study)
        if not files:
            raise JobFailed("no accepted questionnaire to analyse")
        # the panel's names and weights (as edited in the app) replace the workbooks'
        responses = bridge.read_responses(model, _unique(files), experts=panel)
        steps = iter(range(30, 90, 15))

        def progress(message: str) -> None:
            job.progress(next(steps, 90), message)

        results = bridge.analyze(model, responses, job.params.get("options"), progress)
        job.progress(95, "saving the results")
        with store.session() as session:
            blob = store.put_blob(session, results.to_json().encode("utf-8"))
            run = Run(
                study_id=job.study_id,
                model_hash=results.model_hash,
                options=dict(results.options),
                upload_ids=upload_ids,
                results_sha256=blob.sha256,
            )
            session.add(run)
            session.commit()
            return {"run_id": run.id}

    def report(job: JobContext) -> dict:
        kind, lang, run_id = job.params["kind"], job.params["lang"], int(job.params["run_id"])
        job.progress(10, "loading the results")
        with store.session() as session:
            run = session.get(Run, run_id)
            if run is None or run.study_id != job.study_id:
                raise JobFailed("the run of this report no longer exists")
            results = bridge.results_from_json(store.blobs.get(run.results_sha256).decode("utf-8"))
        job.progress(30, f"rendering the {kind.upper()} report")
        data = bridge.render_report(results, kind, lang)
        with store.session() as session:
            existing = session.scalars(
                select(Artifact).where(Artifact.run_id == run_id, Artifact.kind == kind, Artifact.lang == lang)
            ).first()
            blob = store.put_blob(session, data)
            if existing is None:
                existing = Artifact(run_id=run_id, kind=kind, lang=lang, blob_sha256=blob.sha256)
                session.add(existing)
            else:
                existing.blob_sha256 = blob.sha256
            session.commit()
            return {"artifact_id": existing.id}

    return {"analyze": analyze, "report": report}


def _panel(study: Study):
    from surveys import Expert

    return [Expert(id=e.key, name=e.name, role=e.role, email=e.email, weight=e.weight, lang=e.lang)
            for e in study.experts] or None


def _unique(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    seen: dict[str, int] = {}
    out = []
    for name, data in files:
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name} ({seen[name]})", data))
    return out
