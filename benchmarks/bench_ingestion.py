"""Ingestion: 300 filled Tehran-model questionnaires read and validated (target < 10 s on 2 cores).

Reference measured in the same run: loading the same workbooks with openpyxl
in read-only mode and touching every value of every sheet — what a naive
reader does before any validation (timed on a sample, scaled to 300).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from benchmarks.timing import best_of, verdict

N_WORKBOOKS = 300
SAMPLE = 30
TARGET_SECONDS = 10.0


def _workbooks(folder: Path):
    from criteria import load_library_model
    from surveys import synthetic_panel

    model = load_library_model("tehran-city-diplomacy")
    start = time.perf_counter()
    panel = synthetic_panel(model, N_WORKBOOKS, seed=1, missing_share=0.05, inconsistent_share=0.1,
                            out_dir=folder, lang="fa")
    print(f"  wrote {N_WORKBOOKS} filled workbooks in {time.perf_counter() - start:.1f} s "
          f"({sum(p.stat().st_size for p in panel.paths) / 1e6:.1f} MB)")
    return model, panel


def _openpyxl_reference(paths) -> None:
    import openpyxl

    for path in paths:
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()


def run() -> None:
    from surveys import read_responses

    print(f"bench_ingestion: {N_WORKBOOKS} filled Tehran questionnaires, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        model, panel = _workbooks(Path(tmp))
        paths = list(panel.paths)
        ours = best_of(lambda: read_responses(model, paths), repeat=3)
        responses = read_responses(model, paths)
        assert responses.n_experts == N_WORKBOOKS
        sample = best_of(lambda: _openpyxl_reference(paths[:SAMPLE]), repeat=1) * (N_WORKBOOKS / SAMPLE)
    print(f"  surveys.read_responses (checks + isolated calamine + validation): {ours:.2f} s "
          f"({N_WORKBOOKS / ours:.0f} workbooks/s) — target < {TARGET_SECONDS:.0f} s: {verdict(ours < TARGET_SECONDS)}")
    print(f"  openpyxl read-only, values only, no validation (scaled from {SAMPLE}): {sample:.2f} s")
    print(f"  ratio openpyxl / ours: {sample / ours:.1f}×")


if __name__ == "__main__":
    run()
