"""The jobs the worker thread runs: an analysis, a report, a scenario comparison and its report.

Each job is a function of the store and the claimed job (``analyze_job(store,
job)``), listed once in :data:`JOBS`, which the app's worker reads.  A job reads
what it needs from the database and the blob store and writes its outcome back
there (a :class:`~rahbord.store.Run`, an :class:`~rahbord.store.Artifact`, a
finished :class:`~rahbord.store.Comparison`); a crash midway leaves earlier runs
and reports untouched, and the job is queued again by the next worker.
"""

from __future__ import annotations

from sqlalchemy import select

import analysis
import criteria
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
from surveys import Expert

from .blob_io import comparison_report_bytes, load_results, read_answers, report_bytes
from .i18n import message_ref
from .stored_scenarios import compare_stored_runs, fit_problems, run_stored_scenario

__all__ = [
    "JOBS",
    "analyze_job",
    "compare_job",
    "compare_report_job",
    "comparison_inputs",
    "current_answer_uploads",
    "report_job",
    "study_panel",
]


def analyze_job(store: Store, job: JobContext) -> dict:
    """The analysis of the study's current answers, on the options the planner chose: a new run."""
    job.progress(5, message_ref("step_reading_answers"))
    with store.session() as session:
        study = session.get(Study, job.study_id)
        model = criteria.model_from_dict(study.model)
        uploads = current_answer_uploads(session, study.id)
        files = [(u.filename, store.blobs.get(u.blob_sha256)) for u in uploads]
        upload_ids = [u.id for u in uploads]
        panel = study_panel(study)
    if not files:
        raise JobFailed(message_ref("job_no_answers"))
    # the panel's names and weights (as edited in the app) replace the workbooks'
    responses = read_answers(model, _unique(files), experts=panel)
    steps = iter(range(30, 90, 15))

    def progress(step: str) -> None:  # the pipeline's steps (ProgressStep), worded on the page in its language
        key = getattr(step, "key", None)
        job.progress(next(steps, 90), message_ref(f"step_{key}", **step.values) if key else step)

    options = analysis.AnalysisOptions(**(job.params.get("options") or {}))
    results = analysis.analyze(model, responses, options, progress=progress)
    job.progress(95, message_ref("step_saving"))
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


def report_job(store: Store, job: JobContext) -> dict:
    """A run's report as PDF, HTML or XLSX in one language: a new (or replaced) artifact."""
    kind, lang, run_id = job.params["kind"], job.params["lang"], int(job.params["run_id"])
    job.progress(10, message_ref("step_loading"))
    with store.session() as session:
        run = session.get(Run, run_id)
        if run is None or run.study_id != job.study_id:
            raise JobFailed(message_ref("job_run_gone"))
        results = load_results(store.blobs.get(run.results_sha256).decode("utf-8"))
    job.progress(30, message_ref("step_rendering", kind=kind.upper()))
    data = report_bytes(results, kind, lang)
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


def compare_job(store: Store, job: JobContext) -> dict:
    """Every chosen scenario re-run on exactly the baseline run's workbooks and options.

    A comparison that does not finish is marked failed (its page says so), whatever stopped it.
    """
    comparison_id = int(job.params["comparison_id"])
    try:
        return _run_comparison(store, job, comparison_id)
    except BaseException:
        with store.session() as session:
            row = session.get(Comparison, comparison_id)
            if row is not None and row.status != "done":
                row.status = "failed"
                session.commit()
        raise


def _run_comparison(store: Store, job: JobContext, comparison_id: int) -> dict:
    job.progress(5, message_ref("step_baseline_answers"))
    with store.session() as session:
        row = session.get(Comparison, comparison_id)
        if row is None or row.study_id != job.study_id:
            raise JobFailed(message_ref("job_comparison_gone"))
        run = session.get(Run, row.run_id)
        study = session.get(Study, job.study_id)
        model = criteria.model_from_dict(study.model)
        uploads = list(session.scalars(select(Upload).where(Upload.id.in_(run.upload_ids or [-1]))
                                       .order_by(Upload.expert_key, Upload.id)))
        files = [(u.filename, store.blobs.get(u.blob_sha256)) for u in uploads]
        panel = study_panel(study)
        options = dict(run.options)
        definitions = [dict(d) for d in row.scenarios]
    responses = read_answers(model, _unique(files), experts=panel)
    problems = [p for d in definitions for p in fit_problems(d, model, responses)]
    if problems:  # every scenario checked before any runs: all their problems at once
        raise JobFailed(message_ref("job_scenario_problems", n=len(problems)), [p.to_dict() for p in problems])
    texts = []
    for k, definition in enumerate(definitions):
        job.progress(15 + 75 * k // max(1, len(definitions)), message_ref("step_scenario", name=definition["name"]))
        texts.append(run_stored_scenario(definition, model, responses, options).to_json())
    job.progress(95, message_ref("step_saving"))
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


def compare_report_job(store: Store, job: JobContext) -> dict:
    """A finished comparison's report as PDF or HTML in one language: a new (or replaced) artifact."""
    kind, lang, comparison_id = job.params["kind"], job.params["lang"], int(job.params["comparison_id"])
    job.progress(10, message_ref("step_loading"))
    with store.session() as session:
        row = session.get(Comparison, comparison_id)
        if row is None or row.study_id != job.study_id or row.status != "done":
            raise JobFailed(message_ref("job_comparison_not_ready"))
        baseline, runs = comparison_inputs(store, session, row)
        title = session.get(Study, job.study_id).title
    comparison = compare_stored_runs(baseline, runs, lang)
    job.progress(30, message_ref("step_rendering_comparison", kind=kind.upper()))
    data = comparison_report_bytes(comparison, kind, lang, title)
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


#: every kind of job the worker runs, by the ``kind`` it is queued under
JOBS = {
    "analyze": analyze_job,
    "report": report_job,
    "compare": compare_job,
    "compare_report": compare_report_job,
}


def current_answer_uploads(session, study_id: int) -> list[Upload]:
    """The study's accepted workbooks, one current upload per expert."""
    return list(
        session.scalars(
            select(Upload)
            .where(Upload.study_id == study_id, Upload.status == "accepted", Upload.current.is_(True))
            .order_by(Upload.expert_key, Upload.id)
        )
    )


def comparison_inputs(store: Store, session, row: Comparison) -> tuple[str, list[tuple[dict, str]]]:
    """The baseline's results JSON and ``(scenario definition, results JSON)`` of a finished comparison."""
    run = session.get(Run, row.run_id)
    baseline = store.blobs.get(run.results_sha256).decode("utf-8")
    runs = [(d, store.blobs.get(d["results_sha256"]).decode("utf-8")) for d in row.scenarios]
    return baseline, runs


def study_panel(study: Study) -> list[Expert]:
    """The study's panel of experts as ``surveys.Expert`` (empty when the planner has listed none)."""
    return [Expert(id=e.key, name=e.name, role=e.role, email=e.email, weight=e.weight, lang=e.lang)
            for e in study.experts]


def _unique(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """File names made unique in a batch (the reader names each problem by its file)."""
    seen: dict[str, int] = {}
    out = []
    for name, data in files:
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else f"{name} ({seen[name]})", data))
    return out
