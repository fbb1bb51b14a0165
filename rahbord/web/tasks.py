"""The job handlers: an analysis run, a report, a scenario comparison and its report, done by the worker thread.

Each reads what it needs from the database and the blob store and writes its
outcome back there (a :class:`~rahbord.store.Run` or an
:class:`~rahbord.store.Artifact`); a crash midway leaves earlier runs and
reports untouched, and the job is queued again by the next worker.
"""

from __future__ import annotations

from sqlalchemy import select

from rahbord.store import (
    Artifact,
    Comparison,
    ComparisonArtifact,
    JobContext,
    JobFailed,
    Run,
    Store,
    Study,
    Upload,
)

from . import bridge

__all__ = ["handlers", "current_answer_uploads", "comparison_inputs"]


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

    def compare(job: JobContext) -> dict:
        """Every chosen scenario re-run on exactly the baseline run's workbooks and options."""
        comparison_id = int(job.params["comparison_id"])
        try:
            return _compare(job, comparison_id)
        except BaseException:
            with store.session() as session:
                row = session.get(Comparison, comparison_id)
                if row is not None and row.status != "done":
                    row.status = "failed"
                    session.commit()
            raise

    def _compare(job: JobContext, comparison_id: int) -> dict:
        job.progress(5, "reading the baseline's answers")
        with store.session() as session:
            row = session.get(Comparison, comparison_id)
            if row is None or row.study_id != job.study_id:
                raise JobFailed("this comparison no longer exists")
            run = session.get(Run, row.run_id)
            study = session.get(Study, job.study_id)
            model = bridge.model_from_data(study.model)
            uploads = list(session.scalars(select(Upload).where(Upload.id.in_(run.upload_ids or [-1]))
                                           .order_by(Upload.expert_key, Upload.id)))
            files = [(u.filename, store.blobs.get(u.blob_sha256)) for u in uploads]
            panel = _panel(study)
            options = dict(run.options)
            definitions = [dict(d) for d in row.scenarios]
        responses = bridge.read_responses(model, _unique(files), experts=panel)
        problems = [p for d in definitions for p in bridge.scenario_fit_problems(d, model, responses)]
        if problems:  # every scenario checked before any runs: all their problems at once
            raise JobFailed(f"{len(problems)} problem(s) in the scenarios", [p.to_dict() for p in problems])
        texts = []
        for k, definition in enumerate(definitions):
            job.progress(15 + 75 * k // max(1, len(definitions)), f"scenario {definition['name']}")
            texts.append(bridge.run_scenario(definition, model, responses, options).to_json())
        job.progress(95, "saving the results")
        with store.session() as session:
            row = session.get(Comparison, comparison_id)
            stored = []
            for definition, text in zip(definitions, texts):
                blob = store.put_blob(session, text.encode("utf-8"))
                stored.append({**definition, "results_sha256": blob.sha256})
            row.scenarios = stored
            row.status = "done"
            session.commit()
        return {}

    def compare_report(job: JobContext) -> dict:
        kind, lang, comparison_id = job.params["kind"], job.params["lang"], int(job.params["comparison_id"])
        job.progress(10, "loading the results")
        with store.session() as session:
            row = session.get(Comparison, comparison_id)
            if row is None or row.study_id != job.study_id or row.status != "done":
                raise JobFailed("the comparison of this report is not ready or no longer exists")
            baseline, runs = comparison_inputs(store, session, row)
            title = session.get(Study, job.study_id).title
        comparison = bridge.compare_runs(baseline, runs, lang)
        job.progress(30, f"rendering the {kind.upper()} comparison")
        data = bridge.render_comparison(comparison, kind, lang, title)
        with store.session() as session:
            existing = session.scalars(select(ComparisonArtifact).where(
                ComparisonArtifact.comparison_id == comparison_id, ComparisonArtifact.kind == kind,
                ComparisonArtifact.lang == lang)).first()
            blob = store.put_blob(session, data)
            if existing is None:
                session.add(ComparisonArtifact(comparison_id=comparison_id, kind=kind, lang=lang,
                                               blob_sha256=blob.sha256))
            else:
                existing.blob_sha256 = blob.sha256
            session.commit()
        return {}

    return {"analyze": analyze, "report": report, "compare": compare, "compare_report": compare_report}


def comparison_inputs(store: Store, session, row: Comparison) -> tuple[str, list[tuple[dict, str]]]:
    """The baseline's results JSON and ``(scenario definition, results JSON)`` of a finished comparison."""
    run = session.get(Run, row.run_id)
    baseline = store.blobs.get(run.results_sha256).decode("utf-8")
    runs = [(d, store.blobs.get(d["results_sha256"]).decode("utf-8")) for d in row.scenarios]
    return baseline, runs


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
