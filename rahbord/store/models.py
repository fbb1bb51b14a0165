"""The tables: planners, studies, experts, uploads, jobs, runs and their files.

Uploaded files themselves live on disk in the :class:`~rahbord.store.blobs.BlobStore`
(content-addressed); a row only names a blob by its SHA-256, so deleting or
replacing a row never loses the bytes a planner sent.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "User", "Study", "StudyExpert", "Blob", "Upload", "Job", "Run", "Artifact", "StudyScenario",
           "Comparison", "ComparisonArtifact", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class User(Base):
    """A planner who signs in.  ``password_hash`` is an Argon2id hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    studies: Mapped[list[Study]] = relationship(back_populates="owner")


class Study(Base):
    """One decision study: a model version, its panel, uploads and runs.

    ``model`` holds the model's canonical plain data (``Model.to_dict()``) so a
    study is reproducible without the file it came from; ``model_source`` names
    where it came from (a library model, an uploaded file's blob, the form).
    """

    __tablename__ = "studies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    model: Mapped[dict] = mapped_column(JSON, nullable=False)
    model_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    model_source: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    #: when the planner closed the round of answers (online answers then stay as they are); None while open
    round_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    owner: Mapped[User] = relationship(back_populates="studies")
    experts: Mapped[list[StudyExpert]] = relationship(
        back_populates="study", cascade="all, delete-orphan", order_by="StudyExpert.position"
    )


class StudyExpert(Base):
    """A member of a study's panel; ``key`` is the id printed in the questionnaire."""

    __tablename__ = "experts"
    __table_args__ = (UniqueConstraint("study_id", "key", name="uq_experts_study_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(320), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    weight: Mapped[float] = mapped_column(Float, nullable=False, default=1.0)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="fa")

    study: Mapped[Study] = relationship(back_populates="experts")


class Blob(Base):
    """Bytes kept on disk under their SHA-256; stored once, never overwritten."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Upload(Base):
    """One file a planner sent for a study, and what became of it.

    ``status``: ``stored`` (kept, not yet read), ``accepted``, ``rejected``
    (the reader found problems, listed in ``problems``) or ``error`` (reading
    failed unexpectedly; ``problems`` says how).  ``current`` marks the
    accepted upload that counts for its expert; a corrected workbook clears
    the flag on the earlier one, which stays as history.
    """

    __tablename__ = "uploads"
    __table_args__ = (Index("ix_uploads_study_expert", "study_id", "expert_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), nullable=False)
    filename: Mapped[str] = mapped_column(String(300), nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False, default="responses")
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="stored")
    expert_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    problems: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    replaced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    blob: Mapped[Blob] = relationship()


class Job(Base):
    """Long work (analysis, report rendering) queued in the database.

    Any app process's worker thread may claim a queued job; ``heartbeat_at``
    lets a later worker re-queue a job whose process died mid-run.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    message: Mapped[str] = mapped_column(Text, nullable=False, default="")
    problems: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    worker: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"), nullable=True)
    artifact_id: Mapped[int | None] = mapped_column(ForeignKey("artifacts.id", ondelete="SET NULL"), nullable=True)


class Run(Base):
    """One analysis: the results JSON and exactly what it was made from."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    model_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    options: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    upload_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    results_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class Artifact(Base):
    """A rendered report (pdf / html / xlsx, fa / en) of one run."""

    __tablename__ = "artifacts"
    __table_args__ = (UniqueConstraint("run_id", "kind", "lang", name="uq_artifacts_run_kind_lang"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class StudyScenario(Base):
    """A named what-if of a study, as a scenario YAML file holds it (:mod:`analysis.scenarios`).

    ``changes`` is the scenario's ``changes`` mapping, validated against the
    study's model when it was saved and again when it runs.
    """

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("study_id", "name", name="uq_scenarios_study_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    description_fa: Mapped[str] = mapped_column(Text, nullable=False, default="")
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    source: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    def to_data(self) -> dict:
        """The scenario as plain data (what :func:`analysis.scenarios.scenario_from_dict` reads)."""
        return {"name": self.name, "description": self.description, "description_fa": self.description_fa,
                "changes": dict(self.changes or {})}


class Comparison(Base):
    """A baseline run compared with some scenarios.

    ``scenarios`` keeps a copy of each scenario's definition as it was run
    (editing or deleting a scenario later never changes a comparison) and,
    once the job is done, the SHA-256 of its results JSON:
    ``[{"scenario_id", "name", "description", "description_fa", "changes", "results_sha256"}]``.
    """

    __tablename__ = "comparisons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), nullable=False, index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True)
    scenarios: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")  # queued | done | failed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class ComparisonArtifact(Base):
    """A rendered comparison report (pdf / html, fa / en)."""

    __tablename__ = "comparison_artifacts"
    __table_args__ = (UniqueConstraint("comparison_id", "kind", "lang", name="uq_comparison_artifacts_kind_lang"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comparison_id: Mapped[int] = mapped_column(ForeignKey("comparisons.id", ondelete="CASCADE"), nullable=False,
                                               index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
