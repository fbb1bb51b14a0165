"""Results → the plain data a report template prints (dicts, lists, strings).

All numbers are formatted here, in the reader's digits; the templates only
loop and place strings (style.md §10).  User text (labels, expert names) stays
plain ``str``: Jinja2's autoescaping makes it inert in HTML and PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import numpy as np

from analysis.results import Results

from . import charts
from .formatting import format_int, format_number, format_percent, gregorian_date, jalali_date, localize_digits
from .robustness import ROBUSTNESS_TEXT, robustness_context
from .strings import text_for

__all__ = ["build_context", "REFERENCES", "CONSENSUS_BOUNDS"]

# Goepel (2013, 2018): S* < 0.5 very low, < 0.625 low, < 0.75 moderate, < 0.875 high, else very high.
CONSENSUS_BOUNDS = (0.5, 0.625, 0.75, 0.875)

REFERENCES = (
    "Saaty, T. L. (1980). The Analytic Hierarchy Process. New York: McGraw-Hill.",
    "Kurttila, M., Pesonen, M., Kangas, J., & Kajanus, M. (2000). Utilizing the analytic hierarchy process (AHP) "
    "in SWOT analysis — a hybrid method and its application to a forest-certification case (A'WOT). "
    "Forest Policy and Economics, 1(1), 41–52.",
    "Yüksel, İ., & Dağdeviren, M. (2007). Using the analytic network process (ANP) in a SWOT analysis — "
    "a case study for a textile firm. Information Sciences, 177(16), 3364–3382.",
    "Aguarón, J., & Moreno-Jiménez, J. M. (2003). The geometric consistency index: approximated thresholds. "
    "European Journal of Operational Research, 147(1), 137–145.",
    "Alonso, J. A., & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new approach. "
    "International Journal of Uncertainty, Fuzziness and Knowledge-Based Systems, 14(4), 445–459.",
    "Goepel, K. D. (2013). Implementing the analytic hierarchy process as a standard method for multi-criteria "
    "decision making in corporate enterprises — a new AHP Excel template with multiple inputs. "
    "Proceedings of the International Symposium on the Analytic Hierarchy Process (ISAHP 2013), Kuala Lumpur.",
    "Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities with the analytic "
    "hierarchy process. European Journal of Operational Research, 108(1), 165–169.",
)

# Saaty (1980), Table 1: the fundamental scale.
_SCALE = (
    ("1", "Equal importance", "اهمیت یکسان"),
    (3, "Moderate importance of one over another", "اهمیت اندک یکی بر دیگری"),
    (5, "Strong importance", "اهمیت قوی"),
    (7, "Very strong importance", "اهمیت بسیار قوی"),
    (9, "Extreme importance", "اهمیت مطلق"),
    ("2, 4, 6, 8", "Intermediate values between adjacent judgments", "مقادیر میانی بین دو قضاوت مجاور"),
    ("1/2 … 1/9", "Reciprocals: a_ji = 1 / a_ij", "معکوس‌ها: a_ji = 1 / a_ij"),
)

_FORMULAS = (
    ("A w = λmax w,  Σ wᵢ = 1", "Priorities: the principal right eigenvector of the judgment matrix A (Saaty 1980).",
     "اولویت‌ها: بردار ویژهٔ راست اصلی ماتریس قضاوت A (ساعتی ۱۹۸۰)."),
    ("CI = (λmax − n) / (n − 1),  CR = CI / RI(n)", "Consistency index and ratio; RI is the random index.",
     "شاخص و نرخ ناسازگاری؛ RI شاخص تصادفی است."),
    ("GCI = 2 / ((n − 1)(n − 2)) · Σi<j ln²(aᵢⱼ wⱼ / wᵢ)",
     "Geometric consistency index; thresholds 0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4) (Aguarón & Moreno-Jiménez 2003).",
     "شاخص سازگاری هندسی؛ آستانه‌ها ۰٫۳۱ برای \u2066n = 3\u2069، ۰٫۳۵ برای \u2066n = 4\u2069 و ۰٫۳۷ برای \u2066n > 4\u2069 (آگوارون و مورنو-خیمنز ۲۰۰۳)."),
    ("aᵢⱼᴳ = Πₖ (aᵢⱼ⁽ᵏ⁾)^λₖ", "AIJ: weighted geometric mean of the experts' judgments (λₖ: expert weights).",
     "AIJ: میانگین هندسی وزنی قضاوت‌های خبرگان (λₖ: وزن خبرگان)."),
    ("wᴳ = Σₖ λₖ w⁽ᵏ⁾", "AIP: weighted arithmetic mean of the experts' priorities.",
     "AIP: میانگین حسابی وزنی اولویت‌های خبرگان."),
    ("g_f = w_group(f) · l_f", "Global factor weight = group weight × local factor weight (Kurttila et al. 2000).",
     "وزن کلی عامل = وزن گروه × وزن محلی عامل (کورتیلا و همکاران ۲۰۰۰)."),
    ("s_a = Σ_f g_f · x_af", "Strategy score: global factor weights times the strategy's local scores.",
     "امتیاز راهبرد: وزن کلی عوامل ضرب در امتیاز محلی راهبرد."),
)

_STEPS = {
    "en": (
        "Each expert compares the SWOT groups with respect to the goal and the factors within each group on Saaty's 1–9 scale.",
        "Each expert's priorities and consistency (CR, GCI) are computed for every comparison set.",
        "The experts' judgments are aggregated into one group judgment per set, and group priorities derived from it.",
        "Global factor weights = group weight × local factor weight (A'WOT).",
        "Strategies are evaluated against every factor; their scores are the weighted sum over factors, and they are ranked.",
    ),
    "fa": (
        "هر خبره گروه‌های SWOT را نسبت به هدف، و عوامل درون هر گروه را با مقیاس ۱ تا ۹ ساعتی مقایسه می‌کند.",
        "اولویت‌ها و سازگاری (CR و GCI) هر خبره برای هر مجموعهٔ مقایسه محاسبه می‌شود.",
        "قضاوت‌های خبرگان در هر مجموعه به یک قضاوت گروهی تجمیع و اولویت‌های گروهی از آن استخراج می‌شود.",
        "وزن کلی عوامل = وزن گروه × وزن محلی عامل (A'WOT).",
        "راهبردها نسبت به هر عامل ارزیابی می‌شوند؛ امتیاز هر راهبرد مجموع وزنی بر روی عوامل است و رتبه‌بندی می‌شوند.",
    ),
}
_STEP_ANP = {
    "en": "Inner dependence among the groups (SWOT-ANP): group weights are multiplied by the inner dependence matrix (Yüksel & Dağdeviren 2007).",
    "fa": "وابستگی درونی میان گروه‌ها (SWOT-ANP): وزن گروه‌ها در ماتریس وابستگی درونی ضرب می‌شود (یوکسل و داغ‌دویرن ۲۰۰۷).",
}


def _item_label(results: Results, item_id: str, lang: str) -> str:
    return results.model_obj.label(item_id, lang)


def _short_label(results: Results, item_id: str, lang: str, limit: int = 38) -> str:
    """Chart label: the id and the short label (or the label cut at a word)."""
    model = results.model_obj
    item = next((x for x in (*model.factors, *model.strategies) if x.id == item_id), None)
    if item is None:
        return model.label(item_id, lang)
    short = item.short_fa if lang == "fa" else item.short_en
    text = short or (item.label_fa if lang == "fa" else item.label_en)
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut + "…"
    return f"{item_id} {text}"


def _set_title(results: Results, set_id: str, lang: str, *, short: bool = False) -> str:
    t = text_for(lang)
    kind, _, ref = set_id.partition(":")
    if kind == "groups":
        return t["group_weights"] if not short else ("گروه‌ها" if lang == "fa" else "Groups")
    if kind == "factors":
        return _item_label(results, ref, lang)
    if kind == "dependence":
        word = "وابستگی" if lang == "fa" else "dependence"
        return f"{word} {ref}" if short else f"{word}: {_item_label(results, ref, lang)}"
    if kind == "strategies":
        return ref if short else f"{t['strategy']} / {_item_label(results, ref, lang)}"
    return set_id


def _band(s_star: float, lang: str) -> str:
    words = text_for(lang)["consensus_bands"].split("|")
    return words[sum(s_star >= b for b in CONSENSUS_BOUNDS)]


def _chunks(seq, size):
    return [seq[i : i + size] for i in range(0, len(seq), size)]


def build_context(
    results: Results,
    lang: str = "fa",
    *,
    title: str | None = None,
    client: str | None = None,
    when: date | datetime | None = None,
    charts_enabled: bool = True,
) -> dict:
    """Everything the report templates print, formatted for ``lang``.

    ``title`` defaults to the model title; ``client`` (the organisation the
    report is prepared for) is optional; ``when`` defaults to today.
    """
    t = text_for(lang)
    model = results.model_obj
    when = when or date.today()
    num = lambda x, d=3: format_number(x, lang, d)  # noqa: E731
    opts = results.options
    threshold = num(opts["cr_threshold"], 2)
    n_experts = len(results.experts)
    retained = [k for k, e in enumerate(results.experts) if not e.excluded]

    # ---- ranking ---------------------------------------------------------------
    order = np.argsort(results.ranks, kind="stable")
    top_score = float(results.strategy_scores.max()) if len(results.strategy_scores) else 1.0
    ranking = [
        {
            "rank": localize_digits(str(int(results.ranks[k])), lang),
            "id": results.strategy_ids[k],
            "label": _item_label(results, results.strategy_ids[k], lang),
            "score": num(results.strategy_scores[k]),
            "bar": f"{100 * results.strategy_scores[k] / top_score:.1f}" if top_score > 0 else "0",
            "top": int(results.ranks[k]) == 1,
            "p_first": "",  # set below when the results carry a Monte Carlo
        }
        for k in order
    ]

    # ---- SWOT matrix -----------------------------------------------------------------
    group_ids = results.group_ids
    groups = []
    for gi, g in enumerate(group_ids):
        factor_rows = [
            {
                "id": f,
                "label": _item_label(results, f, lang),
                "local": num(results.local_factor_weights[k]),
                "global": num(results.global_factor_weights[k]),
            }
            for k, f in enumerate(results.factor_ids)
            if results.model["factors"][k]["group"] == g
        ]
        groups.append(
            {
                "id": g,
                "label": _item_label(results, g, lang),
                "weight": num(results.group_weights[gi]),
                "weight_dependent": (
                    num(results.dependent_group_weights[gi]) if results.dependent_group_weights is not None else ""
                ),
                "colour": charts.group_colour(g, gi),
                "css": g.lower() if g in charts.GROUP_COLOURS else "other",
                "factors": factor_rows,
            }
        )
    swot_rows = _chunks(groups, 2)

    # ---- consistency ---------------------------------------------------------------------
    sets = results.sets
    n_matrices = sum(len(s.cr) for s in sets)
    n_ok = sum(int(np.sum(s.consistent)) for s in sets)
    consistency_tables = []
    for chunk in _chunks(list(sets), 7):
        rows = []
        for k, e in enumerate(results.experts):
            rows.append(
                {
                    "id": e.id,
                    "name": e.name,
                    "role": e.role,
                    "excluded": e.excluded,
                    "cells": [
                        {
                            "cr": num(s.cr[k]),
                            "gci": num(s.gci[k]),
                            "flag": not bool(s.consistent[k]),
                            "partial": int(s.answered[k]) < s.n_pairs,
                        }
                        for s in chunk
                    ],
                }
            )
        consistency_tables.append(
            {
                "headers": [
                    {"short": _set_title(results, s.id, lang, short=True), "title": _set_title(results, s.id, lang)}
                    for s in chunk
                ],
                "rows": rows,
            }
        )
    excluded = [
        {
            "id": e.id,
            "name": e.name,
            "reason": "، ".join(
                f"{_set_title(results, s.id, lang, short=True)}: CR {num(s.cr[k])}"
                for s in sets
                if not s.consistent[k]
            )
            if lang == "fa"
            else ", ".join(
                f"{_set_title(results, s.id, lang, short=True)}: CR {num(s.cr[k])}" for s in sets if not s.consistent[k]
            ),
        }
        for k, e in enumerate(results.experts)
        if e.excluded
    ]

    consensus = [
        {
            "title": _set_title(results, s.id, lang),
            "items": ", ".join(s.items),
            "s_star": num(s.s_star),
            "band": _band(s.s_star, lang) if np.isfinite(s.s_star) else "",
            "kendall_w": num(s.kendall_w),
            "aggregated_cr": num(s.aggregated_cr) if s.aggregated_cr is not None else "–",
        }
        for s in sets
    ]

    # ---- summary -----------------------------------------------------------------------------
    agg_crs = [s.aggregated_cr for s in sets if s.aggregated_cr is not None and s.n_pairs >= 3]
    n_pairs = sum(s.n_pairs for s in sets)
    n_ratings = len(results.strategy_ids) * len(results.factor_ids) if model.evaluation == "ratings" else 0
    summary_lines = [
        t["summary_panel"].format(
            n=format_int(n_experts, lang), pairs=format_int(n_pairs, lang), ratings=format_int(n_ratings, lang)
        )
    ]
    if excluded:
        summary_lines.append(t["summary_excluded"].format(n=format_int(len(excluded), lang), threshold=threshold))
    share = format_percent(n_ok / n_matrices if n_matrices else float("nan"), lang)
    if agg_crs:
        summary_lines.append(
            t["summary_consistency"].format(share=share, threshold=threshold, low=num(min(agg_crs)), high=num(max(agg_crs)))
        )
    else:
        summary_lines.append(t["summary_consistency_aip"].format(share=share, threshold=threshold))
    group_set = results.set("groups")
    if np.isfinite(group_set.s_star):
        summary_lines.append(
            t["summary_consensus"].format(s_star=num(group_set.s_star), band=_band(group_set.s_star, lang))
        )
    summary_lines.append(
        t["summary_groups"].format(
            groups="، ".join(f"{g['label']} {g['weight']}" for g in groups)
            if lang == "fa"
            else ", ".join(f"{g['label']} {g['weight']}" for g in groups)
        )
    )

    # ---- method and choices ------------------------------------------------------------------------
    weights = [e.weight for e in results.experts]
    equal = np.allclose(weights, weights[0]) if weights else True
    choices = [
        (t["opt_method"], t[f"opt_method_{opts['method']}"]),
        (t["opt_aggregation"], t[f"opt_aggregation_{opts['aggregation']}"]),
        (t["opt_ri"], t[f"opt_ri_{opts['ri_table']}"]),
        (t["opt_threshold"], threshold),
        (t["opt_exclude"], t["yes"] if opts["exclude_inconsistent"] else t["no"]),
        (t["opt_synthesis"], t.get(f"opt_synthesis_{opts.get('synthesis')}", str(opts.get("synthesis", "")))),
        (t["opt_expert_weights"], t["opt_expert_weights_equal"] if equal else t["opt_expert_weights_given"]),
        (t["opt_model_hash"], f"{results.model_id} {results.model_version} · {results.model_hash}"),
        (t["opt_software"], f"rahbord {results.software_version}"),
        (t["opt_created"], results.created),
    ]
    steps = list(_STEPS[lang])
    if results.is_network:
        steps.insert(3, _STEP_ANP[lang])

    # ---- data appendix -----------------------------------------------------------------------------------
    data_tables = []
    for s in sets:
        items = [i for i in s.items]
        table = {
            "title": _set_title(results, s.id, lang),
            "columns": items,
            "labels": [(i, _item_label(results, i, lang)) for i in s.items],
            "weights": [num(w) for w in s.weights],
            "cr": t["cr_of_aggregate"].format(cr=num(s.aggregated_cr)) if s.aggregated_cr is not None else "",
            "rows": [],
        }
        if s.matrix is not None and len(items) <= 10:
            table["rows"] = [[num(v, 3) for v in row] for row in s.matrix]
        data_tables.append(table)

    inner = None
    if results.inner_dependence is not None:
        inner = {
            "columns": [g for g in group_ids],
            "rows": [[num(v) for v in row] for row in results.inner_dependence],
        }

    # ---- charts ---------------------------------------------------------------------------------------------
    chart_uris = {}
    if charts_enabled:
        chart_uris = _charts(results, lang, groups)

    # ---- robustness (computed with the analysis, saved in results.json) ---------------------------------------
    robustness = None
    if results.robustness is not None:
        robustness = robustness_context(
            results.robustness, results, lang, charts_enabled=charts_enabled, section_class="chapter",
            title=ROBUSTNESS_TEXT[lang]["robustness_report"],
        )
        mc = results.robustness.monte_carlo
        if mc is not None:
            for s in ranking[:3]:
                if s["id"] in mc.strategy_ids:
                    p = mc.p_first[mc.strategy_ids.index(s["id"])]
                    s["p_first"] = t["kpi_p_first"].format(p=format_percent(p, lang))

    ev = "evaluation_ratings" if model.evaluation == "ratings" else "evaluation_pairwise"
    kind = t["report_kind_anp"] if results.is_network else t["report_kind"]
    return {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "t": t,
        "title": title or (model.title_fa if lang == "fa" else model.title_en),
        "kind": kind,
        "goal": model.goal_fa if lang == "fa" else model.goal_en,
        "client": client or "",
        "date_gregorian": gregorian_date(when, lang),
        "date_jalali": jalali_date(when, lang),
        "panel": t["experts_n"].format(n=format_int(n_experts, lang)),
        "panel_used": t["experts_used"].format(n=format_int(len(retained), lang), total=format_int(n_experts, lang)),
        "model_version": f"{results.model_id} {results.model_version}",
        "model_hash": results.model_hash,
        "software": f"rahbord {results.software_version}",
        "top": ranking[:3],
        "summary_lines": summary_lines,
        "robustness": robustness,
        "robust_lines": robustness["lines"] if robustness else [],
        "groups": groups,
        "swot_rows": swot_rows,
        "ranking": ranking,
        "ranking_note": t["ranking_note"].format(evaluation=t[ev]),
        "consistency_note": t["consistency_note"].format(ri=t[f"opt_ri_{opts['ri_table']}"], threshold=threshold),
        "consistency_tables": consistency_tables,
        "excluded": excluded,
        "exclude_mode": bool(opts["exclude_inconsistent"]),
        "consensus": consensus,
        "inner": inner,
        "scale": [
            (localize_digits(str(v), lang), fa if lang == "fa" else en) for v, en, fa in _SCALE
        ],
        "formulas": [(f, fa if lang == "fa" else en) for f, en, fa in _FORMULAS],
        "steps": steps,
        "choices": choices,
        "references": REFERENCES,
        "data_title": t["data"] if any(d["rows"] for d in data_tables) else t["data_aip"],
        "data_tables": data_tables,
        "notes": [localize_digits(n, lang) for n in results.notes],
        "charts": chart_uris,
    }


def _charts(results: Results, lang: str, groups: list[Mapping]) -> dict[str, str]:
    t = text_for(lang)
    colour_of = {g["id"]: g["colour"] for g in groups}
    group_bars = [charts.Bar(g["label"], float(w), g["colour"]) for g, w in zip(groups, results.group_weights)]
    order = np.argsort(-results.global_factor_weights, kind="stable")
    factor_bars = [
        charts.Bar(
            _short_label(results, results.factor_ids[k], lang),
            float(results.global_factor_weights[k]),
            colour_of[results.model["factors"][k]["group"]],
        )
        for k in order
    ]
    s_order = np.argsort(results.ranks, kind="stable")
    strategy_bars = [
        charts.Bar(
            _short_label(results, results.strategy_ids[k], lang),
            float(results.strategy_scores[k]),
            charts.HIGHLIGHT if int(results.ranks[k]) == 1 else charts.MUTED,
        )
        for k in s_order
    ]
    legend = [(g["label"], g["colour"]) for g in groups]
    # The long bar labels of the factor and strategy charts are HTML printed over
    # the chart (charts.bar_chart_html_labels): far cheaper for WeasyPrint than SVG text.
    factors = charts.bar_chart_html_labels(
        factor_bars, lang, width_cm=17, bar_height_cm=0.42, label_fraction=0.42, legend=legend
    )
    strategies = charts.bar_chart_html_labels(
        strategy_bars, lang, width_cm=17, bar_height_cm=0.5, label_fraction=0.42
    )
    return {
        "groups": charts.svg_data_uri(
            charts.bar_chart(group_bars, lang, width_cm=16, bar_height_cm=0.75, label_fraction=0.2)
        ),
        "factors": factors["uri"],
        "factors_labels": factors["labels"],
        "strategies": strategies["uri"],
        "strategies_labels": strategies["labels"],
        "label_side": factors["side"],
        "alt_groups": t["group_weights"],
        "alt_factors": t["global_weights"],
        "alt_strategies": t["ranking"],
    }
