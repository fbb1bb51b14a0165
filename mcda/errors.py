"""The one exception tree of rahbord, and its warnings.

Every error a user can cause derives from :class:`RahbordError`, so an
application shell can catch one class and show a message instead of a
traceback.  Errors about user files carry a list of :class:`Problem` so that
all problems found in a batch are reported together, not one per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "RahbordError",
    "ArgumentError",
    "ArgumentTypeError",
    "MatrixError",
    "DisconnectedComparisonsError",
    "ModelError",
    "QuestionnaireError",
    "ReportError",
    "Problem",
    "InconsistencyWarning",
]

#: the word joining a problem to what would be accepted, per language
_EXPECTED = {"en": "expected", "fa": "درست آن"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a user's input, located as precisely as possible.

    ``file``, ``sheet`` and ``cell`` locate a problem in a workbook; for a
    model file ``sheet`` is empty and ``cell`` holds the field path
    (``factors[3].label_fa``).  ``expected`` says what would be accepted.
    ``lang`` is the language ``message`` and ``expected`` are written in, so
    that ``str(problem)`` joins them in the same language.

    >>> str(Problem("ali.xlsx", "Groups", "D7", "'ten' is not on the 1–9 scale", "1–9"))
    "ali.xlsx › Groups › D7: 'ten' is not on the 1–9 scale (expected: 1–9)"
    >>> str(Problem("ali.xlsx", "گروه‌ها", "D7", "«ده» روی مقیاس ۱ تا ۹ نیست", "عدد ۱ تا ۹", lang="fa"))
    'ali.xlsx › گروه‌ها › D7: «ده» روی مقیاس ۱ تا ۹ نیست (درست آن: عدد ۱ تا ۹)'
    """

    file: str
    sheet: str
    cell: str
    message: str
    expected: str = ""
    severity: str = "error"  # "error" | "warning"
    lang: str = field(default="en", compare=False)

    def __str__(self) -> str:
        where = " › ".join(part for part in (self.file, self.sheet, self.cell) if part)
        text = f"{where}: {self.message}" if where else self.message
        if not self.expected:
            return text
        return f"{text} ({_EXPECTED.get(self.lang, _EXPECTED['en'])}: {self.expected})"

    def to_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "expected": self.expected,
            "severity": self.severity,
        }


class RahbordError(Exception):
    """Base class of every error rahbord raises on purpose.

    ``key`` and ``values`` name a known error for a message catalogue (the web
    app words a failed job with them in the page's language); the text of the
    exception stays the technical, English account.
    """

    key: str = ""
    values: Mapping[str, object] = MappingProxyType({})


class ArgumentError(RahbordError, ValueError):
    """An argument to a function is out of range or not one of the accepted choices.

    Also a :class:`ValueError`, so code written as ``except ValueError`` keeps working.
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument has the wrong kind (a string where a mapping is expected, …); also a :class:`TypeError`."""


class MatrixError(ArgumentError):
    """A pairwise-comparison matrix (or stack of them) is malformed."""


class DisconnectedComparisonsError(MatrixError):
    """An incomplete comparison matrix leaves some items unconnected.

    ``cut_off`` lists, per matrix in the stack, the item indices that cannot
    be reached from item 0 through answered comparisons.
    """

    def __init__(self, message: str, cut_off: dict[int, list[int]]):
        super().__init__(message)
        self.cut_off = cut_off


class _ProblemListError(RahbordError):
    """An error carrying every :class:`Problem` found, not just the first."""

    def __init__(self, message: str, problems: list[Problem] | None = None, *, key: str = "",
                 values: dict | None = None):
        self.problems = list(problems or [])
        self.key, self.values = key, dict(values or {})
        if self.problems:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{message}\n{listed}"
        super().__init__(message)


class ModelError(_ProblemListError):
    """A decision model (YAML, model workbook, form) is invalid."""


class QuestionnaireError(_ProblemListError):
    """One or more filled questionnaires could not be accepted."""


class ReportError(RahbordError):
    """A report could not be rendered."""


class InconsistencyWarning(UserWarning):
    """A judgment matrix is more inconsistent than the chosen threshold.

    A warning, never an error: inconsistent experts are flagged, reported and
    can be sent a revision sheet, but their answers are not thrown away.
    """
