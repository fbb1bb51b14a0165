"""Names-first AHP hierarchies of any depth: :class:`Hierarchy`.

A hierarchy is given as one mapping ``node name -> its comparison``.  An item
that has a comparison of its own is expanded (it is a criterion); an item that
has none is a leaf (an alternative, or a criterion scored directly).  The same
alternative may appear under many criteria, and a sub-criterion under several
parents: its global weight is summed over every path (Saaty 1980, the
hierarchic composition principle).  So AHPy's car example is

>>> import mcda
>>> cars = mcda.Hierarchy({
...     "Criteria": {("Cost", "Safety"): 3, ("Cost", "Capacity"): 3, ("Safety", "Capacity"): 1},
...     "Cost": {("Price", "Fuel"): 2},
...     "Price": {("Accord", "Pilot"): 9},
...     "Fuel": {("Accord", "Pilot"): 1.41},
...     "Safety": {("Accord", "Pilot"): 1 / 5},
...     "Capacity": {"Accord": 5, "Pilot": 8},          # measured values (AHPy's normalised form)
... }, root="Criteria")
>>> cars.global_weights().round(3).to_dict()
{'Accord': 0.587, 'Pilot': 0.413}

A node's comparison is any form :func:`mcda.priorities` accepts — a dict of
pairs ``{(a, b): value}``, ``(a, b, value)`` triples, a
:class:`~mcda.PairwiseMatrix`, incomplete ones included — or *scores*: a
mapping ``item -> value`` (measured values, rating intensities, or weights
computed elsewhere).

Synthesis mode (the registry :data:`mcda.SYNTHESIS_MODES`) applies to the
*terminal* nodes, those whose items are all leaves: ``"distributive"``
(each terminal vector sums to 1), ``"ideal"`` (divided by its maximum, Belton
& Gear 1983; Saaty 1994) or ``"raw"`` (scores as given — rating intensities,
Saaty 1986).  Every other node's vector is a distribution over its items
(scores are divided by their sum).  A two-level SWOT tree — goal → groups →
factors, strategies scored under each factor — thus gives exactly the numbers
of :func:`mcda.synthesize`.

The composition itself is :func:`compose_hierarchy`, batch first: local
vectors with leading axes (Monte Carlo draws, sweeps) compose in one pass.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .errors import InconsistencyWarning, MatrixError
from .hierarchy import compose_hierarchy
from .pairwise import PairwiseMatrix, _looks_like_named_comparisons
from .priorities import PriorityResult, batch_priorities

__all__ = ["Hierarchy"]

#: how the terminal nodes' vectors are scaled (names as in mcda.SYNTHESIS_MODES, less "auto")
_MODES = ("distributive", "ideal", "raw")


# ------------------------------------------------------------------------------------------- model
def _is_scores(spec: Any) -> bool:
    """A mapping ``item -> value`` (or a pandas Series): scores, not comparisons."""
    if hasattr(spec, "index") and hasattr(spec, "to_numpy") and not isinstance(spec, np.ndarray):
        return True
    return isinstance(spec, Mapping) and bool(spec) and not any(isinstance(key, tuple) for key in spec)


def _scores(name: str, spec: Any) -> tuple[tuple[str, ...], np.ndarray]:
    items = tuple(str(item) for item in (spec.index if hasattr(spec, "index") else spec.keys()))
    try:
        values = np.asarray(list(spec.values) if hasattr(spec, "index") else list(spec.values()), dtype=float)
    except (TypeError, ValueError):
        raise MatrixError(f"`{name}`: scores must be numbers, one per item (got {dict(spec)!r})") from None
    bad = [f"{item!r} = {value:g}" for item, value in zip(items, values) if not np.isfinite(value) or value < 0]
    if bad:
        raise MatrixError(f"`{name}`: scores must be finite and ≥ 0 ({', '.join(bad)})")
    if len(set(items)) != len(items):
        raise MatrixError(f"`{name}`: an item is scored twice ({list(items)})")
    return items, values


class Hierarchy:
    """An AHP hierarchy of any depth, given by name: ``{node: comparison}`` with a ``root``.

    Parameters
    ----------
    comparisons : mapping ``node name -> comparison``; a comparison is a dict of pairs, a list
        of ``(a, b, value)`` triples, a :class:`~mcda.PairwiseMatrix` (incomplete ones are
        completed per node), or scores ``{item: value}``.
    root : the goal node; by default the one node that no other node lists as an item.
    mode : ``"distributive"``, ``"ideal"`` or ``"raw"`` for the terminal nodes (see the module).
    method, ri_table, cr_threshold, scale, completion : as for :func:`mcda.priorities`,
        applied to every pairwise node.
    warn : one :class:`~mcda.InconsistencyWarning` naming every node with CR above the threshold.

    Every problem in a node's comparison is reported with the node's name.  A node that no
    path from the root reaches (usually a name misspelt in its parent), a cycle and an empty
    tree are errors.
    """

    __slots__ = ("root", "mode", "nodes", "leaves", "_items", "_local", "_results", "_global", "_order", "_elements",
                 "_pairwise")

    def __init__(
        self,
        comparisons: Mapping[str, Any],
        root: str | None = None,
        *,
        mode: str = "distributive",
        method: str = "eigen",
        ri_table="saaty",
        cr_threshold: float = 0.10,
        scale: str | None = None,
        completion: str = "lambda-max",
        warn: bool = True,
    ):
        if not isinstance(comparisons, Mapping) or not comparisons:
            raise MatrixError(
                "`comparisons` must be a non-empty mapping node name -> comparison, e.g. "
                "{'Criteria': {('Cost', 'Safety'): 3}, 'Cost': {...}}"
            )
        if mode not in _MODES:
            raise MatrixError(f"`mode` must be one of {', '.join(_MODES)} (got {mode!r})")
        self.mode = mode
        names = [str(name) for name in comparisons]
        specs = dict(zip(names, comparisons.values()))
        items: dict[str, tuple[str, ...]] = {}
        local: dict[str, np.ndarray] = {}
        pairwise: dict[str, PairwiseMatrix] = {}
        for name, spec in specs.items():
            if _is_scores(spec):
                items[name], local[name] = _scores(name, spec)
            elif isinstance(spec, PairwiseMatrix) or _looks_like_named_comparisons(spec):
                matrix = spec if isinstance(spec, PairwiseMatrix) else PairwiseMatrix(spec, name=name, scale=scale)
                if matrix.labels is None:
                    raise MatrixError(f"`{name}`: a PairwiseMatrix in a hierarchy needs labels (the names of its items)")
                pairwise[name], items[name] = matrix, matrix.labels
            else:
                raise MatrixError(
                    f"`{name}`: a node's comparison is a dict of pairs {{(a, b): value}}, (a, b, value) triples, "
                    f"a PairwiseMatrix or scores {{item: value}} (got {type(spec).__name__})"
                )
        self._items = items
        self._pairwise = {name: matrix.values for name, matrix in pairwise.items()}
        self.root = self._find_root(root, items)
        self._order = self._topological_order(items)
        self._results = self._priorities(pairwise, method, ri_table, cr_threshold, completion, warn)
        for name, result in self._results.items():
            local[name] = result.weights
        self.nodes = tuple(self._order)
        self._local = {name: self._scaled(name, local[name]) for name in self._order}
        index = {self.root: 0}  # every node and leaf, in order of first appearance from the root down
        for name in self._order:
            for item in items[name]:
                index.setdefault(item, len(index))
        elements = list(index)
        self._elements = tuple(elements)
        self.leaves = tuple(e for e in elements if e not in items)
        self._global = compose_hierarchy(
            [self._local[name] for name in self._order],
            [np.array([index[i] for i in items[name]]) for name in self._order],
            [index[name] for name in self._order],
            len(elements),
            index[self.root],
        )

    # ------------------------------------------------------------------ building
    @staticmethod
    def _find_root(root: str | None, items: dict[str, tuple[str, ...]]) -> str:
        listed = {item for its in items.values() for item in its}
        tops = [name for name in items if name not in listed]
        if root is None:
            if len(tops) != 1:
                raise MatrixError(
                    f"cannot tell the root of the hierarchy: nodes {tops} are listed by no other node; pass root=..."
                    if tops else "every node is listed by another: the comparisons form a cycle; pass root=..."
                )
            return tops[0]
        if root not in items:
            close = difflib.get_close_matches(str(root), list(items), n=1)
            hint = f" — did you mean {close[0]!r}?" if close else ""
            raise MatrixError(f"root {root!r} has no comparison (nodes are {list(items)}){hint}")
        return str(root)

    def _topological_order(self, items: dict[str, tuple[str, ...]]) -> list[str]:
        """Nodes reachable from the root, each after every node that lists it; errors for cycles and orphans."""
        reachable, stack = {self.root}, [self.root]
        while stack:
            for item in items[stack.pop()]:
                if item in items and item not in reachable:
                    reachable.add(item)
                    stack.append(item)
        orphans = [name for name in items if name not in reachable]
        if orphans:
            mentioned = sorted({i for n in reachable for i in items[n]} - set(items))
            lines = []
            for name in orphans:
                close = difflib.get_close_matches(name, mentioned, n=1)
                hint = f" (did a parent misspell it as {close[0]!r}?)" if close else ""
                lines.append(f"  - `{name}` has a comparison but no path from {self.root!r} reaches it{hint}")
            raise MatrixError("some comparisons are not part of the hierarchy:\n" + "\n".join(lines))
        indegree = {name: 0 for name in reachable}
        for name in reachable:
            for item in items[name]:
                if item in indegree:
                    indegree[item] += 1
        order, ready = [], [self.root] if indegree[self.root] == 0 else []
        while ready:
            name = ready.pop(0)
            order.append(name)
            for item in items[name]:
                if item in indegree:
                    indegree[item] -= 1
                    if indegree[item] == 0:
                        ready.append(item)
        if len(order) != len(reachable):
            cyclic = sorted(name for name in reachable if name not in order)
            raise MatrixError(f"the hierarchy has a cycle through {cyclic}: a node cannot be below itself")
        return order

    def _priorities(self, pairwise, method, ri_table, cr_threshold, completion, warn) -> dict[str, PriorityResult]:
        """Every pairwise node's priorities, batched by size (one batch_priorities call per n)."""
        by_size: dict[int, list[str]] = {}
        for name in self._order:
            if name in pairwise:
                by_size.setdefault(pairwise[name].n, []).append(name)
        results: dict[str, PriorityResult] = {}
        inconsistent = []
        for n, names in by_size.items():
            stack = np.stack([pairwise[name].values for name in names])
            try:
                batch = batch_priorities(stack, method, ri_table, cr_threshold, warn=False, completion=completion,
                                         ids=names, name="hierarchy")
            except MatrixError:
                # name the node: redo the failing one alone, whose message carries its name
                for name in names:
                    batch_priorities(pairwise[name].values[None], method, ri_table, cr_threshold, warn=False,
                                     completion=completion, labels=pairwise[name].labels, name=name)
                raise
            lambda_max, ci, cr, gci = (a.tolist() for a in (batch.lambda_max, batch.ci, batch.cr, batch.gci))
            consistent, n_missing = batch.consistent.tolist(), batch.n_missing.tolist()
            for k, name in enumerate(names):
                results[name] = PriorityResult(
                    weights=batch.weights[k], lambda_max=lambda_max[k], ci=ci[k], cr=cr[k], gci=gci[k],
                    consistent=consistent[k], n=n, method=batch.method, ri_table=batch.ri_table,
                    cr_threshold=batch.cr_threshold, n_missing=n_missing[k], labels=pairwise[name].labels, name=name,
                )
                if not consistent[k]:
                    inconsistent.append(f"`{name}` (CR = {cr[k]:.3f})")
        if warn and inconsistent:
            warnings.warn(
                f"{len(inconsistent)} of {len(results)} comparisons have CR > {cr_threshold:g}: "
                f"{', '.join(inconsistent)}; see Hierarchy.consistency() for the judgments to revise",
                InconsistencyWarning,
                stacklevel=3,
            )
        return results

    def _scaled(self, name: str, vector: np.ndarray) -> np.ndarray:
        terminal = all(item not in self._items for item in self._items[name])
        if terminal and self.mode == "raw":
            return vector
        denominator = vector.max() if terminal and self.mode == "ideal" else vector.sum()
        if denominator == 0:
            raise MatrixError(f"`{name}`: every score is 0, so its items get no weight; give at least one a score")
        return vector / denominator

    # ------------------------------------------------------------------ results
    def global_weights(self):
        """Global weight of every leaf (summed over all paths from the root), a labelled :class:`pandas.Series`."""
        import pandas as pd

        leaf_set = set(self.leaves)
        index = [k for k, element in enumerate(self._elements) if element in leaf_set]
        return pd.Series(self._global[index], index=pd.Index(self.leaves, name="item"), name="global_weight")

    def local_weights(self):
        """One row per (node, item): the local weight (as used, after the mode) and the global weight via that node."""
        import pandas as pd

        rows, keys = [], []
        for name in self._order:
            node_global = self._global[self._elements.index(name)]
            for item, weight in zip(self._items[name], self._local[name]):
                keys.append((name, item))
                rows.append((float(weight), float(node_global * weight)))
        index = pd.MultiIndex.from_tuples(keys, names=["node", "item"])
        return pd.DataFrame(rows, index=index, columns=["local_weight", "global_weight"])

    def node_weight(self, name: str) -> float:
        """Global weight of a node or leaf (1 for the root)."""
        if name not in self._elements:
            raise KeyError(f"{name!r} is not in the hierarchy (nodes: {list(self.nodes)})")
        return float(self._global[self._elements.index(name)])

    def result(self, name: str) -> PriorityResult:
        """The :class:`~mcda.PriorityResult` of a pairwise node (weights, CR, GCI, …)."""
        if name not in self._results:
            kind = "scores, not comparisons" if name in self._items else "not a node of the hierarchy"
            raise KeyError(f"{name!r} has no pairwise comparison ({kind}); pairwise nodes: {list(self._results)}")
        return self._results[name]

    def consistency(self):
        """One row per pairwise node: n, CR, GCI, consistent, missing pairs, and the judgment to revise first."""
        import pandas as pd

        from .consistency import consistency

        rows = []
        for name in (node for node in self._order if node in self._results):
            result = self._results[name]
            report = consistency(self._matrix(name), ri_table=result.ri_table, threshold=result.cr_threshold,
                                 warn=False, labels=result.labels)
            worst = report.revisions[0] if report.revisions else None
            rows.append({
                "node": name, "n": result.n, "cr": result.cr, "gci": result.gci, "consistent": result.consistent,
                "n_missing": result.n_missing,
                "revise": "" if worst is None or result.consistent else f"{worst.label_i} vs {worst.label_j}",
                "current": np.nan if worst is None else worst.current,
                "suggested": np.nan if worst is None else worst.suggested,
            })
        return pd.DataFrame(rows).set_index("node")

    def revisions(self, name: str):
        """The :class:`~mcda.ConsistencyReport` of one pairwise node: every judgment, worst first."""
        from .consistency import consistency

        result = self.result(name)
        return consistency(self._matrix(name), ri_table=result.ri_table, threshold=result.cr_threshold, warn=False,
                           labels=result.labels)

    def _matrix(self, name: str) -> np.ndarray:
        return self._pairwise[name]

    def __repr__(self) -> str:
        top = self.global_weights().sort_values(ascending=False)
        shown = ", ".join(f"{item} {weight:.3f}" for item, weight in top.iloc[:5].items())
        more = ", …" if len(top) > 5 else ""
        return (
            f"Hierarchy(root={self.root!r}, {len(self.nodes)} nodes, {len(self.leaves)} leaves, mode={self.mode!r}: "
            f"{shown}{more})"
        )
