"""Report context: numbers formatted in Python, Persian digits, both calendars."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from _panel import make_panel

import criteria
from analysis.pipeline import AnalysisOptions, analyze
from reports.context import build_context
from reports.formatting import (
    format_int,
    format_number,
    format_percent,
    gregorian_date,
    jalali_date,
    to_persian_digits,
)

LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(scope="module")
def results():
    model = criteria.load_library_model("tehran-city-diplomacy")
    return analyze(model, make_panel(model, 5, seed=21, wild=(4,)), AnalysisOptions(exclude_inconsistent=True))


def test_persian_numbers():
    assert to_persian_digits("0.125") == "۰٫۱۲۵"
    assert format_number(0.1254, "fa") == "۰٫۱۲۵"
    assert format_number(0.1254, "en") == "0.125"
    assert format_number(float("nan"), "fa") == "–"
    assert format_number(None) == "–"
    assert format_number(-1e-9, "en") == "0.000"  # no "-0.000"
    assert format_int(1234, "fa") == "۱٬۲۳۴"
    assert format_percent(0.925, "fa") == "۹۲٪"
    assert format_percent(0.925, "en", 1) == "92.5%"


def test_jalali_and_gregorian_dates():
    day = dt.date(2025, 3, 21)  # Nowruz 1404
    assert jalali_date(day, "fa") == "۱ فروردین ۱۴۰۴"
    assert jalali_date(day, "en") == "1 Farvardin 1404"
    assert gregorian_date(day, "en") == "21 March 2025"
    assert gregorian_date(day, "fa") == "۲۱ مارس ۲۰۲۵"


def test_persian_context_has_no_latin_digits_in_numbers(results):
    ctx = build_context(results, "fa", charts_enabled=False, when=dt.date(2025, 11, 23))
    assert ctx["dir"] == "rtl" and ctx["lang"] == "fa"
    numbers = [s["score"] for s in ctx["ranking"]["rows"]] + [g["weight"] for g in ctx["weights"]["groups"]]
    numbers += [f["global"] for g in ctx["weights"]["groups"] for f in g["factors"]]
    numbers += [c["cr"] for t in ctx["consistency"]["tables"] for r in t["rows"] for c in r["cells"]]
    for text in numbers:
        assert not LATIN_DIGIT.search(text), text
        assert "٫" in text
    assert ctx["cover"]["date_jalali"] == "۲ آذر ۱۴۰۴"
    for line in ctx["summary"]["lines"]:
        for expert in results.experts:  # the panel's own names ("Expert 5") are the user's text
            line = line.replace(expert.name, "")
        assert not LATIN_DIGIT.search(line.replace("SWOT", "")), line


def test_context_matches_the_results(results):
    ctx = build_context(results, "en", charts_enabled=False)
    best_id, best_score = results.ranking()[0]
    summary = ctx["summary"]
    assert summary["top"][0]["id"] == best_id
    assert summary["top"][0]["score"] == f"{best_score:.3f}"
    assert ctx["ranking"]["rows"][0]["top"] is True
    assert [g["id"] for g in ctx["weights"]["groups"]] == list(results.group_ids)
    assert [[g["id"] for g in row] for row in summary["swot_rows"]] == [["S", "W"], ["O", "T"]]
    excluded = ctx["consistency"]["excluded"]
    assert [e["id"] for e in excluded] == list(results.excluded_expert_ids)
    assert excluded and "CR" in excluded[0]["reason"]
    assert len(ctx["method"]["references"]) >= 6
    refs = " ".join(ctx["method"]["references"])
    for author in ("Saaty", "Kurttila", "Yüksel", "Aguarón", "Alonso", "Goepel"):
        assert author in refs
    aggregated = [d for d in ctx["data"]["tables"] if d["rows"]]
    assert len(aggregated) == len(results.sets)


def test_charts_are_svg_data_uris_with_shaped_persian(results):
    import base64

    ctx = build_context(results, "fa")
    for key in ("groups", "factors", "strategies"):
        uri = ctx["charts"][key]
        assert uri.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")
        assert "<svg" in svg and "<script" not in svg
    svg = base64.b64decode(ctx["charts"]["groups"].split(",", 1)[1]).decode("utf-8")
    # shaped: Arabic presentation forms, frozen in visual order; numbers in Persian digits
    assert any("\ufb50" <= ch <= "\ufeff" for ch in svg)
    assert 'unicode-bidi="bidi-override"' in svg
    assert "۰٫" in svg


def test_anp_context_has_the_inner_dependence_table():
    model = criteria.load_library_model("tehran-city-diplomacy-anp")
    res = analyze(model, make_panel(model, 3, seed=1))
    ctx = build_context(res, "en", charts_enabled=False)
    assert ctx["weights"]["inner"]["columns"] == list(res.group_ids)
    assert "ANP" in ctx["kind"]
    assert all(g["weight_dependent"] for g in ctx["weights"]["groups"])
    np.testing.assert_allclose(res.inner_dependence.sum(axis=0), 1.0)


def test_the_report_is_its_chapters_in_registry_order(results):
    from reports.chapters import CHAPTERS

    ctx = build_context(results, "en", charts_enabled=False)
    # no Monte Carlo in this analysis: the robustness chapter is not shown, its data is None
    assert results.robustness is None and ctx["robustness"] is None
    shown = [c["name"] for c in ctx["chapters"]]
    # no factor network, no fuzzy analysis asked for
    assert shown == [c.name for c in CHAPTERS if c.name not in ("robustness", "network", "fuzzy")]
    assert shown == ["cover", "council", "summary", "weights", "ranking", "tows", "position", "qspm", "consistency",
                     "method", "data", "glossary"]
    assert [c["template"] for c in ctx["chapters"]][2] == "report/summary.html.j2"
    t = ctx["t"]
    assert ctx["toc"] == [t["council"], t["summary"], t["swot_matrix"], t["weights"], t["ranking"], t["tows"],
                          t["position"], t["qspm"],
                          t["consistency"], t["consensus"], t["method"], ctx["data"]["title"], t["glossary"]]


def test_the_web_page_finds_every_chart_of_the_report(results):
    ctx = build_context(results, "fa")
    charts = ctx["charts"]
    assert charts["groups"] == ctx["weights"]["charts"]["groups"]
    assert charts["strategies"] == ctx["ranking"]["charts"]["strategies"]
    assert {"factors", "factors_labels", "label_side", "alt_groups", "alt_factors", "alt_strategies"} <= set(charts)
    assert build_context(results, "fa", charts_enabled=False)["charts"] == {}


def test_a_chapter_may_not_take_a_name_of_the_context(results):
    from mcda.errors import ReportError
    from reports.chapters import CHAPTERS, Chapter

    clash = Chapter("title", "report/title.html.j2", lambda results, lang, settings: {"contents": []})
    with pytest.raises(ReportError, match="'title'.*another name"):
        build_context(results, "en", charts_enabled=False, chapters=[*CHAPTERS, clash])
    twice = [*CHAPTERS, CHAPTERS[3]]
    with pytest.raises(ReportError, match="'weights'"):
        build_context(results, "en", charts_enabled=False, chapters=twice)
