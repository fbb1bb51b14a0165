"""A Sphinx math renderer that writes MathML (docutils' LaTeX → MathML converter).

Chromium, Firefox and Safari draw MathML Core natively, so formulas need no
MathJax from a CDN (the docs must read offline) and no LaTeX on the build
machine.  Formulas stay left to right on right-to-left pages (``dir="ltr"``).
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils.math import latex2mathml
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _mathml(self, node, block: bool) -> str:
    tex = node.astext()
    try:
        xml = latex2mathml.tex2mathml(tex, as_block=block)
    except SyntaxError as error:  # docutils raises SyntaxError for LaTeX it cannot read
        logger.warning("formula %r cannot be converted to MathML: %s", tex, error, location=node)
        return f"<code>{self.encode(tex)}</code>"
    return xml.replace("<math ", '<math dir="ltr" ', 1)


def visit_math(self, node):
    self.body.append(_mathml(self, node, block=False))
    raise nodes.SkipNode


def visit_math_block(self, node):
    self.body.append(f'<div class="math-block">{_mathml(self, node, block=True)}</div>')
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
