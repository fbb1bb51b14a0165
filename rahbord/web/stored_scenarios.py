"""Scenarios as the web app stores them, checked, run and compared by :mod:`analysis.scenarios`.

A stored scenario is the plain data of a scenario file plus what the app
records with it (its row id, its results' blob); a run's options are stored as
plain data too.  What a scenario means is decided by :mod:`analysis.scenarios`
alone; this module only turns stored data into its arguments, and refuses the
one scenario feature the web app does not offer (another response set named
by path on the server).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from analysis import AnalysisOptions, check_scenario, compare_results, run_scenario, scenario_from_dict
from mcda.errors import ModelError, Problem
from reports.changes import describe_changes

from .blob_io import load_results

__all__ = ["check_scenario_data", "compare_stored_runs", "fit_problems", "run_stored_scenario"]

_SCENARIO_KEYS = ("name", "description", "description_fa", "changes")


class _PanelIds:
    """What :func:`analysis.scenarios.check_scenario` reads of the responses (their expert ids), before any
    workbook is read: a scenario is checked against the study's panel when it is saved, and against
    the run's responses again when it runs."""

    def __init__(self, expert_ids):
        self.expert_ids = tuple(expert_ids)


def _definition(stored: Mapping) -> dict:
    """A stored scenario (which also records its row id and results) as the scenario file it stands for."""
    return {k: stored[k] for k in _SCENARIO_KEYS if k in stored}


def _without_response_files(data, source: str):
    """The web app never opens files a scenario names: ``changes.responses`` (another response set, a path
    on the server) is a CLI feature and is refused here, before anything resolves the paths."""
    changes = data.get("changes") if isinstance(data, Mapping) else None
    if isinstance(changes, Mapping) and "responses" in changes:
        problem = Problem(source, "", "changes.responses", "another response set cannot be named in the web app",
                          expected="create a study for that response set, or use `rahbord compare`")
        return {**data, "changes": {k: v for k, v in changes.items() if k != "responses"}}, [problem]
    return data, []


def check_scenario_data(data, model, expert_ids: Sequence[str] = (), source: str = "form", lang: str = "en"):
    """``(scenario, problems)``: ``analysis.scenario_from_dict`` checked against the model and the panel's
    expert ids, the problems a form can cause worded in ``lang``; ``scenario`` is None when there is any
    problem (all are listed)."""
    data, problems = _without_response_files(data, source)
    try:
        scenario = scenario_from_dict(data, source=source, model=model,
                                      responses=_PanelIds(expert_ids) if expert_ids else None, lang=lang)
    except ModelError as error:
        return None, problems + list(error.problems)
    return (None, problems) if problems else (scenario, [])


def fit_problems(stored: Mapping, model, responses) -> list[Problem]:
    """Problems of a stored scenario against the responses it is about to change (empty when it fits)."""
    source = stored.get("name", "")
    data, problems = _without_response_files(_definition(stored), source)
    try:
        scenario = scenario_from_dict(data, source=source, model=model)
    except ModelError as error:
        return problems + list(error.problems)
    return problems + check_scenario(scenario, model, responses)


def run_stored_scenario(stored: Mapping, model, responses, options: Mapping):
    """``analysis.run_scenario`` for a stored scenario, on a run's options (as stored with the run)."""
    source = stored.get("name", "")
    data, _ = _without_response_files(_definition(stored), source)
    scenario = scenario_from_dict(data, source=source, model=model)
    names = {f.name for f in dataclasses.fields(AnalysisOptions)}
    # the comparison reads ranks and weights; robustness is the baseline's
    opts = AnalysisOptions(**{**{k: v for k, v in (options or {}).items() if k in names}, "robustness_draws": 0})
    return run_scenario(scenario, model, responses, opts)


def compare_stored_runs(baseline_json: str, runs: Sequence[tuple[Mapping, str]], lang: str):
    """``analysis.compare_results`` of a stored baseline and scenario results, worded in ``lang``."""
    baseline = load_results(baseline_json)
    loaded = [(d["name"], load_results(text)) for d, text in runs]

    def description(d: Mapping) -> str:
        if lang == "fa":
            return d.get("description_fa") or d.get("description") or ""
        return d.get("description") or d.get("description_fa") or ""

    return compare_results(
        baseline, loaded, baseline_name="baseline",
        descriptions=[""] + [description(d) for d, _ in runs],
        changes=[()] + [tuple(describe_changes(d.get("changes"), lang)) for d, _ in runs],
    )
