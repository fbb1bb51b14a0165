"""The council's report: names not codes, the council chapter, TOWS, QSPM, glossary, the Word copy.

Reads the outputs back as a reader meets them: the PDF's text (pdftotext),
the DOCX (python-docx); the QSPM totals are recomputed here from the
responses alone (AIJ geometric means, principal eigenvectors, mean ratings).
"""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess

import numpy as np
import pytest
from _panel import make_panel

import criteria
from analysis.pipeline import AnalysisOptions, analyze
from reports import ReportOptions, build_context, write_report
from reports.docx import docx_bytes
from reports.formatting import format_number
from reports.robustness import sweep_panel
from reports.strings import text_for

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is needed")


@pytest.fixture(scope="module")
def case():
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = make_panel(model, 5, seed=11)
    return model, responses, analyze(model, responses, AnalysisOptions(robustness_draws=200))


@pytest.fixture(scope="module")
def written(case, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    _, _, results = case
    files = {lang: write_report(results, out, ReportOptions(lang=lang), stem=f"report-{lang}") for lang in ("fa", "en")}
    text = {lang: subprocess.run(["pdftotext", str(files[lang]["pdf"]), "-"], capture_output=True,
                                 text=True, check=True).stdout for lang in files}
    return files, text


def _eigen(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(matrix)
    w = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return w / w.sum()


def qspm_from_responses(model, responses) -> np.ndarray:
    """(strategies, factors) weighted attractiveness, from the answers alone."""
    def weights(set_id):
        stack = np.asarray(responses.judgments[set_id], dtype=float)
        return _eigen(np.exp(np.log(stack).mean(axis=0)))

    groups = weights("groups")
    global_w = np.zeros(len(model.factors))
    for gi, g in enumerate(model.group_ids):
        members = [k for k, f in enumerate(model.factors) if f.group == g]
        local = weights(f"factors:{g}") if len(members) > 1 else np.ones(1)
        global_w[members] = groups[gi] * local
    attractiveness = np.nanmean(np.asarray(responses.ratings, dtype=float), axis=0)
    return attractiveness * global_w[None, :]


def _squash(text: str) -> str:
    """Spaces collapsed; the bidi marks pdftotext adds and zero-width non-joiners taken out."""
    return re.sub(r"\s+", " ", re.sub("[\u200c\u202a-\u202e\u2066-\u2069]", "", text))


def test_the_council_chapter_names_the_strategies_and_says_why(case, written):
    model, _, results = case
    _, text = written
    top = results.ranking()[0][0]
    strategy = next(s for s in model.strategies if s.id == top)
    for lang, label in (("en", strategy.label_en), ("fa", strategy.label_fa)):
        t = text_for(lang)
        council = _squash(text[lang].split(t["council_why"])[0])
        assert _squash(t["council"]) in council
        assert _squash(label)[:25] in council if lang == "en" else True
    assert "comes first in" in _squash(text["en"]) and "would come first" in _squash(text["en"])
    # the summary's robustness sentence names the strategy, not only its code
    en = _squash(text["en"])
    assert f"{strategy.short_en} ({top}) ranks first in" in en


def test_qspm_totals_recomputed_from_the_responses(case, written):
    model, responses, results = case
    _, text = written
    recomputed = qspm_from_responses(model, responses)
    np.testing.assert_allclose(recomputed.sum(axis=1), results.strategy_scores, atol=1e-9)
    en = _squash(text["en"])
    qspm = en.split(text_for("en")["qspm"])[-1]
    assert text_for("en")["qspm_total"] in qspm
    for total in recomputed.sum(axis=1):
        assert format_number(total, "en", 3) in qspm
    k = int(np.argmin(results.ranks))
    j = int(np.argmax(recomputed[k]))
    assert format_number(recomputed[k, j], "en", 3) in qspm
    assert "equal the strategy scores of the ranking" in qspm


def test_the_tows_matrix_lists_every_strategy_by_quadrant(case, written):
    model, _, results = case
    _, text = written
    en = _squash(text["en"])
    t = text_for("en")
    tows = en.split(t["tows_note"][:40])[1].split(t["qspm_note"][:40])[0]
    for s in model.strategies:
        assert s.short_en in tows and s.tows_reason_en[:30] in tows


def test_a_model_without_tows_types_says_so():
    model = criteria.load_library_model("generic-swot")
    results = analyze(model, make_panel(model, 3, seed=2))
    context = build_context(results, "en", charts_enabled=False)
    assert context["tows"]["absent"].startswith("This model does not classify")
    assert context["qspm"]["totals"]


def test_charts_legends_carry_names(case):
    model, _, results = case
    svg = sweep_panel(results.robustness.group_sweep, "en", model)
    for s in model.strategies:
        assert f">{s.short_en}<" in svg.replace("&amp;", "&")


def test_leaving_out_a_third_of_the_panel_is_said_plainly():
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = make_panel(model, 5, seed=3, noise=0.05, wild=(0, 1))
    results = analyze(model, responses, AnalysisOptions(exclude_inconsistent=True, cr_threshold=0.1))
    n = len(results.excluded_expert_ids)
    assert n >= 2
    context = build_context(results, "en", charts_enabled=False)
    lines = " ".join(context["council"]["excluded"])
    assert f"{n} of 5 experts were left out" in lines and "Expert 1" in lines and "CR: " in lines
    assert ("more than a third" in lines) == (n > 5 / 3)
    assert lines in " ".join(context["summary"]["lines"])


# the software's name, the peer library, and this synthetic panel's own (user-entered) names and role
_ALLOWED_LATIN = {"rahbord", "pymcdm", "r_w", "expert", "analyst"}


def test_no_english_word_reaches_a_persian_page(written):
    _, text = written
    fa = _squash(text["fa"])
    t = text_for("fa")
    # the chapters a council reads (cover to consistency) and the glossary; the method page's
    # formulas and references are cited as published
    fa = fa.split(_squash(t["method_steps"]))[0] + fa.split(_squash(t["glossary_note"]))[-1]
    words = set()
    for token in re.findall(r"[A-Za-z][A-Za-z_*'\-]*", fa):
        if token.isupper() or any(c.isdigit() for c in token) or token.lower() in _ALLOWED_LATIN or len(token) == 1:
            continue  # codes (P2, S1), acronyms (CR, AHP, TOPSIS) and the software's name
        words.add(token)
    assert not words, sorted(words)


def test_the_word_copy_has_the_same_chapters_rtl_tables_and_charts(case, written):
    import docx

    files, _ = written
    for lang in ("fa", "en"):
        document = docx.Document(str(files[lang]["docx"]))
        t = text_for(lang)
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        for name in ("council", "summary", "ranking", "tows", "qspm", "glossary"):
            assert t[name] in headings, (lang, name)
        assert len(document.inline_shapes) >= 5  # council, weights, ranking and sweep charts
        body = "\n".join(p.text for p in document.paragraphs)
        cells = " ".join(c.text for table in document.tables for row in table.rows for c in row.cells)
        assert t["qspm_total"] in cells and t["tows_reasons"] in body
        bidi = [p._p.pPr is not None and p._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None
            for p in document.paragraphs if p.text]
        assert all(bidi) if lang == "fa" else not any(bidi)
        # every heading of the report once, in the report's order (the data appendix's matrices had been
        # written twice: once with their chapter and again as sections of their own)
        html = files[lang]["html"].read_text(encoding="utf-8")
        report_headings = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", h)).strip()
                           for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", html, re.DOTALL)]
        word_headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
        assert word_headings == [html_lib.unescape(h) for h in report_headings], lang
        # columns sized by what they hold: the QSPM's factor names wider than its number columns
        qspm = next(table for table in document.tables if table.rows[-1].cells[1].text == t["qspm_total"])
        widths = [int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
                  for c in qspm._tbl.tblGrid.iterchildren()]
        assert widths[1] > 1.8 * max(widths[2:]), widths
        # a cell's second line stays a line of its own: a strategy's id under its name, the attractiveness
        # under the weighted score, an expert's role under their name
        header, first_factor = qspm.rows[0].cells, next(r for r in qspm.rows[1:] if r.cells[0].text != r.cells[1].text)
        assert all(len(c.text.split("\n")) == 2 for c in header[3:]), [c.text for c in header[3:]]
        assert all(len(c.text.split("\n")) == 2 for c in first_factor.cells[3:]), [c.text for c in first_factor.cells]
        roles = [c.text for table in document.tables for row in table.rows for c in row.cells[1:2]
                 if "\n" in c.text and c.text.split("\n")[1] == "analyst"]  # the panel's role (tests/_panel.py)
        assert roles, "no expert's role on a line under their name"
        # pagination as in the PDF: a short table stays on one page (every row keeps with the next but the
        # last), a long one keeps its first two and last three rows together, header rows repeat, no row splits
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for table in document.tables:
            keeps = [all(p is not None and p.pPr is not None and p.pPr.find(w + "keepNext") is not None
                         for c in row._tr.iterchildren(w + "tc") for p in (c.p_lst or [None]))
                     for row in table.rows]
            n = len(keeps)
            if n <= 20:
                assert keeps == [k < n - 1 for k in range(n)], (lang, n, keeps)
            else:  # the header row, the first two body rows, each group's title row, the last three together
                header = sum(row._tr.trPr.find(w + "tblHeader") is not None for row in table.rows)
                groups = [k for k, row in enumerate(table.rows) if len({id(c._tc) for c in row.cells}) == 1]
                assert keeps == [k < header + 2 or k in groups or n - 3 <= k < n - 1 for k in range(n)], (lang, keeps)
                assert groups, "a long table without group rows"
            assert all(row._tr.trPr.find(w + "cantSplit") is not None for row in table.rows)
        assert any(t._tbl.tr_lst[0].trPr.find(w + "tblHeader") is not None for t in document.tables)
        # a SWOT group's name and weight is a bold title kept with its factors' table
        titles = [p for p in document.paragraphs
                  if p.text.startswith(case[0].label("S", lang)) and p.runs and p.runs[0].bold and p.paragraph_format.keep_with_next]
        assert titles and titles[0]._p.getnext().tag == w + "tbl", lang
