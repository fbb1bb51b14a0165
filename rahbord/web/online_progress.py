"""Where each expert of a study stands: not started, answering online (k of n), or submitted, with the CR status."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import analysis
from rahbord.store import OnlineAnswer, Run, Study, Upload

from .online_questionnaire import expert_assignment, questionnaire_of

__all__ = ["ExpertProgress", "panel_progress", "analysis_threshold"]


@dataclass(frozen=True, slots=True)
class ExpertProgress:
    """``state``: ``not_started`` | ``in_progress`` | ``submitted``; ``inconsistent_sets`` is None until submitted."""

    state: str
    answered: int
    asked: int
    inconsistent_sets: int | None = None


def panel_progress(session: Session, study: Study, model) -> dict[str, ExpertProgress]:
    """``{expert key: progress}`` for every expert of ``study``.

    Submitted means the expert has a current accepted response, from an
    uploaded workbook or from the online page; its CR status is the number
    of sets the reader found above the threshold (the upload's consistency
    warnings).
    """
    experts = list(study.experts)
    counts = dict(session.execute(
        select(OnlineAnswer.expert_id, func.count()).where(OnlineAnswer.expert_id.in_([e.id for e in experts]))
        .group_by(OnlineAnswer.expert_id)).all()) if experts else {}
    current = {u.expert_key: u for u in session.scalars(
        select(Upload).where(Upload.study_id == study.id, Upload.status == "accepted", Upload.current.is_(True)))}
    out = {}
    for position, expert in enumerate(experts):
        asked = questionnaire_of(model, expert_assignment(model, position)).n_items
        answered = min(int(counts.get(expert.id, 0)), asked)
        upload = current.get(expert.key)
        if upload is not None:
            bad = sum(1 for p in upload.problems or [] if p.get("kind") == "consistency")
            out[expert.key] = ExpertProgress("submitted", answered, asked, bad)
        else:
            out[expert.key] = ExpertProgress("in_progress" if answered else "not_started", answered, asked)
    return out


def analysis_threshold(session: Session, study: Study) -> tuple[float, str]:
    """The CR threshold and RI table the study's analysis uses: its latest run's, or the analysis defaults."""
    run = session.scalars(select(Run).where(Run.study_id == study.id).order_by(Run.id.desc()).limit(1)).first()
    defaults = analysis.AnalysisOptions()
    options = run.options if run is not None else {}
    return (float(options.get("cr_threshold", defaults.cr_threshold)),
            str(options.get("ri_table", defaults.ri_table)))
