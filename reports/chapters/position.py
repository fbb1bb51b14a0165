"""IFE and EFE tables, the internal–external (IE) matrix and the strategic position (David).

The numbers are :attr:`analysis.results.Results.position`
(:mod:`mcda.position`): the factors' global weights renormalised within the
internal and the external side × the panel's 1–4 ratings of the city's
current position.  Two charts: the IE matrix as a 3×3 grid with the study's
cell marked and its point drawn, and the strategic-position quadrant with the
point.  When the model did not ask for the ratings the chapter says so.
"""

from __future__ import annotations

from analysis.results import Results
from criteria.model import INTERNAL_GROUP_IDS
from mcda.position import IE_CUTS, POSITION_MIDPOINT, RATING_RANGE

from ..charts import font_family, shape_text, svg_data_uri
from ..formatting import format_int, format_number
from ..strings import text_for, tows_name
from ..svg import CM, Svg
from .base import Chapter, Settings
from .labels import item_label, named, short_name

__all__ = ["CHAPTER", "build", "ie_matrix_svg", "position_svg"]

_PRESCRIPTION_FILL = {"grow": "#d7ecd9", "hold": "#fbf0c9", "harvest": "#f6d5d2"}
_PRESCRIPTION_MARK = {"grow": "#2e7d32", "hold": "#b08900", "harvest": "#c62828"}
_GRID = "#7f7f7f"
_POINT = "#1a237e"


def build(results: Results, lang: str, settings: Settings) -> dict:
    t = text_for(lang)
    position = results.position
    if position is None:
        asked = bool(results.model.get("position_ratings"))
        return {"contents": [t["position"]], "absent": t["position_absent_responses" if asked else "position_absent"]}
    num = lambda x: format_number(x, lang, 3)  # noqa: E731
    model = results.model_obj
    tables = []
    for internal, title, total in ((True, t["ife_table"], position.ife_total),
                                   (False, t["efe_table"], position.efe_total)):
        rows = []
        for g in model.groups:
            if (g.id in INTERNAL_GROUP_IDS) != internal:
                continue
            for f in model.factors_of(g.id):
                j = results.factor_ids.index(f.id)
                rows.append({"id": f.id, "label": short_name(results, f.id, lang), "group": g.id,
                             "weight": num(position.weights[j]), "rating": format_number(position.ratings[j], lang, 2),
                             "score": num(position.scores[j])})
        tables.append({"title": title, "rows": rows, "total": num(total),
                       "weights_total": num(sum(position.weights[j] for j, side in enumerate(position.internal)
                                                if bool(side) == internal))})
    quadrant = t[f"quadrant_{position.quadrant}"]
    prescription = t[f"ie_{position.ie_strategy}"]
    cell = t["ie_cell_names"].split("|")[position.ie_cell - 1]
    members = sorted((s for s in model.strategies if s.tows == position.tows),
                     key=lambda s: int(results.ranks[results.strategy_ids.index(s.id)]))
    sep = "، " if lang == "fa" else ", "
    if members:
        member_line = t["position_members"].format(
            tows=tows_name(position.tows, lang),
            names=sep.join(f"{named(results, s.id, lang)} — {t['rank']} "
                           f"{format_int(int(results.ranks[results.strategy_ids.index(s.id)]), lang)}"
                           for s in members))
    else:
        member_line = t["position_members_none"].format(tows=tows_name(position.tows, lang))
    data = {
        "contents": [t["position"]],
        "absent": "",
        "note": t["position_note"],
        "tables": tables,
        "totals": t["position_totals"].format(ife=num(position.ife_total), efe=num(position.efe_total)),
        "ie_note": t["ie_note"],
        "ie_line": t["ie_line"].format(cell=cell, prescription=prescription),
        "chart_note": t["position_chart_note"],
        "position_line": t["position_line"].format(quadrant=quadrant, tows=tows_name(position.tows, lang)),
        "members": member_line,
        "ie_uri": "",
        "chart_uri": "",
    }
    if settings.charts:
        data["ie_uri"] = svg_data_uri(ie_matrix_svg(position.ife_total, position.efe_total, lang))
        data["chart_uri"] = svg_data_uri(position_svg(position.ife_total, position.efe_total, lang))
    return data


def council_sentence(results: Results, lang: str) -> str:
    """One sentence for the council chapter: the position and the strategy type it points to ("" without ratings)."""
    position = results.position
    if position is None:
        return ""
    t = text_for(lang)
    return t["council_position"].format(ife=format_number(position.ife_total, lang, 2),
                                        efe=format_number(position.efe_total, lang, 2),
                                        quadrant=t[f"quadrant_{position.quadrant}"],
                                        tows=tows_name(position.tows, lang))


def ie_matrix_svg(ife: float, efe: float, lang: str) -> str:
    """David's IE matrix: IFE strong → weak left to right, EFE high → low top to bottom, the study's cell marked."""
    from mcda.position import ie_cell, ie_strategy

    t = text_for(lang)
    width, height = 13 * CM, 11.5 * CM
    left, top, right, bottom = 2.4 * CM, 0.6 * CM, 0.4 * CM, 1.9 * CM
    gw, gh = width - left - right, height - top - bottom
    low, high = RATING_RANGE
    span = high - low

    def x_of(v: float) -> float:
        return left + (high - v) / span * gw

    def y_of(v: float) -> float:
        return top + (high - v) / span * gh

    svg = Svg(width, height, font_family=font_family(lang))
    edges = [high, IE_CUTS[1], IE_CUTS[0], low]
    names = t["ie_cell_names"].split("|")
    marked = ie_cell(ife, efe)
    for row in range(3):
        for col in range(3):
            cell = 3 * row + col + 1
            kind = ie_strategy(cell)
            x0, x1 = x_of(edges[col]), x_of(edges[col + 1])
            y0, y1 = y_of(edges[row]), y_of(edges[row + 1])
            svg.rect(x0, y0, x1 - x0, y1 - y0, _PRESCRIPTION_FILL[kind])
            if cell == marked:
                inset = 2.5
                for a, b, c, d in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)):
                    svg.line(a + (inset if a == x0 else -inset), b + (inset if b == y0 else -inset),
                             c + (inset if c == x0 else -inset), d + (inset if d == y0 else -inset),
                             _PRESCRIPTION_MARK[kind], 2.5)
            cx = (x0 + x1) / 2
            svg.text(cx, y0 + 0.45 * CM, names[cell - 1], 13, anchor="middle", fill="#333333", weight="bold")
            svg.text(cx, y1 - 0.4 * CM, shape_text(t[f"ie_{kind}"], lang), 8.5, anchor="middle", fill="#333333")
    for v in edges:
        svg.line(x_of(v), top, x_of(v), top + gh, _GRID, 0.8)
        svg.line(left, y_of(v), left + gw, y_of(v), _GRID, 0.8)
        svg.text(x_of(v), top + gh + 0.35 * CM, format_number(v, lang, 1), 8, anchor="middle")
        svg.text(left - 0.15 * CM, y_of(v), format_number(v, lang, 1), 8, anchor="end")
    levels_x, levels_y = t["ie_levels_x"].split("|"), t["ie_levels_y"].split("|")
    for k in range(3):
        svg.text((x_of(edges[k]) + x_of(edges[k + 1])) / 2, top + gh + 0.8 * CM, shape_text(levels_x[k], lang), 8.5,
                 anchor="middle", fill="#555555")
        svg.text(left - 0.9 * CM, (y_of(edges[k]) + y_of(edges[k + 1])) / 2, shape_text(levels_y[k], lang), 8.5,
                 anchor="middle", fill="#555555")
    svg.text(left + gw / 2, height - 0.35 * CM, shape_text(t["ie_axis_x"], lang), 9.5, anchor="middle", weight="bold")
    svg.vertical_text(0.45 * CM, top + gh / 2, shape_text(t["ie_axis_y"], lang), 9.5, weight="bold")
    _point(svg, x_of(ife), y_of(efe), ife, efe, lang, x_of(low))
    return svg.to_string()


def position_svg(ife: float, efe: float, lang: str) -> str:
    """The strategic-position quadrant: IFE across (1 → 4), EFE up (1 → 4), both cut at 2.5, the point marked."""
    from mcda.position import QUADRANT_TOWS, strategic_quadrant

    t = text_for(lang)
    width, height = 13 * CM, 11 * CM
    left, top, right, bottom = 1.6 * CM, 0.5 * CM, 0.5 * CM, 1.5 * CM
    gw, gh = width - left - right, height - top - bottom
    low, high = RATING_RANGE
    span = high - low

    def x_of(v: float) -> float:
        return left + (v - low) / span * gw

    def y_of(v: float) -> float:
        return top + (high - v) / span * gh

    svg = Svg(width, height, font_family=font_family(lang))
    mid = POSITION_MIDPOINT
    here = strategic_quadrant(ife, efe)
    quadrants = (("conservative", low, mid, high, mid), ("aggressive", mid, high, high, mid),
                 ("defensive", low, mid, mid, low), ("competitive", mid, high, mid, low))
    for name, x0, x1, y0, y1 in quadrants:
        fill = "#e3e7f5" if name == here else "#f5f5f5"
        svg.rect(x_of(x0), y_of(y0), x_of(x1) - x_of(x0), y_of(y1) - y_of(y0), fill)
        cx, cy = (x_of(x0) + x_of(x1)) / 2, (y_of(y0) + y_of(y1)) / 2
        svg.text(cx, cy - 0.3 * CM, shape_text(t[f"quadrant_{name}"], lang), 11, anchor="middle",
                 fill="#1a237e" if name == here else "#555555", weight="bold" if name == here else None)
        svg.text(cx, cy + 0.3 * CM, shape_text(tows_name(QUADRANT_TOWS[name], lang), lang), 11, anchor="middle",
                 fill="#1a237e" if name == here else "#555555")
    svg.line(x_of(low), y_of(low), x_of(high), y_of(low), _GRID, 0.8)
    svg.line(x_of(low), y_of(low), x_of(low), y_of(high), _GRID, 0.8)
    svg.line(x_of(mid), y_of(low), x_of(mid), y_of(high), "#333333", 1.2)
    svg.line(x_of(low), y_of(mid), x_of(high), y_of(mid), "#333333", 1.2)
    for v in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        svg.text(x_of(v), y_of(low) + 0.35 * CM, format_number(v, lang, 1), 8, anchor="middle")
        svg.text(x_of(low) - 0.15 * CM, y_of(v), format_number(v, lang, 1), 8, anchor="end")
    svg.text(left + gw / 2, height - 0.35 * CM, shape_text(t["ie_axis_x"], lang), 9.5, anchor="middle", weight="bold")
    svg.vertical_text(0.45 * CM, top + gh / 2, shape_text(t["ie_axis_y"], lang), 9.5, weight="bold")
    _point(svg, x_of(ife), y_of(efe), ife, efe, lang, x_of(high))
    return svg.to_string()


def _point(svg: Svg, x: float, y: float, ife: float, efe: float, lang: str, far_edge: float) -> None:
    """The study's point with its two totals beside it, on the side away from the nearer edge."""
    svg.dot(x, y, 4.5, "#ffffff")
    svg.dot(x, y, 3.5, _POINT)
    label = f"({format_number(ife, lang, 2)}، {format_number(efe, lang, 2)})" if lang == "fa" else \
        f"({format_number(ife, 'en', 2)}, {format_number(efe, 'en', 2)})"
    toward_far = far_edge > x
    svg.text(x + (7 if toward_far else -7), y - 8, label, 8.5, anchor="start" if toward_far else "end",
             fill=_POINT, weight="bold")


CHAPTER = Chapter("position", "report/position.html.j2", build)
