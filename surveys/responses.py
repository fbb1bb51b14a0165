"""What the questionnaire reader returns: every expert's answers as arrays.

:class:`Responses` is the hand-over point between ``surveys`` (files) and
``mcda`` (numbers): judgment stacks keyed by comparison-set id, a ratings
tensor, the experts' metadata, and the warnings the reader kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mcda.errors import Problem

__all__ = ["Expert", "Responses"]


@dataclass(frozen=True, slots=True)
class Expert:
    """One member of the panel.  ``weight`` is relative (normalised later)."""

    id: str
    name: str
    role: str = ""
    email: str = ""
    weight: float = 1.0
    lang: str = "fa"
    source_file: str = ""


@dataclass(frozen=True)
class Responses:
    """Every expert's answers for one model version.

    judgments
        ``{comparison_set_id: array (n_experts, n, n)}``: reciprocal matrices
        with ones on the diagonal; ``NaN`` marks a pair the expert did not
        answer (or was not asked, in an incomplete design).  Item order is
        the set's order in :meth:`criteria.Model.comparison_sets`.
    ratings
        ``(n_experts, n_strategies, n_factors)``: the value of the intensity
        each expert chose for each strategy against each factor (ideal
        scale, best = 1), ``NaN`` when not answered; ``None`` when the model
        evaluates strategies pairwise.
    problems
        Warnings the reader kept (e.g. a partially answered workbook).
    position
        ``(n_experts, n_factors)``: each expert's 1–4 rating of how well the
        city handles or responds to each factor now (David's IFE / EFE),
        ``NaN`` when not answered; ``None`` when the model does not ask for
        them (``Model.position_ratings``).
    """

    model_id: str
    model_hash: str
    experts: tuple[Expert, ...]
    judgments: dict[str, np.ndarray]
    ratings: np.ndarray | None = None
    problems: tuple[Problem, ...] = field(default=())
    position: np.ndarray | None = None

    @property
    def n_experts(self) -> int:
        return len(self.experts)

    @property
    def expert_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.experts)

    @property
    def expert_weights(self) -> np.ndarray:
        """Expert weights normalised to sum 1."""
        w = np.array([e.weight for e in self.experts], dtype=float)
        return w / w.sum()

    def subset(self, expert_ids) -> "Responses":
        """The same responses restricted to some experts (in the given order)."""
        index = {e.id: k for k, e in enumerate(self.experts)}
        rows = [index[i] for i in expert_ids]
        return Responses(
            model_id=self.model_id,
            model_hash=self.model_hash,
            experts=tuple(self.experts[k] for k in rows),
            judgments={key: stack[rows] for key, stack in self.judgments.items()},
            ratings=None if self.ratings is None else self.ratings[rows],
            problems=self.problems,
            position=None if self.position is None else self.position[rows],
        )

    def __repr__(self) -> str:
        sets = ", ".join(f"{k}{tuple(v.shape)}" for k, v in self.judgments.items())
        return f"Responses(model={self.model_id}@{self.model_hash}, experts={self.n_experts}, sets=[{sets}])"
