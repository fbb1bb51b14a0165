"""An expert answers online on a phone (issue 12), in a real browser: Playwright driving Debian's chromium.

The planner registers two experts (one Persian, one English); each opens their
personal link on a 375×740 viewport without an account, answers with the mouse
and the keyboard, sees the set's CR and the judgment to revisit change, leaves,
comes back in a fresh browser context, and submits; the analysis then reads the
answers.  Withdrawn and expired links get their page; another study's data is
never reachable.  Screenshots of the phone page (fa, en) go to the test's temp
folder (and to ``$RAHBORD_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from webhelpers import app_in_thread, chromium_browser, screenshot_folder

CHROMIUM = Path(os.environ.get("RAHBORD_CHROMIUM", "/usr/bin/chromium"))
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed (scripts/setup.sh installs chromium)"),
]

PHONE = {"width": 375, "height": 740}
INCONSISTENT_GROUPS = {"p|groups|S|W": "3", "p|groups|S|O": "1/5", "p|groups|S|T": "9",
                       "p|groups|W|O": "1/9", "p|groups|W|T": "5", "p|groups|O|T": "1/3"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_in_thread(tmp_path_factory.mktemp("online-data"), secret_key="online-browser-test") as served:
        yield served


@pytest.fixture(scope="module")
def browser():
    with chromium_browser(CHROMIUM) as launched:
        yield launched


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    with screenshot_folder(tmp_path_factory, "online-screenshots") as folder:
        yield folder


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture(scope="module")
def planner(server, browser):
    """A signed-in planner's desktop page, with a generic SWOT study and two experts (fa, en)."""
    base, _app = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/signup")
    page.fill("input[name=name]", "Planner")
    page.fill("input[name=email]", "planner@example.org")
    page.fill("input[name=password]", "a long enough password")
    page.click("form[action='/signup'] button[type=submit]")
    page.wait_for_url(base + "/signin")
    page.fill("input[name=password]", "a long enough password")
    page.click("form[action='/signin'] button[type=submit]")
    page.wait_for_url(base + "/studies")
    studies = {}
    for title, experts in (("مطالعهٔ برخط", (("کارشناس یکم", "fa"), ("Expert Two", "en"))),
                           ("Other study Zeta", (("Zeta Secret", "en"),))):
        page.goto(base + "/studies")
        page.select_option("#new-from-library select[name=name]", "generic-swot")
        page.fill("#new-from-library input[name=title]", title)
        page.click("#new-from-library button[type=submit]")
        page.wait_for_url("**/studies/*")
        url = page.url
        for name, lang in experts:
            page.fill("#add-expert input[name=name]", name)
            page.select_option("#add-expert select[name=lang]", lang)
            page.click("#add-expert button[type=submit]")
            page.wait_for_selector("#online-table")
        studies[title] = url
    yield page, studies
    context.close()


def _links(page, study_url: str) -> dict[str, str]:
    page.goto(study_url)
    return {row.get_attribute("data-expert"): row.locator("input.link-url").input_value()
            for row in page.locator("#online-table tbody tr").all() if row.locator("input.link-url").count()}


def _pick(page, item: str, value: str) -> None:
    page.locator(f'fieldset[data-item="{item}"] label:has(input[value="{value}"])').click()


def _status(page, set_id: str = "groups"):
    return page.locator(f'.set-status[data-status-for="{set_id}"]')


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 375 px phone"


@pytest.mark.parametrize("lang, key", [("fa", "E001"), ("en", "E002")])
def test_an_expert_answers_on_a_phone_resumes_elsewhere_and_submits(server, browser, planner, shots, lang, key):
    base, app = server
    planner_page, studies = planner
    link = _links(planner_page, studies["مطالعهٔ برخط"])[key]

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    errors = _watch(page)
    page.goto(link)
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "fa" else "ltr")
    assert page.locator("fieldset.cmp").count() == 18 and page.locator("fieldset.rating").count() == 36
    _no_sideways_scroll(page)
    page.screenshot(path=str(shots / f"online-top-{lang}.png"))
    total = "۵۴" if lang == "fa" else "54"
    assert total in page.inner_text("#progress-text")

    # the keyboard: into the first pair's radio group, then an arrow key picks a position
    first = page.locator('fieldset[data-item="p|groups|S|W"] input').first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('#save-state').classList.contains('saved')")
    assert page.locator('fieldset[data-item="p|groups|S|W"] input:checked').count() == 1
    assert "state-incomplete" in _status(page).get_attribute("class")

    # an inconsistent set: the CR and the judgment to revisit appear
    for item, value in INCONSISTENT_GROUPS.items():
        _pick(page, item, value)
    page.wait_for_function("() => document.querySelector('.set-status[data-status-for=\"groups\"]')"
                           ".classList.contains('state-inconsistent')")
    cr_before = _status(page).locator(".st-cr").inner_text()
    hint_before = _status(page).locator(".st-hint").inner_text()
    assert cr_before and hint_before and page.locator("label.fits").count() == 1
    _no_sideways_scroll(page)
    page.locator('.online-set[data-set="groups"]').scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"online-phone-{lang}.png"))
    page.locator('.online-set[data-set="groups"]').screenshot(path=str(shots / f"online-set-{lang}.png"))

    # taking the value that fits changes the CR and the hint
    page.locator("label.fits").click()
    page.wait_for_function("(before) => document.querySelector('.set-status[data-status-for=\"groups\"] .st-cr')"
                           ".textContent !== before", arg=cr_before)
    assert _status(page).locator(".st-hint").inner_text() != hint_before
    chosen = {item: page.locator(f'fieldset[data-item="{item}"] input:checked').get_attribute("value")
              for item in INCONSISTENT_GROUPS}
    phone.close()  # the expert leaves

    # another device: the answers are there, the rest is answered, then submitted
    other = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = other.new_page()
    errors += _watch(page)
    page.goto(link)
    for item, value in chosen.items():
        assert page.locator(f'fieldset[data-item="{item}"] input[value="{value}"]').is_checked(), item
    assert "state-inconsistent" in _status(page).get_attribute("class") or \
        "state-slightly" in _status(page).get_attribute("class") or \
        "state-consistent" in _status(page).get_attribute("class")
    for fieldset in page.locator("fieldset.cmp").all():
        if fieldset.locator("input:checked").count() == 0:
            fieldset.locator('label:has(input[value="1"])').click()
    for fieldset in page.locator("fieldset.rating").all():
        fieldset.locator("label.level").nth(1).click()
    six = "۵۴ از ۵۴" if lang == "fa" else "54 of 54"
    page.wait_for_function("(text) => document.querySelector('#progress-text').textContent.includes(text)", arg=six)
    page.click("#online-submit")
    page.wait_for_selector("#done")
    assert not errors, errors
    other.close()

    # the planner's page says submitted; the upload is the expert's current response
    planner_page.goto(studies["مطالعهٔ برخط"])
    row = planner_page.locator(f'#online-table tr[data-expert="{key}"] td.online-state')
    assert "submitted" in row.get_attribute("class")
    planner_page.locator("#online").screenshot(path=str(shots / f"online-planner-after-{key}.png"))
    from rahbord.store import Upload

    with app.state.store.session() as s:
        upload = s.scalars(select(Upload).where(Upload.expert_key == key, Upload.current.is_(True))).one()
        assert upload.status == "accepted" and upload.filename.startswith("online-")


def test_the_analysis_uses_the_online_answers(server, planner):
    base, app = server
    page, studies = planner
    page.goto(studies["مطالعهٔ برخط"])
    if page.locator("#online-table td.online-state.submitted").count() < 2:
        pytest.skip("runs after the two experts submitted")
    page.click("#run-analysis button[type=submit]")
    page.wait_for_selector("#job-target:visible", timeout=120_000)
    page.click("#job-target")
    page.wait_for_selector("#ranking-table")
    from rahbord.store import Run, Upload

    with app.state.store.session() as s:
        run = s.scalars(select(Run).order_by(Run.id.desc())).first()
        online = s.scalars(select(Upload.id).where(Upload.current.is_(True), Upload.filename.like("online-%"))).all()
        assert sorted(run.upload_ids) == sorted(online) and len(online) == 2


def test_withdrawn_expired_and_foreign_links(server, browser, planner, shots):
    base, app = server
    page, studies = planner
    study_url = studies["مطالعهٔ برخط"]
    links = _links(page, study_url)
    # withdraw E002's link (English): a clear English page, 403
    page.locator('#online-table tr[data-expert="E002"] button.danger').click()
    page.wait_for_selector("#online-table")
    phone = browser.new_context(viewport=PHONE, is_mobile=True)
    expert = phone.new_page()
    response = expert.goto(links["E002"])
    assert response.status == 403 and "This link was withdrawn" in expert.inner_text("h1")
    _no_sideways_scroll(expert)
    expert.screenshot(path=str(shots / "online-withdrawn-en.png"))
    # E001's link expires: a clear Persian page, 410
    from rahbord.store import ExpertLink, utcnow
    from rahbord.web.expert_links import token_digest

    with app.state.store.session() as s:
        s.execute(update(ExpertLink).where(ExpertLink.token_hash == token_digest(links["E001"].rsplit("/", 1)[1]))
                  .values(expires_at=utcnow() - timedelta(minutes=1)))
        s.commit()
    response = expert.goto(links["E001"])
    assert response.status == 410 and "مهلت این پیوند گذشته است" in expert.inner_text("h1")
    assert expert.locator("html").get_attribute("dir") == "rtl"
    expert.screenshot(path=str(shots / "online-expired-fa.png"))
    # a live link of another study shows nothing of this one, and no planner page opens from it
    page.locator('#new-links button[type=submit]').click()  # fresh links for this study (30 days)
    page.wait_for_selector("#online-table")
    page.goto(study_url + "/invitations")
    assert page.locator("section.invitation svg").count() == 2
    page.screenshot(path=str(shots / "online-invitations.png"), full_page=True)
    zeta = _links(page, studies["Other study Zeta"])["E001"]
    response = expert.goto(zeta)
    assert response.status == 200 and "Zeta Secret" in expert.inner_text("main")
    assert "کارشناس یکم" not in expert.content() and "Expert Two" not in expert.content()
    for path in (study_url, study_url + "/links.csv", study_url + "/invitations"):
        expert.goto(path)
        assert expert.url.endswith("/signin"), path
    assert expert.goto(base + "/a/" + "A" * 43).status == 404
    phone.close()
