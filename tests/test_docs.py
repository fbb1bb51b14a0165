"""The documentation builds in English and Persian with warnings as errors, and its examples run.

One build of both sites (``docs/build.py``: ``sphinx-build -W`` html and
doctest per language) into a temporary folder, then checks of what a reader
gets: the key pages in both languages, a language switch to the same page,
right-to-left Persian pages with Persian digits and no English sentence
outside code, names and formulas, one page per CLI command, every public API
name in the reference.  A drifted example, a broken docstring markup or a CLI
help text without its Persian fails here.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("pydata_sphinx_theme")
pytest.importorskip("myst_parser")

ROOT = Path(__file__).resolve().parents[1]
DOCS_EXT = ROOT / "docs" / "_ext"  # rahbord_docs: the docs' Sphinx extension and screenshot script
COMMANDS = ("demo", "questionnaire", "validate", "analyze", "compare", "serve")
GUIDE = [f"guide/{name}" for name in ("index", "model", "experts", "checks", "analysis", "report", "scenarios", "team")]
PAGES = ["index", *GUIDE, "methods", "matching", "cli/index", "api/index",
         *(f"cli/{c}" for c in COMMANDS), *(f"api/{p}" for p in ("mcda", "criteria", "surveys", "analysis"))]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "build.py"), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, f"docs build failed:\n{run.stdout[-4000:]}\n{run.stderr[-8000:]}"
    return out


class _ProseText(HTMLParser):
    """The text a reader reads as prose: without code, formulas, scripts and spans marked lang="en"."""

    SKIP = {"code", "pre", "math", "script", "style", "kbd", "samp", "svg"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "area", "base", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        skip = tag in self.SKIP or a.get("lang") == "en" or "latin" in (a.get("class") or "").split()
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

    def handle_data(self, data):
        if not any(skip for _, skip in self.stack):
            self.parts.append(data)


def prose(html: str) -> str:
    parser = _ProseText()
    parser.feed(html)
    return " ".join(parser.parts)


# three Latin words in a row (across element boundaries too) is an English phrase on a Persian page
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[\s,;:/()]+[A-Za-z][A-Za-z'’\-]*){2,}")


def page(site: Path, language: str, name: str) -> str:
    path = site / language / "html" / f"{name}.html"
    assert path.exists(), f"{path} was not built"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_key_pages_exist_with_a_switch_to_the_same_page_in_the_other_language(site, language):
    other = "fa" if language == "en" else "en"
    for name in PAGES:
        html = page(site, language, name)
        links = re.findall(r'class="nav-link rahbord-lang-switch" href="([^"]+)"', html)
        assert links, f"{language}/{name}: no language switch"
        target = (site / language / "html" / name).parent / links[0]
        assert target.resolve() == (site / other / "html" / f"{name}.html").resolve(), (name, links[0])


def test_persian_pages_are_right_to_left_persian_text(site):
    for name in PAGES:
        html = page(site, "fa", name)
        assert re.search(r'<html[^>]*\bdir="rtl"', html) and re.search(r'<html[^>]*\blang="fa"', html), name
        text = prose(html)
        english = LATIN_RUN.findall(text)
        assert not english, f"fa/{name}: English outside code/names: {english[:5]}"
        latin_digits = re.findall(r"[0-9]+", text)
        assert not latin_digits, f"fa/{name}: Latin digits in Persian prose: {latin_digits[:10]}"
    # Persian digits where the prose has numbers (thresholds, table sizes, RI values)
    methods = prose(page(site, "fa", "methods"))
    assert "۰٫۳۱" in methods and "۰٫۵۲۴۵" in methods
    assert re.search(r'<html[^>]*\bdir="ltr"', page(site, "en", "index"))


def test_persian_font_and_offline_formulas(site):
    css = (site / "fa" / "html" / "_static" / "rahbord.css").read_text(encoding="utf-8")
    assert "Noto Naskh Arabic" in css
    methods = page(site, "fa", "methods")
    assert "<math" in methods  # MathML: no MathJax script from a CDN
    assert not re.search(r"<script[^>]*mathjax", methods, flags=re.I)


def test_every_cli_command_has_its_generated_page(site):
    from typer.main import get_command

    from rahbord.cli import app

    root = get_command(app)
    assert tuple(root.commands) == COMMANDS
    for name, command in root.commands.items():
        en, fa = page(site, "en", f"cli/{name}"), page(site, "fa", f"cli/{name}")
        for param in command.params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in en and option in fa, (name, option)
            if param.help:
                # compared as text: Sphinx writes an apostrophe as ' or &#x27; depending on where it stands
                assert param.help.split("(")[0].strip()[:30] in unescape(en).replace("’", "'"), (name, param.help)
    assert "--cr-threshold" in page(site, "fa", "cli/analyze") and "آستانه" in prose(page(site, "fa", "cli/analyze"))


@pytest.mark.parametrize("package", ["mcda", "criteria", "surveys", "analysis"])
def test_api_reference_lists_every_public_name(site, package):
    module = importlib.import_module(package)
    en, fa = page(site, "en", f"api/{package}"), page(site, "fa", f"api/{package}")
    excluded = {"ModelError", "Problem"} if package == "criteria" else set()  # mcda's, documented there
    for name in module.__all__:
        if name not in excluded:
            assert f'id="{package}.{name}"' in en, f"{package}.{name} missing from the English reference"
        assert f'href="../../../en/html/api/{package}.html#{package}.{name}"' in fa, f"{package}.{name} missing (fa)"


def test_methods_page_reads_the_registries(site):
    import mcda

    en = page(site, "en", "methods")
    for table in mcda.RANDOM_INDEX_TABLES.values():
        assert table.label_en.replace("&", "&amp;") in en
    for name in mcda.OPTION_REGISTRIES["ri_table"]:
        assert f"<span class=\"pre\">{name}</span>" in en


def test_examples_ran(site):
    for language in ("en", "fa"):
        output = (site / language / "doctest" / "output.txt").read_text(encoding="utf-8")
        tried = sum(int(n) for n in re.findall(r"^\s*(\d+) tests?\b", output, flags=re.M))
        assert tried >= 10 and "0 failures in tests" in output, output[-2000:]


class _ArticleText(HTMLParser):
    """The running text of a page's article: without code, literal blocks, formulas and scripts.

    Stricter than :class:`_ProseText`: names marked ``lang="en"`` count too, so
    a Persian guide page must say everything in Persian outside code.
    """

    SKIP = frozenset({"code", "pre", "math", "script", "style", "kbd", "samp", "svg"})

    def __init__(self):
        super().__init__()
        self.depth = 0      # inside <article class="bd-article">
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" and "bd-article" in (dict(attrs).get("class") or ""):
            self.depth = 1
        elif self.depth and tag == "article":
            self.depth += 1
        if self.depth and tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag):
        if self.depth and tag in self.SKIP:
            self.skipping -= 1
        if self.depth and tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _ArticleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_persian_guide_has_no_latin_letter_outside_code(site):
    for name in GUIDE:
        text = article_text(page(site, "fa", name))
        assert len(text) > 500, f"fa/{name}: hardly any text ({len(text)} characters)"
        latin = re.findall(r"\S*[A-Za-z0-9]\S*", text)
        assert not latin, f"fa/{name}: Latin letters or digits outside code: {latin[:10]}"
    # the guide is written in Persian, not left in English: the same pages, the same pictures
    for name in GUIDE:
        assert len(article_text(page(site, "fa", name))) > 0.6 * len(article_text(page(site, "en", name))), name


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_every_picture_of_the_guide_was_generated(site, language):
    if str(DOCS_EXT) not in sys.path:
        sys.path.insert(0, str(DOCS_EXT))
    from rahbord_docs import screenshots

    reason = screenshots.missing_tools()
    if reason:
        pytest.skip(f"the guide's pictures could not be made here: {reason}")
    shown = set()
    for name in GUIDE:
        html_path = site / language / "html" / f"{name}.html"
        for src in re.findall(r'<img[^>]*\bsrc="([^"]+)"', html_path.read_text(encoding="utf-8")):
            image = (html_path.parent / src).resolve()
            assert image.exists(), f"{language}/{name}: {src} is not in the build"
            width, height = _png_size(image)
            assert width >= 300 and height >= 300 and image.stat().st_size > 20_000, (
                f"{language}/{name}: {src} is {width}×{height}, {image.stat().st_size} bytes: not a real picture")
            shown.add(image.name)
    # every picture the script makes is shown somewhere, and nothing else is
    assert shown == set(screenshots.PICTURES), shown ^ set(screenshots.PICTURES)


def test_without_chromium_the_pictures_are_skipped_with_the_reason(monkeypatch, tmp_path):
    if str(DOCS_EXT) not in sys.path:
        sys.path.insert(0, str(DOCS_EXT))
    from rahbord_docs import screenshots

    absent = tmp_path / "no-chromium"
    monkeypatch.setattr(screenshots, "CHROMIUM", absent)
    before = {p: p.stat().st_mtime_ns for lang in ("en", "fa") for p in screenshots.generated_folder(lang).glob("*")}
    reason = screenshots.generate()
    assert str(absent) in reason and "scripts/setup.sh" in reason
    after = {p: p.stat().st_mtime_ns for lang in ("en", "fa") for p in screenshots.generated_folder(lang).glob("*")}
    assert after == before  # nothing made, nothing removed
