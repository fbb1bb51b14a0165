"""criteria.workbook: the model as an .xlsx, read back with sheet/cell problems."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from criteria import ModelError, load_library_model, load_model
from criteria.workbook import (
    MODEL_SHEETS,
    SHEET_COLUMNS,
    check_model_workbook,
    read_model_workbook,
    write_model_workbook,
)

TEHRAN = "tehran-city-diplomacy"


def workbook_file(tmp_path, mutate=None, name: str = TEHRAN):
    """The library model as a workbook, optionally edited the way a planner would in Excel."""
    path = tmp_path / "model.xlsx"
    write_model_workbook(load_library_model(name), path)
    if mutate is not None:
        book = openpyxl.load_workbook(path)
        mutate(book)
        book.save(path)
    return path


def problem_at(check, sheet: str, cell: str, severity: str = "error"):
    found = [p for p in check.problems if p.sheet == sheet and p.cell == cell and p.severity == severity]
    assert len(found) == 1, [str(p) for p in check.problems]
    return found[0]


def test_sheets_headers_and_layout(tmp_path):
    book = openpyxl.load_workbook(workbook_file(tmp_path))
    assert tuple(book.sheetnames) == MODEL_SHEETS
    for title, columns in SHEET_COLUMNS.items():
        assert tuple(c.value for c in book[title][1]) == columns
    factors = book["Factors"]
    assert factors.max_row == 1 + 31
    assert factors["A9"].value == "W1" and factors["C9"].value.startswith("فقدان ساختار")
    assert factors["C9"].alignment.horizontal == "right" and factors["C9"].alignment.readingOrder == 2
    assert factors["D9"].alignment.horizontal == "left"
    assert factors.freeze_panes == "B2" and factors["A1"].font.b
    model_sheet = {row[0].value: row[1].value for row in book["Model"].iter_rows(min_row=2)}
    assert model_sheet["id"] == TEHRAN and model_sheet["evaluation"] == "ratings"
    assert book["RatingScale"]["D2"].value == 1.0
    assert book["Dependencies"].max_row == 1


def test_round_trip_through_a_file_object_and_bytes():
    model = load_library_model("tehran-city-diplomacy-anp")
    buffer = io.BytesIO()
    write_model_workbook(model, buffer)
    assert read_model_workbook(io.BytesIO(buffer.getvalue())) == model
    assert read_model_workbook(buffer.getvalue()) == model
    assert check_model_workbook(buffer.getvalue()).warnings == ()


def test_empty_persian_label_is_reported_at_its_cell(tmp_path):
    path = workbook_file(tmp_path, lambda b: b["Factors"].__setitem__("C9", None))
    check = check_model_workbook(path)
    assert check.model is None
    problem = problem_at(check, "Factors", "C9")
    assert f"{path} › Factors › C9: empty Persian label" in str(problem)
    assert "W1" in problem.message
    with pytest.raises(ModelError, match="Factors › C9"):
        load_model(path)


def test_every_content_problem_is_located(tmp_path):
    def edit(book):
        book["Factors"]["B3"] = "X"  # S2 in an unknown group
        book["Strategies"]["A4"] = "P1"  # duplicate id
        book["Groups"]["C5"] = "  "  # empty English label of T
        book["Model"]["B5"] = None  # title_en
        book["Model"]["B10"] = "votes"  # evaluation
        book["RatingScale"]["D4"] = 0.9  # not decreasing
        book["Dependencies"].append(["T", "T"])

    check = check_model_workbook(workbook_file(tmp_path, edit))
    assert "unknown group 'X'" in problem_at(check, "Factors", "B3").message
    assert "duplicate id 'P1'" in problem_at(check, "Strategies", "A4").message
    assert "empty English label" in problem_at(check, "Groups", "C5").message
    assert "empty English title" in problem_at(check, "Model", "B5").message
    assert "'votes'" in problem_at(check, "Model", "B10").message
    assert "strictly decrease" in problem_at(check, "RatingScale", "D4").message
    assert "itself" in problem_at(check, "Dependencies", "A2").message
    assert len(check.errors) == 7


def test_warnings_are_located_and_do_not_stop_loading(tmp_path):
    def edit(book):
        sheet = book["Factors"]
        for row in range(27, 33):  # T1..T6 -> keep only T1
            if row > 27:
                for col in range(1, 7):
                    sheet.cell(row, col).value = None
        strategies = book["Strategies"]  # the TOWS columns name T3, T4, T6: leave the strategies unclassified
        for row in range(2, strategies.max_row + 1):
            for col in range(6, 10):
                strategies.cell(row, col).value = None
        book.create_sheet("Scratch")

    check = check_model_workbook(workbook_file(tmp_path, edit))
    assert check.ok
    assert "only one factor" in problem_at(check, "Groups", "A5", "warning").message
    assert problem_at(check, "Scratch", "", "warning")
    assert check.model.factors_of("T")[0].id == "T1"


def test_model_sheet_fields(tmp_path):
    def edit(book):
        sheet = book["Model"]
        sheet["A8"] = "goal_fr"  # renamed goal_fa: unknown, and goal_fa is missing
        sheet.append(["colour", "blue"])
        sheet.append(["id", "again"])

    check = check_model_workbook(workbook_file(tmp_path, edit))
    assert check.model is None
    assert "did you mean 'goal_fa'" in problem_at(check, "Model", "A8").message
    # rows 2-14 are the model's fields (position_ratings, group_weighting, feedback and cluster_weights last),
    # the appended ones follow
    assert "'colour'" in problem_at(check, "Model", "A15").message
    assert "appears twice (first at B2)" in problem_at(check, "Model", "A16").message
    assert "has no 'goal_fa'" in problem_at(check, "Model", "").message


def test_a_formula_is_reported_once_and_other_problems_still_found(tmp_path):
    def edit(book):
        book["Strategies"]["B3"] = "=A1"
        book["Strategies"]["C4"] = None

    check = check_model_workbook(workbook_file(tmp_path, edit))
    assert "formula" in problem_at(check, "Strategies", "B3").message
    assert "empty English label" in problem_at(check, "Strategies", "C4").message
    assert len(check.errors) == 2


def test_missing_sheet_and_missing_column(tmp_path):
    def edit(book):
        del book["Strategies"]
        book["Factors"]["C1"] = "persian"

    check = check_model_workbook(workbook_file(tmp_path, edit))
    assert "no sheet 'Strategies'" in problem_at(check, "Strategies", "").message
    assert "'label_fa'" in problem_at(check, "Factors", "row 1").message
    assert "unknown column 'persian'" in problem_at(check, "Factors", "C1", "warning").message


def test_columns_are_found_by_header_and_blank_rows_skipped(tmp_path):
    def edit(book):
        sheet = book["Strategies"]
        for row in sheet.iter_rows():
            row[1].value, row[2].value = row[2].value, row[1].value  # swap label_fa / label_en columns
        sheet.insert_rows(4)  # a blank row in the middle

    model = read_model_workbook(workbook_file(tmp_path, edit))
    assert model == load_library_model(TEHRAN)


def test_formula_cells_are_refused(tmp_path):
    path = workbook_file(tmp_path, lambda b: b["Strategies"].__setitem__("C2", '=HYPERLINK("http://x","y")'))
    check = check_model_workbook(path)
    assert "formula" in problem_at(check, "Strategies", "C2").message


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    import dataclasses

    from criteria import Strategy

    model = load_library_model("generic-swot")
    model = dataclasses.replace(model, strategies=(*model.strategies, Strategy("P4", "=1+1", "+۲", "-x", "@y")))
    path = tmp_path / "m.xlsx"
    write_model_workbook(model, path)
    cell = openpyxl.load_workbook(path)["Strategies"]["C5"]
    assert cell.data_type == "s" and cell.value == "=1+1" and cell.quotePrefix
    assert read_model_workbook(path) == model


def test_numbers_typed_into_cells(tmp_path):
    def edit(book):
        book["RatingScale"]["D3"] = "۰٫۶"  # Persian digits, typed as text
        book["Model"]["B3"] = 2  # version typed as a number

    model = read_model_workbook(workbook_file(tmp_path, edit))
    assert model.rating_scale[1].value == 0.6
    assert model.version == "2"
    check = check_model_workbook(workbook_file(tmp_path, lambda b: b["RatingScale"].__setitem__("D3", "high")))
    assert "not a number" in problem_at(check, "RatingScale", "D3").message


def test_empty_rating_scale_sheet_means_the_default_scale(tmp_path):
    def edit(book):
        book["RatingScale"].delete_rows(2, 10)

    assert read_model_workbook(workbook_file(tmp_path, edit)) == load_library_model(TEHRAN)


# ---- hostile files --------------------------------------------------------------------
def rezip(raw: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, (replace or {}).get(item.filename, src.read(item.filename)))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def xlsx_bytes():
    buffer = io.BytesIO()
    write_model_workbook(load_library_model("generic-swot"), buffer)
    return buffer.getvalue()


def sheet_xml(raw: bytes, name: str = "xl/worksheets/sheet3.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read(name)


def test_xml_entities_are_refused(xlsx_bytes):
    xml = sheet_xml(xlsx_bytes)
    evil = xml.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY e "boom">]><worksheet', 1)
    check = check_model_workbook(rezip(xlsx_bytes, {"xl/worksheets/sheet3.xml": evil}), source="evil.xlsx")
    assert check.model is None and "DTD" in check.errors[0].message
    assert str(check.errors[0]).startswith("evil.xlsx: ")


def test_huge_declared_dimension_is_refused_before_parsing(xlsx_bytes):
    xml = sheet_xml(xlsx_bytes)
    start = xml.index(b"<dimension")
    end = xml.index(b"/>", start) + 2
    evil = xml[:start] + b'<dimension ref="A1:XFD2000000"/>' + xml[end:]
    check = check_model_workbook(rezip(xlsx_bytes, {"xl/worksheets/sheet3.xml": evil}))
    assert "XFD2000000" in check.errors[0].message


def test_zip_bomb_entry_is_refused(xlsx_bytes):
    check = check_model_workbook(rezip(xlsx_bytes, add={"xl/media/padding.xml": b" " * (8 * 1024 * 1024)}))
    assert "zip bomb" in check.errors[0].message


def test_too_many_entries_and_bad_names_are_refused(xlsx_bytes):
    many = rezip(xlsx_bytes, add={f"xl/x{k}.bin": b"" for k in range(250)})
    assert "zip entries" in check_model_workbook(many).errors[0].message
    traversal = rezip(xlsx_bytes, add={"../../etc/passwd": b"x"})
    assert "'..'" in check_model_workbook(traversal).errors[0].message


def test_broken_zip_is_refused_with_the_file_name(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(path) in str(caught.value) and "zip" in str(caught.value)
