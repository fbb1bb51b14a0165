"""Running a scenario: the baseline it changes, the changes applied, the analysis re-run."""

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import mcda
from criteria.model import Model
from mcda.errors import ModelError, Problem
from surveys.responses import Responses

from ..network import build_network
from ..pipeline import AnalysisOptions, analyze
from ..results import Results
from .spec import _OPTION_FIELDS, Scenario, _yaml_load, check_scenario

__all__ = ["Baseline", "apply_scenario", "run_scenario", "load_baseline"]


def _subset_strategies(model: Model, responses: Responses, keep: Sequence[str]) -> tuple[Model, Responses]:
    """The model restricted to some strategies, and the responses sliced to match."""
    index = [model.strategy_ids.index(s) for s in model.strategy_ids if s in set(keep)]
    sub = dataclasses.replace(model, strategies=tuple(model.strategies[k] for k in index))
    judgments = {}
    for key, stack in responses.judgments.items():
        judgments[key] = stack[:, index][:, :, index] if key.startswith("strategies:") else stack
    ratings = None if responses.ratings is None else responses.ratings[:, index, :]
    return sub, dataclasses.replace(responses, model_hash=sub.content_hash, judgments=judgments, ratings=ratings)


def apply_scenario(
    scenario: Scenario,
    model: Model,
    responses: Responses,
    options: AnalysisOptions,
    *,
    read_responses: Callable[[Model, Sequence[str]], Responses] | None = None,
) -> tuple[Model, Responses, AnalysisOptions]:
    """The model, responses and options the scenario's analysis runs on (checked first)."""
    if scenario.responses:
        if read_responses is None:
            import surveys

            read_responses = surveys.read_responses
        responses = read_responses(model, [Path(p) for p in scenario.responses])
    problems = check_scenario(scenario, model, responses)
    if problems:
        raise ModelError(f"scenario {scenario.name!r} does not fit model {model.id} and its responses", problems)
    ids = list(scenario.experts or responses.expert_ids)
    ids = [e for e in ids if e not in set(scenario.exclude_experts)]
    if tuple(ids) != responses.expert_ids:
        responses = responses.subset(ids)
    changes = {name: getattr(scenario, name) for name in _OPTION_FIELDS if getattr(scenario, name) is not None}
    if scenario.expert_weights:
        merged = dict(options.expert_weights or {})
        merged.update(scenario.expert_weights)
        changes["expert_weights"] = {e: w for e, w in merged.items() if e in set(responses.expert_ids)}
    elif options.expert_weights:
        changes["expert_weights"] = {e: w for e, w in options.expert_weights.items() if e in set(responses.expert_ids)}
    if changes:
        options = dataclasses.replace(options, **changes)
    if scenario.strategies is not None:
        model, responses = _subset_strategies(model, responses, scenario.strategies)
    return model, responses, options


def _what_if(results: Results, scenario: Scenario, model: Model) -> Results:
    """Results with the scenario's what-if group / factor weights put in, re-synthesised."""
    group_ids = model.group_ids
    group_weights = np.array(results.group_weights, dtype=float)
    local = np.array(results.local_factor_weights, dtype=float)
    notes = list(results.notes)
    if scenario.group_weights:
        group_weights = np.array([scenario.group_weights[g] for g in group_ids], dtype=float)
        group_weights /= group_weights.sum()
        notes.append("what-if group weights: " + ", ".join(f"{g} = {w:.3f}" for g, w in zip(group_ids, group_weights)))
    for g, ws in (scenario.factor_weights or {}).items():
        total = sum(ws.values())
        for k, f in enumerate(model.factors):
            if f.group == g:
                local[k] = ws[f.id] / total
        notes.append(f"what-if factor weights in {g}: " + ", ".join(f"{f} = {w / total:.3f}" for f, w in ws.items()))
    factor_groups = np.array([group_ids.index(f.group) for f in model.factors])
    mode = results.options["synthesis"]
    r = mcda.synthesize(group_weights, local, results.strategy_local_scores, factor_groups, mode=mode,
                        inner_dependence=results.inner_dependence)
    global_weights, scores, ranks, network = r.global_factor_weights, r.strategy_scores, r.ranks, results.network
    if results.network is not None:
        # a factor network is built again around the what-if weights: the goal's column and the groups' shares
        weights = {s.id: s.weights for s in results.sets}
        for g in group_ids:
            if f"factors:{g}" in weights:
                weights[f"factors:{g}"] = local[factor_groups == group_ids.index(g)]
        shares = np.bincount(factor_groups, weights=r.global_factor_weights, minlength=len(group_ids))
        network = build_network(model, weights, results.strategy_local_scores, shares)
        global_weights, scores = network.priorities(model.factor_ids), network.priorities(model.strategy_ids)
        ranks = mcda.rank_scores(scores)
    what_if = dataclasses.replace(
        results,
        robustness=None,
        group_weights=group_weights,
        local_factor_weights=local,
        global_factor_weights=global_weights,
        dependent_group_weights=r.interdependent_group_weights,
        strategy_scores=scores,
        ranks=ranks,
        notes=tuple(notes),
        network=network,
    )
    if results.robustness is not None:
        # The sweeps and other methods follow the new weights; the Monte Carlo
        # draws weights from the judgments, which a what-if overrides, so none.
        from .robustness import robustness

        what_if = dataclasses.replace(what_if, robustness=robustness(what_if))
    return what_if


def run_scenario(
    scenario: Scenario,
    model: Model,
    responses: Responses,
    options: AnalysisOptions | None = None,
    *,
    read_responses: Callable[[Model, Sequence[str]], Responses] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Results:
    """Analyse ``responses`` with the scenario's changes; the baseline options are ``options``.

    With no changes the result equals ``analyze(model, responses, options)``.
    """
    options = options or AnalysisOptions()
    s_model, s_responses, s_options = apply_scenario(scenario, model, responses, options, read_responses=read_responses)
    results = analyze(s_model, s_responses, s_options, progress=progress)
    if scenario.group_weights or scenario.factor_weights:
        results = _what_if(results, scenario, s_model)
    return results


# ---------------------------------------------------------------------------------------------- baseline
@dataclass(frozen=True)
class Baseline:
    """What scenarios change: a model, its responses and the analysis options."""

    name: str
    model: Model
    responses: Responses
    options: AnalysisOptions
    description: str = ""
    description_fa: str = ""
    source: str = ""


def _options_from(data: Mapping[str, Any], source: str, problems: list[Problem], prefix: str) -> AnalysisOptions:
    allowed = {f.name for f in dataclasses.fields(AnalysisOptions)}
    kwargs = {}
    for key, value in (data or {}).items():
        if key not in allowed:
            problems.append(Problem(source, "", f"{prefix}{key}", "unknown option", expected=", ".join(sorted(allowed))))
        elif value is not None:
            kwargs[key] = dict(value) if key == "expert_weights" else value
    try:
        return AnalysisOptions(**kwargs)
    except (TypeError, ValueError) as error:
        problems.append(Problem(source, "", prefix.rstrip(".") or "options", str(error)))
        return AnalysisOptions()


def load_baseline(path: str | Path, *, responses: Sequence[str | Path] | None = None,
                  read_responses: Callable | None = None) -> Baseline:
    """The baseline of a comparison, from one of:

    * a baseline YAML file: ``name``, ``description``, ``model`` (a model file,
      relative to the YAML file, or a built-in model name), ``responses``
      (paths or globs of filled workbooks) and ``options`` (as
      :class:`analysis.pipeline.AnalysisOptions`);
    * a ``results.json`` written by ``rahbord analyze`` (or its folder): the
      model and options come from it, the responses from ``responses`` or,
      when not given, from the workbooks the results were read from.
    """
    import surveys

    read = read_responses or surveys.read_responses
    path = Path(path)
    if path.is_dir():
        path = path / "results.json"
    source = str(path)
    if not path.is_file():
        raise ModelError(f"baseline {path} does not exist",
                         [Problem(source, "", "", "no such file",
                                  expected="a baseline YAML file or a results.json written by rahbord analyze")])
    problems: list[Problem] = []
    if path.suffix.lower() == ".json":
        results = Results.load(path)
        model = results.model_obj
        opts = {k: v for k, v in results.options.items() if k != "synthesis"}
        options = _options_from(opts, source, problems, "options.")
        if responses is None:
            found = []
            for e in results.experts:
                candidates = [Path(e.source_file), path.parent / e.source_file, path.parent / Path(e.source_file).name]
                hit = next((c for c in candidates if e.source_file and c.is_file()), None)
                if hit is None:
                    problems.append(Problem(source, "", f"experts.{e.id}",
                                            f"the workbook {e.source_file or '(none recorded)'} was not found",
                                            expected="give the workbooks with --responses, or a baseline YAML file"))
                else:
                    found.append(hit)
            responses = found
        if problems:
            raise ModelError(f"cannot rebuild the baseline from {path}", problems)
        return Baseline("baseline", model, read(model, [Path(p) for p in responses]), options, source=source)

    data = _yaml_load(path)
    if not isinstance(data, Mapping):
        raise ModelError("a baseline must be a YAML mapping",
                         [Problem(source, "", "", f"got {type(data).__name__}", expected="model, responses, options")])
    for key in sorted(set(data) - {"name", "description", "description_fa", "model", "responses", "options"}):
        problems.append(Problem(source, "", str(key), "unknown field",
                                expected="name, description, description_fa, model, responses, options"))
    model = None
    model_arg = data.get("model")
    if not isinstance(model_arg, str) or not model_arg:
        problems.append(Problem(source, "", "model", f"must name a model file or a built-in model (got {model_arg!r})"))
    else:
        import criteria

        model_path = path.parent / model_arg
        try:
            model = criteria.load_model(model_path) if model_path.is_file() else criteria.load_library_model(model_arg)
        except (ModelError, FileNotFoundError, KeyError, ValueError) as error:
            problems.append(Problem(source, "", "model", f"cannot load {model_arg!r}: {str(error).splitlines()[0]}",
                                    expected="a model file relative to the baseline file, or a built-in model name"))
    options = _options_from(data.get("options") or {}, source, problems, "options.")
    patterns = responses if responses is not None else data.get("responses")
    files: list[str] = []
    if isinstance(patterns, (str, Path)):
        patterns = [patterns]
    if not patterns:
        problems.append(Problem(source, "", "responses", "no response files given",
                                expected="paths or globs of filled workbooks, relative to the baseline file"))
    else:
        for k, pattern in enumerate(patterns):
            full = str(pattern) if Path(pattern).is_absolute() or responses is not None else str(path.parent / str(pattern))
            matches = sorted(glob.glob(full)) if glob.has_magic(full) else ([full] if Path(full).is_file() else [])
            if not matches:
                problems.append(Problem(source, "", f"responses[{k}]", f"{pattern!r} matches no file"))
            files.extend(matches)
    name = str(data.get("name") or "baseline")
    if problems:
        raise ModelError(f"baseline {path} has {len(problems)} problem(s)", problems)
    return Baseline(name, model, read(model, [Path(f) for f in files]), options,
                    description=str(data.get("description") or ""),
                    description_fa=str(data.get("description_fa") or ""), source=source)
