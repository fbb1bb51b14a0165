"""Questionnaire designs: which pairs each expert is asked to compare.

A complete design asks every expert every pair of every comparison set.  For
large sets that is too much for a person (17 strategies compared pairwise
under 31 factors is 4,216 judgments), so an *incomplete design* gives each
expert a connected subset of the pairs of each set and spreads the pairs over
the panel so that, together, the experts cover every pair at least
``coverage`` times.

Each expert's subset is connected and spans all items, so every individual
matrix can be completed on its own with Harker's method or logarithmic least
squares (Harker 1987; connectivity is exactly the condition under which the
incomplete eigenvector / LLSM problem has a unique solution, Bozóki, Fülöp &
Rónyai 2010).  The construction is greedy and balanced: for each expert a
minimum spanning tree over the *current coverage counts* (Kruskal, random
tie-breaks) uses the least-covered pairs first, then the least-covered
remaining pairs are added until the expert has their share
``ceil(coverage · pairs / n_experts)``; a last pass gives any pair still
short of ``coverage`` to the experts with the fewest pairs.

Ratings of strategies against factors (the ratings grid) are always asked
completely: one dropdown per cell is quick to answer and the grid has no
connectivity requirement to protect.

>>> from criteria.model import Model, Group, Factor, Strategy
>>> m = Model("m", "1", "t", "t", "g", "g", (Group("A", "a", "a"), Group("B", "b", "b")),
...           tuple(Factor(f"A{k}", "A", "x", "x") for k in range(1, 7)), ())
>>> d = incomplete_design(m, n_experts=10, coverage=3, seed=1)
>>> d.n_experts, d.min_coverage(m)["factors:A"] >= 3
(10, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np

__all__ = ["Assignment", "Design", "complete_design", "incomplete_design"]

Pair = tuple[int, int]


def _all_pairs(n: int) -> tuple[Pair, ...]:
    return tuple((i, j) for i in range(n) for j in range(i + 1, n))


@dataclass(frozen=True, slots=True)
class Assignment:
    """What one expert is asked: the pairs (``i < j`` item indices) of each set.

    A set missing from ``pairs`` is asked completely.
    """

    pairs: Mapping[str, tuple[Pair, ...]] = field(default_factory=dict)
    complete: bool = True

    def pairs_of(self, comparison_set) -> tuple[Pair, ...]:
        """The pairs of ``comparison_set`` (a :class:`criteria.ComparisonSet`) to ask."""
        if comparison_set.id in self.pairs:
            return self.pairs[comparison_set.id]
        return _all_pairs(comparison_set.size)

    def n_pairs(self, model) -> int:
        return sum(len(self.pairs_of(s)) for s in model.comparison_sets())

    def n_judgments(self, model) -> int:
        """How many answers this expert is asked for (pairs + ratings + current-position ratings)."""
        ratings = len(model.strategies) * len(model.factors) if model.evaluation == "ratings" else 0
        return self.n_pairs(model) + ratings + model.n_position_ratings


@dataclass(frozen=True, slots=True)
class Design:
    """The assignments of a whole panel (one per expert slot, in panel order).

    A complete design holds a single assignment shared by every expert.
    """

    kind: str  # "complete" | "incomplete"
    assignments: tuple[Assignment, ...]
    coverage: int = 1
    seed: int | None = None

    @property
    def n_experts(self) -> int | None:
        """Number of expert slots, or ``None`` for a complete design (any panel size)."""
        return None if self.kind == "complete" else len(self.assignments)

    def for_expert(self, k: int) -> Assignment:
        """The assignment of the k-th expert (0-based, panel order)."""
        if self.kind == "complete":
            return self.assignments[0]
        if not 0 <= k < len(self.assignments):
            raise IndexError(f"the design has {len(self.assignments)} expert slots (got expert number {k})")
        return self.assignments[k]

    def coverage_counts(self, model) -> dict[str, np.ndarray]:
        """How many experts are asked each pair: ``{set_id: (n, n) symmetric counts}``."""
        slots = self.assignments if self.kind != "complete" else self.assignments[:1]
        counts = {}
        for s in model.comparison_sets():
            c = np.zeros((s.size, s.size), dtype=int)
            for a in slots:
                for i, j in a.pairs_of(s):
                    c[i, j] += 1
                    c[j, i] += 1
            counts[s.id] = c
        return counts

    def min_coverage(self, model) -> dict[str, int]:
        """The least-covered pair's count, per comparison set."""
        out = {}
        for key, c in self.coverage_counts(model).items():
            n = c.shape[0]
            out[key] = int(c[np.triu_indices(n, 1)].min()) if n > 1 else 0
        return out

    def to_frame(self, model):
        """Judgments asked of each expert slot, per comparison set (pandas)."""
        import pandas as pd

        sets = model.comparison_sets()
        rows = [{s.id: len(a.pairs_of(s)) for s in sets} | {"total": a.n_judgments(model)} for a in self.assignments]
        return pd.DataFrame(rows, index=pd.RangeIndex(len(rows), name="expert"))

    def __repr__(self) -> str:
        return f"Design(kind={self.kind!r}, slots={len(self.assignments)}, coverage={self.coverage})"


def complete_design(model) -> Design:
    """Every expert compares every pair of every comparison set."""
    return Design("complete", (Assignment({}, complete=True),), coverage=1, seed=None)


def incomplete_design(model, n_experts: int, coverage: int = 3, seed: int | None = 0) -> Design:
    """Connected, balanced subsets of pairs for a panel of ``n_experts``.

    Every expert's pairs of every set form a connected graph spanning all
    items; every pair is asked of at least ``coverage`` experts.  Sets too
    small to save anything (the spanning tree alone needs all pairs, e.g.
    three items) are asked completely.

    Raises ``ValueError`` when ``coverage`` exceeds the panel size (a pair
    cannot be asked of the same expert twice).
    """
    if n_experts < 1:
        raise ValueError(f"`n_experts` must be at least 1 (got {n_experts})")
    if coverage < 1:
        raise ValueError(f"`coverage` must be at least 1 (got {coverage})")
    if coverage > n_experts:
        raise ValueError(
            f"coverage {coverage} needs at least {coverage} experts (got {n_experts}); "
            "lower the coverage or use the complete design"
        )
    rng = np.random.default_rng(seed)
    per_expert: list[dict[str, tuple[Pair, ...]]] = [{} for _ in range(n_experts)]
    for s in model.comparison_sets():
        chosen = _design_one_set(s.size, n_experts, coverage, rng)
        if chosen is None:
            continue  # asked completely
        for k, pairs in enumerate(chosen):
            per_expert[k][s.id] = pairs
    assignments = tuple(Assignment(p, complete=not p) for p in per_expert)
    return Design("incomplete", assignments, coverage=coverage, seed=seed)


def _design_one_set(n: int, n_experts: int, coverage: int, rng) -> list[tuple[Pair, ...]] | None:
    pairs = _all_pairs(n)
    share = max(n - 1, math.ceil(coverage * len(pairs) / n_experts))
    if share >= len(pairs):
        return None
    index = {p: k for k, p in enumerate(pairs)}
    counts = np.zeros(len(pairs), dtype=int)
    chosen: list[set[Pair]] = []
    for _ in range(n_experts):
        order = sorted(range(len(pairs)), key=lambda k: (counts[k], rng.random()))
        mine = _kruskal(n, [pairs[k] for k in order])
        for k in order:
            if len(mine) >= share:
                break
            mine.add(pairs[k])
        for p in mine:
            counts[index[p]] += 1
        chosen.append(mine)
    # Fix-up: the greedy pass nearly always reaches the coverage; make it certain.
    for k in np.flatnonzero(counts < coverage):
        p = pairs[k]
        for e in sorted(range(n_experts), key=lambda e: (len(chosen[e]), rng.random())):
            if counts[k] >= coverage:
                break
            if p not in chosen[e]:
                chosen[e].add(p)
                counts[k] += 1
    return [tuple(sorted(c)) for c in chosen]


def _kruskal(n: int, ordered_pairs: list[Pair]) -> set[Pair]:
    """A spanning tree taking pairs in the given order (union–find)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    tree: set[Pair] = set()
    for i, j in ordered_pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[ri] = rj
            tree.add((i, j))
            if len(tree) == n - 1:
                break
    return tree
