"""The one message catalogue: every user-facing string of rahbord in English and Persian (gettext, edited as .po).

Where it lives and why: ``criteria/locale/`` — ``rahbord.pot`` (the template)
and ``fa/LC_MESSAGES/rahbord.po`` (the Persian).  ``criteria`` is the lowest
layer that speaks to users (the model checker's messages), and every layer
above it (surveys, analysis, reports, the CLI and the web app) may import it,
so one catalogue inside the ``criteria`` package ships in the wheel and is
reachable from all of them without an upward import.  (``mcda`` below it keeps
the bilingual labels of its registries beside each registry entry.)

Each entry is keyed by a stable context (``msgctxt``) — the old dictionaries'
keys, prefixed by their table: ``report.council_intro``, ``xlsx.sheet_summary``,
``web.sign_in``, ``answer.reversed.message`` / ``answer.reversed.expected``,
``questionnaire.side.0`` (the first of a tuple), ``method.TOPSIS`` — with the
English text as ``msgid`` and the Persian as ``msgstr``.  An English text that
is empty where the Persian is not (a hint only the Persian form gives) is
written as the ``msgid`` ``-`` (:data:`NO_ENGLISH`), and a Persian that is empty
as the ``msgstr`` ``-``; a problem's ``expected`` empty in both languages is left
out (:func:`problem_texts` gives ``""`` for it).

The tables the code reads (:func:`texts`, :func:`problem_texts`,
:func:`bilingual`, :func:`pgettext`) are built from the compiled
``rahbord.mo``, read with the standard library's :mod:`gettext`, once per
process.  The ``.mo`` is not kept in git: ``scripts/setup.sh`` (``make setup``)
compiles it, and this module compiles it with Babel whenever it is missing or
older than the ``.po`` (``make catalogue`` does the same by hand),
so an edited ``.po`` is picked up by the next run.  An entry with no Persian
yet shows its English (``tests/test_catalogue.py`` fails on it, so none ships).

**Adding a string.** Add an entry to ``criteria/locale/fa/LC_MESSAGES/rahbord.po``
(and the same ``msgctxt``/``msgid`` with an empty ``msgstr`` to ``rahbord.pot``)::

    #: reports/chapters/council.py
    msgctxt "report.council_note"
    msgid "The panel's note: {text}"
    msgstr "یادداشت خبرگان: {text}"

then read it through the table of its prefix (``TEXT[lang]["council_note"]``
in :mod:`reports.strings`, ``t("...")`` on the web) or directly with
``pgettext("report.council_note", lang)``, and run
``make catalogue`` (or just the tests).  Placeholders
(``{name}``) must be the same in both languages; the Persian has no Latin
letters or digits (ids travel as placeholders), which ``tests/test_catalogue.py``
checks along with a Persian ``msgstr`` for every entry.

**A translator's workflow.** Open ``rahbord.po`` in Poedit (or any .po editor),
or after adding entries to the template bring them into the Persian file with
``.venv/bin/pybabel update -i criteria/locale/rahbord.pot -d criteria/locale -D rahbord -l fa``
(new entries arrive with an empty ``msgstr``; changed English ones marked
fuzzy), translate, and compile as above.
"""

from __future__ import annotations

import gettext
import os
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path

__all__ = ["DOMAIN", "LOCALE_DIR", "NO_ENGLISH", "bilingual", "compile_catalogue", "mo_path", "pgettext", "po_path",
           "pot_path", "problem_texts", "texts"]

DOMAIN = "rahbord"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: the msgid of an entry whose English text is empty while its Persian is not
NO_ENGLISH = "-"
_LANGS = ("en", "fa")
_SEP = "\x04"  # gettext joins msgctxt and msgid with EOT in a compiled catalogue


def po_path(lang: str = "fa") -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str = "fa") -> Path:
    return po_path(lang).with_suffix(".mo")


def pot_path() -> Path:
    return LOCALE_DIR / f"{DOMAIN}.pot"


def compile_catalogue(lang: str = "fa", write: bool = True) -> bytes:
    """Compile ``rahbord.po`` to ``.mo`` bytes with Babel (written beside it when ``write``, atomically).

    An entry with no translation yet (or a fuzzy one) is compiled with its English as the translation, so its
    key is still in every table (gettext would otherwise leave it out of the ``.mo`` altogether)."""
    from babel.messages.mofile import write_mo  # only when compiling: Babel is not imported on a normal run
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    for message in catalog:
        if message.id and (not message.string or message.fuzzy):
            message.string = message.id
            message.flags.discard("fuzzy")
    buffer = BytesIO()
    write_mo(buffer, catalog)
    data = buffer.getvalue()
    if write:
        target = mo_path(lang)
        # another process (a reader worker, a test run) may compile at the same moment: write aside, then rename
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{DOMAIN}-", suffix=".mo")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the catalogue is for everyone who runs rahbord
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return data


def _stale(lang: str) -> bool:
    mo = mo_path(lang)
    return not mo.exists() or mo.stat().st_mtime_ns < po_path(lang).stat().st_mtime_ns


@cache
def _translations(lang: str = "fa") -> gettext.GNUTranslations:
    if _stale(lang):
        try:
            data = compile_catalogue(lang)
        except OSError:  # an installed, read-only package: compile in memory for this process
            data = compile_catalogue(lang, write=False)
        return gettext.GNUTranslations(BytesIO(data))
    with mo_path(lang).open("rb") as handle:
        return gettext.GNUTranslations(handle)


@cache
def _entries() -> dict[str, tuple[str, str]]:
    """context → (English, Persian) for every entry of the catalogue."""
    # GNUTranslations keeps the compiled messages in ``_catalog`` ("context\x04msgid" → msgstr); reading it is
    # how the tables enumerate a prefix's keys (pgettext alone can only look one up)
    out = {}
    for key, string in _translations("fa")._catalog.items():
        if isinstance(key, str) and _SEP in key:
            context, msgid = key.split(_SEP, 1)
            out[context] = ("" if msgid == NO_ENGLISH else msgid, "" if string == NO_ENGLISH else string)
    return out


def pgettext(context: str, lang: str) -> str:
    """The text of ``context`` in ``lang`` ("fa" or "en"); KeyError for a context the catalogue lacks."""
    english, persian = _entries()[context]
    return persian if lang == "fa" else english


@cache
def _by_prefix() -> dict[str, dict[str, tuple[str, str]]]:
    """prefix → {rest of the context: (English, Persian)}, so each table reads only its own entries."""
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for context, pair in _entries().items():
        prefix, _, rest = context.partition(".")
        out.setdefault(prefix, {})[rest] = pair
    return out


def _prefixed(prefix: str) -> dict[str, tuple[str, str]]:
    return _by_prefix().get(prefix, {})


def texts(prefix: str) -> dict[str, dict[str, str | tuple[str, ...]]]:
    """``{"en": {key: text}, "fa": {key: text}}`` of the entries ``prefix.key``; entries ``prefix.key.0``,
    ``prefix.key.1`` … make a tuple ``key: (text0, text1, …)``."""
    out: dict[str, dict] = {lang: {} for lang in _LANGS}
    parts: dict[str, dict[int, tuple[str, str]]] = {}
    for rest, pair in _prefixed(prefix).items():
        key, _, index = rest.rpartition(".")
        if key and index.isdigit():
            parts.setdefault(key, {})[int(index)] = pair
            continue
        for k, lang in enumerate(_LANGS):
            out[lang][rest] = pair[k]
    for key, items in parts.items():
        ordered = [items[i] for i in sorted(items)]
        for k, lang in enumerate(_LANGS):
            out[lang][key] = tuple(pair[k] for pair in ordered)
    return out


def problem_texts(prefix: str) -> dict[str, dict[str, tuple[str, str]]]:
    """``{"en": {key: (message, expected)}, "fa": {…}}`` of the entries ``prefix.key.message`` and
    ``prefix.key.expected`` (``""`` when an entry has no ``expected``)."""
    found = _prefixed(prefix)
    out: dict[str, dict[str, tuple[str, str]]] = {lang: {} for lang in _LANGS}
    for rest in found:
        key, _, part = rest.rpartition(".")
        if part != "message":
            continue
        expected = found.get(f"{key}.expected", ("", ""))
        for k, lang in enumerate(_LANGS):
            out[lang][key] = (found[rest][k], expected[k])
    return out


def bilingual(prefix: str) -> dict[str, tuple[str, str]]:
    """``{key: (english, persian)}`` of the entries ``prefix.key``."""
    return dict(_prefixed(prefix))


def main(argv: list[str] | None = None) -> None:
    """``make catalogue`` (``--if-stale``: only when the ``.mo`` is older than the ``.po``): compile the .po to .mo.

    Called by name rather than run with ``python -m``: ``criteria`` imports this module, and running a
    module its own package has imported makes Python warn."""
    import sys

    if "--if-stale" not in (sys.argv[1:] if argv is None else argv) or _stale("fa"):
        compile_catalogue()
        print(f"compiled {po_path().relative_to(LOCALE_DIR.parent.parent)} -> {mo_path().name}")
