"""Ingestion: 300 filled Tehran-model questionnaires read and validated (target < 10 s on 2 cores).

Reference measured in the same run: loading the same workbooks with openpyxl
in read-only mode and touching every value of every sheet — what a naive
reader does before any validation (timed on a sample, scaled to 300).

Writing (issue 11): the 300 experts' blank Persian questionnaires with the
live-consistency formulas, target < 150 ms per expert, timed in CPU time
(the machine is shared); reference in the same run: one workbook built and
saved per expert (``write_questionnaire``, what the panel writer did before
it stamped copies), on a sample.  Also an incomplete design (each expert a
share of the pairs, so each workbook is built on its own, with the live
λmax-optimal completion of every set), on a sample, same target.
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
WRITE_TARGET_MS = 150.0
WRITE_SAMPLE = 10
DESIGN_SAMPLE = 30


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


def _cpu_seconds(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def _writing(folder: Path) -> None:
    from criteria import load_library_model
    from surveys import Expert, write_questionnaire, write_questionnaires
    from surveys.designs import incomplete_design

    model = load_library_model("tehran-city-diplomacy")
    experts = [Expert(f"E{k:03d}", f"کارشناس {k}", role="عضو شورا" if k % 3 else "", weight=1.0 + k % 4)
               for k in range(N_WORKBOOKS)]
    panel = _cpu_seconds(lambda: write_questionnaires(model, experts, folder / "panel", lang="fa"))
    alone = _cpu_seconds(lambda: [write_questionnaire(model, e, folder / "alone" / f"{e.id}.xlsx", lang="fa")
                                  for e in experts[:WRITE_SAMPLE]])
    ms, ms_alone = 1000 * panel / N_WORKBOOKS, 1000 * alone / WRITE_SAMPLE
    print(f"  surveys.write_questionnaires: {N_WORKBOOKS} blank Tehran questionnaires (fa, live consistency) in "
          f"{panel:.1f} s CPU: {ms:.0f} ms per expert — target < {WRITE_TARGET_MS:.0f} ms: "
          f"{verdict(ms < WRITE_TARGET_MS)}")
    print(f"  one workbook built and saved per expert (write_questionnaire, {WRITE_SAMPLE} experts): "
          f"{ms_alone:.0f} ms per expert; ratio {ms_alone / ms:.1f}×")
    design = incomplete_design(model, n_experts=DESIGN_SAMPLE, coverage=3, seed=1)
    shares = _cpu_seconds(lambda: write_questionnaires(model, experts[:DESIGN_SAMPLE], folder / "design", lang="fa",
                                                       design=design))
    ms_design = 1000 * shares / DESIGN_SAMPLE
    print(f"  incomplete design (coverage 3, {DESIGN_SAMPLE} experts, each workbook built): {ms_design:.0f} ms per "
          f"expert — target < {WRITE_TARGET_MS:.0f} ms: {verdict(ms_design < WRITE_TARGET_MS)}; "
          f"{ms_design / ms_alone:.2f}× a complete workbook built alone")


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
        _writing(Path(tmp))
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
