"""rahbord — SWOT / AHP / ANP decision support (application shell: CLI, web app, storage).

The analysis itself lives in :mod:`analysis`; ``rahbord.pipeline``, ``rahbord.results``,
``rahbord.robustness`` and ``rahbord.scenarios`` are deprecated aliases of its modules."""

from mcda import __version__
from mcda.errors import ModelError, Problem, QuestionnaireError, RahbordError, ReportError

__all__ = ["RahbordError", "ModelError", "QuestionnaireError", "ReportError", "Problem", "__version__"]
