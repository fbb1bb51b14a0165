"""Consistency: CI, CR, GCI, and which judgments to revise.

:func:`consistency` reports Saaty's CR (``CI / RI`` with a named random
index), the geometric consistency index GCI with its threshold (Aguarón &
Moreno-Jiménez 2003), the Alonso & Lamata (2006) λmax limit, and — for a
revision sheet — every answered judgment ranked by how far it is from what
the current priorities imply.

The error of judgment ``a_ij`` against weights ``w`` is
``e_ij = |ln(a_ij w_j / w_i)|``: 0 when ``a_ij = w_i / w_j`` exactly, and the
same for a judgment and its reciprocal.  For each pair (i < j) a
:class:`Revision` gives the current value, the consistent value ``w_i / w_j``
and the nearest value on Saaty's 1–9 scale, worst first.  Revising the
judgments with the largest errors first is the approach of Saaty (2003,
"Decision-making with the AHP: why is the principal eigenvector necessary",
*EJOR* 145(1), 85–91) and Aguarón & Moreno-Jiménez (2003).

A consistent matrix of weights 8 : 4 : 2 : 1 in which a_14 was entered as
1/2 instead of 8 — the report points at that judgment first:

>>> import numpy as np
>>> A = np.array([[1, 2, 4, 1/2], [1/2, 1, 2, 4], [1/4, 1/2, 1, 2], [2, 1/4, 1/2, 1]])
>>> report = consistency(A, warn=False)
>>> report.consistent, round(report.cr, 3)
(False, 0.403)
>>> top = report.revisions[0]
>>> (top.i, top.j, top.current, top.suggested)
(0, 3, 0.5, 2.0)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import InconsistencyWarning, MatrixError
from .pairwise import PairwiseMatrix, as_matrix_stack
from .priorities import priorities
from .random_index import _table, alonso_lamata_lambda_limit, gci_threshold
from .scale import nearest_scale_value

__all__ = ["Revision", "ConsistencyReport", "consistency"]


@dataclass(frozen=True, slots=True)
class Revision:
    """One answered judgment ``a_ij`` (i < j) and how to make it consistent with the current weights.

    ``consistent_value`` is ``w_i / w_j``; ``suggested`` is its nearest value
    on the 1–9 scale; ``error`` is ``|ln(a_ij w_j / w_i)|``.
    """

    i: int
    j: int
    current: float
    consistent_value: float
    suggested: float
    error: float
    label_i: str | None = None
    label_j: str | None = None

    def __repr__(self) -> str:
        names = f"{self.label_i} vs {self.label_j}" if self.label_i is not None else f"({self.i}, {self.j})"
        return (
            f"Revision({names}: {self.current:.3g} → {self.suggested:.3g} "
            f"(consistent {self.consistent_value:.3g}), error={self.error:.3f})"
        )

    def to_dict(self) -> dict:
        return {
            "i": self.i,
            "j": self.j,
            "label_i": self.label_i,
            "label_j": self.label_j,
            "current": self.current,
            "consistent_value": self.consistent_value,
            "suggested": self.suggested,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True, eq=False)
class ConsistencyReport:
    """Consistency of one matrix: CR, CI, λmax, GCI and the judgments to revise (worst first)."""

    cr: float
    ci: float
    lambda_max: float
    gci: float
    gci_threshold: float
    consistent: bool
    weights: np.ndarray
    revisions: tuple[Revision, ...]
    n: int
    threshold: float
    ri_table: str
    alonso_lamata_limit: float
    labels: tuple[str, ...] | None = None

    @property
    def gci_consistent(self) -> bool:
        """GCI at or below the Aguarón & Moreno-Jiménez (2003) threshold for this n."""
        return self.gci <= self.gci_threshold

    @property
    def alonso_lamata_consistent(self) -> bool:
        """λmax at or below the Alonso & Lamata (2006) limit at α = ``threshold`` (``≤``, as CR ≤ threshold)."""
        return self.lambda_max <= self.alonso_lamata_limit or self.n <= 2

    def __repr__(self) -> str:
        worst = f", worst={self.revisions[0]!r}" if self.revisions and not self.consistent else ""
        return (
            f"ConsistencyReport(cr={self.cr:.3f}, gci={self.gci:.3f}, "
            f"consistent={self.consistent}{worst})"
        )

    def to_frame(self):
        """One row per answered judgment, worst first."""
        import pandas as pd

        columns = ["i", "j", "label_i", "label_j", "current", "consistent_value", "suggested", "error"]
        return pd.DataFrame([r.to_dict() for r in self.revisions], columns=columns)

    def to_dict(self) -> dict:
        return {
            "cr": float(self.cr),
            "ci": float(self.ci),
            "lambda_max": float(self.lambda_max),
            "gci": float(self.gci),
            "gci_threshold": float(self.gci_threshold),
            "consistent": bool(self.consistent),
            "gci_consistent": bool(self.gci_consistent),
            "alonso_lamata_limit": float(self.alonso_lamata_limit),
            "alonso_lamata_consistent": bool(self.alonso_lamata_consistent),
            "weights": [float(x) for x in self.weights],
            "revisions": [r.to_dict() for r in self.revisions],
            "n": int(self.n),
            "threshold": float(self.threshold),
            "ri_table": self.ri_table,
            "labels": None if self.labels is None else list(self.labels),
        }


def consistency(
    A,
    ri_table="saaty",
    threshold: float = 0.10,
    warn: bool = True,
    labels: Sequence[str] | None = None,
) -> ConsistencyReport:
    """CR, CI, λmax, GCI and the ranked list of judgments to revise, for one matrix (``NaN`` = missing).

    Weights are the principal eigenvector (of the λmax-optimal completion if
    judgments are missing, see :func:`~mcda.complete_matrix`); ``consistent``
    is ``CR <= threshold``.  ``alonso_lamata_consistent`` is Alonso & Lamata's
    λmax test; with ``ri_table="alonso-lamata"`` it uses the same RI as the CR
    and so always agrees with ``consistent``.  An inconsistent matrix
    emits exactly one :class:`~mcda.InconsistencyWarning` (unless
    ``warn=False``) and never raises.  Only answered pairs get a
    :class:`Revision`.
    """
    if isinstance(A, PairwiseMatrix) and labels is None:
        labels = A.labels
    stack, single = as_matrix_stack(A, allow_missing=True, labels=labels)
    if stack.shape[0] != 1:
        raise MatrixError(f"`consistency` takes one matrix (got a stack of {stack.shape[0]}); loop or use batch_priorities")
    matrix = stack[0]
    result = priorities(matrix, method="eigen", ri_table=ri_table, cr_threshold=threshold, warn=False, labels=labels,
                        scale="ratio")  # validated above
    w, n = result.weights, result.n
    i, j = np.triu_indices(n, 1)
    current = matrix[i, j]
    answered = ~np.isnan(current)
    i, j, current = i[answered], j[answered], current[answered]
    consistent_value = w[i] / w[j]
    errors = np.abs(np.log(current / consistent_value))
    suggested = np.atleast_1d(nearest_scale_value(consistent_value))
    order = np.lexsort((j, i, -errors))  # worst first; ties in reading order
    revisions = tuple(
        Revision(
            i=int(i[k]),
            j=int(j[k]),
            current=float(current[k]),
            consistent_value=float(consistent_value[k]),
            suggested=float(suggested[k]),
            error=float(errors[k]),
            label_i=None if labels is None else str(labels[i[k]]),
            label_j=None if labels is None else str(labels[j[k]]),
        )
        for k in order
    )
    report = ConsistencyReport(
        cr=result.cr,
        ci=result.ci,
        lambda_max=result.lambda_max,
        gci=result.gci,
        gci_threshold=gci_threshold(n),
        consistent=result.consistent,
        weights=result.weights,
        revisions=revisions,
        n=n,
        threshold=float(threshold),
        ri_table=result.ri_table,
        # With the Alonso–Lamata table the λ limit uses the CR's RI, so both tests always agree; with
        # another table it is the paper's regression (a different RI, so the two may differ).
        alonso_lamata_limit=alonso_lamata_lambda_limit(
            n, alpha=threshold, table=ri_table if _table(ri_table)[0] == "alonso-lamata" else None
        ),
        labels=None if labels is None else tuple(str(label) for label in labels),
    )
    if warn and not report.consistent:
        worst = revisions[0]
        where = f"{worst.label_i} vs {worst.label_j}" if worst.label_i is not None else f"({worst.i}, {worst.j})"
        warnings.warn(
            f"CR = {report.cr:.3f} exceeds {threshold:g} ({report.ri_table} random index); "
            f"the judgment furthest from the priorities is {where} = {worst.current:.3g}, "
            f"consistent value {worst.consistent_value:.3g} (nearest on the scale: {worst.suggested:.3g})",
            InconsistencyWarning,
            stacklevel=2,
        )
    return report
