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
import itertools
import math
import operator
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InconsistencyWarning, MatrixError
from .hierarchy import compose_hierarchy
from .pairwise import _SCALE_HIGH, _SCALE_LOW, PairwiseMatrix, _looks_like_named_comparisons, check_scale_name
from .priorities import (
    BatchPriorityResult,
    PriorityResult,
    _batch_result,
    _check_completion,
    _check_method,
    batch_priorities,
)
from .random_index import _table

__all__ = ["Hierarchy"]

#: how the terminal nodes' vectors are scaled (names as in mcda.SYNTHESIS_MODES, less "auto")
_MODES = ("distributive", "ideal", "raw")


# ------------------------------------------------------------------------------------------- model
def _is_scores(spec: Any) -> bool:
    """A mapping ``item -> value`` (or a pandas Series): scores, not comparisons."""
    if type(spec) is dict:  # the common case first: no attribute look-ups
        return bool(spec) and not any(isinstance(key, tuple) for key in spec)
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


@dataclass(frozen=True, slots=True)
class _Plain:
    """Dicts of pairs read together (:func:`_read_plain`): each node's items; each pair's node, (i, j), a_ij."""

    labels: list[tuple[str, ...]]
    node: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray


@dataclass(frozen=True, slots=True)
class _Node:
    """Node ``k`` of a :class:`_Plain` read."""

    read: _Plain
    k: int

    @property
    def labels(self) -> tuple[str, ...]:
        return self.read.labels[self.k]


def _read_plain(specs: list, scale: str | None) -> list[_Node | None]:
    """Dicts ``{(a, b): number}`` of distinct pairs of text items with numbers on the scale, read at once.

    The checks of the PairwiseMatrix fast path (which then are not repeated), each one
    pass over every pair of every node; items are numbered per node in order of first
    mention by NumPy over all nodes together (``np.unique`` of (node, item) codes, ranked
    by first position).  When anything needs a closer look the nodes are read one by one,
    and a node that still does gets ``None``: the PairwiseMatrix words its problems.
    """

    def one_by_one() -> list[_Node | None]:
        return [None] if len(specs) == 1 else [_read_plain([spec], scale)[0] for spec in specs]

    counts = np.fromiter(map(len, specs), dtype=np.intp, count=len(specs))
    if not specs or set(map(type, specs)) != {dict} or not counts.all():
        return one_by_one()
    keys = list(itertools.chain.from_iterable(specs))
    values = list(itertools.chain.from_iterable(map(dict.values, specs)))
    if set(map(type, keys)) != {tuple} or set(map(len, keys)) != {2} or not set(map(type, values)) <= {float, int}:
        return one_by_one()
    names = list(itertools.chain.from_iterable(keys))  # a0, b0, a1, b1, …
    known = dict.fromkeys(names)
    if set(map(type, known)) != {str}:
        return one_by_one()
    low, high = (_SCALE_LOW, _SCALE_HIGH) if scale != "ratio" else (math.ulp(0.0), math.inf)
    judgments = np.array(values, dtype=float)
    if not ((judgments >= low) & (judgments <= high) & (judgments < math.inf)).all():  # NaN fails too
        return one_by_one()
    code = dict(zip(known, range(len(known))))
    item = np.fromiter(map(code.__getitem__, names), dtype=np.intp, count=len(names))
    node = np.repeat(np.arange(len(specs)), 2 * counts)
    unique, first, inverse = np.unique(node * len(code) + item, return_index=True, return_inverse=True)
    mention = np.argsort(first, kind="stable")  # node by node (nodes are contiguous), items in order of mention
    rank = np.empty_like(mention)
    rank[mention] = np.arange(len(mention))
    sizes = np.bincount(unique // len(code), minlength=len(specs))
    starts = np.cumsum(sizes) - sizes
    position = rank[inverse] - starts[node]
    rows, cols, node = position[0::2], position[1::2], node[0::2]
    width = int(sizes.max())
    pairs = (node * width + np.minimum(rows, cols)) * width + np.maximum(rows, cols)
    if (rows == cols).any() or len(np.unique(pairs)) != len(pairs):  # an item with itself; a pair both ways
        return one_by_one()
    ordered = list(map(names.__getitem__, first[mention].tolist()))
    bounds = np.cumsum(sizes).tolist()
    read = _Plain([tuple(ordered[a:b]) for a, b in zip([0, *bounds[:-1]], bounds)], node, rows, cols, judgments)
    return [_Node(read, k) for k in range(len(specs))]


def _no_weight(name: str) -> MatrixError:
    return MatrixError(f"`{name}`: every score is 0, so its items get no weight; give at least one a score")


def _stack(n: int, nodes: list) -> np.ndarray:
    """The ``(N, n, n)`` reciprocal stack of same-size nodes (:class:`_Node` or PairwiseMatrix), NaN unanswered."""
    stack = np.full((len(nodes), n, n), np.nan)
    diagonal = np.arange(n)
    stack[:, diagonal, diagonal] = 1.0
    reads: dict[int, tuple[_Plain, list[int], list[int]]] = {}
    for slot, node in enumerate(nodes):
        if isinstance(node, _Node):
            _, ks, slots = reads.setdefault(id(node.read), (node.read, [], []))
            ks.append(node.k)
            slots.append(slot)
        else:
            stack[slot] = node.values
    for read, ks, slots in reads.values():
        where = np.full(len(read.labels), -1)
        where[ks] = slots
        where = where[read.node]
        mine = where >= 0
        where, rows, cols, values = where[mine], read.rows[mine], read.cols[mine], read.values[mine]
        stack[where, rows, cols] = values
        stack[where, cols, rows] = 1.0 / values
    return stack


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
        scale: str = "saaty",
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
        check_scale_name(scale)
        names = [str(name) for name in comparisons]
        specs = dict(zip(names, comparisons.values()))
        items: dict[str, tuple[str, ...]] = {}
        local: dict[str, np.ndarray] = {}
        pairwise: dict[str, PairwiseMatrix | _Node] = {}
        # the common dicts of plain in-range numbers are read here, all at once; anything else
        # (and every problem, worded with the node's name) goes through PairwiseMatrix
        dicts = [name for name, spec in specs.items() if type(spec) is dict and not _is_scores(spec)]
        plain = dict(zip(dicts, _read_plain([specs[name] for name in dicts], scale)))
        for name, spec in specs.items():
            if plain.get(name) is not None:
                pairwise[name] = plain[name]
                items[name] = plain[name].labels
            elif _is_scores(spec):
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
        self.root = self._find_root(root, items)
        self._order = self._topological_order(items)
        self.nodes = tuple(self._order)
        self._pairwise: dict[str, np.ndarray] = {}
        self._results: dict[str, tuple[BatchPriorityResult, int] | PriorityResult] = {}
        self._local: dict[str, np.ndarray] = {}
        self._priorities(pairwise, method, ri_table, cr_threshold, completion, warn)
        for name in self._order:
            if name not in self._local:
                self._local[name] = self._scaled(name, local[name])
        # every node and leaf, in order of first appearance from the root down
        listed = [items[name] for name in self._order]
        elements = list(dict.fromkeys(itertools.chain((self.root,), itertools.chain.from_iterable(listed))))
        index = dict(zip(elements, range(len(elements))))
        self._elements = tuple(elements)
        self.leaves = tuple(e for e in elements if e not in items)
        below = np.fromiter(map(index.__getitem__, itertools.chain.from_iterable(listed)), dtype=np.intp)
        ends = list(itertools.accumulate(map(len, listed)))
        self._global = compose_hierarchy(
            [self._local[name] for name in self._order],
            [below[start:end] for start, end in zip([0, *ends[:-1]], ends)],
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

    def _priorities(self, pairwise, method, ri_table, cr_threshold, completion, warn) -> None:
        """Every pairwise node's matrix, priorities and (scaled) local vector, batched by size.

        One stack and one priorities call per matrix size, over the nodes already checked
        (by :func:`_read_plain` or :class:`~mcda.PairwiseMatrix`), so the stack is not
        checked again; the terminal scaling is one array operation per size too.
        """
        _check_method(method)
        completion = _check_completion(completion)
        table_name, _ = _table(ri_table)
        by_size: dict[int, list[str]] = {}
        for name in self._order:
            if name in pairwise:
                by_size.setdefault(len(pairwise[name].labels), []).append(name)
        inconsistent = []
        for n, names in by_size.items():
            stack = _stack(n, [pairwise[name] for name in names])
            try:
                batch = _batch_result(stack, method, ri_table, table_name, cr_threshold, False, None, single=False,
                                      completion=completion, ids=tuple(names), name="hierarchy")
            except MatrixError:
                # name the node: redo the failing one alone, whose message carries its name
                for k, name in enumerate(names):
                    batch_priorities(stack[k : k + 1], method, ri_table, cr_threshold, warn=False,
                                     completion=completion, labels=pairwise[name].labels, name=name)
                raise
            stack.setflags(write=False)
            scaled = self._scaled_stack(names, batch.weights)
            for k, name in enumerate(names):
                self._pairwise[name] = stack[k]
                self._results[name] = (batch, k)
                self._local[name] = scaled[k]
            if warn and not batch.consistent.all():
                cr = batch.cr.tolist()
                inconsistent.extend(f"`{names[k]}` (CR = {cr[k]:.3f})" for k in np.flatnonzero(~batch.consistent))
        if warn and inconsistent:
            warnings.warn(
                f"{len(inconsistent)} of {len(self._results)} comparisons have CR > {cr_threshold:g}: "
                f"{', '.join(inconsistent)}; see Hierarchy.consistency() for the judgments to revise",
                InconsistencyWarning,
                stacklevel=3,
            )

    def _terminal(self, name: str) -> bool:
        return self._items.keys().isdisjoint(self._items[name])

    def _scaled_stack(self, names: list[str], weights: np.ndarray) -> np.ndarray:
        """:meth:`_scaled` for the rows of ``weights`` (one node per row) at once."""
        terminal = np.array([self._terminal(name) for name in names])
        if self.mode == "raw" and terminal.all():
            return weights
        denominator = weights.max(axis=1) if self.mode == "ideal" else weights.sum(axis=1)
        if self.mode != "distributive":
            denominator = np.where(terminal, denominator, weights.sum(axis=1))
        if self.mode == "raw":
            denominator[terminal] = 1.0
        if not denominator.all():
            raise _no_weight(names[int(np.flatnonzero(denominator == 0)[0])])
        return weights / denominator[:, None]

    def _scaled(self, name: str, vector: np.ndarray) -> np.ndarray:
        terminal = self._terminal(name)
        if terminal and self.mode == "raw":
            return vector
        denominator = vector.max() if terminal and self.mode == "ideal" else vector.sum()
        if denominator == 0:
            raise _no_weight(name)
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
        result = self._results[name]
        if isinstance(result, tuple):  # made when asked for: one per node would cost more than the synthesis
            batch, k = result
            result = self._results[name] = PriorityResult(
                weights=batch.weights[k], lambda_max=float(batch.lambda_max[k]), ci=float(batch.ci[k]),
                cr=float(batch.cr[k]), gci=float(batch.gci[k]), consistent=bool(batch.consistent[k]), n=batch.n,
                method=batch.method, ri_table=batch.ri_table, cr_threshold=batch.cr_threshold,
                n_missing=int(batch.n_missing[k]), labels=self._items[name], name=name,
            )
        return result

    def consistency(self):
        """One row per pairwise node: n, CR, GCI, consistent, missing pairs, and the judgment to revise first."""
        import pandas as pd

        from .consistency import consistency

        rows = []
        for name in (node for node in self._order if node in self._results):
            result = self.result(name)
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
