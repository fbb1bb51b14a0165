"""The model form ↔ a model's plain data (what a YAML model file holds), and the validator's paths
(``factors[3].label_fa``) back to the form's fields."""

from __future__ import annotations

import re

__all__ = ["MODEL_LISTS", "MODEL_SCALARS", "field_key", "form_view", "model_data_from_form"]

#: the model's lists (a table of rows in the form) and their columns
MODEL_LISTS = {
    "groups": ("id", "label_en", "label_fa"),
    "factors": ("id", "group", "label_en", "label_fa"),
    "strategies": ("id", "label_en", "label_fa"),
}
MODEL_SCALARS = ("id", "version", "title_en", "title_fa", "goal_en", "goal_fa", "evaluation")
_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


def model_data_from_form(form) -> tuple[dict, dict]:
    """Plain model data from the form, and which form row each list entry came from."""
    data: dict = {key: str(form.get(key, "")).strip() for key in MODEL_SCALARS}
    data["evaluation"] = data["evaluation"] or "ratings"
    # a checkbox: present ("on") when ticked, absent otherwise
    data["position_ratings"] = str(form.get("position_ratings", "")).strip().casefold() in ("on", "yes", "true", "1")
    rows: dict[str, list[int]] = {}
    for name, columns in MODEL_LISTS.items():
        items, origin = [], []
        indices = sorted({int(m.group(1)) for key in form.keys() if (m := re.match(rf"^{name}-(\d+)-", key))})
        for i in indices[:500]:
            item = {c: str(form.get(f"{name}-{i}-{c}", "")).strip() for c in columns}
            if any(item.values()):
                items.append(item)
                origin.append(i)
        data[name] = items
        rows[name] = origin
    return data, rows


def field_key(path: str, rows: dict) -> str | None:
    """``factors[3].label_fa`` → the form field ``factors-<row>-label_fa``."""
    if path in MODEL_SCALARS or path == "position_ratings":
        return path
    match = _PATH.match(path or "")
    if match and match.group(1) in rows:
        name, index, column = match.group(1), int(match.group(2)), match.group(3)
        if index < len(rows[name]) and column in MODEL_LISTS[name]:
            return f"{name}-{rows[name][index]}-{column}"
    return None


def form_view(data: dict, rows: dict | None = None) -> dict:
    """The model data as form rows (with a few empty rows to fill)."""
    view = {key: data.get(key, "") for key in MODEL_SCALARS}
    view["evaluation"] = view["evaluation"] or "ratings"
    view["position_ratings"] = data.get("position_ratings") in (True, "yes", "true", "on")
    for name, columns in MODEL_LISTS.items():
        items = list(data.get(name) or [])
        origin = (rows or {}).get(name) or list(range(len(items)))
        table = []
        for item, i in zip(items, origin):
            table.append({"index": i, **{c: item.get(c, "") for c in columns}})
        start = (max(origin) + 1) if origin else 0
        for i in range(start, start + 3):
            table.append({"index": i, **{c: "" for c in columns}})
        view[name] = table
    return view
