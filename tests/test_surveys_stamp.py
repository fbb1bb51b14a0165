"""A panel's questionnaires are one workbook stamped per expert: each copy must be the
workbook built for that expert alone, cell for cell, and read back as that expert."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import zipfile

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula
import pytest

from criteria import load_library_model
from surveys import Expert, incomplete_design, read_responses, write_questionnaire, write_questionnaires
from surveys import questionnaire
from surveys.live import CALC_SHEET
from surveys.questionnaire import TEXT, how_options, rating_options
from surveys.reader import MAP_SHEET, scale_cells
from surveys.stamp import StampedWorkbook, stampable, token

PANEL = [
    Expert("E01", "Maryam Ahmadi", role="city councillor", email="m@example.org", weight=2.0),
    Expert("E02", "مریم احمدی", role="عضو شورای شهر & <کمیسیون> \"ویژه\"", weight=0.5),
    Expert("E03", ""),  # no name: the id stands in for it
    Expert("E04", "Ali " + "Rezaei-" * 20, role="a role long enough to wrap the prepared-for line",
           email="a'b@example.org"),
    Expert("E05", "Sara", weight=1.25),
    Expert("E06", " padded "),  # outer white space: built for this expert alone
    # the same fields set as E01–E05: their copies are stamped from the workbooks built for those
    Expert("E07", "Reza Karimi", role="deputy mayor", email="r@example.org", weight=3.0),
    Expert("E08", "علی کریمی", role="کارشناس", weight=1.0),
    Expert("E09", ""),
    Expert("E10", "Nima " + "Tehrani-" * 20, role="another role long enough to wrap the prepared-for line",
           email="n@example.org"),
    Expert("E11", "Lale", weight=4.0),
]
SHARED = 5  # E01–E05 each share their workbook with one of E07–E11


@pytest.fixture(scope="module")
def tehran():
    return load_library_model("tehran-city-diplomacy")


def _plain(value):
    """A cell's value as comparable data (an array formula is its range and its text)."""
    if isinstance(value, ArrayFormula):
        return ("array formula", value.ref, value.text)
    return value


def _cells(path):
    """Everything a reader or a person sees: per sheet its state, values, merges, row heights, widths."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = (
            ws.sheet_state,
            ws.sheet_view.rightToLeft,
            {c.coordinate: (_plain(c.value), c.data_type, c.style_id) for row in ws.iter_rows() for c in row
             if c.value is not None},
            sorted(str(r) for r in ws.merged_cells.ranges),
            {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            {k: d.width for k, d in ws.column_dimensions.items()},
            [(dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation],
            ws.protection.sheet,
        )
    return wb.sheetnames, out


@pytest.mark.parametrize("lang,layout", [("fa", "pairs"), ("en", "scale")])
def test_every_stamped_copy_is_the_workbook_built_for_that_expert(tmp_path, tehran, lang, layout, monkeypatch):
    built, template = [], questionnaire._template
    monkeypatch.setattr(questionnaire, "_template", lambda *a, **k: built.append(a) or template(*a, **k))
    paths = write_questionnaires(tehran, PANEL, tmp_path / "panel", lang=lang, layout=layout)
    assert len(built) == SHARED
    for expert, path in zip(PANEL, paths):
        alone = write_questionnaire(tehran, expert, tmp_path / "alone" / path.name, lang=lang, layout=layout)
        assert _cells(path) == _cells(alone), expert.id
        assert zipfile.ZipFile(path).testzip() is None
    responses = read_responses(tehran, [_filled(tehran, p, lang) for p in paths])
    assert [e.id for e in responses.experts] == [e.id for e in PANEL]
    assert [(e.name, e.role, e.email, e.weight) for e in responses.experts] == [
        (e.name, e.role, e.email, e.weight) for e in PANEL]


def test_incomplete_design_workbooks_follow_each_experts_assignment(tmp_path, tehran, monkeypatch):
    """Stamped copies only within one assignment: experts asked different pairs get their own workbooks."""
    design = incomplete_design(tehran, n_experts=4, coverage=2, seed=3)
    experts = [Expert(f"E{k}", f"Expert {k}", weight=k + 1) for k in range(4)]
    built, template = [], questionnaire._template
    monkeypatch.setattr(questionnaire, "_template", lambda *a, **k: built.append(a) or template(*a, **k))
    paths = write_questionnaires(tehran, experts, tmp_path / "panel", lang="en", design=design)
    distinct = {tuple(sorted((k, tuple(v)) for k, v in design.for_expert(k).pairs.items())) for k in range(4)}
    assert len(distinct) == 4 and built == []  # every assignment asked once: nothing to share
    for k, (expert, path) in enumerate(zip(experts, paths)):
        alone = write_questionnaire(tehran, expert, tmp_path / "alone" / path.name, lang="en",
                                    design=design.for_expert(k))
        assert _cells(path) == _cells(alone), expert.id


def test_stamp_fields_must_be_in_the_workbook_and_values_plain():
    with pytest.raises(ValueError, match="no token for name"):
        StampedWorkbook(_tiny_xlsx("nothing here"), ("name",))
    with pytest.raises(ValueError, match="ASCII"):
        token("نام")
    assert stampable("Ali & <Co>") and stampable("مریم")
    assert not stampable(" Ali") and not stampable("A\tB") and not stampable("A\x00")


def test_stamped_values_are_escaped(tmp_path):
    book = StampedWorkbook(_tiny_xlsx(f"for {token('name')}!"), ("name",))
    path = book.write(tmp_path / "x.xlsx", {"name": "<b> & «مریم»"})
    assert openpyxl.load_workbook(path).active["A1"].value == "for <b> & «مریم»!"


def _filled(model, path, lang):
    """The copy as an expert returns it: every yellow cell answered ("A is moderately more important")."""
    wb = openpyxl.load_workbook(path)
    rows = list(wb[MAP_SHEET].iter_rows(values_only=True))
    start = next(k for k, r in enumerate(rows) if r[0] == "kind") + 1
    for kind, sheet, cell, cell2, *_ in rows[start:]:
        ws = wb[sheet]
        if kind == "pair":
            ws[cell], ws[cell2] = TEXT[lang]["side"][0], how_options(lang)[2]
        elif kind == "scale":
            ws[scale_cells(cell, cell2)[8]] = "x"
        elif kind == "position":
            ws[cell] = 3  # the current-position rating 1–4
        else:
            ws[cell] = rating_options(model, lang)[0]
    out = path.with_name("filled-" + path.name)
    wb.save(out)
    return out


def _tiny_xlsx(text: str) -> bytes:
    from io import BytesIO

    wb = openpyxl.Workbook()
    wb.active["A1"] = text
    data = BytesIO()
    wb.save(data)
    return data.getvalue()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by scripts/setup.sh (libreoffice-calc)")
def test_libreoffice_opens_a_stamped_copy_and_computes_its_formulas(tmp_path, tehran):
    """The stamped zip is written by rahbord, not openpyxl: LibreOffice must open it, show the expert's name
    and evaluate the live-consistency formulas (every set 'incomplete' in a blank copy, no error values)."""
    from python_calamine import CalamineWorkbook

    pair = [PANEL[1], PANEL[7]]  # one workbook, the second expert's copy stamped from it
    paths = write_questionnaires(tehran, pair, tmp_path / "panel", lang="fa")
    out = tmp_path / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(paths[1])],
                   check=True, capture_output=True, timeout=240)
    book = CalamineWorkbook.from_path(str(out / paths[1].name))
    shown = [v for row in book.get_sheet_by_name(book.sheet_names[0]).to_python() for v in row]
    assert any(isinstance(v, str) and pair[1].name in v for v in shown)
    index = book.get_sheet_by_name(CALC_SHEET).to_python()
    states = list(itertools.takewhile(lambda r: r is not None, (r[2] if r and r[0] else None for r in index[1:])))
    assert len(states) == sum(s.size >= 3 for s in tehran.comparison_sets()) and set(states) == {0}
    with zipfile.ZipFile(out / paths[1].name) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                assert b't="e"' not in z.read(part), f"an error value in {part}"
