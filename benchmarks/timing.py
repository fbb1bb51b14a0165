"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best wall-clock time of ``repeat`` calls, in seconds.

    The minimum is the least noisy estimate on a shared machine: noise only
    ever adds time.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"
