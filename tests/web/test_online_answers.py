"""Experts answer online through a personal link (issue 12): HTTP level.

The browser tests (test_online_answers_browser.py) drive the same page on a
phone; these check every rule the page and its endpoints keep.
"""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import numpy as np
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelpers import csrf_of, sign_up

import mcda
from rahbord.store import ExpertLink, OnlineAnswer, Run, Upload
from rahbord.web.online_questionnaire import SCALE_VALUES
from surveys.reader import MAP_SHEET

CONSISTENT_GROUPS = {  # a_ab of S, W, O, T with weights 4 : 2 : 2 : 1 — CR 0
    "p|groups|S|W": "2", "p|groups|S|O": "2", "p|groups|S|T": "4",
    "p|groups|W|O": "1", "p|groups|W|T": "2", "p|groups|O|T": "2",
}


def _study(planner, names=("کارشناس یکم", "Second Expert"), langs=("fa", "en"), title="مطالعهٔ آزمایشی") -> int:
    study_id = planner.create_library_study("generic-swot", title)
    for name, lang in zip(names, langs):
        r = planner.post(f"/studies/{study_id}/experts", {"name": name, "weight": "1", "lang": lang},
                         follow_redirects=False)
        assert r.status_code == 303, r.text
    return study_id


def _links(planner, study_id) -> list[str]:
    page = planner.client.get(f"/studies/{study_id}").text
    return re.findall(r'class="link-url" readonly value="http://testserver(/a/[^"]+)"', page)


class Expert:
    """A browser without an account holding one personal link."""

    def __init__(self, app, path: str):
        self.client = TestClient(app, base_url="http://testserver")
        self.path = path
        self.page = self.client.get(path)
        self.csrf = csrf_of(self.page.text) if self.page.status_code == 200 else ""

    def answer(self, item: str, value: str, csrf: str | None = None):
        return self.client.post(self.path + "/answer", json={"item": item, "value": value},
                                headers={"x-csrf-token": self.csrf if csrf is None else csrf})

    def items(self) -> list[str]:
        return sorted(set(re.findall(r'<input type="radio" name="([^"]+)"', self.client.get(self.path).text)))

    def answer_all(self, pair_value="1", rating="0", **fixed):
        for item in self.items():
            self.answer(item, fixed.get(item, pair_value if item.startswith("p|") else rating))

    def submit(self, data=None):
        return self.client.post(self.path + "/submit", data={"csrf_token": self.csrf, **(data or {})},
                                follow_redirects=False)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(
        r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S))))


def test_registering_an_expert_gives_a_signed_link_and_only_its_hash_is_stored(planner, app):
    study_id = _study(planner)
    links = _links(planner, study_id)
    assert len(links) == 2 and len(set(links)) == 2
    token = links[0].rsplit("/", 1)[1]
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with app.state.store.session() as s:
        rows = s.scalars(select(ExpertLink)).all()
        assert len(rows) == 2
        for row in rows:  # neither the token nor anything that is it is in the database
            assert token not in (row.nonce, row.token_hash) and len(row.token_hash) == 64
    # the link is shown again the same on the next visit (derived from the nonce, not stored)
    assert _links(planner, study_id) == links


def test_the_page_asks_what_the_experts_workbook_asks(planner, app):
    study_id = _study(planner)
    expert = Expert(app, _links(planner, study_id)[0])
    assert expert.page.status_code == 200 and '<html lang="fa" dir="rtl">' in expert.page.text
    workbook = planner.client.get(f"/studies/{study_id}/questionnaires/E001.xlsx?lang=fa").content
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook))[MAP_SHEET].iter_rows(min_row=2, values_only=True))
    asked = sorted(f"p|{r[4]}|{r[5]}|{r[6]}" if r[0] in ("pair", "scale") else f"r|{r[5]}|{r[6]}" for r in rows
                   if r[0] in ("pair", "scale", "rating"))
    assert expert.items() == asked and len(asked) == 54
    # each pair is one radio group of the 17 points of 9 … 1 … 9, labelled for a screen reader
    first = re.search(r'<fieldset class="cmp" data-item="p\|groups\|S\|W">(.*?)</fieldset>', expert.page.text, re.S)
    values = re.findall(r'name="p\|groups\|S\|W" value="([^"]+)" aria-label="[^"]+"', first.group(1))
    assert tuple(values) == SCALE_VALUES
    # Persian page: no Latin letter or digit in what the expert reads (the language switch names English)
    assert not set(re.findall(r"[A-Za-z0-9]+", _text(expert.page.text))) - {"English"}


def test_each_answer_is_saved_and_the_set_shows_cr_state_and_the_judgment_to_revisit(planner, app):
    study_id = _study(planner)
    expert = Expert(app, _links(planner, study_id)[0])
    first = expert.answer("p|groups|S|W", "3").json()
    assert first["set"]["state"] == "incomplete" and first["progress"] == "۱ از ۵۴ پاسخ داده شده"
    for item, value in {"p|groups|S|O": "1/5", "p|groups|S|T": "9", "p|groups|W|O": "1/9",
                        "p|groups|W|T": "5", "p|groups|O|T": "1/3"}.items():
        last = expert.answer(item, value).json()
    view = last["set"]
    assert view["state"] == "inconsistent" and view["cr_value"] > 0.2
    assert view["cr"].startswith("نسبت ناسازگاری ۱٫") and view["hint"] and view["hint_item"].startswith("p|groups|")
    # the hint is the reader's: taking the value that fits lowers the CR
    better = expert.answer(view["hint_item"], view["hint_value"]).json()["set"]
    assert better["cr_value"] < view["cr_value"]
    for item, value in CONSISTENT_GROUPS.items():
        view = expert.answer(item, value).json()["set"]
    assert view["state"] == "consistent" and view["hint"] == "" and view["cr_value"] < 1e-9
    with app.state.store.session() as s:
        assert len(s.scalars(select(OnlineAnswer)).all()) == 6


@pytest.mark.parametrize("item, value", [
    ("p|groups|W|S", "3"),       # the pair reversed: not a question of this questionnaire
    ("p|groups|S|W", "10"),      # off the scale
    ("p|groups|S|W", "0"),
    ("p|groups|S|W", "-3"),
    ("r|SO1|S1", "7"),           # no such rating level
    ("p|factors:S|S1|S9", "1"),  # no such item
])
def test_an_answer_the_questionnaire_does_not_ask_is_refused(planner, app, item, value):
    expert = Expert(app, _links(planner, _study(planner))[0])
    response = expert.answer(item, value)
    assert response.status_code == 422 and response.json()["error"]
    with app.state.store.session() as s:
        assert not s.scalars(select(OnlineAnswer)).all()


def test_answers_need_the_pages_csrf_token(planner, app):
    expert = Expert(app, _links(planner, _study(planner))[0])
    assert expert.answer("p|groups|S|W", "3", csrf="forged").status_code == 403
    assert expert.client.post(expert.path + "/answer", json={"item": "p|groups|S|W", "value": "3"}).status_code == 403
    assert expert.client.post(expert.path + "/submit", data={}).status_code == 403
    with app.state.store.session() as s:
        assert not s.scalars(select(OnlineAnswer)).all()


def test_answers_resume_from_another_device(planner, app):
    path = _links(planner, _study(planner))[0]
    Expert(app, path).answer("p|groups|S|W", "1/7")
    later = Expert(app, path)  # a new browser: no cookie of the first
    assert re.search(r'name="p\|groups\|S\|W" value="1/7" aria-label="[^"]+" checked', later.page.text)
    assert "۱ از ۵۴ پاسخ داده شده" in later.page.text


def test_submitting_makes_a_versioned_response_the_analysis_uses(planner, app):
    study_id = _study(planner)
    expert = Expert(app, _links(planner, study_id)[0])
    expert.answer("p|groups|S|W", "3")
    early = expert.submit()
    assert early.status_code == 400 and "۵۳ پرسش هنوز بی‌پاسخ است" in early.text
    expert.answer_all(**CONSISTENT_GROUPS)
    done = expert.submit()
    assert done.status_code == 303
    page = expert.client.get(done.headers["location"])
    assert 'id="done"' in page.text
    with app.state.store.session() as s:
        upload = s.scalars(select(Upload).where(Upload.expert_key == "E001")).one()
        assert upload.status == "accepted" and upload.current and upload.filename == "online-questionnaire-E001-fa.xlsx"
    study_page = planner.client.get(f"/studies/{study_id}").text
    row = re.search(r'<tr data-expert="E001">(.*?)</tr>', study_page, re.S).group(1)
    assert "فرستاده شده" in row and "سازگار" in row
    assert "آغاز نشده" in re.search(r'<tr data-expert="E002">(.*?)</tr>', study_page, re.S).group(1)
    # a later online revision replaces the response; the earlier one stays as history
    expert.answer("p|groups|S|W", "5")
    assert expert.submit().status_code == 303
    with app.state.store.session() as s:
        uploads = s.scalars(select(Upload).where(Upload.expert_key == "E001").order_by(Upload.id)).all()
        assert [u.current for u in uploads] == [False, True] and uploads[0].replaced_at is not None
        current_id = uploads[1].id
    # the analysis reads it
    started = planner.post(f"/studies/{study_id}/analyze", {"method": "eigen", "aggregation": "aij"},
                           follow_redirects=False)
    assert started.status_code == 303, started.text
    app.state.worker.run_pending()
    with app.state.store.session() as s:
        run = s.scalars(select(Run).where(Run.study_id == study_id)).one()
        assert run.upload_ids == [current_id]
        from rahbord.web.blob_io import load_results
        results = load_results(app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
    # the expert's own matrix, as answered online (S : W now 5, the rest as before), is what was analysed
    assert [e.id for e in results.experts] == ["E001"]
    groups = next(r for r in results.sets if r.id == "groups")
    answered = {"S": {"W": 5, "O": 2, "T": 4}, "W": {"O": 1, "T": 2}, "O": {"T": 2}}
    items = list(groups.items)
    matrix = np.ones((4, 4))
    for a, row in answered.items():
        for b, value in row.items():
            matrix[items.index(a), items.index(b)], matrix[items.index(b), items.index(a)] = value, 1 / value
    np.testing.assert_allclose(groups.expert_weights[0], mcda.priorities(matrix, warn=False).weights, atol=1e-9)


def test_an_uploaded_workbook_replaces_an_online_response_too(planner, app):
    study_id = _study(planner)
    expert = Expert(app, _links(planner, study_id)[0])
    expert.answer_all(**CONSISTENT_GROUPS)
    assert expert.submit().status_code == 303
    with app.state.store.session() as s:
        online = s.scalars(select(Upload).where(Upload.expert_key == "E001")).one()
        data = app.state.store.blobs.get(online.blob_sha256)
    planner.post(f"/studies/{study_id}/responses",
                 files=[("files", ("questionnaire-E001-fa.xlsx", data, "application/octet-stream"))])
    with app.state.store.session() as s:
        uploads = s.scalars(select(Upload).where(Upload.expert_key == "E001").order_by(Upload.id)).all()
        assert [u.current for u in uploads] == [False, True]


def test_a_withdrawn_link_and_an_expired_link_get_a_clear_page_in_their_language(planner, app):
    study_id = _study(planner)
    fa_path, en_path = _links(planner, study_id)
    Expert(app, en_path).answer("p|groups|S|W", "3")
    page = planner.client.get(f"/studies/{study_id}").text
    expert_ids = re.findall(r'action="/studies/\d+/links/(\d+)/revoke"', page)
    planner.post(f"/studies/{study_id}/links/{expert_ids[1]}/revoke", follow_redirects=False)
    gone = Expert(app, en_path)
    assert gone.page.status_code == 403 and "This link was withdrawn" in gone.page.text
    assert '<html lang="en" dir="ltr">' in gone.page.text and "answers you gave are kept" in gone.page.text
    assert gone.client.post(en_path + "/answer", json={"item": "p|groups|S|W", "value": "1"}).status_code == 403
    # the planner's new link opens the same answers
    planner.post(f"/studies/{study_id}/links", {"expert_id": expert_ids[1], "days": "۷"}, follow_redirects=False)
    fresh = Expert(app, _links(planner, study_id)[1])
    assert fresh.path != en_path and re.search(r'value="3" aria-label="[^"]+" checked', fresh.page.text)
    # time passes beyond the expiry: 410 in Persian for the Persian expert
    later = app.state.settings.clock() + timedelta(days=31)
    app.state.settings.clock = lambda: later
    expired = Expert(app, fa_path)
    assert expired.page.status_code == 410 and "مهلت این پیوند گذشته است" in expired.page.text
    assert '<html lang="fa" dir="rtl">' in expired.page.text
    assert Expert(app, fresh.path).page.status_code == 410  # seven days


def test_a_link_reaches_only_its_own_study_and_expert(planner, other_planner, app):
    mine = _study(planner, names=("Alpha Expert",), langs=("en",), title="Study Alpha")
    theirs = _study(other_planner, names=("Zeta Secret",), langs=("en",), title="Study Zeta")
    my_path = _links(planner, mine)[0]
    page = Expert(app, my_path).page.text
    assert "Study Alpha" in page and "Alpha Expert" in page
    assert "Study Zeta" not in page and "Zeta Secret" not in page
    # the study's routes are the planner's: a link holder gets nothing of either study
    expert = Expert(app, my_path)
    for path in (f"/studies/{theirs}", f"/studies/{mine}", f"/studies/{theirs}/links.csv",
                 f"/studies/{mine}/links.csv", f"/studies/{theirs}/invitations"):
        response = expert.client.get(path, follow_redirects=False)
        assert response.status_code in (303, 404) and "Zeta" not in response.text
    # another planner cannot list, renew or revoke my links
    assert other_planner.client.get(f"/studies/{mine}/links.csv").status_code == 404
    assert other_planner.post(f"/studies/{mine}/links", {"days": "30"}, follow_redirects=False).status_code == 404
    # a made-up token is the plain 404 page
    assert Expert(app, "/a/" + "x" * 43).page.status_code == 404
    assert Expert(app, my_path[:-1] + ("A" if my_path[-1] != "A" else "B")).page.status_code == 404


def test_guessing_tokens_is_braked_per_address(planner, app):
    study_id = _study(planner)
    client = TestClient(app, base_url="http://testserver")
    statuses = [client.get(f"/a/guess{k:040d}").status_code for k in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[-1] == 429
    assert client.get(_links(planner, study_id)[0]).status_code == 429  # the brake holds for this address


def test_closing_the_round_freezes_online_answers(planner, app):
    study_id = _study(planner)
    expert = Expert(app, _links(planner, study_id)[0])
    planner.post(f"/studies/{study_id}/round", {"action": "close"}, follow_redirects=False)
    assert expert.answer("p|groups|S|W", "3").status_code == 409
    page = expert.client.get(expert.path).text
    assert 'id="online-closed"' in page and "online-submit" not in page
    assert expert.submit().status_code == 409
    planner.post(f"/studies/{study_id}/round", {"action": "open"}, follow_redirects=False)
    assert expert.answer("p|groups|S|W", "3").status_code == 200


def test_links_download_as_csv_and_xlsx_and_print_with_qr_codes(planner, app):
    study_id = _study(planner, names=("=HYPERLINK(\"http://evil\")", "Second Expert"))
    links = ["http://testserver" + p for p in _links(planner, study_id)]
    planner.client.get("/lang/en?next=/studies")
    rows = list(csv.reader(io.StringIO(planner.client.get(f"/studies/{study_id}/links.csv").content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Expert id", "Name", "E-mail", "Language", "Personal link"]
    assert [r[4] for r in rows[1:]] == links and rows[1][1].startswith("'=")  # no formula from a name
    sheet = openpyxl.load_workbook(io.BytesIO(planner.client.get(f"/studies/{study_id}/links.xlsx").content)).active
    assert [r[4] for r in sheet.iter_rows(min_row=2, values_only=True)] == links
    sheet_names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sheet_names[0].startswith("'=")
    printed = planner.client.get(f"/studies/{study_id}/invitations").text
    assert printed.count("<svg") == 2 and all(link in printed for link in links)
    # a withdrawn link is not printed
    expert_id = re.findall(r'action="/studies/\d+/links/(\d+)/revoke"', planner.client.get(f"/studies/{study_id}").text)[0]
    planner.post(f"/studies/{study_id}/links/{expert_id}/revoke", follow_redirects=False)
    assert planner.client.get(f"/studies/{study_id}/invitations").text.count("<svg") == 1


def test_each_invitation_is_in_its_experts_language_with_names_isolated(planner):
    study_id = _study(planner, names=("کارشناس یکم", "Second <Expert>"))
    printed = planner.client.get(f"/studies/{study_id}/invitations").text
    fa = re.search(r'<section class="card invitation" id="invitation-E001" lang="fa" dir="rtl">(.*?)</section>',
                   printed, re.S).group(1)
    en = re.search(r'<section class="card invitation" id="invitation-E002" lang="en" dir="ltr">(.*?)</section>',
                   printed, re.S).group(1)
    assert "<bdi>کارشناس یکم</bdi>، شما" in fa and "<bdi>مطالعهٔ آزمایشی</bdi>" in fa
    assert "<bdi>Second &lt;Expert&gt;</bdi>, you are invited" in en and "Invitation to answer" in en


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_answers_workbook_reads_back_as_exactly_the_answers_given(lang):
    """Every position of the scale and every rating level, written as a person picks them, read by the reader."""
    import criteria
    from surveys import Expert as PanelExpert
    from surveys import read_responses

    from rahbord.web.blob_io import named_file
    from rahbord.web.online_questionnaire import (answers_workbook, expert_assignment, parse_answer,
                                                  questionnaire_of)

    model = criteria.load_library_model("generic-swot")
    assignment = expert_assignment(model, 0)
    questionnaire = questionnaire_of(model, assignment)
    pairs = [p for s in questionnaire.sets for p in s.pairs]
    answers = {p.item: parse_answer(questionnaire, p.item, SCALE_VALUES[k % 17]) for k, p in enumerate(pairs)}
    answers |= {r.item: parse_answer(questionnaire, r.item, str(k % 5)) for k, r in enumerate(questionnaire.ratings)}
    data = answers_workbook(model, PanelExpert("E001", "x"), lang, assignment, answers)
    responses = read_responses(model, [named_file(data, "online.xlsx")])
    for p in pairs:
        assert responses.judgments[p.set_id][0, p.i, p.j] == pytest.approx(answers[p.item])
    for r in questionnaire.ratings:
        s, f = model.strategy_ids.index(r.strategy), model.factor_ids.index(r.factor)
        assert responses.ratings[0, s, f] == pytest.approx(answers[r.item])
    assert parse_answer(questionnaire, "p|groups|W|S", "3") is None  # a pair only ever asked one way round


def test_one_link_hammering_the_answer_endpoint_waits(planner, app, monkeypatch):
    from rahbord.web.routes import answer_online

    monkeypatch.setattr(answer_online, "_rate", answer_online._AnswerRate(limit=5))
    first, second = (Expert(app, path) for path in _links(planner, _study(planner)))
    statuses = [first.answer("p|groups|S|W", "3").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert second.answer("p|groups|S|W", "3").status_code == 200  # another link is not slowed


def test_answers_are_saved_and_replaced_on_postgresql_too(tmp_path, fresh_postgres_url):
    from rahbord.web import Settings, create_app

    app = create_app(Settings(data_dir=tmp_path / "pg-data", database_url=fresh_postgres_url, secret_key="pg",
                              run_worker=False))
    with TestClient(app, base_url="http://testserver") as client:
        planner = sign_up(client, "pg@example.org")
        expert = Expert(app, _links(planner, _study(planner))[0])
        assert expert.answer("p|groups|S|W", "3").status_code == 200
        assert expert.answer("p|groups|S|W", "1/4").json()["answered"] == 1
        with app.state.store.session() as s:
            assert [(a.item, a.value) for a in s.scalars(select(OnlineAnswer))] == [("p|groups|S|W", 0.25)]
    app.state.store.dispose()
