"""Analysis runs (queued jobs), their progress, the results page, report downloads."""

from __future__ import annotations

import functools

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

import analysis
import criteria
import mcda
from mcda.digits import ascii_digits
from rahbord.store import Artifact, Comparison, Job, Run, Study, StudyScenario, Upload, User, enqueue
from reports.context import build_context

from ..blob_io import load_results, revision_sheet_file
from ..deps import (FormOnce, PageError, RowId, csrf_protect, db, form_done, lang_of, once_per_form, owned_study,
                    read_form, render, require_user)
from ..http_files import REPORT_TYPES, SELF_CONTAINED_POLICY, XLSX_TYPE, attachment
from ..i18n import integer, number, stored_detail, stored_message, translator
from ..labels import item_label as _label
from ..labels import set_label as _set_label
from ..tasks import current_answer_uploads

router = APIRouter()

REPORT_KINDS = tuple(REPORT_TYPES)
# Monte Carlo draws of the robustness check: as `rahbord analyze` by default; 0 leaves the check out.
DEFAULT_DRAWS = 2000
MAX_DRAWS = 20000  # design.md: 10,000 draws over the Tehran hierarchy in < 2 s; a page's job stays short
ROBUSTNESS_SEED = 0  # stored with the run's options: the same answers give the same robustness figures


@router.post("/studies/{study_id}/analyze", dependencies=[Depends(csrf_protect)])
async def start_analysis(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db),
                         once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    if not current_answer_uploads(session, study.id):
        raise PageError(400, "refused", translator(lang_of(request))("need_answers"))
    options = {
        **_chosen(form, lang_of(request)),
        "exclude_inconsistent": form.get("exclude_inconsistent") == "on",
        "robustness_draws": _draws(form.get("robustness_draws"), lang_of(request)),
        "robustness_seed": ROBUSTNESS_SEED,
    }
    job = enqueue(session, study.id, "analyze", {"options": options})
    session.commit()
    request.app.state.worker.wake()
    # a second click on the same form follows this job instead of queueing an identical one
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}/jobs/{job.id}", status_code=303))


def _chosen(form, lang: str) -> dict[str, str]:
    """The analysis choices picked in the form, each checked against its registry (absent: the default)."""
    defaults = analysis.AnalysisOptions()
    chosen = {}
    for field in ("method", "aggregation", "ri_table", "completion", "fuzzy"):
        value = form.get(field) or getattr(defaults, field)
        if value not in mcda.OPTION_REGISTRIES[field]:
            raise PageError(400, "refused", translator(lang)("bad_option", field=mcda.OPTION_REGISTRIES[field].title(lang)))
        chosen[field] = value
    return chosen


def _draws(value, lang: str) -> int:
    """The Monte Carlo draws asked for in the form: a whole number from 0 (no robustness check) to MAX_DRAWS."""
    text = ascii_digits(value.strip()).replace(",", "") if isinstance(value, str) else ""
    if not text:
        return DEFAULT_DRAWS
    if text.isascii() and text.isdigit() and int(text) <= MAX_DRAWS:
        return int(text)
    raise PageError(400, "refused", translator(lang)("bad_draws", value=text[:20], most=integer(MAX_DRAWS, lang)))


def _job(session: Session, study: Study, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None or job.study_id != study.id:
        raise HTTPException(404)
    return job


def _job_target(study: Study, job: Job) -> str | None:
    if job.status != "done":
        return None
    if job.kind == "analyze" and job.run_id:
        return f"/studies/{study.id}/runs/{job.run_id}"
    p = job.params
    if job.kind == "report":
        return f"/studies/{study.id}/runs/{p['run_id']}/reports/{p['kind']}-{p['lang']}"
    if job.kind == "compare":
        return f"/studies/{study.id}/comparisons/{p['comparison_id']}"
    if job.kind == "compare_report":
        return f"/studies/{study.id}/comparisons/{p['comparison_id']}/reports/{p['kind']}-{p['lang']}"
    return None


@router.get("/studies/{study_id}/jobs/{job_id:int}")
def job_page(job_id: RowId, request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
             session: Session = Depends(db)):
    job = _job(session, study, job_id)
    lang = lang_of(request)
    # on a Persian page, problems written in English (an analysis check's technical account) are folded into
    # the technical detail with the exception's text; the questionnaires' own (in their language) stay in the table
    problems = list(job.problems or [])
    technical = [p for p in problems if lang != "en" and p.get("lang") == "en"]
    shown = [p for p in problems if p not in technical]
    return render(request, "job.html", {"study": study, "job": job, "target": _job_target(study, job),
                                        "problems": shown, "technical_problems": technical,
                                        "detail": stored_detail(job.message)}, user=user)


@router.get("/studies/{study_id}/jobs/{job_id:int}.json")
def job_status(job_id: RowId, request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    job = _job(session, study, job_id)
    return JSONResponse({"id": job.id, "status": job.status, "progress": job.progress,
                         "message": stored_message(job.message, lang_of(request)), "target": _job_target(study, job)})


def _run(session: Session, study: Study, run_id: int) -> Run:
    run = session.get(Run, run_id)
    if run is None or run.study_id != study.id:
        raise HTTPException(404)
    return run


@functools.lru_cache(maxsize=16)
def _results_view(results_json: str, lang: str):
    """Results and the reports' own context (formatted numbers and charts), cached per run and language."""
    results = load_results(results_json)
    # the bar labels (strategy and factor names) drawn inside the SVG: the page's CSP allows no positioned inline styles
    return results, build_context(results, lang, html_labels=False)


@router.get("/studies/{study_id}/runs/{run_id}")
def run_page(run_id: RowId, request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
             session: Session = Depends(db)):
    run = _run(session, study, run_id)
    lang = lang_of(request)
    text = request.app.state.store.blobs.get(run.results_sha256).decode("utf-8")
    results, context = _results_view(text, lang)
    model = results.model_obj
    label = functools.partial(_label, model, lang)
    ranking = [
        {"id": sid, "label": label(sid), "score": score, "rank": int(results.ranks[results.strategy_ids.index(sid)])}
        for sid, score in results.ranking()
    ]
    groups = [{"id": g, "label": label(g), "weight": w} for g, w in zip(results.group_ids, results.group_weights)]
    factors = sorted(
        (
            {"id": f, "label": label(f), "group": label(model.factors[k].group),
             "local": results.local_factor_weights[k], "global": results.global_factor_weights[k]}
            for k, f in enumerate(results.factor_ids)
        ),
        key=lambda row: -row["global"],
    )
    threshold = float(results.options.get("cr_threshold", 0.1))
    consistency = []
    for k, expert in enumerate(results.experts):
        crs = {s.id: float(s.cr[k]) for s in results.sets}
        consistency.append({
            "id": expert.id, "name": expert.name, "excluded": expert.excluded,
            "crs": crs, "inconsistent": any(cr > threshold for cr in crs.values()),
        })
    consensus = [{"id": s.id, "label": _set_label(model, s.id, lang), "s_star": s.s_star, "kendall_w": s.kendall_w}
                 for s in results.sets]
    artifacts = {(a.kind, a.lang): a for a in session.scalars(select(Artifact).where(Artifact.run_id == run.id))}
    robustness = context.get("robustness")
    left_out = exclusion_warning(results, lang)
    return render(request, "results.html", {
        "study": study, "run": run, "results": results, "ranking": ranking, "groups": groups, "factors": factors,
        "sets": [(s.id, _set_label(model, s.id, lang)) for s in results.sets], "consistency": consistency,
        "threshold": threshold, "consensus": consensus, "charts": context.get("charts", {}),
        "robustness": robustness, "shades": _acceptability_shades(results.robustness, robustness),
        "draws": int(results.options.get("robustness_draws") or 0),
        "artifacts": artifacts, "kinds": REPORT_KINDS, "notes": list(results.notes), "left_out": left_out,
        "codes": [*results.strategy_ids, *results.factor_ids, *results.group_ids],  # shown as tags in sentences
        "scenarios": session.scalars(select(StudyScenario).where(StudyScenario.study_id == study.id)
                                     .order_by(StudyScenario.id)).all(),
        "comparisons": session.scalars(select(Comparison).where(Comparison.run_id == run.id)
                                       .order_by(Comparison.id.desc())).all(),
    }, user=user)


def exclusion_warning(results, lang: str) -> dict | None:
    """Who a choice (leave out inconsistent experts) left out of the calculation and why, with a warning when
    that is more than a third of the panel (issue 13): ``{"who": [...], "third": bool, "kept": int}``."""
    left_out = [(k, e) for k, e in enumerate(results.experts) if e.excluded]
    if not left_out:
        return None
    t = translator(lang)
    threshold = float(results.options.get("cr_threshold", 0.1))
    model = results.model_obj
    who = []
    for k, expert in left_out:
        over = [f"{_set_label(model, s.id, lang)} {number(float(s.cr[k]), lang, 2)}"
                for s in results.sets if s.cr[k] == s.cr[k] and float(s.cr[k]) > threshold]
        # the reason is a key (analysis.pipeline.EXCLUSION_REASONS) worded here; its values are the sets' CRs
        reason = t(f"excluded_{expert.exclusion_reason}", threshold=number(threshold, lang, 2),
                   sets=("، " if lang == "fa" else ", ").join(over)) if expert.exclusion_reason else ""
        who.append({"id": expert.id, "name": expert.name or expert.id, "reason": reason})
    n, total = len(left_out), len(results.experts)
    return {"who": who, "n": integer(n, lang), "total": integer(total, lang), "kept": integer(total - n, lang),
            "third": n > total / 3}


def _acceptability_shades(rob, view: dict | None) -> dict[str, list[str]]:
    """CSS classes shading each rank-acceptability cell by its share (``shade-0`` … ``shade-10``), per strategy.

    The report shades with inline styles; the page's Content-Security-Policy
    allows none, so the same darker-is-more scale is a class per tenth.
    """
    mc = getattr(rob, "monte_carlo", None)
    if mc is None or not view or not view.get("acceptability"):
        return {}
    n_ranks = len(view["acceptability"]["ranks"])
    return {sid: [f"shade-{round(10 * float(share))}" if share >= 0.005 else ""
                  for share in mc.rank_acceptability[a, :n_ranks]]
            for a, sid in enumerate(mc.strategy_ids)}


@router.post("/studies/{study_id}/runs/{run_id}/reports", dependencies=[Depends(csrf_protect)])
async def make_report(run_id: RowId, request: Request, study: Study = Depends(owned_study),
                      session: Session = Depends(db)):
    run = _run(session, study, run_id)
    form = await read_form(request)
    kind = str(form.get("kind", ""))
    lang = "en" if form.get("lang") == "en" else "fa"
    if kind not in REPORT_KINDS:
        raise HTTPException(404)
    artifact = session.scalars(
        select(Artifact).where(Artifact.run_id == run.id, Artifact.kind == kind, Artifact.lang == lang)
    ).first()
    if artifact is not None:
        return RedirectResponse(f"/studies/{study.id}/runs/{run.id}/reports/{kind}-{lang}", status_code=303)
    job = enqueue(session, study.id, "report", {"run_id": run.id, "kind": kind, "lang": lang})
    session.commit()
    request.app.state.worker.wake()
    return RedirectResponse(f"/studies/{study.id}/jobs/{job.id}", status_code=303)


@router.get("/studies/{study_id}/runs/{run_id}/reports/{kind}-{lang}")
def download_report(run_id: RowId, kind: str, lang: str, request: Request, study: Study = Depends(owned_study),
                    session: Session = Depends(db)):
    run = _run(session, study, run_id)
    artifact = session.scalars(
        select(Artifact).where(Artifact.run_id == run.id, Artifact.kind == kind, Artifact.lang == lang)
    ).first()
    if artifact is None or kind not in REPORT_KINDS:
        raise HTTPException(404)
    data = request.app.state.store.blobs.get(artifact.blob_sha256)
    response = attachment(data, f"rahbord-study{study.id}-run{run.id}-{lang}.{kind}", REPORT_TYPES[kind])
    if kind == "html":
        response.headers["Content-Security-Policy"] = SELF_CONTAINED_POLICY
    return response


@router.get("/studies/{study_id}/runs/{run_id}/revision/{expert_id}.xlsx")
def revision(run_id: RowId, expert_id: str, request: Request, lang: str = "fa", study: Study = Depends(owned_study),
             session: Session = Depends(db)):
    run = _run(session, study, run_id)
    lang = "en" if lang == "en" else "fa"
    store = request.app.state.store
    results = load_results(store.blobs.get(run.results_sha256).decode("utf-8"))
    if expert_id not in results.expert_ids:
        raise HTTPException(404)
    upload = session.scalars(
        select(Upload).where(Upload.id.in_(run.upload_ids or [-1]), Upload.expert_key == expert_id)
    ).first()
    if upload is None:
        raise HTTPException(404)
    answers = (upload.filename, store.blobs.get(upload.blob_sha256))
    made = revision_sheet_file(criteria.model_from_dict(study.model), expert_id, lang, answers, dict(run.options))
    if made is None:
        raise PageError(404, "revision_sheet", translator(lang_of(request))("no_revision_needed"))
    name, data = made
    return attachment(data, name, XLSX_TYPE)
