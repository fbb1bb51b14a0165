"""The results and comparison pages name the strategies, factors and groups (codes only as small tags), in Persian too."""

from __future__ import annotations

import base64
import html
import re

from test_flow import _text
from test_scenarios_web import ALL, _analysed_study, _strategies_on

import criteria
from rahbord.store import Run, StudyScenario
from rahbord.web.blob_io import load_results
from reports.chapters.labels import short_label
from reports.charts import shape_text

MODEL = criteria.load_library_model("tehran-city-diplomacy")


def _svgs(page: str) -> list[str]:
    return [base64.b64decode(uri).decode("utf-8") for uri in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]


def test_persian_results_page_names_every_strategy(planner, client, app, panel_files):
    study_id, run_id = _analysed_study(planner, client, app, panel_files)
    client.get("/lang/fa")
    page = client.get(f"/studies/{study_id}/runs/{run_id}").text
    table = re.search(r'<table class="list numbers" id="ranking-table">.*?</table>', page, re.DOTALL).group(0)
    rows = re.findall(r'<span dir="auto" class="name">([^<]*)</span> <span class="id tag">([^<]*)</span>', table)
    assert sorted(sid for _, sid in rows) == sorted(s.id for s in MODEL.strategies)
    for name, sid in rows:
        assert html.unescape(name) == MODEL.label(sid, "fa")
    # the ranking chart draws each strategy's name (shaped for the SVG), not the bare code
    with app.state.store.session() as session:
        run = session.get(Run, run_id)
        results = load_results(app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
    svgs = _svgs(page)
    for s in MODEL.strategies:
        shaped = html.escape(shape_text(short_label(results, s.id, "fa"), "fa"), quote=False)
        assert any(shaped in svg for svg in svgs), s.id
    # the robustness section: the other methods' table heads and first places are names too
    methods = re.search(r'<table class="list methods" id="methods-table">.*?</table>', page, re.DOTALL).group(0)
    heads = re.findall(r'<th class="num"><span dir="auto" class="name">([^<]*)</span>', methods)
    assert len(heads) == len(MODEL.strategies) and all(re.search("[\u0600-\u06ff]", h) for h in heads)


def test_comparison_present_mode_names_the_first_strategy(planner, client, app, panel_files):
    study_id, run_id = _analysed_study(planner, client, app, panel_files)
    planner.post(f"/studies/{study_id}/scenarios", {"name": "aip", "aggregation": "aip", **_strategies_on(*ALL)},
                 follow_redirects=False)
    with app.state.store.session() as s:
        ids = [str(r.id) for r in s.query(StudyScenario).filter_by(study_id=study_id)]
    started = planner.post(f"/studies/{study_id}/comparisons", {"run_id": str(run_id), "scenario_id": ids},
                           follow_redirects=False)
    app.state.worker.run_pending()
    target = client.get(started.headers["location"] + ".json").json()["target"]
    client.get("/lang/fa")
    present = client.get(target + "?present=1").text
    tops = re.findall(r'نخست: <span dir="auto" class="top-name">([^<]*)</span>', present)
    assert len(tops) == 2
    names = {s.short_fa or s.label_fa for s in MODEL.strategies}
    for top in tops:
        assert any(html.unescape(top).startswith(name) for name in names), top
    text = _text(present)
    assert not re.search(r"نخست: P\d", text)
