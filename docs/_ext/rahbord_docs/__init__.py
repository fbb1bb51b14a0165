"""Sphinx extension of the rahbord docs: one site per language, generated pages, MathML.

* ``language = "fa"`` pages get ``<html dir="rtl">`` (the PyData theme does not
  set it) and every page a link to the same page in the other language;
* ``{rahbord-cli}`` / ``{rahbord-cli-index}``: the CLI pages, read from the
  typer commands themselves (:mod:`rahbord_docs.cli`);
* ``{rahbord-api-index}``: the Persian index of a package's public names
  (:mod:`rahbord_docs.api_index`);
* ``{rahbord-options}`` / ``{rahbord-ri-tables}``: the analysis choices and the
  random-index tables, read from mcda's registries (:mod:`rahbord_docs.registry`);
* ``{latin}`` role: a Latin-script name or title inside Persian prose
  (``lang="en"``, isolated left-to-right);
* the ``mathml`` math renderer (:mod:`rahbord_docs.mathml`).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from . import api_index, catalogue, cli, mathml, registry

LANGUAGES = {"en": ("English", "ltr"), "fa": ("فارسی", "rtl")}

SITE_TEXT = {
    "en": {"copyright": "rahbord developers, MIT licence", "title": "rahbord documentation"},
    "fa": {"copyright": "توسعه‌دهندگان راهبرد، پروانهٔ MIT", "title": "راهنمای راهبرد"},
}


def _config_inited(app, config) -> None:
    language = config.language or "en"
    if language not in LANGUAGES:
        raise ValueError(f"rahbord docs are written in {sorted(LANGUAGES)} (got language={language!r})")
    config.copyright = SITE_TEXT[language]["copyright"]
    config.html_title = SITE_TEXT[language]["title"]


def _page_context(app, pagename, templatename, context, doctree) -> None:
    language = app.config.language or "en"
    other = "fa" if language == "en" else "en"
    direction = LANGUAGES[language][1]
    # Both sites are built side by side: <out>/en/html/<page>.html and <out>/fa/html/<page>.html.
    up = "../" * (pagename.count("/") + 2)
    context["rahbord_other_url"] = f"{up}{other}/html/{pagename}.html"
    context["rahbord_other_lang"] = other
    context["rahbord_other_label"] = LANGUAGES[other][0]
    context["rahbord_dir"] = direction


def _set_direction(app, exception) -> None:
    """Write ``dir="rtl"`` into every Persian page's ``<html>`` tag.

    The PyData theme builds its own ``<html>`` tag (``html_tag`` in its
    layout.html, with ``lang`` but no ``dir``) after any context a page handler
    could set, so the attribute is added to the written files.
    """
    if exception is not None or app.builder.format != "html":
        return
    direction = LANGUAGES[app.config.language or "en"][1]
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<html " in text and ' dir="' not in text.split(">", 2)[1]:
            page.write_text(text.replace("<html ", f'<html dir="{direction}" ', 1), encoding="utf-8")


def latin_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{latin}`Alonso & Lamata``: a Latin-script name inside Persian prose, kept left to right."""
    node = nodes.inline(rawtext, text, classes=["latin", "language-en"])
    return [node], []


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _set_direction)
    app.add_role("latin", latin_role)
    catalogue.setup(app)
    mathml.setup(app)
    cli.setup(app)
    api_index.setup(app)
    registry.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
