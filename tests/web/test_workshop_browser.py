"""A live workshop and the what-if sliders in a real browser (issue 12): Playwright driving Debian's chromium.

A facilitator (Persian) starts a session; three participants join on
375×740 phones (two in Persian, one in English) with the code and vote as the
facilitator steps through the comparisons; the projector shows the count,
the spread and the group's geometric mean (checked against NumPy) without
reloading; finishing makes one response per participant, the analysis runs,
and the projector shows the group weights and the ranking.  On the results
page (English) the opportunities slider moves the leading strategy exactly
at the crossing point the robustness results hold.  Screenshots go to the
test's temp folder (and to ``$RAHBORD_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from webhelpers import app_in_thread, chromium_browser, screenshot_folder

CHROMIUM = Path(os.environ.get("RAHBORD_CHROMIUM", "/usr/bin/chromium"))
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (scripts/setup.sh installs chromium)"),
]

PHONE = {"width": 375, "height": 740}
# votes per participant on the three comparisons of the tiny model (test_workshop.TINY_MODEL)
VOTES = {"مریم": ("5", "7", "1/5"), "Reza": ("3", "1/3", "2"), "سارا": ("5", "4", "1/4")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_in_thread(tmp_path_factory.mktemp("workshop-data"), secret_key="workshop-browser-test") as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    with chromium_browser(CHROMIUM) as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    with screenshot_folder(tmp_path_factory, "workshop-screenshots") as folder:
        yield folder


def _watch(page, errors: list[str]) -> None:
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))


def _planner(browser, base: str, tmp_path, errors):
    from test_workshop import TINY_MODEL

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    _watch(page, errors)
    page.goto(base + "/signup")
    page.fill("input[name=name]", "Facilitator")
    page.fill("input[name=email]", "facilitator@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("form[action='/signup'] button[type=submit]")
    page.wait_for_url(base + "/signin")
    page.fill("input[name=password]", "a long enough password")
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_url(base + "/studies")
    model = tmp_path / "tiny.yaml"
    model.write_text(TINY_MODEL, encoding="utf-8")
    page.set_input_files("#new-from-file input[type=file]", str(model))
    page.fill("#new-from-file input[name=title]", "کارگاه راهبرد")
    page.click("#new-from-file button[type=submit]")
    page.wait_for_url("**/studies/*")
    return context, page


def _vote(phone, step: int, value: str) -> None:
    section = phone.locator(f'section.w-item[data-step="{step}"]')
    section.locator(f'input[type=radio][value="{value}"]').check()
    phone.wait_for_selector("#w-saved.saved")


def test_a_workshop_votes_live_and_the_sliders_move_the_ranking(server, browser, shots, tmp_path):
    from rahbord.store import Run, Upload, WorkshopParticipant
    from rahbord.web.blob_io import load_results
    from reports.formatting import format_number

    base, app = server
    errors: list[str] = []
    context, control = _planner(browser, base, tmp_path, errors)
    study_url = control.url
    control.click("#start-workshop button[type=submit]")
    control.wait_for_selector("#live-code")
    code = control.inner_text("#live-code").replace(" ", "")
    assert len(code) == 6 and control.locator("#live-join svg").count() == 1  # the scannable code
    projector = context.new_page()
    _watch(projector, errors)
    projector.goto(control.url + "/projector")
    projector.wait_for_selector("#pj-hist rect", state="attached")
    projector.evaluate("window.stayed = 'yes'")

    # three phones join with the code (one typing it on the join page, in English)
    phones, phone_contexts = [], []
    for name in VOTES:
        phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                            locale="en-US" if name == "Reza" else "fa-IR")
        phone = phone_context.new_page()
        _watch(phone, errors)
        if name == "Reza":
            phone.goto(base + "/w?lang=en")
            phone.fill("input[name=code]", code.lower())
            phone.click("#w-code button[type=submit]")
        else:
            phone.goto(base + f"/w/{code}")
        phone.fill("input[name=name]", name)
        phone.click("#w-join button[type=submit]")
        phone.wait_for_selector("#w-form")
        phone.evaluate("window.stayed = 'yes'")
        phones.append(phone)
        phone_contexts.append(phone_context)
    assert phones[1].locator("html").get_attribute("lang") == "en"
    assert phones[0].locator("html").get_attribute("dir") == "rtl"
    assert phones[0].evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll

    for step in range(3):
        if step:
            control.click("#live-next")
            control.wait_for_selector(f"#live-board[data-step='{step}']")
            for phone in phones:  # the phones follow without reloading
                phone.wait_for_selector(f'section.w-item[data-step="{step}"]:not([hidden])')
        values = [VOTES[name][step] for name in VOTES]
        for phone, value in zip(phones, values):
            _vote(phone, step, value)
        projector.wait_for_selector(f"#live-board[data-step='{step}'][data-voted='3']")
        judged = [float(eval(v)) for v in values]  # "1/5" → 0.2
        mean = float(np.exp(np.mean(np.log(judged))))
        projector.wait_for_function(
            f"document.getElementById('pj-mean').textContent.includes({format_number(max(mean, 1 / mean), 'fa', 2)!r})")
        assert "۳ از ۳ نفر رأی داده‌اند" in projector.inner_text("#pj-voted")
        heights = projector.eval_on_selector_all("#pj-hist rect", "rs => rs.map(r => Number(r.dataset.count))")
        assert sum(heights) == 3 and max(heights) == max(values.count(v) for v in values)
        marker = float(projector.get_attribute("#pj-marker", "data-position"))
        assert marker == pytest.approx(9 - mean if mean >= 1 else 7 + 1 / mean, abs=1e-9)
        if step == 0:
            phones[1].screenshot(path=str(shots / "w1-phone-en.png"), full_page=True)
            phones[0].screenshot(path=str(shots / "w1-phone-fa.png"), full_page=True)
            projector.screenshot(path=str(shots / "w2-projector-voting-fa.png"), full_page=True)
    # a changed vote replaces the earlier one
    _vote(phones[1], 2, "1/2")
    projector.wait_for_function("document.getElementById('pj-hist').querySelectorAll('rect[data-count=\"1\"]').length === 3")
    assert all(p.evaluate("window.stayed") == "yes" for p in phones + [projector])

    # finish: responses, the analysis, the result on the projector
    control.click("#live-finish")
    control.wait_for_selector("#live-board[data-results='ready']", timeout=120_000)
    projector.wait_for_selector("#live-board[data-results='ready']", timeout=30_000)
    assert projector.locator("#pj-ranking li").count() == 2 and projector.locator("#pj-groups li").count() == 2
    projector.screenshot(path=str(shots / "w3-projector-results-fa.png"), full_page=True)
    for phone in phones:
        phone.wait_for_selector("#w-finished:not([hidden])")
    with app.state.store.session() as s:
        names = {p.expert_key: p.name for p in s.scalars(select(WorkshopParticipant))}
        uploads = s.scalars(select(Upload).where(Upload.current.is_(True), Upload.status == "accepted")).all()
        run = s.scalars(select(Run)).one()
        results = load_results(app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
    assert len(uploads) == 3 and sorted(run.upload_ids) == sorted(u.id for u in uploads)
    final = {"مریم": VOTES["مریم"], "Reza": ("3", "1/3", "1/2"), "سارا": VOTES["سارا"]}
    for s_index, set_id in enumerate(("groups", "strategies:S1", "strategies:O1")):
        result_set = next(r for r in results.sets if r.id == set_id)
        for k, expert in enumerate(results.experts):  # each response is that participant's votes
            v = float(eval(final[names[expert.id]][s_index]))
            np.testing.assert_allclose(result_set.expert_weights[k], [v / (1 + v), 1 / (1 + v)], atol=1e-9)

    # the what-if sliders, in English: the leading strategy changes exactly at the stored crossing point
    control.goto(base + f"/lang/en?next={study_url.removeprefix(base)}")
    control.goto(base + f"/studies/{run.study_id}/runs/{run.id}")
    control.wait_for_selector("#whatif[data-ready='1']")
    crossing = next(c for c in results.robustness.group_sweep.top_changes if c.item == "O")
    marked = float(control.get_attribute("#whatif-group-1 ~ svg line.cross", "data-at"))
    assert marked == pytest.approx(crossing.weight, abs=1e-9)
    label = results.model_obj.label
    assert control.inner_text("#whatif-top") == label(results.ranking()[0][0], "en")
    contrib = results.robustness.group_sweep.at_one
    for t, leader in ((crossing.weight - 0.002, crossing.above_before), (crossing.weight + 0.002, crossing.above_after)):
        control.fill("#whatif-group-1", f"{t:.3f}")
        assert control.inner_text("#whatif-top") == label(leader, "en")
        w = results.group_weights.copy()
        w = np.where(np.arange(2) == 1, round(t, 3), w * (1 - round(t, 3)) / (1 - w[1]))
        scores = w @ contrib
        shown = [float(x) for x in control.eval_on_selector_all("#whatif-ranking .num",
                                                                "ns => ns.map(n => n.textContent)")]
        assert shown == pytest.approx(sorted(scores, reverse=True), abs=5e-4)
        control.screenshot(path=str(shots / f"w4-sliders-en-{'before' if t < crossing.weight else 'after'}.png"),
                           full_page=False, clip=_box(control, "#whatif"))
    # a factor from the list, by name: O1 is its group's only factor, so its weight within the group stays whole
    # (its slider is locked) and its global weight is the opportunities' weight set above; the group slider stays
    control.select_option("#whatif-factor-pick", label=label("O1", "en"))
    assert control.is_disabled("#whatif-factor") and control.is_visible("#whatif-factor-alone")
    assert float(control.inner_text("#whatif-factor-global")) == pytest.approx(round(t, 3), abs=5e-4)
    assert float(control.input_value("#whatif-group-1")) == pytest.approx(round(t, 3))
    assert control.inner_text("#whatif-top") == label(crossing.above_after, "en")
    control.click("#whatif-reset")
    assert control.inner_text("#whatif-top") == label(results.ranking()[0][0], "en")
    control.goto(base + f"/lang/fa?next=/studies/{run.study_id}/runs/{run.id}")
    control.goto(base + f"/studies/{run.study_id}/runs/{run.id}")
    control.wait_for_selector("#whatif[data-ready='1']")
    control.fill("#whatif-group-1", f"{crossing.weight + 0.05:.3f}")
    assert control.inner_text("#whatif-top") == label(crossing.above_after, "fa")
    assert "۰٫" in control.inner_text("#whatif-ranking")
    control.screenshot(path=str(shots / "w5-sliders-fa.png"), clip=_box(control, "#whatif"))
    # present mode: the sliders alone, large, for the room's screen (the projector links to it)
    projector.click("#pj-whatif")
    projector.wait_for_selector("#whatif[data-ready='1']")
    assert projector.locator("header.top").count() == 0 and projector.locator("#exit-present").count() == 1
    projector.fill("#whatif-group-1", f"{crossing.weight - 0.05:.3f}")
    assert projector.inner_text("#whatif-top") == label(crossing.above_before, "fa")
    projector.fill("#whatif-group-1", f"{crossing.weight + 0.05:.3f}")
    assert projector.inner_text("#whatif-top") == label(crossing.above_after, "fa")
    projector.screenshot(path=str(shots / "w6-sliders-present-fa.png"))
    assert not errors, errors
    for c in phone_contexts + [context]:
        c.close()


def _box(page, selector: str) -> dict:
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    return {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 900)}
