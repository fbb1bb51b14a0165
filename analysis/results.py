"""The frozen results of one analysis, saved as JSON and loaded back as they were.

A :class:`Results` carries everything a report needs — the model snapshot
(labels included), each expert's priorities and consistency per comparison set,
the aggregated weights, consensus, global factor weights and the strategy
ranking — plus every analyst choice (options, excluded experts, software
version, model hash, timestamp).  Loading it back recomputes nothing, so a
report can be rendered again years later from ``results.json`` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

from criteria.model import Dependency, Factor, Group, Intensity, Model, Strategy
from mcda.plain import plain_data, readonly
from mcda.anp import Supermatrix
from mcda.position import PositionScores

from .fuzzy import FuzzyResults

__all__ = ["ExpertSummary", "SetResult", "Robustness", "Results", "model_from_dict", "RESULTS_FORMAT"]

RESULTS_FORMAT = "rahbord-results/1"


def _readonly(a, dtype=float) -> np.ndarray:
    return readonly(a, dtype)


def _array(values, dtype=float) -> np.ndarray:
    """Inverse of :func:`mcda.plain.plain_data` for numbers: None → NaN."""
    if dtype is float:
        values = _none_to_nan(values)
    return _readonly(values, dtype)


def _none_to_nan(values):
    if isinstance(values, list):
        return [_none_to_nan(v) for v in values]
    return float("nan") if values is None else values


def _num(value) -> float:
    return float("nan") if value is None else float(value)


@dataclass(frozen=True, slots=True)
class ExpertSummary:
    """One panel member as the results see them (weight normalised over the panel)."""

    id: str
    name: str
    role: str
    weight: float
    lang: str
    source_file: str
    excluded: bool
    exclusion_reason: str = ""  # a key of analysis.pipeline.EXCLUSION_REASONS (pages and reports word it)


@dataclass(frozen=True, slots=True, eq=False)
class SetResult:
    """One comparison set: every expert's priorities and consistency, and the aggregate.

    ``expert_weights``, ``cr``, … cover all experts (excluded ones too, so the
    report can show why they were excluded); ``weights`` is the group's
    aggregated priority vector; ``matrix`` the aggregated judgment matrix
    (AIJ only; ``None`` under AIP), with its ``aggregated_cr`` / ``aggregated_gci``.
    """

    id: str
    kind: str
    items: tuple[str, ...]
    context: str
    expert_weights: np.ndarray  # (N, n)
    lambda_max: np.ndarray  # (N,)
    cr: np.ndarray  # (N,)
    gci: np.ndarray  # (N,)
    consistent: np.ndarray  # (N,) bool
    answered: np.ndarray  # (N,) pairs answered
    n_pairs: int
    weights: np.ndarray  # (n,)
    matrix: np.ndarray | None
    aggregated_cr: float | None
    aggregated_gci: float | None
    s_star: float
    kendall_w: float

    def __post_init__(self) -> None:
        for name in ("expert_weights", "lambda_max", "cr", "gci", "weights"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        object.__setattr__(self, "consistent", _readonly(self.consistent, bool))
        object.__setattr__(self, "answered", _readonly(self.answered, int))
        object.__setattr__(self, "items", tuple(self.items))
        if self.matrix is not None:
            object.__setattr__(self, "matrix", _readonly(self.matrix))

    def to_dict(self) -> dict:
        return plain_data(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SetResult":
        return cls(
            id=data["id"],
            kind=data["kind"],
            items=tuple(data["items"]),
            context=data["context"],
            expert_weights=_array(data["expert_weights"]),
            lambda_max=_array(data["lambda_max"]),
            cr=_array(data["cr"]),
            gci=_array(data["gci"]),
            consistent=_array(data["consistent"], bool),
            answered=_array(data["answered"], int),
            n_pairs=int(data["n_pairs"]),
            weights=_array(data["weights"]),
            matrix=None if data["matrix"] is None else _array(data["matrix"]),
            aggregated_cr=None if data["aggregated_cr"] is None else float(data["aggregated_cr"]),
            aggregated_gci=None if data["aggregated_gci"] is None else float(data["aggregated_gci"]),
            s_star=_num(data["s_star"]),
            kendall_w=_num(data["kendall_w"]),
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, SetResult) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        w = ", ".join(f"{i}={v:.3f}" for i, v in zip(self.items, self.weights))
        return f"SetResult({self.id}: {w}; S*={self.s_star:.3f})"


@dataclass(frozen=True)
class Robustness:
    """How robust a ranking is: weight sweeps, other MCDA methods, Monte Carlo.

    Built by :func:`analysis.robustness.robustness`; saved inside
    ``results.json`` (:attr:`Results.robustness`) so a report rendered later
    prints it without the responses.  ``group_sweep`` / ``factor_sweep`` are
    one-way sweeps (:class:`mcda.WeightSweep`), ``methods`` the ranking by
    other methods (:class:`mcda.MethodComparison`), ``monte_carlo`` the rank
    acceptability (:class:`mcda.MonteCarloResult`; ``None`` when no responses
    or no draws were given).
    """

    group_sweep: Any  # mcda.WeightSweep
    factor_sweep: Any  # mcda.WeightSweep
    methods: Any | None  # mcda.MethodComparison
    monte_carlo: Any | None  # mcda.MonteCarloResult

    def to_dict(self, *, compact: bool = False) -> dict[str, Any]:
        """Plain data.  ``compact`` (what ``results.json`` keeps) lists only the
        factor-sweep crossings that change the top strategy; every crossing is
        solved again from the sweep lines on loading."""
        factor = self.factor_sweep.to_dict()
        if compact:
            factor["crossings"] = [c for c in factor["crossings"] if c["changes_top"]]
        return {
            "group_sweep": self.group_sweep.to_dict(),
            "factor_sweep": factor,
            "methods": None if self.methods is None else self.methods.to_dict(),
            "monte_carlo": None if self.monte_carlo is None else self.monte_carlo.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Robustness":
        from mcda.ranking import MethodComparison
        from mcda.montecarlo import MonteCarloResult
        from mcda.sweeps import WeightSweep

        return cls(
            group_sweep=WeightSweep.from_dict(data["group_sweep"]),
            factor_sweep=WeightSweep.from_dict(data["factor_sweep"]),
            methods=None if data.get("methods") is None else MethodComparison.from_dict(data["methods"]),
            monte_carlo=None if data.get("monte_carlo") is None else MonteCarloResult.from_dict(data["monte_carlo"]),
        )

    @property
    def draws(self) -> int:
        return 0 if self.monte_carlo is None else int(self.monte_carlo.draws)

    def __repr__(self) -> str:
        mc = f"{self.monte_carlo!r}" if self.monte_carlo is not None else "no Monte Carlo"
        return f"Robustness({len(self.group_sweep.top_changes)} group-weight top changes; {mc})"


_ARRAY_FIELDS = (
    "group_weights",
    "local_factor_weights",
    "global_factor_weights",
    "strategy_local_scores",
    "strategy_scores",
)


@dataclass(frozen=True, eq=False)
class Results:
    """Everything one analysis produced; immutable, JSON round-trippable.

    Arrays follow model order: groups (``group_weights``), factors
    (``local_factor_weights`` within the group, ``global_factor_weights``),
    strategies (``strategy_scores``, ``ranks`` with 1 = best) and
    ``strategy_local_scores`` (strategies × factors).  ``inner_dependence``
    and ``dependent_group_weights`` are set for SWOT-ANP models only.
    ``robustness`` (sweeps, other methods, Monte Carlo rank acceptability) is
    set when the analysis computed it (``AnalysisOptions.robustness_draws``).
    ``position`` (IFE / EFE tables, IE cell, strategic position;
    :class:`mcda.position.PositionScores`) is set when the model asks for
    current-position ratings (``position_ratings``).  ``fuzzy``
    (:class:`analysis.fuzzy.FuzzyResults`: Buckley's fuzzy AHP on the same
    answers) is set when ``AnalysisOptions.fuzzy`` asked for it.
    """

    software_version: str
    created: str
    model: dict
    model_hash: str
    options: dict
    experts: tuple[ExpertSummary, ...]
    sets: tuple[SetResult, ...]
    group_weights: np.ndarray
    local_factor_weights: np.ndarray
    global_factor_weights: np.ndarray
    inner_dependence: np.ndarray | None
    dependent_group_weights: np.ndarray | None
    strategy_local_scores: np.ndarray
    strategy_scores: np.ndarray
    ranks: np.ndarray
    problems: tuple[dict, ...] = ()
    notes: tuple[str, ...] = ()
    robustness: Robustness | None = None
    position: PositionScores | None = None
    #: a factor network's unweighted, weighted and limit supermatrices (:mod:`analysis.network`)
    network: Supermatrix | None = None
    fuzzy: FuzzyResults | None = None

    def __post_init__(self) -> None:
        for name in _ARRAY_FIELDS:
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        object.__setattr__(self, "ranks", _readonly(self.ranks, int))
        for name in ("inner_dependence", "dependent_group_weights"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _readonly(getattr(self, name)))
        object.__setattr__(self, "experts", tuple(self.experts))
        object.__setattr__(self, "sets", tuple(self.sets))

    # ---- identity and look-ups ---------------------------------------------
    @cached_property
    def model_obj(self) -> Model:
        """The :class:`criteria.Model` the results were computed for."""
        return model_from_dict(self.model)

    @property
    def model_id(self) -> str:
        return self.model["id"]

    @property
    def model_version(self) -> str:
        return str(self.model.get("version", ""))

    @property
    def is_network(self) -> bool:
        """SWOT-ANP: inner dependence among the groups, or a factor network (:attr:`network`)."""
        return self.inner_dependence is not None or self.network is not None

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g["id"] for g in self.model["groups"])

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f["id"] for f in self.model["factors"])

    @property
    def strategy_ids(self) -> tuple[str, ...]:
        return tuple(s["id"] for s in self.model["strategies"])

    @property
    def expert_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.experts)

    @property
    def excluded_expert_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.experts if e.excluded)

    @property
    def retained_expert_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.experts if not e.excluded)

    def set(self, set_id: str) -> SetResult:
        """The result of one comparison set by id (``groups``, ``factors:S``, …)."""
        for s in self.sets:
            if s.id == set_id:
                return s
        raise KeyError(f"no comparison set {set_id!r} (have {', '.join(s.id for s in self.sets)})")

    @property
    def unrated_cells(self) -> np.ndarray:
        """Per strategy, how many factors no expert rated it on (left out of its score, which is
        renormalised over the factors rated); all 0 for a complete panel or a pairwise model."""
        return np.isnan(self.strategy_local_scores).sum(axis=1)

    def ranking(self) -> list[tuple[str, float]]:
        """``[(strategy_id, score), …]`` best first."""
        order = np.argsort(self.ranks, kind="stable")
        return [(self.strategy_ids[k], float(self.strategy_scores[k])) for k in order]

    # ---- tables ----------------------------------------------------------------
    def to_frames(self) -> dict[str, "pd.DataFrame"]:
        """Every number as pandas tables, keyed by a short name.

        ``groups``, ``factors``, ``strategies``, ``strategy_local_scores``,
        ``consistency`` (one row per expert × set), ``consensus`` (per set),
        ``expert_weights`` (long: set × expert × item), ``options``.
        """
        import pandas as pd  # only here: loading results for a report needs no pandas

        groups = pd.DataFrame(
            {"group": self.group_ids, "weight": self.group_weights}
        ).set_index("group")
        if self.dependent_group_weights is not None:
            groups["weight_with_dependence"] = self.dependent_group_weights
        factors = pd.DataFrame(
            {
                "factor": self.factor_ids,
                "group": [f["group"] for f in self.model["factors"]],
                "local_weight": self.local_factor_weights,
                "global_weight": self.global_factor_weights,
            }
        ).set_index("factor")
        strategies = pd.DataFrame(
            {"strategy": self.strategy_ids, "score": self.strategy_scores, "rank": self.ranks}
        ).set_index("strategy")
        local = pd.DataFrame(self.strategy_local_scores, index=list(self.strategy_ids), columns=list(self.factor_ids))
        rows, weight_rows = [], []
        for s in self.sets:
            for k, e in enumerate(self.experts):
                rows.append(
                    {
                        "set": s.id,
                        "expert": e.id,
                        "cr": s.cr[k],
                        "gci": s.gci[k],
                        "lambda_max": s.lambda_max[k],
                        "consistent": bool(s.consistent[k]),
                        "answered": int(s.answered[k]),
                        "pairs": s.n_pairs,
                        "excluded": e.excluded,
                    }
                )
                for i, item in enumerate(s.items):
                    weight_rows.append({"set": s.id, "expert": e.id, "item": item, "weight": s.expert_weights[k, i]})
            for i, item in enumerate(s.items):
                weight_rows.append({"set": s.id, "expert": "(aggregated)", "item": item, "weight": s.weights[i]})
        consensus = pd.DataFrame(
            [
                {
                    "set": s.id,
                    "s_star": s.s_star,
                    "kendall_w": s.kendall_w,
                    "aggregated_cr": s.aggregated_cr,
                    "aggregated_gci": s.aggregated_gci,
                }
                for s in self.sets
            ]
        ).set_index("set")
        options = pd.Series(
            {
                **{k: v for k, v in self.options.items() if k != "expert_weights"},
                "software_version": self.software_version,
                "model": f"{self.model_id} {self.model_version}",
                "model_hash": self.model_hash,
                "created": self.created,
                "excluded_experts": ", ".join(self.excluded_expert_ids),
            },
            name="value",
        ).to_frame()
        return {
            "groups": groups,
            "factors": factors,
            "strategies": strategies,
            "strategy_local_scores": local,
            "consistency": pd.DataFrame(rows),
            "consensus": consensus,
            "expert_weights": pd.DataFrame(weight_rows),
            "options": options,
        }

    # ---- persistence --------------------------------------------------------------
    def to_dict(self) -> dict:
        data: dict[str, Any] = {"format": RESULTS_FORMAT}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "fuzzy" and value is None:
                continue  # a crisp-only analysis saves the results.json it saved before the fuzzy choice existed
            if f.name == "experts":
                value = [
                    {ef.name: getattr(e, ef.name) for ef in fields(ExpertSummary)} for e in value
                ]
            elif f.name == "sets":
                value = [s.to_dict() for s in value]
            elif f.name == "robustness" and value is not None:
                value = value.to_dict(compact=True)
            elif f.name == "network":
                if value is None:
                    continue  # results of a model without a factor network keep the fields they always had
                value = value.to_dict()
            elif f.name in ("position", "fuzzy") and value is not None:
                value = value.to_dict()
            data[f.name] = plain_data(value)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Results":
        if data.get("format") != RESULTS_FORMAT:
            from mcda.errors import ReportError

            raise ReportError(f"not a rahbord results file (format {data.get('format')!r}, expected {RESULTS_FORMAT!r})")
        return cls(
            software_version=data["software_version"],
            created=data["created"],
            model=data["model"],
            model_hash=data["model_hash"],
            # results saved before the completion was a choice were computed with Harker's method
            options=data["options"] if "completion" in data["options"] else {**data["options"], "completion": "harker"},
            experts=tuple(ExpertSummary(**e) for e in data["experts"]),
            sets=tuple(SetResult.from_dict(s) for s in data["sets"]),
            group_weights=_array(data["group_weights"]),
            local_factor_weights=_array(data["local_factor_weights"]),
            global_factor_weights=_array(data["global_factor_weights"]),
            inner_dependence=None if data["inner_dependence"] is None else _array(data["inner_dependence"]),
            dependent_group_weights=(
                None if data["dependent_group_weights"] is None else _array(data["dependent_group_weights"])
            ),
            strategy_local_scores=_array(data["strategy_local_scores"]),
            strategy_scores=_array(data["strategy_scores"]),
            ranks=_array(data["ranks"], int),
            problems=tuple(data.get("problems", ())),
            notes=tuple(data.get("notes", ())),
            robustness=None if data.get("robustness") is None else Robustness.from_dict(data["robustness"]),
            # results saved before the IFE/EFE existed have no "position"
            position=None if data.get("position") is None else PositionScores.from_dict(data["position"]),
            network=None if data.get("network") is None else Supermatrix.from_dict(data["network"]),
            # results saved before the fuzzy choice existed, or without it, have no "fuzzy"
            fuzzy=None if data.get("fuzzy") is None else FuzzyResults.from_dict(data["fuzzy"]),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)

    def save(self, path) -> Path:
        """Write ``results.json`` atomically (a crash never leaves half a file)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path) -> "Results":
        """Read results saved by :meth:`save`; nothing is recomputed."""
        with open(path, encoding="utf-8") as fh:
            return cls.from_dict(json.load(fh))

    def __eq__(self, other) -> bool:
        return isinstance(other, Results) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        top = ", ".join(f"{s}={v:.3f}" for s, v in self.ranking()[:3])
        return (
            f"Results(model={self.model_id}@{self.model_hash}, experts={len(self.experts)} "
            f"({len(self.excluded_expert_ids)} excluded), aggregation={self.options.get('aggregation')}, top: {top})"
        )


def model_from_dict(data: dict) -> Model:
    """Rebuild a :class:`criteria.Model` from :meth:`Model.to_dict` output."""
    return Model(
        id=data["id"],
        version=data["version"],
        title_en=data["title_en"],
        title_fa=data["title_fa"],
        goal_en=data["goal_en"],
        goal_fa=data["goal_fa"],
        groups=tuple(Group(**g) for g in data["groups"]),
        factors=tuple(Factor(**f) for f in data["factors"]),
        strategies=tuple(Strategy(**s) for s in data["strategies"]),
        description_en=data.get("description_en", ""),
        description_fa=data.get("description_fa", ""),
        evaluation=data.get("evaluation", "ratings"),
        group_weighting=data.get("group_weighting", "direct"),
        rating_scale=tuple(Intensity(**i) for i in data.get("rating_scale", ())),
        dependencies=tuple(Dependency(**d) for d in data.get("dependencies", ())),
        position_ratings=bool(data.get("position_ratings", False)),
        feedback=bool(data.get("feedback", False)),
        cluster_weights=data.get("cluster_weights", "compared"),
    )

