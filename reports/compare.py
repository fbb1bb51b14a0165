"""The scenario comparison report: context, charts and rendering (HTML and PDF).

It reuses the main report's machinery — the Jinja2 environment and asset
fetcher (:mod:`reports.render`), the stylesheet (``report/print.css``), chart
styling and Persian shaping (:mod:`reports.charts`), and number formatting in
the reader's digits (:mod:`reports.formatting`) — and adds the comparison's
own wording, a rank-change (bump) chart and a sensitivity chart.
"""

from __future__ import annotations

import io
import logging
from datetime import date, datetime
from pathlib import Path

import numpy as np

from mcda.errors import ReportError

from . import charts
from .formatting import format_int, format_number, format_percent, gregorian_date, jalali_date, localize_digits
from .render import PACKAGED_TEMPLATES, AssetFetcher, _atomic_write, template_env
from .strings import text_for

__all__ = ["COMPARE_TEXT", "build_compare_context", "robustness_context", "render_compare_html",
           "write_compare_report", "bump_chart", "sweep_chart", "COMPARE_TEMPLATE", "ROBUSTNESS_TEMPLATE"]

COMPARE_TEMPLATE = "compare/compare.html.j2"
ROBUSTNESS_TEMPLATE = "compare/robustness.html.j2"  # includable by the main report

COMPARE_TEXT = {
    "en": {
        "kind": "Scenario comparison",
        "scenarios": "Scenarios",
        "scenario": "Scenario",
        "baseline": "baseline",
        "changes": "Changes",
        "no_changes": "none (the baseline analysis)",
        "rankings": "Rankings side by side",
        "rankings_note": "Rank (score) of every strategy in every scenario; – where a scenario leaves the strategy out. Arrows show the move relative to the baseline.",
        "bump": "Rank changes across scenarios",
        "weights": "Weight changes",
        "group_weights": "SWOT group weights",
        "factor_deltas": "Largest changes in global factor weights (relative to the baseline)",
        "delta": "Δ",
        "correlation": "Agreement with the baseline ranking",
        "correlation_note": "Weighted Spearman r_w and the WS coefficient weigh disagreements near the top more heavily; Kendall's τ counts pairs in the same order. 1 = identical ranking.",
        "conclusions": "What holds in every scenario",
        "always_first": "{s} is ranked first in every scenario.",
        "not_same_top": "The first-ranked strategy changes between scenarios: {tops}.",
        "always_top_k": "In the top {k} in every scenario: {s}.",
        "always_last": "{s} is ranked last in every scenario.",
        "stable_rank": "Same rank in every scenario: {s}.",
        "pairs": "Orders that hold everywhere: {pairs}.",
        "top_group": "The most important SWOT group is {g} in every scenario.",
        "nothing_holds": "No ranking statement holds in every scenario.",
        "robustness": "How sure is the baseline ranking?",
        "acceptability": "Rank acceptability (Monte Carlo)",
        "acceptability_note": "{draws} draws: each judgment moved one step on the 1–9 scale with probability {p}, each rating one level with probability {pr}, and the expert panel resampled (bootstrap). P(first) and P(top {k}) are the shares of draws; the interval holds {conf} of the scores.",
        "p_first": "P(first)",
        "p_top": "P(top {k})",
        "interval": "score interval",
        "crossings": "Where the top strategy changes (one-way sweeps of the group weights)",
        "crossings_note": "Each group weight is moved from 0 to 1 and the others rescaled proportionally; the crossing points are exact.",
        "crossing_row": "{group} weight {base} → {at}: {before} gives way to {after}",
        "no_crossing": "no weight of a single group changes the top strategy",
        "sweep_chart": "Scores as the weight of {g} changes (dashed: its current weight)",
        "methods": "The ranking by other MCDA methods",
        "methods_note": "The strategies × factors matrix with the AHP global factor weights, ranked by other methods (pymcdm). r_w: weighted Spearman correlation with AHP.",
        "method": "Method",
        "top": "First",
        "disagreements": "Disagreements with AHP: {rows}.",
        "method_agree": "All methods agree with the AHP ranking.",
        "failed": "Could not be applied: {m}.",
    },
    "fa": {
        "kind": "مقایسهٔ سناریوها",
        "scenarios": "سناریوها",
        "scenario": "سناریو",
        "baseline": "پایه",
        "changes": "تغییرات",
        "no_changes": "بدون تغییر (تحلیل پایه)",
        "rankings": "رتبه‌بندی‌ها در کنار هم",
        "rankings_note": "رتبه (امتیاز) هر راهبرد در هر سناریو؛ «–» یعنی سناریو این راهبرد را کنار گذاشته است. پیکان‌ها جابه‌جایی نسبت به سناریوی پایه را نشان می‌دهند.",
        "bump": "تغییر رتبه‌ها در سناریوها",
        "weights": "تغییر وزن‌ها",
        "group_weights": "وزن گروه‌های SWOT",
        "factor_deltas": "بیشترین تغییر وزن کلی عوامل (نسبت به سناریوی پایه)",
        "delta": "Δ",
        "correlation": "همخوانی با رتبه‌بندی پایه",
        "correlation_note": "اسپیرمن وزنی \u2066r_w\u2069 و ضریب WS اختلاف در رتبه‌های بالا را سنگین‌تر می‌شمارند؛ تاو کندال زوج‌های هم‌ترتیب را می‌شمارد. ۱ یعنی رتبه‌بندی یکسان.",
        "conclusions": "آنچه در همهٔ سناریوها برقرار است",
        "always_first": "{s} در همهٔ سناریوها رتبهٔ نخست را دارد.",
        "not_same_top": "راهبرد نخست در سناریوها یکسان نیست: {tops}.",
        "always_top_k": "در همهٔ سناریوها جزو {k} راهبرد نخست: {s}.",
        "always_last": "{s} در همهٔ سناریوها رتبهٔ آخر را دارد.",
        "stable_rank": "رتبهٔ یکسان در همهٔ سناریوها: {s}.",
        "pairs": "ترتیب‌هایی که همه‌جا برقرارند: {pairs}.",
        "top_group": "مهم‌ترین گروه SWOT در همهٔ سناریوها {g} است.",
        "nothing_holds": "هیچ گزاره‌ای دربارهٔ رتبه‌بندی در همهٔ سناریوها برقرار نیست.",
        "robustness": "رتبه‌بندی پایه چقدر قطعی است؟",
        "acceptability": "پذیرش رتبه (شبیه‌سازی مونت‌کارلو)",
        "acceptability_note": "{draws} نمونه: هر قضاوت با احتمال {p} یک گام روی مقیاس ۱ تا ۹ جابه‌جا شد، هر امتیاز با احتمال {pr} یک سطح، و گروه خبرگان بازنمونه‌گیری شد (بوت‌استرپ). \u2066P(first)\u2069 و \u2066P(top {k})\u2069 سهم نمونه‌ها هستند؛ بازه {conf} امتیازها را در بر دارد.",
        "p_first": "احتمال رتبهٔ نخست",
        "p_top": "احتمال {k} رتبهٔ نخست",
        "interval": "بازهٔ امتیاز",
        "crossings": "جایی که راهبرد نخست عوض می‌شود (تحلیل حساسیت یک‌متغیره وزن گروه‌ها)",
        "crossings_note": "وزن هر گروه از ۰ تا ۱ تغییر می‌کند و وزن بقیه به تناسب تنظیم می‌شود؛ نقاط تقاطع دقیق‌اند.",
        "crossing_row": "وزن {group} از {base} به {at}: {before} جای خود را به {after} می‌دهد",
        "no_crossing": "تغییر وزن هیچ گروهی به‌تنهایی راهبرد نخست را عوض نمی‌کند",
        "sweep_chart": "امتیازها با تغییر وزن {g} (خط‌چین: وزن کنونی)",
        "methods": "رتبه‌بندی با روش‌های دیگر تصمیم‌گیری چندمعیاره",
        "methods_note": "ماتریس راهبردها × عوامل با وزن کلی عوامل AHP، با روش‌های دیگر (pymcdm) رتبه‌بندی شده است. \u2066r_w\u2069: همبستگی اسپیرمن وزنی با AHP.",
        "method": "روش",
        "top": "نخست",
        "disagreements": "اختلاف با AHP: {rows}.",
        "method_agree": "همهٔ روش‌ها با رتبه‌بندی AHP همخوان‌اند.",
        "failed": "قابل اجرا نبود: {m}.",
    },
}


def _sep(lang: str) -> str:
    return "، " if lang == "fa" else ", "


def _label(model, item_id: str, lang: str) -> str:
    try:
        return model.label(item_id, lang)
    except KeyError:
        return item_id


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

    scenarios = []
    for k, name in enumerate(names):
        changes = list(comparison.changes[k]) if k < len(comparison.changes) else []
        scenarios.append({
            "name": name,
            "description": comparison.descriptions[k] if k < len(comparison.descriptions) else "",
            "changes": changes or [c["no_changes"]],
            "experts": format_int(len(comparison.results[k].retained_expert_ids), lang),
            "top": comparison.top[k],
        })

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
        ranking_rows.append({"id": sid, "label": _label(model, sid, lang), "cells": cells})

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
        {"id": comparison.factor_ids[f], "label": _label(model, comparison.factor_ids[f], lang),
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
    sep = _sep(lang)
    label_list = lambda ids: sep.join(f"{i} {_label(model, i, lang)}" for i in ids)  # noqa: E731
    conclusions = []
    if robust["always_first"]:
        conclusions.append(c["always_first"].format(s=label_list(robust["always_first"])))
    else:
        tops = sep.join(f"{n}: {tp}" for n, tp in zip(names, comparison.top))
        conclusions.append(c["not_same_top"].format(tops=tops))
    if robust["always_top_k"]:
        conclusions.append(c["always_top_k"].format(k=localize_digits(str(robust["top_k"]), lang),
                                                    s=sep.join(robust["always_top_k"])))
    if robust["always_last"]:
        conclusions.append(c["always_last"].format(s=label_list(robust["always_last"])))
    if robust["stable_rank"]:
        conclusions.append(c["stable_rank"].format(s=sep.join(robust["stable_rank"])))
    if robust["pairs"]:
        conclusions.append(c["pairs"].format(pairs=sep.join(f"{a} > {b}" for a, b in robust["pairs"])))
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
        "software": f"rahbord {base.software_version}",
        "names": names,
        "scenarios": scenarios,
        "ranking_rows": ranking_rows,
        "group_rows": group_rows,
        "factor_rows": factor_rows,
        "correlation_rows": correlation_rows,
        "conclusions": conclusions,
        "robustness": (robustness_context(robustness, base, lang, charts_enabled=charts_enabled)
                       if robustness is not None else None),
        "charts": {},
    }
    if charts_enabled:
        labels = [comparison.strategy_ids[a] for a in range(len(comparison.strategy_ids))]
        context["charts"]["bump"] = charts.svg_data_uri(bump_chart(names, labels, comparison.ranks, lang))
    return context


def robustness_context(rob, results, lang: str = "fa", *, charts_enabled: bool = True,
                       section_class: str = "part") -> dict:
    """What ``templates/compare/robustness.html.j2`` prints for a :class:`rahbord.robustness.Robustness`.

    The section is self-contained (its wording is ``robustness.c``), so the
    main report can include it too: put this dict in its context as
    ``robustness`` (with ``section_class="chapter"``) and
    ``{% include "compare/robustness.html.j2" %}``.
    """
    c = COMPARE_TEXT[lang]
    model = results.model_obj
    num = lambda x, d=3: format_number(x, lang, d)  # noqa: E731
    sep = _sep(lang)
    out: dict = {"c": c, "section_class": section_class, "acceptability": None, "crossings": [], "methods": None,
                 "sweeps": []}
    if charts_enabled:
        out["sweeps"] = [
            {"uri": charts.svg_data_uri(sweep_chart(rob.group_sweep, k, lang, model)),
             "caption": c["sweep_chart"].format(g=_label(model, gid, lang))}
            for k, gid in enumerate(rob.group_sweep.item_ids)
        ]
    mc = rob.monte_carlo
    if mc is not None:
        order = np.argsort(-mc.p_first - 1e-3 * mc.p_top_k, kind="stable")
        k = mc.top_k
        out["acceptability"] = {
            "note": c["acceptability_note"].format(
                draws=format_int(mc.draws, lang), p=num(mc.settings["step_probability"], 2),
                pr=num(mc.settings["rating_step_probability"], 2), k=localize_digits(str(k), lang),
                conf=format_percent(mc.confidence, lang)),
            "p_top_header": c["p_top"].format(k=localize_digits(str(k), lang)),
            "rows": [{"id": mc.strategy_ids[a], "label": _label(model, mc.strategy_ids[a], lang),
                      "p_first": format_percent(mc.p_first[a], lang), "p_top": format_percent(mc.p_top_k[a], lang),
                      "bar": f"{100 * mc.p_first[a]:.1f}",
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
                before=point.above_before if side == 1 else point.above_after,
                after=point.above_after if side == 1 else point.above_before))
    if not out["crossings"]:
        out["crossings"] = [c["no_crossing"]]
    m = rob.methods
    if m is not None:
        agree = m.agreement_with_ahp
        rows = [{"name": name, "top": m.top[name], "rw": num(agree[name]),
                 "ranks": [localize_digits(f"{r:g}", lang) for r in m.ranks[i]]}
                for i, name in enumerate(m.methods)]
        dis = m.disagreements
        shifts = []
        for d in dis[:8]:
            before = localize_digits(f"{d['ahp_rank']:g}", lang)
            after = localize_digits(f"{d['method_rank']:g}", lang)
            shifts.append(f"{d['method']} {d['strategy']} {before}→{after}")
        text = c["disagreements"].format(rows=sep.join(shifts)) if dis else c["method_agree"]
        out["methods"] = {"strategies": list(m.strategy_ids), "rows": rows, "text": text,
                          "failed": c["failed"].format(m=sep.join(m.failed)) if m.failed else ""}
    return out


# ------------------------------------------------------------------------------------------------ charts
def _figure_svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return charts._freeze_text_direction(buffer.getvalue())


def _rc(lang: str) -> dict:
    rc = dict(charts._RC)
    if lang == "fa":
        rc["font.family"] = ["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"]
    return rc


_LINE_COLOURS = ("#1a237e", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#6d4c41", "#546e7a",
                 "#ad1457", "#9e9d24")


def bump_chart(names, labels, ranks: np.ndarray, lang: str, *, width_cm: float = 17.0) -> str:
    """Rank of each strategy (lines) across the runs (x axis); rank 1 on top. SVG text."""
    import matplotlib
    from matplotlib.figure import Figure

    R, S = ranks.shape
    height_cm = 2.2 + 0.55 * S
    with matplotlib.rc_context(_rc(lang)):
        fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
        ax = fig.add_axes((0.09, 0.16, 0.82, 0.78))
        xs = np.arange(R)[::-1] if lang == "fa" else np.arange(R)
        for a in range(S):
            colour = _LINE_COLOURS[a % len(_LINE_COLOURS)]
            y = ranks[:, a]
            ok = np.isfinite(y)
            ax.plot(xs[ok], y[ok], "-o", color=colour, linewidth=1.6, markersize=4)
            first = np.flatnonzero(ok)
            if first.size:
                i0, i1 = first[0], first[-1]
                ax.text(xs[i0] + (0.08 if lang == "fa" else -0.08), y[i0], labels[a], ha="left" if lang == "fa" else "right",
                        va="center", fontsize=7.5, color=colour)
                ax.text(xs[i1] + (-0.08 if lang == "fa" else 0.08), y[i1], labels[a], ha="right" if lang == "fa" else "left",
                        va="center", fontsize=7.5, color=colour)
        ax.set_xticks(np.arange(R), [charts.shape_text(n, lang) for n in (names[::-1] if lang == "fa" else names)])
        ax.set_xlim(-0.5, R - 0.5)
        finite = ranks[np.isfinite(ranks)]
        top = int(finite.max()) if finite.size else 1
        ax.set_ylim(top + 0.5, 0.5)
        ax.set_yticks(range(1, top + 1), [format_number(r, lang, 0) for r in range(1, top + 1)])
        ax.tick_params(axis="x", labelsize=7.5)
        ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
        ax.spines["left"].set_visible(False)
        return _figure_svg(fig)


def sweep_chart(sweep, k: int, lang: str, model=None, *, width_cm: float = 8.2) -> str:
    """The classic one-way sensitivity chart: strategy scores (lines) against one weight."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(lang)):
        fig = Figure(figsize=(width_cm / 2.54, 6.0 / 2.54))
        ax = fig.add_axes((0.14, 0.22, 0.74, 0.74))
        t = np.array([0.0, 1.0])
        scores = sweep.scores_at(k, t)
        for a, sid in enumerate(sweep.strategy_ids):
            colour = _LINE_COLOURS[a % len(_LINE_COLOURS)]
            ax.plot(t, scores[:, a], color=colour, linewidth=1.2)
            ax.text(1.03, scores[1, a], sid, fontsize=6.5, color=colour, va="center", ha="left")
        ax.axvline(sweep.base_weights[k], color="#444444", linestyle="--", linewidth=0.8)
        for point in sweep.top_changes:
            if point.item == sweep.item_ids[k]:
                ax.plot([point.weight], [point.score], "o", color="#000000", markersize=3)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(lambda x, _pos: format_number(x, lang, 1))
        ax.yaxis.set_major_formatter(lambda x, _pos: format_number(x, lang, 2))
        ax.tick_params(labelsize=6.5)
        ax.set_xlabel(charts.shape_text(_label(model, sweep.item_ids[k], lang) if model else sweep.item_ids[k], lang),
                      fontsize=7)
        return _figure_svg(fig)


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
