"""The tables of answering online: an expert's personal links and the answers given through them.

A link's token is never stored: the row keeps a random ``nonce`` and the
SHA-256 of the token, and the token itself is an HMAC of the nonce under the
installation's secret key (:mod:`rahbord.web.expert_links`).  A copy of the
database therefore opens no questionnaire, while the planner's page can still
show and print each live link.  Answers belong to the expert, not to a link:
a new link (the old one lost or revoked) resumes where the expert stopped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow

__all__ = ["ExpertLink", "OnlineAnswer"]


class ExpertLink(Base):
    """One personal link of one expert: valid until ``expires_at`` unless ``revoked_at`` is set."""

    __tablename__ = "expert_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), nullable=False, index=True)
    nonce: Mapped[str] = mapped_column(String(64), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OnlineAnswer(Base):
    """One answer an expert gave on the online questionnaire, saved as it was given.

    ``item`` is ``p|<set id>|<a>|<b>`` for a pair (``value`` is ``a_ab`` on the
    1–9 scale) or ``r|<strategy>|<factor>`` for a rating (``value`` is the
    rating level's value).
    """

    __tablename__ = "online_answers"
    __table_args__ = (UniqueConstraint("expert_id", "item", name="uq_online_answers_expert_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), nullable=False, index=True)
    item: Mapped[str] = mapped_column(String(400), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
