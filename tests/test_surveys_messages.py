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


# ------------------------------------------------------------------ file-level problems, told in Persian
# What may stay Latin in a Persian message: cell references and codes quoted «…» as the spreadsheet or
# the model file shows them, item and expert ids, and file names.  Everything else is Persian, with
# Persian digits.
_CODE = re.compile(r"«(?:[A-Z]{1,3}[0-9]+|[a-z0-9:_-]+|[0-9a-f]{16})»")
_ID = re.compile(r"(?<![A-Za-z0-9])[SWOTPE][0-9]*(?![A-Za-z0-9])")  # item, group and expert ids


def _only_persian(problem, files=()):
    text = f"{problem.message} {problem.expected}"
    for name in files:
        text = text.replace(str(name), "")
    rest = _ID.sub("", _CODE.sub("", text))
    assert not re.search(r"[A-Za-z0-9]", rest), f"Latin letters or digits in a Persian message: {text!r}"
    assert re.search("[\u0600-\u06ff]", problem.message), problem.message
    return text


@pytest.fixture(scope="module")
def persian(model, tmp_path_factory):
    return _write(model, tmp_path_factory.mktemp("fa"), "fa")


def _map_rows(path):
    wb = openpyxl.load_workbook(path)
    return wb, wb[MAP_SHEET]


def _restamp(wb, ws):
    """Recompute the hidden sheet's checksum after planting a change (what a forger would have to do)."""
    from surveys.reader import META_KEYS, map_checksum

    rows = list(ws.iter_rows(values_only=True))
    meta = {r[0]: r[1] or "" for r in rows if r and r[0] in (*META_KEYS, "checksum")}
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    body = [tuple("" if v is None else str(v) for v in (list(r) + [""] * 7)[:7]) for r in rows[start:]]
    cell = next(f"B{k + 1}" for k, r in enumerate(rows) if r[0] == "checksum")
    ws[cell].value = map_checksum(meta, body)


def test_missing_sheet_in_persian(model, persian, tmp_path):
    wb = openpyxl.load_workbook(persian)
    sheet = _cells(persian)[("factors:S", "S1", "S2")][1]
    del wb[sheet]
    wb.save(tmp_path / "no-sheet.xlsx")
    p, = _problems(model, [tmp_path / "no-sheet.xlsx"])
    assert p.sheet == sheet and "برگه در کارپوشه نیست" in p.message and "۳ پاسخ" in p.message
    _only_persian(p)


def test_missing_hidden_sheet_in_persian(model, persian, tmp_path):
    wb = openpyxl.load_workbook(persian)
    del wb[MAP_SHEET]
    wb.save(tmp_path / "no-map.xlsx")
    p, = _problems(model, [tmp_path / "no-map.xlsx"])
    assert p.sheet == MAP_SHEET and "برگه پنهان" in p.message
    _only_persian(p)
    # no Persian sheet name to go by: the reader's language hint decides, English by default
    wb = openpyxl.load_workbook(_write(model, tmp_path, "en", name="en.xlsx"))
    del wb[MAP_SHEET]
    wb.save(tmp_path / "no-map-en.xlsx")
    en, = _problems(model, [tmp_path / "no-map-en.xlsx"])
    assert "hidden sheet '_rahbord' is missing" in en.message
    fa, = _problems(model, [tmp_path / "no-map-en.xlsx"], lang="fa")
    _only_persian(fa)


def test_edited_and_damaged_hidden_sheet_in_persian(model, persian, tmp_path):
    wb, ws = _map_rows(persian)
    rows = list(ws.iter_rows())
    start = next(k for k, r in enumerate(rows) if r[0].value == "kind") + 1
    rows[start][2].value = "Z99"  # an answer cell moved: the checksum no longer matches
    wb.save(tmp_path / "edited.xlsx")
    p, = _problems(model, [tmp_path / "edited.xlsx"])
    assert p.sheet == MAP_SHEET and "کد وارسی" in p.message
    _only_persian(p)

    wb, ws = _map_rows(persian)
    for row in ws.iter_rows():
        if row[0].value == "model_hash":
            row[0].value = None
    wb.save(tmp_path / "damaged.xlsx")
    p, = _problems(model, [tmp_path / "damaged.xlsx"])
    assert "آسیب دیده" in p.message and "۱ مورد" in p.message
    _only_persian(p)


def test_answer_map_naming_unknown_things_in_persian(model, persian, tmp_path):
    wb, ws = _map_rows(persian)
    rows = list(ws.iter_rows())
    start = next(k for k, r in enumerate(rows) if r[0].value == "kind") + 1
    rows[start][5].value = "S9"  # an item the model does not have
    rows[start + 1][0].value = "weird"  # a row kind the reader does not know
    _restamp(wb, ws)
    wb.save(tmp_path / "unknown.xlsx")
    errors = _problems(model, [tmp_path / "unknown.xlsx"])
    assert {p.cell for p in errors} == {f"A{start + 1}", f"A{start + 2}"}
    for p in errors:
        text = _only_persian(p)
        assert "نقشه پاسخ‌ها" in text


def test_another_model_and_another_version_in_persian(model, persian, tmp_path):
    from dataclasses import replace

    p, = _problems(replace(model, id="other-swot"), [persian])
    assert "«small-swot»" in p.message and "«other-swot»" in p.message
    _only_persian(p)
    newer = small_model(version="2")
    assert newer.content_hash != model.content_hash
    p, = _problems(newer, [persian])
    assert "نسخه ۱" in p.message and "نسخه کنونی ۲" in p.message
    _only_persian(p)
    p, = _problems(small_model(version="2.1"), [persian])  # a version's parts split by «٫», not a Latin dot
    assert "نسخه کنونی ۲٫۱" in p.message, p.message


def test_no_answers_partial_answers_and_cut_off_items_in_persian(model, tmp_path):
    empty = tmp_path / "empty.xlsx"
    build_workbook(model, Expert("E1", "x"), "fa", complete_design(model).for_expert(0)).save(empty)
    p, = _problems(model, [empty])
    assert "هیچ پاسخی ندارد" in p.message
    _only_persian(p)

    # S3 cut off from S1 and S2: both of its pairs are empty; one other pair of another set left empty
    skip = {("factors:S", "S1", "S3"), ("factors:S", "S2", "S3"), ("factors:W", "W1", "W2")}
    path = _write(model, tmp_path, "fa", name="partial.xlsx", skip=skip)
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [path])
    problems = exc.value.problems
    cut, = [p for p in problems if p.severity == "error"]
    assert "S3" in cut.message and "عامل S3" in cut.message and "«" in cut.expected
    _only_persian(cut)
    warnings = [p for p in problems if p.severity == "warning"]
    assert len(warnings) == 2 and all("پاسخ ناقص" in p.message for p in warnings)
    assert any("۲ پاسخ از ۳ پاسخ" in p.message for p in warnings)
    for p in warnings:
        _only_persian(p)


def test_duplicate_expert_panel_list_and_refused_file_in_persian(model, persian, tmp_path):
    import shutil

    copy = tmp_path / "copy.xlsx"
    shutil.copy(persian, copy)
    p, = _problems(model, [persian, copy])
    assert p.file == str(copy) and "E1" in p.message and "دو بار" in p.message
    _only_persian(p, files=[persian])

    errors = _problems(model, [persian], experts=[Expert("E9", "نفر نهم")], lang="fa")
    p, = errors
    assert "E1" in p.message and "فهرست کارشناسان" in p.message
    _only_persian(p)
    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [persian], experts=[Expert("E9", "نفر نهم")], lang="fa")
    warning, = [w for w in exc.value.problems if w.severity == "warning"]
    assert "E9" in warning.message and "نفر نهم" in warning.message
    _only_persian(warning)

    with pytest.raises(QuestionnaireError) as exc:
        read_responses(model, [], lang="fa")
    _only_persian(exc.value.problems[0])


def test_unreadable_workbook_in_persian(model, persian, tmp_path):
    """A workbook whose sheet XML is broken past the safety checks: calamine cannot read it."""
    part = sheet_part(persian, MAP_SHEET)
    broken = rewrite_zip(persian, tmp_path / "broken.xlsx", {part: lambda data: data[: len(data) // 2]})
    p, = _problems(model, [broken], lang="fa")
    assert "خوانده نشد" in p.message
    _only_persian(p)
    p, = _problems(model, [broken])
    assert "could not be read as a workbook" in p.message
