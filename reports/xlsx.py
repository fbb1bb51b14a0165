"""Excel export of every number behind the report.

Sheets (English names; a Persian workbook has the same sheets under Persian
names, see :mod:`reports.xlsx_strings`): ``Summary`` (options, named through
the options registry, and provenance), ``Strategies``, ``Global factor
weights``, ``Groups``, ``Consistency`` (CR / GCI per expert and set),
``Consensus``, ``Expert weights`` (every expert's and the aggregated
priorities per set), ``Local scores`` (strategies × factors) and
``Matrices`` (aggregated judgment matrices); with a robustness check in the
results also ``Rank acceptability`` (Monte Carlo), ``Crossings`` (every
crossing point of the group- and factor-weight sweeps) and ``Method ranks``
(the ranking by other MCDA methods).

Numbers are written as numbers at full precision and shown through number
formats (``0.000`` for weights and scores, ``0.0%`` for probabilities), so a
reader sees 0.338 and a formula still gets every digit.  Every id sits beside
its name.  Text that came from users is neutralised against formula injection
(OWASP: a leading ``= + - @``, tab or CR gets a ``'`` prefix).  With
``lang="fa"`` the sheets run right to left and no header holds a Latin word.
"""

from __future__ import annotations

import math
from pathlib import Path

from analysis.results import Results
from criteria.model import STRATEGY_CLUSTER
from mcda import OPTION_REGISTRIES
from mcda.digits import localize_digits, localize_version
from surveys.celltext import (
    safe_cell_text,  # one neutraliser for every workbook rahbord writes
)

from .chapters.labels import set_title, short_name
from .formatting import format_percent, jalali_date
from .strings import tows_name
from .xlsx_strings import XLSX_TEXT, method_name, xlsx_text_for

__all__ = ["ROBUSTNESS_SHEETS", "SHEETS", "safe_cell_text", "sheet_names", "write_xlsx"]

_SHEET_KEYS = (
    "sheet_summary",
    "sheet_strategies",
    "sheet_factors",
    "sheet_groups",
    "sheet_consistency",
    "sheet_consensus",
    "sheet_expert_weights",
    "sheet_local_scores",
    "sheet_matrices",
)
_ROBUSTNESS_SHEET_KEYS = ("sheet_acceptability", "sheet_crossings", "sheet_methods")

SHEETS = tuple(XLSX_TEXT["en"][k] for k in _SHEET_KEYS)
#: added after SHEETS when the results carry a robustness check
ROBUSTNESS_SHEETS = tuple(XLSX_TEXT["en"][k] for k in _ROBUSTNESS_SHEET_KEYS)

#: number formats: weights, scores, CR … to three decimals; probabilities as percentages
NUMBER = "0.000"
PERCENT = "0.0%"


def sheet_names(lang: str, *, robustness: bool = False) -> tuple[str, ...]:
    """The workbook's sheet names in ``lang``, in order."""
    t = xlsx_text_for(lang)
    return tuple(t[k] for k in (*_SHEET_KEYS, *(_ROBUSTNESS_SHEET_KEYS if robustness else ())))


def _cell(value, t):
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return t["yes"] if value else t["no"]
    return safe_cell_text(value)


def _network_structure(model, t, lang: str) -> tuple[str, str]:
    """What the model's network holds, in words and as codes: the groups' inner dependence, a factor network
    (with the strategies' feedback), both — or none, a hierarchy."""
    words, codes = [], []
    if model.group_dependencies:
        words.append(t["structure_groups"])
        codes.append("group_dependence")
    if model.has_factor_network:
        words.append(f'{t["structure_factors"]} {t["structure_feedback"]}' if model.feedback else t["structure_factors"])
        codes += ["factor_network", *(["feedback"] if model.feedback else [])]
    if not words:
        return t["structure_hierarchy"], "hierarchy"
    return ("؛ " if lang == "fa" else "; ").join(words), "+".join(codes)


def write_xlsx(results: Results, path, *, lang: str = "en") -> Path:
    """Write the results workbook; labels in ``lang`` (``"fa"``: Persian sheets, right to left)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    t = xlsx_text_for(lang)
    model = results.model_obj
    label = lambda item_id: model.label(item_id, lang)
    name = lambda item_id: short_name(results, item_id, lang)
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)

    def sheet(key: str, header: list[str], rows, formats: dict[int, str] | None = None, *, tail: tuple[int, str] | None = None,
              width: int = 60):
        """``formats``: column (0-based) → number format of the numbers in it; ``tail``: (first column, format) for the rest."""
        ws = wb.create_sheet(t[key])
        ws.sheet_view.rightToLeft = lang == "fa"
        ws.append([_cell(h, t) for h in header])
        for cell in ws[1]:
            cell.font = bold
        formats = formats or {}
        for row in rows:
            ws.append([_cell(v, t) for v in row])
            for k, cell in enumerate(ws[ws.max_row]):
                fmt = formats.get(k) or (tail[1] if tail is not None and k >= tail[0] else None)
                if fmt and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        for k, h in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(k)].width = max(10, min(width, len(str(h)) + 4))
        return ws

    o = results.options
    option = lambda field: OPTION_REGISTRIES[field].label(o[field], lang) if o.get(field) not in (None, "") else ""
    registry_field = lambda field: OPTION_REGISTRIES[field].title_fa if lang == "fa" else OPTION_REGISTRIES[field].title_en
    computed = jalali_date(results.created, "fa") if lang == "fa" and results.created else results.created
    sheet(
        "sheet_summary",
        [t["field"], t["value"], t["code"]],
        [
            [t["f_model"], results.model_id],
            [t["f_model_version"], localize_version(results.model_version, lang), results.model_version],
            [t["f_model_hash"], results.model_hash, results.model_hash],
            [t["f_title"], model.title_fa if lang == "fa" else model.title_en],
            [t["f_software"], localize_version(results.software_version, lang), results.software_version],
            [t["f_computed"], computed, results.created],
            *[[registry_field(field), option(field), o.get(field, "")]
              for field in ("method", "aggregation", "ri_table", "completion", "synthesis", "group_weighting", "fuzzy")
              if field in o],
            [t["f_cr_threshold"], o["cr_threshold"]],
            [t["f_exclude"], bool(o["exclude_inconsistent"])],
            [t["f_network"], *_network_structure(model, t, lang)],
            [t["f_experts"], len(results.experts)],
            [t["f_excluded"], "، ".join(e.name or e.id for e in results.experts if e.excluded) if lang == "fa"
             else ", ".join(results.excluded_expert_ids), ", ".join(results.excluded_expert_ids)],
            [t["f_draws"], o.get("robustness_draws", 0)],
            [t["f_seed"], o.get("robustness_seed", "")],
            *[[t["f_note"], n] for n in results.notes],
        ],
        width=40,
    )
    order = sorted(range(len(results.strategy_ids)), key=lambda k: int(results.ranks[k]))
    sheet(
        "sheet_strategies",
        [t["rank"], t["strategy"], t["name"], t["score"], t["label"], t["unrated_cells"]],
        [[int(results.ranks[k]), results.strategy_ids[k], name(results.strategy_ids[k]), float(results.strategy_scores[k]),
          label(results.strategy_ids[k]), int(results.unrated_cells[k])] for k in order],
        {3: NUMBER},
    )
    group_of = {f["id"]: f["group"] for f in results.model["factors"]}
    sheet(
        "sheet_factors",
        [t["factor"], t["name"], t["group_name"], t["local_weight"], t["global_weight"], t["label"], t["group"]],
        [
            [f, name(f), label(group_of[f]), float(results.local_factor_weights[k]), float(results.global_factor_weights[k]),
             label(f), group_of[f]]
            for k, f in enumerate(results.factor_ids)
        ],
        {3: NUMBER, 4: NUMBER},
    )
    group_header = [t["group"], t["name"], t["weight"]]
    if results.dependent_group_weights is not None:
        group_header.append(t["weight_dependent"])
    sheet(
        "sheet_groups",
        group_header,
        [
            [g, label(g), float(results.group_weights[k])]
            + ([float(results.dependent_group_weights[k])] if results.dependent_group_weights is not None else [])
            for k, g in enumerate(results.group_ids)
        ],
        {2: NUMBER, 3: NUMBER},
    )
    sheet(
        "sheet_consistency",
        [t["set_name"], t["expert"], t["name"], t["cr"], t["gci"], t["lambda_max"], t["consistent"], t["answered"],
         t["pairs"], t["excluded"], t["set"]],
        [
            [set_title(results, s.id, lang), e.id, e.name, float(s.cr[k]), float(s.gci[k]), float(s.lambda_max[k]),
             bool(s.consistent[k]), int(s.answered[k]), s.n_pairs, bool(e.excluded), s.id]
            for s in results.sets
            for k, e in enumerate(results.experts)
        ],
        {3: NUMBER, 4: NUMBER, 5: NUMBER},
    )
    sheet(
        "sheet_consensus",
        [t["set_name"], t["s_star"], t["kendall_w"], t["aggregated_cr"], t["aggregated_gci"], t["set"]],
        [[set_title(results, s.id, lang), float(s.s_star), float(s.kendall_w), s.aggregated_cr, s.aggregated_gci, s.id]
         for s in results.sets],
        {1: NUMBER, 2: NUMBER, 3: NUMBER, 4: NUMBER},
    )
    sheet(
        "sheet_expert_weights",
        [t["set_name"], t["expert"], t["item"], t["name"], t["weight"], t["set"]],
        [
            [set_title(results, s.id, lang), e.id, item, name(item), float(s.expert_weights[k, i]), s.id]
            for s in results.sets
            for k, e in enumerate(results.experts)
            for i, item in enumerate(s.items)
        ]
        + [[set_title(results, s.id, lang), t["aggregated"], item, name(item), float(s.weights[i]), s.id]
           for s in results.sets for i, item in enumerate(s.items)],
        {4: NUMBER},
    )
    sheet(
        "sheet_local_scores",
        [t["strategy"], t["name"], *[name(f) for f in results.factor_ids]],
        # an unrated cell stays empty (it is left out of the strategy's score, not scored 0)
        [[sid, name(sid), *[None if math.isnan(v) else float(v) for v in results.strategy_local_scores[k]]]
         for k, sid in enumerate(results.strategy_ids)]
        + [[], [t["factor"], "", *results.factor_ids]],
        tail=(2, NUMBER),
        width=24,
    )
    matrix_rows: list[list] = []
    for s in results.sets:
        if s.matrix is None:
            continue
        matrix_rows.append([set_title(results, s.id, lang), *[name(item) for item in s.items]])
        for i, item in enumerate(s.items):
            matrix_rows.append([name(item), *[float(v) for v in s.matrix[i]]])
        matrix_rows.append([])
    sheet("sheet_matrices", [t["matrices"]], matrix_rows, tail=(1, NUMBER))
    if results.robustness is not None:
        _robustness_sheets(results, sheet, t, name, lang)
    if results.position is not None:  # last, so the sheets before it keep their places
        _position_sheet(results, sheet, t, name, label, lang)
    if results.network is not None:  # after them, for the same reason
        _network_sheet(results, sheet, t, name, lang)
    if results.fuzzy is not None:  # after them all, for the same reason
        _fuzzy_sheet(results, sheet, t, name, label, lang)

    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _position_sheet(results: Results, sheet, t, name, label, lang: str) -> None:
    """The IFE and EFE tables (weight within the side × the panel's 1–4 rating), their totals, the IE cell and the position."""
    p = results.position
    group_of = {f["id"]: f["group"] for f in results.model["factors"]}
    rows = [
        [t["internal" if p.internal[k] else "external"], f, name(f), label(group_of[f]), float(p.weights[k]),
         float(p.ratings[k]), float(p.scores[k]), float(results.global_factor_weights[k])]
        for side in (True, False) for k, f in enumerate(results.factor_ids) if bool(p.internal[k]) == side
    ]
    rows += [
        [],
        [t["ife_total"], "", "", "", None, None, p.ife_total],
        [t["efe_total"], "", "", "", None, None, p.efe_total],
        [t["ie_cell"], p.ie_cell, t[f"ie_{p.ie_strategy}"]],
        [t["quadrant"], t[f"q_{p.quadrant}"]],
        [t["tows_type"], tows_name(p.tows, lang)],
    ]
    sheet("sheet_position",
          [t["side"], t["factor"], t["name"], t["group_name"], t["side_weight"], t["position_rating"], t["weighted_score"],
           t["global_weight"]],
          rows, {4: NUMBER, 5: NUMBER, 6: NUMBER, 7: NUMBER}, width=30)


def _fuzzy_sheet(results: Results, sheet, t, name, label, lang: str) -> None:
    """Buckley's fuzzy AHP beside the crisp numbers: factors (fuzzy local weight l, m, u; crisp and fuzzy global
    weights), strategies (crisp and fuzzy scores and ranks) and every comparison set's panel fuzzy weights."""
    f = results.fuzzy
    group_of = {factor["id"]: factor["group"] for factor in results.model["factors"]}
    local = {item: s.fuzzy_weights[i] for s in f.sets if s.id.startswith("factors:") for i, item in enumerate(s.items)}
    one = (1.0, 1.0, 1.0)  # the only factor of its group: local weight 1
    rows = [[fid, name(fid), label(group_of[fid]), *[float(v) for v in local.get(fid, one)],
             float(f.local_factor_weights[k]), float(results.global_factor_weights[k]), float(f.global_factor_weights[k])]
            for k, fid in enumerate(results.factor_ids)]
    order = sorted(range(len(results.strategy_ids)), key=lambda k: int(results.ranks[k]))
    rows += [[], [t["strategy"], t["name"], t["crisp_score"], t["crisp_rank"], t["fuzzy_score"], t["fuzzy_rank"]]]
    rows += [[results.strategy_ids[k], name(results.strategy_ids[k]), float(results.strategy_scores[k]),
              int(results.ranks[k]), float(f.strategy_scores[k]), int(f.ranks[k])] for k in order]
    rows += [[], [t["set_name"], t["item"], t["name"], t["fuzzy_lower"], t["fuzzy_middle"], t["fuzzy_upper"],
                  t["fuzzy_weight"], t["set"]]]
    rows += [[set_title(results, s.id, lang), item, name(item), *[float(v) for v in s.fuzzy_weights[i]],
              float(s.weights[i]), s.id] for s in f.sets for i, item in enumerate(s.items)]
    rows += [[], [t["fuzzy_method"].format(method=OPTION_REGISTRIES["fuzzy"].label(f.method, lang))]]
    sheet("sheet_fuzzy",
          [t["factor"], t["name"], t["group_name"], t["fuzzy_lower"], t["fuzzy_middle"], t["fuzzy_upper"],
           t["fuzzy_weight"], t["crisp_global_weight"], t["fuzzy_global_weight"]],
          rows, tail=(2, NUMBER), width=30)


def _network_sheet(results: Results, sheet, t, name, lang: str) -> None:
    """A factor network's matrices, one block each, rows and columns named by node: the unweighted
    supermatrix, the cluster weights, the weighted supermatrix and the limit (column j: seen from node j)."""
    net = results.network
    # nodes and clusters by their codes; the goal and the strategies' cluster by a word, not an English id
    shown = lambda x: t["network_goal"] if x == "goal" else (results.model_obj.label(x, lang) if x == STRATEGY_CLUSTER else x)
    limit = net.limit
    how = (t["network_cesaro"].format(period=localize_digits(str(int(limit.period)), lang)) if limit.cyclic
           else t["network_exact"])
    rows: list[list] = []
    blocks = ((t["network_unweighted"], net.unweighted, net.nodes),
              (t["network_cluster_matrix"], net.cluster_matrix, net.cluster_ids),
              (t["network_weighted"], net.weighted, net.nodes),
              (t["network_limit"].format(how=how), limit.matrix, net.nodes))
    for title, matrix, ids in blocks:
        rows.append([title, *map(shown, ids)])
        rows += [[shown(ids[i]), *[float(v) for v in matrix[i]]] for i in range(len(ids))]
        rows.append([])
    sheet("sheet_network", [t["sheet_network"]], rows, tail=(1, NUMBER))


def _robustness_sheets(results: Results, sheet, t, name, lang: str) -> None:
    rob = results.robustness
    mc = rob.monte_carlo
    digits = lambda value: localize_digits(value, lang)
    if mc is not None:
        S = len(mc.strategy_ids)
        order = sorted(range(S), key=lambda a: (-mc.p_first[a], -mc.p_top_k[a]))
        confidence = format_percent(mc.confidence, lang)
        sheet(
            "sheet_acceptability",
            [t["strategy"], t["name"], t["p_first"], digits(t["p_top_k"].format(k=mc.top_k)), t["score_mean"],
             t["score_low"].format(c=confidence), t["score_high"].format(c=confidence),
             *[digits(t["rank_n"].format(n=r + 1)) for r in range(S)]],
            [[mc.strategy_ids[a], name(mc.strategy_ids[a]), float(mc.p_first[a]), float(mc.p_top_k[a]),
              float(mc.score_mean[a]), float(mc.score_low[a]), float(mc.score_high[a]),
              *[float(v) for v in mc.rank_acceptability[a]]] for a in order]
            + [[], *[[t["setting"].format(name=k), "", v] for k, v in mc.settings.items()]],
            {2: PERCENT, 3: PERCENT, 4: NUMBER, 5: NUMBER, 6: NUMBER}, tail=(7, PERCENT),
        )
    else:
        sheet("sheet_acceptability", [t["no_monte_carlo"]], [])
    # a sweep's level is "groups" or "factors" (analysis.robustness)
    sweep_name = {"group": t["sweep_group"], "groups": t["sweep_group"], "factor": t["sweep_factor"], "factors": t["sweep_factor"]}
    sheet(
        "sheet_crossings",
        [t["sweep"], t["id"], t["name"], t["base_weight"], t["crossing_at"], t["change"], t["relative_change"],
         t["first_before"], t["first_after"], t["score_there"], t["changes_top"]],
        [[sweep_name.get(sweep.level, sweep.level), c.item, name(c.item), c.base_weight, c.weight, c.change, c.relative_change,
          name(c.above_before), name(c.above_after), c.score, bool(c.changes_top)]
         for sweep in (rob.group_sweep, rob.factor_sweep) for c in sweep.crossings],
        {3: NUMBER, 4: NUMBER, 5: NUMBER, 6: PERCENT, 9: NUMBER},
    )
    m = rob.methods
    if m is not None:
        agree = m.agreement_with_ahp
        sheet(
            "sheet_methods",
            [t["strategy"], t["name"], *[method_name(method, lang) for method in m.methods]],
            [[sid, name(sid), *[float(r) for r in m.ranks[:, a]]] for a, sid in enumerate(m.strategy_ids)]
            + [[], [t["first"], "", *[name(m.top[method]) for method in m.methods]],
               [t["agreement"], "", *[agree[method] for method in m.methods]],
               *[[t["failed"].format(name=method_name(method, lang)), message] for method, message in m.failed.items()]],
            tail=(2, "0"),
        )
    else:
        sheet("sheet_methods", [t["no_methods"]], [])
