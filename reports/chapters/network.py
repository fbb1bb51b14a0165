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
    width, step, top = 16 * CM, 0.9 * CM, 1.6 * CM
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
        if abs(x2 - x1) < 1e-6:  # inner dependence in one column: bow out to the side, clear of the others
            control = (x1 + 1.4 * CM, (y1 + y2) / 2)
        else:  # bow a little, so a long link does not run through the nodes between its ends
            length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
            control = ((x1 + x2) / 2 + 0.1 * (y1 - y2), (y1 + y2) / 2 - 0.08 * abs(x2 - x1) - 0.01 * length)
        curve = [_bezier((x1, y1), control, (x2, y2), k / 16) for k in range(17)]
        # from the edge of the source's circle to the edge of the target's
        inside = lambda p, c: (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 < (radius + 1) ** 2
        curve = [p for p in curve if not inside(p, (x1, y1)) and not inside(p, (x2, y2))]
        if len(curve) < 2:
            continue
        svg.path(curve, "#7f7f7f", 0.8)
        _arrow_head(svg, curve[-2], curve[-1])
    for gi, (g, ids) in enumerate(columns):
        colour = charts.group_colour(g, model.group_ids.index(g))
        for fid in ids:
            x, y = where[fid]
            svg.dot(x, y, radius, colour)
            svg.text(x, y, fid, 7.5, anchor="middle", fill="#ffffff", weight="bold")
    return svg.to_string()


def _bezier(a, control, b, t: float) -> tuple[float, float]:
    """A point of the quadratic Bézier curve from ``a`` to ``b`` bent towards ``control``."""
    u = 1 - t
    return (u * u * a[0] + 2 * u * t * control[0] + t * t * b[0], u * u * a[1] + 2 * u * t * control[1] + t * t * b[1])


def _arrow_head(svg: Svg, before, tip, size: float = 5.0) -> None:
    """Two short strokes at ``tip`` pointing along ``before`` → ``tip``: the influenced end."""
    dx, dy = tip[0] - before[0], tip[1] - before[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    ux, uy = dx / length, dy / length
    for side in (1, -1):  # ±30°
        bx = -ux * 0.866 - side * uy * 0.5
        by = -uy * 0.866 + side * ux * 0.5
        svg.line(tip[0], tip[1], tip[0] + size * bx, tip[1] + size * by, "#444444", 0.9)


CHAPTER = Chapter("network", "report/network.html.j2", build)
