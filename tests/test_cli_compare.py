"""``rahbord compare`` on the Tehran demo: the report's numbers come from the results files it wrote."""

import html
import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner

import criteria
import mcda
import surveys
from rahbord.cli import app
from analysis.pipeline import analyze
from analysis.results import Results
from reports.formatting import format_number

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The Tehran demo's inputs: two filled-workbook panels, a baseline and two scenario files."""
    root = tmp_path_factory.mktemp("compare-demo")
    model = criteria.load_library_model("tehran-city-diplomacy")
    baseline_panel = surveys.synthetic_panel(model, 5, seed=1, out_dir=root / "responses", lang="fa")
    surveys.synthetic_panel(model, 4, seed=2, out_dir=root / "responses-sanctions", lang="en")
    (root / "baseline.yaml").write_text(
        "name: baseline\ndescription: Tehran panel\nmodel: tehran-city-diplomacy\n"
        "responses: [responses/*.xlsx]\noptions: {aggregation: aij}\n",
        encoding="utf-8",
    )
    (root / "sanctions.yaml").write_text(
        "name: sanctions-persist\ndescription: Judgments given assuming sanctions persist\n"
        "changes:\n  responses: [responses-sanctions/*.xlsx]\n",
        encoding="utf-8",
    )
    first = baseline_panel.experts[0].id
    (root / "threats.yaml").write_text(
        "name: threats-heavy\ndescription: What if threats weighed more\n"
        f"changes:\n  exclude_experts: [{first}]\n  group_weights: {{S: 0.2, W: 0.2, O: 0.2, T: 0.4}}\n"
        "  strategies: [P1, P2, P3, P4, P5, P6]\n",
        encoding="utf-8",
    )
    out = root / "out"
    result = runner.invoke(app, ["compare", str(root / "baseline.yaml"), str(root / "sanctions.yaml"),
                                 str(root / "threats.yaml"), "--out", str(out), "--lang", "en", "--draws", "500"])
    assert result.exit_code == 0, result.output
    return root, model, out


def _table_rows(page: str, table_class: str) -> list[list[str]]:
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', page, re.S).group(1)
    body = table.split("<tbody>", 1)[1]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in cells])
    return rows


def test_compare_writes_every_run_and_the_report(demo):
    _, _, out = demo
    for name in ("baseline", "sanctions-persist", "threats-heavy"):
        assert (out / name / "results.json").is_file()
    assert (out / "comparison.html").is_file()
    assert (out / "comparison.pdf").read_bytes().startswith(b"%PDF")


def test_report_numbers_match_the_results_files(demo):
    _, model, out = demo
    runs = {name: Results.load(out / name / "results.json") for name in ("baseline", "sanctions-persist", "threats-heavy")}
    page = (out / "comparison.html").read_text(encoding="utf-8")
    rows = _table_rows(page, "ranks")
    base = runs["baseline"]
    # rows follow the baseline ranking; each cell is "rank [move] score"
    assert [r[0][0] for r in rows] == [s for s, _ in base.ranking()]
    for row in rows:
        sid = row[0][0]
        for cell, name in zip(row[2:], runs):
            res = runs[name]
            if sid not in res.strategy_ids:
                assert cell == ["–"]
                continue
            k = res.strategy_ids.index(sid)
            assert cell[0] == str(int(res.ranks[k]))
            assert cell[-1] == format_number(res.strategy_scores[k], "en")
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    for i, name in enumerate(data["names"]):
        res = runs[name]
        for a, sid in enumerate(data["strategy_ids"]):
            expected = float(res.ranks[res.strategy_ids.index(sid)]) if sid in res.strategy_ids else None
            assert data["ranks"][i][a] == expected
    # rank correlation with the baseline, recomputed from the results files
    sanctions = runs["sanctions-persist"]
    rw = mcda.rank_correlation(mcda.rank_scores(base.strategy_scores, ties="average"),
                               mcda.rank_scores(sanctions.strategy_scores, ties="average"), "weighted_spearman")
    correlation = re.search(r'<section class="part" id="correlation">(.*?)</section>', page, re.S).group(1)
    assert format_number(rw, "en") in correlation
    assert data["correlations"]["weighted_spearman"][1] == pytest.approx(rw)


def test_scenarios_did_what_they_say(demo):
    root, model, out = demo
    threats = Results.load(out / "threats-heavy" / "results.json")
    np.testing.assert_allclose(threats.group_weights, [0.2, 0.2, 0.2, 0.4])
    assert threats.strategy_ids == ("P1", "P2", "P3", "P4", "P5", "P6")
    assert len(threats.experts) == 4
    sanctions = Results.load(out / "sanctions-persist" / "results.json")
    direct = analyze(model, surveys.read_responses(model, sorted((root / "responses-sanctions").glob("*.xlsx")),
                                                   isolate=False))
    np.testing.assert_allclose(sanctions.strategy_scores, direct.strategy_scores)
    np.testing.assert_array_equal(sanctions.ranks, direct.ranks)


def test_persian_report_uses_persian_digits(demo):
    root, _, _ = demo
    out = root / "out-fa"
    result = runner.invoke(app, ["compare", str(root / "baseline.yaml"), str(root / "threats.yaml"), "--out", str(out),
                                 "--lang", "fa", "--no-pdf", "--draws", "0"])
    assert result.exit_code == 0, result.output
    page = (out / "comparison.html").read_text(encoding="utf-8")
    base = Results.load(out / "baseline" / "results.json")
    assert 'dir="rtl"' in page
    assert format_number(base.strategy_scores[0], "fa") in page
    assert not (out / "comparison.pdf").exists()
    # the scenario's changes are worded in Persian too (reports.changes), not the English log lines
    assert "کارشناسان کنار گذاشته" in page and "وزن گروه‌ها (فرضی)" in page
    assert "experts left out" not in page and "group weights set to" not in page
    # signed deltas keep their minus sign on the left in the PDF's right-to-left tables
    assert re.search(r"td\.num \{ direction: ltr; unicode-bidi: isolate; \}", page)


def test_bad_scenario_names_the_field_and_exits_2(demo):
    from mcda.errors import ModelError
    from rahbord.commands.compare import compare_scenarios

    root, _, _ = demo
    bad = root / "bad.yaml"
    bad.write_text("name: bad\nchanges:\n  strategies: [P1, P42]\n  group_weights: {S: 0.5, W: 0.5, O: 0.5, T: 0.5}\n"
                   "  experts: [nobody]\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(root / "baseline.yaml"), str(bad), "--out", str(root / "out-bad")])
    assert result.exit_code == 2
    assert "error: 3 problem(s) in the scenario files" in result.output
    assert not (root / "out-bad").exists()
    with pytest.raises(ModelError) as info:
        compare_scenarios(root / "baseline.yaml", [bad], root / "out-bad")
    messages = {p.cell: p.message for p in info.value.problems}
    assert "unknown strategy 'P42'" in messages["changes.strategies[1]"]
    assert "sum to 2" in messages["changes.group_weights"]
    assert "unknown expert 'nobody'" in messages["changes.experts[0]"]
    assert {p.file for p in info.value.problems} == {str(bad)}


def test_robustness_section_matches_comparison_json(demo):
    from reports.formatting import format_percent

    _, model, out = demo
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    mc = data["robustness"]["monte_carlo"]
    assert mc["draws"] == 500 and sum(mc["p_first"]) == pytest.approx(1.0)
    page = (out / "comparison.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="part" id="robustness">(.*?)</section>', page, re.S).group(1)
    for a, sid in enumerate(mc["strategy_ids"]):
        row = re.search(rf"<td class=\"id\" dir=\"ltr\">{sid}</td><td>[^<]*</td><td class=\"num\"[^>]*>([^<]*)</td>", section).group(1)
        assert row == format_percent(mc["p_first"][a], "en")
    sweep = data["robustness"]["group_sweep"]
    base = Results.load(out / "baseline" / "results.json")
    np.testing.assert_allclose(sweep["base_scores"], base.strategy_scores, atol=1e-12)
    # the nearest weight below and above the current one at which the top changes is printed per group
    for k, gid in enumerate(sweep["item_ids"]):
        changes = [p["weight"] for p in sweep["crossings"] if p["item"] == gid and p["changes_top"]]
        below = [w for w in changes if w < sweep["base_weights"][k]]
        above = [w for w in changes if w >= sweep["base_weights"][k]]
        for w in ([max(below)] if below else []) + ([min(above)] if above else []):
            assert f"→ {format_number(w, 'en')}:" in section
    methods = data["robustness"]["methods"]
    assert methods["methods"][0] == "AHP" and len(methods["ranks"][0]) == len(model.strategies)


def test_baseline_can_be_a_results_file_from_analyze(demo):
    root, _, out = demo
    again = root / "out-from-results"
    result = runner.invoke(app, ["compare", str(out / "baseline" / "results.json"), str(root / "threats.yaml"),
                                 "--out", str(again), "--no-pdf", "--draws", "0"])
    assert result.exit_code == 0, result.output
    first = Results.load(out / "baseline" / "results.json").to_dict()
    second = Results.load(again / "baseline" / "results.json").to_dict()
    first.pop("created"), second.pop("created")
    assert first == second


def _plain(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u2066", "").replace("\u2068", "")
                    .replace("\u2069", "").split())


def test_report_names_strategies_and_says_who_was_left_out(demo):
    """Names, not bare codes, in the bullets, tables and chart; the left-out expert counted and the top compared."""
    import base64
    import shutil
    import subprocess

    _, model, out = demo
    runs = {name: Results.load(out / name / "results.json") for name in ("baseline", "sanctions-persist", "threats-heavy")}
    short = {s.id: s.short_en or s.label_en for s in model.strategies}
    text = _plain((out / "comparison.html").read_text(encoding="utf-8"))
    conclusions = text.split("What holds in every scenario", 1)[1].split("Rankings side by side", 1)[0]
    # every strategy code in the bullets stands beside its name: "Name (P1)", never "P1 > P5"
    codes = re.findall(r"\bP\d+\b", conclusions)
    assert codes and all(f"{short[code]} ({code})" in conclusions for code in codes)
    assert not re.search(r"\bP\d+ > P\d+\b", conclusions)
    base_top, threats_top = runs["baseline"].ranking()[0][0], runs["threats-heavy"].ranking()[0][0]
    line = re.search(r"threats-heavy: 1 of 5 experts were left out of the calculation — [^.]*\(left out by the scenario\)\. "
                     r"The first strategy (stays the same|changes from)[^.]*\.", conclusions)
    assert line, conclusions
    if base_top == threats_top:
        assert line.group(1) == "stays the same" and f"{short[base_top]} ({base_top})" in line.group(0)
    else:
        assert f"changes from {short[base_top]} ({base_top}) to {short[threats_top]} ({threats_top})" in line.group(0)
    assert not re.search(r"sanctions-persist: \d+ of", conclusions)  # its own panel, nobody left out
    # the ranking table names each strategy; the chart legend too (the SVG's text)
    rows = _table_rows((out / "comparison.html").read_text(encoding="utf-8"), "ranks")
    for row in rows:
        assert " ".join(row[1]) == short[row[0][0]]
    page = (out / "comparison.html").read_text(encoding="utf-8")
    svgs = [base64.b64decode(svg).decode() for svg in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]
    bump = next(svg for svg in svgs if "(P1)<" in svg)
    # name first, the code after it: "Laws easing participation (P2)" (cut at a word when long)
    assert all(re.search(rf">{re.escape(short[code].split()[0])}[^<]* \({code}\)<", bump.replace("&amp;", "&"))
               for code in short)
    if shutil.which("pdftotext"):
        pdf = subprocess.run(["pdftotext", str(out / "comparison.pdf"), "-"], capture_output=True, text=True, check=True).stdout
        assert "1 of 5 experts were left out" in " ".join(pdf.split())


def test_persian_comparison_counts_inconsistent_experts_left_out(tmp_path):
    from _panel import make_panel

    from analysis.pipeline import AnalysisOptions
    from analysis.scenarios.compare import compare_results
    from reports.compare import render_compare_html

    model = criteria.load_library_model("tehran-city-diplomacy")
    panel = make_panel(model, 5, seed=12, wild=(0,))
    base = analyze(model, panel, AnalysisOptions())
    strict = analyze(model, panel, AnalysisOptions(exclude_inconsistent=True))
    assert len(strict.excluded_expert_ids) == 1
    text = _plain(render_compare_html(compare_results(base, [("سخت‌گیرانه", strict)]), "fa", charts_enabled=False))
    top = base.ranking()[0][0]
    name = next(s.short_fa or s.label_fa for s in model.strategies if s.id == top)
    assert "سخت‌گیرانه: ۱ خبره از ۵ خبره از محاسبه کنار گذاشته شدند" in text
    assert "(ناسازگاری قضاوت‌ها)" in text
    expected = "راهبرد نخست تغییر نمی‌کند" if strict.ranking()[0][0] == top else "راهبرد نخست از"
    assert f"{expected}" in text and f"{name} ({top})" in text
    assert "۴ از ۵" in text  # the panel column of the scenarios table
