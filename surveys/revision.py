"""Revision sheets: send an inconsistent expert their own answers back, with hints.

For every comparison set where the expert's consistency ratio exceeds the
threshold, the judgments furthest from the expert's own priorities (largest
``|ln(a_ij w_j / w_i)|``, :func:`mcda.consistency`; Saaty 2003, Aguarón &
Moreno-Jiménez 2003) are highlighted in red, each with the value on the
1–9 scale that would make it consistent.

The revision workbook *is a questionnaire*: the expert's questionnaire
rewritten with their current answers filled in, an explanation and a table
of the consistency ratios on the instructions sheet, and a column of
suggestions beside the highlighted rows.  The expert changes what they now
judge differently and returns it; :func:`surveys.read_responses` reads it
like any other filled questionnaire (same model hash, same expert id).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .designs import Assignment
from .questionnaire import TEXT, build_workbook, digits, how_options

__all__ = ["SetRevision", "ConsistencyWarning", "consistency_warnings", "revision_plan", "write_revision_sheet"]


@dataclass(frozen=True, slots=True)
class SetRevision:
    """One comparison set of one expert to revisit: its CR and the judgments to reconsider."""

    set_id: str
    cr: float
    revisions: tuple  # of mcda.consistency.Revision, worst first

    def __repr__(self) -> str:
        return f"SetRevision({self.set_id!r}, cr={self.cr:.3f}, judgments={len(self.revisions)})"


def _expert_index(responses, expert_id: str) -> int:
    for k, e in enumerate(responses.experts):
        if e.id == expert_id:
            return k
    raise ValueError(f"no expert {expert_id!r} in these responses (experts: {', '.join(responses.expert_ids)})")


def revision_plan(model, responses, expert_id: str, threshold: float = 0.10, max_per_set: int = 3,
                  ri_table: str = "saaty") -> list[SetRevision]:
    """The sets of ``expert_id`` with CR above ``threshold`` and their worst judgments.

    At most ``max_per_set`` judgments per set are proposed, and only those
    whose consistent value rounds to a different point of the scale.
    """
    from mcda.consistency import consistency

    k = _expert_index(responses, expert_id)
    plan = []
    for s in model.comparison_sets():
        if s.size < 3 or s.id not in responses.judgments:
            continue
        matrix = responses.judgments[s.id][k]
        if np.isnan(matrix).all():
            continue
        report = consistency(matrix, ri_table=ri_table, threshold=threshold, warn=False, labels=list(s.items))
        if report.cr <= threshold:
            continue
        picks = [r for r in report.revisions if not np.isclose(r.suggested, r.current)][:max_per_set]
        plan.append(SetRevision(s.id, float(report.cr), tuple(picks)))
    return plan


@dataclass(frozen=True, slots=True)
class ConsistencyWarning:
    """One expert's comparison set above the CR threshold, and the judgment to revisit first.

    ``a``/``b`` are the item ids of that judgment, ``current`` the expert's
    ``a_ab`` and ``suggested`` the consistent value on the scale (all None
    when no single judgment stands out).  The command line's ``rahbord
    validate`` and the web app's upload page list these (as warnings: an
    inconsistent answer is kept, the planner calls the expert back).
    """

    expert_id: str
    file: str
    set_id: str
    cr: float
    threshold: float
    a: str | None = None
    b: str | None = None
    current: float | None = None
    suggested: float | None = None

    def __repr__(self) -> str:
        return f"ConsistencyWarning({self.expert_id!r}, {self.set_id!r}, cr={self.cr:.3f})"

    @property
    def revisit(self) -> str:
        """``"S1 vs S2: 3 → 0.333"`` (empty when no single judgment stands out)."""
        if self.a is None:
            return ""
        return f"{self.a} vs {self.b}: {self.current:.3g} → {self.suggested:.3g}"

    def to_problem(self):
        """As a warning :class:`~mcda.errors.Problem` naming the file and the set."""
        from mcda.errors import Problem

        return Problem(self.file, self.set_id, "",
                       f"expert {self.expert_id}: CR {self.cr:.3f} in {self.set_id} exceeds {self.threshold:g}"
                       + (f"; revisit {self.revisit}" if self.revisit else ""),
                       "a revision workbook for this expert", "warning")

    def to_dict(self) -> dict:
        """The warning as a problem's plain data plus its fields (for pages that word it themselves)."""
        return {**self.to_problem().to_dict(), "kind": "consistency", "expert": self.expert_id, "set": self.set_id,
                "cr": self.cr, "threshold": self.threshold, "a": self.a, "b": self.b, "current": self.current,
                "suggested": self.suggested}


def consistency_warnings(model, responses, threshold: float = 0.10, ri_table: str = "saaty"
                         ) -> list[ConsistencyWarning]:
    """Per expert (in file order), every set above ``threshold`` with its CR and the worst judgment to revisit."""
    warnings = []
    for expert in responses.experts:
        for item in revision_plan(model, responses, expert.id, threshold=threshold, max_per_set=1,
                                  ri_table=ri_table):
            top = item.revisions[0] if item.revisions else None
            s = next(x for x in model.comparison_sets() if x.id == item.set_id)
            warnings.append(ConsistencyWarning(
                expert.id, expert.source_file or "", item.set_id, round(item.cr, 4), threshold,
                *((s.items[top.i], s.items[top.j], float(top.current), float(top.suggested)) if top is not None
                  else (None, None, None, None))))
    return warnings


def _pick(value: float, lang: str) -> tuple[str, str | None]:
    """The dropdown picks (which, how much) that express ``a_ab = value``."""
    side_a, side_b, side_eq = TEXT[lang]["side"]
    if np.isclose(value, 1.0):
        return side_eq, None
    v = value if value > 1 else 1.0 / value
    whole = int(round(v))
    if np.isclose(v, whole) and 1 <= whole <= 9:
        how = how_options(lang)[whole - 1]
    else:  # an averaged or measured ratio: keep it exact as text
        how = digits(f"{v:.4g}", lang)
    return (side_a if value > 1 else side_b), how


def write_revision_sheet(model, responses, expert_id: str, path, threshold: float = 0.10, *,
                         lang: str | None = None, max_per_set: int = 3, ri_table: str = "saaty") -> Path | None:
    """Write the revision workbook for ``expert_id``; ``None`` when nothing exceeds ``threshold``.

    The workbook is the expert's questionnaire (the pairs they answered)
    pre-filled with their answers; the judgments to reconsider are red with
    the suggested consistent value beside them.
    """
    plan = revision_plan(model, responses, expert_id, threshold, max_per_set, ri_table)
    if not plan:
        return None
    k = _expert_index(responses, expert_id)
    expert = responses.experts[k]
    lang = lang or (expert.lang if expert.lang in TEXT else "fa")
    sets = {s.id: s for s in model.comparison_sets()}

    answers: dict = {}
    pairs: dict[str, tuple[tuple[int, int], ...]] = {}
    for s in sets.values():
        matrix = responses.judgments[s.id][k]
        asked = []
        for i in range(s.size):
            for j in range(i + 1, s.size):
                if not np.isnan(matrix[i, j]):
                    asked.append((i, j))
                    answers[("pair", s.id, s.items[i], s.items[j])] = _pick(float(matrix[i, j]), lang)
        if len(asked) < s.n_pairs:
            pairs[s.id] = tuple(asked)
    if responses.ratings is not None:
        levels = {round(level.value, 9): level for level in model.rating_scale}
        for si, strategy in enumerate(model.strategy_ids):
            for fi, factor in enumerate(model.factor_ids):
                level = levels.get(round(float(responses.ratings[k, si, fi]), 9))
                if level is not None:
                    answers[("rating", strategy, factor)] = level.label_fa if lang == "fa" else level.label_en

    revision: dict = {"_summary": {"threshold": threshold, "rows": []}}
    for item in plan:
        s = sets[item.set_id]
        for r in item.revisions:
            side, how = _pick(r.suggested, lang)
            revision[(s.id, s.items[r.i], s.items[r.j])] = f"{side} · {how}" if how else side
        name = s.id if s.kind == "groups" else f"{s.id} — {model.label(s.context, lang)}"
        revision["_summary"]["rows"].append((name, item.cr, len(item.revisions)))

    assignment = Assignment(pairs, complete=not pairs)
    wb = build_workbook(model, expert, lang, assignment, answers=answers, revision=revision)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
