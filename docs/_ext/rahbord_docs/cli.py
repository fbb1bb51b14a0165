"""The CLI pages, read from the typer application itself (no copied option lists).

``{rahbord-cli} analyze`` renders one command: what it does (its docstring),
its usage line, its arguments and options with their help, default, range,
choices and environment variable; ``{rahbord-cli-index}`` lists the commands
in the order ``rahbord --help`` shows them.  On the Persian site every help
text comes from ``locale/fa/LC_MESSAGES/rahbord-cli.po`` (see
:mod:`rahbord_docs.catalogue`); option names, values and examples stay as
code.  Each command must have a page ``cli/<command>`` and each such page a
command: the build warns (fails under ``-W``) when they drift apart.
"""

from __future__ import annotations

from enum import Enum

import typer.main
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .catalogue import gettext, localize_number, with_code

logger = logging.getLogger("rahbord_docs")
DOMAIN = "rahbord-cli"
LABELS = ("Usage", "Arguments", "Options", "Example", "required", "default", "range", "environment variable")


def root_command():
    from rahbord.cli import app

    return typer.main.get_command(app)


def _context(command, name: str | None = None):
    from typer._click import Context  # the click that typer carries (typer ≥ 0.20 vendors it)

    root = root_command()
    parent = Context(root, info_name="rahbord")
    return parent if command is None else Context(command, info_name=name, parent=parent)


def help_blocks(text: str | None) -> list[tuple[str, str]]:
    """A command docstring as ("text", paragraph) and ("code", lines) blocks.

    A paragraph whose lines all start with ``rahbord`` is an example (code);
    a paragraph that is only ``Example:`` is dropped (the page has its own
    heading); other paragraphs are joined into one line of prose.
    """
    blocks: list[tuple[str, str]] = []
    for paragraph in (text or "").strip().split("\n\n"):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip() and line.strip() != "\b"]
        if not lines:
            continue
        if all(line.startswith("rahbord") for line in lines):
            blocks.append(("code", "\n".join(lines)))
        elif lines == ["Example:"] or lines == ["Examples:"]:
            continue
        else:
            blocks.append(("text", " ".join(lines)))
    return blocks


def _default(param) -> str | None:
    if param.required or param.default is None:
        return None
    default = param.default
    if getattr(param, "is_flag", False):
        if param.secondary_opts:
            return param.opts[0] if default else param.secondary_opts[0]
        return None  # a plain flag is off unless given
    if isinstance(default, Enum):
        default = default.value
    if isinstance(default, (list, tuple)):
        return " ".join(map(str, default)) or None
    return str(default)


def _range(param) -> str | None:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"≥ {low}"
    if high is not None:
        return f"≤ {high}"
    return None


def messages():
    root = root_command()
    yield DOMAIN, None, root.help
    for label in LABELS:
        yield DOMAIN, "label", label
    for param in root.params:
        if param.help:
            yield DOMAIN, None, param.help
    for name, command in root.commands.items():
        for kind, text in help_blocks(command.help):
            if kind == "text":
                yield DOMAIN, None, text
        for param in command.params:
            if getattr(param, "help", None):
                yield DOMAIN, None, param.help


class _CliDirective(SphinxDirective):
    def _(self, msgid: str, context: str | None = None) -> str:
        return gettext(self.config.language or "en", DOMAIN, msgid, context, location=self.get_location())

    def _paragraph(self, text: str) -> nodes.paragraph:
        """A help text as a paragraph; `backquoted` parts (file and option names in a translation) as code."""
        para = nodes.paragraph()
        para += with_code(text)
        return para


class CliCommand(_CliDirective):
    """``{rahbord-cli} <command>``: the page body of one command."""

    required_arguments = 1
    has_content = False

    def run(self):
        name = self.arguments[0]
        root = root_command()
        command = root.commands.get(name)
        if command is None:
            logger.warning(f"`rahbord {name}` is not a command (commands: {', '.join(root.commands)})",
                           location=self.get_location())
            return []
        language = self.config.language or "en"
        context = _context(command, name)
        out: list[nodes.Node] = []
        examples: list[str] = []
        for kind, text in help_blocks(command.help):
            if kind == "code":
                examples.append(text)
            else:
                out.append(self._paragraph(self._(text)))

        usage = f"rahbord {name} " + " ".join(command.collect_usage_pieces(context))
        out += [self._section(self._("Usage", "label"), [self._code(usage)], f"{name}-usage")]

        arguments = [p for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
        if arguments:
            out.append(self._section(self._("Arguments", "label"), [self._params(arguments, context, language)],
                                     f"{name}-arguments"))
        if options:
            out.append(self._section(self._("Options", "label"), [self._params(options, context, language)],
                                     f"{name}-options"))
        if examples:
            out.append(self._section(self._("Example", "label"), [self._code(e) for e in examples],
                                     f"{name}-example"))
        return out

    def _code(self, text: str) -> nodes.literal_block:
        block = nodes.literal_block(text, text, language="sh")
        block["classes"].append("ltr")
        return block

    def _section(self, title: str, body: list[nodes.Node], ident: str) -> nodes.section:
        section = nodes.section(ids=[ident], names=[ident])
        section += nodes.title(title, title)
        section += body
        return section

    def _params(self, params, context, language) -> nodes.definition_list:
        listing = nodes.definition_list(classes=["rahbord-cli-params"])
        for param in params:
            declaration = param.get_help_record(context)[0]
            term = nodes.term()
            term += nodes.literal(declaration, declaration)
            definition = nodes.definition()
            if param.help:
                definition += self._paragraph(self._(param.help))
            facts = []
            if param.required:
                facts.append((self._("required", "label"), None, False))
            for label, value, as_code in (("default", _default(param), True), ("range", _range(param), False),
                                          ("environment variable", getattr(param, "envvar", None), True)):
                if value:
                    facts.append((self._(label, "label"), value, as_code))
            if facts:
                line = nodes.paragraph(classes=["rahbord-cli-facts"])
                for k, (label, value, as_code) in enumerate(facts):
                    if k:
                        line += nodes.Text(" · ")
                    line += nodes.Text(label if value is None else f"{label}: ")
                    if as_code:  # what the user types stays as typed
                        line += nodes.literal(value, value)
                    elif value is not None:  # a range reads as prose: Persian digits on the Persian site
                        line += nodes.Text(localize_number(value, language))
                definition += line
            item = nodes.definition_list_item()
            item += [term, definition]
            listing += item
        return listing


class CliIndex(_CliDirective):
    """``{rahbord-cli-index}``: what ``rahbord`` is, and its commands in order, each linked to its page."""

    has_content = False
    option_spec = {"toctree": directives.flag}

    def run(self):
        root = root_command()
        out: list[nodes.Node] = [self._paragraph(self._(root.help))]
        table = nodes.bullet_list()
        for name, command in root.commands.items():
            summary = next((text for kind, text in help_blocks(command.help) if kind == "text"), "")
            item = nodes.list_item()
            para = nodes.paragraph()
            ref = nodes.reference("", "", internal=True, refuri=f"{name}.html")
            ref += nodes.literal(f"rahbord {name}", f"rahbord {name}")
            para += ref
            para += nodes.Text(" — ")
            para += with_code(self._(summary))
            item += para
            table += item
        out.append(table)
        return out


def _check_pages(app, env) -> None:
    commands = set(root_command().commands)
    pages = {doc.split("/", 1)[1] for doc in env.found_docs if doc.startswith("cli/") and doc != "cli/index"}
    for name in sorted(commands - pages):
        logger.warning(f"`rahbord {name}` has no page: add docs/{app.config.language}/cli/{name}.md "
                       f"with a {{rahbord-cli}} {name} block and list it in cli/index.md")
    for name in sorted(pages - commands):
        logger.warning(f"docs/{app.config.language}/cli/{name}.md documents `rahbord {name}`, which is no longer a command")


def setup(app):
    app.add_directive("rahbord-cli", CliCommand)
    app.add_directive("rahbord-cli-index", CliIndex)
    app.connect("env-check-consistency", _check_pages)
