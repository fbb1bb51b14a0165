"""`rahbord analyze --fuzzy buckley` as a user runs it: results.json, the workbook and both reports carry the fuzzy
AHP beside the crisp result, with numbers recomputed here from the questionnaires by an independent route."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import criteria
import surveys
from reports.formatting import format_number

pytestmark = pytest.mark.slow

#: the usual table, written out: Saaty's label → (l, m, u)
TABLE = {1: (1, 1, 1), 2: (1, 2, 3), 3: (2, 3, 4), 4: (3, 4, 5), 5: (4, 5, 6), 6: (5, 6, 7), 7: (6, 7, 8), 8: (7, 8, 9),
         9: (8, 9, 9)}


def _tfn(x: float) -> tuple[float, float, float]:
    k = round(x) if x >= 1 else round(1 / x)
    assert math.isclose(x if x >= 1 else 1 / x, k), x  # the panel answers on the labels
    l, m, u = TABLE[k]
    return (l, m, u) if x >= 1 else (1 / u, 1 / m, 1 / l)


def _buckley(stack: np.ndarray, expert_weights: np.ndarray) -> np.ndarray:
    """Defuzzified, normalised Buckley weights of the panel, one loop at a time (no mcda)."""
    K, n, _ = stack.shape
    agg = [[[math.prod(_tfn(stack[k, i, j])[c] ** expert_weights[k] for k in range(K)) for c in range(3)]
            for j in range(n)] for i in range(n)]
    r = [[math.prod(agg[i][j][c] for j in range(n)) ** (1 / n) for c in range(3)] for i in range(n)]
    total = [sum(r[i][c] for i in range(n)) for c in range(3)]
    w = [(r[i][0] / total[2], r[i][1] / total[1], r[i][2] / total[0]) for i in range(n)]
    crisp = np.array([sum(t) / 3 for t in w])
    return crisp / crisp.sum()


def _rahbord(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rahbord", *args], capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "250"})


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzzy")
    model = criteria.load_library_model("generic-swot")
    assert (model.evaluation, model.group_weighting) == ("ratings", "direct")  # what the recomputation below assumes
    panel = surveys.synthetic_panel(model, 4, seed=21, out_dir=tmp / "answers", lang="en")
    outputs = {}
    for lang in ("en", "fa"):
        out = tmp / lang
        done = _rahbord("analyze", "generic-swot", *map(str, panel.paths), "--out", str(out), "--lang", lang,
                        "--draws", "0", "--fuzzy", "buckley")
        assert done.returncode == 0, done.stdout + done.stderr
        outputs[lang] = (out, done.stdout)
    responses = surveys.read_responses(model, list(panel.paths))
    return model, responses, outputs


def _expected(model, responses, data):
    w = np.array([e.weight for e in responses.experts], float)
    w /= w.sum()
    weights = {cs.id: _buckley(np.asarray(responses.judgments[cs.id], float), w) for cs in model.comparison_sets()}
    groups = weights["groups"]
    global_weights = np.array([groups[model.group_ids.index(f.group)] * weights[f"factors:{f.group}"][
        [x.id for x in model.factors if x.group == f.group].index(f.id)] for f in model.factors])
    local_scores = np.array(data["strategy_local_scores"], float)  # the panel's ratings (raw synthesis)
    scores = local_scores @ global_weights
    ranks = (-scores).argsort().argsort() + 1
    return global_weights, scores, ranks


def test_results_json_carries_the_fuzzy_analysis_beside_the_crisp_one(run):
    model, responses, outputs = run
    out, stdout = outputs["en"]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["options"]["fuzzy"] == "buckley"
    global_weights, scores, ranks = _expected(model, responses, data)
    fuzzy = data["fuzzy"]
    np.testing.assert_allclose(fuzzy["global_factor_weights"], global_weights, rtol=1e-10)
    np.testing.assert_allclose(fuzzy["strategy_scores"], scores, rtol=1e-10)
    assert fuzzy["ranks"] == ranks.tolist()
    # the crisp result is still there, and differs from the fuzzy one (it is not a copy)
    assert len(data["global_factor_weights"]) == len(global_weights)
    assert not np.allclose(data["global_factor_weights"], global_weights, rtol=1e-6)
    assert "Fuzzy AHP (Buckley's fuzzy geometric mean, centroid)" in stdout


def test_the_workbook_has_a_fuzzy_sheet_with_those_numbers(run):
    model, responses, outputs = run
    out, _ = outputs["en"]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    global_weights, scores, ranks = _expected(model, responses, data)
    wb = openpyxl.load_workbook(out / "results.xlsx")
    assert wb.sheetnames[-1] == "Fuzzy AHP"
    rows = list(wb["Fuzzy AHP"].iter_rows(values_only=True))
    assert rows[0][-2:] == ("crisp global weight", "fuzzy global weight")
    by_factor = {row[0]: row for row in rows[1:1 + len(model.factors)]}
    for k, f in enumerate(model.factors):
        assert by_factor[f.id][-1] == pytest.approx(global_weights[k], rel=1e-10)
        assert by_factor[f.id][-2] == pytest.approx(data["global_factor_weights"][k], rel=1e-12)
    start = [r[0] for r in rows].index("strategy") + 1
    by_strategy = {row[0]: row for row in rows[start:start + len(model.strategies)]}
    for k, s in enumerate(model.strategies):
        assert by_strategy[s.id][4] == pytest.approx(scores[k], rel=1e-10) and by_strategy[s.id][5] == ranks[k]
    summary = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True)}
    assert summary["Fuzzy AHP beside the crisp result"] == "Buckley's fuzzy geometric mean, centroid"


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_both_reports_compare_crisp_and_fuzzy_weights_and_ranks(run):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    model, responses, outputs = run
    out, _ = outputs["en"]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    global_weights, scores, _ = _expected(model, responses, data)
    text = _pdftotext(out / "report.pdf")
    assert "Fuzzy AHP (Buckley's method)" in text and "Wang, Luo & Hua 2008" in text
    for value in (*global_weights[:3], *scores):
        assert format_number(value, "en", 3) in text
    # Persian: the section in Persian words and Persian digits, no Latin letter in its text
    fa_out, _ = outputs["fa"]
    html = (fa_out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="fuzzy"'):]
    section = section[section.index(">") + 1:section.index("</section>")]
    assert "تحلیل سلسله‌مراتبی فازی (روش باکلی)" in section
    assert format_number(scores[0], "fa", 3) in section
    words = re.sub(r"<[^>]+>", " ", re.sub(r'<bdi>[^<]*</bdi>|<td class="id"[^>]*>[^<]*</td>', " ", section))  # ids are tags, the rest Persian
    assert not re.search(r"[A-Za-z0-9]", words), re.findall(r"[A-Za-z0-9]+", words)[:10]
    fa_text = unicodedata.normalize("NFKC", _pdftotext(fa_out / "report.pdf")).replace("\u200c", "")
    assert "باکلی" in fa_text and "فازی" in fa_text
