"""A live workshop (issue 12): HTTP level — joining by code, one vote per person per comparison, the tally,
the facilitator's steps, votes made into responses the analysis reads.

The browser test (test_workshop_browser.py) drives the same pages with a
facilitator, a projector and phones.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import mcda
from rahbord.store import (
    Run,
    Upload,
    WorkshopParticipant,
    WorkshopSession,
    WorkshopVote,
)
from rahbord.web.workshop import CODE_ALPHABET, read_code, scale_position, tally

TINY_MODEL = """\
id: workshop-tiny
version: "1.0"
title_en: Workshop test
title_fa: آزمون کارگاه
goal_en: Choose the best strategy
goal_fa: انتخاب بهترین راهبرد
evaluation: pairwise
groups:
  - {id: S, label_en: Strengths, label_fa: نقاط قوت}
  - {id: O, label_en: Opportunities, label_fa: فرصت‌ها}
factors:
  - {id: S1, group: S, label_en: Skilled staff, label_fa: کارکنان ماهر}
  - {id: O1, group: O, label_en: Open markets, label_fa: بازارهای باز}
strategies:
  - {id: P1, label_en: Build at home, label_fa: ساختن در خانه}
  - {id: P2, label_en: Reach abroad, label_fa: رفتن به بیرون}
"""
AGENDA = ("p|groups|S|O", "p|strategies:S1|P1|P2", "p|strategies:O1|P1|P2")


def tiny_study(planner, title="کارگاه آزمایشی") -> int:
    response = planner.post("/studies/upload", {"title": title},
                            files=[("model_file", ("tiny.yaml", TINY_MODEL.encode("utf-8"), "application/yaml"))],
                            follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def start_session(planner, study_id: int) -> tuple[str, str]:
    """The control page's path and the session's code."""
    started = planner.post(f"/studies/{study_id}/live", follow_redirects=False)
    assert started.status_code == 303, started.text
    page = planner.client.get(started.headers["location"]).text
    code = re.search(r'id="live-code"[^>]*>([^<]+)<', page).group(1).replace(" ", "")
    return started.headers["location"], code


class Phone:
    """A participant's browser without an account."""

    def __init__(self, app, code: str, name: str, lang: str = ""):
        self.client = TestClient(app, base_url="http://testserver")
        self.code = code
        suffix = f"?lang={lang}" if lang else ""
        page = self.client.get(f"/w/{code}{suffix}").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        joined = self.client.post(f"/w/{code}/join{suffix}", data={"name": name, "csrf_token": csrf},
                                  follow_redirects=False)
        assert joined.status_code == 303, joined.text
        self.page = self.client.get(joined.headers["location"]).text
        self.csrf = re.search(r'data-csrf="([^"]+)"', self.page).group(1)

    def vote(self, item: str, value: str):
        return self.client.post(f"/w/{self.code}/vote", json={"item": item, "value": value},
                                headers={"x-csrf-token": self.csrf})

    def state(self) -> dict:
        return self.client.get(f"/w/{self.code}/state.json").json()


def control(planner, path: str, action: str):
    response = planner.post(path + "/control", {"action": action}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


def board(planner, path: str) -> dict:
    return planner.client.get(path + "/state.json").json()


def test_the_tally_is_the_geometric_mean_and_the_spread_over_the_17_positions():
    votes = [3.0, 1 / 5, 7.0, 1.0]
    counted = tally("pair", votes)
    assert counted.voted == 4 and sum(counted.counts) == 4
    assert counted.counts[6] == 1 and counted.counts[12] == 1 and counted.counts[2] == 1 and counted.counts[8] == 1
    assert counted.center == pytest.approx(float(np.exp(np.log(votes).mean())), rel=1e-12)
    assert scale_position(9.0) == 0 and scale_position(1.0) == 8 and scale_position(1 / 9) == 16
    assert scale_position(2.5) == 6.5 and scale_position(1 / 2.5) == pytest.approx(9.5)
    assert tally("pair", []).center is None
    rated = tally("rating", [1.0, 0.6, 0.6], (1.0, 0.6, 0.3))
    assert rated.counts == (1, 2, 0) and rated.center == pytest.approx(2.2 / 3)


def test_codes_are_read_as_people_type_them():
    assert read_code(" acd-efh ") == "ACDEFH"
    assert read_code("۳۴۷۹AC") == "3479AC"  # Persian digits
    assert read_code("ACDEF0") is None and read_code("ACDEF") is None  # 0 is not in the alphabet
    assert not set("0O1IL2Z5S8B6G") & set(CODE_ALPHABET)


def test_a_workshop_votes_counts_once_and_the_votes_become_the_responses(planner, app):
    study_id = tiny_study(planner)
    path, code = start_session(planner, study_id)
    assert len(code) == 6 and read_code(code) == code
    control_page = planner.client.get(path).text
    assert control_page.count("<svg") >= 2 and f"/w/{code}" in control_page  # the scannable code and the board
    phones = [Phone(app, code, name) for name in ("مریم", "Reza", "Sara")]
    assert board(planner, path)["participants"] == 3
    # the comparison on screen: S vs O; a changed vote replaces the earlier one
    assert phones[0].vote(AGENDA[0], "3").status_code == 200
    assert phones[0].vote(AGENDA[0], "5").status_code == 200
    phones[1].vote(AGENDA[0], "1/2")
    phones[2].vote(AGENDA[0], "5")
    state = board(planner, path)
    assert state["voted"] == 3 and state["counts"][SCALE_INDEX["5"]] == 2 and state["counts"][SCALE_INDEX["1/2"]] == 1
    expected = float(np.exp(np.mean(np.log([5, 0.5, 5]))))
    assert state["center"] == pytest.approx(expected, rel=1e-12)
    assert state["voted_text"] == "۳ از ۳ نفر رأی داده‌اند" and "۲٫۳۲" in state["center_text"]
    # a vote on a comparison not on screen, or off the scale, is refused and nothing is stored
    assert phones[1].vote(AGENDA[1], "3").status_code == 409
    assert phones[1].vote(AGENDA[0], "10").status_code == 422
    assert phones[1].vote(AGENDA[0], "3").status_code == 200
    # closing voting freezes the comparison; the phones see it
    control(planner, path, "close")
    assert phones[2].vote(AGENDA[0], "1").status_code == 409 and phones[2].state()["open"] is False
    control(planner, path, "next")
    assert phones[0].state()["item"] == AGENDA[1] and phones[0].state()["open"] is True
    for phone, value in zip(phones, ("7", "1/3", "4")):
        phone.vote(AGENDA[1], value)
    control(planner, path, "next")
    for phone, value in zip(phones, ("1/5", "2", "1/4")):
        phone.vote(AGENDA[2], value)
    control(planner, path, "previous")
    assert board(planner, path)["item"] == AGENDA[1]
    with app.state.store.session() as s:
        assert s.scalar(select(func.count()).select_from(WorkshopVote)) == 9  # 3 people × 3 comparisons, once each
    # finishing: one response per participant through the upload path, then the normal analysis
    finished = control(planner, path, "finish")
    assert finished.headers["location"].endswith("/projector")
    app.state.worker.run_pending()
    final = board(planner, path)
    assert final["finished"] and final["results"]["state"] == "ready"
    assert [g["label"] for g in final["results"]["groups"]] == ["نقاط قوت", "فرصت‌ها"]
    with app.state.store.session() as s:
        uploads = s.scalars(select(Upload).where(Upload.study_id == study_id, Upload.current.is_(True))).all()
        assert len(uploads) == 3 and all(u.status == "accepted" for u in uploads)
        run = s.scalars(select(Run).where(Run.study_id == study_id)).one()
        assert sorted(run.upload_ids) == sorted(u.id for u in uploads)
        names = {p.expert_key: p.name for p in s.scalars(select(WorkshopParticipant))}
        from rahbord.web.blob_io import load_results
        results = load_results(app.state.store.blobs.get(run.results_sha256).decode("utf-8"))
    # the analysed judgments are the votes: each expert's S : O weight is v / (1 + v)
    groups = next(r for r in results.sets if r.id == "groups")
    votes = {"مریم": 5, "Reza": 3, "Sara": 5}
    for k, expert in enumerate(results.experts):
        v = votes[names[expert.id]]
        np.testing.assert_allclose(groups.expert_weights[k], [v / (1 + v), 1 / (1 + v)], atol=1e-9)
    pooled = mcda.aggregate_judgments(np.array([[[1, v], [1 / v, 1]] for v in votes.values()]))
    np.testing.assert_allclose(results.group_weights, mcda.priorities(pooled, warn=False).weights, atol=1e-9)
    # the results page's what-if sliders hold the run's exact synthesis and its crossing points
    page = planner.client.get(final["results"]["run"]).text
    data = json.loads(html.unescape(re.search(r'data-whatif="([^"]+)"', page).group(1)))
    scores = np.array(data["groups"]["base"]) @ np.array(data["groups"]["contrib"])
    np.testing.assert_allclose(scores, results.strategy_scores, atol=1e-12)
    np.testing.assert_allclose(np.array(data["factors"]["base"]) @ np.array(data["factors"]["contrib"]),
                               results.strategy_scores, atol=1e-12)
    stored = [c.weight for c in results.robustness.group_sweep.top_changes if c.item == "O"]
    assert [m["at"] for m in data["groups"]["marks"][1]] == pytest.approx(stored) and stored
    assert data["strategies"] == ["ساختن در خانه", "رفتن به بیرون"] and "P1" not in data["groups"]["labels"]
    present = planner.client.get(final["results"]["run"] + "/what-if")
    assert present.status_code == 200 and 'id="whatif"' in present.text and 'class="present-bar"' in present.text
    assert 'class="top"' not in present.text  # no app header on the room's screen
    # the phones are told it is over, and no vote is taken any more
    assert phones[0].state()["finished"] and phones[0].vote(AGENDA[1], "3").status_code == 409


SCALE_INDEX = {text: k for k, text in enumerate(("9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4",
                                                  "1/5", "1/6", "1/7", "1/8", "1/9"))}


def test_a_participant_needs_to_join_and_the_pages_token(planner, app):
    study_id = tiny_study(planner)
    _path, code = start_session(planner, study_id)
    stranger = TestClient(app, base_url="http://testserver")
    page = stranger.get(f"/w/{code}").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = stranger.post(f"/w/{code}/vote", json={"item": AGENDA[0], "value": "3"}, headers={"x-csrf-token": csrf})
    assert refused.status_code == 403
    phone = Phone(app, code, "Ali")
    assert phone.client.post(f"/w/{code}/vote", json={"item": AGENDA[0], "value": "3"},
                             headers={"x-csrf-token": "forged"}).status_code == 403
    nameless = stranger.post(f"/w/{code}/join", data={"name": "  ", "csrf_token": csrf})
    assert nameless.status_code == 400
    with app.state.store.session() as s:
        assert s.scalar(select(func.count()).select_from(WorkshopVote)) == 0
        assert s.scalar(select(func.count()).select_from(WorkshopParticipant)) == 1


def test_the_code_is_typed_on_the_join_page_and_unknown_codes_are_braked(planner, app):
    study_id = tiny_study(planner)
    _path, code = start_session(planner, study_id)
    client = TestClient(app, base_url="http://testserver")
    typed = client.get("/w", params={"code": code.lower()[:3] + " " + code.lower()[3:]}, follow_redirects=False)
    assert typed.status_code == 303 and typed.headers["location"] == f"/w/{code}"
    unknown = client.get("/w/ACDEFH" if code != "ACDEFH" else "/w/ACDEFJ")
    assert unknown.status_code == 404 and "نشست زنده‌ای با این رمز نیست" in unknown.text
    statuses = [client.get(f"/w/{'AC' + ''.join(CODE_ALPHABET[(k + j) % 22] for j in range(4))}").status_code
                for k in range(12)]
    assert statuses[-1] == 429  # the sign-in brake, per address


def test_another_planner_cannot_reach_the_session(planner, other_planner, app):
    study_id = tiny_study(planner)
    path, _code = start_session(planner, study_id)
    for suffix in ("", "/projector", "/state.json"):
        assert other_planner.client.get(path + suffix).status_code == 404
    assert other_planner.client.get(f"/studies/{study_id}/runs/1/what-if").status_code == 404
    assert other_planner.post(path + "/control", {"action": "next"}, follow_redirects=False).status_code == 404
    # the projector's state (answered from the session's own columns, the owner checked in the same query): the
    # session under another of the planner's studies is not found, and a signed-out browser is sent to sign in
    other_study = tiny_study(planner, "another")
    moved = path.replace(f"/studies/{study_id}/", f"/studies/{other_study}/")
    assert planner.client.get(moved + "/state.json").status_code == 404
    assert planner.client.get(path + "/state.json").json()["code"] == _code
    with TestClient(app, base_url="http://testserver") as stranger:
        signed_out = stranger.get(path + "/state.json", follow_redirects=False)
        assert signed_out.status_code == 303 and signed_out.headers["location"] == "/signin"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_phone_page_is_in_the_sessions_language_without_latin_or_digits_in_persian(planner, app, lang):
    study_id = tiny_study(planner)
    if lang == "en":
        planner.client.get(f"/lang/en?next=/studies/{study_id}")
    _path, code = start_session(planner, study_id)
    phone = Phone(app, code, "Ali" if lang == "en" else "علی")
    assert f'<html lang="{lang}"' in phone.page
    text = _text(phone.page)
    if lang == "fa":
        assert not set(re.findall(r"[A-Za-z0-9]+", text)) - {"English"}, text
    else:
        assert "Strengths" in text and "Opportunities" in text and "you are Ali" in text
    state = phone.state()
    assert state["step_text"] == ("مقایسهٔ ۱ از ۳" if lang == "fa" else "Comparison 1 of 3")


def test_the_study_page_starts_a_session_and_lists_them(planner, app):
    study_id = tiny_study(planner)
    page = planner.client.get(f"/studies/{study_id}").text
    assert 'id="start-workshop"' in page and f'action="/studies/{study_id}/live"' in page
    path, code = start_session(planner, study_id)
    listed = planner.client.get(f"/studies/{study_id}/live").text
    assert code in listed and path in listed
    with app.state.store.session() as s:
        assert s.scalar(select(func.count()).select_from(WorkshopSession)) == 1


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(
        r"<(script|style|svg)[^>]*>.*?</\1>", "", page, flags=re.DOTALL))))


def test_the_planners_workshop_pages_are_persian(planner, app):
    from test_persian_pages import latin_in

    study_id = tiny_study(planner)
    path, code = start_session(planner, study_id)
    phone = Phone(app, code, "مینا")
    phone.vote(AGENDA[0], "3")
    typed = ("planner@example.org", "planner")
    for page in (path, path + "/projector", f"/studies/{study_id}/live", f"/studies/{study_id}"):
        leaks = latin_in(planner.client.get(page).text, typed)
        assert not leaks, (page, sorted(set(leaks)))
    state = board(planner, path)  # what the page's script writes in
    texts = [state[k] for k in ("step_text", "state_text", "title", "a", "b", "voted_text", "center_text")]
    assert not re.findall(r"[A-Za-z0-9]", " ".join(texts + state["columns"] + state["count_labels"])), texts


def test_a_rating_is_voted_by_level_and_pooled_by_its_mean(planner, app):
    study_id = planner.create_library_study("generic-swot", "Ratings workshop")
    planner.client.get(f"/lang/en?next=/studies/{study_id}")
    path, code = start_session(planner, study_id)
    phones = [Phone(app, code, name) for name in ("Ana", "Bo")]
    pairs = 6 + 4 * 3  # the groups, then three factors in each of the four groups
    for _ in range(pairs):
        control(planner, path, "next")
    state = board(planner, path)
    assert state["kind"] == "rating" and state["item"] == "r|P1|S1" and state["step_text"] == "Comparison 19 of 54"
    assert state["columns"] == ["Very high", "High", "Medium", "Low", "Very low"]
    # the phone shows the levels of the rating on screen
    page = phones[0].client.get(f"/w/{code}").text
    assert re.search(r'<section class="w-item" data-step="18" data-item="r\|P1\|S1">', page)
    assert phones[0].vote("r|P1|S1", "0").status_code == 200 and phones[1].vote("r|P1|S1", "2").status_code == 200
    assert phones[1].vote("r|P1|S1", "7").status_code == 422  # no such level
    state = board(planner, path)
    assert state["counts"] == [1, 0, 1, 0, 0] and state["center"] == pytest.approx((1.0 + 0.3) / 2)
    assert state["center_text"] == "mean rating 0.65" and state["position"] == pytest.approx((1.0 - 0.65) / (1.0 - 0.6))  # between Very high and High


def test_someone_who_left_early_is_refused_by_the_reader_and_the_others_are_analysed(planner, app):
    study_id = tiny_study(planner)
    path, code = start_session(planner, study_id)
    stays, leaves = Phone(app, code, "Stays"), Phone(app, code, "Leaves")
    Phone(app, code, "Watches")  # joins, never votes
    for step, value in enumerate(("3", "5", "1/2")):
        if step:
            control(planner, path, "next")
        stays.vote(AGENDA[step], value)
        if step == 0:
            leaves.vote(AGENDA[0], "1/3")  # then gone: the strategies are never compared on S1 or O1
    control(planner, path, "finish")
    control(planner, path, "finish")  # a second click makes nothing again (two uploads below, not four)
    flash = planner.client.get(path).text
    assert "۱ پاسخ پذیرفته و ۱ پاسخ پذیرفته نشد" in flash  # who never voted makes no response at all
    app.state.worker.run_pending()
    assert board(planner, path)["results"]["state"] == "ready"
    with app.state.store.session() as s:
        uploads = {u.filename: u for u in s.scalars(select(Upload).where(Upload.study_id == study_id))}
        keys = {p.name: p.expert_key for p in s.scalars(select(WorkshopParticipant))}
        run = s.scalars(select(Run).where(Run.study_id == study_id)).one()
    assert keys["Watches"] is None and len(uploads) == 2
    refused = uploads[f"workshop-{code}-{keys['Leaves']}.xlsx"]
    assert refused.status == "rejected" and refused.problems  # the reader says which comparisons are missing
    assert run.upload_ids == [uploads[f"workshop-{code}-{keys['Stays']}.xlsx"].id]

