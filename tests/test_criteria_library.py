"""criteria.library: the shipped models load, validate and keep the domain's ids."""

from __future__ import annotations

import pytest

from criteria import ModelError, library_models, load_library_model, validate_model
from criteria.library import library_model_path

EXPECTED_FACTORS = (
    [f"S{k}" for k in range(1, 8)]
    + [f"W{k}" for k in range(1, 10)]
    + [f"O{k}" for k in range(1, 10)]
    + [f"T{k}" for k in range(1, 7)]
)
EXPECTED_STRATEGIES = [f"P{k}" for k in range(1, 8)]
TEHRAN = ["tehran-city-diplomacy", "tehran-city-diplomacy-anp"]


def test_library_lists_the_shipped_models():
    assert library_models() == ("generic-swot", "tehran-city-diplomacy", "tehran-city-diplomacy-anp")


@pytest.mark.parametrize("name", ["generic-swot", *TEHRAN])
def test_library_models_validate_without_errors_or_warnings(name):
    model = load_library_model(name)
    assert model.id == name
    assert validate_model(model) == []
    assert library_model_path(name).is_file()


@pytest.mark.parametrize("name", TEHRAN)
def test_tehran_models_have_exactly_the_domain_ids(name):
    model = load_library_model(name)
    assert model.group_ids == ("S", "W", "O", "T")
    assert list(model.factor_ids) == EXPECTED_FACTORS
    assert list(model.strategy_ids) == EXPECTED_STRATEGIES
    assert [f.group for f in model.factors] == [fid[0] for fid in EXPECTED_FACTORS]
    assert model.evaluation == "ratings"
    assert [g.label_fa for g in model.groups] == ["نقاط قوت", "نقاط ضعف", "فرصت‌ها", "تهدیدها"]
    for item in (*model.factors, *model.strategies):
        assert item.label_en and item.label_fa and item.short_en and item.short_fa, item.id
        assert len(item.short_en) <= 40 and len(item.short_fa) <= 40, item.id
    assert model.title_en and model.title_fa and model.goal_en and model.goal_fa


def test_tehran_labels_come_from_the_domain_tables():
    model = load_library_model("tehran-city-diplomacy")
    assert model.label("S1").startswith("Membership in specialised international organisations, especially Metropolis and UCLG")
    assert model.label("T2", "fa") == "اثرات تخاصم روابط ایران و آمریکا و تحریم‌ها بر عضویت و مشارکت فعال"
    assert model.label("P6", "fa") == "تجدید ساختار نظام روابط بین‌الملل شهرداری در قالب کانون مدیریت دیپلماسی شهری شهر-منطقه تهران"
    assert model.label("goal", "fa").startswith("انتخاب راهبردهای برتر")


def test_tehran_comparison_sets():
    model = load_library_model("tehran-city-diplomacy")
    sets = model.comparison_sets()
    assert [s.id for s in sets] == ["groups", "factors:S", "factors:W", "factors:O", "factors:T"]
    assert [s.size for s in sets] == [4, 7, 9, 9, 6]
    assert not model.is_network
    assert model.n_judgments() == 6 + 21 + 36 + 36 + 15 + 7 * 31 + 31  # + the IFE/EFE ratings


def test_tehran_anp_adds_dependence_sets():
    ahp = load_library_model("tehran-city-diplomacy")
    anp = load_library_model("tehran-city-diplomacy-anp")
    assert anp.is_network
    assert {(d.source, d.target) for d in anp.group_dependencies} == {("T", "O"), ("O", "S"), ("W", "S"), ("T", "W")}
    sets = {s.id: s for s in anp.comparison_sets()}
    assert list(sets)[:5] == [s.id for s in ahp.comparison_sets()]
    assert sets["dependence:S"].items == ("S", "W", "O")
    assert sets["dependence:W"].items == ("W", "T")
    assert sets["dependence:O"].items == ("O", "T")
    assert "sanctions" in anp.description_en and "تحریم" in anp.description_fa
    assert (anp.factors, anp.strategies, anp.groups) == (ahp.factors, ahp.strategies, ahp.groups)


def test_tehran_anp_factor_network_follows_the_domain_file():
    """Each factor link of the built-in ANP model cites the domain file's line; the one the domain file states in
    so many words ("T2 sanctions weakens O5 membership") is there, and the network asks only what it needs."""
    anp = load_library_model("tehran-city-diplomacy-anp")
    links = {(d.source, d.target) for d in anp.factor_dependencies}
    assert ("T2", "O5") in links and anp.has_factor_network and not anp.feedback
    text = library_model_path("tehran-city-diplomacy-anp").read_text(encoding="utf-8")
    for source, target in links:
        block = text.split(f"  - source: {source}\n    target: {target}\n")[0].rsplit("\n  - ", 1)[-1]
        assert "domain l." in block, (source, target)
    sets = {s.id: s for s in anp.comparison_sets()}
    assert sets["network:S1:O"].items == ("O5", "O8") and sets["network:S1:O"].context == "S1"
    assert "network:O5:T" not in sets  # one influencer: weight 1, no question
    assert sets["clusters:S"].items == ("S", "W", "O", "T", "strategies")
    assert sets["clusters:O"].items == ("T", "strategies")


def test_generic_swot_is_a_blank_template():
    model = load_library_model("generic-swot")
    assert [len(model.factors_of(g)) for g in model.group_ids] == [3, 3, 3, 3]
    assert model.label("S1") == "Strength 1" and model.label("S1", "fa") == "قوت ۱"
    assert model.label("T3", "fa") == "تهدید ۳"
    assert len(model.strategies) == 3


def test_unknown_library_model_suggests_a_name():
    with pytest.raises(ModelError, match="did you mean 'generic-swot'"):
        load_library_model("generic-swat")


def test_library_yaml_is_declared_as_package_data():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "library/*.yaml" in pyproject["tool"]["setuptools"]["package-data"]["criteria"]
