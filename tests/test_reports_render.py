"""HTML and PDF rendering: languages, template override, the asset-only URL fetcher."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import subprocess

import pytest
from _panel import make_panel
from markupsafe import escape

import criteria
from analysis.pipeline import analyze
from mcda.errors import ReportError
from reports import AssetFetcher, ReportOptions, render_html, write_report
from reports.chapters import CHAPTERS, Chapter
from reports.formatting import format_int, format_number
from reports.render import PACKAGED_TEMPLATES
from reports.strings import text_for


@pytest.fixture(scope="module")
def results():
    model = criteria.load_library_model("tehran-city-diplomacy")
    return analyze(model, make_panel(model, 4, seed=8))


def test_persian_html_is_rtl_with_persian_numbers(results):
    html = render_html(results, ReportOptions(lang="fa", client="شورای شهر تهران"))
    assert '<html lang="fa" dir="rtl">' in html
    best, score = results.ranking()[0]
    assert format_number(score, "fa") in html
    assert results.model_obj.label(best, "fa") in html
    assert "شورای شهر تهران" in html
    assert "counter(page, persian)" in html  # Persian page numbers in print


def test_english_html_is_standalone(results):
    html = render_html(results, ReportOptions(lang="en"))
    assert '<html lang="en" dir="ltr">' in html
    assert "<style>" in html and "@page" in html
    # nothing to fetch: no external stylesheet, script or image
    assert "<link" not in html and "<script" not in html
    assert 'src="http' not in html and 'src="file' not in html
    for s in results.strategy_ids:
        assert str(escape(results.model_obj.label(s, "en"))) in html


def test_a_user_template_folder_overrides_any_template(results, tmp_path):
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "cover.html.j2").write_text(
        '<section class="cover"><h1>Custom cover for {{ cover.client }}</h1></section>', encoding="utf-8"
    )
    html = render_html(results, ReportOptions(lang="en", client="<b>ACME</b>", template_dir=tmp_path))
    assert "Custom cover for &lt;b&gt;ACME&lt;/b&gt;" in html  # autoescape applies to user templates too
    assert "Executive summary" in html  # the other templates still come from the package


_GLANCE = {"en": "Strategies at a glance", "fa": "راهبردها در یک نگاه"}


def _glance(results, lang, settings):
    """A made-up chapter: a heading and the number of strategies in the reader's digits."""
    return {"contents": [_GLANCE[lang]], "heading": _GLANCE[lang],
            "count": format_int(len(results.strategy_ids), lang)}


@contextlib.contextmanager
def registered(chapter: Chapter, *, after: str):
    """``chapter`` in the report's registry right after the chapter named ``after``, for the block only."""
    CHAPTERS.insert([c.name for c in CHAPTERS].index(after) + 1, chapter)
    try:
        yield chapter
    finally:
        CHAPTERS.remove(chapter)


def test_compiled_templates_are_kept_between_processes_and_never_stale(results, tmp_path, monkeypatch):
    """A fresh process reuses the compiled templates from the cache folder (nothing compiled again); an edited
    template is compiled afresh (the cache is keyed by the source's checksum), so what is printed is always the
    template's text."""
    from jinja2 import Environment

    from reports.render import template_env

    monkeypatch.setenv("RAHBORD_CACHE_DIR", str(tmp_path / "cache"))
    compiled = []
    real_compile = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, source, name=None, *a, **k:
                        compiled.append(name) or real_compile(self, source, name, *a, **k))
    folder = tmp_path / "templates"
    (folder / "report").mkdir(parents=True)
    cover = folder / "report" / "cover.html.j2"
    try:
        template_env.cache_clear()
        cover.write_text('<section class="cover"><h1>First cover</h1></section>', encoding="utf-8")
        assert "First cover" in render_html(results, ReportOptions(lang="en", template_dir=folder))
        assert len(list((tmp_path / "cache" / "templates").iterdir())) == len(compiled) > 10  # each compiled once
        template_env.cache_clear()  # as a new process would start
        compiled.clear()
        cover.write_text('<section class="cover"><h1>Second cover</h1></section>', encoding="utf-8")
        html = render_html(results, ReportOptions(lang="en", template_dir=folder))
        assert "Second cover" in html and "First cover" not in html
        assert compiled == ["report/cover.html.j2"]  # the edited one alone
    finally:
        template_env.cache_clear()


def test_a_cache_folder_others_can_write_is_not_used(results, tmp_path, monkeypatch):
    """The cache holds code the next process runs: a folder that another user could write (or a link) is left
    alone, and the report is compiled as if there were no cache."""
    from reports.render import _bytecode_cache

    monkeypatch.setenv("RAHBORD_CACHE_DIR", str(tmp_path / "cache"))
    assert _bytecode_cache() is not None
    (tmp_path / "cache" / "templates").chmod(0o777)
    assert _bytecode_cache() is None
    (tmp_path / "cache" / "templates").rename(tmp_path / "elsewhere")
    (tmp_path / "cache" / "templates").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere").chmod(0o700)
    assert _bytecode_cache() is None
    assert "<section" in render_html(results, ReportOptions(lang="en"))


@pytest.fixture
def glance_templates(tmp_path):
    """A user's template folder holding only the made-up chapter's template."""
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "glance.html.j2").write_text(
        '<section class="chapter" id="glance"><h2>{{ glance.heading }}</h2><p>{{ glance.count }}</p></section>\n',
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_new_chapter_is_one_registry_line_and_its_template(results, glance_templates, lang):
    options = ReportOptions(lang=lang, when=dt.date(2025, 11, 23), template_dir=glance_templates)
    before = render_html(results, options)
    assert _GLANCE[lang] not in before
    with registered(Chapter("glance", "report/glance.html.j2", _glance), after="ranking"):
        html = render_html(results, options)
    heading = html.index(f"<h2>{_GLANCE[lang]}</h2>")
    # printed after the ranking chapter and before the one that followed it (the TOWS matrix)
    assert html.index('id="ranking"') < heading < html.index('id="tows"')
    assert format_int(len(results.strategy_ids), lang) in html[heading:html.index('id="tows"')]
    # the cover lists it in the same place
    assert f"{text_for(lang)['ranking']} · {_GLANCE[lang]} · {text_for(lang)['tows']}" in html
    # taken out of the registry again: the report is the one it was, byte for byte
    assert render_html(results, options) == before


def test_a_chapter_with_nothing_to_show_leaves_no_trace(results, glance_templates):
    options = ReportOptions(lang="en", when=dt.date(2025, 11, 23), template_dir=glance_templates)
    before = render_html(results, options)
    with registered(Chapter("glance", "report/glance.html.j2", lambda results, lang, settings: None), after="summary"):
        assert render_html(results, options) == before


def test_a_chapter_without_its_template_is_a_report_error(results):
    with (registered(Chapter("glance", "report/glance.html.j2", _glance), after="ranking"),
          pytest.raises(ReportError, match="glance.html.j2")):
        render_html(results, ReportOptions(lang="en"))


def test_a_missing_template_folder_is_a_report_error(results, tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        render_html(results, ReportOptions(template_dir=tmp_path / "nope"))


def test_asset_fetcher_serves_only_packaged_assets(tmp_path):
    fetcher = AssetFetcher([PACKAGED_TEMPLATES])
    css = PACKAGED_TEMPLATES / "report" / "print.css"
    assert b"@page" in fetcher(css.as_uri()).read()
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    for url in (
        "file:///etc/passwd",
        secret.as_uri(),
        (PACKAGED_TEMPLATES / ".." / ".." / "pyproject.toml").as_uri(),
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.woff",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError):
            fetcher(url)
    assert len(fetcher.refused) == 6


@pytest.mark.slow
def test_pdf_has_the_expected_sections_and_numbers(results, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    files = write_report(results, tmp_path, ReportOptions(lang="en", client="Tehran City Council"))
    assert files["pdf"].read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(files["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 8
    assert "Tehran City Council" in pages[0]
    for heading in ("Executive summary", "SWOT matrix", "Strategy ranking", "Consistency of each expert",
                    "Consensus", "Method", "References", "Data appendix"):
        assert heading in text, heading
    _, score = results.ranking()[0]
    assert f"{score:.3f}" in text
    assert "Saaty" in text and "Goepel" in text
    assert "2 / " in pages[1]  # page numbers

