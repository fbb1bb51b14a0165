"""Studies: the list, creating one (library model, model file, form), its page,
its panel of experts, and the questionnaires."""

from __future__ import annotations

import io
import re
import zipfile

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

import criteria
import surveys
from mcda.errors import RahbordError
from rahbord.store import Comparison, Job, Run, Study, StudyExpert, StudyScenario, Upload, User, lock_study
from reports.changes import describe_changes
from surveys.experts import MAX_EXPERT_WEIGHT, MIN_EXPERT_WEIGHT, expert_weight_problem

from ..blob_io import named_file, questionnaire_file
from ..deps import (FormOnce, PageError, RowId, csrf_protect, db, form_done, lang_of, once_per_form, owned_study,
                    read_form, render, require_user)
from ..filetypes import TEXT, XLSX, describe, sniff
from ..http_files import XLSX_TYPE, attachment, is_upload, read_upload
from ..i18n import integer, number, translator
from ..online_progress import panel_progress
from .links import date_text, issue_missing_links, link_views
from ..model_form import field_key, form_view, model_data_from_form
from ..scenario_form import baseline_weights, form_defaults
from ..tasks import study_panel

router = APIRouter()

# ---- list and creation -------------------------------------------------------------------
@router.get("/studies")
def list_studies(request: Request, user: User = Depends(require_user), session: Session = Depends(db)):
    studies = session.scalars(select(Study).where(Study.owner_id == user.id).order_by(Study.id.desc())).all()
    return render(request, "studies.html", {"studies": studies, "library": _library(lang_of(request))}, user=user)


def _library(lang: str) -> list[dict]:
    """The ready models offered on the studies page, titled in the page's language."""
    library = []
    for name in criteria.library_models():
        model = criteria.load_library_model(name)
        library.append({"name": name, "title": model.title_fa if lang == "fa" else model.title_en})
    return library


@router.post("/studies/library", dependencies=[Depends(csrf_protect)])
async def create_from_library(request: Request, user: User = Depends(require_user), session: Session = Depends(db),
                              once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    name = str(form.get("name", ""))
    if name not in criteria.library_models():
        raise HTTPException(404)
    model = criteria.load_library_model(name)
    study = _new_study(session, user, model, str(form.get("title", "")), f"library:{name}", lang_of(request))
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}", status_code=303))


@router.post("/studies/upload", dependencies=[Depends(csrf_protect)])
async def create_from_file(request: Request, user: User = Depends(require_user), session: Session = Depends(db),
                           once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    upload = form.get("model_file")
    t = translator(lang_of(request))
    if not is_upload(upload):
        raise PageError(400, "refused", t("model_file"))
    data = await read_upload(request, upload)
    kind = sniff(data)
    filename = upload.filename or "model"
    if kind not in (TEXT, XLSX):
        raise PageError(
            415, "refused",
            f"{filename}: {describe(data, lang_of(request))} — {t('model_file_expected')}",
        )
    # the file is kept whatever happens next
    blob = request.app.state.store.put_blob(session, data)
    session.commit()
    # YAML or model workbook, told apart by content; the problems name the file the planner sent
    check = criteria.check_model_file(named_file(data, filename), lang=lang_of(request))
    errors = [p for p in check.problems if p.severity == "error"]
    if check.model is None or errors:
        studies = session.scalars(select(Study).where(Study.owner_id == user.id).order_by(Study.id.desc())).all()
        return render(
            request, "studies.html",
            {"studies": studies, "library": _library(lang_of(request)),  # the ready models stay on offer
             "model_problems": [p.to_dict() for p in check.problems], "codes": _typed_ids(data, kind)},
            status_code=400, user=user,
        )
    study = _new_study(session, user, check.model, str(form.get("title", "")),
                       f"file:{filename}:{blob.sha256[:12]}", lang_of(request))
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}", status_code=303))


@router.get("/studies/new")
def model_form(request: Request, user: User = Depends(require_user), start: str = "generic-swot"):
    data = criteria.model_to_data(criteria.load_library_model(start)) if start in criteria.library_models() else {}
    return render(request, "model_form.html", {"data": form_view(data), "errors": {}, "general": []}, user=user)


@router.post("/studies/new", dependencies=[Depends(csrf_protect)])
async def create_from_form(request: Request, user: User = Depends(require_user), session: Session = Depends(db),
                           once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    data, rows = model_data_from_form(form)
    problems = criteria.validate_model(data, source="form", lang=lang_of(request))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        field_errors: dict[str, list[str]] = {}
        general = []
        for p in errors:
            key = field_key(p.cell, rows)
            text = p.message + (f" — {p.expected}" if p.expected else "")
            if key:
                field_errors.setdefault(key, []).append(text)
            else:
                general.append(text)
        return render(
            request, "model_form.html",
            {"data": form_view(data, rows), "errors": field_errors, "general": general, "failed": True,
             "codes": [str(item.get("id", "")) for name in ("groups", "factors", "strategies") for item in data[name]]},
            status_code=400, user=user,
        )
    model = criteria.model_from_dict(data)
    study = _new_study(session, user, model, str(form.get("study_title", "")), "form", lang_of(request))
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}", status_code=303))


def _typed_ids(data: bytes, kind: str) -> list[str]:
    """The ids a YAML model file names (``id: P5``), shown as small tags in its problems; none for a workbook.

    A pattern over the text, never a second YAML parse: the file may be hostile (aliases that expand)."""
    if kind != TEXT:
        return []
    text = data[:MAX_SCANNED_BYTES].decode("utf-8", "replace")
    return sorted(set(_ID_LINE.findall(text)))[:2000]


#: an ``id:`` entry of a YAML model, and how much of a file is scanned for them
_ID_LINE = re.compile(r"""(?<![\w-])id:\s*['"]?([A-Za-z0-9_.-]{1,64})""")
MAX_SCANNED_BYTES = 1 << 20


def _new_study(session: Session, user: User, model, title: str, source: str, lang: str) -> Study:
    title = title.strip()[:300] or (model.title_fa if lang == "fa" else model.title_en)
    study = Study(owner_id=user.id, title=title, model=criteria.model_to_data(model), model_hash=model.content_hash,
                  model_source=source)
    session.add(study)
    session.commit()
    return study


# ---- one study ----------------------------------------------------------------------------
@router.get("/studies/{study_id}")
def study_page(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
               session: Session = Depends(db)):
    model = criteria.model_from_dict(study.model)
    uploads = session.scalars(select(Upload).where(Upload.study_id == study.id).order_by(Upload.id.desc())).all()
    runs = session.scalars(select(Run).where(Run.study_id == study.id).order_by(Run.id.desc())).all()
    jobs = session.scalars(
        select(Job).where(Job.study_id == study.id, Job.kind == "analyze").order_by(Job.id.desc()).limit(5)
    ).all()
    current = [u for u in uploads if u.status == "accepted" and u.current]
    answered = {u.expert_key for u in current}
    scenarios = session.scalars(select(StudyScenario).where(StudyScenario.study_id == study.id)
                                .order_by(StudyScenario.id)).all()
    comparisons = session.scalars(select(Comparison).where(Comparison.study_id == study.id)
                                  .order_by(Comparison.id.desc()).limit(10)).all()
    lang = lang_of(request)
    return render(
        request, "study.html",
        {"study": study, "model": model, "uploads": uploads, "current": current, "runs": runs, "jobs": jobs,
         "answered": answered, "flash": request.session.pop("flash", None), "scenarios": scenarios,
         "scenario_lines": {s.id: describe_changes(s.changes, lang) for s in scenarios},
         "comparisons": comparisons, "scenario_values": form_defaults(model),
         "baseline_weights": baseline_weights(request.app.state.store, session, study),
         "online": panel_progress(session, study, model),
         "round_closed_on": date_text(study.round_closed_at, lang) if study.round_closed_at else "",
         "links": {view.expert.id: view for view in link_views(request, session, study, lang)}},
        user=user,
    )


@router.get("/studies/{study_id}/model.yaml")
def model_yaml(study: Study = Depends(owned_study)):
    text = criteria.model_to_yaml(criteria.model_from_dict(study.model))
    return Response(text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="model-{study.id}.yaml"'})


# ---- experts -------------------------------------------------------------------------------
@router.post("/studies/{study_id}/experts", dependencies=[Depends(csrf_protect)])
async def add_expert(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db),
                     once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    t = translator(lang_of(request))
    name = " ".join(str(form.get("name", "")).split())[:200]
    if not name:
        raise PageError(400, "refused", t("expert_name_needed"))
    weight, wrong = expert_weight_problem(str(form.get("weight", "") or "1"), lang_of(request))
    if wrong:
        raise PageError(400, "refused", t("bad_expert_weight", value=str(form.get("weight"))[:40],
                                          low=number(MIN_EXPERT_WEIGHT, lang_of(request)),
                                          high=number(MAX_EXPERT_WEIGHT, lang_of(request))))
    _add_experts(session, study, [{
        "name": name,
        "email": str(form.get("email", "")).strip()[:320],
        "role": str(form.get("role", "")).strip()[:200],
        "weight": weight,
        "lang": "en" if form.get("lang") == "en" else "fa",
    }])
    issue_missing_links(request, session, study)  # registering an expert gives a personal link
    session.commit()
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}#experts", status_code=303))


@router.post("/studies/{study_id}/experts/upload", dependencies=[Depends(csrf_protect)])
async def upload_experts(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db),
                         once: FormOnce = Depends(once_per_form)):
    form = await read_form(request)
    upload = form.get("expert_file")
    t = translator(lang_of(request))
    if not is_upload(upload):
        raise PageError(400, "refused", t("expert_list_expected"))
    data = await read_upload(request, upload)
    kind = sniff(data)
    if kind not in (TEXT, XLSX):
        raise PageError(415, "refused", f"{upload.filename}: {describe(data, lang_of(request))} — {t('expert_list_expected')}")
    request.app.state.store.put_blob(session, data)
    session.commit()
    try:
        experts = surveys.read_experts(data, name=upload.filename or ("experts.xlsx" if kind == XLSX else "experts.csv"),
                                       lang=lang_of(request))
    except RahbordError as error:  # every problem, each naming its row or cell
        problems = [p.to_dict() for p in getattr(error, "problems", [])]
        return render(request, "error.html", {"title_key": "refused", "message": str(error).split("\n", 1)[0],
                                              "problems": problems, "back": f"/studies/{study.id}#experts"},
                      status_code=400)
    added = _add_experts(session, study, [
        {"name": e.name, "email": e.email, "role": e.role, "weight": e.weight, "lang": e.lang, "key": e.id}
        for e in experts
    ])
    issue_missing_links(request, session, study)
    session.commit()
    request.session["flash"] = translator(lang_of(request))("experts_added", n=integer(added, lang_of(request)))
    return form_done(session, once, RedirectResponse(f"/studies/{study.id}#experts", status_code=303))


@router.post("/studies/{study_id}/experts/{expert_id}/delete", dependencies=[Depends(csrf_protect)])
def delete_expert(expert_id: RowId, study: Study = Depends(owned_study), session: Session = Depends(db)):
    expert = session.get(StudyExpert, expert_id)
    if expert is None or expert.study_id != study.id:
        raise HTTPException(404)
    session.delete(expert)
    session.commit()
    return RedirectResponse(f"/studies/{study.id}#experts", status_code=303)


def _add_experts(session: Session, study: Study, rows: list[dict]) -> int:
    lock_study(session, study.id)  # the next free ids are read, then taken: one request at a time
    existing = session.scalars(select(StudyExpert).where(StudyExpert.study_id == study.id)).all()
    keys = {e.key for e in existing}
    position = max((e.position for e in existing), default=0)
    number = len(existing)
    for row in rows:
        key = str(row.pop("key", "") or "").strip()
        if not key or key in keys:
            while True:
                number += 1
                key = f"E{number:03d}"
                if key not in keys:
                    break
        keys.add(key)
        position += 1
        session.add(StudyExpert(study_id=study.id, key=key, position=position, **row))
    session.flush()
    return len(rows)


# ---- questionnaires ------------------------------------------------------------------------

@router.get("/studies/{study_id}/questionnaires/{key}.xlsx")
def questionnaire(key: str, lang: str = "fa", study: Study = Depends(owned_study)):
    lang = "en" if lang == "en" else "fa"
    expert = next((e for e in study_panel(study) if e.id == key), None)
    if expert is None:
        raise HTTPException(404)
    name, data = questionnaire_file(criteria.model_from_dict(study.model), expert, lang)
    return attachment(data, name, XLSX_TYPE)


@router.get("/studies/{study_id}/questionnaires.zip")
def questionnaires_zip(lang: str = "fa", study: Study = Depends(owned_study)):
    lang = "en" if lang == "en" else "fa"
    model = criteria.model_from_dict(study.model)
    panel = study_panel(study)
    if not panel:
        raise HTTPException(404)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for expert in panel:
            name, data = questionnaire_file(model, expert, lang)
            archive.writestr(name, data)
    return attachment(buffer.getvalue(), f"questionnaires-study{study.id}-{lang}.zip", "application/zip")

