"""The factor network (SWOT-ANP): which factor influences which, the supermatrices' sizes, how the limit was reached.

Shown only for results of a model with a factor network (``Results.network``,
:mod:`analysis.network`); inner dependence among whole groups stays in the
weights chapter.
"""

from __future__ import annotations

from analysis.results import Results

from .. import charts
from ..formatting import localize_digits
from ..strings import text_for
from ..svg import CM, Svg
from .base import Chapter, Settings
from .labels import item_label, named

__all__ = ["CHAPTER", "build", "network_svg"]


def _size(n: int, m: int, lang: str) -> str:
    return localize_digits(f"{n} × {m}", lang)


def build(results: Results, lang: str, settings: Settings) -> dict | None:
    net = results.network
    if net is None:
        return None
    t = text_for(lang)
    model = results.model_obj
    group_of = {f.id: f.group for f in model.factors}
    links = [
        {
            "source": named(results, d.source, lang),
            "target": named(results, d.target, lang),
            "kind": t["network_inner" if group_of[d.source] == group_of[d.target] else "network_outer"],
        }
        for d in model.factor_dependencies
    ]
    n, k = net.size, len(net.clusters)
    limit = net.limit
    how = (t["network_cesaro"].format(period=localize_digits(str(int(limit.period)), lang)) if limit.cyclic
           else t["network_stationary"])
    note = t["network_note"].format(
        feedback=t["network_feedback"] if model.feedback else "",
        clusters=t["network_clusters_compared" if model.cluster_weights == "compared" else "network_clusters_equal"],
    )
    return {
        "contents": [t["network"]],
        "note": note,
        "links": links,
        "matrices": [
            {"name": t["network_unweighted"], "size": _size(n, n, lang)},
            {"name": t["network_cluster_matrix"], "size": _size(k, k, lang)},
            {"name": t["network_weighted"], "size": _size(n, n, lang)},
            {"name": t["network_limit"], "size": _size(n, n, lang)},
        ],
        "how": how,
        "chart": charts.svg_data_uri(network_svg(results, lang)) if settings.charts and links else "",
        "alt": t["network_links"],
    }


def network_svg(results: Results, lang: str) -> str:
    """The factor links drawn as a small network: one column per group, an arrow from source to target.

    Nodes are shown by their codes (the table beside the drawing names them);
    the columns' titles are the groups' names.
    """
    model = results.model_obj
    links = model.factor_dependencies
    involved = {x for d in links for x in (d.source, d.target)}
    columns = [(g, [f.id for f in model.factors_of(g) if f.id in involved]) for g in model.group_ids]
    columns = [(g, ids) for g, ids in columns if ids]
    if lang == "fa":
        columns.reverse()  # a Persian reader starts at the right, with the first group
    rows = max(len(ids) for _, ids in columns)
    width, step, top = 16 * CM, 0.9 * CM, 1.0 * CM
    height = top + rows * step + 0.3 * CM
    svg = Svg(width, height, font_family=charts.font_family(lang))
    gap = width / len(columns)
    where: dict[str, tuple[float, float]] = {}
    for c, (g, ids) in enumerate(columns):
        x = gap * (c + 0.5)
        svg.text(x, 0.4 * CM, charts.shape_text(item_label(results, g, lang), lang), 8, anchor="middle", weight="bold")
        for r, fid in enumerate(ids):
            where[fid] = (x, top + (r + 0.5) * step)
    radius = 0.3 * CM
    for d in links:
        (x1, y1), (x2, y2) = where[d.source], where[d.target]
        dx, dy = x2 - x1, y2 - y1
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        if abs(dx) < 1e-6:  # inner dependence in one column: bow out to the side so the line clears other nodes
            bend = 0.9 * CM
            svg.path([(x1 + radius, y1), (x1 + bend, (y1 + y2) / 2), (x2 + radius, y2)], "#7f7f7f", 0.8)
            svg.dot(x2 + radius, y2, 2.2, "#444444")
            continue
        ux, uy = dx / length, dy / length
        start, end = (x1 + ux * radius, y1 + uy * radius), (x2 - ux * radius, y2 - uy * radius)
        svg.line(*start, *end, "#7f7f7f", 0.8)
        svg.dot(*end, 2.2, "#444444")  # the arrow's head: the influenced end
    for gi, (g, ids) in enumerate(columns):
        colour = charts.group_colour(g, model.group_ids.index(g))
        for fid in ids:
            x, y = where[fid]
            svg.dot(x, y, radius, colour)
            svg.text(x, y, fid, 7.5, anchor="middle", fill="#ffffff", weight="bold")
    return svg.to_string()


CHAPTER = Chapter("network", "report/network.html.j2", build)
