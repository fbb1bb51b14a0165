"""Property tests: any valid model survives YAML and workbook round trips unchanged."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria import Dependency, Factor, Group, Intensity, Model, Strategy, model_from_yaml, model_to_yaml, validate_model
from criteria.workbook import read_model_workbook, write_model_workbook

# Characters that trip serialisers: YAML indicators, quotes, formula prefixes,
# XML specials, Persian letters with the zero-width non-joiner, digits of both kinds.
ALPHABET = list("abcXYZ019 =+-@'\":#&<>!%|*?,[]{}~\n\t") + list("قوتضعفرصتهایک۱۲٫\u200c")
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=25).map(str.strip).filter(bool)
OPTIONAL = st.one_of(st.just(""), TEXT)
SPECIAL = st.sampled_from(["yes", "no", "null", "~", "1.0", "007", "1e3", "true", "- x", "#x", "=SUM(A1)"])
LABEL = st.one_of(TEXT, SPECIAL)


@st.composite
def models(draw):
    groups = tuple(Group(g, draw(LABEL), draw(LABEL), draw(OPTIONAL), draw(OPTIONAL)) for g in ("S", "W", "O"))
    factors = tuple(
        Factor(f"{g.id}{k}", g.id, draw(LABEL), draw(LABEL), draw(OPTIONAL), draw(OPTIONAL))
        for g in groups
        for k in range(1, draw(st.integers(1, 3)) + 1)
    )
    strategies = tuple(Strategy(f"P{k}", draw(LABEL), draw(LABEL), draw(OPTIONAL), draw(OPTIONAL)) for k in range(1, 4))
    values = sorted(draw(st.sets(st.floats(0.01, 0.99, allow_nan=False).map(lambda v: round(v, 4)), min_size=1, max_size=4)), reverse=True)
    scale = tuple(Intensity(f"l{k}", draw(LABEL), draw(LABEL), v) for k, v in enumerate([1.0, *values]))
    dependencies = draw(st.sampled_from([(), (Dependency("O", "S"),), (Dependency("O", "S"), Dependency("W", "S"))]))
    return Model(
        id="prop",
        version=draw(st.one_of(SPECIAL, TEXT)),
        title_en=draw(LABEL),
        title_fa=draw(LABEL),
        goal_en=draw(LABEL),
        goal_fa=draw(LABEL),
        description_en=draw(OPTIONAL),
        description_fa=draw(OPTIONAL),
        groups=groups,
        factors=factors,
        strategies=strategies,
        evaluation=draw(st.sampled_from(["ratings", "pairwise"])),
        rating_scale=scale,
        dependencies=dependencies,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_yaml_round_trip_of_any_valid_model(model):
    assert [p for p in validate_model(model) if p.severity == "error"] == []
    again = model_from_yaml(model_to_yaml(model))
    assert again == model
    assert again.content_hash == model.content_hash


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_workbook_round_trip_of_any_valid_model(model):
    buffer = io.BytesIO()
    write_model_workbook(model, buffer)
    again = read_model_workbook(buffer.getvalue())
    assert again == model
    assert again.content_hash == model.content_hash
