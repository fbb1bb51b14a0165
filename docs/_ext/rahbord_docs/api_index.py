"""The Persian index of a package's public API, one row per name in ``__all__``.

The full reference (signatures, formulas, papers, examples) is read from the
English docstrings by autodoc on the English site.  The Persian site lists the
same names — ``{rahbord-api-index} mcda`` — each with its kind, a Persian
summary from ``locale/fa/LC_MESSAGES/rahbord-api.po`` and a link to its entry
in the English reference.  The English summary line of each docstring is the
``msgid`` (``msgctxt`` = the dotted name), so a summary that changes in code
asks for its Persian again; names without a docstring of their own
(constants) use the dotted name as ``msgid``.
"""

from __future__ import annotations

import importlib
import inspect

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .catalogue import gettext, with_code

DOMAIN = "rahbord-api"
PACKAGES = ("mcda", "criteria", "surveys", "analysis")
KINDS = ("function", "class", "exception", "constant")


def kind_of(obj) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.isroutine(obj):
        return "function"
    return "constant"


def summary_of(package: str, name: str, obj) -> str:
    """The English text a name's Persian summary translates (its ``msgid``)."""
    if kind_of(obj) == "constant":
        return f"{package}.{name}"
    doc = inspect.getdoc(obj) or f"{package}.{name}"
    return " ".join(doc.strip().split("\n\n", 1)[0].split())


def public_names(package: str):
    module = importlib.import_module(package)
    for name in module.__all__:
        yield name, getattr(module, name)


def messages():
    for kind in KINDS:
        yield DOMAIN, "label", kind
    for label in ("name", "kind", "description"):
        yield DOMAIN, "label", label
    for package in PACKAGES:
        for name, obj in public_names(package):
            yield DOMAIN, f"{package}.{name}", summary_of(package, name, obj)


class ApiIndex(SphinxDirective):
    """``{rahbord-api-index} <package>``: a table of the package's public names."""

    required_arguments = 1

    def _(self, msgid: str, context: str) -> str:
        return gettext(self.config.language or "en", DOMAIN, msgid, context, location=self.get_location())

    def run(self):
        package = self.arguments[0]
        depth = self.env.docname.count("/") + 2
        reference = "../" * depth + f"en/html/api/{package}.html"
        table = nodes.table(classes=["rahbord-api-index"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (3, 1, 8):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += self._row([nodes.Text(self._(label, "label")) for label in ("name", "kind", "description")])
        group += head
        body = nodes.tbody()
        for name, obj in public_names(package):
            link = nodes.reference("", "", refuri=f"{reference}#{package}.{name}")
            link += nodes.literal(name, name)
            summary = self._(summary_of(package, name, obj), f"{package}.{name}")
            body += self._row([link, nodes.Text(self._(kind_of(obj), "label")), with_code(summary)])
        group += body
        return [table]

    @staticmethod
    def _row(cells) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            para = nodes.paragraph()
            para += cell  # a node or a list of nodes
            entry += para
            row += entry
        return row




def _defining_module(package: str, name: str, obj):
    """The submodule of ``package`` that defines ``name`` (the first whose attribute is the same object)."""
    import pkgutil

    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
        if info.name.rsplit(".", 1)[-1].startswith("_") and info.name != f"{package}._kernels":
            continue
        try:
            sub = importlib.import_module(info.name)
        except ImportError:  # an optional module; its constants are not re-exported by the package
            continue
        if getattr(sub, name, _MISSING) is obj and name in vars(sub):
            return sub
    return None


_MISSING = object()


class ApiConstants(SphinxDirective):
    """``{rahbord-api-constants} <package>``: the package's public constants, with their ``#:`` comments.

    autodoc documents a re-exported constant only when the package module
    itself carries its ``#:`` comment; the constants of mcda / criteria /
    surveys / analysis are defined in submodules, so this directive finds each
    one's defining module and documents it under the package's name.
    """

    required_arguments = 1

    def run(self):
        from sphinx.pycode import ModuleAnalyzer
        from sphinx.util.inspect import object_description
        from docutils.statemachine import StringList

        package = self.arguments[0]
        lines: list[str] = []
        for name, obj in public_names(package):
            if kind_of(obj) != "constant":
                continue
            doc: list[str] = []
            module = _defining_module(package, name, obj)
            if module is not None:
                analyzer = ModuleAnalyzer.for_module(module.__name__)
                analyzer.analyze()
                doc = list(analyzer.attr_docs.get(("", name), []))
            value = object_description(obj)
            if len(value) > 100:
                value = value[:97] + "..."
            lines += [f".. py:data:: {name}", f"   :module: {package}", f"   :value: {value}", ""]
            lines += [f"   {line}" for line in doc] + [""]
        node = nodes.container(classes=["rahbord-api-constants"])
        self.state.nested_parse(StringList(lines, source=f"<{package} constants>"), self.content_offset, node)
        return node.children


def setup(app):
    app.add_directive("rahbord-api-index", ApiIndex)
    app.add_directive("rahbord-api-constants", ApiConstants)
