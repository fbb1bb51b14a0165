"""End to end: ``rahbord demo`` and ``rahbord analyze`` as a user runs them.

The demo runs once (module fixture); the checks read what it wrote: the PDF
(pages, Persian factor labels, the top strategy's name and score in Persian
digits), the HTML, the XLSX and results.json must all tell the same numbers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from markupsafe import escape

import mcda
from analysis.results import Results
from reports.formatting import format_number, format_percent, to_persian_digits

pytestmark = pytest.mark.slow

# What pdftotext changes in Persian text: bidi controls, ZWNJ, a detached hamza
# above, and the lam-alef ligature read back as alef-lam.
_STRIP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u0654"), None)
_LETTER_RUN = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06f0-\u06f9]+")


def persian_runs(text: str) -> set[str]:
    return set(_LETTER_RUN.findall(text.translate(_STRIP).replace("لا", "ال")))


def rahbord(*args: str, cwd=None) -> subprocess.CompletedProcess:
    # a wide terminal, so rich does not fold file names in the problem table
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "rahbord", *args], capture_output=True, text=True, env=env, cwd=cwd)


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    out = tmp_path_factory.mktemp("demo")
    run = rahbord("demo", "--out", str(out), "--experts", "6", "--seed", "3")
    assert run.returncode == 0, run.stderr + run.stdout
    return out, run.stdout


@pytest.fixture(scope="module")
def anp_demo(tmp_path_factory):
    """The built-in SWOT-ANP model's demo (its network chapter, cluster matrices), small and with few draws."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    out = tmp_path_factory.mktemp("demo-anp")
    run = rahbord("demo", "--model", "tehran-city-diplomacy-anp", "--out", str(out), "--experts", "4", "--seed", "3",
                  "--draws", "100")
    assert run.returncode == 0, run.stderr + run.stdout
    return out, run.stdout


def test_demo_writes_everything_and_says_where(demo):
    out, stdout = demo
    for name in ("results.json", "results.xlsx", "report.pdf", "report.html", "report-en.pdf", "report-en.html"):
        assert (out / name).stat().st_size > 1000, name
        assert str(out / name) in stdout
    assert len(list((out / "questionnaires").glob("*.xlsx"))) == 6
    assert len(list((out / "responses").glob("*.xlsx"))) == 6
    results = Results.load(out / "results.json")
    best, score = results.ranking()[0]
    name = next(s.short_en or s.label_en for s in results.model_obj.strategies if s.id == best)
    assert f"1. {name} ({best})  {score:.3f}" in stdout  # the name first, the code as a tag
    assert "Top strategies" in stdout


def test_results_json_loads_back_equal(demo, tmp_path):
    out, _ = demo
    results = Results.load(out / "results.json")
    again = Results.load(results.save(tmp_path / "again.json"))
    assert again == results
    assert len(results.experts) == 6 and results.model_id == "tehran-city-diplomacy"
    # the robustness check ran with the analysis and comes back from the file as it was
    assert results.options["robustness_draws"] == 2000 and results.options["robustness_seed"] == 0
    assert results.robustness is not None and results.robustness.monte_carlo.draws == 2000
    assert again.robustness.group_sweep.crossings == results.robustness.group_sweep.crossings


def _percent_in(text: str, share: float) -> bool:
    """pdftotext reads a Persian percentage in either order (digits, then ٪ or the other way)."""
    digits = format_percent(share, "fa").replace("٪", "")
    return f"{digits}٪" in text or f"٪{digits}" in text


def test_robustness_numbers_in_the_pdfs_match_results_json(demo):
    out, stdout = demo
    results = Results.load(out / "results.json")
    rob = results.robustness
    mc = rob.monte_carlo
    best = results.ranking()[0][0]
    p_first = mc.p_first[mc.strategy_ids.index(best)]
    short = next(x.short_en or x.label_en for x in results.model_obj.strategies if x.id == best)
    assert f"{short} {p_first:.0%}" in stdout  # the Monte Carlo shares name the strategies
    pages = [p for p in pdftotext(out / "report.pdf").split("\f") if p.strip()]
    # the executive summary's page (the council's chapter comes before it)
    summary = next(p for p in pages[1:] if persian_runs("خلاصهٔ مدیریتی") <= persian_runs(p))
    assert _percent_in(summary, p_first) and best in summary
    chapter = [p for p in pages if persian_runs("پذیرش رتبه") <= persian_runs(p)]
    assert chapter, "no rank acceptability page in the Persian report"
    for a, sid in enumerate(mc.strategy_ids):  # every strategy's P(first) is in the table
        assert _percent_in(chapter[0], mc.p_first[a]), sid
    nearest = min(rob.group_sweep.top_changes, key=lambda c: abs(c.change))
    assert format_number(nearest.weight, "fa") in summary
    en = pdftotext(out / "report-en.pdf")
    strategy = next(x for x in results.model_obj.strategies if x.id == best)
    name = strategy.short_en or strategy.label_en
    assert f"{name} ({best}) ranks first in {p_first:.0%} of 2,000 perturbed panels" in " ".join(en.split())
    assert f"{nearest.change:+.3f}" in en
    assert "Rank acceptability (Monte Carlo)" in en and "The ranking by other MCDA methods" in en
    for name in rob.methods.methods[1:]:
        assert name in en


def test_persian_pdf_pages_labels_and_top_strategy(demo):
    out, _ = demo
    results = Results.load(out / "results.json")
    model = results.model_obj
    text = pdftotext(out / "report.pdf")
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 9
    info = subprocess.run(["pdfinfo", str(out / "report.pdf")], capture_output=True, text=True, check=True).stdout
    assert "A4" in info
    runs = persian_runs(text)
    for factor in model.factors:  # every Persian factor label is printed (and extractable)
        assert persian_runs(factor.label_fa) <= runs, factor.id
    best, score = results.ranking()[0]
    assert persian_runs(model.label(best, "fa")) <= runs
    fa_score = format_number(score, "fa")
    assert fa_score in text
    # the executive summary (after the cover and the council's chapter): the top strategy with its score
    summary = next(p for p in pages[1:] if persian_runs("خلاصهٔ مدیریتی") <= persian_runs(p))
    assert fa_score in summary and best in summary
    assert persian_runs("خلاصهٔ مدیریتی") <= persian_runs(summary)


# Latin letters (with the accented ones of a European name) and ASCII digits; not × or ÷
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
# a Latin dot between Persian digits (a number or a version written «۰.۱.۰» instead of «۰٫۱٫۰»)
_LATIN_DOT = re.compile(r"[\u06f0-\u06f9]\.(?=[\u06f0-\u06f9])")


def _allowed_latin(results: Results) -> re.Pattern:
    """The Latin a Persian report may print: the study's own ids as tags (groups, factors, strategies, experts)
    and the words the model's author wrote in its Persian labels (the demo's 'UCLG') — nothing else."""
    model = results.model
    own = {word for item in (*model["groups"], *model["factors"], *model["strategies"])
           for key, value in item.items() if key.endswith("_fa") and isinstance(value, str)
           for word in _LATIN_TOKEN.findall(value)}
    ids = {*results.group_ids, *results.factor_ids, *results.strategy_ids, *results.expert_ids, *own}
    return re.compile("|".join(sorted(map(re.escape, ids), key=len, reverse=True)))


@pytest.mark.parametrize("which", ["demo", "anp_demo"])
def test_persian_pdf_and_docx_have_no_latin_outside_the_studys_ids(which, request):
    """A Persian page with an English word or a Latin digit is a bug: the whole Persian PDF (pdftotext) and
    Word report (python-docx: paragraphs and every table cell) carry no Latin letter or digit but the ids, and
    no Latin dot between Persian digits (the versions on the cover and the method page say «۰٫۱٫۰»).  For the
    SWOT-ANP model too: its network chapter and the data appendix's cluster matrices («راهبردها», not the
    engine's cluster id)."""
    import docx

    out, _ = request.getfixturevalue(which)
    results = Results.load(out / "results.json")
    allowed = _allowed_latin(results)
    document = docx.Document(str(out / "report.docx"))
    texts = {
        "report.pdf": pdftotext(out / "report.pdf"),
        "report.docx": "\n".join([p.text for p in document.paragraphs]
                                 + [c.text for table in document.tables for row in table.rows for c in row.cells]),
    }
    for name, text in texts.items():
        assert len(text) > 20_000, name  # the whole report was read
        latin = [token for token in _LATIN_TOKEN.findall(text) if not allowed.fullmatch(token)]
        assert not latin, f"{name}: Latin outside the study's ids: {sorted(set(latin))}"
        dots = [text[m.start() - 8:m.end() + 8] for m in _LATIN_DOT.finditer(text)]
        assert not dots, f"{name}: a Latin dot between Persian digits: {dots}"
    assert "\u066b".join(map(to_persian_digits, mcda.__version__.split("."))) in texts["report.pdf"]
    # and the check can fail: the English report is full of it
    assert len(_LATIN_TOKEN.findall(pdftotext(out / "report-en.pdf"))) > 1000


def test_english_pdf_carries_the_same_numbers(demo):
    out, _ = demo
    results = Results.load(out / "results.json")
    text = pdftotext(out / "report-en.pdf")
    for sid, score in results.ranking():
        assert f"{score:.3f}" in text
    for k, f in enumerate(results.factor_ids):
        assert f"{results.global_factor_weights[k]:.3f}" in text
    assert "Executive summary" in text and "Data appendix" in text


def test_html_reports_carry_the_same_numbers(demo):
    out, _ = demo
    results = Results.load(out / "results.json")
    fa = (out / "report.html").read_text(encoding="utf-8")
    en = (out / "report-en.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in fa and 'dir="ltr"' in en
    for k, sid in enumerate(results.strategy_ids):
        assert format_number(results.strategy_scores[k], "fa") in fa
        assert f"{results.strategy_scores[k]:.3f}" in en
        assert str(escape(results.model_obj.label(sid, "fa"))) in fa
    for k in range(len(results.factor_ids)):
        assert format_number(results.global_factor_weights[k], "fa") in fa


def test_xlsx_rereads_to_the_same_numbers(demo):
    out, _ = demo
    results = Results.load(out / "results.json")
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    scores = {r[1]: r[3] for r in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}  # Strategies, in the first report language
    for k, sid in enumerate(results.strategy_ids):
        assert scores[sid] == pytest.approx(results.strategy_scores[k], rel=1e-14)
    weights = {r[0]: r[4] for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}  # Global factor weights
    for k, f in enumerate(results.factor_ids):
        assert weights[f] == pytest.approx(results.global_factor_weights[k], rel=1e-14)


def test_persian_report_renders_from_saved_results_in_a_fresh_process(demo, tmp_path):
    """A saved results.json renders the Persian PDF in a new process (imports included).

    How fast is measured in ``benchmarks/bench_report.py`` (``make bench``), not
    here: timing in a unit test only measures how busy the machine is.
    """
    out, _ = demo
    pdf = tmp_path / "r.pdf"
    code = (
        "from analysis.results import Results\n"
        "from reports import ReportOptions, write_pdf\n"
        f"write_pdf(Results.load({str(out / 'results.json')!r}), {str(pdf)!r}, ReportOptions(lang='fa'))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "راهبرد" in text


def test_analyze_reruns_the_demo_answers_with_other_choices(demo, tmp_path):
    out, _ = demo
    responses = sorted(str(p) for p in (out / "responses").glob("*.xlsx"))
    run = rahbord("analyze", "tehran-city-diplomacy", *responses, "--out", str(tmp_path), "--lang", "en",
                  "--aggregation", "aip", "--exclude-inconsistent", "--cr-threshold", "0.15", "--ri-table", "alonso-lamata")
    assert run.returncode == 0, run.stderr + run.stdout
    for name in ("results.json", "report.pdf", "report.html", "results.xlsx"):
        assert (tmp_path / name).exists(), name
    results = Results.load(tmp_path / "results.json")
    assert results.options["aggregation"] == "aip"
    assert results.options["exclude_inconsistent"] is True
    assert results.options["cr_threshold"] == 0.15
    assert results.options["ri_table"] == "alonso-lamata"
    assert results.robustness is not None and results.robustness.monte_carlo.draws == 2000
    # the summary names the top strategies and who to call back, from the results themselves
    model = results.model_obj
    for sid, _score in results.ranking()[:3]:
        assert model.label(sid, "en") in run.stdout
    over = [e.id for k, e in enumerate(results.experts) if any(s.cr[k] > 0.15 for s in results.sets)]
    assert over, "the demo panel has inconsistent experts"
    assert "Experts to call back" in run.stdout and all(f"  {e} " in run.stdout for e in over)


def test_analyze_with_no_draws_leaves_the_robustness_section_out(demo, tmp_path):
    out, _ = demo
    responses = sorted(str(p) for p in (out / "responses").glob("*.xlsx"))
    run = rahbord("analyze", "tehran-city-diplomacy", *responses, "--out", str(tmp_path), "--lang", "en", "--draws", "0")
    assert run.returncode == 0, run.stderr + run.stdout
    results = Results.load(tmp_path / "results.json")
    assert results.robustness is None and results.options["robustness_draws"] == 0
    text = pdftotext(tmp_path / "report.pdf")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for gone in ("How robust", "Rank acceptability", "Monte Carlo", "other MCDA methods"):
        assert gone not in text and gone not in html
    assert not re.search(r"<h[23]>\s*</h[23]>", html)
    assert "Executive summary" in text and "Data appendix" in text
    wb = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    assert "Rank acceptability" not in wb.sheetnames


def test_analyze_shows_bad_files_as_a_problem_table(tmp_path):
    bad = tmp_path / "not-a-workbook.xlsx"
    bad.write_text("hello", encoding="utf-8")
    run = rahbord("analyze", "tehran-city-diplomacy", bad.name, "--out", "out", cwd=tmp_path)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert "not-a-workbook.xlsx" in run.stderr
    assert "is not an Excel workbook" in run.stderr and "expected" in run.stderr


def test_analyze_names_an_unknown_model(tmp_path):
    run = rahbord("analyze", "tehran-city-diplomacyy", str(tmp_path / "x.xlsx"), "--out", str(tmp_path))
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "tehran-city-diplomacy" in run.stderr
