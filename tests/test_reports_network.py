"""The report's network chapter (SWOT-ANP factor networks): shown only for a factor network, in both languages."""

from __future__ import annotations

import re

import numpy as np
import pytest
from _panel import make_panel

import criteria
from analysis.pipeline import analyze
from reports.context import build_context


@pytest.fixture(scope="module")
def results():
    model = criteria.load_library_model("tehran-city-diplomacy-anp")
    return analyze(model, make_panel(model, 3, seed=1))


def test_the_network_chapter_lists_the_links_and_the_matrices(results):
    ctx = build_context(results, "en", charts_enabled=True)
    net = ctx["network"]
    assert "network" in [c["name"] for c in ctx["chapters"]]
    sources = [link["source"] for link in net["links"]]
    assert len(net["links"]) == len(results.model_obj.factor_dependencies) == 11
    assert any(s.endswith("(T2)") for s in sources)
    kinds = {(link["source"][-3:-1], link["target"][-3:-1]): link["kind"] for link in net["links"]}
    assert kinds[("S1", "S2")] == "inner (same group)" and kinds[("T2", "O5")] == "outer (another group)"
    n = results.network.size
    assert n == 1 + 31 + 7
    assert [m["size"] for m in net["matrices"]] == [f"{n} × {n}", "6 × 6", f"{n} × {n}", f"{n} × {n}"]
    assert ("Cesàro" in net["how"]) == bool(results.network.limit.cyclic)
    assert net["chart"].startswith("data:image/svg+xml")


def test_the_persian_network_chapter_has_no_latin_but_codes(results):
    ctx = build_context(results, "fa", charts_enabled=False)
    net = ctx["network"]
    codes = set(results.factor_ids)
    # the chapter's own words (the factors' names are the model author's, e.g. «UCLG» in a Persian label)
    texts = [net["note"], net["how"], *(m["name"] for m in net["matrices"]), *(m["size"] for m in net["matrices"]),
             *(link["kind"] for link in net["links"]), ctx["t"]["network"], ctx["t"]["network_links"]]
    for text in texts:
        bare = re.sub(r"\b(" + "|".join(sorted(codes, key=len, reverse=True)) + r")\b", "", text)
        assert not re.search(r"[A-Za-z0-9]", bare), text


def test_models_without_a_factor_network_have_no_network_chapter():
    model = criteria.load_library_model("tehran-city-diplomacy")
    ctx = build_context(analyze(model, make_panel(model, 3, seed=1)), "en", charts_enabled=False)
    assert ctx["network"] is None and "network" not in [c["name"] for c in ctx["chapters"]]


def test_a_network_strategys_contributions_add_up_to_its_score(results):
    from reports.chapters.council import contributions

    parts = contributions(results)
    assert parts.shape == (len(results.strategy_ids), len(results.factor_ids)) and (parts >= 0).all()
    assert parts.sum(axis=1) == pytest.approx(results.strategy_scores, abs=1e-12)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_results_workbook_has_the_supermatrices(results, tmp_path, lang):
    import openpyxl

    from reports.xlsx import write_xlsx
    from reports.xlsx_strings import xlsx_text_for

    path = write_xlsx(results, tmp_path / "results.xlsx", lang=lang)
    t = xlsx_text_for(lang)
    ws = openpyxl.load_workbook(path)[t["sheet_network"]]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    n = results.network.size
    titles = [k for k, row in enumerate(rows) if row[0] and str(row[0]).startswith(t["network_weighted"])]
    assert len(titles) == 1
    first = titles[0]
    header = rows[first][1:n + 1]
    assert header[0] == t["network_goal"] and header[-1] == results.strategy_ids[-1]
    weighted = np.array([[float(v or 0) for v in row[1:n + 1]] for row in rows[first + 1:first + 1 + n]])
    np.testing.assert_allclose(weighted, results.network.weighted, atol=1e-15)
    if lang == "fa":
        assert not any(isinstance(v, str) and v in ("goal", "strategies") for row in rows for v in row)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_method_chapter_names_the_network(results, lang):
    method = build_context(results, lang, charts_enabled=False)["method"]
    assert any(("Factor network" if lang == "en" else "شبکهٔ عوامل") in step for step in method["steps"])
    assert any("1996" in r or "۱۹۹۶" in r for r in method["references"])


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_network_sets_have_titles_in_the_readers_language(results, lang):
    from reports.chapters.labels import set_title

    for set_id in ("network:S1:O", "clusters:S"):
        for short in (False, True):
            title = set_title(results, set_id, lang, short=short)
            assert title != set_id and ":" not in title
            if lang == "fa":
                bare = re.sub(r"\b(S1|O|S)\b|UCLG", "", title)
                assert not re.search(r"[A-Za-z0-9]", bare), title


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_data_appendix_names_the_strategies_cluster_not_by_the_engines_id(results, lang):
    """The cluster matrices' headers: the groups by their ids, the strategies' cluster by its name."""
    from criteria.model import STRATEGY_CLUSTER

    tables = build_context(results, lang, charts_enabled=False)["data"]["tables"]
    clusters = [d for d, s in zip(tables, results.sets) if s.id.startswith("clusters:")]
    assert clusters and all(d["rows"] for d in clusters)
    name = results.model_obj.label(STRATEGY_CLUSTER, lang)
    assert name == ("راهبردها" if lang == "fa" else "Strategies")
    for d in clusters:
        assert d["columns"][-1] == name and STRATEGY_CLUSTER not in d["columns"]
        assert set(d["columns"][:-1]) <= set(results.group_ids)


def _summary_row(results, tmp_path, lang):
    import openpyxl

    from reports.xlsx import write_xlsx
    from reports.xlsx_strings import xlsx_text_for

    t = xlsx_text_for(lang)
    path = write_xlsx(results, tmp_path / f"{lang}.xlsx", lang=lang)
    rows = openpyxl.load_workbook(path)[t["sheet_summary"]].iter_rows(min_row=2, values_only=True)
    return next(row[1:3] for row in rows if row[0] == t["f_network"])


@pytest.mark.parametrize(
    ("variant", "en", "fa", "code"),
    [
        ("library", "inner dependence among the groups; factor network", "وابستگی درونی گروه‌ها؛ شبکهٔ عوامل",
         "group_dependence+factor_network"),
        ("groups", "inner dependence among the groups", "وابستگی درونی گروه‌ها", "group_dependence"),
        ("feedback", "inner dependence among the groups; factor network with feedback from the strategies",
         "وابستگی درونی گروه‌ها؛ شبکهٔ عوامل با بازخورد راهبردها", "group_dependence+factor_network+feedback"),
        ("hierarchy", "none: a hierarchy (SWOT-AHP)", "ندارد؛ سلسله‌مراتب (فرایند تحلیل سلسله‌مراتبی)", "hierarchy"),
    ],
)
def test_the_results_workbook_says_what_the_network_holds(results, tmp_path, variant, en, fa, code):
    """The summary names the model's structure (not "inner dependence" for every ANP model), in both languages."""
    from dataclasses import replace
    from pathlib import Path

    if variant == "library":
        run = results
    else:
        model = {
            "groups": criteria.load_model(Path(__file__).parent / "golden" / "tehran-city-diplomacy-anp-groups.yaml"),
            "feedback": replace(results.model_obj, feedback=True),
            "hierarchy": criteria.load_library_model("tehran-city-diplomacy"),
        }[variant]
        run = analyze(model, make_panel(model, 3, seed=1))
    assert _summary_row(run, tmp_path, "en") == (en, code)
    assert _summary_row(run, tmp_path, "fa") == (fa, code)


def test_the_persian_workbook_writes_versions_with_persian_digits(results, tmp_path):
    """The summary's value column in Persian: «۱٫۲» for 1.2, the code column keeps the version as written."""
    import openpyxl

    import mcda
    from reports.xlsx import write_xlsx
    from reports.xlsx_strings import xlsx_text_for

    t = xlsx_text_for("fa")
    rows = openpyxl.load_workbook(write_xlsx(results, tmp_path / "fa.xlsx", lang="fa"))[t["sheet_summary"]]
    summary = {row[0]: row[1:3] for row in rows.iter_rows(min_row=2, values_only=True)}
    version = results.model_obj.version
    assert "." in version and summary[t["f_model_version"]] == (mcda.digits.localize_version(version, "fa"), version)
    assert "." not in summary[t["f_model_version"]][0] and "٫" in summary[t["f_model_version"]][0]
    value, code = summary[t["f_software"]]
    assert code == mcda.__version__ and value == "٫".join(mcda.localize_digits(part, "fa") for part in code.split("."))
