"""Questionnaires as real files: a spreadsheet application renders them, and
reading answers never changes what the user gave."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import openpyxl
import pytest

from criteria import load_library_model
from mcda.errors import QuestionnaireError
from surveys import Expert, read_responses, synthetic_panel, write_questionnaire

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def tehran():
    return load_library_model("tehran-city-diplomacy")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is installed by scripts/setup.sh (libreoffice-calc)")
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_libreoffice_renders_the_questionnaire(tehran, tmp_path, lang):
    """design: 'a real spreadsheet application would open them' — LibreOffice
    converts the workbook to PDF, and the labels an expert must read are there."""
    path = write_questionnaire(tehran, Expert("E01", "Expert One"), tmp_path / f"q-{lang}.xlsx", lang=lang)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )
    pdf = path.with_suffix(".pdf")
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    assert pages >= 6  # instructions, groups, four factor sheets, ratings grid
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = " ".join(text.split()).replace("\u200c", "")
    for factor_id in ("S1", "W9", "O9", "T6"):
        assert factor_id in compact
    first_words = tehran.label("T2", lang).replace("\u200c", "").split()[:3]
    assert all(word in compact for word in first_words)


def test_reading_never_changes_the_users_files(tehran, tmp_path):
    panel = synthetic_panel(tehran, 3, seed=3, out_dir=tmp_path, lang="fa")
    broken = tmp_path / "broken.xlsx"
    shutil.copy(panel.paths[0], broken)
    wb = openpyxl.load_workbook(broken)
    wb.worksheets[1]["D8"] = "ten"
    wb.save(broken)
    files = [*panel.paths, broken]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    stamps = {p: p.stat().st_mtime_ns for p in files}

    read_responses(tehran, panel.paths)
    with pytest.raises(QuestionnaireError):
        read_responses(tehran, files)

    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files} == before
    assert {p: p.stat().st_mtime_ns for p in files} == stamps
    assert sorted(tmp_path.glob("*.xlsx")) == sorted(files), "the reader left files behind"
