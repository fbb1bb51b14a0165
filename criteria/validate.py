"""Validation of decision models: every problem, with where it is and what would do.

:func:`validate_model` checks plain data (what a YAML file or a model workbook
holds) or a built :class:`~criteria.model.Model` and returns a list of
:class:`~mcda.errors.Problem`; it never raises for a bad model.  Each problem's
``cell`` is the field path (``factors[3].label_fa``, 0-based indices as in the
file's lists); the model workbook reader maps paths to sheet cells.

Errors stop a model from loading; warnings (a group with one factor, a
comparison set too large for a person) are reported but do not.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mcda.errors import Problem
from mcda.hierarchy import GROUP_WEIGHTING_METHODS

from .catalogue import pgettext
from .messages import field_title, item_title, model_text
from .model import CLUSTER_WEIGHTINGS, EXTERNAL_GROUP_IDS, INTERNAL_GROUP_IDS, TOWS_TYPES, Model

__all__ = [
    "validate_model",
    "MAX_COMPARISON_ITEMS",
    "SHORT_LABEL_MAX",
    "MODEL_FIELDS",
    "GROUP_FIELDS",
    "FACTOR_FIELDS",
    "STRATEGY_FIELDS",
    "INTENSITY_FIELDS",
    "DEPENDENCY_FIELDS",
    "EVALUATION_METHODS",
    "factor_id_list",
    "yes_no",
]

# Miller (1956), "The magical number seven, plus or minus two", is the usual
# argument (Saaty 1977, 1980) for keeping a pairwise comparison set to at most
# nine items: beyond that, judgments become unreliable and the number of pairs
# (n(n-1)/2 = 45 at n = 10) a burden.
MAX_COMPARISON_ITEMS = 9

# Charts and tables truncate short labels beyond this length.
SHORT_LABEL_MAX = 40

EVALUATION_METHODS = ("ratings", "pairwise")

# Field specifications: name -> required?  Order is the canonical order in files.
MODEL_FIELDS: dict[str, bool] = {
    "id": True,
    "version": True,
    "title_en": True,
    "title_fa": True,
    "description_en": False,
    "description_fa": False,
    "goal_en": True,
    "goal_fa": True,
    "groups": True,
    "factors": True,
    "strategies": True,
    "evaluation": False,
    "group_weighting": False,
    "rating_scale": False,
    "dependencies": False,
    "feedback": False,
    "cluster_weights": False,
    "position_ratings": False,
}
GROUP_FIELDS = {"id": True, "label_en": True, "label_fa": True, "description_en": False, "description_fa": False}
FACTOR_FIELDS = {"id": True, "group": True, "label_en": True, "label_fa": True, "short_en": False, "short_fa": False}
STRATEGY_FIELDS = {
    "id": True, "label_en": True, "label_fa": True, "short_en": False, "short_fa": False,
    "tows": False, "tows_factors": False, "tows_reason_en": False, "tows_reason_fa": False,
}
INTENSITY_FIELDS = {"id": True, "label_en": True, "label_fa": True, "value": True}
DEPENDENCY_FIELDS = {"source": True, "target": True}

_LIST_FIELDS = {
    "groups": ("group", GROUP_FIELDS),
    "factors": ("factor", FACTOR_FIELDS),
    "strategies": ("strategy", STRATEGY_FIELDS),
    "rating_scale": ("rating level", INTENSITY_FIELDS),
    "dependencies": ("dependency", DEPENDENCY_FIELDS),
}

# Ids end up in sheet names, comparison-set keys ("factors:S"), file names and
# URLs, so they stay ASCII and free of ":" and spaces.
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_ID_EXPECTED = "an id of ASCII letters, digits, '_', '.' or '-' (at most 64 characters), e.g. S1"
_RESERVED_IDS = {"goal"}  # Model.label("goal") is the goal; comparison sets use it as context

# Persian and Arabic letters (Arabic block and presentation forms).
_PERSIAN_LETTERS = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN_LETTERS = re.compile(r"[A-Za-z]")

_LANGUAGE = {"en": "English", "fa": "Persian"}
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class _Checker:
    source: str
    problems: list[Problem]
    lang: str = "en"  # the language of the checks worded in criteria.messages (the form's problems)

    def say(self, path: str, key: str, severity: str = "error", **values) -> None:
        """A problem worded from :data:`criteria.messages.MODEL_TEXT` in the checker's language."""
        message, expected = model_text(key, self.lang, **values)
        self.problems.append(Problem(self.source, "", path, message, expected, severity, lang=self.lang))

    def error(self, path: str, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.source, "", path, message, expected, "error"))

    def warn(self, path: str, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.source, "", path, message, expected, "warning"))


def validate_model(model_or_dict: Model | Mapping[str, Any], *, source: str = "", lang: str = "en") -> list[Problem]:
    """Every problem of a decision model, errors and warnings, in file order.

    Parameters
    ----------
    model_or_dict
        A :class:`~criteria.model.Model` or the plain data of one (the mapping a
        YAML model file holds: ``id``, ``version``, ``title_en`` …).
    source
        The file the data came from; it becomes each problem's ``file``.
    lang
        ``"fa"`` words the checks a model form meets (empty fields, ids,
        groups) in Persian (:mod:`criteria.messages`); the others stay English.

    Returns
    -------
    list of Problem
        Empty when the model is sound.  ``severity`` is ``"error"`` (the
        model cannot be used) or ``"warning"`` (it can, but read the note).

    Examples
    --------
    >>> from criteria import load_library_model
    >>> [p for p in validate_model(load_library_model("generic-swot")) if p.severity == "error"]
    []
    >>> validate_model({"id": "m"})[0].cell
    'version'
    """
    data = model_or_dict.to_dict() if isinstance(model_or_dict, Model) else model_or_dict
    check = _Checker(source, [], lang)
    if not isinstance(data, Mapping):
        check.error(
            "",
            f"a model must be a mapping of fields (id, version, title_en, …), got {_kind(data)}",
            "a YAML mapping at the top level",
        )
        return check.problems
    _check_model(check, data)
    return check.problems


# ---- the checks ------------------------------------------------------------------
def _check_model(check: _Checker, data: Mapping[str, Any]) -> None:
    _check_keys(check, data, MODEL_FIELDS, prefix="", what="model")
    for name in ("id", "version", "title_en", "title_fa", "description_en", "description_fa", "goal_en", "goal_fa"):
        if name in data:
            text = _check_text(check, name, data[name], required=MODEL_FIELDS[name], what=_field_title(name, "model"),
                               what_fa=field_title(name, "model", "fa"))
            if name == "id" and text:
                _check_id_syntax(check, name, text, "model id")

    evaluation = data.get("evaluation", "ratings")
    if evaluation not in EVALUATION_METHODS:
        check.error(
            "evaluation",
            f"unknown evaluation method {_show(evaluation)}",
            "'ratings' (strategies rated on a named scale) or 'pairwise' (strategies compared in pairs)",
        )

    group_weighting = data.get("group_weighting") or "direct"  # an empty workbook cell keeps the default
    if isinstance(group_weighting, str):
        group_weighting = group_weighting.strip()
    if group_weighting not in GROUP_WEIGHTING_METHODS:
        check.error(
            "group_weighting",
            f"unknown group weighting {_show(group_weighting)}",
            "'direct' (the groups compared with respect to the goal) or 'kurttila' (each group represented by "
            "its most important factor, Kurttila et al. 2000)",
        )

    lists = {name: _check_list(check, data, name) for name in _LIST_FIELDS}
    groups, factors, strategies = lists["groups"], lists["factors"], lists["strategies"]
    scale, dependencies = lists["rating_scale"], lists["dependencies"]

    # One namespace: results, sheets and labels look items up by id alone.
    seen: dict[str, str] = {}
    for name in ("groups", "factors", "strategies", "rating_scale"):
        for index, item in lists[name] or ():
            path = f"{name}[{index}].id"
            ident = _check_text(check, path, item.get("id"), required=True, what=f"id of {_LIST_FIELDS[name][0]} {index + 1}",
                                what_fa=field_title("id", item_title(name, index, None, "fa"), "fa"))
            if not ident:
                continue
            _check_id_syntax(check, path, ident, f"{_LIST_FIELDS[name][0]} id",
                             what_fa=field_title("id", item_title(name, index, None, "fa"), "fa"))
            if ident in seen:
                first_name, first_index = seen[ident]
                first = (f"{first_name}[{first_index}]" if check.lang != "fa"
                         else item_title(first_name, first_index, None, "fa"))
                check.say(path, "duplicate_id", ident=ident, first=first)
            else:
                seen[ident] = (name, index)

    group_ids = [_plain(item.get("id")) for _, item in groups or ()]
    _check_items(check, "groups", groups)
    _check_items(check, "factors", factors)
    _check_items(check, "strategies", strategies)
    _check_items(check, "rating_scale", scale)

    # Factors point at groups.
    members: dict[str, list[str]] = {g: [] for g in group_ids if g}
    for index, item in factors or ():
        group = _plain(item.get("group"))
        if not isinstance(group, str) or not group:
            continue  # reported by _check_items
        if group not in members:
            check.say(f"factors[{index}].group", "unknown_group", factor=_plain(item.get("id")),
                      group=_show(group) if check.lang != "fa" else group,
                      groups=_one_of(group_ids, "a group id") if check.lang != "fa" else "، ".join(map(str, group_ids)))
        else:
            members[group].append(_plain(item.get("id")))

    if groups is not None:
        if len(groups) < 2:
            check.say("groups", "too_few_groups", n=len(groups))
        elif len(groups) > MAX_COMPARISON_ITEMS:
            check.warn("groups", _too_many(len(groups), "groups compared with respect to the goal"), _split_advice("groups"))
        if factors is not None:
            for index, item in groups:
                gid = _plain(item.get("id"))
                if gid not in members:
                    continue
                count = len(members[gid])
                if count == 0:
                    check.say(f"groups[{index}]", "group_without_factor", group=gid)
                elif count == 1:
                    check.say(f"groups[{index}]", "group_one_factor", "warning", group=gid, factor=members[gid][0])
                elif count > MAX_COMPARISON_ITEMS:
                    check.warn(f"groups[{index}]", _too_many(count, f"factors in group {gid!r}"), _split_advice("factors"))

    if strategies is not None:
        if len(strategies) < 2:
            check.say("strategies", "too_few_strategies", n=len(strategies))
        elif evaluation == "pairwise" and len(strategies) > MAX_COMPARISON_ITEMS:
            check.warn(
                "strategies",
                _too_many(len(strategies), "strategies compared pairwise on every factor"),
                "evaluation: ratings (one rating per strategy and factor), or fewer strategies",
            )

    _check_scale(check, scale)
    factor_groups = {_plain(item.get("id")): _plain(item.get("group")) for _, item in factors or ()}
    _check_dependencies(check, dependencies, group_ids, factor_groups)
    _check_network_options(check, data, dependencies, factor_groups)
    _check_tows(check, strategies, factors)
    _check_position(check, data, factors)


# YAML gives a boolean; a workbook cell or a web form gives text, in either language.
_YES = {"true", "yes", "y", "1", "on", "بله", "آری", "درست"}
_NO = {"false", "no", "n", "0", "off", "", "خیر", "نه", "نادرست"}


def yes_no(value: Any) -> bool | None:
    """A yes/no field as written in YAML, a workbook cell or a form; ``None`` when it is neither."""
    value = _plain(value)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in _YES:
            return True
        if text in _NO:
            return False
    return None


def _check_position(check: _Checker, data: Mapping[str, Any], factors: list[tuple[int, Mapping]] | None) -> None:
    """position_ratings (IFE/EFE): yes or no; when yes, factors on both the internal and the external side."""
    if "position_ratings" not in data:
        return
    flag = yes_no(data["position_ratings"])
    if flag is None:
        check.error("position_ratings", f"position_ratings must be true or false, got {_show(data['position_ratings'])}",
                    "true (the questionnaire asks each expert to rate every factor 1–4 for the IFE/EFE) or false")
        return
    if not flag or factors is None:
        return
    groups = {_plain(item.get("group")) for _, item in factors}
    sides = [("internal", INTERNAL_GROUP_IDS, "IFE"), ("external", EXTERNAL_GROUP_IDS, "EFE")]
    for side, ids, matrix in sides:
        if not groups & set(ids):
            check.error("position_ratings",
                        f"position_ratings needs {side} factors for the {matrix}, but no factor is in group "
                        f"{' or '.join(ids)}",
                        f"factors in groups {', '.join(ids)} (the SWOT groups), or position_ratings: false")


def factor_id_list(value: Any) -> tuple[str, ...]:
    """Factor ids written as a list (YAML) or as text separated by commas or spaces (a workbook cell)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part for part in re.split(r"[\s,،;]+", value) if part)
    if isinstance(value, Sequence) and not isinstance(value, (bytes, Mapping)):
        return tuple(str(_plain(v)) for v in value if _plain(v) not in (None, ""))
    return (str(value),)


def _check_tows(check: _Checker, strategies: list[tuple[int, Mapping]] | None, factors: list[tuple[int, Mapping]] | None) -> None:
    """TOWS types: one of SO/WO/ST/WT, the factors named exist, a reason in both languages."""
    if strategies is None:
        return
    factor_groups = {_plain(f.get("id")): _plain(f.get("group")) for _, f in factors or ()}
    classified = []
    for index, item in strategies:
        prefix = f"strategies[{index}]"
        who = f"strategy {_plain(item.get('id'))}"
        tows = item.get("tows")
        named = factor_id_list(item.get("tows_factors"))
        if tows in (None, ""):
            stray = [key for key in ("tows_factors", "tows_reason_en", "tows_reason_fa") if item.get(key)]
            if stray:
                check.error(f"{prefix}.tows", f"{who} has {', '.join(stray)} but no TOWS type", "tows: one of " + ", ".join(TOWS_TYPES))
            continue
        if not isinstance(tows, str) or tows.strip().upper() not in TOWS_TYPES:
            check.error(f"{prefix}.tows", f"unknown TOWS type {_show(tows)} for {who}", "one of " + ", ".join(TOWS_TYPES) + " (internal side first: SO, WO, ST, WT)")
            continue
        classified.append(index)
        tows = tows.strip().upper()
        value = item.get("tows_factors")
        if value is not None and not isinstance(value, (str, Sequence)) or isinstance(value, Mapping):
            check.error(f"{prefix}.tows_factors", f"tows_factors of {who} must be a list of factor ids, got {_kind(value)}", "a list such as [S3, O8]")
            continue
        if not named:
            check.error(f"{prefix}.tows_factors", f"{who} is typed {tows} but names no factor it builds on or answers", f"the factor ids behind it, e.g. [{tows[0]}1, {tows[1]}1]")
        for ident in named:
            if ident not in factor_groups:
                guess = difflib.get_close_matches(ident, [f for f in factor_groups if isinstance(f, str)], n=1, cutoff=0.5)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                check.error(f"{prefix}.tows_factors", f"{who} names unknown factor {ident!r}{hint}", "factor ids of this model")
        sides = {factor_groups.get(ident) for ident in named}
        if named and all(ident in factor_groups for ident in named) and not sides & set(tows):
            check.warn(
                f"{prefix}.tows_factors",
                f"{who} is typed {tows} but none of its factors ({', '.join(named)}) is in group {tows[0]} or {tows[1]}",
                f"at least one factor of group {tows[0]} or {tows[1]}, or another TOWS type",
            )
        for lang in ("en", "fa"):
            key = f"tows_reason_{lang}"
            if not (isinstance(item.get(key), str) and item[key].strip()):
                check.error(f"{prefix}.{key}", f"{who} is typed {tows} without a {_LANGUAGE[lang]} reason ({key})",
                            "a sentence saying which factors it builds on or answers, so a planner can disagree")
    if classified and len(classified) < len(strategies):
        missing = [str(_plain(item.get("id"))) for index, item in strategies if index not in classified]
        check.warn("strategies", f"{len(missing)} strategies have no TOWS type ({', '.join(missing)}); the TOWS matrix lists them apart",
                   "a tows type for every strategy, or for none")


def _check_items(check: _Checker, name: str, items: list[tuple[int, Mapping]] | None) -> None:
    """Required fields, text types, bilingual labels, short label length, duplicate labels."""
    if items is None:
        return
    what, spec = _LIST_FIELDS[name]
    labels_seen: dict[tuple[str, str], str] = {}
    for index, item in items:
        prefix = f"{name}[{index}]"
        ident = _plain(item.get("id"))
        who = f"{what} {ident}" if isinstance(ident, str) and ident else f"{what} {index + 1}"
        _check_keys(check, item, spec, prefix=prefix, what=who, skip=("id",))
        for field_name, required in spec.items():
            # ids are checked with the shared namespace, values with the scale, TOWS by _check_tows
            if field_name in ("id", "value", "tows", "tows_factors") or field_name not in item:
                continue
            path = f"{prefix}.{field_name}"
            text = _check_text(check, path, item[field_name], required=required, what=_field_title(field_name, who),
                               what_fa=field_title(field_name, item_title(name, index, ident if isinstance(ident, str) else None, "fa"), "fa"))
            if not text or field_name == "group":
                continue
            lang = field_name.rsplit("_", 1)[-1]
            if field_name.startswith("short_") and len(text) > SHORT_LABEL_MAX:
                check.warn(
                    path,
                    f"short {_LANGUAGE[lang]} label of {who} is {len(text)} characters; charts and tables cut it",
                    f"at most {SHORT_LABEL_MAX} characters",
                )
            if field_name.startswith("label_"):
                _check_script(check, path, text, lang, who)
                key = (field_name, text.strip().casefold())
                if key in labels_seen:
                    check.warn(path, f"{who} has the same {_LANGUAGE[lang]} label as {labels_seen[key]}", "a label that tells the two apart")
                else:
                    labels_seen[key] = who


def _check_scale(check: _Checker, scale: list[tuple[int, Mapping]] | None) -> None:
    if scale is None:
        return
    if len(scale) < 2:
        check.error("rating_scale", f"a rating scale needs at least 2 levels, found {len(scale)}", "2 or more levels, best first, e.g. very_high … very_low")
    values: list[tuple[int, float]] = []
    for index, item in scale:
        path = f"rating_scale[{index}].value"
        if "value" not in item:
            continue  # reported as missing
        value = item["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            check.error(path, f"rating value {_show(value)} is not a number", "a number in (0, 1], the best level 1")
            continue
        if not 0 < value <= 1:
            check.error(path, f"rating value {value!r} is outside (0, 1]", "a number greater than 0 and at most 1 (an ideal scale: the best level is 1)")
            continue
        values.append((index, float(value)))
    seen: dict[float, int] = {}
    previous: tuple[int, float] | None = None
    for index, value in values:
        path = f"rating_scale[{index}].value"
        if value in seen:
            check.error(path, f"rating value {value!r} repeats rating_scale[{seen[value]}]", "a different value for each level")
        elif previous is not None and value > previous[1]:
            check.error(
                path,
                f"rating values must strictly decrease from best to worst, but {value!r} follows {previous[1]!r}",
                "levels listed best first, each value lower than the one before",
            )
        seen.setdefault(value, index)
        previous = (index, value)
    if values and len(values) == len(scale) and max(v for _, v in values) != 1.0:
        check.warn(
            f"rating_scale[{values[0][0]}].value",
            f"the best rating level is {max(v for _, v in values)!r}, not 1: a strategy rated best on every factor scores below 1",
            "an ideal scale whose best level is 1",
        )


def _check_dependencies(check: _Checker, dependencies: list[tuple[int, Mapping]] | None, group_ids: list,
                        factor_groups: Mapping[str, str]) -> None:
    """Each dependency links two groups (inner dependence among groups) or two factors (a factor network)."""
    if dependencies is None:
        return
    for index, item in dependencies:
        _check_keys(check, item, DEPENDENCY_FIELDS, prefix=f"dependencies[{index}]", what=f"dependency {index + 1}")
    seen: dict[tuple[str, str], int] = {}
    influencers: dict[str, set[str]] = {}
    factor_influencers: dict[tuple[str, str], set[str]] = {}  # (target factor, source's group) -> sources
    for index, item in dependencies:
        prefix = f"dependencies[{index}]"
        ends = {}
        for end in ("source", "target"):
            if end not in item:
                continue
            text = _check_text(check, f"{prefix}.{end}", item[end], required=True, what=f"{end} of dependency {index + 1}")
            if text and text not in group_ids and text not in factor_groups:
                shown_factors = [str(f) for f in factor_groups if f][:12]
                separator = "، " if check.lang == "fa" else ", "
                check.say(f"{prefix}.{end}", "dependency_unknown_end", end=pgettext(f"model_field.{end}", "fa" if check.lang == "fa" else "en"),
                          ident=text, groups=separator.join(str(g) for g in group_ids if g),
                          factors=separator.join(shown_factors) + (" …" if len(factor_groups) > 12 else ""))
            elif text:
                ends[end] = text
        if len(ends) < 2:
            continue
        pair = (ends["source"], ends["target"])
        if (pair[0] in group_ids) != (pair[1] in group_ids):
            check.say(prefix, "dependency_mixed", source=pair[0], target=pair[1])
            continue
        if pair[0] in factor_groups and pair[0] not in group_ids:  # a link of the factor network
            if pair[0] == pair[1]:
                check.say(prefix, "dependency_self", ident=pair[0])
            elif pair in seen:
                check.warn(prefix, f"dependency {pair[0]} → {pair[1]} is listed twice (also dependencies[{seen[pair]}])",
                           "each dependency once")
            else:
                seen[pair] = index
                factor_influencers.setdefault((pair[1], factor_groups[pair[0]]), set()).add(pair[0])
            continue
        if pair[0] == pair[1]:
            check.error(
                prefix,
                f"group {pair[0]!r} is declared to depend on itself",
                "a source and a target that differ (a group's own weight is always part of its dependence set)",
            )
        elif pair in seen:
            check.warn(prefix, f"dependency {pair[0]} → {pair[1]} is listed twice (also dependencies[{seen[pair]}])", "each dependency once")
        else:
            seen[pair] = index
            influencers.setdefault(pair[1], set()).add(pair[0])
    for target, sources in influencers.items():
        if len(sources) + 1 > MAX_COMPARISON_ITEMS:
            check.warn(
                "dependencies",
                _too_many(len(sources) + 1, f"groups in the dependence set of {target!r}"),
                "fewer influencing groups per target",
            )
    for (target, group), sources in factor_influencers.items():
        if len(sources) > MAX_COMPARISON_ITEMS:
            check.say("dependencies", "too_many_influencers", "warning", n=len(sources), group=group, factor=target,
                      limit=MAX_COMPARISON_ITEMS)


def _check_network_options(check: _Checker, data: Mapping[str, Any], dependencies: list[tuple[int, Mapping]] | None,
                           factor_groups: Mapping[str, str]) -> None:
    """``feedback`` is yes or no; ``cluster_weights`` one of :data:`CLUSTER_WEIGHTINGS`, used by a factor network."""
    if "feedback" in data and yes_no(data["feedback"]) is None:
        check.say("feedback", "feedback_not_yes_no", value=_show(data["feedback"]))
    value = data.get("cluster_weights")
    if value in (None, ""):  # an empty workbook cell keeps the default
        return
    if not isinstance(value, str) or value.strip() not in CLUSTER_WEIGHTINGS:
        check.say("cluster_weights", "cluster_weights_unknown", value=_show(value))
        return
    factor_links = [item for _, item in dependencies or ()
                    if _plain(item.get("source")) in factor_groups and _plain(item.get("target")) in factor_groups]
    if value.strip() != "compared" and not factor_links:
        check.say("cluster_weights", "cluster_weights_unused", "warning")


# ---- helpers ----------------------------------------------------------------------
def _check_keys(check: _Checker, data: Mapping, spec: Mapping[str, bool], *, prefix: str, what: str, skip: tuple = ()) -> None:
    """Missing required fields and unknown fields (with a guess at the intended one)."""
    for name, required in spec.items():
        if required and name not in data and name not in skip:
            check.error(_join(prefix, name), f"{what} has no {name!r}", f"a field {name!r}")
    for key in data:
        if key not in spec:
            guess = difflib.get_close_matches(str(key), list(spec), n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            check.error(_join(prefix, str(key)), f"unknown field {str(key)!r} in {what}{hint}", "one of " + ", ".join(spec))


def _check_list(check: _Checker, data: Mapping, name: str) -> list[tuple[int, Mapping]] | None:
    """The (index, mapping) items of a list field; None when absent or not a list."""
    if name not in data or (data[name] is None and not MODEL_FIELDS[name]):
        return None
    value = data[name]
    what = _LIST_FIELDS[name][0]
    if value is None or isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        check.error(name, f"{name!r} must be a list of {what} entries, got {_kind(value)}", f"a list of {what} entries, one per line starting with '- '")
        return None
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            check.error(f"{name}[{index}]", f"{what} {index + 1} must be a mapping of fields, got {_kind(item)}", "fields such as id, label_en, label_fa")
            continue
        items.append((index, item))
    return items


def _check_text(check: _Checker, path: str, value: Any, *, required: bool, what: str, what_fa: str = "") -> str | None:
    """A text field: a str (ints accepted), non-empty when required.  Returns the text or None.

    ``what_fa`` names the field in Persian for a checker in Persian (the model form)."""
    shown = what_fa if check.lang == "fa" and what_fa else what
    if value is None:
        if required:
            check.say(path, "empty", what=shown)
        return None if required else ""
    if isinstance(value, bool):
        check.error(
            path,
            f"{what} is {str(value).lower()}, not text (YAML reads yes/no/on/off/true/false as booleans)",
            "text; put it in quotes",
        )
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        check.warn(path, f"{what} was read as the number {value!r}; it is used as the text {_number_text(value)!r}", "text in quotes, e.g. \"1.10\"")
        return _number_text(value)
    if not isinstance(value, str):
        check.error(path, f"{what} must be text, got {_kind(value)}", "text")
        return None
    if required and not value.strip():
        check.say(path, "empty", what=shown)
        return ""
    control = _CONTROL_CHARACTERS.search(value)
    if control:
        # Excel files cannot hold them (the XML is invalid) and no label needs them.
        check.error(path, f"{what} contains the control character U+{ord(control.group()):04X}", "printable text (line breaks and tabs are fine)")
        return None
    return value.strip()


def _check_id_syntax(check: _Checker, path: str, ident: str, what: str, what_fa: str = "") -> None:
    shown = what_fa if check.lang == "fa" and what_fa else what
    if not _ID_PATTERN.fullmatch(ident):
        check.say(path, "bad_id", what=shown, ident=ident)
    elif ident in _RESERVED_IDS and what != "model id":
        check.say(path, "reserved_id", what=shown, ident=ident)


def _check_script(check: _Checker, path: str, text: str, lang: str, who: str) -> None:
    """Catch swapped language columns: a Persian label with no Persian letter, and vice versa."""
    if lang == "fa" and _LATIN_LETTERS.search(text) and not _PERSIAN_LETTERS.search(text):
        check.warn(path, f"the Persian label of {who} has no Persian letters: are the English and Persian columns swapped?", "a label in Persian script")
    elif lang == "en" and _PERSIAN_LETTERS.search(text) and not _LATIN_LETTERS.search(text):
        check.warn(path, f"the English label of {who} is in Persian script: are the English and Persian columns swapped?", "a label in English")


def _field_title(field_name: str, who: str) -> str:
    base, _, lang = field_name.rpartition("_")
    if lang in _LANGUAGE and base:
        noun = {"label": "label", "short": "short label", "title": "title", "goal": "goal", "description": "description", "tows_reason": "TOWS reason"}.get(base, base)
        return f"{_LANGUAGE[lang]} {noun} ({field_name}) of {who}" if who != "model" else f"{_LANGUAGE[lang]} {noun} ({field_name})"
    return f"{field_name} of {who}" if who != "model" else {"id": "model id", "version": "model version"}.get(field_name, field_name)


def _too_many(count: int, what: str) -> str:
    return f"{count} {what}: more than {MAX_COMPARISON_ITEMS} items is too many for a person to compare reliably"


def _split_advice(kind: str) -> str:
    return f"at most {MAX_COMPARISON_ITEMS} {kind} per comparison set; split into smaller groups"


def _one_of(options: list, fallback: str) -> str:
    shown = [o for o in options if isinstance(o, str) and o]
    return "one of " + ", ".join(shown) if shown else fallback


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _plain(value: Any) -> Any:
    """An id as text when it is text or an int (ints are accepted as ids), else unchanged."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _kind(value: Any) -> str:
    """A short description of a value's type, never its (possibly huge) repr."""
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (str, bytes)):
        return f"the text {_show(value)}"
    if isinstance(value, Sequence):
        return "a list"
    return f"{type(value).__name__} {_show(value)}"


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, (str, int, float, bool, type(None))) else f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "…"
