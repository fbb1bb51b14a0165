"""Personal links: an expert opens their own questionnaire without an account.

A link is ``/a/<token>``.  The token is ``HMAC-SHA256(secret key, nonce)`` (URL-safe
base64), the nonce 32 random bytes (:func:`secrets.token_urlsafe`): a link cannot
be guessed or forged without the installation's secret key.  The database keeps
the nonce and the token's SHA-256 only — a copy of it opens nothing — and the
planner's page derives each live link again from the nonce when it shows,
exports or prints it.  A link reaches exactly one expert of one study; the
planner revokes it or lets it expire (changing the secret key ends every link,
as it ends every sign-in).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rahbord.store import ExpertLink, Study, StudyExpert

from .sessions import aware

__all__ = ["DEFAULT_DAYS", "MAX_DAYS", "LinkState", "issue_link", "link_token", "find_link", "live_links",
           "token_digest"]

DEFAULT_DAYS = 30  # a link made when an expert is registered is valid this long
MAX_DAYS = 366
_PURPOSE = b"rahbord expert link v1:"


def link_token(secret_key: str, nonce: str) -> str:
    """The token of the link made with ``nonce`` (43 URL-safe characters)."""
    digest = hmac.new(secret_key.encode("utf-8"), _PURPOSE + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def issue_link(session: Session, secret_key: str, study: Study, expert: StudyExpert, now: datetime,
               days: int = DEFAULT_DAYS) -> ExpertLink:
    """A new link for ``expert``, valid ``days`` days; the expert's earlier live links are revoked."""
    days = max(1, min(MAX_DAYS, int(days)))
    session.execute(update(ExpertLink).where(ExpertLink.expert_id == expert.id, ExpertLink.revoked_at.is_(None))
                    .values(revoked_at=now))
    nonce = secrets.token_urlsafe(32)
    link = ExpertLink(study_id=study.id, expert_id=expert.id, nonce=nonce,
                      token_hash=token_digest(link_token(secret_key, nonce)), created_at=now,
                      expires_at=now + timedelta(days=days))
    session.add(link)
    session.flush()
    return link


@dataclass(frozen=True, slots=True)
class LinkState:
    """What a token opened: the link, its study and expert, and whether it still works."""

    link: ExpertLink
    study: Study
    expert: StudyExpert
    revoked: bool
    expired: bool

    @property
    def usable(self) -> bool:
        return not (self.revoked or self.expired)


def find_link(session: Session, token: str, now: datetime) -> LinkState | None:
    """The link of ``token`` (None for a token no link has; nothing else is told)."""
    if not token or len(token) > 100:
        return None
    link = session.scalars(select(ExpertLink).where(ExpertLink.token_hash == token_digest(token))).first()
    if link is None:
        return None
    expert = session.get(StudyExpert, link.expert_id)
    study = session.get(Study, link.study_id)
    if expert is None or study is None or expert.study_id != study.id:
        return None
    return LinkState(link, study, expert, link.revoked_at is not None, aware(link.expires_at) <= now)


def live_links(session: Session, study_id: int) -> dict[int, ExpertLink]:
    """``{expert row id: newest link}`` of a study's experts (revoked or expired ones too)."""
    rows = session.scalars(select(ExpertLink).where(ExpertLink.study_id == study_id).order_by(ExpertLink.id)).all()
    return {row.expert_id: row for row in rows}
