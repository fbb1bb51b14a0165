"""Scenarios (defined by a form or a YAML file), their comparison with a baseline run (a job),
the comparison page (with a projector-friendly present mode) and the comparison report downloads.

Everything a scenario means is decided by :mod:`analysis.scenarios` (validation,
running, comparing) and :mod:`reports.compare` (wording, charts, the report);
:mod:`rahbord.web.scenario_form` turns form fields into a scenario's plain data
and :mod:`rahbord.web.stored_scenarios` hands stored scenarios to the analysis.
"""

from __future__ import annotations

import functools
import json

import yaml
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

import criteria
from mcda.errors import Problem
from rahbord.store import Comparison, ComparisonArtifact, Job, Run, Study, StudyScenario, User, enqueue
from reports.compare import build_compare_context

from ..deps import (FormOnce, PageError, RowId, csrf_protect, db, form_done, lang_of, once_per_form, owned_study,
                    read_form, render, require_user)
from ..filetypes import TEXT, describe, sniff
from ..http_files import COMPARISON_TYPES, SELF_CONTAINED_POLICY, attachment, is_upload, read_upload
from ..i18n import number, translator
from ..scenario_form import (baseline_weights, field_of, form_defaults, problem_text, scenario_data_from_form,
                             unasked_rescale)
from ..stored_scenarios import check_scenario_data, compare_stored_runs
from ..tasks import comparison_inputs

router = APIRouter()

MAX_SCENARIOS = 50


# ---- pages and actions ---------------------------------------------------------------------------
def _panel_keys(study: Study) -> list[str]:
    return [e.key for e in study.experts]


def _name_taken(session: Session, study: Study, name: str) -> bool:
    return session.scalars(select(StudyScenario.id).where(StudyScenario.study_id == study.id,
                                                          StudyScenario.name == name)).first() is not None


@router.post("/studies/{study_id}/scenarios", dependencies=[Depends(csrf_protect)])
async def define_scenario(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                          session: Session = Depends(db), once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    model = criteria.model_from_dict(study.model)
    data, values = scenario_data_from_form(form, model, _panel_keys(study))
    scenario, problems = check_scenario_data(data, model, _panel_keys(study), source="form", lang=lang_of(request))
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    t = translator(lang_of(request))
    if data["name"] and _name_taken(session, study, data["name"]):
        errors.setdefault("name", []).append(t("scenario_name_taken"))
    unscaled = unasked_rescale(form, model)
    if unscaled is not None:  # ask, never rescale silently: the sum, and scaling to 1 as an explicit choice
        errors["group_weights"] = [t("group_weights_sum", total=number(unscaled, lang_of(request), 3))]
        values["ask_rescale"] = "yes"
    for p in problems:
        field = field_of(p.cell)
        if unscaled is not None and field == "group_weights":
            continue  # the validator's "sum is not 1", said above with the choice to scale
        (errors.setdefault(field, []) if field else general).append(problem_text(p))
    if errors or general:
        return render(request, "scenario_form.html", {
            "study": study, "model": model, "values": values, "errors": errors, "general": general,
            "baseline": baseline_weights(request.app.state.store, session, study),
        }, status_code=400, user=user)
    _save(session, study, scenario.to_dict(), "form")
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}#scenarios", status_code=303))


@router.get("/studies/{study_id}/scenarios/new")
def scenario_form(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                  session: Session = Depends(db)):
    model = criteria.model_from_dict(study.model)
    return render(request, "scenario_form.html", {
        "study": study, "model": model, "values": form_defaults(model), "errors": {}, "general": [],
        "baseline": baseline_weights(request.app.state.store, session, study),
    }, user=user)


@router.post("/studies/{study_id}/scenarios/upload", dependencies=[Depends(csrf_protect)])
async def upload_scenario(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                          session: Session = Depends(db)):
    form = await read_form(request)
    upload = form.get("scenario_file")
    t = translator(lang_of(request))
    if not is_upload(upload):
        raise PageError(400, "refused", t("scenario_file"))
    data = await read_upload(request, upload)
    filename = upload.filename or "scenario.yaml"
    if sniff(data) != TEXT:
        raise PageError(415, "refused", f"{filename}: {describe(data, lang_of(request))} — {t('scenario_file_expected')}")
    request.app.state.store.put_blob(session, data)  # kept whatever happens next
    session.commit()
    model = criteria.model_from_dict(study.model)
    problems = []
    try:
        parsed = yaml.safe_load(data.decode("utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems = [Problem(filename, "", f"line {mark.line + 1}" if mark else "",
                            str(getattr(error, "problem", error)), t("scenario_file_expected"))]
        parsed = None
    scenario = None
    if not problems:
        scenario, problems = check_scenario_data(parsed, model, _panel_keys(study), source=filename, lang=lang_of(request))
    if scenario is not None and _name_taken(session, study, scenario.name):
        problems = [Problem(filename, "", "name", t("scenario_name_taken"))]
    if problems:
        return render(request, "error.html", {
            "title_key": "scenario_has_problems", "message": filename,
            "problems": [p.to_dict() for p in problems], "back": f"/studies/{study.id}#scenarios",
        }, status_code=400, user=user)
    _save(session, study, scenario.to_dict(), f"file:{filename}")
    return RedirectResponse(f"/studies/{study.id}#scenarios", status_code=303)


def _save(session: Session, study: Study, data: dict, source: str) -> None:
    count = len(session.scalars(select(StudyScenario.id).where(StudyScenario.study_id == study.id)).all())
    if count >= MAX_SCENARIOS:
        raise PageError(400, "refused", f"at most {MAX_SCENARIOS} scenarios per study")
    session.add(StudyScenario(study_id=study.id, name=data["name"], description=data.get("description", ""),
                              description_fa=data.get("description_fa", ""), changes=data.get("changes", {}),
                              source=source[:300]))
    session.commit()


def _scenario(session: Session, study: Study, scenario_id: int) -> StudyScenario:
    row = session.get(StudyScenario, scenario_id)
    if row is None or row.study_id != study.id:
        raise HTTPException(404)
    return row


@router.post("/studies/{study_id}/scenarios/{scenario_id:int}/delete", dependencies=[Depends(csrf_protect)])
def delete_scenario(scenario_id: RowId, study: Study = Depends(owned_study), session: Session = Depends(db)):
    session.delete(_scenario(session, study, scenario_id))  # comparisons keep their own copy
    session.commit()
    return RedirectResponse(f"/studies/{study.id}#scenarios", status_code=303)


@router.get("/studies/{study_id}/scenarios/{scenario_id:int}.yaml")
def scenario_yaml(scenario_id: RowId, study: Study = Depends(owned_study), session: Session = Depends(db)):
    row = _scenario(session, study, scenario_id)
    text = yaml.safe_dump(row.to_data(), allow_unicode=True, sort_keys=False)
    return Response(text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="scenario-{row.id}.yaml"'})


# ---- comparisons ---------------------------------------------------------------------------------
@router.post("/studies/{study_id}/comparisons", dependencies=[Depends(csrf_protect)])
async def start_comparison(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    form = await read_form(request)
    t = translator(lang_of(request))
    try:
        run = session.get(Run, int(str(form.get("run_id", ""))))
    except ValueError:
        run = None
    if run is None or run.study_id != study.id:
        raise PageError(400, "refused", t("need_run"))
    chosen = {int(v) for v in form.getlist("scenario_id") if str(v).isdigit()}
    rows = session.scalars(select(StudyScenario).where(StudyScenario.study_id == study.id,
                                                       StudyScenario.id.in_(chosen or [-1]))
                           .order_by(StudyScenario.id)).all()
    if not rows:
        raise PageError(400, "refused", t("need_scenarios"))
    comparison = Comparison(study_id=study.id, run_id=run.id,
                            scenarios=[{"scenario_id": r.id, **r.to_data()} for r in rows])
    session.add(comparison)
    session.flush()
    job = enqueue(session, study.id, "compare", {"comparison_id": comparison.id})
    session.commit()
    request.app.state.worker.wake()
    return RedirectResponse(f"/studies/{study.id}/jobs/{job.id}", status_code=303)


def _comparison(session: Session, study: Study, comparison_id: int) -> Comparison:
    row = session.get(Comparison, comparison_id)
    if row is None or row.study_id != study.id:
        raise HTTPException(404)
    return row


@functools.lru_cache(maxsize=16)
def _comparison_view(baseline: str, runs_json: str, lang: str, title: str) -> dict:
    """The comparison report's context for the page, cached per comparison and language."""
    comparison = compare_stored_runs(baseline, [(d, text) for d, text in json.loads(runs_json)], lang)
    return build_compare_context(comparison, lang, title=title)


@router.get("/studies/{study_id}/comparisons/{comparison_id:int}")
def comparison_page(comparison_id: RowId, request: Request, present: int = 0, study: Study = Depends(owned_study),
                    user: User = Depends(require_user), session: Session = Depends(db)):
    row = _comparison(session, study, comparison_id)
    lang = lang_of(request)
    context: dict = {"study": study, "comparison": row, "present": bool(present), "kinds": tuple(COMPARISON_TYPES)}
    if row.status != "done":
        jobs = session.scalars(select(Job).where(Job.study_id == study.id, Job.kind == "compare")
                               .order_by(Job.id.desc())).all()
        context["job"] = next((j for j in jobs if j.params.get("comparison_id") == row.id), None)
        return render(request, "comparison.html", context, user=user)
    baseline, runs = comparison_inputs(request.app.state.store, session, row)
    view = _comparison_view(baseline, json.dumps(runs, ensure_ascii=False), lang, study.title)
    artifacts = {(a.kind, a.lang): a for a in session.scalars(
        select(ComparisonArtifact).where(ComparisonArtifact.comparison_id == row.id))}
    model = criteria.model_from_dict(study.model)
    context.update({"view": view, "artifacts": artifacts, "run_id": row.run_id,
                    "codes": [*model.strategy_ids, *(f.id for f in model.factors), *model.group_ids]})
    return render(request, "comparison.html", context, user=user)


@router.post("/studies/{study_id}/comparisons/{comparison_id:int}/reports", dependencies=[Depends(csrf_protect)])
async def make_comparison_report(comparison_id: RowId, request: Request, study: Study = Depends(owned_study),
                                 session: Session = Depends(db)):
    row = _comparison(session, study, comparison_id)
    form = await read_form(request)
    kind = str(form.get("kind", ""))
    lang = "en" if form.get("lang") == "en" else "fa"
    if kind not in COMPARISON_TYPES or row.status != "done":
        raise HTTPException(404)
    base = f"/studies/{study.id}/comparisons/{row.id}"
    existing = session.scalars(select(ComparisonArtifact).where(
        ComparisonArtifact.comparison_id == row.id, ComparisonArtifact.kind == kind,
        ComparisonArtifact.lang == lang)).first()
    if existing is not None:
        return RedirectResponse(f"{base}/reports/{kind}-{lang}", status_code=303)
    job = enqueue(session, study.id, "compare_report", {"comparison_id": row.id, "kind": kind, "lang": lang})
    session.commit()
    request.app.state.worker.wake()
    return RedirectResponse(f"/studies/{study.id}/jobs/{job.id}", status_code=303)


@router.get("/studies/{study_id}/comparisons/{comparison_id:int}/reports/{kind}-{lang}")
def download_comparison_report(comparison_id: RowId, kind: str, lang: str, request: Request,
                               study: Study = Depends(owned_study), session: Session = Depends(db)):
    row = _comparison(session, study, comparison_id)
    artifact = session.scalars(select(ComparisonArtifact).where(
        ComparisonArtifact.comparison_id == row.id, ComparisonArtifact.kind == kind,
        ComparisonArtifact.lang == lang)).first()
    if artifact is None or kind not in COMPARISON_TYPES:
        raise HTTPException(404)
    data = request.app.state.store.blobs.get(artifact.blob_sha256)
    response = attachment(data, f"rahbord-study{study.id}-comparison{row.id}-{lang}.{kind}",
                          COMPARISON_TYPES[kind])
    if kind == "html":
        response.headers["Content-Security-Policy"] = SELF_CONTAINED_POLICY
    return response
