"""The tables of a live workshop: a session the facilitator steps through, its participants, their votes.

A participant has no account: joining with the session's short code and a
name makes a row whose ``token_hash`` is the SHA-256 of a random token kept in
the participant's (signed) session cookie; the token itself is never stored.
One vote per participant per comparison is the table's own rule (a unique
constraint), so a changed vote replaces the earlier one and no vote is ever
counted twice, whatever the number of app processes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, utcnow

__all__ = ["WorkshopParticipant", "WorkshopSession", "WorkshopVote"]


class WorkshopSession(Base):
    """One live session of a study.

    ``step`` is the position of the comparison on screen in the session's
    agenda (the questionnaire's items, in the workbook's order); ``voting_open``
    says whether votes on it are taken; ``finished_at`` is set when the
    facilitator finishes (the votes are then the study's responses, ``job_id``
    the analysis started on them, ``upload_ids`` the responses made).
    """

    __tablename__ = "workshop_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="fa")
    step: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    voting_open: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    upload_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)


class WorkshopParticipant(Base):
    """Someone who joined a session with its code; ``expert_key`` names the panel expert made at the finish."""

    __tablename__ = "workshop_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    expert_key: Mapped[str | None] = mapped_column(String(64), nullable=True)


class WorkshopVote(Base):
    """One participant's vote on one comparison (``item`` and ``value`` as in :class:`OnlineAnswer`)."""

    __tablename__ = "workshop_votes"
    __table_args__ = (UniqueConstraint("participant_id", "item", name="uq_workshop_votes_participant_item"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"),
                                                nullable=False, index=True)
    item: Mapped[str] = mapped_column(String(400), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
