"""criteria.validate: every rule, each problem located by its field path."""

from __future__ import annotations

import copy

import pytest

from criteria import Model, ModelError, model_from_dict, validate_model
from criteria.library import load_library_model
from mcda.errors import Problem


def minimal() -> dict:
    """A small valid model as plain data (two groups of two factors, two strategies)."""
    return {
        "id": "demo",
        "version": "1.0",
        "title_en": "Demo",
        "title_fa": "نمونه",
        "goal_en": "Choose a strategy",
        "goal_fa": "انتخاب راهبرد",
        "groups": [
            {"id": "S", "label_en": "Strengths", "label_fa": "نقاط قوت"},
            {"id": "W", "label_en": "Weaknesses", "label_fa": "نقاط ضعف"},
        ],
        "factors": [
            {"id": "S1", "group": "S", "label_en": "Skilled staff", "label_fa": "کارکنان ماهر"},
            {"id": "S2", "group": "S", "label_en": "Good location", "label_fa": "موقعیت خوب"},
            {"id": "W1", "group": "W", "label_en": "No structure", "label_fa": "نبود ساختار"},
            {"id": "W2", "group": "W", "label_en": "Weak law", "label_fa": "ضعف قانون"},
        ],
        "strategies": [
            {"id": "P1", "label_en": "Train staff", "label_fa": "آموزش کارکنان"},
            {"id": "P2", "label_en": "Pass a law", "label_fa": "تصویب قانون"},
        ],
    }


def problems_at(data, cell: str, severity: str = "error") -> list[Problem]:
    return [p for p in validate_model(data, source="m.yaml") if p.cell == cell and p.severity == severity]


def only(data, cell: str, severity: str = "error") -> Problem:
    found = problems_at(data, cell, severity)
    everything = validate_model(data, source="m.yaml")
    assert len(found) == 1, f"expected one {severity} at {cell!r}, got: {[str(p) for p in everything]}"
    return found[0]


def errors(data) -> list[Problem]:
    return [p for p in validate_model(data) if p.severity == "error"]


def test_minimal_model_is_clean():
    assert validate_model(minimal()) == []
    model = model_from_dict(minimal())
    assert isinstance(model, Model)
    assert validate_model(model) == []


def test_problem_names_file_and_path_in_its_text():
    data = minimal()
    data["factors"][3]["label_fa"] = "  "
    problem = only(data, "factors[3].label_fa")
    assert problem.file == "m.yaml" and problem.sheet == ""
    assert str(problem).startswith("m.yaml › factors[3].label_fa: empty Persian label")
    assert "W2" in problem.message


@pytest.mark.parametrize("field", ["id", "version", "title_en", "title_fa", "goal_en", "goal_fa", "groups", "factors", "strategies"])
def test_missing_required_model_field(field):
    data = minimal()
    del data[field]
    assert field in only(data, field).message


def test_missing_required_item_field():
    data = minimal()
    del data["factors"][1]["group"]
    del data["strategies"][0]["label_en"]
    assert "'group'" in only(data, "factors[1].group").message
    assert "'label_en'" in only(data, "strategies[0].label_en").message


def test_missing_item_id_is_reported_once():
    data = minimal()
    del data["strategies"][1]["id"]
    assert "empty id" in only(data, "strategies[1].id").message


def test_unknown_field_suggests_the_intended_one():
    data = minimal()
    data["stratgies"] = data.pop("strategies")
    assert "did you mean 'strategies'" in only(data, "stratgies").message
    assert only(data, "strategies")  # and the real one is missing


def test_wrong_types():
    data = minimal()
    data["groups"] = {"S": "Strengths"}
    data["strategies"][0] = "P1"
    data["factors"][0]["label_en"] = ["a", "list"]
    data["title_en"] = True
    assert "must be a list" in only(data, "groups").message
    assert "mapping" in only(data, "strategies[0]").message
    assert "must be text" in only(data, "factors[0].label_en").message
    assert "booleans" in only(data, "title_en").message


def test_top_level_must_be_a_mapping():
    (problem,) = validate_model(["not", "a", "model"], source="x.yaml")
    assert problem.severity == "error" and "mapping" in problem.message


def test_numbers_are_accepted_as_text_but_float_versions_warn():
    data = minimal()
    data["version"] = 1.1
    data["strategies"][0]["label_en"] = 2030
    assert "quotes" in only(data, "version", "warning").expected
    model = model_from_dict(data)
    assert model.version == "1.1"
    assert model.strategies[0].label_en == "2030"


@pytest.mark.parametrize(
    ("mutate", "cell", "needle"),
    [
        (lambda d: d["factors"][2].update(id="S1"), "factors[2].id", "already used by factors[0]"),
        (lambda d: d["strategies"][1].update(id="S"), "strategies[1].id", "already used by groups[0]"),
        (lambda d: d["factors"][0].update(id="P2"), "strategies[1].id", "already used by factors[0]"),
        (lambda d: d.update(rating_scale=[{"id": "S1", "label_en": "hi", "label_fa": "زیاد", "value": 1.0},
                                          {"id": "lo", "label_en": "lo", "label_fa": "کم", "value": 0.5}]),
         "rating_scale[0].id", "already used by factors[0]"),
    ],
)
def test_duplicate_ids_share_one_namespace(mutate, cell, needle):
    data = minimal()
    mutate(data)
    assert needle in only(data, cell).message


@pytest.mark.parametrize("bad", ["S 1", "factors:S", "قوت۱", "", "-x", "goal"])
def test_invalid_or_reserved_ids(bad):
    data = minimal()
    data["strategies"][0]["id"] = bad
    assert only(data, "strategies[0].id")


def test_unknown_group_reference():
    data = minimal()
    data["factors"][0]["group"] = "X"
    problem = only(data, "factors[0].group")
    assert "unknown group 'X'" in problem.message and "S, W" in problem.expected


@pytest.mark.parametrize("field", ["label_en", "label_fa"])
@pytest.mark.parametrize("kind", ["groups", "factors", "strategies"])
def test_empty_labels_in_either_language(kind, field):
    data = minimal()
    data[kind][1][field] = ""
    language = "English" if field.endswith("en") else "Persian"
    assert f"empty {language}" in only(data, f"{kind}[1].{field}").message


def test_empty_title_and_goal():
    data = minimal()
    data["title_fa"] = ""
    data["goal_en"] = None
    assert "Persian title" in only(data, "title_fa").message
    assert "English goal" in only(data, "goal_en").message


def test_group_with_no_factor_is_an_error():
    data = minimal()
    data["groups"].append({"id": "O", "label_en": "Opportunities", "label_fa": "فرصت‌ها"})
    assert "no factor" in only(data, "groups[2]").message


def test_group_with_one_factor_is_a_warning_and_still_loads():
    data = minimal()
    del data["factors"][3]
    warning = only(data, "groups[1]", "warning")
    assert "only one factor" in warning.message and "weight 1" in warning.message
    model = model_from_dict(data)
    assert [s.id for s in model.comparison_sets()] == ["groups", "factors:S"]


def test_fewer_than_two_groups_or_strategies():
    data = minimal()
    data["groups"] = data["groups"][:1]
    data["factors"] = data["factors"][:2]
    data["strategies"] = data["strategies"][:1]
    assert "at least 2 groups" in only(data, "groups").message
    assert "at least 2 strategies" in only(data, "strategies").message


def test_unknown_evaluation_method():
    data = minimal()
    data["evaluation"] = "voting"
    problem = only(data, "evaluation")
    assert "'voting'" in problem.message and "pairwise" in problem.expected


def scale(*values):
    return [{"id": f"l{i}", "label_en": f"Level {i}", "label_fa": f"سطح {i}", "value": v} for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "cell", "needle"),
    [
        ((1.0, 0.0), "rating_scale[1].value", "outside (0, 1]"),
        ((1.5, 0.5), "rating_scale[0].value", "outside (0, 1]"),
        ((1.0, -0.2), "rating_scale[1].value", "outside (0, 1]"),
        ((1.0, 0.3, 0.6), "rating_scale[2].value", "strictly decrease"),
        ((1.0, 0.5, 0.5), "rating_scale[2].value", "repeats rating_scale[1]"),
        ((1.0, "high"), "rating_scale[1].value", "not a number"),
        ((1.0, float("nan")), "rating_scale[1].value", "not a number"),
        ((1.0,), "rating_scale", "at least 2 levels"),
    ],
)
def test_rating_scale_values(values, cell, needle):
    data = minimal()
    data["rating_scale"] = scale(*values)
    assert needle in only(data, cell).message


def test_rating_scale_whose_best_level_is_not_one_warns():
    data = minimal()
    data["rating_scale"] = scale(0.8, 0.4)
    assert "not 1" in only(data, "rating_scale[0].value", "warning").message


def test_too_many_items_in_a_comparison_set_warns_and_suggests_a_split():
    data = minimal()
    data["factors"] += [
        {"id": f"S{k}", "group": "S", "label_en": f"Strength {k}", "label_fa": f"قوت {k}"} for k in range(3, 11)
    ]
    warning = only(data, "groups[0]", "warning")
    assert "10 factors" in warning.message and "split" in warning.expected
    model_from_dict(data)  # a warning does not stop loading


def test_many_strategies_warn_only_when_compared_pairwise():
    data = minimal()
    data["strategies"] = [{"id": f"P{k}", "label_en": f"Strategy {k}", "label_fa": f"راهبرد {k}"} for k in range(1, 13)]
    assert problems_at(data, "strategies", "warning") == []
    data["evaluation"] = "pairwise"
    assert "12 strategies" in only(data, "strategies", "warning").message


def test_dependency_rules():
    data = minimal()
    data["dependencies"] = [
        {"source": "W", "target": "S"},
        {"source": "S", "target": "S"},
        {"source": "X", "target": "S"},
        {"source": "W", "target": "Y"},
        {"source": "W", "target": "S"},
        {"source": "W"},
    ]
    assert "depend on itself" in only(data, "dependencies[1]").message
    assert "'X' is neither a group nor a factor" in only(data, "dependencies[2].source").message
    assert "'Y' is neither a group nor a factor" in only(data, "dependencies[3].target").message
    assert "listed twice" in only(data, "dependencies[4]", "warning").message
    assert "'target'" in only(data, "dependencies[5].target").message


def test_swapped_language_columns_warn():
    data = minimal()
    data["factors"][0]["label_en"], data["factors"][0]["label_fa"] = "کارکنان ماهر", "Skilled staff"
    assert "swapped" in only(data, "factors[0].label_fa", "warning").message
    assert "swapped" in only(data, "factors[0].label_en", "warning").message


def test_long_short_label_and_duplicate_label_warn():
    data = minimal()
    data["factors"][0]["short_en"] = "x" * 41
    data["strategies"][1]["label_en"] = "train STAFF "
    assert "41 characters" in only(data, "factors[0].short_en", "warning").message
    assert "same English label" in only(data, "strategies[1].label_en", "warning").message


def test_model_from_dict_raises_with_all_problems():
    data = minimal()
    data["factors"][0]["group"] = "X"
    data["strategies"][1]["label_fa"] = ""
    data["evaluation"] = "votes"
    with pytest.raises(ModelError) as caught:
        model_from_dict(data, source="bad.yaml")
    cells = {p.cell for p in caught.value.problems}
    assert {"factors[0].group", "strategies[1].label_fa", "evaluation"} <= cells
    assert "bad.yaml" in str(caught.value) and "factors[0].group" in str(caught.value)


def test_validate_accepts_a_model_and_the_library_is_clean():
    model = load_library_model("tehran-city-diplomacy")
    assert validate_model(model) == []
    # the input is not modified
    data = minimal()
    before = copy.deepcopy(data)
    validate_model(data)
    assert data == before
