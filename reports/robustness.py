"""The robustness section, shared by the main report and the scenario comparison.

One context builder (:func:`robustness_context`), one template
(``report/robustness.html.j2``), one wording table (:data:`ROBUSTNESS_TEXT`)
and one chart (:func:`sweep_panel`, SVG written directly like the report's
other charts) for a :class:`analysis.results.Robustness`:
rank acceptability (Monte Carlo), the group- and factor-weight changes that
change the top strategy (exact crossing points of one-way sweeps), and the
ranking by other MCDA methods.  :func:`robustness_lines` says the same in two
sentences for the executive summary.
"""

from __future__ import annotations

import numpy as np

from criteria.catalogue import texts

from . import charts
from .formatting import format_int, format_number, format_percent, localize_digits
from .strings import method_name

__all__ = ["ROBUSTNESS_TEXT", "ROBUSTNESS_TEMPLATE", "robustness_context", "robustness_lines", "sweep_chart",
           "sweep_panel", "legend_names", "LINE_COLOURS"]

ROBUSTNESS_TEMPLATE = "report/robustness.html.j2"

#: the robustness chapter's words per language, from the catalogue's ``robustness.*`` entries (:mod:`criteria.catalogue`)
ROBUSTNESS_TEXT = texts("robustness")

# Strategy line colours of the sweep and bump charts (distinct in greyscale print too).
LINE_COLOURS = ("#1a237e", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#6d4c41", "#546e7a",
                "#ad1457", "#9e9d24")

_MAX_RANK_COLUMNS = 10  # wider acceptability tables do not fit A4 portrait
_FACTOR_ROWS = 8


def _sep(lang: str) -> str:
    return "، " if lang == "fa" else ", "


def _label(model, item_id: str, lang: str) -> str:
    try:
        return model.label(item_id, lang)
    except KeyError:
        return item_id


def _short(model, item_id: str, lang: str) -> str:
    item = next((x for x in (*model.factors, *model.strategies) if x.id == item_id), None)
    if item is None:
        return _label(model, item_id, lang)
    short = item.short_fa if lang == "fa" else item.short_en
    return short or (item.label_fa if lang == "fa" else item.label_en)


def _name(model, item_id: str, lang: str) -> str:
    """A strategy or factor in running text: its short name with the id as a tag."""
    if model is None:
        return item_id
    tag = f"\u2066{item_id}\u2069" if lang == "fa" else item_id
    return f"{_short(model, item_id, lang)} ({tag})"


def _signed(x: float, lang: str) -> str:
    """``+0.070`` / ``−0.070``, isolated left-to-right inside Persian text."""
    text = ("+" if x > 0 else "") + format_number(x, lang, 3)
    return f"\u2066{text}\u2069" if lang == "fa" else text


def _shade(share: float) -> str:
    """Cell style for a rank-acceptability share (darker = more draws)."""
    if not np.isfinite(share) or share < 0.005:
        return ""
    alpha = 0.08 + 0.72 * float(share)
    colour = "#fff" if alpha > 0.5 else "#1f2328"
    return f"background: rgba(26, 35, 126, {alpha:.2f}); color: {colour}"


def _nearest_top_change(sweep):
    """``(k, crossing point)`` of the smallest weight change that changes the top strategy, or None."""
    best = None
    for c in sweep.top_changes:
        if best is None or abs(c.change) < abs(best[1].change):
            best = (sweep.item_ids.index(c.item), c)
    return best


def _dethroner(point, top_id: str) -> str:
    """The strategy that takes first place at a top-changing crossing point."""
    return point.above_after if point.above_before == top_id else point.above_before


def robustness_lines(rob, results, lang: str = "fa") -> list[str]:
    """The executive summary's sentences on how robust the top strategy's rank is."""
    c = ROBUSTNESS_TEXT[lang]
    model = results.model_obj
    num = lambda x, d=3: format_number(x, lang, d)  # noqa: E731
    top_id = results.strategy_ids[int(np.argmin(results.ranks))]
    mc = rob.monte_carlo
    if mc is not None and top_id in mc.strategy_ids:
        a = mc.strategy_ids.index(top_id)
        first = c["summary_mc"].format(s=_name(model, top_id, lang), p=format_percent(mc.p_first[a], lang), draws=format_int(mc.draws, lang))
    else:
        first = c["summary_no_mc"].format(s=_name(model, top_id, lang))
    nearest = _nearest_top_change(rob.group_sweep)
    if nearest is None:
        second = c["summary_no_crossing"]
    else:
        k, point = nearest
        second = c["summary_crossing"].format(
            group=_label(model, point.item, lang), change=_signed(point.change, lang),
            base=num(point.base_weight), at=num(point.weight), after=_name(model, _dethroner(point, top_id), lang))
    lines = [f"{first}{'؛ ' if lang == 'fa' else '; '}{second}."]
    m = rob.methods
    if m is not None and len(m.methods) > 1:
        others = [name for name in m.methods[1:] if name not in m.failed]
        agree = sum(1 for name in others if top_id in m.top[name].split("="))
        lines.append(c["summary_methods"].format(n=format_int(agree, lang), m=format_int(len(others), lang)))
    return lines


def robustness_context(rob, results, lang: str = "fa", *, charts_enabled: bool = True,
                       section_class: str = "part", title: str | None = None) -> dict:
    """What ``report/robustness.html.j2`` prints for a :class:`analysis.results.Robustness`.

    The section is self-contained (its wording is ``robustness.c``): the main
    report puts it in its context as ``robustness`` with
    ``section_class="chapter"``, the comparison report with ``"part"``.
    """
    c = ROBUSTNESS_TEXT[lang]
    model = results.model_obj
    num = lambda x, d=3: format_number(x, lang, d)  # noqa: E731
    sep = _sep(lang)
    out: dict = {"c": c, "section_class": section_class, "title": title or c["robustness"], "acceptability": None,
                 "lines": robustness_lines(rob, results, lang), "crossings": [], "factor_changes": None,
                 "methods": None, "sweeps": None}
    if charts_enabled:
        out["sweeps"] = {"uri": charts.svg_data_uri(sweep_panel(rob.group_sweep, lang, model)),
                         "caption": c["sweep_panel"]}

    mc = rob.monte_carlo
    if mc is not None:
        order = np.argsort(-mc.p_first - 1e-3 * mc.p_top_k, kind="stable")
        k = mc.top_k
        n_ranks = min(mc.rank_acceptability.shape[1], _MAX_RANK_COLUMNS)
        out["acceptability"] = {
            "note": c["acceptability_note"].format(
                draws=format_int(mc.draws, lang), p=num(mc.settings.get("step_probability", float("nan")), 2),
                pr=num(mc.settings.get("rating_step_probability", float("nan")), 2), k=localize_digits(str(k), lang),
                conf=format_percent(mc.confidence, lang)),
            "p_top_header": c["p_top"].format(k=localize_digits(str(k), lang)),
            "ranks": [localize_digits(str(r + 1), lang) for r in range(n_ranks)],
            "rows": [{"id": mc.strategy_ids[a], "label": _short(model, mc.strategy_ids[a], lang),
                      "p_first": format_percent(mc.p_first[a], lang), "p_top": format_percent(mc.p_top_k[a], lang),
                      "cells": [{"value": format_percent(mc.rank_acceptability[a, r], lang),
                                 "style": _shade(mc.rank_acceptability[a, r])} for r in range(1, n_ranks)],
                      "first_style": _shade(mc.p_first[a]),
                      "interval": f"{num(mc.score_low[a])} – {num(mc.score_high[a])}"} for a in order],
        }

    sweep = rob.group_sweep
    thresholds = sweep.top_thresholds()
    for k, gid in enumerate(sweep.item_ids):
        for side in (0, 1):
            at = thresholds[k, side]
            if not np.isfinite(at):
                continue
            point = next(p for p in sweep.top_changes if p.item == gid and p.weight == at)
            out["crossings"].append(c["crossing_row"].format(
                group=_label(model, gid, lang), base=num(sweep.base_weights[k]), at=num(at),
                before=_name(model, point.above_before if side == 1 else point.above_after, lang),
                after=_name(model, point.above_after if side == 1 else point.above_before, lang)))
    if not out["crossings"]:
        out["crossings"] = [c["no_crossing"]]

    factor_sweep = rob.factor_sweep
    if factor_sweep is not None:
        top_id = factor_sweep.strategy_ids[int(np.argmax(factor_sweep.base_scores))]
        nearest: dict[str, object] = {}
        for p in factor_sweep.top_changes:
            if p.item not in nearest or abs(p.change) < abs(nearest[p.item].change):
                nearest[p.item] = p
        rows = sorted(nearest.values(), key=lambda p: abs(p.change))[:_FACTOR_ROWS]
        out["factor_changes"] = {
            "rows": [{"id": p.item, "label": _short(model, p.item, lang), "base": num(p.base_weight),
                      "at": num(p.weight), "change": _signed(p.change, lang), "after": _short(model, _dethroner(p, top_id), lang),
                      "after_id": _dethroner(p, top_id)}
                     for p in rows],
            "none": c["no_factor_change"] if not rows else "",
        }

    m = rob.methods
    if m is not None:
        agree = m.agreement_with_ahp
        rows = [{"name": method_name(name, lang), "top": m.top[name], "rw": num(agree[name]),
                 "top_names": " = ".join(_short(model, sid, lang) for sid in m.top[name].split("=") if sid),
                 "ranks": [localize_digits(f"{r:g}", lang) if np.isfinite(r) else "–" for r in m.ranks[i]]}
                for i, name in enumerate(m.methods)]
        dis = m.disagreements
        shifts = []
        for d in dis[:8]:
            before = localize_digits(f"{d['ahp_rank']:g}", lang)
            after = localize_digits(f"{d['method_rank']:g}", lang)
            shift = f"{method_name(d['method'], lang)}: {_short(model, d['strategy'], lang)} {before}→{after}"
            shifts.append(shift)
        text = c["disagreements"].format(rows=sep.join(shifts)) if dis else c["method_agree"]
        out["methods"] = {"strategies": list(m.strategy_ids), "rows": rows, "text": text,
                          "strategy_names": [{"id": sid, "label": _short(model, sid, lang)} for sid in m.strategy_ids],
                          "failed": c["failed"].format(m=sep.join(method_name(f, lang) for f in m.failed)) if m.failed else ""}
    return out


# ------------------------------------------------------------------------------------------------ charts
def _font(lang: str) -> str:
    return charts.font_family(lang)


def _draw_sweep(svg, sweep, k: int, lang: str, box: tuple[float, float, float, float], *, title: str = "",
                size: float = 6.5) -> None:
    """One sweep (strategy scores against weight ``k`` from 0 to 1) in ``box`` = (x, y, width, height)."""
    from .svg import nice_ticks

    x0, y0, w, h = box
    rtl = lang == "fa"
    scores = sweep.scores_at(k, np.array([0.0, 1.0]))  # scores are linear in the weight: two points per line
    low, high = float(scores.min()), float(scores.max())
    pad = 0.04 * (high - low or 1.0)
    low, high = low - pad, high + pad
    x_of = (lambda t: x0 + w - t * w) if rtl else (lambda t: x0 + t * w)  # noqa: E731 — Persian: 0 on the right
    y_of = lambda v: y0 + h - (v - low) / (high - low) * h  # noqa: E731
    for tick in nice_ticks(low, high, 4):
        svg.line(x0, y_of(tick), x0 + w, y_of(tick), "#eeeeee", 0.5)
        svg.text(x0 + w + 3 if rtl else x0 - 3, y_of(tick), format_number(tick, lang, 2), size,
                 anchor="start" if rtl else "end", fill="#444444")
    svg.line(x0, y0 + h, x0 + w, y0 + h, "#888888", 0.6)
    svg.line(x0 + w if rtl else x0, y0, x0 + w if rtl else x0, y0 + h, "#888888", 0.6)
    for t in (0.0, 0.5, 1.0):
        svg.line(x_of(t), y0 + h, x_of(t), y0 + h + 2.5, "#444444", 0.6)
        svg.text(x_of(t), y0 + h + 8, format_number(t, lang, 1), size, anchor="middle", fill="#444444")
    for a in range(len(sweep.strategy_ids)):
        svg.path([(x_of(0.0), y_of(scores[0, a])), (x_of(1.0), y_of(scores[1, a]))],
                 LINE_COLOURS[a % len(LINE_COLOURS)], 1.1)
    base = float(sweep.base_weights[k])
    svg.line(x_of(base), y0, x_of(base), y0 + h, "#444444", 0.7, dash="3 2")
    for p in sweep.top_changes:
        if p.item == sweep.item_ids[k]:
            svg.dot(x_of(p.weight), y_of(p.score), 1.4, "#000000")
    if title:
        svg.text(x0 + w / 2, y0 - 6, charts.shape_text(title, lang), size + 1, anchor="middle", fill="#1f2328")


def legend_names(sweep, lang: str, model=None) -> list[str]:
    """The sweep legend's entries: each strategy's short name (its id when no model is at hand)."""
    return [_short(model, sid, lang) if model is not None else sid for sid in sweep.strategy_ids]


def _legend_rows(names: list[str], width: float, size: float) -> list[list[tuple[int, float]]]:
    """Legend entries (index, width) wrapped into rows that fit ``width``."""
    rows, row, used = [], [], 0.0
    for a, name in enumerate(names):
        w = 14 + 3 + 0.55 * size * len(name) + 10
        if row and used + w > width * 0.94:
            rows.append(row)
            row, used = [], 0.0
        row.append((a, w))
        used += w
    rows.append(row)
    return rows


def _legend(svg, sweep, lang: str, y: float, size: float = 7.0, model=None) -> None:
    """Strategy names with their line colours, wrapped over as many rows as they need (first row at ``y``)."""
    names = legend_names(sweep, lang, model)
    for r, items in enumerate(_legend_rows(names, svg.width, size)):
        if lang == "fa":
            items = items[::-1]  # the first strategy on the right
        x = (svg.width - sum(w for _, w in items)) / 2
        yy = y + r * (size + 5)
        for a, w in items:
            svg.line(x, yy, x + 14, yy, LINE_COLOURS[a % len(LINE_COLOURS)], 1.4)
            svg.text(x + 17, yy, charts.shape_text(names[a], lang), size, anchor="start")
            x += w


def sweep_panel(sweep, lang: str, model=None, *, width_cm: float = 17.0, columns: int = 2) -> str:
    """All one-way sweeps of a level as small multiples in one SVG: strategy scores (lines) against each weight.

    One image rather than one per weight keeps the panels together on a page.
    """
    from .svg import CM, Svg

    K = len(sweep.item_ids)
    rows = -(-K // columns)
    panel = 4.6 * CM
    width = width_cm * CM
    legend = (0.4 * CM) + 12 * len(_legend_rows(legend_names(sweep, lang, model), width, 7.0))
    svg = Svg(width, rows * panel + legend, font_family=_font(lang))
    margin, gap = 0.9 * CM, 1.4 * CM
    w = (width - 2 * margin - gap * (columns - 1)) / columns
    for k, gid in enumerate(sweep.item_ids):
        r, col = divmod(k, columns)
        if lang == "fa":
            col = columns - 1 - col  # the first panel on the right
        x = margin + col * (w + gap)
        # Persian: the group's name alone (no Latin code in a Persian chart); English: "Strengths (S)"
        name = _label(model, gid, lang) if model is not None else gid
        title = name if lang == "fa" and model is not None else f"{name} ({gid})"
        _draw_sweep(svg, sweep, k, lang, (x, r * panel + 0.55 * CM, w, panel - 1.2 * CM), title=title)
    _legend(svg, sweep, lang, rows * panel + 0.4 * CM, model=model)
    return svg.to_string()


def sweep_chart(sweep, k: int, lang: str, model=None, *, width_cm: float = 8.2) -> str:
    """The classic one-way sensitivity chart for one weight: strategy scores (lines) against it."""
    from .svg import CM, Svg

    width = width_cm * CM
    n_rows = len(_legend_rows(legend_names(sweep, lang, model), width, 7.0))
    height = 5.6 * CM + 12 * n_rows
    svg = Svg(width, height, font_family=_font(lang))
    label = _label(model, sweep.item_ids[k], lang) if model is not None else sweep.item_ids[k]
    _draw_sweep(svg, sweep, k, lang, (0.9 * CM, 0.6 * CM, width - 1.8 * CM, height - 2.0 * CM), title=label)
    _legend(svg, sweep, lang, height - 12 * n_rows + 4, model=model)
    return svg.to_string()
