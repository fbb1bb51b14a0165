"""The scenario comparison report: context, charts and rendering (HTML and PDF).

It reuses the main report's machinery — the Jinja2 environment and asset
fetcher (:mod:`reports.render`), the stylesheet (``report/print.css``), chart
styling and Persian shaping (:mod:`reports.charts`), and number formatting in
the reader's digits (:mod:`reports.formatting`), the robustness section
(:mod:`reports.robustness`, shared with the main report) — and adds the
comparison's own wording and a rank-change (bump) chart.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import numpy as np

from criteria.catalogue import texts
from mcda.errors import ReportError

from . import charts
from .formatting import (format_int, format_number, format_percent, gregorian_date, jalali_date, localize_digits,
                         localize_version, software_label)
from .render import PACKAGED_TEMPLATES, AssetFetcher, _atomic_write, template_env
from .robustness import (
    LINE_COLOURS,
    ROBUSTNESS_TEMPLATE,
    ROBUSTNESS_TEXT,
    _label,
    _sep,
    robustness_context,
    sweep_chart,
)
from .chapters.labels import named, short_label, short_name
from .strings import text_for

__all__ = ["COMPARE_TEXT", "build_compare_context", "robustness_context", "render_compare_html",
           "write_compare_report", "bump_chart", "sweep_chart", "COMPARE_TEMPLATE", "ROBUSTNESS_TEMPLATE"]

COMPARE_TEMPLATE = "compare/compare.html.j2"

#: the comparison's own words per language, from the catalogue's ``compare.*`` entries (:mod:`criteria.catalogue`)
_COMPARE_ONLY = texts("compare")


#: the comparison's wording, with the robustness section's (shared with the main report)
COMPARE_TEXT = {lang: {**_COMPARE_ONLY[lang], **ROBUSTNESS_TEXT[lang]} for lang in _COMPARE_ONLY}


def _arrow(change: float, lang: str) -> tuple[str, str]:
    """(text, css class) for a rank change (positive = moved up)."""
    if not np.isfinite(change) or change == 0:
        return "", ""
    text = f"▲{abs(int(change))}" if change > 0 else f"▼{abs(int(change))}"
    return localize_digits(text, lang), "up" if change > 0 else "down"


def build_compare_context(comparison, lang: str = "fa", *, title: str | None = None, when=None,
                          robustness=None, charts_enabled: bool = True) -> dict:
    """Everything the comparison template prints, formatted for ``lang`` (numbers in the reader's digits)."""
    t = text_for(lang)
    c = COMPARE_TEXT[lang]
    base = comparison.results[0]
    model = base.model_obj
    num = lambda x, d=3: format_number(x, lang, d)  # noqa: E731
    rank_text = lambda r: localize_digits(str(int(r)), lang) if np.isfinite(r) else "–"  # noqa: E731
    names = [c["baseline"] if k == 0 and n == "baseline" else n for k, n in enumerate(comparison.names)]
    sep = _sep(lang)
    name_of = lambda sid: named(base, sid, lang) if sid in model.strategy_ids else sid
    top_names = [" = ".join(name_of(s) for s in top.split("=")) for top in comparison.top]

    scenarios = []
    panel_lines = []
    for k, name in enumerate(names):
        changes = list(comparison.changes[k]) if k < len(comparison.changes) else []
        panel = _panel(comparison, k)
        scenarios.append({
            "name": name,
            "description": comparison.descriptions[k] if k < len(comparison.descriptions) else "",
            "changes": changes or [c["no_changes"]],
            "experts": (c["experts_of"].format(n=format_int(panel["kept"], lang), total=format_int(panel["total"], lang))
                        if panel["left_out"] else format_int(panel["kept"], lang)),
            # the name alone (a table cell, the present mode's headline); the code goes beside it as a small tag
            "top": " = ".join(short_name(base, sid, lang) if sid in model.strategy_ids else sid
                              for sid in comparison.top[k].split("=")),
            "top_ids": [sid for sid in comparison.top[k].split("=") if sid in model.strategy_ids],
        })
        if panel["left_out"]:
            who = sep.join(f"{e.name or e.id} ({c['left_out_inconsistent'] if inconsistent else c['left_out_by_scenario']})"
                           for e, inconsistent in panel["left_out"])
            line = c["left_out"].format(scenario=f"\u2068{name}\u2069", n=format_int(len(panel["left_out"]), lang),
                                        total=format_int(panel["total"], lang), who=who)
            if k > 0:
                line += " " + (c["top_same"].format(s=top_names[k]) if comparison.top[k] == comparison.top[0]
                               else c["top_changed"].format(before=top_names[0], after=top_names[k]))
            panel_lines.append(line)

    order = np.argsort(comparison.ranks[0], kind="stable")
    moves = comparison.rank_changes()
    ranking_rows = []
    for a in order:
        cells = []
        for k in range(len(names)):
            arrow, css = _arrow(moves[k, a], lang) if k > 0 else ("", "")
            cells.append({"rank": rank_text(comparison.ranks[k, a]),
                          "score": num(comparison.scores[k, a]) if np.isfinite(comparison.scores[k, a]) else "",
                          "arrow": arrow, "css": css, "top": comparison.ranks[k, a] == 1})
        sid = comparison.strategy_ids[a]
        ranking_rows.append({"id": sid, "label": short_name(base, sid, lang), "cells": cells})

    group_rows = []
    for g, gid in enumerate(comparison.group_ids):
        w = comparison.group_weights[:, g]
        group_rows.append({"id": gid, "label": _label(model, gid, lang),
                           "cells": [{"value": num(w[k]), "delta": (num(w[k] - w[0]) if k else ""),
                                      "css": ("up" if w[k] - w[0] > 5e-4 else "down" if w[k] - w[0] < -5e-4 else "") if k else ""}
                                     for k in range(len(names))]})
    deltas = comparison.factor_weights - comparison.factor_weights[0]
    biggest = np.argsort(-np.nanmax(np.abs(deltas), axis=0), kind="stable")[:8]
    factor_rows = [
        {"id": comparison.factor_ids[f], "label": short_name(base, comparison.factor_ids[f], lang),
         "base": num(comparison.factor_weights[0, f]),
         "cells": [{"value": num(deltas[k, f]),
                    "css": "up" if deltas[k, f] > 5e-4 else "down" if deltas[k, f] < -5e-4 else ""}
                   for k in range(1, len(names))]}
        for f in biggest if np.nanmax(np.abs(deltas[:, f])) > 0
    ]
    correlation_rows = [
        {"name": names[k], **{m: num(comparison.correlations[m][k]) for m in ("weighted_spearman", "ws", "kendall_tau")}}
        for k in range(1, len(names))
    ]

    robust = comparison.robust_conclusions()
    label_list = lambda ids: sep.join(name_of(i) for i in ids)
    pair = lambda a, b: f"\u2068{name_of(a)} > {name_of(b)}\u2069" if lang == "fa" else f"{name_of(a)} > {name_of(b)}"
    conclusions = []
    if robust["always_first"]:
        conclusions.append(c["always_first"].format(s=label_list(robust["always_first"])))
    else:
        # each "name: top" isolated (FSI … PDI): Latin names in a Persian sentence keep their order
        tops = sep.join(f"\u2068{n}: {tp}\u2069" for n, tp in zip(names, top_names))
        conclusions.append(c["not_same_top"].format(tops=tops))
    if robust["always_top_k"]:
        conclusions.append(c["always_top_k"].format(k=localize_digits(str(robust["top_k"]), lang),
                                                    s=label_list(robust["always_top_k"])))
    if robust["always_last"]:
        conclusions.append(c["always_last"].format(s=label_list(robust["always_last"])))
    if robust["stable_rank"]:
        conclusions.append(c["stable_rank"].format(s=label_list(robust["stable_rank"])))
    if robust["pairs"]:
        conclusions.append(c["pairs"].format(pairs=sep.join(pair(a, b) for a, b in robust["pairs"])))
    if robust["top_group"]:
        conclusions.append(c["top_group"].format(g=_label(model, robust["top_group"], lang)))

    context = {
        "lang": lang,
        "dir": "rtl" if lang == "fa" else "ltr",
        "t": t,
        "c": c,
        "title": title or (model.title_fa if lang == "fa" else model.title_en),
        "goal": model.goal_fa if lang == "fa" else model.goal_en,
        "date": jalali_date(when or date.today(), lang) if lang == "fa" else gregorian_date(when or date.today(), lang),
        "model_version": f"{base.model_id} {base.model_version}",
        "model_hash": base.model_hash,
        "model_name": _COMPARE_ONLY["fa" if lang == "fa" else "en"]["model_name_version"].format(
            title=model.title_fa if lang == "fa" else model.title_en,
            version=localize_version(base.model_version, lang)),
        "software": software_label(base.software_version, lang),
        "names": names,
        "scenarios": scenarios,
        "ranking_rows": ranking_rows,
        "group_rows": group_rows,
        "factor_rows": factor_rows,
        "correlation_rows": correlation_rows,
        "conclusions": conclusions,
        "panel_lines": panel_lines,
        "robustness": (robustness_context(robustness, base, lang, charts_enabled=charts_enabled)
                       if robustness is not None else None),
        "charts": {},
    }
    if charts_enabled:
        labels = [short_label(base, sid, lang, limit=24) for sid in comparison.strategy_ids]
        context["charts"]["bump"] = charts.svg_data_uri(bump_chart(names, labels, comparison.ranks, lang))
    return context


def _panel(comparison, k: int) -> dict:
    """Who run ``k`` left out: ``total`` experts on its panel, ``kept``, and ``left_out`` as (expert, inconsistent?).

    A scenario on the baseline's panel (``exclude_experts``, ``experts``: the
    same ids from the same workbooks) is counted against the baseline's
    experts; one with its own responses against its own panel.  Experts excluded for inconsistency are flagged in the run's
    results either way.
    """
    base, run = comparison.results[0], comparison.results[k]
    run_ids = {e.id for e in run.experts}
    # the same experts means the same ids read from the same workbooks (another panel may reuse ids E01 …)
    same_panel = {(e.id, e.source_file) for e in run.experts} <= {(e.id, e.source_file) for e in base.experts}
    panel = base.experts if same_panel else run.experts
    excluded = {e.id for e in run.experts if e.excluded}
    left_out = [(e, e.id in excluded) for e in panel if e.id not in run_ids or e.id in excluded]
    return {"total": len(panel), "kept": len(panel) - len(left_out), "left_out": left_out}


# ------------------------------------------------------------------------------------------------ charts
def bump_chart(names, labels, ranks: np.ndarray, lang: str, *, width_cm: float = 17.0) -> str:
    """Rank of each strategy (lines) across the runs (x axis); rank 1 on top; ``labels`` (id and short name) beside the lines. SVG text."""
    from .svg import CM, Svg

    R, S = ranks.shape
    rtl = lang == "fa"
    width, height = width_cm * CM, (2.2 + 0.55 * S) * CM
    svg = Svg(width, height, font_family=charts.font_family(lang))
    # room for the rank numbers at the outer edge and the strategies' names beside the first and the last run
    # (about half an em a character at 7.5 pt)
    margin = min(0.3 * width, max(0.09 * width, 22 + 0.5 * 7.5 * max((len(x) for x in labels), default=0)))
    left, right, top, bottom = margin, width - margin, 0.06 * height, 0.84 * height
    finite = ranks[np.isfinite(ranks)]
    worst = int(finite.max()) if finite.size else 1
    x_of = lambda i: left + (R - 1 - i + 0.5) / R * (right - left) if rtl else left + (i + 0.5) / R * (right - left)  # noqa: E731
    y_of = lambda r: top + (r - 0.5) / worst * (bottom - top)  # noqa: E731
    for r in range(1, worst + 1):
        svg.line(left, y_of(r), right, y_of(r), "#eeeeee", 0.5)
        svg.text(width - 2 if rtl else 2, y_of(r), format_number(r, lang, 0), 8.5,
                 anchor="end" if rtl else "start", fill="#5f6368")
    svg.line(left, bottom, right, bottom, "#888888", 0.6)
    for i, name in enumerate(names):
        svg.line(x_of(i), bottom, x_of(i), bottom + 3, "#444444", 0.6)
        svg.text(x_of(i), bottom + 10, charts.shape_text(name, lang), 7.5, anchor="middle", fill="#444444")
    step = (right - left) / R
    for a in range(S):
        colour = LINE_COLOURS[a % len(LINE_COLOURS)]
        runs = [i for i in range(R) if np.isfinite(ranks[i, a])]
        if not runs:
            continue
        points = [(x_of(i), y_of(ranks[i, a])) for i in runs]
        svg.path(points, colour, 1.6)
        for x, y in points:
            svg.dot(x, y, 2.0, colour)
        (x0, y0), (x1, y1) = points[0], points[-1]
        # the label beside the first and the last run, outside the line
        before, after = (1, -1) if rtl else (-1, 1)
        text = charts.shape_text(labels[a], lang)
        svg.text(x0 + before * 0.08 * step, y0, text, 7.5, anchor="start" if rtl else "end", fill=colour)
        svg.text(x1 + after * 0.08 * step, y1, text, 7.5, anchor="end" if rtl else "start", fill=colour)
    return svg.to_string()


# --------------------------------------------------------------------------------------------- rendering
def render_compare_html(comparison, lang: str = "fa", *, template_dir=None, context: dict | None = None, **kwargs) -> str:
    """The comparison report as one standalone HTML document."""
    from jinja2 import TemplateError

    context = context or build_compare_context(comparison, lang, **kwargs)
    try:
        return template_env(template_dir).get_template(COMPARE_TEMPLATE).render(**context)
    except TemplateError as error:
        raise ReportError(f"the comparison template failed: {error}") from error


def write_compare_report(comparison, out_dir, lang: str = "fa", *, stem: str = "comparison", pdf: bool = True,
                         template_dir=None, title: str | None = None, when: date | datetime | None = None,
                         robustness=None) -> dict[str, Path]:
    """``<stem>.html`` (and ``<stem>.pdf``) in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_compare_html(comparison, lang, template_dir=template_dir, title=title, when=when, robustness=robustness)
    written = {"html": out_dir / f"{stem}.html"}
    _atomic_write(written["html"], html.encode("utf-8"))
    if pdf:
        import weasyprint

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        roots = [PACKAGED_TEMPLATES] + ([Path(template_dir)] if template_dir else [])
        try:
            data = weasyprint.HTML(string=html, base_url=PACKAGED_TEMPLATES.as_uri() + "/",
                                   url_fetcher=AssetFetcher(roots)).write_pdf()
        except Exception as error:  # WeasyPrint raises many kinds; the user needs one
            raise ReportError(f"the comparison PDF could not be rendered: {error}") from error
        written["pdf"] = out_dir / f"{stem}.pdf"
        _atomic_write(written["pdf"], data)
    return written
