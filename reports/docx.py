"""The report as an editable Word document (.docx, python-docx).

The DOCX carries the same chapters, tables and charts as the PDF: it is made
from the same report HTML (one rendering of the same templates and chapter
builders), read element by element — ``h1``–``h3`` become Word headings (so a
consultant can restyle them), ``p``/``li`` paragraphs, ``table`` Word tables,
and each chart (an SVG drawn with its labels inside) a PNG made by CairoSVG.
Persian documents get right-to-left paragraphs and tables and a Persian font.
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

from analysis.results import Results
from mcda.errors import ReportError

from .context import build_context
from .render import ReportOptions, render_html

__all__ = ["write_docx", "docx_bytes"]

_FONT = {"fa": "Noto Naskh Arabic", "en": "Noto Sans"}
_CHART_WIDTH_CM = 16.0
_SKIP_CLASSES = {"chart-label", "bar-track", "bar-fill"}


def docx_bytes(results: Results, options: ReportOptions | None = None, *, html: str | None = None) -> bytes:
    """The Word report as bytes (``html``: a report HTML rendered with ``html_labels=False`` charts)."""
    import docx
    from lxml import html as lxml_html

    options = options or ReportOptions()
    if html is None:
        context = build_context(results, options.lang, title=options.title, client=options.client,
                                when=options.when, html_labels=False)
        html = render_html(results, options, context=context)
    document = docx.Document()
    writer = _Writer(document, options.lang)
    writer.setup()
    root = lxml_html.fromstring(html)
    for section in root.iter("section"):
        writer.section(section)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(results: Results, path: str | os.PathLike, options: ReportOptions | None = None) -> Path:
    """Write the Word report to ``path`` (written beside and moved into place)."""
    try:
        payload = docx_bytes(results, options)
    except ReportError:
        raise
    except Exception as error:  # python-docx, lxml and cairo raise many kinds; the user needs one
        raise ReportError(f"the Word report could not be written: {error}") from error
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(payload)
    tmp.replace(path)
    return path


def _text(element) -> str:
    """An element's visible text with whitespace collapsed, leaving out chart labels and bars."""
    parts = []

    def walk(node):
        if node.get("class") and set(node.get("class").split()) & _SKIP_CLASSES:
            return
        if node.tag == "br":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).replace("\n", " \n ").split(" ")).replace(" \n ", "\n").strip()


class _Writer:
    """Writes one report section after another into a python-docx Document."""

    def __init__(self, document, lang: str):
        self.doc = document
        self.lang = lang
        self.rtl = lang == "fa"

    def setup(self) -> None:
        from docx.shared import Cm, Pt

        for section in self.doc.sections:
            section.page_height, section.page_width = Cm(29.7), Cm(21.0)
            section.left_margin = section.right_margin = Cm(1.8)
            section.top_margin = section.bottom_margin = Cm(1.8)
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet"):
            style = self.doc.styles[name]
            style.font.name = _FONT[self.lang]
            rpr = style.element.get_or_add_rPr()
            fonts = rpr.find(_qn("w:rFonts"))
            if fonts is None:
                fonts = rpr.makeelement(_qn("w:rFonts"), {})
                rpr.append(fonts)
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(_qn(attr), _FONT[self.lang])
            if self.rtl:
                rpr.append(rpr.makeelement(_qn("w:rtl"), {}))
                style.paragraph_format.alignment = 2  # WD_ALIGN_PARAGRAPH.RIGHT
                ppr = style.element.get_or_add_pPr()
                ppr.append(ppr.makeelement(_qn("w:bidi"), {}))
        self.doc.styles["Normal"].font.size = Pt(10.5 if self.rtl else 10)

    # ---- elements ----------------------------------------------------------------------
    def section(self, section) -> None:
        first = True
        for element in section:
            self.block(element, first_of_chapter=first and "chapter" in (section.get("class") or ""))
            first = False

    def block(self, element, *, first_of_chapter: bool = False) -> None:
        tag = element.tag
        cls = set((element.get("class") or "").split())
        if cls & _SKIP_CLASSES or tag in ("style", "script"):
            return
        if tag in ("h1", "h2", "h3"):
            heading = self.doc.add_heading(_text(element), level={"h1": 0, "h2": 1, "h3": 2}[tag])
            if tag == "h2" and len(self.doc.paragraphs) > 1:
                heading.paragraph_format.page_break_before = "flow" not in cls
            self._bidi(heading)
        elif tag in ("p", "figcaption") or (tag == "div" and not len(element) and _text(element)):
            self.paragraph(_text(element), small="note" in cls or tag == "figcaption")
        elif tag in ("ul", "ol"):
            for item in element.iter("li"):
                self.paragraph(_text(item), style="List Number" if tag == "ol" else "List Bullet")
        elif tag == "table":
            self.table(element)
        elif tag == "img":
            self.image(element)
        elif tag in ("figure", "div", "section"):
            for child in element:
                self.block(child)
        elif _text(element):
            self.paragraph(_text(element))

    def paragraph(self, text: str, *, small: bool = False, style: str | None = None) -> None:
        from docx.shared import Pt, RGBColor

        if not text:
            return
        para = self.doc.add_paragraph(style=style)
        run = para.add_run(text)
        if small:
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(0x5F, 0x63, 0x68)
        self._bidi(para)

    def table(self, element) -> None:
        from docx.shared import Pt

        rows = [row for row in element.iter("tr")]
        if not rows:
            return
        # a table of tables (the SWOT matrix, the cover facts) is written as its inner tables
        if element.find(".//table") is not None:
            for inner in element.iter("table"):
                if inner is not element and inner.find(".//table") is None:
                    self.table(inner)
            return
        width = max(sum(int(c.get("colspan", "1")) for c in row if c.tag in ("td", "th")) for row in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        if self.rtl:
            tbl_pr = table._tbl.tblPr
            tbl_pr.append(tbl_pr.makeelement(_qn("w:bidiVisual"), {}))
        for row in rows:
            cells = table.add_row().cells
            col = 0
            for cell in (c for c in row if c.tag in ("td", "th")):
                span = int(cell.get("colspan", "1"))
                target = cells[col]
                if span > 1:
                    target = target.merge(cells[min(col + span, width) - 1])
                para = target.paragraphs[0]
                run = para.add_run(_text(cell))
                run.font.size = Pt(8)
                run.bold = cell.tag == "th"
                self._bidi(para)
                col += span
        self.doc.add_paragraph()

    def image(self, element) -> None:
        from docx.shared import Cm

        src = element.get("src") or ""
        prefix = "data:image/svg+xml;base64,"
        if not src.startswith(prefix):
            return
        png = _svg_to_png(base64.b64decode(src[len(prefix):]))
        self.doc.add_picture(io.BytesIO(png), width=Cm(_CHART_WIDTH_CM))
        self._bidi(self.doc.paragraphs[-1])

    def _bidi(self, paragraph) -> None:
        if not self.rtl:
            return
        ppr = paragraph._p.get_or_add_pPr()
        if ppr.find(_qn("w:bidi")) is None:
            ppr.append(ppr.makeelement(_qn("w:bidi"), {}))
        for run in paragraph.runs:
            rpr = run._r.get_or_add_rPr()
            if rpr.find(_qn("w:rtl")) is None:
                rpr.append(rpr.makeelement(_qn("w:rtl"), {}))


def _svg_to_png(svg: bytes) -> bytes:
    """A chart as PNG at print resolution (CairoSVG; the SVG already holds shaped Persian text)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg, scale=2.0)


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)
