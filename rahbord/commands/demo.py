"""``rahbord demo``: the whole Tehran city-diplomacy example in one command."""

from __future__ import annotations

from pathlib import Path

import typer

from .analyze import DEFAULT_DRAWS, Lang, build_outputs
from .common import console, report_errors

__all__ = ["run", "DEMO_MODEL"]

DEMO_MODEL = "tehran-city-diplomacy"


def run(
    out: Path = typer.Option(Path("demo-output"), "--out", "-o", help="Folder for everything the demo writes."),
    experts: int = typer.Option(12, "--experts", "-n", min=2, max=300, help="Size of the synthetic expert panel."),
    lang: Lang = typer.Option(Lang.fa, "--lang", help="Language of the main report (the other one is written too)."),
    seed: int = typer.Option(7, "--seed", help="Random seed of the synthetic panel (same seed, same answers)."),
    draws: int = typer.Option(
        DEFAULT_DRAWS, "--draws", min=0,
        help="Monte Carlo draws of the robustness check (seed 0); 0 leaves the robustness section out.",
    ),
    model_name: str = typer.Option(
        DEMO_MODEL, "--model", "-m",
        help="Built-in model to run, e.g. tehran-city-diplomacy-anp (the SWOT-ANP version with its factor network).",
    ),
) -> None:
    """Run the built-in Tehran example end to end: model → questionnaires → panel → analysis → reports.

    Writes questionnaires/ (blank workbooks), responses/ (a synthetic panel's
    filled workbooks), results.json, results.xlsx, report.pdf / .html / .docx in
    --lang and report-<other>.pdf / .html / .docx in the other language.

    Example:

        rahbord demo --out demo-output --experts 12 --lang fa
        rahbord demo --model tehran-city-diplomacy-anp --out demo-anp
    """
    import criteria
    import surveys
    from analysis.pipeline import AnalysisOptions

    other = "en" if lang.value == "fa" else "fa"
    if model_name not in criteria.library_models():
        raise typer.BadParameter(f"{model_name!r} is not a built-in model; choose one of "
                                 + ", ".join(criteria.library_models()), param_hint="--model")
    with report_errors():
        model = criteria.load_library_model(model_name)
        out.mkdir(parents=True, exist_ok=True)
        panel = surveys.synthetic_panel(model, experts, seed=seed, out_dir=out / "responses", lang=lang.value)
        surveys.write_questionnaires(model, panel.experts, out / "questionnaires", lang=lang.value)
        results, paths = build_outputs(
            model_name, list(panel.paths), out, AnalysisOptions(robustness_draws=draws), langs=(lang.value, other), model=model
        )

    console.print(f"[bold]{model.title_en}[/] — {experts} synthetic experts (seed {seed})")
    console.print("Top strategies:")
    labels = {s.id: (s.short_en or s.label_en) for s in model.strategies}
    for rank, (sid, score) in enumerate(results.ranking()[:3], start=1):
        console.print(f"  {rank}. {labels[sid]} [dim]({sid})[/]  {score:.3f}")
    mc = results.robustness.monte_carlo if results.robustness is not None else None
    if mc is not None:
        order = sorted(range(len(mc.strategy_ids)), key=lambda a: -mc.p_first[a])[:3]
        shares = ", ".join(f"{labels[mc.strategy_ids[a]]} {mc.p_first[a]:.0%}" for a in order)
        console.print(f"Ranked first in {mc.draws:,} Monte Carlo draws: {shares}")
    console.print("Written:")
    console.print(f"  questionnaires  {out / 'questionnaires'}")
    console.print(f"  responses       {out / 'responses'}")
    for kind, path in paths.items():
        console.print(f"  {kind:<15} {path}")
