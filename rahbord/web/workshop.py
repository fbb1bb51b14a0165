"""A live workshop: its agenda, the join code, the tally of one comparison, the votes made into responses.

The agenda is the study's questionnaire in the workbook's order (every pair
of the complete design, then the ratings grid when the model rates
strategies): the facilitator steps through it and the participants vote on
the item on screen with the same 9 … 1 … 9 control as an expert answering
online.  At the finish each participant's votes fill that participant's own
questionnaire workbook (:func:`rahbord.web.online_questionnaire.answers_workbook`),
which goes through the upload path like any other response.

The tally of a pair is the group's geometric mean of the votes — the
aggregation of individual judgments (AIJ, Aczél & Saaty 1983; Forman &
Peniwati 1998), the only mean that keeps a_ab · a_ba = 1 — and the spread of
the votes over the 17 positions of the scale; a rating's tally is the
arithmetic mean of the levels' values, as the analysis pools ratings.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from mcda.digits import ascii_digits

from .online_questionnaire import (
    SCALE_VALUES,
    Questionnaire,
    expert_assignment,
    questionnaire_of,
    scale_text,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "AgendaItem",
    "Tally",
    "agenda_of",
    "new_code",
    "read_code",
    "scale_position",
    "tally",
]

#: the join code's letters: no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, 6/G, so a code read off a projector is typed right
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6


def new_code() -> str:
    """A fresh join code (22⁶ ≈ 1.1 × 10⁸ codes; guessing is braked per address like personal links)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def read_code(text: str) -> str | None:
    """The code a person typed (any case, Persian digits, spaces or dashes), or None when it cannot be one."""
    code = "".join(ch for ch in ascii_digits(str(text or "")).upper() if ch not in " -\u200c")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One comparison of the agenda: a pair (``a`` vs ``b`` of set ``set_id``) or a rating (``a`` on ``b``)."""

    item: str
    kind: str  # "pair" | "rating"
    set_id: str
    a: str
    b: str


def agenda_of(model) -> tuple[tuple[AgendaItem, ...], Questionnaire]:
    """Everything a workshop votes on, in the workbook's order, and the questionnaire it comes from."""
    questionnaire = questionnaire_of(model, expert_assignment(model, 0))
    items = [AgendaItem(p.item, "pair", p.set_id, p.a, p.b) for s in questionnaire.sets for p in s.pairs]
    items += [AgendaItem(r.item, "rating", "ratings", r.strategy, r.factor) for r in questionnaire.ratings]
    return tuple(items), questionnaire


def scale_position(value: float) -> float:
    """Where ``a_ab`` sits on the 17 positions (0 = 9 toward a, 8 = equal, 16 = 9 toward b), linear in the
    scale's numbers between marks — the group's geometric mean falls between two positions."""
    return 9.0 - value if value >= 1 else 7.0 + 1.0 / value


@dataclass(frozen=True, slots=True)
class Tally:
    """The votes on one item: ``counts`` per position (the 17 of the scale, or the rating levels, best first),
    ``center`` the group's geometric mean (pair) or mean value (rating), None before any vote."""

    voted: int
    counts: tuple[int, ...]
    center: float | None
    position: float | None  # where ``center`` sits among the positions

    def to_dict(self) -> dict:
        return {"voted": self.voted, "counts": list(self.counts), "center": self.center, "position": self.position}


def tally(kind: str, values: list[float], levels: tuple[float, ...] = ()) -> Tally:
    """Count ``values`` (one per participant) over the positions of ``kind`` and pool them."""
    if kind == "pair":
        index = {text: k for k, text in enumerate(SCALE_VALUES)}
        counts = [0] * len(SCALE_VALUES)
        for value in values:
            counts[index[scale_text(value)]] += 1
        if not values:
            return Tally(0, tuple(counts), None, None)
        center = math.exp(sum(math.log(v) for v in values) / len(values))
        return Tally(len(values), tuple(counts), center, scale_position(center))
    counts = [0] * len(levels)
    for value in values:
        counts[min(range(len(levels)), key=lambda k: abs(levels[k] - value))] += 1
    if not values:
        return Tally(0, tuple(counts), None, None)
    center = sum(values) / len(values)
    # levels are best first; the mean sits between the two levels around it
    order = sorted(range(len(levels)), key=lambda k: -levels[k])
    position = float(order[0])
    for k in range(len(order) - 1):
        high, low = levels[order[k]], levels[order[k + 1]]
        if low <= center <= high:
            position = k + (high - center) / (high - low) if high > low else float(k)
            break
    else:
        position = float(len(levels) - 1) if center < min(levels) else 0.0
    return Tally(len(values), tuple(counts), center, position)
