"""Sphinx configuration shared by the English (docs/en) and Persian (docs/fa) sites.

Why Sphinx and not MkDocs: the API reference is read from the NumPy-style
docstrings of mcda / criteria / surveys / analysis (autodoc + napoleon), the
examples run as tests (sphinx.ext.doctest), formulas are first-class (the math
role and directive, rendered here as MathML with no JavaScript and no network),
and translation is built in (``language``, gettext catalogues under
``locale/``) — MkDocs needs a plugin for each of these.

The two languages are two source trees with the same page names, built with
this one configuration: ``sphinx-build -c docs -D language=fa docs/fa OUT``
(``python docs/build.py`` runs both, and the doctest builder).  Persian pages
are written in Persian, not translated sentence by sentence; the parts that
are generated from code (CLI pages, the Persian API index) take their Persian
text from the catalogues in ``locale/fa/LC_MESSAGES``, and a missing entry is a
build error (see docs/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))          # mcda, criteria, surveys, analysis, rahbord
sys.path.insert(0, str(DOCS / "_ext"))  # rahbord_docs

import rahbord  # noqa: E402  (after sys.path)

project = "rahbord"
author = "rahbord developers"
copyright = "rahbord developers"  # language-specific text set by rahbord_docs on config-inited
version = release = rahbord.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "rahbord_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# gettext: Persian strings of Sphinx and the theme (sphinx.po), and the
# catalogues of the generated pages (rahbord-cli.po, rahbord-api.po).
locale_dirs = [str(DOCS / "locale")]
gettext_compact = False

# API reference: NumPy-style docstrings, members in source order, signatures
# without type-hint noise (the docstrings say what each argument is).
autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# Examples: every ``{doctest}`` / ``{testcode}`` block of the pages runs under
# ``sphinx-build -b doctest`` (part of ``make docs`` and tests/test_docs.py).
# Docstring examples run in tests/test_doctests.py in their module's namespace,
# so they are not run a second time here.
doctest_test_doctest_blocks = ""
doctest_global_setup = "import numpy as np"

# Formulas as MathML (rahbord_docs.mathml): browsers draw it natively, so the
# pages need no JavaScript from a CDN and read offline.
html_math_renderer = "mathml"

html_theme = "pydata_sphinx_theme"
html_static_path = [str(DOCS / "_static")]
templates_path = [str(DOCS / "_templates")]
html_css_files = ["rahbord.css"]
html_title = "rahbord"
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navbar_end": ["lang-switch", "theme-switcher"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "secondary_sidebar_items": ["page-toc"],
    "show_prev_next": True,
    "navigation_with_keys": False,
}
html_sidebars = {"**": ["sidebar-nav-bs"]}
smartquotes = False  # "--draws" stays two hyphens (options in CLI help texts)
