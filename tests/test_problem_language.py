"""Problem messages in the reader's language (issue 13, item 4): a problem joined to what is expected, the
summary of a refused batch of questionnaires, and the refusals of hostile or foreign files before parsing.

A Persian message may show only what the user wrote or was given as it is: ids (``S1``), file names, the
names of parts inside the zip and cell references (the allow-list idea of ``tests/web/test_persian_pages.py``).
"""

from __future__ import annotations

import re
import zipfile

import pytest
from _surveys_helpers import small_model
from test_criteria_validate import minimal

from criteria import validate_model
from mcda.errors import Problem, QuestionnaireError
from surveys import Expert, read_responses, write_questionnaire
from surveys.safety import OLE_MAGIC, SafetyLimits, check_xlsx

LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'._-]*")
#: names of file types as a file manager shows them, as tests/web/test_persian_pages.py allows them
FILE_TYPES = re.compile(r"(?<![A-Za-z])\.?(?:pdf|html|yaml|csv|xlsx|zip)(?![A-Za-z])", re.IGNORECASE)


def latin_in(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    for word in sorted(filter(None, allowed), key=len, reverse=True):
        text = text.replace(word, " ")
    return LATIN.findall(FILE_TYPES.sub(" ", text))


def test_a_problem_joins_what_is_expected_in_its_own_language():
    data = minimal()
    data["strategies"][1]["id"] = data["strategies"][0]["id"]
    persian = [p for p in validate_model(data, lang="fa") if "تکراری" in p.message]
    english = [p for p in validate_model(data, lang="en") if "duplicate" in p.message]
    assert persian and english
    said = str(persian[0])
    assert "درست آن:" in said and "expected" not in said
    ident = data["strategies"][0]["id"]
    assert not latin_in(said, (ident, persian[0].cell)), said
    assert "(expected: " in str(english[0])
    # the language is how the text is written, not what the problem is: equal problems stay equal
    assert Problem("f", "", "", "m", "e", lang="fa") == Problem("f", "", "", "m", "e")


@pytest.fixture(scope="module")
def model():
    return small_model()


@pytest.fixture(scope="module")
def clean(model, tmp_path_factory):
    return write_questionnaire(model, Expert("E1", "One"), tmp_path_factory.mktemp("clean") / "q.xlsx", lang="en")


def test_a_refused_batch_is_summed_up_in_the_language_of_the_reader(model, tmp_path):
    notes = tmp_path / "notes.xlsx"
    notes.write_bytes(b"just some notes\n")
    with pytest.raises(QuestionnaireError) as persian:
        read_responses(model, [notes], lang="fa")
    summary = str(persian.value).split("\n", 1)[0]
    assert "ایراد" in summary and "۱" in summary and not latin_in(summary), summary
    assert persian.value.key == "questionnaire_problems" and persian.value.values == {"n": 1, "files": 1, "total": 1}
    problem = persian.value.problems[0]
    assert "متن ساده" in problem.message and problem.lang == "fa"
    assert not latin_in(str(problem), (str(notes),)), str(problem)
    with pytest.raises(QuestionnaireError) as english:
        read_responses(model, [notes], lang="en")
    assert str(english.value).startswith("1 problem in 1 of 1 questionnaire file")
    assert "plain text" in english.value.problems[0].message


def _copy(clean, path, extra: dict[str, bytes], compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(path, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        for name, data in extra.items():
            zout.writestr(name, data)
    return path


def _hostile(clean, tmp_path) -> dict[str, tuple]:
    """(path, limits) of a file that each refusal meets, by the SAFETY_TEXT key it should get."""
    bomb = _copy(clean, tmp_path / "bomb.xlsx", {"xl/media/padding.xml": b"<a>" + b" " * (30 << 20) + b"</a>"},
                 zipfile.ZIP_DEFLATED)
    doctype = _copy(clean, tmp_path / "entity.xlsx",
                    {"xl/custom.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'})
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "locked.xlsx").write_bytes(OLE_MAGIC + b"\0" * 600)
    (tmp_path / "report.xlsx").write_bytes(b"%PDF-1.7 a report")
    not_book = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(not_book, "w") as zout:
        zout.writestr("notes.txt", b"hello")
    return {
        "zip_bomb": (bomb, None), "doctype": (doctype, None), "empty": (tmp_path / "empty.xlsx", None),
        "legacy_or_password": (tmp_path / "locked.xlsx", None), "not_xlsx": (tmp_path / "report.xlsx", None),
        "no_workbook_xml": (not_book, None), "too_large": (clean, SafetyLimits(max_file_bytes=1000)),
        "too_many_entries": (clean, SafetyLimits(max_entries=3)),
        "part_too_large": (clean, SafetyLimits(max_part_bytes=1000)),
        "total_too_large": (clean, SafetyLimits(max_total_bytes=1000)),
        "sheet_too_far": (clean, SafetyLimits(max_rows=2)),
    }


def test_hostile_and_foreign_files_are_refused_in_persian_and_in_english(clean, tmp_path):
    from surveys.messages import SAFETY_TEXT

    for key, (path, limits) in _hostile(clean, tmp_path).items():
        persian = check_xlsx(path, limits, lang="fa")
        english = check_xlsx(path, limits)
        assert persian and english and len(persian) == len(english), key
        fa_start = SAFETY_TEXT["fa"][key][0].split("{", 1)[0]
        assert persian[0].message.startswith(fa_start), (key, persian[0].message)
        en_start = SAFETY_TEXT["en"][key][0].split("{", 1)[0]
        assert english[0].message.startswith(en_start), (key, english[0].message)
        for p in persian:
            assert p.lang == "fa"
            said = str(p)
            assert "درست آن:" in said, said
            assert not latin_in(said, (str(path), p.sheet)), (key, said)
        assert "(expected: " in str(english[0])


def test_persian_refusals_write_amounts_in_persian_digits(clean):
    said = check_xlsx(clean, SafetyLimits(max_file_bytes=1000), lang="fa")[0].message
    size = clean.stat().st_size / (1 << 20)
    assert f"{size:.1f}".replace(".", "٫").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in said, said
