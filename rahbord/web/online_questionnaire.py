"""One expert's questionnaire as a web page: what is asked, the answers, the live consistency, the workbook.

The page asks exactly what the expert's workbook asks — the same comparison
sets, the same pairs of the same assignment (:func:`expert_assignment`), the
ratings grid when the model rates strategies — and keeps every answer in the
database as it is given (:class:`rahbord.store.OnlineAnswer`).

A pair is answered on the classic 9 … 1 … 9 scale between its two items: one
of :data:`SCALE_VALUES` (``"9"`` … ``"2"`` toward the first item, ``"1"``
equal, ``"1/2"`` … ``"1/9"`` toward the second), read as ``a_ab``.  Any other
value is refused, so a reversed or off-scale answer cannot be stored.

After each answer the set's diagnostics (:func:`set_diagnostics`) are those of
the reader and ``rahbord validate``: CR by :func:`mcda.consistency` and the
judgment to revisit by :func:`surveys.revision.consistency_warnings`, with the
state of the workbook's live formulas (:mod:`surveys.live`: consistent up to
the threshold, slightly inconsistent up to twice it, inconsistent beyond,
incomplete while a pair is unanswered).  A live workshop can call the same
function with its own answers.

Submitting writes the answers into the expert's own questionnaire workbook
(:func:`answers_workbook`), which then goes through the upload path
(:func:`rahbord.web.ingest.ingest_files`): the same validation, storage and
versioning as a workbook the planner uploads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

import mcda
from criteria.model import ComparisonSet
from surveys import Expert, Responses
from surveys.designs import Assignment, complete_design
from surveys.questionnaire import build_workbook, how_options, side_options
from surveys.revision import consistency_warnings

__all__ = ["SCALE_VALUES", "PairQuestion", "SetQuestions", "RatingQuestion", "Questionnaire", "SetDiagnostics",
           "expert_assignment", "questionnaire_of", "parse_answer", "scale_text", "set_diagnostics",
           "answers_workbook", "STATES"]

#: the 17 positions of the scale, from "9 toward the first item" to "9 toward the second" (a_ab)
SCALE_VALUES = ("9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9")
_SCALE_FLOAT = {text: float(Fraction(text)) for text in SCALE_VALUES}
#: a set's state, as the workbook's live formulas name it (surveys.live.STATE_CODES)
STATES = ("incomplete", "consistent", "slightly", "inconsistent")


def scale_text(value: float) -> str:
    """The scale position of ``a_ab`` (``3`` → ``"3"``, ``1/3`` → ``"1/3"``)."""
    whole = int(round(value if value >= 1 else 1 / value))
    return str(whole) if value >= 1 else f"1/{whole}"


@dataclass(frozen=True, slots=True)
class PairQuestion:
    item: str  # p|<set>|<a>|<b>
    set_id: str
    a: str
    b: str
    i: int
    j: int


@dataclass(frozen=True, slots=True)
class SetQuestions:
    set: ComparisonSet
    pairs: tuple[PairQuestion, ...]


@dataclass(frozen=True, slots=True)
class RatingQuestion:
    item: str  # r|<strategy>|<factor>
    strategy: str
    factor: str


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """Everything one expert is asked, in the workbook's order."""

    sets: tuple[SetQuestions, ...]
    ratings: tuple[RatingQuestion, ...]
    levels: tuple[float, ...]  # the rating scale's values, best first
    by_item: dict = field(default_factory=dict, repr=False)  # item → its question (filled by questionnaire_of)

    @property
    def n_items(self) -> int:
        return len(self.by_item)

    def pair(self, item: str) -> PairQuestion | None:
        question = self.by_item.get(item)
        return question if isinstance(question, PairQuestion) else None

    def rating(self, item: str) -> RatingQuestion | None:
        question = self.by_item.get(item)
        return question if isinstance(question, RatingQuestion) else None

    def set_of(self, set_id: str) -> SetQuestions | None:
        return next((s for s in self.sets if s.set.id == set_id), None)


def expert_assignment(model, expert_position: int) -> Assignment:
    """The pairs the expert's workbook asks (:func:`rahbord.web.blob_io.questionnaire_file`).

    The web app's workbooks use the complete design (every pair of every set);
    an incomplete design kept with the study would be read here, by the
    expert's position in the panel, and both the workbook and this page would
    ask the same subset.
    """
    return complete_design(model).for_expert(expert_position)


def questionnaire_of(model, assignment: Assignment) -> Questionnaire:
    sets = []
    for s in model.comparison_sets():
        pairs = tuple(PairQuestion(f"p|{s.id}|{s.items[i]}|{s.items[j]}", s.id, s.items[i], s.items[j], i, j)
                      for i, j in assignment.pairs_of(s))
        if pairs:
            sets.append(SetQuestions(s, pairs))
    ratings = ()
    if model.evaluation == "ratings" and model.strategies and model.factors:
        ratings = tuple(RatingQuestion(f"r|{s}|{f}", s, f) for s in model.strategy_ids for f in model.factor_ids)
    by_item = {p.item: p for s in sets for p in s.pairs} | {r.item: r for r in ratings}
    return Questionnaire(tuple(sets), ratings, tuple(float(level.value) for level in model.rating_scale), by_item)


def parse_answer(questionnaire: Questionnaire, item: str, value: str) -> float | None:
    """The stored value of answering ``item`` with ``value``; None when either is not on this questionnaire."""
    if questionnaire.pair(item) is not None:
        return _SCALE_FLOAT.get(value)
    if questionnaire.rating(item) is not None and value.isdigit() and int(value) < len(questionnaire.levels):
        return questionnaire.levels[int(value)]
    return None


@dataclass(frozen=True, slots=True)
class SetDiagnostics:
    """A set's consistency after the answers so far.

    ``revisit`` is ``(a, b, current a_ab, suggested a_ab)`` of the judgment
    that most drives the inconsistency, when the CR is above the threshold.
    """

    set_id: str
    answered: int
    asked: int
    state: str
    cr: float | None
    threshold: float
    revisit: tuple[str, str, float, float] | None = None

    def to_dict(self) -> dict:
        return {"set": self.set_id, "answered": self.answered, "asked": self.asked, "state": self.state,
                "cr": self.cr, "threshold": self.threshold,
                "revisit": None if self.revisit is None else {
                    "a": self.revisit[0], "b": self.revisit[1], "current": self.revisit[2],
                    "suggested": self.revisit[3], "item": f"p|{self.set_id}|{self.revisit[0]}|{self.revisit[1]}",
                    "value": scale_text(self.revisit[3])}}


def set_diagnostics(model, questions: SetQuestions, answers: dict[str, float], threshold: float = 0.10,
                    ri_table: str = "saaty") -> SetDiagnostics:
    """CR, state and the judgment to revisit of one set, from ``answers`` ``{item: a_ab}``."""
    s = questions.set
    given = [(p, answers[p.item]) for p in questions.pairs if p.item in answers]
    answered, asked = len(given), len(questions.pairs)
    if answered < asked:
        return SetDiagnostics(s.id, answered, asked, "incomplete", None, threshold)
    if s.size < 3:  # two items cannot contradict each other
        return SetDiagnostics(s.id, answered, asked, "consistent", 0.0, threshold)
    matrix = np.full((s.size, s.size), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for p, value in given:
        matrix[p.i, p.j], matrix[p.j, p.i] = value, 1.0 / value
    cr = float(mcda.consistency(matrix, ri_table=ri_table, threshold=threshold, warn=False).cr)
    state = "consistent" if cr <= threshold else "slightly" if cr <= 2 * threshold else "inconsistent"
    revisit = None
    if cr > threshold:
        # the reader's own diagnostics, on this one expert's one set
        responses = Responses(model.id, model.content_hash, (Expert("online", "online"),), {s.id: matrix[None]})
        for w in consistency_warnings(model, responses, threshold=threshold, ri_table=ri_table):
            if w.set_id == s.id and w.a is not None:
                revisit = (w.a, w.b, float(w.current), float(w.suggested))
    return SetDiagnostics(s.id, answered, asked, state, cr, threshold, revisit)


def answers_workbook(model, expert: Expert, lang: str, assignment: Assignment,
                     answers: dict[str, float]) -> bytes:
    """The expert's questionnaire workbook with ``answers`` filled in as a person picks them."""
    side_a, side_b, side_eq = side_options(lang)
    hows = how_options(lang)
    labels = {round(float(level.value), 9): (level.label_fa if lang == "fa" else level.label_en)
              for level in model.rating_scale}
    filled: dict = {}
    for item, value in answers.items():
        kind, *parts = item.split("|")
        if kind == "p":
            set_id, a, b = parts
            if np.isclose(value, 1.0):
                filled[("pair", set_id, a, b)] = (side_eq, None)
            else:
                whole = int(round(value if value > 1 else 1 / value))
                filled[("pair", set_id, a, b)] = (side_a if value > 1 else side_b, hows[whole - 1])
        elif kind == "r":
            label = labels.get(round(value, 9))
            if label is not None:
                filled[("rating", parts[0], parts[1])] = label
    buffer = io.BytesIO()
    build_workbook(model, expert, lang, assignment, answers=filled).save(buffer)
    return buffer.getvalue()
