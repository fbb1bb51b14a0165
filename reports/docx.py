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
import struct
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from analysis.results import Results
from mcda.errors import ReportError

from .context import build_context
from .render import ReportOptions, render_html

__all__ = ["write_docx", "docx_bytes"]

_FONT = {"fa": "Noto Naskh Arabic", "en": "Noto Sans"}
_CHART_WIDTH_CM = 16.0
_SMALL_CHART_WIDTH_CM = 10.5  # the IE matrix and the strategic position: both on the page of their tables
_TEXT_WIDTH_CM = 21.0 - 2 * 1.8  # A4 less the margins set in _Writer.setup
_TWIPS_PER_CM = 567
# column widths (cm) by the class of the column's header cell: an id tag, a number, a TOWS type; text shares the rest
_COLUMN_CM = {"id": 1.2, "type": 2.0}
_NUMBER_CM, _NUMBER_MIN_CM, _TEXT_MIN_CM = 1.8, 1.2, 3.5
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
    # the chapters only: a chapter's inner sections (the data appendix's matrices) are written with it
    for section in root.xpath("//section[not(ancestor::section)]"):
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


# what starts a line of its own in a cell: blocks, and a span the stylesheet shows as one (class "sub": an
# expert's role under their name)
_BLOCK_TAGS = frozenset({"div", "p"})
_BLOCK_CLASSES = frozenset({"sub"})
# a table of up to this many rows is kept on one page (Word's way: every row's paragraphs "keep with next"
# but the last's); a longer one keeps its first two rows and its last three together, as the PDF does
_WHOLE_TABLE_ROWS = 20


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _in_head(row) -> bool:
    return row.getparent().tag == "thead"


def _kept_with_next(rows) -> list[bool]:
    """For each row: does it stay on the page of the row after it?  As the PDF's rules: header rows, a
    group's title row, the first two body rows and the last three together."""
    n = len(rows)
    if n <= _WHOLE_TABLE_ROWS:
        return [k < n - 1 for k in range(n)]
    first_two = set([k for k, tr in enumerate(rows) if not _in_head(tr)][:2])
    return [_in_head(tr) or k in first_two or "group-row" in _classes(tr) or n - 3 <= k < n - 1
            for k, tr in enumerate(rows)]


def _text(element) -> str:
    """An element's visible text with whitespace collapsed, leaving out chart labels and bars."""
    parts = []

    def walk(node):
        classes = _classes(node)
        if classes & _SKIP_CLASSES:
            return
        block = (node.tag in _BLOCK_TAGS or classes & _BLOCK_CLASSES) and node is not element
        if node.tag == "br" or (block and parts):
            parts.append("\n")  # a line break, or a block (a cell's second value) on a line of its own
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
        # python-docx finds a style by name with a search over every style, for every paragraph: look each
        # up once and set the paragraph's style id directly
        self.styles = {name: self.doc.styles[name].style_id
                       for name in ("Title", "Heading 1", "Heading 2", "List Number", "List Bullet")}
        self.table_style = self.doc.styles["Table Grid"].style_id

    # ---- elements ----------------------------------------------------------------------
    def section(self, section) -> None:
        first = True
        for element in section:
            self.block(element, first_of_chapter=first and "chapter" in _classes(section))
            first = False

    def block(self, element, *, first_of_chapter: bool = False) -> None:
        tag = element.tag
        cls = _classes(element)
        if cls & _SKIP_CLASSES or tag in ("style", "script"):
            return
        if tag in ("h1", "h2", "h3"):
            heading = self._add_paragraph({"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}[tag])
            heading.add_run(_text(element))
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
        para = self._add_paragraph(style)
        run = para.add_run(text)
        if small:
            run.font.size = Pt(8.5)
            run.font.color.rgb = RGBColor(0x5F, 0x63, 0x68)
        self._bidi(para)

    def table(self, element) -> None:
        """A Word table written as one piece of WordprocessingML (python-docx's row-by-row API took most of
        the DOCX's time); column widths from the header's classes, so a name column is not squeezed."""
        from docx.oxml import parse_xml

        rows = [row for row in element.iter("tr")]
        if not rows:
            return
        # a table of tables (the SWOT matrix, the cover facts) is written as its inner tables
        if element.find(".//table") is not None:
            for inner in element.iter("table"):
                if inner is not element and inner.find(".//table") is None:
                    self.table(inner)
            return
        cells = [[c for c in row if c.tag in ("td", "th")] for row in rows]
        if "head" in _classes(element):
            # a title row (a SWOT group's name and weight) is a bold paragraph kept with the table after it:
            # Word and LibreOffice both keep a paragraph with the next table, not a table with the next one
            title = self._add_paragraph()
            title.add_run("  ".join(_text(c) for row in cells for c in row)).bold = True
            title.paragraph_format.keep_with_next = True
            self._bidi(title)
            return
        width = max(sum(int(c.get("colspan", "1")) for c in row) for row in cells)
        columns = _column_widths(rows[0] if _in_head(rows[0]) else None, cells, width)
        bidi = "<w:bidi/>" if self.rtl else ""
        rtl = "<w:rtl/>" if self.rtl else ""
        # tblPr's children in the schema's order (Word refuses a document with them out of order)
        parts = [(f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr><w:tblStyle w:val="{self.table_style}"/>'
                  f'{"<w:bidiVisual/>" if self.rtl else ""}<w:tblW w:w="{sum(columns)}" w:type="dxa"/>'
                  '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
                  '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
                  'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')]
        parts += [f'<w:gridCol w:w="{w}"/>' for w in columns]
        parts.append("</w:tblGrid>")
        keep = _kept_with_next(rows)
        for row, tr, keep_next in zip(cells, rows, keep):
            # a row is never split across pages; header rows repeat on every page, as in the PDF
            header = "<w:tblHeader/>" if _in_head(tr) else ""
            parts.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
            ppr = f'<w:pPr>{"<w:keepNext/>" if keep_next else ""}{bidi}</w:pPr>'
            col = 0
            for cell in row:
                span = max(1, min(int(cell.get("colspan", "1")), width - col))
                bold = "<w:b/>" if cell.tag == "th" else ""
                runs = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in _text(cell).split("\n"))
                grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{sum(columns[col:col + span])}" w:type="dxa"/>{grid_span}</w:tcPr>'
                             f'<w:p>{ppr}<w:r><w:rPr>{bold}<w:sz w:val="16"/>{rtl}</w:rPr>{runs}</w:r></w:p></w:tc>')
                col += span
            while col < width:  # a short row is filled up, as python-docx's table had it
                parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{columns[col]}" w:type="dxa"/></w:tcPr><w:p>{ppr}</w:p></w:tc>')
                col += 1
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        after = self.doc.add_paragraph()
        after._p.addprevious(parse_xml("".join(parts)))

    def _add_paragraph(self, style: str | None = None):
        para = self.doc.add_paragraph()
        if style:
            para._p.style = self.styles[style]
        return para

    def image(self, element) -> None:
        from docx.shared import Cm

        src = element.get("src") or ""
        prefix = "data:image/svg+xml;base64,"
        if not src.startswith(prefix):
            return
        png = _svg_to_png(base64.b64decode(src[len(prefix):]))
        small = "position-chart" in _classes(element.getparent())
        self.doc.add_picture(io.BytesIO(png), width=Cm(_SMALL_CHART_WIDTH_CM if small else _CHART_WIDTH_CM))
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


def _column_widths(header, cells: list[list], width: int) -> list[int]:
    """Each column's width in twips: ids and TOWS types narrow, numbers 1.8 cm (less when many), text the rest."""
    kinds = ["text"] * width
    if header is not None:
        col = 0
        for cell in cells[0]:
            classes = _classes(cell)
            span = int(cell.get("colspan", "1"))
            if span == 1 and col < width:
                kinds[col] = next((k for k in ("id", "type", "num") if k in classes), "text")
            col += span
    fixed = sum(_COLUMN_CM.get(k, 0.0) for k in kinds)
    numbers, texts = kinds.count("num"), kinds.count("text")
    number_cm = _NUMBER_CM
    if texts and numbers:
        number_cm = max(_NUMBER_MIN_CM, min(_NUMBER_CM, (_TEXT_WIDTH_CM - fixed - _TEXT_MIN_CM * texts) / numbers))
    elif numbers:
        number_cm = (_TEXT_WIDTH_CM - fixed) / numbers
    text_cm = (_TEXT_WIDTH_CM - fixed - number_cm * numbers) / texts if texts else 0.0
    cm = {"num": number_cm, "text": text_cm, **_COLUMN_CM}
    return [round(cm[k] * _TWIPS_PER_CM) for k in kinds]


def _svg_to_png(svg: bytes) -> bytes:
    """A chart as PNG at print resolution (CairoSVG; the SVG already holds shaped Persian text), on white.

    Cairo's own PNG writer compresses hard and took a quarter of the DOCX's time: the pixels are
    written here with fast zlib compression (a larger file, the same picture).
    """
    import numpy as np
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    surface = PNGSurface(Tree(bytestring=svg), None, 96, scale=2.0, background_color="white")
    image = surface.cairo
    image.flush()
    height, width, stride = image.get_height(), image.get_width(), image.get_stride()
    pixels = np.frombuffer(bytes(image.get_data()), dtype=np.uint8).reshape(height, stride)[:, :width * 4]
    bgra = pixels.reshape(height, width, 4)  # cairo's ARGB32 on a little-endian machine; opaque on white
    rgb = bgra[:, :, 2::-1] if np.little_endian else bgra[:, :, 1:]
    raw = np.hstack([np.zeros((height, 1), dtype=np.uint8), np.ascontiguousarray(rgb).reshape(height, width * 3)])
    surface.finish()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1)) + chunk(b"IEND", b""))


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)
