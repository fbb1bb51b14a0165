"""Scenarios: named what-if changes to a baseline analysis, and their comparison.

A scenario is a small YAML file kept next to the model::

    name: sanctions-persist
    description: Judgments collected assuming sanctions stay in place
    description_fa: قضاوت‌ها با فرض ادامهٔ تحریم‌ها
    changes:
      experts: [e01, e02, e05]            # keep only these experts …
      exclude_experts: [e07]              # … or leave some out
      expert_weights: {e01: 2, e02: 1}    # re-weight experts (relative weights)
      aggregation: aip                    # aij | aip
      method: geometric                   # eigen | geometric
      ri_table: alonso-lamata             # saaty | alonso-lamata
      cr_threshold: 0.15
      exclude_inconsistent: true
      group_weighting: kurttila           # direct | kurttila (the model's choice by default)
      group_weights: {S: 0.2, W: 0.2, O: 0.4, T: 0.2}     # what-if, must sum to 1
      factor_weights: {O: {O1: 0.5, O2: 0.3, O3: 0.2}}    # what-if local weights, each group sums to 1
      strategies: [P1, P2, P5]            # rank only these
      responses: [answers-sanctions/*.xlsx]  # another response set (paths relative to this file)

Every change is optional; a scenario with no changes reproduces the baseline
exactly.  :func:`load_scenario` checks the file's shape and
:func:`check_scenario` checks it against the model and the responses; both
collect every problem, each naming its field (``changes.group_weights``), and
raise :class:`mcda.ModelError`.

:func:`run_scenario` re-runs the analysis with the changes;
:func:`compare_results` puts a baseline and its scenarios side by side: ranks,
scores, weight deltas, rank correlations with the baseline, and the
conclusions that hold in every scenario.
"""

from .compare import ScenarioComparison, compare_results
from .run import Baseline, apply_scenario, load_baseline, run_scenario
from .spec import CHANGE_FIELDS, Scenario, check_scenario, load_scenario, scenario_from_dict

__all__ = [
    "Scenario",
    "Baseline",
    "ScenarioComparison",
    "load_scenario",
    "scenario_from_dict",
    "load_baseline",
    "check_scenario",
    "apply_scenario",
    "run_scenario",
    "compare_results",
    "CHANGE_FIELDS",
]
