"""Filled questionnaires: upload (several files or a zip), the problem table, history."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.orm import Session

from rahbord.store import Study, Upload, User

from ..deps import PageError, RowId, csrf_protect, db, lang_of, owned_study, read_form, render, require_user
from ..http_files import XLSX_TYPE, attachment, is_upload, read_upload
from ..i18n import translator
from ..ingest import ingest_files

router = APIRouter()


@router.post("/studies/{study_id}/responses", dependencies=[Depends(csrf_protect)])
async def upload_responses(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                           session: Session = Depends(db)):
    form = await read_form(request)
    parts = [p for p in form.getlist("files") if is_upload(p) and (p.filename or p.size)]
    settings = request.app.state.settings
    t = translator(lang_of(request))
    if not parts:
        raise PageError(400, "refused", t("upload_filled"))
    if len(parts) > settings.max_upload_files:
        raise PageError(413, "refused", f"{len(parts)} files — at most {settings.max_upload_files} at once")
    files = []
    for part in parts:
        files.append((part.filename or "upload.xlsx", await read_upload(request, part)))
    # reading workbooks is CPU work: keep it off the event loop
    from starlette.concurrency import run_in_threadpool

    outcome = await run_in_threadpool(ingest_files, request.app.state.store, session, study, files, settings)
    shown = [u for u in outcome.uploads if u.kind == "responses"]
    problems = [p for u in shown for p in (u.problems or []) if p.get("severity", "error") == "error"]
    return render(
        request, "upload_result.html",
        {"study": study, "uploads": shown, "problems": problems, "accepted": outcome.accepted,
         "refused": outcome.refused, "archives": [u for u in outcome.uploads if u.kind == "archive"]},
        status_code=200, user=user,
    )


@router.get("/studies/{study_id}/uploads/{upload_id}")
def download_upload(upload_id: RowId, request: Request, study: Study = Depends(owned_study),
                    session: Session = Depends(db)):
    upload = session.get(Upload, upload_id)
    if upload is None or upload.study_id != study.id:
        raise HTTPException(404)
    data = request.app.state.store.blobs.get(upload.blob_sha256)
    media = "application/zip" if upload.kind == "archive" else XLSX_TYPE
    return attachment(data, upload.filename, media)


@router.get("/studies/{study_id}/uploads/{upload_id}/problems")
def upload_problems(upload_id: RowId, request: Request, study: Study = Depends(owned_study),
                    user: User = Depends(require_user), session: Session = Depends(db)):
    upload = session.get(Upload, upload_id)
    if upload is None or upload.study_id != study.id:
        raise HTTPException(404)
    return render(request, "upload_result.html",
                  {"study": study, "uploads": [upload], "problems": list(upload.problems or []),
                   "accepted": int(upload.status == "accepted"), "refused": int(upload.status != "accepted"),
                   "archives": []}, user=user)
