"""The scenario form ↔ a scenario's plain data (what a YAML scenario file holds), the validator's paths
(``changes.group_weights.T``) back to the form's fields, and the baseline shown as placeholders."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from mcda.digits import ascii_digits
from rahbord.store import Run, Store, Study

from .blob_io import load_results

__all__ = ["baseline_weights", "field_of", "form_defaults", "group_weight_sum", "problem_text", "scenario_data_from_form",
           "unasked_rescale"]


def _clean(value) -> str:
    # «،» is the Arabic comma people type between listed values
    return ascii_digits(str(value or "").strip()).replace("،", ",")


def _number_or_text(text: str):
    """A typed number as a float; anything else as typed, for the validator to name."""
    try:
        return float(text)
    except ValueError:
        return text


def _clean_name(value) -> str:
    return " ".join(str(value or "").split())[:200]


def scenario_data_from_form(form, model, panel_keys: list[str]) -> tuple[dict, dict]:
    """``(data, values)``: the scenario as plain data (what a YAML file holds), and the raw field values
    to show the form again."""
    values = {key: str(form.get(key, "")) for key in form.keys() if isinstance(form.get(key), str)}
    changes: dict = {}
    exclude = [k for k in panel_keys if form.get(f"exclude-{k}") == "on"]
    if exclude:
        changes["exclude_experts"] = exclude
    weights = {k: _number_or_text(_clean(form.get(f"weight-{k}"))) for k in panel_keys
               if _clean(form.get(f"weight-{k}")) and k not in exclude}
    if weights:
        changes["expert_weights"] = weights
    for key in ("aggregation", "method", "ri_table", "completion"):
        if _clean(form.get(key)):
            changes[key] = _clean(form.get(key))
    if _clean(form.get("cr_threshold")):
        changes["cr_threshold"] = _number_or_text(_clean(form.get("cr_threshold")))
    inconsistent = form.get("exclude_inconsistent")
    if inconsistent in ("yes", "no"):
        changes["exclude_inconsistent"] = inconsistent == "yes"
    groups = {g: _number_or_text(_clean(form.get(f"group-{g}"))) for g in model.group_ids
              if _clean(form.get(f"group-{g}"))}
    if groups:
        total = group_weight_sum(groups, model)
        if form.get("rescale") == "on" and total:
            # "threats weigh double": relative weights, scaled to sum 1 because the planner asked for it
            groups = {g: round(v / total, 6) for g, v in groups.items()}
        changes["group_weights"] = groups
    kept = [s for s in model.strategy_ids if form.get(f"strategy-{s}") == "on"]
    if len(kept) != len(model.strategy_ids):
        changes["strategies"] = kept or []
    data = {"name": _clean_name(form.get("name")), "description": str(form.get("description", "")).strip()[:2000],
            "description_fa": str(form.get("description_fa", "")).strip()[:2000], "changes": changes}
    return data, values


#: how far from 1 typed group weights may add up and still count as 1 (as the scenario validator allows)
SUM_TOLERANCE = 1e-6


def group_weight_sum(groups: dict, model) -> float | None:
    """The sum of the typed what-if group weights when every group has a positive number, else None."""
    numbers = [v for v in groups.values() if isinstance(v, float)]
    if len(numbers) == len(groups) == len(model.group_ids) and sum(numbers) > 0:
        return sum(numbers)
    return None


def unasked_rescale(form, model) -> float | None:
    """The typed group weights' sum when it is not 1 and the planner did not ask to scale them: the form
    asks rather than rescale silently (issue 13)."""
    groups = {g: _number_or_text(_clean(form.get(f"group-{g}"))) for g in model.group_ids
              if _clean(form.get(f"group-{g}"))}
    total = group_weight_sum(groups, model) if groups else None
    if total is None or form.get("rescale") == "on" or abs(total - 1.0) <= SUM_TOLERANCE:
        return None
    return total


_FIELD_PATHS = (
    (re.compile(r"^changes\.expert_weights\.(.+)$"), "weight-{0}"),
    (re.compile(r"^changes\.group_weights\.(.+)$"), "group-{0}"),
    (re.compile(r"^changes\.(?:experts|exclude_experts|expert_weights)\b"), "experts"),
    (re.compile(r"^changes\.group_weights$"), "group_weights"),
    (re.compile(r"^changes\.strategies\b"), "strategies"),
    (re.compile(r"^changes\.(aggregation|method|ri_table|completion|cr_threshold|exclude_inconsistent)$"), "{0}"),
    (re.compile(r"^(name|description|description_fa)$"), "{0}"),
)


def field_of(path: str) -> str | None:
    """The form field a validator's path names (``changes.group_weights.T`` → ``group-T``)."""
    for pattern, field in _FIELD_PATHS:
        match = pattern.match(path or "")
        if match:
            return field.format(*match.groups())
    return None


def problem_text(p) -> str:
    """A problem as the line shown under its field."""
    return p.message + (f" — {p.expected}" if p.expected else "")


def form_defaults(model) -> dict:
    """An empty scenario form's values: every strategy kept; typed group weights are never rescaled unless
    the planner ticks the box."""
    return {f"strategy-{s}": "on" for s in model.strategy_ids}


def baseline_weights(store: Store, session: Session, study: Study) -> dict:
    """The latest run's group weights, shown as the what-if fields' placeholders."""
    run = session.scalars(select(Run).where(Run.study_id == study.id).order_by(Run.id.desc())).first()
    if run is None:
        return {}
    results = load_results(store.blobs.get(run.results_sha256).decode("utf-8"))
    return {g: float(w) for g, w in zip(results.group_ids, results.group_weights)}
