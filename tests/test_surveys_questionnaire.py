"""The questionnaire writer: sheets, RTL, dropdowns, protection, the hidden map, printing."""

from __future__ import annotations

import openpyxl
import pytest
from _surveys_helpers import small_model

from criteria import load_library_model
from surveys import Expert, complete_design, incomplete_design, write_questionnaire, write_questionnaires
from surveys.live import CALC_SHEET
from surveys.questionnaire import LISTS_SHEET, how_options
from surveys.reader import MAP_SHEET

EXPERT = Expert("E07", "Maryam Ahmadi", role="city councillor", email="m@example.org", weight=2.0)


@pytest.fixture(scope="module")
def tehran():
    return load_library_model("tehran-city-diplomacy")


@pytest.fixture(scope="module", params=["fa", "en"])
def tehran_book(request, tehran, tmp_path_factory):
    lang = request.param
    path = write_questionnaire(tehran, EXPERT, tmp_path_factory.mktemp(lang) / f"q-{lang}.xlsx", lang=lang)
    return lang, path, openpyxl.load_workbook(path)


def _answer_cells(wb):
    """(sheet, cell) of every answer cell, from the hidden map."""
    ws = wb[MAP_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    cells = []
    for kind, sheet, cell, cell2, *_ in rows[start:]:
        cells.append((sheet, cell))
        if cell2:
            cells.append((sheet, cell2))
    return cells


def _validated_cells(ws) -> set[str]:
    out = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in row:
                    out.add(c.coordinate)
    return out


def test_sheets_in_order_with_hidden_map(tehran_book):
    lang, _, wb = tehran_book
    names = wb.sheetnames
    assert names[-3:] == [MAP_SHEET, CALC_SHEET, LISTS_SHEET]
    expected_visible = 1 + 1 + 4 + 1 + 1  # instructions, groups, 4 factor sheets, ratings, current position
    visible = [n for n in names if wb[n].sheet_state == "visible"]
    assert len(visible) == expected_visible
    assert wb[MAP_SHEET].sheet_state == "veryHidden"
    assert wb[LISTS_SHEET].sheet_state == "veryHidden" and wb[CALC_SHEET].sheet_state == "veryHidden"
    if lang == "fa":
        assert visible[0] == "راهنما" and "عوامل S" in visible
    else:
        assert visible[:3] == ["Instructions", "Groups", "Factors S"]


def test_rtl_only_in_persian(tehran_book):
    lang, _, wb = tehran_book
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert bool(ws.sheet_view.rightToLeft) == (lang == "fa"), ws.title


def test_every_answer_cell_has_a_dropdown_and_is_unlocked(tehran_book):
    _, _, wb = tehran_book
    cells = _answer_cells(wb)
    assert len(cells) == 2 * (6 + 21 + 36 + 36 + 15) + 7 * 31 + 31  # + one current-position rating per factor
    by_sheet: dict[str, set[str]] = {}
    for sheet, cell in cells:
        by_sheet.setdefault(sheet, set()).add(cell)
    for sheet, refs in by_sheet.items():
        ws = wb[sheet]
        assert refs <= _validated_cells(ws), sheet
        for ref in refs:
            assert ws[ref].protection.locked is False
            assert ws[ref].number_format == "@"
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list" and dv.formula1.startswith(f"'{LISTS_SHEET}'!")


def test_sheets_are_protected_and_labels_locked(tehran_book):
    _, _, wb = tehran_book
    assert wb.security.lockStructure
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
    groups = wb.worksheets[1]
    assert groups["B6"].protection.locked  # item label


def test_page_setup_for_a4(tehran_book):
    _, _, wb = tehran_book
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$4" or ws.print_title_rows == "1:4"


def test_expert_and_burden_printed(tehran_book, tehran):
    lang, _, wb = tehran_book
    texts = [str(c.value) for ws in wb.worksheets if ws.sheet_state == "visible"
             for row in ws.iter_rows() for c in row if c.value is not None]
    joined = "\n".join(texts)
    assert "Maryam Ahmadi" in joined and "E07" in joined
    n = tehran.n_judgments()
    assert (str(n).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if lang == "fa" else str(n)) in joined
    # the scale with its verbal labels and the worked example
    assert how_options(lang)[4] in joined
    if lang == "fa":
        assert "۵" in joined and "مثال" in joined
    else:
        assert "Worked example" in joined and "Strong importance" in joined


def test_hidden_sheet_carries_model_and_expert(tehran_book, tehran):
    _, _, wb = tehran_book
    meta = {r[0]: r[1] for r in wb[MAP_SHEET].iter_rows(max_col=2, values_only=True) if r[0] and r[0] != "kind"}
    assert meta["model_id"] == tehran.id
    assert meta["model_hash"] == tehran.content_hash
    assert meta["expert_id"] == "E07"
    assert float(meta["expert_weight"]) == 2.0
    assert len(meta["checksum"]) == 16


def test_pair_row_layout(tmp_path):
    model = small_model()
    wb = openpyxl.load_workbook(write_questionnaire(model, EXPERT, tmp_path / "q.xlsx", lang="en"))
    ws = wb["Groups"]
    assert [ws.cell(4, c).value for c in range(1, 6)] == ["#", "Item A", "Which is more important?",
                                                          "How much more?", "Item B"]
    assert ws["B6"].value.startswith("S — ") and ws["E6"].value.startswith("W — ")
    lists = wb[LISTS_SHEET]
    assert [lists.cell(r, 1).value for r in (1, 2, 3)] == ["A", "B", "Equal"]
    assert lists["B3"].value == how_options("en")[2]


def test_network_and_pairwise_models_get_their_sheets(tmp_path):
    model = small_model("pairwise", network=True)
    for lang in ("en", "fa"):
        wb = openpyxl.load_workbook(write_questionnaire(model, EXPERT, tmp_path / f"q{lang}.xlsx", lang=lang))
        names = wb.sheetnames
        assert ("Dependence" in names) if lang == "en" else ("وابستگی" in names)
        assert ("Strategies" in names) if lang == "en" else ("مقایسه راهبردها" in names)
        assert not any(n in names for n in ("Ratings", "امتیاز راهبردها"))
    ws = openpyxl.load_workbook(tmp_path / "qen.xlsx")["Strategies"]
    sections = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("With respect to")]
    assert len(sections) == len(model.factors)


def test_text_starting_with_equals_is_never_a_formula(tmp_path):
    expert = Expert("E1", "=HYPERLINK(\"http://evil\")")
    wb = openpyxl.load_workbook(write_questionnaire(small_model(), expert, tmp_path / "q.xlsx", lang="en"))
    answer_cells = set(_answer_cells(wb))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "evil" in c.value:
                    assert c.data_type == "s", (ws.title, c.coordinate)
                if c.data_type == "f":  # only the writer's own live-consistency formulas, never in an answer cell
                    assert "evil" not in c.value and (ws.title, c.coordinate) not in answer_cells


def test_incomplete_design_lists_only_assigned_pairs(tmp_path, tehran):
    design = incomplete_design(tehran, n_experts=12, coverage=2, seed=4)
    experts = [Expert(f"E{k}", f"Expert {k}") for k in range(12)]
    paths = write_questionnaires(tehran, experts, tmp_path, lang="en", design=design)
    assert len(paths) == 12 and all(p.exists() for p in paths)
    for k in (0, 7):
        wb = openpyxl.load_workbook(paths[k])
        n_pairs = sum(1 for sheet, _ in _answer_cells(wb) if sheet not in ("Ratings", "Current position")) // 2
        assert n_pairs == design.for_expert(k).n_pairs(tehran) < sum(s.n_pairs for s in tehran.comparison_sets())
        intro = "\n".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
        assert f"{design.for_expert(k).n_judgments(tehran)} judgments" in intro
        assert "only a selection of the pairs" in intro


def test_design_arguments(tmp_path, tehran):
    full = complete_design(tehran)
    path = write_questionnaire(tehran, EXPERT, tmp_path / "a.xlsx", lang="en", design=full)
    assert path.exists()
    design = incomplete_design(tehran, n_experts=4, coverage=2)
    with pytest.raises(ValueError, match="for_expert"):
        write_questionnaire(tehran, EXPERT, tmp_path / "b.xlsx", design=design)
    with pytest.raises(ValueError, match="lang"):
        write_questionnaire(tehran, EXPERT, tmp_path / "c.xlsx", lang="de")
    with pytest.raises(ValueError, match="slots"):
        write_questionnaires(tehran, [EXPERT] * 5, tmp_path, design=design)


def test_file_names_never_collide_and_ids_are_unique(tmp_path):
    model = small_model()
    paths = write_questionnaires(model, [Expert("a/b", "x"), Expert("a_b", "y")], tmp_path, lang="en")
    assert len({p.name for p in paths}) == 2 and all(p.exists() for p in paths)
    with pytest.raises(ValueError, match="unique"):
        write_questionnaires(model, [Expert("E1", "x"), Expert("E1", "y")], tmp_path, lang="en")


def test_long_texts_wrap_instead_of_spilling_over(tehran_book, tehran):
    """Seen in LibreOffice: instruction lines spilled off a right-to-left page and
    long factor labels overlapped the next row.  Instruction lines are merged
    across A:C and wrapped; rows with long labels are made tall enough."""
    lang, _path, wb = tehran_book
    instructions = wb.worksheets[0]
    merged = {str(r) for r in instructions.merged_cells.ranges}
    long_lines = [c for c in instructions["A"] if isinstance(c.value, str) and len(c.value) > 40]
    assert long_lines
    for cell in long_lines:
        assert f"A{cell.row}:C{cell.row}" in merged, f"instructions A{cell.row} is not merged across A:C"
        assert cell.alignment.wrap_text
        assert cell.alignment.horizontal == ("right" if lang == "fa" else "left")
    factors_s = wb.worksheets[2]
    s1 = tehran.label("S1", lang)
    rows = [c.row for c in factors_s["B"] if isinstance(c.value, str) and c.value.endswith(s1)]
    assert rows and all(factors_s.row_dimensions[r].height >= 2 * 16 for r in rows)


def test_remembered_styles_and_merges_are_openpyxls_own():
    """The writer copies the style indices of a combination of styles, and of each kind of merge, after their
    first use (openpyxl hashes style objects on every assignment); the cells must be what openpyxl makes."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from surveys.questionnaire import _merge, _put

    thin = Side(style="thin", color="A6A6A6")
    looks = [(Font(bold=True), None, Alignment(wrap_text=True), Border(left=thin, right=thin, top=thin, bottom=thin)),
             (None, PatternFill("solid", fgColor="EDEDED"), None, None), (Font(size=9), None, None, None)]
    books = []
    for ours in (True, False):
        wb = openpyxl.Workbook()
        ws = wb.active
        for k in range(12):  # every look several times, merged across 2–5 columns and 1–2 rows
            row = 1 + 3 * k
            font, fill, align, border = looks[k % 3]
            if ours:
                _put(ws, row, 1, f"text {k}", font, fill, align, border)
            else:
                cell = ws.cell(row=row, column=1, value=f"text {k}")
                for name, part in zip(("font", "fill", "alignment", "border"), (font, fill, align, border)):
                    if part is not None:
                        setattr(cell, name, part)
            if k % 4 == 1:  # a filled cell inside the range, as the section rows have
                ws.cell(row=row, column=3).fill = looks[1][1]
            last_row, last_column = row + k % 2, 2 + k % 4
            if ours:
                _merge(ws, row, 1, last_row, last_column)
            else:
                ws.merge_cells(start_row=row, start_column=1, end_row=last_row, end_column=last_column)
        books.append(ws)
    ours, theirs = books
    assert sorted(map(str, ours.merged_cells.ranges)) == sorted(map(str, theirs.merged_cells.ranges))
    assert set(ours._cells) == set(theirs._cells)
    for coord, cell in theirs._cells.items():
        mine = ours._cells[coord]
        assert type(mine) is type(cell), coord
        assert repr((mine.value, mine.font, mine.fill, mine.border, mine.alignment, mine.protection)) == repr(
            (cell.value, cell.font, cell.fill, cell.border, cell.alignment, cell.protection)), coord
