"""Filled questionnaires: upload (several files or a zip), the problem table, history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.orm import Session

import criteria
from rahbord.store import Study, Upload, User

from ..deps import PageError, RowId, csrf_protect, db, lang_of, owned_study, read_form, render, require_user
from ..http_files import XLSX_TYPE, attachment, is_upload, read_upload
from ..i18n import integer, number, translator
from ..ingest import ingest_files
from ..labels import item_label, set_label
from .links import date_text

router = APIRouter()


@router.post("/studies/{study_id}/responses", dependencies=[Depends(csrf_protect)])
async def upload_responses(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                           session: Session = Depends(db)):
    form = await read_form(request)
    parts = [p for p in form.getlist("files") if is_upload(p) and (p.filename or p.size)]
    settings = request.app.state.settings
    t = translator(lang_of(request))
    if study.round_closed_at is not None:  # as online answers stop, so do workbooks: the round's answers are final
        raise PageError(409, "refused", t("upload_round_closed", when=date_text(study.round_closed_at, lang_of(request))))
    if not parts:
        raise PageError(400, "refused", t("upload_filled"))
    if len(parts) > settings.max_upload_files:
        raise PageError(413, "refused", t("upload_too_many", n=integer(len(parts), lang_of(request)),
                                          limit=integer(settings.max_upload_files, lang_of(request))))
    files = []
    for part in parts:
        files.append((part.filename or "upload.xlsx", await read_upload(request, part)))
    # reading workbooks is CPU work: keep it off the event loop
    from starlette.concurrency import run_in_threadpool

    outcome = await run_in_threadpool(ingest_files, request.app.state.store, session, study, files, settings,
                                      lang_of(request))
    shown = [u for u in outcome.uploads if u.kind == "responses"]
    # nothing taken: the same page, answered as a refusal (422), so a script or a proxy sees it failed
    status = 200 if any(u.status == "accepted" for u in shown) else 422
    problems = [p for u in shown for p in (u.problems or []) if p.get("severity", "error") == "error"]
    return render(
        request, "upload_result.html",
        {"study": study, "uploads": shown, "problems": problems, "accepted": outcome.accepted,
         "refused": outcome.refused, "archives": [u for u in outcome.uploads if u.kind == "archive"],
         "cr_warnings": consistency_rows(study, shown, lang_of(request)), "codes": model_codes(study)},
        status_code=status, user=user,
    )


def consistency_rows(study: Study, uploads: list[Upload], lang: str) -> list[dict]:
    """Per accepted upload's expert, the sets above the CR threshold and the judgment to revisit, worded
    for the page (the warnings :func:`surveys.revision.consistency_warnings` gave when the file was read)."""
    model = criteria.model_from_dict(study.model)
    rows = []
    for upload in uploads:
        for p in upload.problems or []:
            if p.get("kind") != "consistency" or upload.status != "accepted":
                continue
            revisit = ""
            if p.get("a") is not None:
                revisit = (f"{item_label(model, lang, p['a'])} / {item_label(model, lang, p['b'])}: "
                           f"{number(p['current'], lang)} {'←' if lang == 'fa' else '→'} {number(p['suggested'], lang)}")
            rows.append({"file": upload.filename, "expert": p.get("expert", ""), "set": set_label(model, p["set"], lang),
                         "cr": number(p["cr"], lang), "threshold": number(p["threshold"], lang), "revisit": revisit})
    return rows


def model_codes(study: Study) -> list[str]:
    """The codes of the study model's groups, factors and strategies (shown as small tags in problems)."""
    model = criteria.model_from_dict(study.model)
    return [*model.group_ids, *(f.id for f in model.factors), *model.strategy_ids]


@router.get("/studies/{study_id}/uploads/{upload_id}")
def download_upload(upload_id: RowId, request: Request, study: Study = Depends(owned_study),
                    session: Session = Depends(db)):
    upload = session.get(Upload, upload_id)
    if upload is None or upload.study_id != study.id:
        raise HTTPException(404)
    data = request.app.state.store.blobs.get(upload.blob_sha256)
    if upload.status != "accepted":
        # a refused file may be hostile or not a workbook at all: handed back as opaque bytes under a name
        # no spreadsheet program opens by itself, never as an .xlsx
        return attachment(data, f"{upload.filename}.refused", "application/octet-stream")
    media = "application/zip" if upload.kind == "archive" else XLSX_TYPE
    return attachment(data, upload.filename, media)


@router.get("/studies/{study_id}/uploads/{upload_id}/problems")
def upload_problems(upload_id: RowId, request: Request, study: Study = Depends(owned_study),
                    user: User = Depends(require_user), session: Session = Depends(db)):
    upload = session.get(Upload, upload_id)
    if upload is None or upload.study_id != study.id:
        raise HTTPException(404)
    return render(request, "upload_result.html",
                  {"study": study, "uploads": [upload],
                   "problems": [p for p in upload.problems or [] if p.get("kind") != "consistency"],
                   "accepted": int(upload.status == "accepted"), "refused": int(upload.status != "accepted"),
                   "archives": [], "cr_warnings": consistency_rows(study, [upload], lang_of(request)),
                   "codes": model_codes(study)}, user=user)
