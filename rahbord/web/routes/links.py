"""The planner's side of answering online: personal links (new, withdrawn, listed, printed) and the round.

Every route needs the study's owner (:func:`~rahbord.web.deps.owned_study`); a
link is shown again from its nonce (:mod:`rahbord.web.expert_links`), never
from the database alone.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import segno
from markupsafe import Markup, escape
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from openpyxl import Workbook
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rahbord.store import ExpertLink, Study, StudyExpert, User
from reports.formatting import gregorian_date, jalali_date
from surveys.celltext import safe_cell_text

from ..deps import RowId, csrf_protect, db, lang_of, owned_study, read_form, render, require_user
from ..expert_links import DEFAULT_DAYS, MAX_DAYS, issue_link, link_token, live_links
from ..http_files import XLSX_TYPE, attachment
from ..i18n import direction, translator
from ..sessions import aware, now_of

router = APIRouter()

__all__ = ["router", "LinkView", "link_views", "issue_links", "issue_missing_links", "date_text"]


@dataclass(frozen=True, slots=True)
class LinkView:
    """One expert's newest link as the planner's page shows it (``url`` empty when it no longer works)."""

    expert: StudyExpert
    url: str
    state: str  # live | withdrawn | expired | none
    when: str  # the expiry date, in the page's language
    text: str  # "valid until …" / "withdrawn" / "expired on …" / "no link"
    link_expires: object = None  # the link's expiry (a datetime), None without a link


def date_text(when, lang: str) -> str:
    """A date as the planner's page writes it (Solar Hijri in Persian)."""
    return jalali_date(when, lang) if lang == "fa" else gregorian_date(when, lang)


def link_views(request: Request, session: Session, study: Study, lang: str) -> list[LinkView]:
    """Every expert of ``study`` with their newest link, in panel order."""
    key = request.app.state.settings.resolved_secret_key()
    now = now_of(request)
    t = translator(lang)
    newest = live_links(session, study.id)
    base = str(request.base_url).rstrip("/")
    views = []
    for expert in study.experts:
        link = newest.get(expert.id)
        if link is None:
            views.append(LinkView(expert, "", "none", "", t("online_no_link")))
            continue
        when = date_text(link.expires_at, lang)
        if link.revoked_at is not None:
            views.append(LinkView(expert, "", "withdrawn", when, t("online_withdrawn"), link.expires_at))
        elif aware(link.expires_at) <= now:
            views.append(LinkView(expert, "", "expired", when, t("online_expired_on", when=when), link.expires_at))
        else:
            views.append(LinkView(expert, f"{base}/a/{link_token(key, link.nonce)}", "live", when,
                                  t("online_valid_until", when=when), link.expires_at))
    return views


def issue_links(request: Request, session: Session, study: Study, experts, days: int = DEFAULT_DAYS) -> None:
    """A new personal link for each of ``experts`` (their earlier links withdrawn); the caller commits."""
    key = request.app.state.settings.resolved_secret_key()
    now = now_of(request)
    for expert in experts:
        issue_link(session, key, study, expert, now, days)


def issue_missing_links(request: Request, session: Session, study: Study) -> int:
    """A link for each expert of ``study`` who never had one (a newly registered expert); how many were made."""
    experts = session.scalars(select(StudyExpert).where(
        StudyExpert.study_id == study.id,
        StudyExpert.id.not_in(select(ExpertLink.expert_id).where(ExpertLink.study_id == study.id)))).all()
    issue_links(request, session, study, experts)
    return len(experts)


def _days(text: str) -> int:
    try:
        return max(1, min(MAX_DAYS, int(text.strip().translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)))))
    except ValueError:
        return DEFAULT_DAYS


@router.post("/studies/{study_id}/links", dependencies=[Depends(csrf_protect)])
async def new_links(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    """New links valid ``days`` days: for one expert (``expert_id``) or for every expert of the study."""
    form = await read_form(request)
    chosen = str(form.get("expert_id", "") or "")
    experts = [e for e in study.experts if not chosen or str(e.id) == chosen]
    if chosen and not experts:
        raise HTTPException(404)
    issue_links(request, session, study, experts, _days(str(form.get("days", "") or DEFAULT_DAYS)))
    session.commit()
    return RedirectResponse(f"/studies/{study.id}#online", status_code=303)


@router.post("/studies/{study_id}/links/{expert_id}/revoke", dependencies=[Depends(csrf_protect)])
def revoke_link(expert_id: RowId, request: Request, study: Study = Depends(owned_study),
                session: Session = Depends(db)):
    expert = session.get(StudyExpert, expert_id)
    if expert is None or expert.study_id != study.id:
        raise HTTPException(404)
    session.execute(update(ExpertLink).where(ExpertLink.expert_id == expert.id, ExpertLink.revoked_at.is_(None))
                    .values(revoked_at=now_of(request)))
    session.commit()
    return RedirectResponse(f"/studies/{study.id}#online", status_code=303)


@router.post("/studies/{study_id}/round", dependencies=[Depends(csrf_protect)])
async def set_round(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    """Close the round (``action=close``: online answers no longer change) or open it again."""
    form = await read_form(request)
    study.round_closed_at = now_of(request) if form.get("action") == "close" else None
    session.commit()
    return RedirectResponse(f"/studies/{study.id}#online", status_code=303)


def _table(request: Request, session: Session, study: Study, lang: str) -> tuple[list[str], list[list[str]]]:
    t = translator(lang)
    head = [t("expert_key"), t("name"), t("email"), t("language"), t("online_link"), t("status")]
    rows = []
    for view in link_views(request, session, study, lang):
        e = view.expert
        rows.append([safe_cell_text(e.key), safe_cell_text(e.name), safe_cell_text(e.email),
                     t("persian") if e.lang == "fa" else t("english"), view.url, view.text])
    return head, rows


@router.get("/studies/{study_id}/links.csv")
def links_csv(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    head, rows = _table(request, session, study, lang_of(request))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows(rows)
    # with a byte-order mark, so a spreadsheet program reads the Persian names as UTF-8
    return attachment(("\ufeff" + out.getvalue()).encode("utf-8"), f"links-study{study.id}.csv",
                      "text/csv; charset=utf-8")


@router.get("/studies/{study_id}/links.xlsx")
def links_xlsx(request: Request, study: Study = Depends(owned_study), session: Session = Depends(db)):
    lang = lang_of(request)
    head, rows = _table(request, session, study, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = translator(lang)("online_link")[:31]
    ws.sheet_view.rightToLeft = lang == "fa"
    ws.append(head)
    for row in rows:
        ws.append(row)
    for column, width in zip("ABCDEF", (10, 28, 28, 10, 70, 24)):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return attachment(buffer.getvalue(), f"links-study{study.id}.xlsx", XLSX_TYPE)


@router.get("/studies/{study_id}/invitations")
def invitations(request: Request, study: Study = Depends(owned_study), user: User = Depends(require_user),
                session: Session = Depends(db)):
    """A printable sheet: per expert with a live link, the invitation, the link and its QR code (inline SVG)."""
    cards = []
    for view in link_views(request, session, study, lang_of(request)):
        if view.state != "live":
            continue
        lang = "en" if view.expert.lang == "en" else "fa"  # each invitation in its expert's language
        t = translator(lang)
        qr = segno.make(view.url, error="m")
        cards.append({"expert": view.expert, "url": view.url, "lang": lang, "dir": direction(lang),
                      "title": t("online_invitation_title"), "code": t("online_expert_code"),
                      "text": _with_names(t("online_invitation_text", name="\x00", study="\x01"),
                                          view.expert.name, study.title),
                      "when": t("online_valid_until", when=date_text(view.link_expires, lang)),
                      "qr": qr.svg_inline(scale=4, border=2, title=t("online_link"))})
    return render(request, "invitations.html", {"study": study, "cards": cards}, user=user)


def _with_names(text: str, name: str, title: str) -> Markup:
    """``text`` with the expert's name and the study's title isolated (<bdi>): a Latin name in a Persian line
    (or the other way round) keeps its own direction."""
    out = Markup("")
    for k, part in enumerate(text.replace("\x01", "\x00\x01").split("\x00")):
        if part.startswith("\x01"):
            out += Markup("<bdi>") + escape(title) + Markup("</bdi>") + escape(part[1:])
        else:
            out += (Markup("<bdi>") + escape(name) + Markup("</bdi>") if k else Markup("")) + escape(part)
    return out

