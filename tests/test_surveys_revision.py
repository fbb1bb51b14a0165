"""Revision sheets: highlighted judgments, suggested consistent values, and readable when returned."""

from __future__ import annotations

import numpy as np
import openpyxl
import pytest

from criteria import load_library_model
from surveys import read_responses, revision_plan, synthetic_panel, write_revision_sheet
from surveys.questionnaire import _REVISE_FILL, how_options
from surveys.reader import MAP_SHEET


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    model = load_library_model("tehran-city-diplomacy")
    out = tmp_path_factory.mktemp("panel")
    panel = synthetic_panel(model, 4, seed=21, noise=0.1, inconsistent_share=0.5, out_dir=out, lang="fa")
    return model, panel, read_responses(model, panel.paths), out


def test_plan_lists_sets_above_threshold_with_worst_judgments(study):
    model, panel, responses, _ = study
    bad = panel.inconsistent[0]
    plan = revision_plan(model, responses, bad)
    assert plan and all(item.cr > 0.10 for item in plan)
    for item in plan:
        assert 1 <= len(item.revisions) <= 3
        errors = [r.error for r in item.revisions]
        assert errors == sorted(errors, reverse=True)
        assert all(not np.isclose(r.suggested, r.current) for r in item.revisions)


def test_revision_sheet_highlights_and_reads_back(study, tmp_path):
    model, panel, responses, _ = study
    bad = panel.inconsistent[0]
    path = write_revision_sheet(model, responses, bad, tmp_path / f"revise-{bad}.xlsx")
    wb = openpyxl.load_workbook(path)
    # the instructions explain it, in the expert's language, with the CR table
    intro = "\n".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
    assert "درخواست بازنگری" in intro and "factors:" in intro
    plan = revision_plan(model, responses, bad)
    n_flagged = sum(len(item.revisions) for item in plan)
    flagged = [c for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows(min_col=6, max_col=6)
               for c in row if c.value and c.fill.fgColor.rgb == _REVISE_FILL.fgColor.rgb]
    assert len(flagged) == n_flagged
    assert any(any(h in str(c.value) for h in how_options("fa")) or "یکسان" in str(c.value) for c in flagged)
    assert wb[MAP_SHEET].sheet_state == "veryHidden"
    # returned unchanged, it reads back to the expert's own answers
    again = read_responses(model, [path])
    k = responses.expert_ids.index(bad)
    assert again.expert_ids == (bad,)
    for key, stack in responses.judgments.items():
        np.testing.assert_array_equal(again.judgments[key][0], stack[k])
    np.testing.assert_array_equal(again.ratings[0], responses.ratings[k])


def test_consistent_expert_gets_no_sheet(study, tmp_path):
    model, panel, responses, _ = study
    good = next(e.id for e in panel.experts if e.id not in panel.inconsistent)
    assert write_revision_sheet(model, responses, good, tmp_path / "none.xlsx", threshold=100.0) is None
    assert not (tmp_path / "none.xlsx").exists()


def test_unknown_expert(study, tmp_path):
    model, _, responses, _ = study
    with pytest.raises(ValueError, match="no expert"):
        write_revision_sheet(model, responses, "nobody", tmp_path / "x.xlsx")


def test_english_revision_sheet(study, tmp_path):
    model, panel, responses, _ = study
    path = write_revision_sheet(model, responses, panel.inconsistent[-1], tmp_path / "en.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.worksheets[0]["A1"].value.startswith("Expert questionnaire")
    assert wb["Groups"]["F4"].value == "Suggested revision"
    assert not wb["Groups"].sheet_view.rightToLeft
