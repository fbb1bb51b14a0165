"""The decision model: goal, groups, factors, strategies, evaluation, dependencies.

A :class:`Model` is an immutable description of a SWOT-AHP / SWOT-ANP study.
It knows nothing about files (see :mod:`criteria.io`) and nothing about
numbers (see :mod:`mcda`); it answers one question every other part asks:
*which comparison sets does an expert answer?* (:meth:`Model.comparison_sets`).

Ids are stable across versions (``S1``, ``O3``, ``P2``); labels are bilingual.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

from .catalogue import bilingual

__all__ = [
    "Group",
    "Factor",
    "Strategy",
    "Intensity",
    "Dependency",
    "ComparisonSet",
    "CLUSTER_WEIGHTINGS",
    "STRATEGY_CLUSTER",
    "Model",
    "DEFAULT_RATING_SCALE",
    "SWOT_GROUP_IDS",
    "TOWS_TYPES",
    "INTERNAL_GROUP_IDS",
    "EXTERNAL_GROUP_IDS",
    "POSITION_SCALE_INTERNAL",
    "POSITION_SCALE_EXTERNAL",
]

SWOT_GROUP_IDS = ("S", "W", "O", "T")

# The four quadrants of Weihrich's (1982) TOWS matrix: the internal side the
# strategy builds on or answers (S or W) paired with the external one (O or T).
TOWS_TYPES = ("SO", "WO", "ST", "WT")
_TOWS_KEYS = ("tows", "tows_factors", "tows_reason_en", "tows_reason_fa")

# The internal (IFE) and external (EFE) sides of a SWOT model (David 2011).
INTERNAL_GROUP_IDS = ("S", "W")
EXTERNAL_GROUP_IDS = ("O", "T")

EvaluationMethod = Literal["ratings", "pairwise"]
ComparisonKind = Literal["groups", "factors", "strategies", "dependence", "network", "clusters", "feedback"]

#: The id of the strategies' cluster in a factor network (the SWOT groups are the other clusters, the goal the
#: first); it never clashes with an item id because comparison sets name it only as a cluster.
STRATEGY_CLUSTER = "strategies"
_STRATEGY_CLUSTER_LABELS = bilingual("cluster")["strategies"]  # ("Strategies", «راهبردها»)

#: How the clusters influencing a cluster are weighted in the weighted supermatrix of a factor network:
#: "compared" asks the experts (one ``clusters:<G>`` set per group whose factors are influenced by other
#: factors); "equal" gives each influencing cluster the same weight (SuperDecisions' default when no cluster
#: comparison is made).
CLUSTER_WEIGHTINGS = ("compared", "equal")


@dataclass(frozen=True, slots=True)
class Group:
    """A cluster of factors, e.g. the SWOT group "S" (strengths)."""

    id: str
    label_en: str
    label_fa: str
    description_en: str = ""
    description_fa: str = ""


@dataclass(frozen=True, slots=True)
class Factor:
    """A criterion inside a group, e.g. ``S1`` (membership in Metropolis/UCLG)."""

    id: str
    group: str
    label_en: str
    label_fa: str
    short_en: str = ""
    short_fa: str = ""


@dataclass(frozen=True, slots=True)
class Strategy:
    """A candidate strategy (alternative) to be ranked, e.g. ``P2``.

    ``tows`` optionally places it in a quadrant of the TOWS matrix (Weihrich
    1982): ``SO`` uses strengths to take opportunities, ``WO`` overcomes
    weaknesses by taking opportunities, ``ST`` uses strengths against threats,
    ``WT`` reduces weaknesses and avoids threats.  ``tows_factors`` are the
    factor ids it builds on or answers and ``tows_reason_*`` say why, so a
    planner can disagree with the classification.
    """

    id: str
    label_en: str
    label_fa: str
    short_en: str = ""
    short_fa: str = ""
    tows: str = ""
    tows_factors: tuple[str, ...] = ()
    tows_reason_en: str = ""
    tows_reason_fa: str = ""

    def __post_init__(self) -> None:
        # results.json and YAML give lists; the model keeps tuples (hashable, immutable)
        object.__setattr__(self, "tows_factors", tuple(self.tows_factors))


@dataclass(frozen=True, slots=True)
class Intensity:
    """A named level of the ratings scale (absolute measurement in AHP).

    ``value`` is the level's priority on an ideal scale: the best level is 1.
    """

    id: str
    label_en: str
    label_fa: str
    value: float


def _level(ident: str, value: float) -> Intensity:
    """A built-in rating level, its labels from the catalogue's ``scale.<id>`` entry."""
    label_en, label_fa = bilingual("scale")[ident]
    return Intensity(ident, label_en, label_fa, value)


# Ratings intensities as commonly used in AHP absolute measurement (Saaty 2008,
# "Decision making with the analytic hierarchy process", §ratings): five levels,
# idealised so the top level is 1.  Models may declare their own.
DEFAULT_RATING_SCALE: tuple[Intensity, ...] = (
    _level("very_high", 1.0),
    _level("high", 0.6),
    _level("medium", 0.3),
    _level("low", 0.15),
    _level("very_low", 0.05),
)


# The 1–4 ratings of David's IFE and EFE matrices (David 2011, Strategic
# Management, ch. 3–4), asked when a model sets ``position_ratings``: how well
# the city handles each internal factor now, and how well it responds now to
# each external one.  ``value`` is the rating itself (not an ideal-scale value).
POSITION_SCALE_INTERNAL: tuple[Intensity, ...] = (
    _level("major_weakness", 1.0),
    _level("minor_weakness", 2.0),
    _level("minor_strength", 3.0),
    _level("major_strength", 4.0),
)
POSITION_SCALE_EXTERNAL: tuple[Intensity, ...] = (
    _level("poor", 1.0),
    _level("average", 2.0),
    _level("above_average", 3.0),
    _level("superior", 4.0),
)


@dataclass(frozen=True, slots=True)
class Dependency:
    """``source`` influences ``target``: two groups, or two factors.

    Between groups it is inner dependence among the SWOT groups (Yüksel &
    Dağdeviren 2007): each group's column of the inner dependence matrix
    comes from comparing the group itself and the groups that influence it.
    Between factors it is a link of an ANP network (Saaty 1996): the target
    factor's column of the supermatrix holds, for each group (cluster) with
    factors influencing it, those factors' priorities with respect to the
    target — inner dependence when both factors are in one group, outer
    dependence when they are in two.
    """

    source: str
    target: str


@dataclass(frozen=True, slots=True)
class ComparisonSet:
    """One set of items an expert compares pairwise, answered as one matrix.

    ``id`` is stable and used as a key everywhere (questionnaire sheets,
    response tensors, results): ``groups``, ``factors:S``,
    ``strategies:S1`` (pairwise strategy evaluation), ``dependence:O``.
    ``context`` is the id of what the items are compared with respect to
    (the goal ``goal``, a group id, a factor id or the dependent group).
    """

    id: str
    kind: ComparisonKind
    items: tuple[str, ...]
    context: str

    @property
    def size(self) -> int:
        return len(self.items)

    @property
    def n_pairs(self) -> int:
        n = len(self.items)
        return n * (n - 1) // 2


@dataclass(frozen=True)
class Model:
    """A complete, immutable decision model.

    Build one with :func:`criteria.load_model` (YAML or model workbook) or
    directly; check it with :func:`criteria.validate_model`.
    """

    id: str
    version: str
    title_en: str
    title_fa: str
    goal_en: str
    goal_fa: str
    groups: tuple[Group, ...]
    factors: tuple[Factor, ...]
    strategies: tuple[Strategy, ...]
    description_en: str = ""
    description_fa: str = ""
    evaluation: EvaluationMethod = "ratings"
    #: how the experts weigh the groups (mcda.GROUP_WEIGHTING_METHODS): "direct" compares the groups with
    #: respect to the goal; "kurttila" compares them through each group's most important factor (A'WOT)
    group_weighting: str = "direct"
    rating_scale: tuple[Intensity, ...] = DEFAULT_RATING_SCALE
    dependencies: tuple[Dependency, ...] = ()
    #: factor network only: each strategy feeds back to the factors ("which factors matter more for strategy
    #: P_k"), one ``feedback:<P>:<G>`` comparison per strategy and group
    feedback: bool = False
    #: factor network only: how the clusters influencing a cluster are weighted (:data:`CLUSTER_WEIGHTINGS`)
    cluster_weights: str = "compared"
    #: the questionnaire also asks each expert to rate every factor 1–4 for how
    #: well the city handles or responds to it now (David's IFE / EFE)
    position_ratings: bool = False
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    # ---- look-ups -------------------------------------------------------
    def factors_of(self, group_id: str) -> tuple[Factor, ...]:
        """The factors of one group, in model order."""
        return tuple(f for f in self.factors if f.group == group_id)

    def label(self, item_id: str, lang: str = "en") -> str:
        """The label of any group, factor, strategy or intensity by id."""
        if not self._index:
            for item in (*self.groups, *self.factors, *self.strategies, *self.rating_scale):
                self._index[item.id] = item
        if item_id == "goal":
            return self.goal_fa if lang == "fa" else self.goal_en
        if item_id == STRATEGY_CLUSTER and item_id not in self._index:  # the strategies' cluster of a network
            return _STRATEGY_CLUSTER_LABELS[lang == "fa"]
        item = self._index[item_id]
        return item.label_fa if lang == "fa" else item.label_en

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.factors)

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    @property
    def strategy_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.strategies)

    @property
    def has_tows(self) -> bool:
        """True when at least one strategy carries a TOWS type."""
        return any(s.tows for s in self.strategies)

    def strategies_of_type(self, tows: str) -> tuple[Strategy, ...]:
        """The strategies of one TOWS quadrant (``SO``, ``WO``, ``ST``, ``WT``), in model order."""
        return tuple(s for s in self.strategies if s.tows == tows)

    def is_internal(self, factor_id: str) -> bool:
        """True for a factor of an internal group (S, W): it belongs to the IFE, else to the EFE."""
        return self.factor(factor_id).group in INTERNAL_GROUP_IDS

    def factor(self, factor_id: str) -> Factor:
        for f in self.factors:
            if f.id == factor_id:
                return f
        raise KeyError(f"no factor {factor_id!r}")

    def position_scale(self, factor_id: str) -> tuple[Intensity, ...]:
        """The 1–4 levels offered for one factor's current-position rating (IFE or EFE wording)."""
        return POSITION_SCALE_INTERNAL if self.is_internal(factor_id) else POSITION_SCALE_EXTERNAL

    @property
    def is_network(self) -> bool:
        """True when the model declares ANP dependencies or feedback (SWOT-ANP)."""
        return bool(self.dependencies) or self.feedback

    @property
    def group_dependencies(self) -> tuple[Dependency, ...]:
        """The dependencies between two groups (inner dependence among the SWOT groups)."""
        groups = set(self.group_ids)
        return tuple(d for d in self.dependencies if d.source in groups and d.target in groups)

    @property
    def factor_dependencies(self) -> tuple[Dependency, ...]:
        """The dependencies between two factors (links of the factor network)."""
        factors = set(self.factor_ids)
        return tuple(d for d in self.dependencies if d.source in factors and d.target in factors)

    @property
    def has_factor_network(self) -> bool:
        """True when the analysis builds a supermatrix: factors depend on factors, or strategies feed back."""
        return bool(self.factor_dependencies) or self.feedback

    def influencers_of(self, group_id: str) -> tuple[str, ...]:
        """Groups declared to influence ``group_id`` (model order)."""
        sources = {d.source for d in self.group_dependencies if d.target == group_id}
        return tuple(g for g in self.group_ids if g in sources and g != group_id)

    def factor_influencers(self, factor_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``((group, factors), …)``: the factors influencing ``factor_id``, by group, in model order."""
        sources = {d.source for d in self.factor_dependencies if d.target == factor_id and d.source != factor_id}
        out = []
        for g in self.group_ids:
            ids = tuple(f.id for f in self.factors_of(g) if f.id in sources)
            if ids:
                out.append((g, ids))
        return tuple(out)

    def influencing_clusters(self, group_id: str) -> tuple[str, ...]:
        """The clusters whose nodes influence the factors of ``group_id`` in the factor network.

        The groups holding an influencing factor (model order), then the
        strategies' cluster (:data:`STRATEGY_CLUSTER`: every factor's column
        holds the strategies' scores with respect to it).
        """
        groups = {g for f in self.factors_of(group_id) for g, _ in self.factor_influencers(f.id)}
        return (*(g for g in self.group_ids if g in groups), STRATEGY_CLUSTER)

    # ---- what an expert answers ------------------------------------------
    def comparison_sets(self) -> tuple[ComparisonSet, ...]:
        """Every pairwise comparison set of the model, in questionnaire order.

        1. ``groups``: the groups with respect to the goal (with
           ``group_weighting == "kurttila"``, each group represented by its
           most important factor);
        2. ``factors:<G>``: the factors of each group with at least two;
        3. ``dependence:<G>``: for a network model, group G and the groups
           that influence it, with respect to G (one column of the inner
           dependence matrix), for each G that has influencers;
        4. ``network:<F>:<G>``: for a factor network, the factors of group G
           that influence factor F, with respect to F, when there are two or
           more (a single influencer has weight 1 and needs no question);
        5. ``clusters:<G>``: with ``cluster_weights == "compared"``, the
           clusters influencing the factors of group G (groups holding an
           influencing factor, and the strategies), with respect to G, for
           each G whose factors are influenced by other factors;
        6. ``feedback:<P>:<G>``: with ``feedback``, the factors of group G
           (two or more) with respect to strategy P;
        7. ``strategies:<F>``: the strategies with respect to each factor,
           only when ``evaluation == "pairwise"`` (otherwise strategies are
           rated on :attr:`rating_scale`).
        """
        sets = [ComparisonSet("groups", "groups", self.group_ids, "goal")]
        for g in self.groups:
            ids = tuple(f.id for f in self.factors_of(g.id))
            if len(ids) >= 2:
                sets.append(ComparisonSet(f"factors:{g.id}", "factors", ids, g.id))
        for g in self.groups:
            influencers = self.influencers_of(g.id)
            if influencers:
                sets.append(
                    ComparisonSet(f"dependence:{g.id}", "dependence", (g.id, *influencers), g.id)
                )
        for f in self.factors:
            for g, ids in self.factor_influencers(f.id):
                if len(ids) >= 2:
                    sets.append(ComparisonSet(f"network:{f.id}:{g}", "network", ids, f.id))
        if self.factor_dependencies and self.cluster_weights == "compared":
            for g in self.group_ids:
                clusters = self.influencing_clusters(g)
                if len(clusters) >= 2:
                    sets.append(ComparisonSet(f"clusters:{g}", "clusters", clusters, g))
        if self.feedback:
            for s in self.strategies:
                for g in self.group_ids:
                    ids = tuple(f.id for f in self.factors_of(g))
                    if len(ids) >= 2:
                        sets.append(ComparisonSet(f"feedback:{s.id}:{g}", "feedback", ids, s.id))
        if self.evaluation == "pairwise":
            for f in self.factors:
                sets.append(ComparisonSet(f"strategies:{f.id}", "strategies", self.strategy_ids, f.id))
        return tuple(sets)

    def n_judgments(self) -> int:
        """How many answers a complete questionnaire asks of one expert."""
        pairs = sum(s.n_pairs for s in self.comparison_sets())
        ratings = len(self.strategies) * len(self.factors) if self.evaluation == "ratings" else 0
        return pairs + ratings + self.n_position_ratings

    @property
    def n_position_ratings(self) -> int:
        """How many current-position ratings (IFE / EFE, 1–4) one expert gives: one per factor, or none."""
        return len(self.factors) if self.position_ratings else 0

    # ---- identity ------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain data (lists and dicts), the canonical form saved as YAML."""
        data = asdict(self)
        data.pop("_index", None)
        for strategy in data["strategies"]:
            # an unclassified strategy has no TOWS keys, so models without a
            # TOWS classification keep the content hash they always had
            if not strategy["tows"]:
                for key in _TOWS_KEYS:
                    strategy.pop(key)
            else:
                strategy["tows_factors"] = list(strategy["tows_factors"])
        data["dependencies"] = [asdict(d) for d in self.dependencies]
        if not self.position_ratings:
            # models that do not ask for IFE/EFE ratings keep the content hash they always had
            data.pop("position_ratings")
        if self.group_weighting == "direct":
            # the default is left out, so models that never chose keep the content hash they always had
            data.pop("group_weighting")
        # likewise the factor network's defaults
        if not self.feedback:
            data.pop("feedback")
        if self.cluster_weights == "compared":
            data.pop("cluster_weights")
        return data

    @property
    def content_hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the canonical content.

        Identifies the exact version of a model: a questionnaire carries it,
        and a workbook answered for another version is refused.
        """
        canonical = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
