"""The method: the steps of SWOT-AHP (or SWOT-ANP), Saaty's scale, the formulas,
every choice the analysis made (method, aggregation, RI table, …) and the references."""

from __future__ import annotations

import numpy as np

import mcda
from analysis.results import Results
from criteria.catalogue import texts

from ..formatting import format_number, gregorian_date, jalali_date, localize_digits, localize_version, software_label
from ..strings import text_for
from .base import Chapter, Settings
from .labels import item_label

__all__ = ["CHAPTER", "REFERENCES", "REFERENCES_FA", "build"]

#: The method page's words: the works cited (English, and as a Persian reader meets them: authors as Persian
#: papers write them, titles in Persian, Persian digits), Saaty's (1980, Table 1) fundamental scale, each formula
#: with its explanation and the same formula in Persian words (a Persian page has no Latin), the steps.  They are the
#: ``method_page.*`` entries of the message catalogue (:mod:`criteria.catalogue`).
_PAGE = texts("method_page")
_EN, _FA = _PAGE["en"], _PAGE["fa"]
REFERENCES = _EN["reference"]
REFERENCES_FA = _FA["reference"]
_REFERENCE_POSITION, _REFERENCE_POSITION_FA = _EN["reference_position"], _FA["reference_position"]
_SCALE = tuple((value, _EN["scale"][k], _FA["scale"][k])
               for k, value in enumerate(("1", 3, 5, 7, 9, "2, 4, 6, 8", "1/2 … 1/9")))


def _formula(key: str) -> tuple[str, str, str, str]:
    """(formula, English explanation, Persian explanation, the formula in Persian words)."""
    return _EN[f"{key}.words"], _EN[f"{key}.explanation"], _FA[f"{key}.explanation"], _FA[f"{key}.words"]


_FORMULAS = tuple(_formula(f"formula.{k}") for k in range(6))
_FORMULA_POSITION = _formula("formula_position")
#: the priority methods' formulas and sources in Persian words (the registry's are in Latin symbols)
_METHOD_FORMULA_FA = {name: (_FA[f"priority.{name}.words"], _FA[f"priority.{name}.source"])
                      for name in ("eigen", "geometric")}
_STEPS = {lang: words["steps"] for lang, words in _PAGE.items()}
# Kurttila et al. (2000), A'WOT step 3: the groups are compared through their most important factors.
_STEP_KURTTILA = {lang: words["step_kurttila"] for lang, words in _PAGE.items()}
_STEP_KURTTILA_SCALING = {lang: words["step_kurttila_scaling"] for lang, words in _PAGE.items()}
_STEP_ANP = {lang: words["step_anp"] for lang, words in _PAGE.items()}
# IFE / EFE, the IE matrix and the strategic position (reports/chapters/position.py), when the panel rated them
_STEP_POSITION = {lang: words["step_position"] for lang, words in _PAGE.items()}


def _representatives(results: Results, lang: str, group_weighting: str) -> list[tuple[str, str]]:
    """Under Kurttila's weighting, the factor that stands for each group (the panel's highest local priority)."""
    if group_weighting != "kurttila":
        return []
    groups = [results.group_ids.index(f["group"]) for f in results.model["factors"]]
    chosen = mcda.representative_factors(results.local_factor_weights, groups)
    sep = "؛ " if lang == "fa" else "; "
    return [(text_for(lang)["opt_representatives"],
             sep.join(f"{item_label(results, g, lang)}: {item_label(results, results.factor_ids[int(k)], lang)}"
                      for g, k in zip(results.group_ids, chosen)))]


def _method_formula(name: str, lang: str) -> tuple[str, str]:
    """The chosen priority method's formula and explanation, as its registry entry gives them."""
    option = mcda.PRIORITY_METHODS.get(name)
    if option is None:
        return ("", localize_digits(str(name), lang))
    heading = _PAGE["fa" if lang == "fa" else "en"]["priorities"]
    if lang == "fa":
        formula, source = _METHOD_FORMULA_FA.get(name, ("", ""))
        return (formula, f"{heading}: {option.description(lang)} ({source})" if source else f"{heading}: {option.description(lang)}")
    return (option.formula, f"{heading}: {option.description(lang)} ({option.reference})" if option.reference
            else f"{heading}: {option.description(lang)}")


def computed_at(created: str, lang: str) -> str:
    """When the results were computed: a Jalali date and Tehran time in Persian, a UTC date and time in English."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    try:
        when = datetime.fromisoformat(created)
    except (TypeError, ValueError):
        return localize_digits(str(created), lang)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    if lang == "fa":
        local = when.astimezone(ZoneInfo("Asia/Tehran"))
        return _FA["computed_at"].format(date=jalali_date(local, "fa"), time=localize_digits(local.strftime("%H:%M"), "fa"))
    utc = when.astimezone(timezone.utc)
    return _EN["computed_at"].format(date=gregorian_date(utc, "en"), time=utc.strftime("%H:%M"))


def _model_version(results: Results, lang: str) -> str:
    """The model's id, version and hash; in Persian its title and version (an id and a hex hash are Latin)."""
    if lang != "fa":
        return f"{results.model_id} {results.model_version} · {results.model_hash}"
    version = _FA["version"].format(version=localize_version(results.model_version, lang))
    title = results.model.get("title_fa") or ""
    return f"{title}، {version}" if title else version


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    opts = results.options
    weights = [e.weight for e in results.experts]
    equal = np.allclose(weights, weights[0]) if weights else True
    def chosen(field: str) -> str:
        option = mcda.OPTION_REGISTRIES[field].get(opts.get(field))
        if option is None:  # results saved by a version that offered a choice this one does not
            return localize_digits(str(opts.get(field, "")), lang)
        return f"{option.label(lang)} — {option.description(lang)}" if option.description(lang) else option.label(lang)

    # results saved before the group weighting was a choice compared the groups directly
    opts = {**opts, "group_weighting": opts.get("group_weighting") or "direct"}
    choices = [
        (mcda.GROUP_WEIGHTINGS.title(lang), chosen("group_weighting")),
        *_representatives(results, lang, opts["group_weighting"]),
        (mcda.PRIORITY_METHODS.title(lang), chosen("method")),
        (mcda.AGGREGATIONS.title(lang), chosen("aggregation")),
        (mcda.RI_TABLES.title(lang), chosen("ri_table")),
        (t["opt_threshold"], format_number(opts["cr_threshold"], lang, 2)),
        (t["opt_exclude"], t["yes"] if opts["exclude_inconsistent"] else t["no"]),
        (mcda.SYNTHESIS_MODES.title(lang), chosen("synthesis")),
        # named only when asked for, so a crisp-only report reads as before
        *([(mcda.FUZZY_METHODS.title(lang), chosen("fuzzy"))] if opts.get("fuzzy", "none") != "none" else []),
        (t["opt_expert_weights"], t["opt_expert_weights_equal"] if equal else t["opt_expert_weights_given"]),
        (t["opt_model_hash"], _model_version(results, lang)),
        (t["opt_software"], software_label(results.software_version, lang)),
        (t["opt_created"], computed_at(results.created, lang)),
    ]
    steps = list(_STEPS[lang])
    if opts["group_weighting"] == "kurttila":
        steps[0], steps[3] = _STEP_KURTTILA[lang], _STEP_KURTTILA_SCALING[lang]
    if results.inner_dependence is not None:
        steps.insert(3, _STEP_ANP[lang])
    if results.network is not None:
        steps.insert(4 if results.inner_dependence is not None else 3, t["method_step_network"])
    formulas = [(formula_fa, fa) if lang == "fa" else (f, en) for f, en, fa, formula_fa in _FORMULAS]
    references = REFERENCES_FA if lang == "fa" else REFERENCES
    if results.network is not None:
        references = (*references, t["reference_network"])
    if results.position is not None:
        steps.append(_STEP_POSITION[lang])
        formula, en, fa, formula_fa = _FORMULA_POSITION
        formulas.append((formula_fa, fa) if lang == "fa" else (formula, en))
        references = (*references, _REFERENCE_POSITION_FA if lang == "fa" else _REFERENCE_POSITION)
    return {
        "contents": [t["method"]],
        "steps": steps,
        "scale": [(localize_digits(str(v), lang), fa if lang == "fa" else en) for v, en, fa in _SCALE],
        "formulas": [_method_formula(opts["method"], lang)] + formulas,
        "choices": choices,
        "references": references,
    }


CHAPTER = Chapter("method", "report/method.html.j2", build)
