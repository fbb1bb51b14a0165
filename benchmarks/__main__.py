"""Run every benchmark and print its ratios: ``python -m benchmarks [name…]``."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ["bench_priorities", "bench_anp", "bench_limit", "bench_sensitivity", "bench_ingestion", "bench_report", "bench_tree",
              "bench_uploads", "bench_montecarlo_memory", "bench_reliability", "bench_workshop"]


def main(argv: list[str]) -> int:
    chosen = [name for name in BENCHMARKS if not argv or any(a in name for a in argv)]
    for name in chosen:
        module = importlib.import_module(f"benchmarks.{name}")
        module.run()
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
