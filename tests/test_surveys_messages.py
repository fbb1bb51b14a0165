"""The reader speaks the questionnaire's language: a fraction after «A» is refused like one after «B»,
and the file-level problems (missing sheet, edited or missing hidden sheet, checksum, another model,
no answers, partial answers, cut-off items, a file that is not a workbook) are told in Persian, with
Persian digits, in a Persian questionnaire."""

from __future__ import annotations

import re

import openpyxl
import pytest
from _surveys_helpers import rewrite_zip, sheet_part, small_model

from mcda.errors import QuestionnaireError
from surveys import Expert, read_responses
from surveys.designs import complete_design
from surveys.questionnaire import TEXT, build_workbook, how_options
from surveys.reader import MAP_SHEET, scale_cells


@pytest.fixture(scope="module")
def model():
    return small_model()


def _answers(model, lang, skip=()):
    """Every pair 'A, 3' (except ``skip``: (set, a, b) keys), every rating the first level."""
    side_a = TEXT[lang]["side"][0]
    out = {}
    for s in model.comparison_sets():
        for i in range(s.size):
            for j in range(i + 1, s.size):
                if (s.id, s.items[i], s.items[j]) not in skip:
                    out[("pair", s.id, s.items[i], s.items[j])] = (side_a, how_options(lang)[2])
    level = model.rating_scale[0]
    for p in model.strategy_ids:
        for f in model.factor_ids:
            out[("rating", p, f)] = level.label_fa if lang == "fa" else level.label_en
    return out


def _write(model, tmp_path, lang, layout="pairs", name="filled.xlsx", **kw):
    path = tmp_path / name
    wb = build_workbook(model, Expert("E1", "Expert One"), lang, complete_design(model).for_expert(0),
                        answers=_answers(model, lang, **kw), layout=layout)
    wb.save(path)
    return path


def _cells(path):
    rows = list(openpyxl.load_workbook(path)[MAP_SHEET].iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    return {(r[4], r[5], r[6]): (r[0], r[1], r[2], r[3]) for r in rows[start:]}


def _edit(src, dst, cells):
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref].value = value
    wb.save(dst)
    return dst


def _problems(model, paths, severity="error", **kw):
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, paths, **kw)
    return [p for p in exc.value.problems if p.severity == severity]


# ------------------------------------------------------------------ «A» with a fraction
@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("typed", ["1/3", "۱/۳", 1 / 3])
def test_a_with_a_fraction_is_refused_with_the_fix(model, tmp_path, lang, typed):
    path = _write(model, tmp_path, lang)
    kind, sheet, side, how = _cells(path)[("factors:S", "S1", "S2")]
    bad = _edit(path, tmp_path / "a-fraction.xlsx", {(sheet, how): typed})
    errors = _problems(model, [bad])
    assert len(errors) == 1, errors
    p = errors[0]
    assert (p.sheet, p.cell) == (sheet, how)
    if lang == "fa":
        assert "«الف» مهم‌تر انتخاب شده" in p.message and ("«۱/۳»" in p.message or "«۰٫۳" in p.message)
        assert "اگر ب مهم‌تر است، «ب» را انتخاب کنید و عدد صحیح ۱ تا ۹ را بنویسید" in p.expected
        assert not re.search(r"[A-Za-z0-9]", (p.message + p.expected).replace("S1", "").replace("S2", ""))
    else:
        assert "A is chosen" in p.message and "fraction" in p.message
        assert "if B is more important, choose B and pick a whole number from 1 to 9" in p.expected


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_with_a_whole_number_and_b_with_a_whole_number_still_read(model, tmp_path, lang):
    path = _write(model, tmp_path, lang)
    kind, sheet, side, how = _cells(path)[("factors:S", "S1", "S2")]
    side_b = TEXT[lang]["side"][1]
    ok = _edit(path, tmp_path / "b-whole.xlsx", {(sheet, side): side_b, (sheet, how): "5"})
    r = read_responses(model, [ok])
    assert r.judgments["factors:S"][0, 0, 1] == pytest.approx(1 / 5)
    assert r.judgments["factors:S"][0, 0, 2] == 3.0


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_scale_layout_a_typed_fraction_is_only_a_mark(model, tmp_path, lang):
    """The 9 … 1 … 9 row has no 'how much' cell: whatever is typed, the marked column decides."""
    path = _write(model, tmp_path, lang, layout="scale", skip={("factors:S", "S1", "S2")})
    kind, sheet, first, last = _cells(path)[("factors:S", "S1", "S2")]
    row = scale_cells(first, last)
    a_three = row[6]  # item A's side: 9 8 7 6 5 4 [3] …
    filled = _edit(path, tmp_path / "scale-fraction.xlsx", {(sheet, a_three): "1/3"})
    r = read_responses(model, [filled])
    assert r.judgments["factors:S"][0, 0, 1] == 3.0
