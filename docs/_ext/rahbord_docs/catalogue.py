"""Persian text of the generated pages: gettext catalogues read with Babel.

The CLI pages and the Persian API index are generated from code, so their
English text (typer help strings, docstring summaries) is the ``msgid`` and
the Persian is the ``msgstr`` of ``docs/locale/fa/LC_MESSAGES/<domain>.po``
(domains ``rahbord-cli`` and ``rahbord-api``).  An English text with no
Persian entry is a build warning — an error under ``-W`` — so a new option or a
changed help string cannot reach the Persian site untranslated.

``python docs/_ext/rahbord_docs/catalogue.py`` adds an empty entry for every
message the generated pages need and do not have yet, and removes entries
no longer used; fill in the ``msgstr`` lines and rebuild.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"
DOMAINS = ("rahbord-cli", "rahbord-api")

_warn = None  # set by setup(): a logger.warning bound to Sphinx


def po_path(domain: str, language: str = "fa") -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


@cache
def _catalog(domain: str, language: str) -> Catalog | None:
    path = po_path(domain, language)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def gettext(language: str, domain: str, msgid: str, context: str | None = None, location=None) -> str:
    """Persian (or other) text of ``msgid``; English is returned as is."""
    if language == "en":
        return msgid
    catalog = _catalog(domain, language)
    message = catalog.get(msgid, context=context) if catalog is not None else None
    if message is None or not message.string or message.fuzzy:
        if _warn is not None:
            where = f" (context {context!r})" if context else ""
            _warn(
                f"no {language} translation in {po_path(domain, language).relative_to(LOCALE.parent)} for "
                f"{msgid!r}{where}; run `python docs/_ext/rahbord_docs/catalogue.py` and fill in the msgstr",
                location=location,
            )
        return msgid
    return message.string


_ASCII_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def localize_number(text: str, language: str) -> str:
    """``text`` with Persian digits, decimal separator ٫ and thousands separator ٬ when ``language == "fa"``."""
    if language != "fa":
        return text
    text = re.sub(r"(?<=\d)\.(?=\d)", "٫", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "٬", text)
    return text.translate(_ASCII_DIGITS)


def with_code(text: str) -> list:
    """Docutils nodes of a translated text: `backquoted` parts (names, files, options) become code."""
    from docutils import nodes

    parts = []
    for k, part in enumerate(text.split("`")):
        if part:
            parts.append(nodes.literal(part, part) if k % 2 else nodes.Text(part))
    return parts


def messages():
    """Every (domain, context, msgid) the generated pages ask for."""
    from . import api_index, cli

    yield from cli.messages()
    yield from api_index.messages()


def update(language: str = "fa") -> None:
    wanted: dict[str, dict] = {domain: {} for domain in DOMAINS}
    for domain, context, msgid in messages():
        wanted[domain][(msgid, context)] = None
    for domain, keys in wanted.items():
        path = po_path(domain, language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language, domain=domain)
        else:
            catalog = Catalog(locale=language, domain=domain, project="rahbord docs")
        added = 0
        for msgid, context in keys:
            if catalog.get(msgid, context=context) is None:
                catalog.add(msgid, "", context=context)
                added += 1
        unused = [(m.id, m.context) for m in catalog if m.id and (m.id, m.context) not in keys]
        for msgid, context in unused:  # texts the code no longer has
            catalog.delete(msgid, context=context)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False, sort_output=False)
        print(f"{path}: {added} new entries to translate; {len(unused)} no longer used, removed")


def setup(app):
    global _warn
    from sphinx.util import logging

    logger = logging.getLogger("rahbord_docs")
    _warn = lambda message, location=None: logger.warning(message, location=location)  # noqa: E731
    _catalog.cache_clear()


if __name__ == "__main__":
    import sys

    sys.path[:0] = [str(Path(__file__).resolve().parents[3]), str(Path(__file__).resolve().parents[1])]
    from rahbord_docs.catalogue import update as _update  # the package's copy, with its own imports

    _update()
