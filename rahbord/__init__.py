"""rahbord — SWOT / AHP / ANP decision support (application shell: CLI, pipeline, web)."""

from mcda.errors import ModelError, Problem, QuestionnaireError, RahbordError, ReportError

__version__ = "0.1.0"
__all__ = ["RahbordError", "ModelError", "QuestionnaireError", "ReportError", "Problem", "__version__"]
