"""Generate rahbord's simulated random-index table: ``python -m benchmarks.generate_random_index``.

Runs :func:`mcda.simulate_random_index` for n = 3…15 with the stored sample
size and seed and prints the dict literal stored as ``_SIMULATED`` in
``mcda/random_index.py``.  Run it again only to change the sample size or
the seed (and paste the new numbers); the stored values are what every CR with
``ri_table="simulated"`` uses.  Takes about a minute on two cores.
"""

from __future__ import annotations

import time

from mcda import RANDOM_INDEX_TABLES, simulate_random_index

SIZES = range(3, 16)


def main() -> dict[int, float]:
    table = RANDOM_INDEX_TABLES["simulated"]
    start = time.perf_counter()
    values = {n: round(simulate_random_index(n, table.sample_size, table.seed), 4) for n in SIZES}
    print(f"# {table.sample_size:,} matrices per n, seed {table.seed}, {time.perf_counter() - start:.1f} s")
    print("_SIMULATED = {" + ", ".join(f"{n}: {ri:.4f}" for n, ri in values.items()) + "}")
    return values


if __name__ == "__main__":
    main()
