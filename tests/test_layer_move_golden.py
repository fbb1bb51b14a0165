"""The demo's numbers are the same after the layers moved (issue: one-way layers).

``tests/golden/demo_results_*.json`` were written by the analysis *before* the
pipeline, results, robustness and scenarios moved from ``rahbord/`` into
``analysis/`` and before the syntheses were folded into one.  Every number the
analysis produces now must equal them (to 1e-12; the robustness draws are seeded).
Regenerate only on purpose: ``RAHBORD_WRITE_GOLDEN=1 pytest tests/test_layer_move_golden.py``.

The built-in ANP model has since gained factor-level dependencies (a factor
network, issue 15 item 6); the version the golden numbers were made from, with
inner dependence among the groups only, is kept beside them
(``golden/tehran-city-diplomacy-anp-groups.yaml``), so the group-level path is
still held to them.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

import criteria
import surveys
from analysis import AnalysisOptions, analyze

GOLDEN = Path(__file__).parent / "golden"
VOLATILE = {"created", "software_version"}


# models whose library version has moved on: the version the golden numbers were made from
_FROZEN = {"tehran-city-diplomacy-anp": GOLDEN / "tehran-city-diplomacy-anp-groups.yaml"}


def _numbers(model_name: str, tmp_path: Path) -> dict:
    frozen = _FROZEN.get(model_name)
    model = criteria.load_model(frozen) if frozen else criteria.load_library_model(model_name)
    panel = surveys.synthetic_panel(model, 12, seed=7, out_dir=tmp_path / "responses", lang="fa")
    responses = surveys.read_responses(model, list(panel.paths))
    results = analyze(model, responses, AnalysisOptions(robustness_draws=300))
    # the source files sit in a fresh temporary folder each run: keep their names only
    data = json.loads(json.dumps(results.to_dict()).replace(str(tmp_path / "responses") + "/", ""))
    return {k: v for k, v in data.items() if k not in VOLATILE}


def _compare(got, want, path="results"):
    if isinstance(want, dict):
        assert isinstance(got, dict), path
        assert sorted(got) == sorted(want), f"{path}: keys {sorted(set(got) ^ set(want))} differ"
        for key in want:
            _compare(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: length differs"
        for i, (g, w) in enumerate(zip(got, want)):
            _compare(g, w, f"{path}[{i}]")
    elif isinstance(want, float) and isinstance(got, (int, float)):
        assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12) or (math.isnan(got) and math.isnan(want)), \
            f"{path}: {got!r} != {want!r}"
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.mark.parametrize("model_name", ["tehran-city-diplomacy", "tehran-city-diplomacy-anp"])
def test_demo_numbers_unchanged_by_the_move(model_name, tmp_path):
    got = _numbers(model_name, tmp_path)
    path = GOLDEN / f"demo_results_{model_name}.json"
    if os.environ.get("RAHBORD_WRITE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    _compare(got, json.loads(path.read_text(encoding="utf-8")))
