"""Synthetic expert panels for demos, tests and benchmarks.

A latent "true" weighting is drawn (or given) for every comparison set and a
true rating level for every strategy × factor.  Each expert reports the true
ratio ``w_i / w_j`` multiplied by log-normal noise ``exp(N(0, noise²))`` and
rounded to the nearest value of Saaty's scale (in log space) — the usual
perturbation model for simulated AHP judgments (e.g. Dong, Xu, Li & Dai
2010; Escobar & Moreno-Jiménez 2007).  A share of experts answer at random
(inconsistent experts), and a share of answers can be left empty; the
answers removed never disconnect an expert's comparison graph.

With ``out_dir`` the questionnaires are written *filled*: the answer cells
receive exactly what a person would put there — a pick from the dropdowns,
a typed number, a Persian-digit or fraction text, a verbal label — varying
from expert to expert, so :func:`surveys.read_responses` reading them back is
an end-to-end test of the writer, the reader and the parser.

>>> from criteria import load_library_model
>>> panel = synthetic_panel(load_library_model("tehran-city-diplomacy"), 5, seed=1)
>>> panel.responses.judgments["groups"].shape
(5, 4, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from criteria.catalogue import texts

from .designs import Design, complete_design
from .questionnaire import TEXT, build_workbook, digits, how_options, questionnaire_filename
from .responses import Expert, Responses

__all__ = ["LatentTruth", "SyntheticPanel", "synthetic_panel", "draw_truth"]

#: the synthetic experts' roles and names per language (the catalogue's ``panel.*`` entries)
_PANEL_TEXT = texts("panel")
_ROLES_EN, _ROLES_FA = _PANEL_TEXT["en"]["roles"], _PANEL_TEXT["fa"]["roles"]


@dataclass(frozen=True)
class LatentTruth:
    """The weighting the panel is simulated around.

    ``weights``: ``{set_id: (n,) priorities summing to 1}``;
    ``rating_levels``: ``(n_strategies, n_factors)`` index into the model's
    rating scale (0 = best level) or ``None`` for pairwise models.
    """

    weights: dict[str, np.ndarray]
    rating_levels: np.ndarray | None = None
    #: ``(n_factors,)`` true current-position rating 1–4 of each factor (IFE / EFE), or ``None``
    position: np.ndarray | None = None

    def rating_values(self, model) -> np.ndarray | None:
        if self.rating_levels is None:
            return None
        values = np.array([level.value for level in model.rating_scale])
        return values[self.rating_levels]


@dataclass(frozen=True)
class SyntheticPanel:
    """What :func:`synthetic_panel` returns."""

    experts: tuple[Expert, ...]
    truth: LatentTruth
    responses: Responses
    paths: tuple[Path, ...]
    design: Design
    inconsistent: tuple[str, ...]  # ids of the experts who answered at random

    def __repr__(self) -> str:
        return (f"SyntheticPanel(experts={len(self.experts)}, inconsistent={len(self.inconsistent)}, "
                f"files={len(self.paths)})")


def draw_truth(model, seed=None, spread: float = 0.7) -> LatentTruth:
    """A random latent weighting: log-weights ``N(0, spread²)`` per set, uniform rating levels."""
    rng = np.random.default_rng(seed)
    weights = {}
    for s in model.comparison_sets():
        w = np.exp(rng.normal(0.0, spread, s.size))
        weights[s.id] = w / w.sum()
    levels = None
    if model.evaluation == "ratings":
        levels = rng.integers(0, len(model.rating_scale), (len(model.strategies), len(model.factors)))
    return LatentTruth(weights, levels)


def synthetic_panel(model, n_experts: int, seed=0, noise: float = 0.3, inconsistent_share: float = 0.1,
                    missing_share: float = 0.0, out_dir=None, lang: str = "fa", truth: LatentTruth | None = None,
                    design: Design | None = None) -> SyntheticPanel:
    """Simulate ``n_experts`` answering ``model``'s questionnaire.

    Parameters
    ----------
    noise
        Standard deviation of the log-normal judgment noise (0 = every expert
        reports the rounded truth).
    inconsistent_share
        Share of experts (rounded) who answer each pair at random on the scale.
    missing_share
        Probability that an answer is left empty (never one that would cut an
        item off the comparison graph).
    out_dir
        When given, the filled workbooks are written there (language ``lang``).
    truth, design
        A given latent weighting (else drawn) and questionnaire design (else complete).
    """
    from mcda.scale import SAATY_VALUES, nearest_scale_value

    if n_experts < 1:
        raise ValueError(f"`n_experts` must be at least 1 (got {n_experts})")
    rng = np.random.default_rng(seed)
    truth = truth or draw_truth(model, rng)
    design = design or complete_design(model)
    sets = model.comparison_sets()
    n_bad = int(round(inconsistent_share * n_experts))
    bad = set(rng.choice(n_experts, size=n_bad, replace=False).tolist()) if n_bad else set()

    experts = []
    for k in range(n_experts):
        number = k + 1
        name = _PANEL_TEXT["fa" if lang == "fa" else "en"]["expert_name"].format(number=digits(number, lang))
        roles = _ROLES_FA if lang == "fa" else _ROLES_EN
        experts.append(Expert(id=f"E{number:03d}", name=name, role=roles[k % len(roles)],
                              email=f"e{number:03d}@example.org", weight=1.0, lang=lang))

    judgments = {s.id: np.full((n_experts, s.size, s.size), np.nan) for s in sets}
    for stack in judgments.values():
        d = np.arange(stack.shape[1])
        stack[:, d, d] = 1.0
    levels = truth.rating_levels
    n_levels = len(model.rating_scale)
    ratings = None
    if model.evaluation == "ratings":
        ratings = np.full((n_experts, len(model.strategies), len(model.factors)), np.nan)
    rating_levels = np.full(ratings.shape, -1, dtype=int) if ratings is not None else None
    level_values = np.array([level.value for level in model.rating_scale])

    for k in range(n_experts):
        assignment = design.for_expert(k)
        for s in sets:
            pairs = list(assignment.pairs_of(s))
            keep = _keep_connected(s.size, pairs, missing_share, rng)
            w = truth.weights[s.id]
            for i, j in keep:
                if k in bad:
                    a = float(rng.choice(SAATY_VALUES))
                else:
                    a = float(nearest_scale_value(w[i] / w[j] * np.exp(rng.normal(0.0, noise))))
                judgments[s.id][k, i, j] = a
                judgments[s.id][k, j, i] = 1.0 / a
        if ratings is not None:
            shift = np.rint(rng.normal(0.0, 2 * noise, levels.shape)).astype(int)
            chosen = np.clip(levels + shift, 0, n_levels - 1)
            if k in bad:
                chosen = rng.integers(0, n_levels, levels.shape)
            answered = rng.random(levels.shape) >= missing_share
            rating_levels[k] = np.where(answered, chosen, -1)
            ratings[k] = np.where(answered, level_values[chosen], np.nan)

    position = None
    if model.position_ratings:
        # a generator of its own: the judgments and ratings drawn above stay those of the same seed
        prng = _position_rng(seed)
        if truth.position is None:
            truth = LatentTruth(truth.weights, truth.rating_levels, _true_position(model, prng))
        position = _position_answers(truth.position, n_experts, noise, bad, missing_share, prng)
    responses = Responses(model_id=model.id, model_hash=model.content_hash, experts=tuple(experts),
                          judgments=judgments, ratings=ratings, position=position)
    paths: list[Path] = []
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for k, expert in enumerate(experts):
            answers = _answers_as_typed(model, sets, judgments, rating_levels, k, lang, rng)
            if position is not None:
                answers.update(_position_as_typed(model, position[k], k, lang))
            wb = build_workbook(model, expert, lang, design.for_expert(k), answers=answers)
            path = out / questionnaire_filename(expert, lang)
            wb.save(path)
            paths.append(path)
    experts_out = tuple(Expert(**{**_as_dict(e), "source_file": str(p)}) for e, p in
                        zip(experts, paths)) if paths else tuple(experts)
    if paths:
        responses = Responses(model_id=model.id, model_hash=model.content_hash, experts=experts_out,
                              judgments=judgments, ratings=ratings, position=position)
    return SyntheticPanel(experts=experts_out, truth=truth, responses=responses, paths=tuple(paths),
                          design=design, inconsistent=tuple(experts[k].id for k in sorted(bad)))


def _position_rng(seed) -> np.random.Generator:
    """The current-position ratings' own generator, derived from the panel's seed (an int, None or a Generator)."""
    if isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed.bit_generator.seed_seq.spawn(1)[0])
    if seed is None:
        return np.random.default_rng()
    return np.random.default_rng([int(seed), 0x1FE])  # 0x1FE: "IFE/EFE", any fixed tag would do


def _true_position(model, rng) -> np.ndarray:
    """A true 1–4 rating per factor: strengths and opportunities lean to 3, weaknesses and threats to 2."""
    lean = np.array([3.0 if f.group in ("S", "O") else 2.0 for f in model.factors])
    return np.clip(np.rint(lean + rng.normal(0.0, 0.8, lean.shape)), 1, 4)


def _position_answers(truth, n_experts: int, noise: float, bad, missing_share: float, rng) -> np.ndarray:
    """(experts, factors) ratings: the truth moved by a rounded N(0, (2·noise)²), random for inconsistent experts."""
    out = np.empty((n_experts, truth.size))
    for k in range(n_experts):
        if k in bad:
            out[k] = rng.integers(1, 5, truth.size)
        else:
            out[k] = np.clip(truth + np.rint(rng.normal(0.0, 2 * noise, truth.size)), 1, 4)
        out[k, rng.random(truth.size) < missing_share] = np.nan
    return out


def _position_as_typed(model, ratings, k: int, lang: str) -> dict:
    """The position cells as expert ``k`` fills them: the dropdown entry, a typed number, a digit or the label."""
    from .questionnaire import position_options

    style = k % 4
    answers = {}
    for f, value in zip(model.factors, ratings):
        if np.isnan(value):
            continue
        level = int(value)
        internal = model.is_internal(f.id)
        if style == 0:
            answers[("position", f.id)] = position_options(model, lang, internal)[level - 1]
        elif style == 1:
            answers[("position", f.id)] = level
        elif style == 2:
            answers[("position", f.id)] = digits(level, lang)
        else:
            scale = model.position_scale(f.id)[level - 1]
            answers[("position", f.id)] = scale.label_fa if lang == "fa" else scale.label_en
    return answers


def _as_dict(expert: Expert) -> dict:
    return {f: getattr(expert, f) for f in Expert.__slots__}


def _keep_connected(n: int, pairs: list[tuple[int, int]], missing_share: float, rng) -> list[tuple[int, int]]:
    """Drop each pair with probability ``missing_share`` except a random spanning tree."""
    if missing_share <= 0 or len(pairs) <= n - 1:
        return pairs
    order = [pairs[k] for k in rng.permutation(len(pairs))]
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    tree = set()
    for i, j in order:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[ri] = rj
            tree.add((i, j))
    return [p for p in pairs if p in tree or rng.random() >= missing_share]


def _answers_as_typed(model, sets, judgments, rating_levels, k: int, lang: str, rng) -> dict:
    """The answer cells as this expert fills them; the writing style varies by expert.

    style 0: both dropdowns; 1: dropdown direction + typed integer; 2: Persian
    digits typed (the reader refuses a fraction, which says the opposite of
    the side chosen); 3: verbal labels typed in English.
    """
    from mcda.scale import VERBAL_LABELS

    style = k % 4
    side_a, side_b, side_eq = TEXT[lang]["side"]
    hows = how_options(lang)
    answers: dict = {}
    for s in sets:
        A = judgments[s.id][k]
        for i in range(s.size):
            for j in range(i + 1, s.size):
                a = A[i, j]
                if np.isnan(a):
                    continue
                key = ("pair", s.id, s.items[i], s.items[j])
                if a == 1.0:
                    answers[key] = (side_eq, None) if style != 1 else (None, 1)
                    continue
                v = int(round(a if a > 1 else 1.0 / a))
                forward = a > 1
                if style == 0:
                    answers[key] = (side_a if forward else side_b, hows[v - 1])
                elif style == 1:
                    answers[key] = (side_a if forward else side_b, v)
                elif style == 2:
                    answers[key] = (side_a if forward else side_b, digits(v, "fa"))
                else:
                    answers[key] = (side_a if forward else side_b, VERBAL_LABELS[v][0])
    if rating_levels is not None:
        scale = model.rating_scale
        for si, strategy in enumerate(model.strategy_ids):
            for fi, factor in enumerate(model.factor_ids):
                level = rating_levels[k, si, fi]
                if level < 0:
                    continue
                intensity = scale[level]
                if style == 3:
                    text = intensity.id
                else:
                    text = intensity.label_fa if lang == "fa" else intensity.label_en
                answers[("rating", strategy, factor)] = text
    return answers
