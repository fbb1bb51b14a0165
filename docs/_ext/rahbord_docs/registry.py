"""Tables read from mcda's registries, so the methods page lists what the code offers.

``{rahbord-options} <field>`` — the choices of one analysis option
(:data:`mcda.OPTION_REGISTRIES`: ``method``, ``aggregation``, ``ri_table``,
``synthesis``) with their label, description and reference in the page's
language; ``{rahbord-ri-tables}`` — every table of
:data:`mcda.RANDOM_INDEX_TABLES`, n = 3…15, side by side, and their sources.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .catalogue import localize_number

logger = logging.getLogger("rahbord_docs")

HEADERS = {
    "en": {"name": "name", "label": "choice", "description": "what it does", "reference": "reference", "n": "n"},
    "fa": {"name": "نام", "label": "گزینه", "description": "چه می‌کند", "reference": "منبع", "n": "n"},
}


def _latin(text: str, language: str) -> nodes.Node:
    """Latin-script text (a paper's title, an author) inside a Persian page stays marked as English."""
    if language == "fa":
        return nodes.inline(text, text, classes=["latin", "language-en"])
    return nodes.Text(text)


def _table(header: list[str], rows: list[list[nodes.Node]], widths: list[int], classes: list[str]) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in header])
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return table


def _row(cells) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        para = nodes.paragraph()
        para += cell
        entry += para
        row += entry
    return row


class Options(SphinxDirective):
    required_arguments = 1

    def run(self):
        import mcda

        language = self.config.language or "en"
        field = self.arguments[0]
        registry = mcda.OPTION_REGISTRIES.get(field)
        if registry is None:
            logger.warning(f"no option registry {field!r} (registries: {', '.join(mcda.OPTION_REGISTRIES)})",
                           location=self.get_location())
            return []
        h = HEADERS[language]
        rows = []
        for name, option in registry.items():
            description = option.description(language)
            rows.append([
                nodes.literal(name, name),
                nodes.Text(option.label(language)),
                nodes.Text(description),
                _latin(option.reference, language) if option.reference else nodes.Text("—"),
            ])
        return [_table([h["name"], h["label"], h["description"], h["reference"]], rows, [2, 3, 6, 3],
                       ["rahbord-options"])]


class RiTables(SphinxDirective):
    has_content = False

    def run(self):
        import mcda

        language = self.config.language or "en"
        tables = mcda.RANDOM_INDEX_TABLES
        names = list(tables)
        header = [HEADERS[language]["n"]] + [
            (t.label_fa if language == "fa" else t.label_en) for t in tables.values()
        ]
        rows = []
        for n in range(3, 16):
            cells: list[nodes.Node] = [nodes.Text(localize_number(str(n), language))]
            for name in names:
                value = mcda.random_index(n, table=name) if n in tables[name] else None
                text = "—" if value is None else localize_number(f"{value:.4f}".rstrip("0").rstrip("."), language)
                cells.append(nodes.Text(text))
            rows.append(cells)
        out: list[nodes.Node] = [_table(header, rows, [1] + [2] * len(names), ["rahbord-ri-tables"])]
        sources = nodes.bullet_list()
        for name, table in tables.items():
            item = nodes.list_item()
            para = nodes.paragraph()
            para += nodes.literal(name, name)
            para += nodes.Text(": ")
            para += _latin(table.source, language)
            item += para
            sources += item
        out.append(sources)
        return out


def setup(app):
    app.add_directive("rahbord-options", Options)
    app.add_directive("rahbord-ri-tables", RiTables)
