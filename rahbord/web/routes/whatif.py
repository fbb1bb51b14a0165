"""The what-if sliders on a screen of their own (present mode): ``GET /studies/<id>/runs/<run>/what-if``.

The results page carries the same sliders (``_whatif.html``); this page shows
only them, large and without the app's header, for a workshop's projector —
the projector of a finished live session links here.
"""

from __future__ import annotations

import functools

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.orm import Session

from rahbord.store import Run, Study, User

from ..blob_io import load_results
from ..deps import RowId, db, owned_study, render, require_user

router = APIRouter()

__all__ = ["router"]


@functools.lru_cache(maxsize=8)
def _results(results_sha: str, text: str):
    return load_results(text)


@router.get("/studies/{study_id}/runs/{run_id}/what-if")
def what_if_page(run_id: RowId, request: Request, study: Study = Depends(owned_study),
                 user: User = Depends(require_user), session: Session = Depends(db)):
    run = session.get(Run, run_id)
    if run is None or run.study_id != study.id:
        raise HTTPException(404)
    text = request.app.state.store.blobs.get(run.results_sha256).decode("utf-8")
    return render(request, "whatif_present.html", {"study": study, "run": run,
                                                   "results": _results(run.results_sha256, text), "present": True},
                  user=user)
