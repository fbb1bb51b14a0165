"""The what-if sliders compose (issue 12): group weights and factors' weights within their groups, in a real browser.

On the results page of an analysed Tehran study (four SWOT groups of several
factors, seven strategies) a planner moves a group's slider, then a factor's
slider: the group slider keeps its value, the factor's weight within its group
moves the other factors of that group in proportion, and the ranking shown is
the one :func:`mcda.synthesize` gives for those weights, computed here on its
own.  The marks on a track are where the leading strategy changes for the
weights set now: the slider put just before and just after a mark shows the
leaders the synthesis gives there.  The reset button brings back the panel's
weights.  English and Persian pages, desktop and phone; screenshots go to the
test's temp folder (and to ``$RAHBORD_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import numpy as np
import pytest
from webhelpers import Visitor, app_in_thread, chromium_browser, screenshot_folder

import mcda
from mcda.digits import ascii_digits
from rahbord.store import Run
from rahbord.web.blob_io import load_results

CHROMIUM = Path(os.environ.get("RAHBORD_CHROMIUM", "/usr/bin/chromium"))
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (scripts/setup.sh installs chromium)"),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, panel_files):
    """A served app with the Tehran study analysed from five experts: (base URL, run path, cookies, results)."""
    with app_in_thread(tmp_path_factory.mktemp("whatif-data"), secret_key="whatif-sliders-test") as (base, app):
        planner = Visitor()
        planner.sign_up(base, "sliders@example.org")
        made = planner.post(base, "/studies/library", {"name": "tehran-city-diplomacy", "title": "Sliders"})
        study = made.headers["location"]
        for k in range(len(panel_files)):
            added = planner.post(base, study + "/experts", {"name": f"Expert {k + 1}", "weight": "1", "lang": "fa"},
                                 token_from=study)
            assert added.status_code == 303, added.text[:300]
        uploaded = planner.post(base, study + "/responses", token_from=study,
                                files=[("files", (name, data, XLSX)) for name, data in panel_files])
        assert uploaded.status_code in (200, 303), uploaded.text[:300]
        job = planner.post(base, study + "/analyze", token_from=study).headers["location"]
        deadline = time.time() + 300
        while (state := planner.client.get(base + job + ".json").json())["status"] not in ("done", "failed"):
            assert time.time() < deadline, state
            time.sleep(0.5)
        assert state["status"] == "done", state
        run_path = state["target"]
        with app.state.store.session() as session:
            run = session.get(Run, int(run_path.rsplit("/", 1)[1]))
            results = load_results(app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
        cookies = [{"name": c.name, "value": c.value, "url": base} for c in planner.client.cookies.jar]
        yield base, run_path, cookies, results
        planner.close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser(CHROMIUM) as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    with screenshot_folder(tmp_path_factory, "whatif-screenshots") as folder:
        yield folder


def _moved(w: np.ndarray, k: int, t: float) -> np.ndarray:
    """Weight ``k`` set to ``t``, the others rescaled in proportion."""
    out = w * (1 - t) / (1 - w[k])
    out[k] = t
    return out


class Synthesis:
    """The ranking for given group and within-group weights, from :func:`mcda.synthesize` (not the page's script)."""

    def __init__(self, results):
        self.results = results
        self.groups = np.array([results.group_ids.index(f["group"]) for f in results.model["factors"]])
        self.x = results.robustness.factor_sweep.at_one.T  # strategies × factors, as the sweeps hold them

    def scores(self, w: np.ndarray, local: np.ndarray) -> np.ndarray:
        r = self.results
        return mcda.synthesize(w, local, self.x, self.groups, "raw", inner_dependence=r.inner_dependence).strategy_scores

    def within(self, local: np.ndarray, f: int, t: float) -> np.ndarray:
        """Factor ``f``'s weight within its group set to ``t``, the group's other factors in proportion."""
        members = np.flatnonzero(self.groups == self.groups[f])
        out = local.copy()
        out[members] = _moved(local[members], int(np.flatnonzero(members == f)[0]), t)
        return out


def _shown(page) -> list[tuple[str, float]]:
    names = page.eval_on_selector_all("#whatif-ranking .name", "ns => ns.map(n => n.textContent)")
    numbers = page.eval_on_selector_all("#whatif-ranking .num", "ns => ns.map(n => n.textContent)")
    return list(zip(names, [float(ascii_digits(n)) for n in numbers]))


def _expect_ranking(page, results, scores: np.ndarray, lang: str) -> None:
    order = np.argsort(-scores, kind="stable")
    shown = _shown(page)
    assert [name for name, _ in shown] == [results.model_obj.label(results.strategy_ids[a], lang) for a in order]
    assert [value for _, value in shown] == pytest.approx(scores[order], abs=5e-4)
    assert page.inner_text("#whatif-top") == results.model_obj.label(results.strategy_ids[order[0]], lang)


def _value(page, selector: str) -> float:
    return float(page.input_value(selector))


def _marks(page, selector: str) -> list[float]:
    return [float(x) for x in page.eval_on_selector_all(selector + " line.cross", "ls => ls.map(l => l.dataset.at)")]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_group_and_factor_sliders_compose(analysed, browser, shots, lang):
    base, run_path, cookies, results = analysed
    synthesis = Synthesis(results)
    label = results.model_obj.label
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR" if lang == "fa" else "en-US")
    context.add_cookies(cookies)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + f"/lang/{lang}?next={run_path}")
    page.goto(base + run_path)
    page.wait_for_selector("#whatif[data-ready='1']")
    w0, l0 = np.asarray(results.group_weights, float), np.asarray(results.local_factor_weights, float)
    np.testing.assert_allclose(synthesis.scores(w0, l0), results.strategy_scores, atol=1e-12)  # the test's own check
    _expect_ranking(page, results, results.strategy_scores, lang)

    # a group slider: weaknesses to 0.4, the other groups in proportion
    page.fill("#whatif-group-1", "0.400")
    w = _moved(w0, 1, 0.4)
    _expect_ranking(page, results, synthesis.scores(w, l0), lang)
    # then a factor within strengths (S2 of S1…S5): 0.6 of its group, the other strengths in proportion
    f = results.factor_ids.index("S2")
    page.select_option("#whatif-factor-pick", value=str(f))
    assert _value(page, "#whatif-factor") == pytest.approx(l0[f], abs=5e-4)  # its weight within its group, unmoved
    page.fill("#whatif-factor", "0.600")
    local = synthesis.within(l0, f, 0.6)
    assert _value(page, "#whatif-group-1") == pytest.approx(0.4)  # the group slider kept its place
    for k in range(len(w)):
        assert _value(page, f"#whatif-group-{k}") == pytest.approx(w[k], abs=5e-4)
    _expect_ranking(page, results, synthesis.scores(w, local), lang)
    shown_global = page.inner_text("#whatif-factor-global")
    assert float(ascii_digits(shown_global)) == pytest.approx(w[0] * 0.6, abs=5e-4)
    page.screenshot(path=str(shots / f"sliders-composed-{lang}-desktop.png"), full_page=False,
                    clip=_box(page, "#whatif"))
    # moving a group again keeps the factor's weight within its group
    page.fill("#whatif-group-2", "0.150")
    w = _moved(w, 2, 0.15)
    assert _value(page, "#whatif-factor") == pytest.approx(0.6)
    _expect_ranking(page, results, synthesis.scores(w, local), lang)
    # another factor of the same group shows its rescaled weight within the group, and picking it moves nothing
    other = results.factor_ids.index("S1")
    page.select_option("#whatif-factor-pick", value=str(other))
    assert _value(page, "#whatif-factor") == pytest.approx(local[other], abs=5e-4)
    _expect_ranking(page, results, synthesis.scores(w, local), lang)

    # the marks are where the leader changes for the weights set now: just before and after each, the synthesis'
    # leader; every group's track is checked, and the factor's
    checked = 0
    for k in range(len(w)):
        for at in _marks(page, f"#whatif-group-{k} ~ svg"):
            before, after = (synthesis.scores(_moved(w, k, at + d), local) for d in (-1e-6, 1e-6))
            assert np.argmax(before) != np.argmax(after), (k, at)
            checked += 1
    for at in _marks(page, "#whatif-factor-track"):
        before, after = (synthesis.scores(w, synthesis.within(local, other, at + d)) for d in (-1e-6, 1e-6))
        assert np.argmax(before) != np.argmax(after), ("S1", at)
        checked += 1
    assert checked, "no slider has a crossing point for these weights"
    # and the page's leader flips there too (the first group mark found, approached from both sides on the track)
    k, at = next((k, at) for k in range(len(w)) for at in _marks(page, f"#whatif-group-{k} ~ svg")
                 if 0.002 < at < 0.998)
    for t in (np.floor(at * 1000) / 1000, np.ceil(at * 1000) / 1000):
        page.fill(f"#whatif-group-{k}", f"{t:.3f}")
        expected = synthesis.scores(_moved(w, k, t), local)
        assert page.inner_text("#whatif-top") == label(results.strategy_ids[int(np.argmax(expected))], lang)
    w = _moved(w, k, t)
    _expect_ranking(page, results, synthesis.scores(w, local), lang)

    # reset: the panel's weights on every slider, and the analysis' ranking
    page.click("#whatif-reset")
    for k in range(len(w0)):
        assert _value(page, f"#whatif-group-{k}") == pytest.approx(w0[k], abs=5e-4)
    assert _value(page, "#whatif-factor") == pytest.approx(l0[other], abs=5e-4)
    _expect_ranking(page, results, results.strategy_scores, lang)
    stored = [c.weight for c in results.robustness.group_sweep.top_changes if c.item == results.group_ids[1]]
    assert _marks(page, "#whatif-group-1 ~ svg") == pytest.approx(stored, abs=1e-9)
    if lang == "fa":  # the page's own words and numbers (a model's labels are the model author's)
        words = page.eval_on_selector_all("#whatif h2, #whatif h3, #whatif p, #whatif output, #whatif label > span, "
                                          "#whatif button, #whatif .num", "ns => ns.map(n => n.textContent)")
        assert words and not [x for x in words if re.search(r"[A-Za-z0-9]", x)]

    # a phone: the same composition, one column, no horizontal scrolling
    phone = context.new_page()
    phone.set_viewport_size({"width": 375, "height": 740})
    phone.goto(base + run_path.removesuffix("/") + "/what-if")
    phone.wait_for_selector("#whatif[data-ready='1']")
    phone.fill("#whatif-group-3", "0.500")
    phone.select_option("#whatif-factor-pick", value=str(results.factor_ids.index("T2")))
    phone.fill("#whatif-factor", "0.700")
    assert _value(phone, "#whatif-group-3") == pytest.approx(0.5)
    t2 = results.factor_ids.index("T2")
    _expect_ranking(phone, results, synthesis.scores(_moved(w0, 3, 0.5), synthesis.within(l0, t2, 0.7)), lang)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#whatif-factor").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / f"sliders-composed-{lang}-phone.png"))
    assert not errors, errors
    context.close()


def _box(page, selector: str) -> dict:
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    return {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 1400)}
