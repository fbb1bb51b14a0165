"""The message catalogue (criteria/locale, :mod:`criteria.catalogue`) is whole, compiled and Persian.

Every user-facing string lives in one gettext catalogue: the compiled ``.mo`` is
the ``.po``; every entry has a Persian ``msgstr`` with the same placeholders as
its English and no Latin letter or digit; the code holds no Persian literal
outside it (an AST scan); and every key the code looks up is in it.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import string
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from criteria import catalogue

ROOT = Path(__file__).resolve().parents[1]
#: a Persian (Arabic-script) letter: digits, the separators ٫ ٬ and the comma ، are typography, not words
PERSIAN_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
LATIN = re.compile(r"[A-Za-z0-9]+")
#: names of file types as a file manager shows them (as tests/web/test_persian_pages.py allows them)
FILE_TYPES = re.compile(r"(?<![A-Za-z])\.?(?:pdf|html|yaml|yml|csv|xlsx|xls|zip)(?![A-Za-z])", re.IGNORECASE)

#: Latin a Persian entry may hold, by context, and why. Nothing else: an acronym (CR, TOWS, AIJ) is a bug.
LATIN_ALLOWED = {
    "web.other_lang": ("English",),  # the language switch names the other language in its own script
    "model.bad_id.expected": ("S1",),  # ids are ASCII by design: the example shows one
    "model.too_few_groups.expected": ("S", "W", "O", "T"),  # the usual group ids, as the planner types them
    # the keys a planner writes in a scenario YAML file are English words by the file's format
    "web.scenario_file_expected": ("name", "description", "changes"),
}
#: placeholders the Persian leaves out on purpose, by context, and why (never one the English lacks)
PLACEHOLDERS_DROPPED = {
    # the English technical detail (an exception's text) is not shown to a Persian reader
    "reader.unreadable.message": {"failure"},
    "reader.refused.message": {"reason"},
    "safety.cannot_open.message": {"reason"},
    "safety.damaged_zip.message": {"reason"},
    "safety.damaged_part.message": {"reason"},
    # English grammar helpers (plural endings, "is"/"are", "set") that Persian does not need
    "reader.cut_off.message": {"set", "verb"},
    "reader.cut_off_no_link.message": {"set", "verb"},
    "reader.summary.message": {"s", "fs"},
    "web.error_disconnected": {"set"},
    # the English quotes the rejected value; the Persian says the name is empty
    "scenario.no_name.message": {"value"},
    # the English lists the missing parts by name, the Persian counts them ({count} is passed too)
    "reader.map_damaged.message": {"missing"},
    # set-builder subscripts of a formula (Σ_{f∈S∪W}), not placeholders: the text is never formatted
    "method_page.formula_position.words": {"f∈S∪W", "f∈O∪T"},
}
#: placeholders only the Persian uses (the caller passes them in both languages)
PLACEHOLDERS_ADDED = {"reader.map_damaged.message": {"count"}}


@pytest.fixture(scope="module")
def po():
    with catalogue.po_path().open("rb") as handle:
        return read_po(handle, locale="fa", domain=catalogue.DOMAIN)


@pytest.fixture(scope="module")
def entries(po):
    return [m for m in po if m.id]


def _fields(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0].split("!")[0] for _, name, _, _ in string.Formatter().parse(text)
            if name is not None}


def _catalog_of(data: bytes) -> dict:
    return dict(gettext.GNUTranslations(BytesIO(data))._catalog)


def test_the_compiled_catalogue_is_the_po(po):
    """The .mo the code reads says what the .po says (no stale compile); compiling is deterministic."""
    catalogue.pgettext("web.sign_in", "fa")  # the loader compiles when the .mo is missing or older
    on_disk = _catalog_of(catalogue.mo_path().read_bytes())
    fresh = _catalog_of(catalogue.compile_catalogue(write=False))
    assert on_disk == fresh
    assert len([k for k in fresh if isinstance(k, str) and "\x04" in k]) == len([m for m in po if m.id])


def _forget():
    """Drop the loader's per-process copy, as a new process starts without it."""
    for cached in (catalogue._translations, catalogue._entries, catalogue._by_prefix):
        cached.cache_clear()


def test_an_edited_po_is_recompiled_on_the_next_run(tmp_path, monkeypatch):
    """A developer edits the .po and runs rahbord: the loader sees the .mo is older and compiles it again."""
    locale = tmp_path / "locale"
    shutil.copytree(catalogue.LOCALE_DIR, locale)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", locale)
    _forget()
    try:
        (locale / "fa" / "LC_MESSAGES" / "rahbord.mo").unlink(missing_ok=True)
        assert catalogue.pgettext("web.sign_in", "fa") == "ورود"  # compiled from the .po
        assert catalogue.mo_path().exists()
        po_file = catalogue.po_path()
        text = po_file.read_text(encoding="utf-8")
        edited = text.replace('msgctxt "web.sign_in"\nmsgid "Sign in"\nmsgstr "ورود"',
                              'msgctxt "web.sign_in"\nmsgid "Sign in"\nmsgstr "ورود به راهبرد"')
        assert edited != text
        po_file.write_text(edited, encoding="utf-8")
        stamp = catalogue.mo_path().stat().st_mtime_ns
        os.utime(po_file, ns=(stamp + 10**9, stamp + 10**9))
        _forget()
        assert catalogue.pgettext("web.sign_in", "fa") == "ورود به راهبرد"
        assert catalogue.pgettext("web.sign_in", "en") == "Sign in"
    finally:
        _forget()


def test_the_template_lists_every_entry_of_the_po(po):
    with catalogue.pot_path().open("rb") as handle:
        pot = read_po(handle, domain=catalogue.DOMAIN)
    assert {(m.context, m.id) for m in pot if m.id} == {(m.context, m.id) for m in po if m.id}


def test_every_entry_has_a_stable_context_and_a_persian_translation(entries):
    assert entries
    assert all(m.context and re.fullmatch(r"[a-z_]+\.[\w .'-]+", m.context) for m in entries), \
        [m.context for m in entries if not m.context]
    untranslated = [m.context for m in entries if not m.string or m.fuzzy]
    assert not untranslated, f"no Persian (or a fuzzy one) for {untranslated}"


def test_placeholders_are_the_same_in_both_languages(entries):
    wrong = {}
    for m in entries:
        english = set() if m.id == catalogue.NO_ENGLISH else _fields(m.id)
        persian = _fields(m.string)
        dropped = english - persian
        added = persian - english
        if dropped != PLACEHOLDERS_DROPPED.get(m.context, set()) or added != PLACEHOLDERS_ADDED.get(m.context, set()):
            wrong[m.context] = (sorted(english), sorted(persian))
    assert not wrong, wrong


def _latin(text: str, allowed=()) -> list[str]:
    text = re.sub(r"\{[^{}]*\}", " ", text)  # placeholders: ids and values arrive through them
    for word in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", " ", text)
    return LATIN.findall(FILE_TYPES.sub(" ", text))


def test_persian_entries_hold_no_latin_letter_or_digit(entries):
    found = {m.context: _latin(m.string, LATIN_ALLOWED.get(m.context, ())) for m in entries}
    found = {context: words for context, words in found.items() if words}
    assert not found, f"Latin in Persian entries: {found}"


#: one Persian term for one concept: a word the catalogue must not use → the term the report uses instead
SYNONYMS_REFUSED = {
    "نرخ ناسازگاری": "نسبت ناسازگاری",  # the consistency ratio (CR), as the report's method chapter and glossary say
}


def test_one_persian_term_for_one_concept(entries):
    found = {m.context: word for m in entries for word in SYNONYMS_REFUSED if word in m.string}
    assert not found, f"say {[SYNONYMS_REFUSED[w] for w in set(found.values())]} instead: {found}"
    # the preferred terms are the ones in use (so the table names the report's words, not a guess)
    assert all(any(term in m.string for m in entries) for term in SYNONYMS_REFUSED.values())


def test_the_persian_guide_uses_the_catalogues_terms():
    """The Persian user guide and the CLI pages' catalogue say what the program says (one term for one concept)."""
    files = [*sorted((ROOT / "docs" / "fa").rglob("*.md")), *sorted((ROOT / "docs" / "locale" / "fa").rglob("*.po"))]
    assert len(files) > 3
    found = {str(f.relative_to(ROOT)): word for f in files for word in SYNONYMS_REFUSED
             if word in f.read_text(encoding="utf-8")}
    assert not found, f"say {[SYNONYMS_REFUSED[w] for w in set(found.values())]} instead: {found}"


def test_the_aggregation_modes_are_named_as_the_report_names_them(entries):
    """The web's words for AIJ / AIP are the glossary's (no acronym in Persian)."""
    by_context = {m.context: m.string for m in entries}
    glossary = by_context["glossary.aggregation.term"].split("، ")
    assert [by_context["web.aij"], by_context["web.aip"]] == glossary


# ---------------------------------------------------------------------------------------------------------------
# No Persian literal in the code
# ---------------------------------------------------------------------------------------------------------------
PACKAGES = ("criteria", "surveys", "analysis", "reports", "templates", "rahbord")
#: mcda is below criteria (the catalogue's layer): its registries keep their bilingual labels beside each entry
#: and its digit tables are data, so it is not scanned.  Files that still hold Persian literals, with how many:
#: their strings are still to be moved into the catalogue.  The counts may only go down (lower one when you move
#: strings out of its file); an empty table means every Persian word the code says is in the catalogue.
NOT_YET_MOVED = {
}


#: words the code reads, not says: Persian a user may type, matched as input.  (file, the assignment or function
#: holding them) → why they stay in the code
INPUT_WORDS = {
    ("criteria/validate.py", "_YES"): "the Persian words a model file may use for yes",
    ("criteria/validate.py", "_NO"): "… and for no",
    ("surveys/reader.py", "_LETTERS"): "Arabic letters folded into their Persian forms before an answer is read",
    ("surveys/reader.py", "_SIDE_A"): "the words an expert may type for side A",
    ("surveys/reader.py", "_SIDE_B"): "… for side B",
    ("surveys/reader.py", "_SIDE_EQUAL"): "… for equal",
    ("surveys/live.py", "add_set"): "the side words the workbook's live formulas recognise in a cell",
    ("surveys/experts.py", "EXPERT_COLUMNS"): "the column headings an expert list may use",
    ("surveys/experts.py", "_LANGS"): "the language names an expert list may use",
}


def _persian_literals(path: Path, name: str = "") -> list[int]:
    """Lines of the string literals with a Persian letter (docstrings and :data:`INPUT_WORDS` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            docstrings.add(id(body[0].value))
    found = []

    def visit(node, owner):
        for child in ast.iter_child_nodes(node):
            holder = owner
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                holder = child.name
            elif isinstance(node, ast.Module) and isinstance(child, (ast.Assign, ast.AnnAssign)):
                holder = getattr(child.targets[0] if isinstance(child, ast.Assign) else child.target, "id", owner)
            if isinstance(child, ast.Constant) and isinstance(child.value, str) and id(child) not in docstrings \
                    and PERSIAN_LETTER.search(child.value) and (name, holder) not in INPUT_WORDS:
                found.append(child.lineno)
            visit(child, holder)

    visit(tree, "")
    return found


def _scanned():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path


def test_no_persian_literal_outside_the_catalogue():
    counts = {name: len(lines) for name, path in _scanned() if (lines := _persian_literals(path, name))}
    grown = {name: (n, NOT_YET_MOVED.get(name, 0)) for name, n in counts.items() if n > NOT_YET_MOVED.get(name, 0)}
    assert not grown, ("Persian literals in the code (now, allowed): put the text in "
                       f"criteria/locale/fa/LC_MESSAGES/rahbord.po (see criteria/catalogue.py): {grown}")


# ---------------------------------------------------------------------------------------------------------------
# Every key the code looks up is in the catalogue
# ---------------------------------------------------------------------------------------------------------------
#: problem-wording functions → their catalogue prefix (the key is their first argument)
_PROBLEM_FUNCTIONS = {"answer_text": "answer", "reader_text": "reader", "file_text": "file", "safety_text": "safety",
                      "model_text": "model", "scenario_text": "scenario"}


def _tables() -> dict[str, set[str]]:
    """prefix → the keys of the table the code reads (each built from the catalogue once switched over)."""
    from analysis.scenarios.messages import SCENARIO_TEXT
    from criteria.messages import MODEL_TEXT
    from rahbord.web.i18n import MESSAGES
    from reports.strings import TEXT
    from reports.xlsx_strings import XLSX_TEXT
    from surveys.messages import ANSWER_TEXT, FILE_TEXT, READER_TEXT, SAFETY_TEXT

    return {"answer": set(ANSWER_TEXT["en"]), "reader": set(READER_TEXT["en"]), "file": set(FILE_TEXT["en"]),
            "safety": set(SAFETY_TEXT["en"]), "model": set(MODEL_TEXT["en"]), "scenario": set(SCENARIO_TEXT["en"]),
            "web": set(MESSAGES), "report": set(TEXT["en"]), "xlsx": set(XLSX_TEXT["en"])}


def _used_keys():
    """(where, prefix, key) of every constant key the code passes to a wording function or table."""
    for name, path in _scanned():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        table = "xlsx" if "xlsx_text_for" in source else "report" if "text_for" in source else None
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                func = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if func in _PROBLEM_FUNCTIONS:
                    yield f"{name}:{node.lineno}", _PROBLEM_FUNCTIONS[func], node.args[0].value
                elif func == "t" and name.startswith("rahbord/web/"):
                    yield f"{name}:{node.lineno}", "web", node.args[0].value
            elif table and isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                    and isinstance(node.slice.value, str):
                base = node.value
                if (isinstance(base, ast.Name) and base.id == "t") or (
                        isinstance(base, ast.Call) and getattr(base.func, "id", "") in ("text_for", "xlsx_text_for")):
                    prefix = "xlsx" if isinstance(base, ast.Call) and base.func.id == "xlsx_text_for" else table
                    yield f"{name}:{node.lineno}", prefix, node.slice.value
    for path in sorted((ROOT / "rahbord" / "web" / "templates").glob("*.html")):
        for match in re.finditer(r"""\bt\(\s*['"]([a-z0-9_]+)['"]\s*[,)]""", path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT).as_posix(), "web", match.group(1)
    for path in sorted((ROOT / "templates" / "report").rglob("*.j2")):
        for match in re.finditer(r"\bt\.([a-z0-9_]+)\b", path.read_text(encoding="utf-8")):
            yield path.relative_to(ROOT).as_posix(), "report", match.group(1)


def test_every_key_the_code_uses_is_in_the_catalogue():
    known = _tables()
    used = list(_used_keys())
    assert len(used) > 300, len(used)  # the scan finds the lookups (not a vacuous pass)
    missing = sorted({(prefix, key, where) for where, prefix, key in used if key not in known[prefix]})
    assert not missing, f"keys the code uses that the catalogue lacks: {missing}"
