"""analysis — from a model and its responses to results: the library behind the CLI and the web app.

>>> import criteria, surveys, analysis
>>> model = criteria.load_library_model("generic-swot")
>>> panel = surveys.synthetic_panel(model, 3, seed=1)
>>> results = analysis.analyze(model, panel.responses, analysis.AnalysisOptions(robustness_draws=0))
>>> len(results.ranking()) == len(model.strategies)
True

:func:`analyze` runs the pipeline (priorities, consistency, aggregation,
synthesis, ranking and, on request, the robustness check) and returns frozen
:class:`Results`, saved as ``results.json``; :mod:`analysis.scenarios` re-runs
it under what-if changes and compares the runs.  Nothing here needs a web
server, a PDF renderer or a database.
"""

from . import fuzzy, pipeline, results, robustness, scenarios
from .fuzzy import FuzzyResults
from .pipeline import AnalysisOptions, analyze
from .results import RESULTS_FORMAT, ExpertSummary, Results, Robustness, SetResult, model_from_dict
from .robustness import monte_carlo_for, robustness as robustness_check
from .scenarios import (
    CHANGE_FIELDS,
    Baseline,
    Scenario,
    ScenarioComparison,
    apply_scenario,
    check_scenario,
    compare_results,
    load_baseline,
    load_scenario,
    run_scenario,
    scenario_from_dict,
)

__all__ = [
    "AnalysisOptions",
    "analyze",
    "Results",
    "SetResult",
    "FuzzyResults",
    "ExpertSummary",
    "Robustness",
    "RESULTS_FORMAT",
    "model_from_dict",
    "robustness_check",
    "monte_carlo_for",
    "Scenario",
    "Baseline",
    "ScenarioComparison",
    "CHANGE_FIELDS",
    "load_scenario",
    "scenario_from_dict",
    "check_scenario",
    "apply_scenario",
    "run_scenario",
    "load_baseline",
    "compare_results",
]
