"""One-off converter: write the message catalogue (criteria/locale) from the per-layer string dicts.

Run from the project root: ``.venv/bin/python scripts/catalogue_from_dicts.py``.  It imports each table
(reports.strings.TEXT, reports.xlsx_strings.XLSX_TEXT, rahbord.web.i18n.MESSAGES, surveys.messages.*_TEXT,
surveys.questionnaire.TEXT, criteria.messages.MODEL_TEXT, analysis.scenarios.messages.SCENARIO_TEXT, …) and
writes every entry as ``msgctxt`` = ``<prefix>.<key>``, ``msgid`` = English, ``msgstr`` = Persian into
``criteria/locale/rahbord.pot`` and ``criteria/locale/fa/LC_MESSAGES/rahbord.po``, then compiles the ``.mo``.
Entries already in the ``.po`` under a prefix that no table produces are kept; a table switched over to the
catalogue reads its own entries back, so re-running it then loses nothing either.  Not a feature: once every table
reads the catalogue, the ``.po`` is the source and this script has done its job.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

from criteria import catalogue  # noqa: E402

#: where each prefix's keys are used (for the ``#:`` comments): the folders searched
_USED_IN = {
    "report": ("reports", "templates", "rahbord", "docs/_ext"),
    "method": ("reports",),
    "xlsx": ("reports",),
    "web": ("rahbord/web", "rahbord/store", "rahbord/commands"),
    "answer": ("surveys",),
    "reader": ("surveys",),
    "file": ("surveys", "rahbord/web"),
    "safety": ("surveys",),
    "questionnaire": ("surveys",),
    "survey": ("surveys",),
    "model": ("criteria",),
    "model_kind": ("criteria",),
    "model_noun": ("criteria",),
    "model_field": ("criteria",),
    "scenario": ("analysis",),
}


def _tables():
    """(prefix, kind, table) for every dict; kind: flat {lang: {key: str|tuple}}, pairs {lang: {key: (m, e)}},
    bilingual {key: (en, fa)}, names {english: persian}."""
    from analysis.scenarios.messages import SCENARIO_TEXT
    from criteria import messages as model_messages
    from criteria.messages import MODEL_TEXT
    from rahbord.web.i18n import MESSAGES
    from reports.strings import METHOD_NAMES_FA, TEXT
    from reports.xlsx_strings import XLSX_TEXT
    from surveys.messages import _PAIR, ANSWER_TEXT, FILE_TEXT, READER_TEXT, SAFETY_TEXT
    from surveys.questionnaire import TEXT as QUESTIONNAIRE_TEXT

    return [
        ("model", "pairs", MODEL_TEXT),
        ("model_kind", "names", model_messages._KINDS),
        ("model_noun", "bilingual", model_messages._NOUNS),
        ("model_field", "names", model_messages._FIELDS_FA),
        ("language", "bilingual", {code: ({"en": "English", "fa": "Persian"}[code], persian)
                                   for code, persian in model_messages._LANGUAGES_FA.items()}),
        ("model_word", "flat", {lang: {"of_model": text} for lang, text in
                                getattr(model_messages, "_OF_MODEL", {"en": "{field} of the model",
                                                                       "fa": "{field} مدل"}).items()}),
        ("answer", "pairs", ANSWER_TEXT),
        ("reader", "pairs", READER_TEXT),
        ("file", "pairs", FILE_TEXT),
        ("safety", "pairs", SAFETY_TEXT),
        ("survey", "flat", {lang: {"pair": text} for lang, text in _PAIR.items()}),
        ("questionnaire", "flat", QUESTIONNAIRE_TEXT),
        ("scenario", "pairs", SCENARIO_TEXT),
        ("report", "flat", TEXT),
        ("method", "names", METHOD_NAMES_FA),
        ("xlsx", "flat", XLSX_TEXT),
        ("web", "bilingual", MESSAGES),
    ]


def _entries():
    """(context, english, persian, prefix, key) of every table entry, in the tables' order."""
    for prefix, kind, table in _tables():
        if kind == "bilingual":
            for key, (en, fa) in table.items():
                yield f"{prefix}.{key}", en, fa, prefix, key
        elif kind == "names":
            for key, fa in table.items():
                yield f"{prefix}.{key}", key, fa, prefix, key
        elif kind == "pairs":
            for key, (message, expected) in table["en"].items():
                fa_message, fa_expected = table["fa"].get(key, ("", ""))
                yield f"{prefix}.{key}.message", message, fa_message, prefix, key
                if expected or fa_expected:
                    yield f"{prefix}.{key}.expected", expected, fa_expected, prefix, key
        else:
            for key, en in table["en"].items():
                fa = table["fa"].get(key, "")
                if isinstance(en, tuple):
                    for k, part in enumerate(en):
                        yield f"{prefix}.{key}.{k}", part, fa[k] if k < len(fa) else "", prefix, key
                else:
                    yield f"{prefix}.{key}", en, fa, prefix, key


def _sources(folders):
    files = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".j2") and "locale" not in path.parts:
                files.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return files


_SOURCES: dict[str, list[tuple[str, str]]] = {}


def _locations(prefix, key):
    """The files (no line numbers: they would churn) where ``key`` is written as a string or ``t.key``."""
    if prefix not in _SOURCES:
        _SOURCES[prefix] = _sources(_USED_IN.get(prefix, ()))
    pattern = re.compile(rf"""(["']){re.escape(key)}\1|\bt\.{re.escape(key)}\b""")
    own = {"report": "reports/strings.py", "method": "reports/strings.py", "xlsx": "reports/xlsx_strings.py",
           "web": "rahbord/web/i18n.py"}
    return [(name, None) for name, text in _SOURCES[prefix]
            if name != own.get(prefix) and not name.endswith("messages.py") and pattern.search(text)]


def build() -> tuple[Catalog, Catalog]:
    header = dict(project="rahbord", version="0.1", copyright_holder="rahbord developers",
                  msgid_bugs_address="", fuzzy=False, domain=catalogue.DOMAIN,
                  creation_date=datetime(2026, 12, 2, tzinfo=timezone.utc))
    po = Catalog(locale="fa", **header)
    pot = Catalog(**header)
    existing = catalogue.po_path()
    old = None
    if existing.exists():
        with existing.open("rb") as handle:
            old = read_po(handle, locale="fa", domain=catalogue.DOMAIN)
    # a table that reads the catalogue gives its keys in the .mo's (sorted) order: keep the .po's order for the
    # entries it has, and put new ones after their table's
    place = {message.context: k for k, message in enumerate(old or []) if message.id}
    order = {prefix: k for k, (prefix, _, _) in enumerate(_tables())}
    produced = sorted(enumerate(_entries()),
                      key=lambda item: (order[item[1][3]], item[1][0] not in place, place.get(item[1][0], item[0])))
    seen = set()
    for _, (context, en, fa, prefix, key) in produced:
        if context in seen:
            raise SystemExit(f"duplicate context {context}")
        seen.add(context)
        msgid = en or catalogue.NO_ENGLISH
        comments = ["English shows nothing here; only the Persian gives this hint"] if not en else []
        locations = _locations(prefix, key)
        if not fa and not en:  # empty in both (a table's key that only one form fills in)
            fa = catalogue.NO_ENGLISH
        po.add(msgid, fa, locations=locations, context=context, auto_comments=comments)
        pot.add(msgid, "", locations=locations, context=context, auto_comments=comments)
    if old is not None:  # keep entries added to the .po by hand under a prefix that no table produces
        prefixes = {prefix for prefix, _, _ in _tables()}
        for message in old:
            if message.id and message.context.split(".", 1)[0] not in prefixes:
                po[message.id] = message
                pot.add(message.id, "", locations=message.locations, context=message.context,
                        auto_comments=message.auto_comments)
    return pot, po


def main() -> None:
    pot, po = build()
    catalogue.po_path().parent.mkdir(parents=True, exist_ok=True)
    options = dict(width=120, omit_header=False, include_lineno=False)
    with catalogue.pot_path().open("wb") as out:
        write_po(out, pot, **options)
    with catalogue.po_path().open("wb") as out:
        write_po(out, po, **options)
    catalogue.compile_catalogue()
    print(f"{len(po)} entries -> {catalogue.po_path().relative_to(ROOT)}")


if __name__ == "__main__":
    main()
