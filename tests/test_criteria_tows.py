"""TOWS types on strategies: model, YAML, validation (messages naming the field), model workbook."""

from __future__ import annotations

import copy

import openpyxl
import pytest

from criteria import TOWS_TYPES, check_model_workbook, load_library_model, model_from_dict, model_from_yaml, model_to_yaml, validate_model
from criteria.workbook import write_model_workbook

from test_criteria_validate import minimal


def classified() -> dict:
    data = minimal()
    data["strategies"][0].update(
        tows="SO", tows_factors=["S1"], tows_reason_en="Builds on skilled staff.", tows_reason_fa="بر کارکنان ماهر تکیه می‌کند.")
    data["strategies"][1].update(
        tows="WT", tows_factors="W2, W1", tows_reason_en="Answers the weak law.", tows_reason_fa="به ضعف قانون پاسخ می‌دهد.")
    return data


def errors_at(data, cell):
    return [p.message for p in validate_model(data) if p.cell == cell and p.severity == "error"]


def test_a_classified_model_builds_and_round_trips_through_yaml():
    model = model_from_dict(classified())
    assert [(s.tows, s.tows_factors) for s in model.strategies] == [("SO", ("S1",)), ("WT", ("W2", "W1"))]
    assert model.has_tows and [s.id for s in model.strategies_of_type("WT")] == ["P2"]
    assert model_from_yaml(model_to_yaml(model)) == model
    assert "    tows_factors: [W2, W1]\n" in model_to_yaml(model)


def test_unclassified_models_keep_their_content_hash():
    plain = model_from_dict(minimal())
    assert "tows" not in plain.to_dict()["strategies"][0]
    assert not plain.has_tows
    typed = model_from_dict(classified())
    assert typed.content_hash != plain.content_hash


@pytest.mark.parametrize(("field", "value", "cell", "words"), [
    ("tows", "OS", "strategies[0].tows", "unknown TOWS type 'OS' for strategy P1"),
    ("tows_factors", ["S11"], "strategies[0].tows_factors", "unknown factor 'S11'; did you mean 'S1'?"),
    ("tows_factors", [], "strategies[0].tows_factors", "names no factor"),
    ("tows_reason_fa", "", "strategies[0].tows_reason_fa", "without a Persian reason (tows_reason_fa)"),
])
def test_each_tows_problem_names_its_field(field, value, cell, words):
    data = classified()
    data["strategies"][0][field] = value
    assert any(words in m for m in errors_at(data, cell)), validate_model(data)


def test_reasons_without_a_type_and_a_partial_classification():
    data = copy.deepcopy(minimal())
    data["strategies"][0]["tows_reason_en"] = "why"
    assert any("no TOWS type" in m for m in errors_at(data, "strategies[0].tows"))
    data = classified()
    for key in ("tows", "tows_factors", "tows_reason_en", "tows_reason_fa"):
        del data["strategies"][1][key]
    warnings = [p for p in validate_model(data) if p.severity == "warning"]
    assert any("no TOWS type (P2)" in p.message for p in warnings)
    data = classified()
    data["strategies"][0]["tows_factors"] = ["W1"]  # an SO strategy citing only a weakness
    assert any("none of its factors" in p.message and p.cell == "strategies[0].tows_factors"
               for p in validate_model(data) if p.severity == "warning")


def test_the_built_in_tehran_models_classify_every_strategy_with_reasons():
    for name in ("tehran-city-diplomacy", "tehran-city-diplomacy-anp"):
        model = load_library_model(name)
        assert {s.tows for s in model.strategies} <= set(TOWS_TYPES)
        assert all(s.tows and s.tows_factors and s.tows_reason_en and s.tows_reason_fa for s in model.strategies)
        # every reason cites the factors it names, so a planner can check and disagree
        for s in model.strategies:
            assert all(f in s.tows_reason_en and f in s.tows_reason_fa for f in s.tows_factors), s.id
        assert next(s for s in model.strategies if s.id == "P3").tows == "SO"  # the domain notes' example
        assert next(s for s in model.strategies if s.id == "P5").tows[0] == "W"
    assert not load_library_model("generic-swot").has_tows


def test_the_model_workbook_carries_tows_columns(tmp_path):
    model = load_library_model("tehran-city-diplomacy")
    path = tmp_path / "model.xlsx"
    write_model_workbook(model, path)
    sheet = openpyxl.load_workbook(path)["Strategies"]
    header = [c.value for c in sheet[1]]
    assert header[5:] == ["tows", "tows_factors", "tows_reason_fa", "tows_reason_en"]
    assert sheet.cell(2, 7).value == "W2, W8, O6"
    assert check_model_workbook(path).raise_for_errors() == model
    sheet.cell(2, 6).value = "XY"
    sheet.cell(3, 7).value = "W6, T66"
    sheet.parent.save(path)
    check = check_model_workbook(path)
    located = {(p.sheet, p.cell): p.message for p in check.errors}
    assert "unknown TOWS type 'XY'" in located[("Strategies", "F2")]
    assert "unknown factor 'T66'" in located[("Strategies", "G3")]
