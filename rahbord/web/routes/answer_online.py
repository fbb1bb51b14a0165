"""An expert answers online through a personal link: the page, the answer endpoint (live CR), the submit.

``GET /a/<token>`` shows the expert's questionnaire with the answers given so
far; ``POST /a/<token>/answer`` saves one answer (JSON) and returns the set's
consistency worded for the page; ``POST /a/<token>/submit`` turns the answers
into the expert's response through the upload path.  A token reaches its own
expert of its own study only; a withdrawn link is answered 403 and an expired
one 410, on a page in the link's language; an unknown token is the app's 404,
and an address that tries many unknown tokens waits (the sign-in brake,
:mod:`rahbord.web.throttle`).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

import criteria
from rahbord.store import OnlineAnswer, Upload
from reports.formatting import gregorian_date, jalali_date
from surveys.questionnaire import questionnaire_filename, verbal_labels

from .. import throttle
from ..deps import PageError, csrf_protect, db, read_form, render, store_of
from ..expert_links import LinkState, find_link
from ..i18n import LANGS, integer, number, translator
from ..ingest import ingest_files
from ..online_progress import analysis_threshold
from ..online_questionnaire import (SCALE_VALUES, Questionnaire, SetDiagnostics, answers_workbook, expert_assignment,
                                    parse_answer, questionnaire_of, scale_text, set_diagnostics)
from ..sessions import client_address, now_of
from ..tasks import study_panel

router = APIRouter()

__all__ = ["router", "status_view", "scale_points", "ANSWERS_PER_MINUTE"]


#: answers one link may save per minute (an expert answering as fast as they can stays far below it)
ANSWERS_PER_MINUTE = 120


class _AnswerRate:
    """A sliding one-minute window of saved answers per link, in this process: a script hammering one
    link's endpoint waits (429), the others are not slowed."""

    def __init__(self, limit: int, window: float = 60.0):
        self.limit, self.window = limit, window
        self.seen: dict[str, deque] = {}
        self.lock = threading.Lock()

    def wait(self, link_key: str) -> int:
        """Seconds to wait (0: the answer may be saved now, and is counted)."""
        now = time.monotonic()
        with self.lock:
            times = self.seen.setdefault(link_key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(1, int(times[0] + self.window - now + 1))
            times.append(now)
            if len(self.seen) > 10_000:  # forget the links idle longest
                for key in [k for k, v in self.seen.items() if not v or v[-1] <= now - self.window]:
                    del self.seen[key]
            return 0


_rate = _AnswerRate(ANSWERS_PER_MINUTE)


class _Refused(Exception):
    def __init__(self, response: Response):
        self.response = response


def _date(when, lang: str) -> str:
    return jalali_date(when, lang) if lang == "fa" else gregorian_date(when, lang)


def _open(request: Request, session: Session, token: str, lang_asked: str, as_json: bool = False
          ) -> tuple[LinkState, str]:
    """The link of ``token`` and the page's language, or :class:`_Refused` with the page to send."""
    now = now_of(request)
    keys = [throttle.address_key("link " + client_address(request))]
    wait = throttle.retry_after(session, keys, now)
    if wait:
        lang = lang_asked if lang_asked in LANGS else request.app.state.settings.default_lang
        message = translator(lang)("online_too_many", seconds=integer(wait, lang))
        raise _Refused(JSONResponse({"error": message}, status_code=429, headers={"Retry-After": str(wait)})
                       if as_json else
                       render(request, "error.html", {"title_key": "not_found", "message": message}, 429, lang=lang))
    state = find_link(session, token, now)
    if state is None:
        throttle.record_failure(session, keys, now)
        raise HTTPException(404)
    lang = lang_asked if lang_asked in LANGS else (state.expert.lang if state.expert.lang in LANGS else "fa")
    if not state.usable:
        t = translator(lang)
        if state.revoked:
            status, title, message = 403, "online_link_revoked_title", t("online_link_revoked")
        else:
            status, title = 410, "online_link_expired_title"
            message = t("online_link_expired", when=_date(state.link.expires_at, lang))
        raise _Refused(JSONResponse({"error": message}, status_code=status) if as_json else
                       render(request, "online_closed.html", {"title_key": title, "message": message}, status,
                              lang=lang))
    return state, lang


def _questionnaire(state: LinkState, model) -> tuple[Questionnaire, object]:
    position = next(k for k, e in enumerate(state.study.experts) if e.id == state.expert.id)
    assignment = expert_assignment(model, position)
    return questionnaire_of(model, assignment), assignment


def _answers(session: Session, expert_id: int) -> dict[str, float]:
    return {a.item: a.value for a in session.scalars(select(OnlineAnswer).where(OnlineAnswer.expert_id == expert_id))}


def _save(session: Session, expert_id: int, values: dict[str, float], now) -> None:
    """Insert or replace the answers (two tabs answering at once: the last one written stays)."""
    if not values:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for item, value in values.items():
        statement = insert(OnlineAnswer).values(expert_id=expert_id, item=item, value=value, updated_at=now)
        session.execute(statement.on_conflict_do_update(index_elements=["expert_id", "item"],
                                                        set_={"value": value, "updated_at": now}))
    session.commit()


def scale_points(model, a: str, b: str, lang: str) -> list[dict]:
    """The 17 positions of one comparison control, from 9 toward ``a`` to 9 toward ``b``, each labelled."""
    t = translator(lang)
    verbal = verbal_labels()
    points = []
    for value in SCALE_VALUES:
        n = int(value.split("/")[-1])
        item = model.label(a if "/" not in value else b, lang)
        words = verbal[n][1 if lang == "fa" else 0]
        aria = words if n == 1 else t("online_point", verbal=words, n=integer(n, lang), item=item)
        points.append({"value": value, "shown": integer(n, lang), "aria": aria,
                       "side": "eq" if n == 1 else ("a" if "/" not in value else "b")})
    return points


def _scale_words(model, value: float, a: str, b: str, lang: str) -> str:
    t = translator(lang)
    if abs(value - 1.0) < 1e-9:
        return t("online_equal")
    n = int(scale_text(value).split("/")[-1])
    return t("online_toward", n=integer(n, lang), item=model.label(a if value > 1 else b, lang))


def status_view(model, diagnostics: SetDiagnostics, lang: str) -> dict:
    """A set's consistency as the page words it (the live endpoint returns it; a workshop can reuse it)."""
    t = translator(lang)
    d = diagnostics
    view = {"set": d.set_id, "state": d.state, "cr": "", "hint": "", "hint_item": "", "hint_value": ""}
    if d.state == "incomplete":
        view["label"] = t("online_state_incomplete", k=integer(d.answered, lang), n=integer(d.asked, lang))
        return view
    view["label"] = t(f"online_state_{d.state}")
    if d.cr is not None:
        view["cr"] = t("online_cr", cr=number(d.cr, lang, 3), limit=number(d.threshold, lang, 2))
    if d.revisit is not None:
        a, b, current, suggested = d.revisit
        view["hint"] = t("online_revisit", a=model.label(a, lang), b=model.label(b, lang),
                         now=_scale_words(model, current, a, b, lang),
                         fits=_scale_words(model, suggested, a, b, lang))
        view["hint_item"] = f"p|{d.set_id}|{a}|{b}"
        view["hint_value"] = scale_text(suggested)
    return view


def _set_title(model, s, lang: str) -> str:
    t = translator(lang)
    if s.kind == "groups":
        return t("online_set_groups", goal=model.label("goal", lang))
    if s.kind == "factors":
        return t("online_set_factors", group=model.label(s.context, lang))
    if s.kind == "dependence":
        return t("online_set_dependence", group=model.label(s.context, lang))
    if s.kind == "network":
        return t("online_set_network", factor=model.label(s.context, lang))
    if s.kind == "clusters":
        return t("online_set_clusters", group=model.label(s.context, lang))
    if s.kind == "feedback":
        return t("online_set_feedback", strategy=model.label(s.context, lang))
    return t("online_set_strategies", factor=model.label(s.context, lang))


def _progress_text(answers: dict, questionnaire: Questionnaire, lang: str) -> tuple[int, str]:
    k = sum(1 for item in answers if questionnaire.pair(item) or questionnaire.rating(item))
    return k, translator(lang)("online_progress", k=integer(k, lang), n=integer(questionnaire.n_items, lang))


def _current_upload(session: Session, state: LinkState) -> Upload | None:
    return session.scalars(select(Upload).where(Upload.study_id == state.study.id, Upload.status == "accepted",
                                                Upload.current.is_(True), Upload.expert_key == state.expert.key)
                           ).first()


def _page(request: Request, session: Session, token: str, state: LinkState, lang: str, status: int = 200,
          message: str = "", answers: dict | None = None):
    model = criteria.model_from_dict(state.study.model)
    questionnaire, _ = _questionnaire(state, model)
    answers = _answers(session, state.expert.id) if answers is None else answers
    threshold, ri_table = analysis_threshold(session, state.study)
    sets = []
    for s in questionnaire.sets:
        pairs = [{"item": p.item, "a": model.label(p.a, lang), "b": model.label(p.b, lang),
                  "points": scale_points(model, p.a, p.b, lang),
                  "value": scale_text(answers[p.item]) if p.item in answers else None} for p in s.pairs]
        view = status_view(model, set_diagnostics(model, s, answers, threshold, ri_table), lang)
        for pair in pairs:  # the position that would fit, marked on the judgment to revisit
            pair["fits"] = view["hint_value"] if pair["item"] == view["hint_item"] else None
        sets.append({"id": s.set.id, "title": _set_title(model, s.set, lang), "pairs": pairs, "status": view})
    ratings = []
    levels = [(str(k), level.label_fa if lang == "fa" else level.label_en) for k, level in enumerate(model.rating_scale)]
    for strategy in model.strategy_ids:
        rows = []
        for r in questionnaire.ratings:
            if r.strategy != strategy:
                continue
            chosen = None
            if r.item in answers:
                chosen = next((str(k) for k, v in enumerate(questionnaire.levels) if abs(v - answers[r.item]) < 1e-9),
                              None)
            rows.append({"item": r.item, "factor": model.label(r.factor, lang), "value": chosen})
        if rows:
            ratings.append({"title": translator(lang)("online_rate_strategy", strategy=model.label(strategy, lang)),
                            "rows": rows})
    k, progress = _progress_text(answers, questionnaire, lang)
    upload = _current_upload(session, state)
    other = "en" if lang == "fa" else "fa"
    return render(request, "online_answers.html", {
        "token": token, "study_title": state.study.title, "expert_name": state.expert.name,
        "sets": sets, "ratings": ratings, "levels": levels, "progress": progress, "answered": k,
        "total": questionnaire.n_items, "closed": state.study.round_closed_at is not None,
        "submitted_on": _date(upload.created_at, lang) if upload is not None else "",
        "message": message, "switch_href": f"/a/{token}?lang={other}", "switch_lang": other,
    }, status, lang=lang)


@router.get("/a/{token}")
def answer_page(token: str, request: Request, lang: str = "", session: Session = Depends(db)):
    try:
        state, lang = _open(request, session, token, lang)
    except _Refused as refused:
        return refused.response
    state.link.last_used_at = now_of(request)
    session.commit()
    return _page(request, session, token, state, lang)


# The two POST routes read the request (async) first, then do their database work in a worker thread:
# a request never holds a database connection across an await, nor blocks the event loop that serves
# every other phone (60 at once in a workshop emptied the connection pool when they did).
@router.post("/a/{token}/answer")
async def save_answer(token: str, request: Request, lang: str = ""):
    """One answer ``{"item", "value"}`` (JSON), saved; the answer's set's consistency and the progress back."""
    raw = await request.body()
    return await run_in_threadpool(_save_answer, token, request, lang, raw, await _csrf_refusal(request))


async def _csrf_refusal(request: Request) -> PageError | None:
    try:
        await csrf_protect(request)
    except PageError as error:
        return error
    return None


def _save_answer(token: str, request: Request, lang: str, raw: bytes, refused: PageError | None) -> Response:
    with store_of(request).session() as session:
        try:
            state, lang = _open(request, session, token, lang, as_json=True)
        except _Refused as refusal:
            return refusal.response
        t = translator(lang)
        if refused is not None:
            return JSONResponse({"error": refused.message}, status_code=refused.status)
        if state.study.round_closed_at is not None:
            return JSONResponse({"error": t("online_round_closed")}, status_code=409)
        wait = _rate.wait(state.link.token_hash)  # unique across installations sharing a process
        if wait:
            return JSONResponse({"error": t("online_too_many", seconds=integer(wait, lang))}, status_code=429,
                                headers={"Retry-After": str(wait)})
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        item, given = (body.get("item"), body.get("value")) if isinstance(body, dict) else (None, None)
        model = criteria.model_from_dict(state.study.model)
        questionnaire, _ = _questionnaire(state, model)
        value = parse_answer(questionnaire, item, given) if isinstance(item, str) and isinstance(given, str) else None
        if value is None:
            return JSONResponse({"error": t("online_bad_answer")}, status_code=422)
        _save(session, state.expert.id, {item: value}, now_of(request))
        answers = _answers(session, state.expert.id)
        k, progress = _progress_text(answers, questionnaire, lang)
        result = {"saved": True, "saved_text": t("online_saved"), "answered": k, "total": questionnaire.n_items,
                  "progress": progress, "set": None}
        pair = questionnaire.pair(item)
        if pair is not None:
            threshold, ri_table = analysis_threshold(session, state.study)
            diagnostics = set_diagnostics(model, questionnaire.set_of(pair.set_id), answers, threshold, ri_table)
            result["set"] = status_view(model, diagnostics, lang) | {"cr_value": diagnostics.cr}
        return JSONResponse(result)


@router.post("/a/{token}/submit")
async def submit_answers(token: str, request: Request, lang: str = ""):
    """Every answer on the form saved (the page works without its script too), then the response made."""
    form = await read_form(request)
    return await run_in_threadpool(_submit_answers, token, request, lang, form, await _csrf_refusal(request))


def _submit_answers(token: str, request: Request, lang: str, form, refused: PageError | None) -> Response:
    with store_of(request).session() as session:
        try:
            state, lang = _open(request, session, token, lang)
        except _Refused as refusal:
            return refusal.response
        if refused is not None:
            raise refused
        t = translator(lang)
        if state.study.round_closed_at is not None:
            return _page(request, session, token, state, lang, 409, t("online_round_closed"))
        model = criteria.model_from_dict(state.study.model)
        questionnaire, assignment = _questionnaire(state, model)
        given = {}
        for item, text in form.multi_items():
            if item in ("csrf_token", "form_token"):
                continue
            value = parse_answer(questionnaire, item, str(text))
            if value is None:
                return _page(request, session, token, state, lang, 400, t("online_bad_answer"))
            given[item] = value
        _save(session, state.expert.id, given, now_of(request))
        answers = _answers(session, state.expert.id)
        missing = questionnaire.n_items - sum(1 for item in answers
                                              if questionnaire.pair(item) or questionnaire.rating(item))
        if missing:
            return _page(request, session, token, state, lang, 400, t("online_unanswered", n=integer(missing, lang)),
                         answers)
        expert = next(e for e in study_panel(state.study) if e.id == state.expert.key)
        data = answers_workbook(model, expert, lang, assignment, answers)
        name = "online-" + questionnaire_filename(expert, lang)
        # the same reader, checks, storage and versioning as a workbook the planner uploads
        outcome = ingest_files(request.app.state.store, session, state.study, [(name, data)],
                               request.app.state.settings, lang)
        if not outcome.accepted:
            return _page(request, session, token, state, lang, 422, t("online_not_accepted"), answers)
        return RedirectResponse(f"/a/{token}?lang={lang}#done", status_code=303)
