"""`surveys.read_experts`: one reader of panel lists (CSV or XLSX, English or Persian headers)."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from mcda.errors import QuestionnaireError
from surveys import read_experts


def _xlsx(rows, title="Sheet1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_with_english_headers(tmp_path):
    path = tmp_path / "experts.csv"
    path.write_text("id,name,email,role,weight\nE1,Ann,a@example.org,academic,2\nE2,Bob,,,\n", encoding="utf-8")
    panel = read_experts(path)
    assert [(e.id, e.name, e.email, e.role, e.weight, e.lang) for e in panel] == [
        ("E1", "Ann", "a@example.org", "academic", 2.0, "fa"), ("E2", "Bob", "", "", 1.0, "fa")]


def test_csv_with_persian_headers_semicolons_and_persian_digits():
    text = "\ufeffشناسه;نام;رایانامه;سمت;وزن;زبان\nk1;مریم;m@example.org;شهردار;۱٫۵;فارسی\nk2;John;;advisor;2;en\n"
    panel = read_experts(text.encode("utf-8"), name="panel.csv")
    assert [(e.id, e.name, e.weight, e.lang) for e in panel] == [("k1", "مریم", 1.5, "fa"), ("k2", "John", 2.0, "en")]


def test_a_list_without_ids_leaves_them_to_the_caller():
    panel = read_experts(b"name,weight\nAnn,1\nBob,3\n", name="names.csv")
    assert [(e.id, e.name, e.weight) for e in panel] == [("", "Ann", 1.0), ("", "Bob", 3.0)]


def test_every_csv_problem_is_collected_with_its_row():
    text = "id,name,weight,colour\nA,Ann,1,red\nA,Again,1,blue\n,No id,1,\nB,Bob,heavy,\nC,Cy,-2,\n"
    with pytest.raises(QuestionnaireError) as caught:
        read_experts(text.encode(), name="panel.csv")
    cells = {p.cell: p for p in caught.value.problems}
    assert {"row 3 › id", "row 4 › id", "row 5 › weight", "row 6 › weight"} <= set(cells)
    assert "also used in row 2" in cells["row 3 › id"].message
    assert all(p.file == "panel.csv" for p in caught.value.problems)
    assert cells["row 1"].severity == "warning" and "colour" in cells["row 1"].message


def test_xlsx_with_persian_headers_is_read_by_content_not_name():
    data = _xlsx([["شناسه", "نام", "ایمیل", "نقش", "وزن"], ["E01", "سارا", "s@example.org", "کارشناس", 2],
                  [7, "Reza", None, None, None]])
    panel = read_experts(io.BytesIO(data), name="panel.csv")  # misnamed: the content decides
    assert [(e.id, e.name, e.weight) for e in panel] == [("E01", "سارا", 2.0), ("7", "Reza", 1.0)]


def test_xlsx_problems_name_sheet_and_cell():
    data = _xlsx([["id", "name", "weight"], ["E1", "Ann", "heavy"], ["E1", "Dup", 1], [None, "No id", 1]],
                 title="Panel")
    with pytest.raises(QuestionnaireError) as caught:
        read_experts(data, name="panel.xlsx")
    located = {(p.sheet, p.cell) for p in caught.value.problems}
    assert located == {("Panel", "C2"), ("Panel", "A3"), ("Panel", "A4")}


def test_hostile_and_foreign_files_are_refused_with_a_message():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("[Content_Types].xml", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(QuestionnaireError) as caught:
        read_experts(bomb.getvalue(), name="evil.xlsx")
    assert any("DOCTYPE" in p.message or "entit" in p.message.lower() for p in caught.value.problems)
    with pytest.raises(QuestionnaireError, match="not UTF-8"):
        read_experts("id,name\nE2,مرام\n".encode("cp1256"), name="win.csv")
    with pytest.raises(QuestionnaireError, match="not a CSV"):
        read_experts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, name="old.xls")
    with pytest.raises(QuestionnaireError, match="no 'id' or 'name' column"):
        read_experts(b"colour,size\nred,1\n", name="other.csv")
    with pytest.raises(QuestionnaireError, match="empty"):
        read_experts(b"", name="empty.csv")
    with pytest.raises(QuestionnaireError, match="cannot be read"):
        read_experts("/no/such/experts.csv")


_LATIN = re.compile(r"[A-Za-z0-9]")


@pytest.mark.parametrize("listing", [
    b"", b"\x00\x01binary", "id,name\n".encode("cp1256") + "E1,مرام\n".encode("cp1256"),
    b"colour\n", b"id,name,weight,weight\n,Ann,abc,\nE2,,-1,\nE2,Bob,5000,\n",
    b"id,name,lang,extra\nE1,Ann,xx,1\n", b"id,name\n\n", b"   \n",
])
def test_every_refusal_of_a_persian_list_is_persian(listing):
    """A planner working in Persian reads each problem in Persian, Persian digits: no Latin letter or digit
    except what they typed (quoted «…»), the file's name and a cell's name."""
    with pytest.raises(QuestionnaireError) as exc:
        read_experts(listing, name="panel.csv", lang="fa")
    problems = exc.value.problems
    assert problems
    for p in problems:
        assert p.lang == "fa" and p.file == "panel.csv"
        for said in (p.message, p.expected, p.cell):
            bare = re.sub(r"«[^»]*»", "", said)
            assert not _LATIN.search(bare), (said, p)
    assert not _LATIN.search(str(exc.value).split(": ", 1)[1].split("\n")[0])
