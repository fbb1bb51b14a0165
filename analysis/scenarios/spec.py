"""Scenario files: their shape, parsing and checks against a model (see :mod:`analysis.scenarios`)."""

from __future__ import annotations

import glob
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import mcda
from criteria.model import Model
from mcda.errors import ModelError, Problem
from mcda.plain import plain_data
from surveys.responses import Responses

from .messages import scenario_text

__all__ = ["SCENARIO_NAME_RULE", "MAX_SCENARIO_NAME", "CHANGE_FIELDS", "Scenario", "load_scenario", "scenario_from_dict", "check_scenario"]



#: the keys a scenario's ``changes`` may hold
CHANGE_FIELDS = (
    "experts",
    "exclude_experts",
    "expert_weights",
    "aggregation",
    "method",
    "ri_table",
    "completion",
    "cr_threshold",
    "exclude_inconsistent",
    "group_weighting",
    "group_weights",
    "factor_weights",
    "strategies",
    "responses",
)
_OPTION_FIELDS = ("aggregation", "method", "ri_table", "completion", "cr_threshold", "exclude_inconsistent",
                  "group_weighting")
# what-if weights typed by hand: 0.333 + 0.333 + 0.334 must pass, 0.3 + 0.3 + 0.3 must not
_SUM_TOL = 1e-3
MAX_SCENARIO_NAME = 100


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
    completion: str | None = None
    cr_threshold: float | None = None
    exclude_inconsistent: bool | None = None
    group_weighting: str | None = None
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
                out[name] = plain_data(value)
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


def _said(source: str, cell: str, key: str, lang: str, **values) -> Problem:
    """A problem worded from :data:`analysis.scenarios.messages.SCENARIO_TEXT` in ``lang``."""
    message, expected = scenario_text(key, lang, **values)
    return Problem(source, "", cell, message, expected)


def _weights(data, field_name: str, problems: list[Problem], source: str, lang: str = "en") -> dict[str, float] | None:
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
            problems.append(_said(source, f"{field_name}.{key}", "not_a_number", lang, value=value))
            continue
        if not np.isfinite(number) or number < 0:
            problems.append(_said(source, f"{field_name}.{key}", "negative", lang, value=value))
            continue
        out[str(key)] = number
    return out


def _check_sum(weights: Mapping[str, float] | None, field_name: str, problems: list[Problem], source: str,
               lang: str = "en") -> None:
    if weights:
        total = sum(weights.values())
        if abs(total - 1.0) > _SUM_TOL:
            problems.append(_said(source, field_name, "sum", lang, total=f"{total:.4g}"))


#: what a scenario's name may be — the rule :func:`_scenario_name_ok` applies, in the words a problem prints
SCENARIO_NAME_RULE = (f"any text of at most {MAX_SCENARIO_NAME} characters, without / or \\ or control characters; "
                      "not '.', '..' or 'baseline'")


def _scenario_name_ok(name: str) -> bool:
    stripped = name.strip()
    # control characters (category Cc) only: a Persian name's zero-width non-joiner (Cf) is part of its words
    return (len(stripped) <= MAX_SCENARIO_NAME and not any(ch in "/\\" or unicodedata.category(ch) == "Cc"
                                                           for ch in name)
            and stripped.lower() not in (".", "..", "baseline"))


def scenario_from_dict(data: Any, *, source: str = "", base_dir: str | Path | None = None,
                       model: Model | None = None, responses: Responses | None = None, lang: str = "en") -> Scenario:
    """A :class:`Scenario` from plain data (a parsed YAML file); every problem is collected.

    Relative ``responses`` paths are resolved against ``base_dir``.  With
    ``model`` (and ``responses``: the baseline's, unless the scenario brings
    its own) the ids it names are checked too (:func:`check_scenario`).
    ``lang="fa"`` words the problems a web form can cause in Persian
    (:mod:`analysis.scenarios.messages`).
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
        problems.append(_said(source, "name", "no_name", lang, value=name))
        name = ""
    elif not _scenario_name_ok(name):
        problems.append(Problem(source, "", "name", f"{name[:80]!r} cannot name a scenario (it becomes a folder name "
                                "and a column heading)", expected=SCENARIO_NAME_RULE))
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
    kwargs["expert_weights"] = _weights(changes.get("expert_weights"), "changes.expert_weights", problems, source, lang)
    if kwargs["expert_weights"] is not None and sum(kwargs["expert_weights"].values()) <= 0:
        problems.append(_said(source, "changes.expert_weights", "all_zero", lang))
    group_weights = _weights(changes.get("group_weights"), "changes.group_weights", problems, source, lang)
    _check_sum(group_weights, "changes.group_weights", problems, source, lang)
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
    for key in ("aggregation", "method", "ri_table", "completion", "group_weighting"):
        value = changes.get(key)
        if value is not None and value not in mcda.OPTION_REGISTRIES[key]:
            problems.append(Problem(source, "", f"changes.{key}", f"{value!r} is not a choice",
                                    expected=" or ".join(mcda.OPTION_REGISTRIES[key].names)))
            value = None
        kwargs[key] = value
    cr = changes.get("cr_threshold")
    if cr is not None:
        try:
            cr = float(cr)
            if not 0 < cr < 1:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(_said(source, "changes.cr_threshold", "bad_cr", lang, value=changes.get("cr_threshold")))
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
        problems.extend(check_scenario(scenario, model, None if scenario.responses else responses, lang=lang))
    if problems:
        raise ModelError(f"scenario {source or name!r} has {len(problems)} problem(s)", problems)
    return scenario


# ----------------------------------------------------------------------------------------- checking
def check_scenario(scenario: Scenario, model: Model, responses: Responses | None = None, *,
                   lang: str = "en") -> list[Problem]:
    """Problems of ``scenario`` against the model (and the responses it will change); empty when fine.

    ``lang="fa"`` words the problems a web form can cause in Persian."""
    src = scenario.source
    problems: list[Problem] = []
    if responses is not None:
        known = set(responses.expert_ids)
        hint = scenario_text("expert_ids", lang, ids=", ".join(responses.expert_ids[:12]) + (" …" if len(known) > 12 else ""))[0]
        for field_name in ("experts", "exclude_experts"):
            for k, e in enumerate(getattr(scenario, field_name) or ()):
                if e not in known:
                    problems.append(_said(src, f"changes.{field_name}[{k}]", "unknown_expert", lang, value=e, hint=hint))
        for e in scenario.expert_weights or {}:
            if e not in known:
                problems.append(_said(src, f"changes.expert_weights.{e}", "unknown_expert", lang, value=e, hint=hint))
        kept = [e for e in (scenario.experts or responses.expert_ids) if e not in set(scenario.exclude_experts)]
        if not kept and not any(p.cell.startswith("changes.experts") for p in problems):
            problems.append(_said(src, "changes.exclude_experts", "nobody_left", lang))
    groups = model.group_ids
    if scenario.group_weights is not None:
        for g in scenario.group_weights:
            if g not in groups:
                problems.append(_said(src, f"changes.group_weights.{g}", "unknown_group", lang, value=g,
                                      groups=", ".join(groups)))
        missing = [g for g in groups if g not in scenario.group_weights]
        if missing:
            problems.append(_said(src, "changes.group_weights", "missing_groups", lang, missing=", ".join(missing),
                                  groups=", ".join(groups)))
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
                problems.append(_said(src, f"changes.strategies[{k}]", "unknown_strategy", lang, value=s,
                                      strategies=", ".join(model.strategy_ids)))
        if len(set(scenario.strategies)) < 2:
            problems.append(_said(src, "changes.strategies", "two_strategies", lang))
    return problems


# ---------------------------------------------------------------------------------------------- running
