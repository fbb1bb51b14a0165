"""Hostile labels stay inert in HTML, PDF and XLSX; the PDF renderer fetches nothing outside its assets."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import openpyxl
import pytest

import reports.render
from _panel import make_panel
from criteria.model import Factor, Group, Model, Strategy
from analysis.pipeline import analyze
from reports import ReportOptions, render_html, write_pdf, write_xlsx

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=file:///etc/passwd>"
FORMULA = '=HYPERLINK("http://evil.example/x","click")'
TEMPLATE = "{{ 7*7 }}"
MATH = r"$\frac{1}{0}$ --> <!--"


def hostile_model() -> Model:
    groups = (
        Group("S", SCRIPT, SCRIPT),
        Group("W", IMG, IMG),
        Group("O", FORMULA, FORMULA),
        Group("T", TEMPLATE, TEMPLATE),
    )
    labels = [SCRIPT, IMG, FORMULA, TEMPLATE, MATH, "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]
    factors = tuple(
        Factor(f"{g}{i}", g, labels[(k * 2 + i) % len(labels)], labels[(k * 2 + i + 1) % len(labels)],
               short_en=labels[(k + i) % len(labels)], short_fa=labels[(k + i + 3) % len(labels)])
        for k, g in enumerate("SWOT")
        for i in (1, 2)
    )
    strategies = (
        Strategy("P1", SCRIPT, IMG, short_en=FORMULA, short_fa=MATH),
        Strategy("P2", FORMULA, FORMULA),
        Strategy("P3", IMG, SCRIPT),
    )
    return Model(id="hostile", version="1", title_en=SCRIPT, title_fa=IMG, goal_en=FORMULA, goal_fa=TEMPLATE,
                 groups=groups, factors=factors, strategies=strategies)


@pytest.fixture(scope="module")
def results():
    model = hostile_model()
    return analyze(model, make_panel(model, 3, seed=1, names=[SCRIPT, IMG, FORMULA]))


def _decoded_charts(html: str) -> list[str]:
    return [base64.b64decode(m).decode("utf-8") for m in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_labels_are_inert_in_html(results, lang):
    html = render_html(results, ReportOptions(lang=lang, client=SCRIPT, title=IMG))
    assert "<script" not in html.lower()
    assert "<img src=file" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html
    assert "{{ 7*7 }}" in html and ">49<" not in html  # user text is never a template
    assert 'src="file:' not in html
    charts = _decoded_charts(html)
    assert len(charts) >= 3  # groups, factors, ranking, and the council's and robustness charts when present
    for svg in charts:
        assert "<script" not in svg.lower() and "<img" not in svg.lower()
        # comments matplotlib writes cannot be closed early by a label
        assert svg.count("<!--") == svg.count("-->")


@pytest.mark.slow
def test_labels_are_inert_in_pdf_and_nothing_is_fetched(results, tmp_path, monkeypatch):
    fetchers = []
    real = reports.render.AssetFetcher

    def spy(roots):
        fetcher = real(roots)
        fetchers.append(fetcher)
        return fetcher

    monkeypatch.setattr(reports.render, "AssetFetcher", spy)
    pdf = write_pdf(results, tmp_path / "hostile.pdf", ReportOptions(lang="en", client=SCRIPT))
    assert fetchers and fetchers[0].refused == []  # a label never became a request
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert SCRIPT in text  # printed as text
        assert "root:x:0:0" not in text


@pytest.mark.slow
def test_a_template_that_points_outside_the_assets_gets_nothing(results, tmp_path, monkeypatch):
    html = (
        '<html><body><p>x</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="file:///etc/hostname"></body></html>'
    )
    fetchers = []
    real = reports.render.AssetFetcher
    monkeypatch.setattr(reports.render, "AssetFetcher", lambda roots: fetchers.append(real(roots)) or fetchers[-1])
    pdf = write_pdf(results, tmp_path / "probe.pdf", html=html)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert set(fetchers[0].refused) == {"file:///etc/passwd", "http://127.0.0.1:9/x.png", "file:///etc/hostname"}


def test_labels_are_inert_in_xlsx(results, tmp_path):
    path = write_xlsx(results, tmp_path / "hostile.xlsx")
    wb = openpyxl.load_workbook(path)
    formulas, texts = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append((ws.title, cell.coordinate, cell.value))
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    assert formulas == []
    assert "'" + FORMULA in texts
    assert "'+cmd|' /C calc'!A0" in texts and "'@SUM(1)" in texts and "'-2+3" in texts
    assert not any(t.startswith(("=", "+", "@", "\t", "\r")) for t in texts)
    assert not any(t.startswith("-") for t in texts)
