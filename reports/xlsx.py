"""Excel export of every number behind the report.

Sheets: ``Summary`` (options and provenance), ``Strategies``, ``Global factor
weights``, ``Groups``, ``Consistency`` (CR / GCI per expert and set),
``Consensus``, ``Expert weights`` (every expert's and the aggregated
priorities per set), ``Local scores`` (strategies × factors) and
``Matrices`` (aggregated judgment matrices); with a robustness check in the
results also ``Rank acceptability`` (Monte Carlo), ``Crossings`` (every
crossing point of the group- and factor-weight sweeps) and ``Method ranks``
(the ranking by other MCDA methods).  Numbers are written as numbers
at full precision; text that came from users is neutralised against formula
injection (OWASP: a leading ``= + - @``, tab or CR gets a ``'`` prefix).
"""

from __future__ import annotations

import math
from pathlib import Path

from analysis.results import Results
from surveys.celltext import safe_cell_text  # one neutraliser for every workbook rahbord writes

__all__ = ["write_xlsx", "safe_cell_text", "SHEETS", "ROBUSTNESS_SHEETS"]

SHEETS = (
    "Summary",
    "Strategies",
    "Global factor weights",
    "Groups",
    "Consistency",
    "Consensus",
    "Expert weights",
    "Local scores",
    "Matrices",
)
#: added after SHEETS when the results carry a robustness check
ROBUSTNESS_SHEETS = ("Rank acceptability", "Crossings", "Method ranks")


def _cell(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    return safe_cell_text(value)


def write_xlsx(results: Results, path, *, lang: str = "en") -> Path:
    """Write the results workbook; labels in ``lang`` (``"fa"`` sets sheets right-to-left)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    model = results.model_obj
    label = lambda item_id: model.label(item_id, lang)  # noqa: E731
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)

    def sheet(name: str, header: list[str], rows):
        ws = wb.create_sheet(name)
        ws.sheet_view.rightToLeft = lang == "fa"
        ws.append([_cell(h) for h in header])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([_cell(v) for v in row])
        ws.freeze_panes = "A2"
        for k, h in enumerate(header, start=1):
            ws.column_dimensions[get_column_letter(k)].width = max(10, min(60, len(str(h)) + 4))
        return ws

    o = results.options
    sheet(
        "Summary",
        ["field", "value"],
        [
            ["model", results.model_id],
            ["model version", results.model_version],
            ["model hash", results.model_hash],
            ["title", model.title_fa if lang == "fa" else model.title_en],
            ["software version", results.software_version],
            ["computed", results.created],
            ["priority method", o["method"]],
            ["aggregation", o["aggregation"]],
            ["random index table", o["ri_table"]],
            ["CR threshold", o["cr_threshold"]],
            ["exclude inconsistent experts", o["exclude_inconsistent"]],
            ["synthesis", o.get("synthesis", "")],
            ["SWOT-ANP (inner dependence)", results.is_network],
            ["experts", len(results.experts)],
            ["experts excluded", ", ".join(results.excluded_expert_ids)],
            ["Monte Carlo draws", o.get("robustness_draws", 0)],
            ["Monte Carlo seed", o.get("robustness_seed", "")],
            *[["note", n] for n in results.notes],
        ],
    )
    order = sorted(range(len(results.strategy_ids)), key=lambda k: int(results.ranks[k]))
    sheet(
        "Strategies",
        ["rank", "strategy", "label", "score"],
        [[int(results.ranks[k]), results.strategy_ids[k], label(results.strategy_ids[k]), float(results.strategy_scores[k])] for k in order],
    )
    sheet(
        "Global factor weights",
        ["factor", "group", "label", "local weight", "global weight"],
        [
            [f, results.model["factors"][k]["group"], label(f), float(results.local_factor_weights[k]), float(results.global_factor_weights[k])]
            for k, f in enumerate(results.factor_ids)
        ],
    )
    group_header = ["group", "label", "weight"]
    if results.dependent_group_weights is not None:
        group_header.append("weight with inner dependence")
    sheet(
        "Groups",
        group_header,
        [
            [g, label(g), float(results.group_weights[k])]
            + ([float(results.dependent_group_weights[k])] if results.dependent_group_weights is not None else [])
            for k, g in enumerate(results.group_ids)
        ],
    )
    sheet(
        "Consistency",
        ["set", "expert", "name", "CR", "GCI", "lambda max", "consistent", "pairs answered", "pairs", "excluded"],
        [
            [s.id, e.id, e.name, float(s.cr[k]), float(s.gci[k]), float(s.lambda_max[k]), bool(s.consistent[k]),
             int(s.answered[k]), s.n_pairs, e.excluded]
            for s in results.sets
            for k, e in enumerate(results.experts)
        ],
    )
    sheet(
        "Consensus",
        ["set", "S*", "Kendall W", "CR of the aggregate", "GCI of the aggregate"],
        [[s.id, float(s.s_star), float(s.kendall_w), s.aggregated_cr, s.aggregated_gci] for s in results.sets],
    )
    sheet(
        "Expert weights",
        ["set", "expert", "item", "label", "weight"],
        [
            [s.id, e.id, item, label(item), float(s.expert_weights[k, i])]
            for s in results.sets
            for k, e in enumerate(results.experts)
            for i, item in enumerate(s.items)
        ]
        + [[s.id, "(aggregated)", item, label(item), float(s.weights[i])] for s in results.sets for i, item in enumerate(s.items)],
    )
    sheet(
        "Local scores",
        ["strategy", *results.factor_ids],
        [[sid, *[float(v) for v in results.strategy_local_scores[k]]] for k, sid in enumerate(results.strategy_ids)],
    )
    matrix_rows: list[list] = []
    for s in results.sets:
        if s.matrix is None:
            continue
        matrix_rows.append([s.id, *s.items])
        for i, item in enumerate(s.items):
            matrix_rows.append([item, *[float(v) for v in s.matrix[i]]])
        matrix_rows.append([])
    sheet("Matrices", ["aggregated judgment matrices (AIJ); empty under AIP"], matrix_rows)
    if results.robustness is not None:
        _robustness_sheets(results, sheet, label)

    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


def _robustness_sheets(results: Results, sheet, label) -> None:
    rob = results.robustness
    mc = rob.monte_carlo
    if mc is not None:
        S = len(mc.strategy_ids)
        order = sorted(range(S), key=lambda a: (-mc.p_first[a], -mc.p_top_k[a]))
        sheet(
            "Rank acceptability",
            ["strategy", "label", "P(first)", f"P(top {mc.top_k})", "score mean", f"score low ({mc.confidence:.0%})",
             f"score high ({mc.confidence:.0%})", *[f"rank {r + 1}" for r in range(S)]],
            [[mc.strategy_ids[a], label(mc.strategy_ids[a]), float(mc.p_first[a]), float(mc.p_top_k[a]),
              float(mc.score_mean[a]), float(mc.score_low[a]), float(mc.score_high[a]),
              *[float(v) for v in mc.rank_acceptability[a]]] for a in order]
            + [[], *[[f"setting: {k}", "", v] for k, v in mc.settings.items()]],
        )
    else:
        sheet("Rank acceptability", ["no Monte Carlo in these results"], [])
    sheet(
        "Crossings",
        ["sweep", "weight of", "label", "base weight", "crossing at", "change", "relative change",
         "first before", "first after", "score there", "changes the top strategy"],
        [[sweep.level, c.item, label(c.item), c.base_weight, c.weight, c.change, c.relative_change,
          c.above_before, c.above_after, c.score, c.changes_top]
         for sweep in (rob.group_sweep, rob.factor_sweep) for c in sweep.crossings],
    )
    m = rob.methods
    if m is not None:
        agree = m.agreement_with_ahp
        sheet(
            "Method ranks",
            ["strategy", "label", *m.methods],
            [[sid, label(sid), *[float(r) for r in m.ranks[:, a]]] for a, sid in enumerate(m.strategy_ids)]
            + [[], ["first", "", *[m.top[name] for name in m.methods]],
               ["weighted Spearman r_w with AHP", "", *[agree[name] for name in m.methods]],
               *[["failed: " + name, message] for name, message in m.failed.items()]],
        )
    else:
        sheet("Method ranks", ["no method comparison in these results"], [])
