"""A live workshop: the planner starts a session, participants join with a code and vote, a projector shows it.

Planner (signed in, owns the study):

* ``POST /studies/<id>/live`` starts a session and opens its control page;
* ``GET /studies/<id>/live/<sid>`` — the facilitator's control page (code,
  scannable code, next / previous / close voting / finish);
* ``GET /studies/<id>/live/<sid>/projector`` and ``…/state.json`` — per
  comparison how many voted, the spread of the votes and the group's
  geometric mean; after the finish, the group weights and the ranking.

Participants (no account): ``/w`` (type the code) → ``/w/<code>`` (a name,
then the comparison on screen) → ``POST /w/<code>/vote``; the phone asks
``/w/<code>/state.json`` about once a second and follows the facilitator.

Why short polling and not server-sent events: the state lives in the
database, so a poll answers the same from any app process behind any proxy
(an event stream would need a shared bus between processes, or hold a
database-polling thread per phone for the whole workshop); a poll is one
indexed read of a few rows, 60 phones make 60 such reads a second, and a
phone that loses the network for a moment simply asks again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import secrets
import threading

import segno
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer
from starlette.concurrency import run_in_threadpool

import criteria
from rahbord.store import (
    Job,
    Run,
    Study,
    User,
    WorkshopParticipant,
    WorkshopSession,
    WorkshopVote,
    enqueue,
    lock_study,
)
from rahbord.store.workshop import (
    joined_participant,
    owned_live_session,
    participant_count,
    participant_vote,
    save_vote,
    session_votes,
)

from .. import throttle
from ..blob_io import load_results
from ..deps import (
    PageError,
    RowId,
    SignInRequired,
    csrf_protect,
    db,
    lang_of,
    owned_study,
    read_form,
    render,
    require_user,
)
from ..i18n import LANGS, integer, number, translator
from ..ingest import ingest_files
from ..online_questionnaire import (
    answers_workbook,
    expert_assignment,
    parse_answer,
    scale_text,
)
from ..sessions import client_address, now_of, signed_in
from ..tasks import study_panel
from ..workshop import AgendaItem, agenda_of, new_code, read_code, tally
from .answer_online import _set_title, scale_points
from .results import DEFAULT_DRAWS, ROBUSTNESS_SEED, _chosen
from .studies import _add_experts

router = APIRouter()
#: what a live session asks every second or all at once (the phones' ``/w…`` routes, the projector's state):
#: the app matches these first, since a request is tried against every route before its own
live = APIRouter()

__all__ = ["live", "router"]

_COOKIE_KEY = "workshops"  # {code: participant token} in the participant's signed session cookie


# ---- the session's agenda, cached per model --------------------------------------------------------------
#: {model content hash: (model, agenda, questionnaire)} — a vote looks its comparison up here, not in the model
_AGENDAS: dict[str, tuple] = {}


def _agenda(study: Study):
    """The study's model, agenda and questionnaire, built once per model content (``Study.model_hash``)."""
    return _agenda_of(study.model_hash, lambda: study.model)


def _agenda_of(model_hash: str, model_data):
    """The cached agenda of the model with ``model_hash``; ``model_data()`` reads the model when it is not."""
    found = _AGENDAS.get(model_hash)
    if found is None:
        model = criteria.model_from_dict(model_data())
        found = (model, *agenda_of(model))
        if len(_AGENDAS) > 64:
            _AGENDAS.clear()
        _AGENDAS[model_hash] = found
    return found


def _stored_model(connection, study_id: int):
    """A reader of the study's model (a large JSON column), for an agenda not cached yet."""
    return lambda: connection.execute(select(Study.model).where(Study.id == study_id)).scalar_one()


def _current(agenda: tuple[AgendaItem, ...], row: WorkshopSession) -> AgendaItem | None:
    return agenda[row.step] if 0 <= row.step < len(agenda) else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _join_url(request: Request, code: str) -> str:
    return str(request.base_url).rstrip("/") + f"/w/{code}"


def _qr(url: str, title: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, border=2, title=title)


# ---- the planner's side -------------------------------------------------------------------------------------
def _session_of(session: Session, study: Study, sid: int) -> WorkshopSession:
    row = session.get(WorkshopSession, sid)
    if row is None or row.study_id != study.id:
        raise HTTPException(404)
    return row


@router.post("/studies/{study_id}/live", dependencies=[Depends(csrf_protect)])
def start_session(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    _model, agenda, _q = _agenda(study)
    if not agenda:
        raise PageError(400, "refused", translator(lang_of(request))("workshop_nothing_to_vote"))
    for _attempt in range(8):  # a code already taken (1 in 10⁸ per live session) is drawn again
        row = WorkshopSession(study_id=study.id, code=new_code(), lang=lang_of(request), step=0, voting_open=True,
                              upload_ids=[], created_at=now_of(request))
        session.add(row)
        try:
            session.commit()
            break
        except IntegrityError:
            session.rollback()
    else:  # pragma: no cover - eight collisions in a row
        raise PageError(503, "refused", "")
    return RedirectResponse(f"/studies/{study.id}/live/{row.id}", status_code=303)


def _page_context(request: Request, study: Study, row: WorkshopSession) -> dict:
    t = translator(lang_of(request))
    url = _join_url(request, row.code)
    base = f"/studies/{study.id}/live/{row.id}"
    return {"study": study, "live": row, "join_url": url, "qr": _qr(url, t("workshop_join_title")),
            "code_spaced": " ".join(row.code), "state_url": base + "/state.json", "base": base}


@router.get("/studies/{study_id}/live/{sid}")
def control_page(sid: RowId, request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                 session: Session = Depends(db)):
    row = _session_of(session, study, sid)
    return render(request, "workshop_control.html", _page_context(request, study, row) | {
        "state": _state(request, session, row, study.model_hash, _agenda(study), lang_of(request)),
        "flash": request.session.pop("flash", None),
    }, user=user)


@router.get("/studies/{study_id}/live/{sid}/projector")
def projector_page(sid: RowId, request: Request, study: Study = Depends(owned_study),
                   user: User = Depends(require_user), session: Session = Depends(db)):
    row = _session_of(session, study, sid)
    return render(request, "workshop_projector.html", _page_context(request, study, row) | {
        "state": _state(request, session, row, study.model_hash, _agenda(study), lang_of(request)),
        "present": True,
    }, user=user)


@live.get("/studies/{study_id}/live/{sid}/state.json")
def projector_state(study_id: RowId, sid: RowId, request: Request):
    """What the projector and the control page show, asked once a second: the planner's session row and the
    live session's columns (not the study's model) on one database session, opened in this worker thread."""
    with request.app.state.store.session() as session:
        signin = signed_in(request, session)
        if signin is None:
            raise SignInRequired()
        connection = session.connection()
        row = owned_live_session(connection, sid, study_id, signin.user_id)
        if row is None:
            raise HTTPException(404)
        agenda = _agenda_of(row.model_hash, _stored_model(connection, row.study_id))
        return JSONResponse(_state(request, session, row, row.model_hash, agenda, lang_of(request)),
                            headers={"Cache-Control": "no-store"})


@router.post("/studies/{study_id}/live/{sid}/control", dependencies=[Depends(csrf_protect)])
async def control(sid: RowId, request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    """The facilitator's buttons: ``next``, ``previous``, ``close`` (voting), ``open`` (again), ``finish``."""
    row = _session_of(session, study, sid)
    form = await read_form(request)
    action = form.get("action")
    _model, agenda, _q = _agenda(study)
    back = RedirectResponse(f"/studies/{study.id}/live/{row.id}", status_code=303)
    if row.finished_at is not None or row.job_id is not None:  # finished, or being finished
        return back
    if action in ("next", "previous"):
        row.step = max(0, min(len(agenda) - 1, row.step + (1 if action == "next" else -1)))
        row.voting_open = True  # a comparison put on screen is open for votes
    elif action in ("close", "open"):
        row.voting_open = action == "open"
    elif action == "finish":
        lang = lang_of(request)
        # claimed by one request (a second click, another tab: nothing is made twice); job_id 0 = finishing
        claimed = session.execute(update(WorkshopSession).where(WorkshopSession.id == row.id,
                                                                WorkshopSession.job_id.is_(None))
                                  .values(job_id=0, voting_open=False)).rowcount
        session.commit()
        if not claimed:
            return RedirectResponse(f"/studies/{study.id}/live/{row.id}/projector", status_code=303)
        session.refresh(row)
        request.session["flash"] = await _finish(request, session, study, row, lang)
        row.finished_at = now_of(request)
        session.commit()
        return RedirectResponse(f"/studies/{study.id}/live/{row.id}/projector", status_code=303)
    else:
        raise PageError(400, "refused", "action")
    session.commit()
    return back


async def _finish(request: Request, session: Session, study: Study, row: WorkshopSession, lang: str) -> str:
    """Each participant's votes become that participant's response (their own questionnaire workbook through
    the upload path), then the study's normal analysis is started; the flash message says what became of it."""
    t = translator(lang)
    model, _agenda_items, _q = _agenda(study)
    participants = session.scalars(select(WorkshopParticipant).where(WorkshopParticipant.session_id == row.id)
                                   .order_by(WorkshopParticipant.id)).all()
    votes: dict[int, dict[str, float]] = {}
    for vote in session.scalars(select(WorkshopVote).where(WorkshopVote.session_id == row.id)):
        votes.setdefault(vote.participant_id, {})[vote.item] = vote.value
    voters = [p for p in participants if votes.get(p.id)]
    if not voters:
        return t("workshop_no_votes")
    # one panel expert per participant who voted (named as they joined), keyed by session and arrival
    lock_study(session, study.id)
    for k, participant in enumerate(voters, start=1):
        participant.expert_key = f"L{row.id}P{k:02d}"
    _add_experts(session, study, [{"name": p.name, "key": p.expert_key, "lang": row.lang, "weight": 1.0}
                                  for p in voters])
    session.commit()
    session.refresh(study)
    panel = {e.id: e for e in study_panel(study)}
    positions = {e.key: k for k, e in enumerate(study.experts)}
    files = []
    for participant in voters:
        expert = panel[participant.expert_key]
        assignment = expert_assignment(model, positions[participant.expert_key])
        data = await run_in_threadpool(answers_workbook, model, expert, row.lang, assignment, votes[participant.id])
        files.append((f"workshop-{row.code}-{participant.expert_key}.xlsx", data))
    outcome = await run_in_threadpool(ingest_files, request.app.state.store, session, study, files,
                                      request.app.state.settings, lang)
    row.upload_ids = [u.id for u in outcome.uploads]
    if outcome.accepted:
        options = {**_chosen({}, lang), "exclude_inconsistent": False, "robustness_draws": DEFAULT_DRAWS,
                   "robustness_seed": ROBUSTNESS_SEED}
        job = enqueue(session, study.id, "analyze", {"options": options})
        session.flush()
        row.job_id = job.id
    session.commit()
    if outcome.accepted:
        request.app.state.worker.wake()
    return t("workshop_finished", accepted=integer(outcome.accepted, lang), refused=integer(outcome.refused, lang))


# ---- what the projector and the control page show ----------------------------------------------------------
def _columns(item: AgendaItem, model, lang: str) -> list[str]:
    if item.kind == "pair":
        return [p["shown"] for p in scale_points(model, item.a, item.b, lang)]
    return [level.label_fa if lang == "fa" else level.label_en for level in model.rating_scale]


def _center_text(item: AgendaItem, model, center: float | None, lang: str) -> str:
    t = translator(lang)
    if center is None:
        return t("workshop_no_votes_yet")
    if item.kind == "rating":
        return t("workshop_mean_rating", value=number(center, lang, 2))
    if abs(center - 1.0) < 5e-3:
        return t("workshop_mean_equal", value=number(center, lang, 2))
    toward, strength = (item.a, center) if center > 1 else (item.b, 1.0 / center)
    return t("workshop_mean_toward", n=number(strength, lang, 2), item=model.label(toward, lang))


def _question(item: AgendaItem, model, lang: str) -> dict:
    t = translator(lang)
    if item.kind == "pair":
        s = next(s for s in model.comparison_sets() if s.id == item.set_id)
        return {"title": _set_title(model, s, lang), "a": model.label(item.a, lang), "b": model.label(item.b, lang)}
    return {"title": t("online_rate_strategy", strategy=model.label(item.a, lang)), "a": model.label(item.b, lang),
            "b": ""}


#: {(model hash, item, language): the item's question and columns} — the projector asks every second
_ITEM_TEXTS: dict[tuple[str, str, str], dict] = {}


def _item_texts(model_hash: str, model, item: AgendaItem, lang: str) -> dict:
    """What the projector writes about ``item`` (its set's title, the two sides, the columns), made once."""
    key = (model_hash, item.item, lang)
    found = _ITEM_TEXTS.get(key)
    if found is None:
        found = {**_question(item, model, lang), "columns": _columns(item, model, lang)}
        if len(_ITEM_TEXTS) > 4096:
            _ITEM_TEXTS.clear()
        _ITEM_TEXTS[key] = found
    return found


def _state(request: Request, session: Session, row, model_hash: str, agenda_entry: tuple, lang: str) -> dict:
    """The live session's state; ``row`` a :class:`WorkshopSession` or a row of its columns (the projector's
    poll reads only those), ``agenda_entry`` the (model, agenda, questionnaire) of the model with ``model_hash``."""
    t = translator(lang)
    model, agenda, questionnaire = agenda_entry
    item = _current(agenda, row)
    connection = session.connection()
    participants = participant_count(connection, row.id)
    values = session_votes(connection, row.id, item.item)
    counted = tally(item.kind, values, questionnaire.levels)
    state = {
        "code": row.code, "step": row.step, "steps": len(agenda), "item": item.item, "kind": item.kind,
        "open": bool(row.voting_open), "finished": row.finished_at is not None,
        "step_text": t("workshop_step", k=integer(row.step + 1, lang), n=integer(len(agenda), lang)),
        "state_text": t("workshop_finished_state") if row.finished_at is not None else
        t("workshop_voting_open") if row.voting_open else t("workshop_voting_closed"),
        **_item_texts(model_hash, model, item, lang), "participants": participants,
        "voted_text": t("workshop_voted", k=integer(counted.voted, lang), n=integer(participants, lang)),
        "center_text": _center_text(item, model, counted.center, lang), **counted.to_dict(),
        "count_labels": [integer(c, lang) for c in counted.counts],
        "results": _results(request, session, row, lang) if row.finished_at is not None else None,
    }
    return state


@functools.lru_cache(maxsize=8)
def _loaded(results_sha: str, text: str):
    return load_results(text)


def _results(request: Request, session: Session, row, lang: str) -> dict:
    """After the finish: waiting for the analysis, its failure, or the group weights and the ranking."""
    t = translator(lang)
    job = session.get(Job, row.job_id) if row.job_id else None
    if job is None:
        return {"state": "none", "text": t("workshop_no_analysis")}
    if job.status == "failed":
        return {"state": "failed", "text": t("workshop_analysis_failed"), "job": f"/studies/{row.study_id}/jobs/{job.id}"}
    run = session.get(Run, job.run_id) if job.status == "done" and job.run_id else None
    if run is None:
        return {"state": "waiting", "text": t("workshop_analysis_running")}
    results = _loaded(run.results_sha256, request.app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
    model = results.model_obj
    top_group = max(results.group_weights)
    groups = [{"label": model.label(g, lang), "weight": number(w, lang, 3), "share": float(w / top_group)}
              for g, w in zip(results.group_ids, results.group_weights)]
    ranking = list(results.ranking())
    top = ranking[0][1] if ranking else 1.0
    rows = [{"rank": integer(int(results.ranks[results.strategy_ids.index(sid)]), lang),
             "label": model.label(sid, lang), "score": number(score, lang, 3),
             "share": float(score / top) if top else 0.0} for sid, score in ranking]
    return {"state": "ready", "text": t("workshop_results_ready"), "groups": groups, "ranking": rows,
            "run": f"/studies/{row.study_id}/runs/{run.id}"}


# ---- the participants' side --------------------------------------------------------------------------------
class _Refused(Exception):
    def __init__(self, response: Response):
        self.response = response


def _lang(request: Request, asked: str, row: WorkshopSession | None = None) -> str:
    if asked in LANGS:
        return asked
    return row.lang if row is not None and row.lang in LANGS else request.app.state.settings.default_lang


def _open_session(request: Request, session: Session, code: str, asked: str, as_json: bool = False
                  ) -> tuple[WorkshopSession, Study, str]:
    """The session of ``code``, or :class:`_Refused`; unknown codes are braked per address (the sign-in brake)."""
    now = now_of(request)
    keys = [throttle.address_key("workshop " + client_address(request))]
    wait = throttle.retry_after(session, keys, now)
    if wait:
        lang = _lang(request, asked)
        message = translator(lang)("online_too_many", seconds=integer(wait, lang))
        raise _Refused(JSONResponse({"error": message}, status_code=429, headers={"Retry-After": str(wait)})
                       if as_json else
                       render(request, "workshop_join.html", {"message": message, "code": ""}, 429, lang=lang))
    normal = read_code(code)
    row = session.scalars(select(WorkshopSession).where(WorkshopSession.code == normal)).first() if normal else None
    if row is None:
        throttle.record_failure(session, keys, now)
        lang = _lang(request, asked)
        message = translator(lang)("workshop_unknown_code")
        raise _Refused(JSONResponse({"error": message}, status_code=404) if as_json else
                       render(request, "workshop_join.html", {"message": message, "code": code[:12]}, 404, lang=lang))
    # the model (a large JSON column) is read only when its agenda is not cached yet
    study = session.get(Study, row.study_id, options=[defer(Study.model)])
    return row, study, _lang(request, asked, row)


def _participant(request: Request, session: Session, row: WorkshopSession) -> WorkshopParticipant | None:
    token = (request.session.get(_COOKIE_KEY) or {}).get(row.code)
    if not isinstance(token, str):
        return None
    found = session.scalars(select(WorkshopParticipant).where(WorkshopParticipant.token_hash == _digest(token))).first()
    return found if found is not None and found.session_id == row.id else None


@live.get("/w")
def join_form(request: Request, code: str = "", lang: str = ""):
    if code:
        return RedirectResponse(f"/w/{read_code(code) or code.strip()[:12]}" + (f"?lang={lang}" if lang in LANGS
                                                                                else ""), status_code=303)
    return render(request, "workshop_join.html", {"message": "", "code": ""}, lang=_lang(request, lang))


@live.get("/w/{code}")
def participant_page(code: str, request: Request, lang: str = "", session: Session = Depends(db)):
    try:
        row, study, lang = _open_session(request, session, code, lang)
    except _Refused as refused:
        return refused.response
    if code != row.code:
        return RedirectResponse(f"/w/{row.code}?lang={lang}", status_code=303)
    me = _participant(request, session, row)
    other = "en" if lang == "fa" else "fa"
    context = {"live": row, "study_title": study.title, "switch_href": f"/w/{row.code}?lang={other}",
               "switch_lang": other, "me": me, "message": ""}
    if me is None or row.finished_at is not None:
        return render(request, "workshop_join.html", context | {"code": row.code}, lang=lang)
    model, agenda, questionnaire = _agenda(study)
    mine = {v.item: v.value for v in session.scalars(select(WorkshopVote).where(WorkshopVote.participant_id == me.id))}
    levels = [(str(k), level.label_fa if lang == "fa" else level.label_en) for k, level in enumerate(model.rating_scale)]
    items = []
    for k, item in enumerate(agenda):
        view = {"step": k, "item": item.item, "kind": item.kind, **_question(item, model, lang)}
        if item.kind == "pair":
            view["pair"] = {"item": item.item, "a": view["a"], "b": view["b"], "fits": None,
                            "points": scale_points(model, item.a, item.b, lang),
                            "value": scale_text(mine[item.item]) if item.item in mine else None}
        else:
            view["chosen"] = next((str(n) for n, v in enumerate(questionnaire.levels)
                                   if item.item in mine and abs(v - mine[item.item]) < 1e-9), None)
        items.append(view)
    return render(request, "workshop_vote.html", context | {
        "items": items, "levels": levels, "current": row.step, "state_url": f"/w/{row.code}/state.json?lang={lang}",
        "vote_url": f"/w/{row.code}/vote?lang={lang}",
    }, lang=lang)


@live.post("/w/{code}/join")
async def join(code: str, request: Request, lang: str = ""):
    # the form and its token are read first; the database is used in a worker thread, one short session,
    # so a crowd joining at once never holds connections across an await (see :func:`vote`)
    await csrf_protect(request)
    form = await read_form(request)
    name = " ".join(str(form.get("name", "")).split())[:200]
    return await run_in_threadpool(_join, request, code, lang, name)


def _join(request: Request, code: str, lang: str, name: str):
    with request.app.state.store.session() as session:
        try:
            row, study, lang = _open_session(request, session, code, lang)
        except _Refused as refused:
            return refused.response
        if row.finished_at is not None:
            return RedirectResponse(f"/w/{row.code}?lang={lang}", status_code=303)
        if not name:
            return render(request, "workshop_join.html", {"live": row, "study_title": study.title, "code": row.code,
                                                          "me": None, "message": translator(lang)("workshop_name_needed")},
                          400, lang=lang)
        token = secrets.token_urlsafe(32)
        session.add(WorkshopParticipant(session_id=row.id, name=name, token_hash=_digest(token),
                                        joined_at=now_of(request)))
        session.commit()
    joined = dict(request.session.get(_COOKIE_KEY) or {})
    joined = {k: v for k, v in list(joined.items())[-4:]}  # the cookie keeps the last few sessions only
    joined[row.code] = token
    request.session[_COOKIE_KEY] = joined
    return RedirectResponse(f"/w/{row.code}?lang={lang}", status_code=303)


@live.get("/w/{code}/state.json")
def participant_state(code: str, request: Request, lang: str = ""):
    # every phone asks this once a second: a joined phone is answered from two indexed reads on one connection
    # (see _joined); the database is opened here, in the worker thread the route already runs in
    token = _token(request, code)
    if token is not None:
        with request.app.state.store.engine.connect() as connection:
            me = joined_participant(connection, _digest(token), code)
            if me is not None:
                _model, agenda, questionnaire = _agenda_of(me.model_hash, _stored_model(connection, me.study_id))
                item = _current(agenda, me)
                value = participant_vote(connection, me.participant_id, item.item)
                return _participant_state(request, me, agenda, questionnaire, _lang(request, lang, me), True, value)
    with request.app.state.store.session() as session:
        try:
            row, study, lang = _open_session(request, session, code, lang, as_json=True)
        except _Refused as refused:
            return refused.response
        participant = _participant(request, session, row)
        _model, agenda, questionnaire = _agenda(study)
        value = session.scalar(select(WorkshopVote.value).where(
            WorkshopVote.participant_id == participant.id, WorkshopVote.item == _current(agenda, row).item)
        ) if participant is not None else None
        return _participant_state(request, row, agenda, questionnaire, lang, participant is not None, value)


def _participant_state(request: Request, row, agenda, questionnaire, lang: str, joined: bool,
                       value: float | None) -> JSONResponse:
    """What a phone shows: the step on screen, whether voting is open, and this participant's vote on it."""
    item = _current(agenda, row)
    mine = None
    if value is not None:
        mine = scale_text(value) if item.kind == "pair" else next(
            (str(n) for n, v in enumerate(questionnaire.levels) if abs(v - value) < 1e-9), None)
    t = translator(lang)
    return JSONResponse({"step": row.step, "item": item.item, "open": bool(row.voting_open),
                         "finished": row.finished_at is not None, "joined": joined, "mine": mine,
                         "state_text": t("workshop_finished_thanks") if row.finished_at is not None else
                         t("workshop_voting_open") if row.voting_open else t("workshop_voting_closed"),
                         "step_text": t("workshop_step", k=integer(row.step + 1, lang), n=integer(len(agenda), lang))},
                        headers={"Cache-Control": "no-store"})


@live.post("/w/{code}/vote")
async def vote(code: str, request: Request, lang: str = ""):
    """A vote on the comparison on screen: JSON ``{"item", "value"}`` (the page's script) or the page's form.

    Everything that awaits (the token check, the body) comes first; the database work then runs in a
    worker thread on its own short connection (two plain statements: the participant, the upsert).  An async route that queried through a request-long session
    would keep its connection while awaiting, and 60 phones voting at once would empty the pool while the
    event loop itself waits for a connection (measured: benchmarks/bench_workshop.py).
    """
    as_json = "json" in request.headers.get("content-type", "")
    try:
        await csrf_protect(request)
    except PageError as error:
        if as_json:
            return JSONResponse({"error": error.message}, status_code=error.status)
        raise
    if as_json:
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        item, given = (body.get("item"), body.get("value")) if isinstance(body, dict) else (None, None)
    else:
        form = await read_form(request)  # the page without its script: the comparison's own radio group
        item = form.get("item")
        given = form.get(item) if isinstance(item, str) else None
    return await run_in_threadpool(_vote, request, code, lang, as_json, item, given)


def _token(request: Request, code: str) -> str | None:
    """This browser's participant token for ``code`` (kept in its signed cookie when it joined), or None.

    A participant who already holds a token for the code is not guessing codes, so the brake's check is
    not needed; everyone else goes through :func:`_open_session`.
    """
    token = (request.session.get(_COOKIE_KEY) or {}).get(code)
    return token if isinstance(token, str) else None


def _vote(request: Request, code: str, lang: str, as_json: bool, item, given):
    store = request.app.state.store
    token = _token(request, code)
    with store.engine.connect() as connection:  # one connection: the participant read, then the upsert
        me = joined_participant(connection, _digest(token), code) if token is not None else None
        if me is None:  # not joined (or joined another session): the brake, then "join first"
            with store.session() as session:
                try:
                    _row, _study, lang = _open_session(request, session, code, lang, as_json=as_json)
                except _Refused as refused:
                    return refused.response
        t = translator(_lang(request, lang, me))

        def refuse(status: int, key: str):
            if as_json:
                return JSONResponse({"error": t(key)}, status_code=status)
            raise PageError(status, "refused", t(key))

        if me is None:
            return refuse(403, "workshop_join_first")
        if me.finished_at is not None or not me.voting_open:
            return refuse(409, "workshop_voting_closed")
        _model, agenda, questionnaire = _agenda_of(me.model_hash, _stored_model(connection, me.study_id))
        if item != _current(agenda, me).item:
            return refuse(409, "workshop_moved_on")
        value = parse_answer(questionnaire, item, given) if isinstance(given, str) else None
        if value is None:
            return refuse(422, "online_bad_answer")
        with _writing(store):
            save_vote(connection, me.session_id, me.participant_id, item, value, now_of(request))
    if as_json:
        return JSONResponse({"saved": True, "saved_text": t("workshop_vote_saved")})
    return RedirectResponse(f"/w/{me.code}?lang={_lang(request, lang, me)}", status_code=303)


#: the votes of one app process reach SQLite one at a time: a writer that finds SQLite's single write lock
#: taken sleeps in its busy handler (1, 2, 5, 10 … ms), so sixty threads racing for it would mostly wait;
#: queued on this lock each writes as soon as the one before commits.  PostgreSQL locks rows, not the database.
_SQLITE_WRITES = threading.Lock()


def _writing(store):
    return _SQLITE_WRITES if store.engine.dialect.name == "sqlite" else contextlib.nullcontext()


@router.get("/studies/{study_id}/live")
def sessions_page(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                  session: Session = Depends(db)):
    """The study's live sessions, newest first."""
    rows = session.scalars(select(WorkshopSession).where(WorkshopSession.study_id == study.id)
                           .order_by(WorkshopSession.id.desc())).all()
    return render(request, "workshop_sessions.html", {"study": study, "sessions": rows}, user=user)
