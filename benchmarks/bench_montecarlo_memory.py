"""Monte Carlo memory: 1000 experts × 2000 draws over the whole Tehran model (target peak < 1.5 GB).

The run is the analysis' robustness Monte Carlo (judgment steps p = 0.2,
bootstrap, rating levels p = 0.1, AIJ, eigenvector) on a synthetic panel of
1000 experts, in a fresh process whose peak resident memory is read with
``resource.getrusage(RUSAGE_SELF).ru_maxrss``.  Reference measured in the same
run: the same process doing everything but the Monte Carlo (the panel's
judgment stacks, NumPy and the library loaded), so the figure printed beside
it is what the draws themselves add.  Before issue 14 the draws were worked
2000 at a time whatever the panel, and this run peaked at 8.5 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.timing import verdict

EXPERTS = 1000
DRAWS = 2000
TARGET_BYTES = 1.5 * 1024**3

_CHILD = r"""
import json, resource, sys, time
import numpy as np
import criteria, mcda
from analysis.robustness import default_perturbation

experts, draws, run = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "run"
model = criteria.load_library_model("tehran-city-diplomacy")
rng = np.random.default_rng(1)
scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
judgments = {}
for comparison_set in model.comparison_sets():
    set_id, n = comparison_set.id, len(comparison_set.items)
    stack = np.ones((experts, n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = rng.choice(scale, experts)
            stack[:, i, j], stack[:, j, i] = v, 1 / v
    judgments[set_id] = stack
levels = [i.value for i in model.rating_scale]
ratings = rng.choice(levels, (experts, len(model.strategies), len(model.factors)))
groups = np.array([model.group_ids.index(f.group) for f in model.factors])
start = time.perf_counter()
if run:
    mcda.monte_carlo(judgments, groups, group_ids=model.group_ids, ratings=ratings, draws=draws,
                     perturbation=default_perturbation(model), seed=0)
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - start}))
"""


def _child(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(EXPERTS), str(DRAWS), mode], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> None:
    print(f"bench_montecarlo_memory: {EXPERTS} experts × {DRAWS} draws, whole Tehran model, fresh process each")
    base = _child("setup")
    full = _child("run")
    peak = full["maxrss_kb"] * 1024
    print(f"  peak resident memory with the Monte Carlo: {peak / 1024**3:.2f} GB ({full['seconds']:.1f} s) — "
          f"target < {TARGET_BYTES / 1024**3:.1f} GB: {verdict(peak < TARGET_BYTES)}")
    print(f"  the same process without it (panel built, library loaded): {base['maxrss_kb'] / 1024**2:.2f} GB; "
          f"the draws add {(peak - base['maxrss_kb'] * 1024) / 1024**3:.2f} GB")


if __name__ == "__main__":
    run()
