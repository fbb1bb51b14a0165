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

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import mcda
from criteria.model import Model
from mcda.errors import ModelError, Problem
from surveys.responses import Responses

from .pipeline import AnalysisOptions, analyze
from .results import Results

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

#: the keys a scenario's ``changes`` may hold
CHANGE_FIELDS = (
    "experts",
    "exclude_experts",
    "expert_weights",
    "aggregation",
    "method",
    "ri_table",
    "cr_threshold",
    "exclude_inconsistent",
    "group_weights",
    "factor_weights",
    "strategies",
    "responses",
)
_OPTION_FIELDS = ("aggregation", "method", "ri_table", "cr_threshold", "exclude_inconsistent")
_CHOICES = {"aggregation": ("aij", "aip"), "method": ("eigen", "geometric"), "ri_table": ("saaty", "alonso-lamata")}
# what-if weights typed by hand: 0.333 + 0.333 + 0.334 must pass, 0.3 + 0.3 + 0.3 must not
_SUM_TOL = 1e-3


@dataclass(frozen=True)
class Scenario:
    """A named set of changes to a baseline analysis (see the module docstring)."""

    name: str
    description: str = ""
    description_fa: str = ""
    experts: tuple[str, ...] | None = None
    exclude_experts: tuple[str, ...] = ()
    expert_weights: Mapping[str, float] | None = None
    aggregation: str | None = None
    method: str | None = None
    ri_table: str | None = None
    cr_threshold: float | None = None
    exclude_inconsistent: bool | None = None
    group_weights: Mapping[str, float] | None = None
    factor_weights: Mapping[str, Mapping[str, float]] | None = None
    strategies: tuple[str, ...] | None = None
    responses: tuple[str, ...] | None = None
    source: str = ""

    @property
    def changes(self) -> dict[str, Any]:
        """The changes actually made (fields left at their default omitted)."""
        out = {}
        for name in CHANGE_FIELDS:
            value = getattr(self, name)
            if value not in (None, ()):
                out[name] = _plain(value)
        return out

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def describe(self) -> list[str]:
        """The changes in words (English), one line each, for reports and logs."""
        lines = []
        c = self.changes
        if "responses" in c:
            folders = sorted({str(Path(f).parent.name or ".") for f in c["responses"]})
            lines.append(f"another response set: {len(c['responses'])} workbook(s) in " + ", ".join(f"{d}/" for d in folders))
        if "experts" in c:
            lines.append("experts: only " + ", ".join(c["experts"]))
        if "exclude_experts" in c:
            lines.append("experts left out: " + ", ".join(c["exclude_experts"]))
        if "expert_weights" in c:
            lines.append("expert weights: " + ", ".join(f"{k} = {v:g}" for k, v in c["expert_weights"].items()))
        for name in _OPTION_FIELDS:
            if name in c:
                lines.append(f"{name.replace('_', ' ')}: {c[name]}")
        if "group_weights" in c:
            lines.append("group weights set to " + ", ".join(f"{k} = {v:g}" for k, v in c["group_weights"].items()))
        if "factor_weights" in c:
            for g, ws in c["factor_weights"].items():
                lines.append(f"factor weights in {g} set to " + ", ".join(f"{k} = {v:g}" for k, v in ws.items()))
        if "strategies" in c:
            lines.append("strategies: only " + ", ".join(c["strategies"]))
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "description_fa": self.description_fa,
                "changes": self.changes}


def _plain(value):
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return list(value)
    return value


# ---------------------------------------------------------------------------------------------- loading
def _yaml_load(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ModelError(f"{path} is not a UTF-8 text file",
                         [Problem(str(path), "", "", "not UTF-8 text", expected="a scenario YAML file")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise ModelError(f"{path} is not valid YAML",
                         [Problem(str(path), "", where, str(getattr(error, "problem", error)),
                                  expected="a YAML mapping with name, description and changes")]) from None


def load_scenario(path: str | Path, model: Model | None = None, responses: Responses | None = None) -> Scenario:
    """Read a scenario YAML file; raise :class:`mcda.ModelError` listing every problem.

    With ``model`` (and ``responses``) the scenario is also checked against
    them (:func:`check_scenario`) and all problems are reported together.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"scenario file {path} does not exist",
                         [Problem(str(path), "", "", "no such file", expected="a scenario YAML file")])
    return scenario_from_dict(_yaml_load(path), source=str(path), base_dir=path.parent, model=model, responses=responses)


def _id_list(data, field_name: str, problems: list[Problem], source: str) -> tuple[str, ...] | None:
    if data is None:
        return None
    if isinstance(data, (str, int)):
        data = [data]
    if not isinstance(data, list) or not data:
        problems.append(Problem(source, "", field_name, f"must be a non-empty list of ids (got {data!r})"))
        return None
    return tuple(str(x) for x in data)


def _weights(data, field_name: str, problems: list[Problem], source: str) -> dict[str, float] | None:
    if data is None:
        return None
    if not isinstance(data, Mapping) or not data:
        problems.append(Problem(source, "", field_name, f"must be a mapping id: weight (got {data!r})"))
        return None
    out = {}
    for key, value in data.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems.append(Problem(source, "", f"{field_name}.{key}", f"weight {value!r} is not a number"))
            continue
        if not np.isfinite(number) or number < 0:
            problems.append(Problem(source, "", f"{field_name}.{key}", f"weight {value!r} must be a finite number ≥ 0"))
            continue
        out[str(key)] = number
    return out


def _check_sum(weights: Mapping[str, float] | None, field_name: str, problems: list[Problem], source: str) -> None:
    if weights:
        total = sum(weights.values())
        if abs(total - 1.0) > _SUM_TOL:
            problems.append(Problem(source, "", field_name, f"weights sum to {total:.4g}, not 1",
                                    expected="weights that add up to 1"))


def scenario_from_dict(data: Any, *, source: str = "", base_dir: str | Path | None = None,
                       model: Model | None = None, responses: Responses | None = None) -> Scenario:
    """A :class:`Scenario` from plain data (a parsed YAML file); every problem is collected.

    Relative ``responses`` paths are resolved against ``base_dir``.  With
    ``model`` (and ``responses``: the baseline's, unless the scenario brings
    its own) the ids it names are checked too (:func:`check_scenario`).
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ModelError("a scenario must be a YAML mapping",
                         [Problem(source, "", "", f"got {type(data).__name__}", expected="name, description, changes")])
    unknown = sorted(set(data) - {"name", "description", "description_fa", "changes"})
    for key in unknown:
        problems.append(Problem(source, "", str(key), "unknown field", expected="name, description, description_fa, changes"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(Problem(source, "", "name", f"must be a non-empty text (got {name!r})"))
        name = ""
    elif any(ch in name for ch in "/\\\0") or name.strip() in (".", "..", "baseline"):
        problems.append(Problem(source, "", "name", f"{name!r} cannot name a scenario (it becomes a folder name)",
                                expected="letters, digits, - and _; not 'baseline'"))
    changes = data.get("changes") or {}
    if not isinstance(changes, Mapping):
        problems.append(Problem(source, "", "changes", f"must be a mapping (got {changes!r})"))
        changes = {}
    for key in sorted(set(changes) - set(CHANGE_FIELDS)):
        problems.append(Problem(source, "", f"changes.{key}", "unknown change", expected=", ".join(CHANGE_FIELDS)))

    kwargs: dict[str, Any] = {}
    kwargs["experts"] = _id_list(changes.get("experts"), "changes.experts", problems, source)
    kwargs["exclude_experts"] = _id_list(changes.get("exclude_experts"), "changes.exclude_experts", problems, source) or ()
    kwargs["strategies"] = _id_list(changes.get("strategies"), "changes.strategies", problems, source)
    kwargs["expert_weights"] = _weights(changes.get("expert_weights"), "changes.expert_weights", problems, source)
    if kwargs["expert_weights"] is not None and sum(kwargs["expert_weights"].values()) <= 0:
        problems.append(Problem(source, "", "changes.expert_weights", "all expert weights are 0",
                                expected="at least one positive weight"))
    group_weights = _weights(changes.get("group_weights"), "changes.group_weights", problems, source)
    _check_sum(group_weights, "changes.group_weights", problems, source)
    kwargs["group_weights"] = group_weights
    fw = changes.get("factor_weights")
    if fw is not None:
        if not isinstance(fw, Mapping) or not fw:
            problems.append(Problem(source, "", "changes.factor_weights",
                                    "must map group ids to {factor: weight} (got {fw!r})".replace("{fw!r}", repr(fw))))
            fw = None
        else:
            parsed = {}
            for g, ws in fw.items():
                w = _weights(ws, f"changes.factor_weights.{g}", problems, source)
                _check_sum(w, f"changes.factor_weights.{g}", problems, source)
                if w is not None:
                    parsed[str(g)] = w
            fw = parsed
    kwargs["factor_weights"] = fw
    for key in ("aggregation", "method", "ri_table"):
        value = changes.get(key)
        if value is not None and value not in _CHOICES[key]:
            problems.append(Problem(source, "", f"changes.{key}", f"{value!r} is not a choice",
                                    expected=" or ".join(_CHOICES[key])))
            value = None
        kwargs[key] = value
    cr = changes.get("cr_threshold")
    if cr is not None:
        try:
            cr = float(cr)
            if not 0 < cr < 1:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(Problem(source, "", "changes.cr_threshold", f"{changes.get('cr_threshold')!r} is not a number between 0 and 1",
                                    expected="e.g. 0.1"))
            cr = None
    kwargs["cr_threshold"] = cr
    ex = changes.get("exclude_inconsistent")
    if ex is not None and not isinstance(ex, bool):
        problems.append(Problem(source, "", "changes.exclude_inconsistent", f"{ex!r} is not true or false"))
        ex = None
    kwargs["exclude_inconsistent"] = ex
    response_files = _id_list(changes.get("responses"), "changes.responses", problems, source)
    if response_files is not None:
        base = Path(base_dir) if base_dir is not None else Path.cwd()
        resolved = []
        for k, pattern in enumerate(response_files):
            full = pattern if Path(pattern).is_absolute() else str(base / pattern)
            matches = sorted(glob.glob(full)) if glob.has_magic(full) else ([full] if Path(full).is_file() else [])
            if not matches:
                problems.append(Problem(source, "", f"changes.responses[{k}]", f"{pattern!r} matches no file",
                                        expected="paths or globs of filled workbooks, relative to the scenario file"))
            resolved.extend(matches)
        response_files = tuple(resolved)
    kwargs["responses"] = response_files
    description = data.get("description") or ""
    description_fa = data.get("description_fa") or ""
    scenario = Scenario(name=name.strip(), description=str(description), description_fa=str(description_fa),
                        source=source, **kwargs)
    if model is not None:
        problems.extend(check_scenario(scenario, model, None if scenario.responses else responses))
    if problems:
        raise ModelError(f"scenario {source or name!r} has {len(problems)} problem(s)", problems)
    return scenario


# ----------------------------------------------------------------------------------------- checking
def check_scenario(scenario: Scenario, model: Model, responses: Responses | None = None) -> list[Problem]:
    """Problems of ``scenario`` against the model (and the responses it will change); empty when fine."""
    src = scenario.source
    problems: list[Problem] = []
    if responses is not None:
        known = set(responses.expert_ids)
        hint = "expert ids of the responses: " + ", ".join(responses.expert_ids[:12]) + (" …" if len(known) > 12 else "")
        for field_name in ("experts", "exclude_experts"):
            for k, e in enumerate(getattr(scenario, field_name) or ()):
                if e not in known:
                    problems.append(Problem(src, "", f"changes.{field_name}[{k}]", f"unknown expert {e!r}", expected=hint))
        for e in scenario.expert_weights or {}:
            if e not in known:
                problems.append(Problem(src, "", f"changes.expert_weights.{e}", f"unknown expert {e!r}", expected=hint))
        kept = [e for e in (scenario.experts or responses.expert_ids) if e not in set(scenario.exclude_experts)]
        if not kept and not any(p.cell.startswith("changes.experts") for p in problems):
            problems.append(Problem(src, "", "changes.exclude_experts", "no expert would be left",
                                    expected="keep at least one expert"))
    groups = model.group_ids
    if scenario.group_weights is not None:
        for g in scenario.group_weights:
            if g not in groups:
                problems.append(Problem(src, "", f"changes.group_weights.{g}", f"unknown group {g!r}",
                                        expected="groups: " + ", ".join(groups)))
        missing = [g for g in groups if g not in scenario.group_weights]
        if missing:
            problems.append(Problem(src, "", "changes.group_weights", "no weight for group(s) " + ", ".join(missing),
                                    expected="a weight for every group: " + ", ".join(groups)))
    for g, ws in (scenario.factor_weights or {}).items():
        if g not in groups:
            problems.append(Problem(src, "", f"changes.factor_weights.{g}", f"unknown group {g!r}",
                                    expected="groups: " + ", ".join(groups)))
            continue
        own = [f.id for f in model.factors_of(g)]
        for f in ws:
            if f not in own:
                where = next((x.group for x in model.factors if x.id == f), None)
                message = f"factor {f!r} is in group {where}, not {g}" if where else f"unknown factor {f!r}"
                problems.append(Problem(src, "", f"changes.factor_weights.{g}.{f}", message,
                                        expected=f"factors of {g}: " + ", ".join(own)))
        missing = [f for f in own if f not in ws]
        if missing:
            problems.append(Problem(src, "", f"changes.factor_weights.{g}", "no weight for factor(s) " + ", ".join(missing),
                                    expected=f"a weight for every factor of {g}"))
    if scenario.strategies is not None:
        for k, s in enumerate(scenario.strategies):
            if s not in model.strategy_ids:
                problems.append(Problem(src, "", f"changes.strategies[{k}]", f"unknown strategy {s!r}",
                                        expected="strategies: " + ", ".join(model.strategy_ids)))
        if len(set(scenario.strategies)) < 2:
            problems.append(Problem(src, "", "changes.strategies", "a ranking needs at least two strategies"))
    return problems


# ---------------------------------------------------------------------------------------------- running
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
    dependent = None
    if results.inner_dependence is not None:
        r = mcda.swot_anp(group_weights, results.inner_dependence, local, factor_groups,
                          results.strategy_local_scores, mode=mode)
        dependent = np.asarray(r.interdependent_group_weights, dtype=float)
    else:
        r = mcda.synthesize(group_weights, local, results.strategy_local_scores, factor_groups, mode=mode)
    what_if = dataclasses.replace(
        results,
        robustness=None,
        group_weights=group_weights,
        local_factor_weights=local,
        global_factor_weights=np.asarray(r.global_factor_weights, dtype=float),
        dependent_group_weights=dependent,
        strategy_scores=np.asarray(r.strategy_scores, dtype=float),
        ranks=np.asarray(r.ranks, dtype=int),
        notes=tuple(notes),
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
      :class:`rahbord.pipeline.AnalysisOptions`);
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


# --------------------------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class ScenarioComparison:
    """A baseline and its scenarios side by side (index 0 is the baseline).

    ``ranks`` / ``scores`` are ``(runs, strategies)`` over the baseline's
    strategies (NaN where a scenario left a strategy out); ``group_weights``
    ``(runs, groups)`` and ``factor_weights`` ``(runs, factors)`` (global);
    ``correlations[name]`` holds each run's rank correlation with the baseline
    over the strategies both rank (re-ranked among those).
    """

    names: tuple[str, ...]
    descriptions: tuple[str, ...]
    changes: tuple[tuple[str, ...], ...]
    strategy_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    factor_ids: tuple[str, ...]
    ranks: np.ndarray
    scores: np.ndarray
    group_weights: np.ndarray
    factor_weights: np.ndarray
    correlations: dict
    results: tuple[Results, ...] = field(repr=False, default=())

    @property
    def present(self) -> np.ndarray:
        return np.isfinite(self.scores)

    @property
    def top(self) -> tuple[str, ...]:
        """The first-ranked strategy of each run (ties joined by '=')."""
        out = []
        for r in self.ranks:
            best = np.nanmin(r)
            out.append("=".join(s for s, v in zip(self.strategy_ids, r) if v == best))
        return tuple(out)

    def rank_changes(self) -> np.ndarray:
        """``(runs, strategies)``: baseline rank − run rank (positive = moved up)."""
        return self.ranks[0][None, :] - self.ranks

    def robust_conclusions(self, top_k: int = 3) -> dict[str, Any]:
        """Which statements about the ranking hold in every run.

        ``always_first``: strategies ranked first everywhere; ``always_top_k``:
        in the top ``top_k`` wherever ranked; ``always_last``; ``stable_rank``:
        same rank everywhere; ``pairs``: ``(a, b)`` with a ranked above b in
        every run that ranks both, over pairs adjacent in the baseline
        ranking; ``top_group``: the heaviest group if it is the same everywhere.
        """
        present = self.present
        ranks = np.where(present, self.ranks, np.inf)
        n_ranked = present.sum(axis=1)
        everywhere = present.all(axis=0)
        ids = self.strategy_ids
        always_first = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == 1)]
        always_top = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] <= top_k)]
        always_last = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == n_ranked)]
        stable = [s for a, s in enumerate(ids) if everywhere[a] and np.all(ranks[:, a] == ranks[0, a])]
        order = [a for a in np.argsort(self.ranks[0], kind="stable")]
        pairs = []
        for a, b in zip(order[:-1], order[1:]):
            both = present[:, a] & present[:, b]
            if both.sum() >= 2 and np.all(self.scores[both, a] > self.scores[both, b]):
                pairs.append((ids[a], ids[b]))
        heaviest = np.argmax(self.group_weights, axis=1)
        top_group = self.group_ids[heaviest[0]] if np.all(heaviest == heaviest[0]) else None
        return {"always_first": always_first, "always_top_k": always_top, "top_k": top_k,
                "always_last": always_last, "stable_rank": stable, "pairs": pairs, "top_group": top_group,
                "same_top": len(set(self.top)) == 1}

    def to_frame(self):
        """Strategies × runs table of ranks."""
        import pandas as pd

        return pd.DataFrame(self.ranks.T, index=pd.Index(self.strategy_ids, name="strategy"), columns=list(self.names))

    def to_dict(self) -> dict[str, Any]:
        def clean(a):
            return [[None if not np.isfinite(v) else float(v) for v in row] for row in np.asarray(a, dtype=float)]

        return {
            "names": list(self.names),
            "descriptions": list(self.descriptions),
            "changes": [list(c) for c in self.changes],
            "strategy_ids": list(self.strategy_ids),
            "group_ids": list(self.group_ids),
            "factor_ids": list(self.factor_ids),
            "ranks": clean(self.ranks),
            "scores": clean(self.scores),
            "group_weights": clean(self.group_weights),
            "factor_weights": clean(self.factor_weights),
            "correlations": {k: [None if not np.isfinite(v) else float(v) for v in vals]
                             for k, vals in self.correlations.items()},
            "top": list(self.top),
            "robust": self.robust_conclusions(),
        }


def compare_results(
    baseline: Results,
    scenarios: Sequence[tuple[str, Results]],
    *,
    baseline_name: str = "baseline",
    descriptions: Sequence[str] | None = None,
    changes: Sequence[Sequence[str]] | None = None,
) -> ScenarioComparison:
    """Put the baseline's and every scenario's results side by side (see :class:`ScenarioComparison`)."""
    runs = [(baseline_name, baseline), *scenarios]
    strategy_ids = baseline.strategy_ids
    group_ids = baseline.group_ids
    factor_ids = baseline.factor_ids
    R = len(runs)
    ranks = np.full((R, len(strategy_ids)), np.nan)
    scores = np.full((R, len(strategy_ids)), np.nan)
    groups = np.full((R, len(group_ids)), np.nan)
    factors = np.full((R, len(factor_ids)), np.nan)
    for i, (_, res) in enumerate(runs):
        if res.model_id != baseline.model_id:
            raise ModelError(f"run {runs[i][0]!r} analyses model {res.model_id}, the baseline {baseline.model_id}")
        for k, s in enumerate(res.strategy_ids):
            if s in strategy_ids:
                a = strategy_ids.index(s)
                ranks[i, a] = res.ranks[k]
                scores[i, a] = res.strategy_scores[k]
        groups[i] = [res.group_weights[res.group_ids.index(g)] for g in group_ids]
        factors[i] = [res.global_factor_weights[res.factor_ids.index(f)] for f in factor_ids]
    correlations = {name: np.full(R, np.nan) for name in ("weighted_spearman", "ws", "kendall_tau")}
    for i in range(R):
        both = np.isfinite(scores[0]) & np.isfinite(scores[i])
        if both.sum() >= 2:
            x = mcda.rank_scores(scores[0, both], ties="average")
            y = mcda.rank_scores(scores[i, both], ties="average")
            for name in correlations:
                correlations[name][i] = mcda.rank_correlation(x, y, name)
    return ScenarioComparison(
        names=tuple(n for n, _ in runs),
        descriptions=tuple(descriptions) if descriptions is not None else ("",) * R,
        changes=tuple(tuple(c) for c in changes) if changes is not None else ((),) * R,
        strategy_ids=strategy_ids,
        group_ids=group_ids,
        factor_ids=factor_ids,
        ranks=ranks,
        scores=scores,
        group_weights=groups,
        factor_weights=factors,
        correlations=correlations,
        results=tuple(r for _, r in runs),
    )
