"""The Persian report's charts, robustness chapter and comparison report speak Persian (issue 13, items 1 and 4).

Names come first everywhere: a Persian chart draws the name alone (a chart is an image,
where a code cannot be a small tag), an English one "name (P7)".  The robustness chapter
names the other ranking methods as Persian MCDA papers do (تاپسیس، ویکور، پرومته ۲ …),
says "سوات" for SWOT and explains the rank correlation in words; the comparison report
does the same, and its scenario tops are names with the codes beside them as tags.
"""

from __future__ import annotations

import base64
import re

import pytest
from _panel import make_panel
from markupsafe import escape

import criteria
from analysis.pipeline import AnalysisOptions, analyze
from analysis.scenarios.compare import compare_results
from mcda.digits import localize_version
from reports import ReportOptions, render_html
from reports.chapters.labels import short_label
from reports.compare import COMPARE_TEXT, build_compare_context, render_compare_html
from reports.robustness import ROBUSTNESS_TEXT, robustness_context, sweep_panel
from reports.strings import method_name, text_for

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def case():
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = make_panel(model, 5, seed=11)
    base = analyze(model, responses, AnalysisOptions(robustness_draws=200, robustness_seed=3))
    other = analyze(model, responses, AnalysisOptions(aggregation="aip"))
    return model, base, compare_results(base, [("تجمیع اولویت‌ها", other)])


def _svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)


def _svgs(page: str) -> list[str]:
    return [base64.b64decode(u).decode("utf-8") for u in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]


def _latin_outside_model_text(text: str, model) -> list[str]:
    """Latin letters in ``text`` once the model's own labels (written by its author, e.g. 'UCLG'), the codes
    isolated beside a name as a tag («… (\u2066P4\u2069)») and ``{placeholders}`` are taken out."""
    text = re.sub(r"\u2066[A-Z]+\d+\u2069|\{\w+\}", " ", text)
    for item in (*model.groups, *model.factors, *model.strategies):
        for label in (item.label_fa, getattr(item, "short_fa", "")):
            if label:
                text = text.replace(label, " ")
    return re.findall(r"[A-Za-z][A-Za-z_*'-]*", text)


def test_chart_labels_put_the_name_first(case):
    model, base, _ = case
    for s in model.strategies:
        assert short_label(base, s.id, "fa") == (s.short_fa or s.label_fa)
        en = short_label(base, s.id, "en")
        assert en.endswith(f" ({s.id})") and en.startswith((s.short_en or s.label_en)[:20])


def test_persian_sweep_panel_draws_no_code(case):
    model, base, _ = case
    fa = sweep_panel(base.robustness.group_sweep, "fa", model)
    texts = _svg_texts(fa)
    assert texts and not [t for t in texts if LATIN.search(t)], [t for t in texts if LATIN.search(t)]
    en = sweep_panel(base.robustness.group_sweep, "en", model)
    assert any(t.endswith("(S)") for t in _svg_texts(en))  # English titles keep the code after the name


def test_the_robustness_chapter_names_the_methods_in_persian(case):
    model, base, _ = case
    m = base.robustness.methods
    fa = robustness_context(base.robustness, base, "fa", charts_enabled=False)
    names = [row["name"] for row in fa["methods"]["rows"]]
    assert names == [method_name(name, "fa") for name in m.methods]
    assert "تحلیل سلسله‌مراتبی" == names[0] and "تاپسیس" in names and "پرومته ۲" in names
    assert not [n for n in names if LATIN.search(n)]
    assert not _latin_outside_model_text(fa["methods"]["text"], model)
    for key in ("methods_note", "disagreements", "method_agree", "summary_no_mc", "rw_header"):
        assert not _latin_outside_model_text(ROBUSTNESS_TEXT["fa"][key], model), key
    en = robustness_context(base.robustness, base, "en", charts_enabled=False)
    assert [row["name"] for row in en["methods"]["rows"]] == list(m.methods)  # English keeps the methods' own names


def test_the_persian_report_chapters_have_no_method_acronyms_or_swot(case):
    model, base, _ = case
    page = render_html(base, ReportOptions(lang="fa"))
    chapter = re.search(r'<section class="chapter" id="robustness">(.*?)</section>', page, re.DOTALL).group(1)
    plain = re.sub(r'<(span|div) class="tag">.*?</(?:span|div)>|<td class="id"[^>]*>.*?</td>|<[^>]+>', " ", chapter)
    assert "تاپسیس" in plain and "ویکور" in plain
    assert not _latin_outside_model_text(plain, model)
    t = text_for("fa")
    for key in ("group_weights", "swot_matrix", "report_kind", "summary_top"):
        assert "سوات" in t[key] and not LATIN.search(t[key]), key
    # every chart of the Persian report: names only, no Latin code drawn inside the image
    for svg in _svgs(page):
        for text in _svg_texts(svg):
            assert not LATIN.search(text.replace("UCLG", "")), text


def test_the_persian_comparison_report_speaks_persian(case):
    model, base, comparison = case
    ctx = build_compare_context(comparison, "fa", robustness=base.robustness)
    for s, top in zip(ctx["scenarios"], comparison.top):
        assert s["top"] == " = ".join(model.label(sid, "fa") if not _short(model, sid) else _short(model, sid)
                                      for sid in top.split("="))
        assert s["top_ids"] == top.split("=")
    c = COMPARE_TEXT["fa"]
    for key in ("group_weights", "correlation_note", "corr_rw", "corr_ws", "corr_kendall", "top_group"):
        assert not _latin_outside_model_text(c[key], model), key
    for svg in _svgs('src="' + ctx["charts"]["bump"] + '"'):
        assert not [t for t in _svg_texts(svg) if LATIN.search(t)]
    page = render_compare_html(comparison, "fa", robustness=base.robustness, charts_enabled=False)
    table = re.search(r'<section class="part" id="correlation">(.*?)</section>', page, re.DOTALL).group(1)
    assert "اسپیرمن وزنی" in table and "تاو کندال" in table and "r_w" not in table and "Kendall" not in table
    english = render_compare_html(comparison, "en", charts_enabled=False)
    assert "Kendall τ" in english
    # the header names the model by its title and version, not by its id and hash
    header = re.search(r'<header class="head">(.*?)</header>', page, re.DOTALL).group(1)
    assert f"{model.title_fa}، نسخهٔ {localize_version(model.version, 'fa')}" in header and base.model_hash not in header and base.model_id not in header
    assert not _latin_outside_model_text(re.sub(r"<[^>]+>", " ", header).replace(model.title_fa, " "), model)
    english_header = re.search(r'<header class="head">(.*?)</header>', english, re.DOTALL).group(1)
    assert f"{escape(model.title_en)}, version {model.version}" in english_header and base.model_hash not in english_header


def _short(model, sid):
    item = next(s for s in model.strategies if s.id == sid)
    return item.short_fa
