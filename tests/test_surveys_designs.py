"""Complete and incomplete designs: connected per expert, every pair covered, balanced."""

from __future__ import annotations

import numpy as np
import pytest
from _surveys_helpers import small_model
from hypothesis import given, settings
from hypothesis import strategies as st

from criteria import load_library_model
from criteria.model import Factor, Group, Model, Strategy
from surveys import complete_design, incomplete_design


def _connected(n: int, pairs) -> bool:
    adjacency = {i: set() for i in range(n)}
    for i, j in pairs:
        adjacency[i].add(j)
        adjacency[j].add(i)
    seen, todo = {0}, [0]
    while todo:
        for nxt in adjacency[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return len(seen) == n


def _one_set_model(n_items: int, n_strategies: int = 2) -> Model:
    factors = tuple(Factor(f"F{k}", "G", f"f{k}", f"f{k}") for k in range(n_items))
    strategies = tuple(Strategy(f"P{k}", f"p{k}", f"p{k}") for k in range(n_strategies))
    return Model("m", "1", "t", "t", "g", "g", (Group("G", "g", "g"),), factors, strategies)


def test_complete_design_asks_everything():
    model = load_library_model("tehran-city-diplomacy")
    design = complete_design(model)
    assert design.kind == "complete" and design.n_experts is None
    assert design.for_expert(0).n_judgments(model) == model.n_judgments()
    assert design.for_expert(99) is design.for_expert(0)
    assert all(v == 1 for v in design.min_coverage(model).values() if v)


@settings(max_examples=40, deadline=None)
@given(n_items=st.integers(3, 12), n_experts=st.integers(1, 30), coverage=st.integers(1, 5), seed=st.integers(0, 10**6))
def test_incomplete_design_is_connected_and_covers_every_pair(n_items, n_experts, coverage, seed):
    model = _one_set_model(n_items)
    if coverage > n_experts:
        with pytest.raises(ValueError, match="needs at least"):
            incomplete_design(model, n_experts, coverage, seed)
        return
    design = incomplete_design(model, n_experts, coverage, seed)
    s = model.comparison_sets()[1]
    assert design.n_experts == n_experts
    counts = design.coverage_counts(model)[s.id]
    assert counts[np.triu_indices(n_items, 1)].min() >= coverage
    sizes = []
    for k in range(n_experts):
        pairs = design.for_expert(k).pairs_of(s)
        assert len(set(pairs)) == len(pairs)
        assert all(0 <= i < j < n_items for i, j in pairs)
        assert _connected(n_items, pairs), (k, pairs)
        sizes.append(len(pairs))
    # balanced: nobody is asked much more than the fair share
    fair = max(n_items - 1, -(-coverage * s.n_pairs // n_experts))
    assert max(sizes) <= fair + 2


def test_incomplete_design_reduces_the_burden_on_the_tehran_model():
    model = load_library_model("tehran-city-diplomacy")
    design = incomplete_design(model, n_experts=30, coverage=3, seed=1)
    full_pairs = sum(s.n_pairs for s in model.comparison_sets())
    asked = [design.for_expert(k).n_pairs(model) for k in range(30)]
    assert max(asked) < full_pairs / 2
    assert min(design.min_coverage(model).values()) >= 3
    assert len(design.to_frame(model)) == 30
    # a three-item set cannot be reduced below its spanning tree... but 4 groups can
    assert design.for_expert(0).pairs_of(model.comparison_sets()[0]) != ()


def test_incomplete_design_is_reproducible_and_validates_arguments():
    model = small_model("pairwise")
    a = incomplete_design(model, 6, 2, seed=3)
    b = incomplete_design(model, 6, 2, seed=3)
    assert a.assignments == b.assignments
    with pytest.raises(ValueError, match="n_experts"):
        incomplete_design(model, 0)
    with pytest.raises(ValueError, match="coverage"):
        incomplete_design(model, 5, coverage=0)
    with pytest.raises(IndexError):
        a.for_expert(6)
