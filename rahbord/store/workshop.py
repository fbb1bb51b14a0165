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
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Study, utcnow

__all__ = ["WorkshopParticipant", "WorkshopSession", "WorkshopVote", "joined_participant", "owned_live_session",
           "participant_count", "participant_vote", "save_vote", "session_votes"]


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


# ---- the workshop's hot path: a vote and a phone's poll ---------------------------------------------------
# Sixty phones vote within a second and every phone asks for the state once a second, so these run as plain
# statements built once, on a connection (no ORM objects loaded, no statement built per request).

_JOINED = (
    select(WorkshopParticipant.id.label("participant_id"), WorkshopSession.id.label("session_id"),
           WorkshopSession.code, WorkshopSession.lang, WorkshopSession.step, WorkshopSession.voting_open,
           WorkshopSession.finished_at, WorkshopSession.study_id, Study.model_hash)
    .join(WorkshopSession, WorkshopSession.id == WorkshopParticipant.session_id)
    .join(Study, Study.id == WorkshopSession.study_id)
    .where(WorkshopParticipant.token_hash == bindparam("token_hash"), WorkshopSession.code == bindparam("code"))
)
_OWNED_SESSION = (
    select(WorkshopSession.id, WorkshopSession.code, WorkshopSession.lang, WorkshopSession.step,
           WorkshopSession.voting_open, WorkshopSession.finished_at, WorkshopSession.job_id, WorkshopSession.study_id,
           Study.model_hash)
    .join(Study, Study.id == WorkshopSession.study_id)
    .where(WorkshopSession.id == bindparam("session_id"), WorkshopSession.study_id == bindparam("study_id"),
           Study.owner_id == bindparam("owner_id"))
)
_PARTICIPANT_COUNT = select(func.count()).select_from(WorkshopParticipant).where(
    WorkshopParticipant.session_id == bindparam("session_id"))
_MY_VOTE = select(WorkshopVote.value).where(WorkshopVote.participant_id == bindparam("participant_id"),
                                            WorkshopVote.item == bindparam("item"))
_SESSION_VOTES = select(WorkshopVote.value).where(WorkshopVote.session_id == bindparam("session_id"),
                                                  WorkshopVote.item == bindparam("item"))
#: insert-or-replace, the same SQL on SQLite (3.24+) and PostgreSQL: the unique constraint keeps one row, ever
_UPSERT_VOTE = text(
    "INSERT INTO workshop_votes (session_id, participant_id, item, value, updated_at) "
    "VALUES (:session_id, :participant_id, :item, :value, :updated_at) "
    "ON CONFLICT (participant_id, item) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
).bindparams(bindparam("updated_at", type_=DateTime(timezone=True)), bindparam("value", type_=Float()))


def joined_participant(connection: Connection, token_hash: str, code: str) -> Row | None:
    """The participant whose token hashes to ``token_hash`` in the session of ``code``, with that session's
    state and its study's model hash (one indexed query), or None.

    The row has ``participant_id, session_id, code, lang, step, voting_open, finished_at, study_id,
    model_hash``.
    """
    return connection.execute(_JOINED, {"token_hash": token_hash, "code": code}).first()


def owned_live_session(connection: Connection, session_id: int, study_id: int, owner_id: int) -> Row | None:
    """Live session ``session_id`` of study ``study_id`` when user ``owner_id`` owns the study, else None.

    The row has ``id, code, lang, step, voting_open, finished_at, job_id, study_id, model_hash``.
    """
    return connection.execute(_OWNED_SESSION, {"session_id": session_id, "study_id": study_id,
                                               "owner_id": owner_id}).first()


def participant_count(connection: Connection, session_id: int) -> int:
    """How many joined the session."""
    return connection.execute(_PARTICIPANT_COUNT, {"session_id": session_id}).scalar_one()


def participant_vote(connection: Connection, participant_id: int, item: str) -> float | None:
    """The participant's vote on ``item``, or None."""
    return connection.execute(_MY_VOTE, {"participant_id": participant_id, "item": item}).scalar()


def session_votes(connection: Connection, session_id: int, item: str) -> list[float]:
    """Every participant's vote on ``item`` in the session (one value per participant)."""
    return list(connection.execute(_SESSION_VOTES, {"session_id": session_id, "item": item}).scalars())


def save_vote(connection: Connection, session_id: int, participant_id: int, item: str, value: float,
              now: datetime) -> None:
    """Insert or replace the participant's vote on ``item`` and commit: one row per participant and item."""
    connection.execute(_UPSERT_VOTE, {"session_id": session_id, "participant_id": participant_id, "item": item,
                                      "value": value, "updated_at": now})
    connection.commit()
