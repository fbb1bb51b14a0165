"""Inputs bounded and checked, forms that act once, and the CR warnings of an upload — through HTTP as a browser.

Ids in URLs that no row could have answer the app's 404 page (never a 500 or
FastAPI's JSON 422); expert ids and weights are checked where they come in;
an expert's name is never a formula in the workbook sent to them; the
scenario-name rule says what it checks; a failed model upload still offers
the ready models; a form sent twice (double click, reload) acts once; and
the upload page lists, per expert, the sets above the CR threshold with the
judgment to revisit, as `rahbord validate` does.
"""

from __future__ import annotations

import io
import re

import pytest
from webhelpers import csrf_of

from rahbord.store import Job, Study, StudyExpert


def _form_token(html: str, form_id: str) -> str:
    form = html[html.index(f'id="{form_id}"'):]
    return re.search(r'name="form_token" value="([^"]+)"', form[: form.index("</form>")]).group(1)


# ---- ids in URLs ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/studies/abc", "/studies/99999999999999999999999", "/studies/0", "/studies/-1", "/studies/2147483648",
    "/studies/{sid}/runs/99999999999999999999999", "/studies/{sid}/runs/abc",
    "/studies/{sid}/uploads/99999999999999999999", "/studies/{sid}/jobs/99999999999999999999",
    "/studies/{sid}/comparisons/99999999999999999999", "/studies/{sid}/scenarios/99999999999999999999.yaml",
])
def test_ids_no_row_could_have_are_the_apps_404_page(planner, client, path):
    study_id = planner.create_library_study()
    response = client.get(path.format(sid=study_id))
    assert response.status_code == 404, (path, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="card error-page"' in response.text and "detail" not in response.text


def test_a_post_to_a_huge_id_is_a_404_page_too(planner, client):
    token = planner.csrf()
    response = client.post("/studies/99999999999999999999999/experts", data={"csrf_token": token, "name": "x"})
    assert response.status_code == 404 and 'class="card error-page"' in response.text


# ---- experts -------------------------------------------------------------------------------------
def test_an_expert_list_with_unsafe_ids_or_absurd_weights_is_refused(planner, client):
    study_id = planner.create_library_study()
    client.get("/lang/en")
    listing = "id,name,weight\n../../evil,Mallory,1\n=HYPERLINK(1),Eve,1\nE3,Bob,1e300\nE4,Ann,0.00001\nE5,Sam,2\n"
    response = planner.post(f"/studies/{study_id}/experts/upload",
                            files={"expert_file": ("experts.csv", listing.encode(), "text/csv")})
    assert response.status_code == 400
    text = response.text
    for bad in ("../../evil", "=HYPERLINK(1)", "1e300", "0.00001"):
        assert bad in text, bad
    assert "is not an expert id" in text and "too large" in text and "too small" in text
    with client.app.state.store.session() as s:
        assert s.query(StudyExpert).filter_by(study_id=study_id).count() == 0  # nothing half-added


@pytest.mark.parametrize("weight", ["1e300", "-1", "0", "nan", "inf", "abc", "1001"])
def test_an_expert_weight_out_of_range_is_refused_on_the_apps_page(planner, client, weight):
    study_id = planner.create_library_study()
    response = planner.post(f"/studies/{study_id}/experts", {"name": "Ann", "weight": weight})
    assert response.status_code == 400 and 'class="card error-page"' in response.text
    with client.app.state.store.session() as s:
        assert s.query(StudyExpert).filter_by(study_id=study_id).count() == 0


def test_an_experts_name_is_never_a_formula_in_their_questionnaire(planner, client):
    import openpyxl

    study_id = planner.create_library_study()
    hostile = '=HYPERLINK("http://evil.example","click")'
    assert planner.post(f"/studies/{study_id}/experts", {"name": hostile, "role": "+cmd|' /C calc'!A0",
                                                         "weight": "1"}, follow_redirects=False).status_code == 303
    workbook = client.get(f"/studies/{study_id}/questionnaires/E001.xlsx")
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    seen.append((sheet.title, cell.coordinate, cell.data_type, cell.value))
    assert seen, "the name is written somewhere"
    assert all(data_type != "f" and not value.startswith(("=", "+", "-", "@")) for _, _, data_type, value in seen), seen
    hidden = [value for title, _, _, value in seen if book[title].sheet_state != "visible"]
    assert hidden == ["'" + hostile]  # the hidden sheet keeps the name, inert


# ---- scenarios and the model upload ---------------------------------------------------------------
def test_the_scenario_name_rule_is_what_its_message_says(planner, client):
    from analysis.scenarios.spec import SCENARIO_NAME_RULE

    study_id = planner.create_library_study()
    planner.add_experts(study_id, 2)
    client.get("/lang/en")
    refused = planner.post(f"/studies/{study_id}/scenarios", {"name": "threats/double"})
    assert refused.status_code == 400
    assert SCENARIO_NAME_RULE.replace("'", "&#39;") in refused.text
    import criteria

    kept = {f"strategy-{s}": "on" for s in criteria.load_library_model("tehran-city-diplomacy").strategy_ids}
    for name in ("sanctions persist", "تحریم‌ها ادامه دارد", "threats_double-2"):  # what the rule allows
        accepted = planner.post(f"/studies/{study_id}/scenarios", {"name": name, "aggregation": "aip", **kept},
                                follow_redirects=False)
        assert accepted.status_code == 303, (name, accepted.text[-1500:])


def test_a_failed_model_upload_still_offers_the_ready_models(planner, client):
    response = planner.post("/studies/upload", files={"model_file": ("model.yaml", b"id: x\ngroups: 7\n",
                                                                     "application/yaml")})
    assert response.status_code == 400
    assert 'id="new-from-library"' in response.text and 'value="tehran-city-diplomacy"' in response.text


# ---- forms that act once ---------------------------------------------------------------------------
def test_registering_an_expert_twice_with_one_form_adds_one(planner, client):
    study_id = planner.create_library_study()
    page = client.get(f"/studies/{study_id}").text
    data = {"csrf_token": csrf_of(page), "form_token": _form_token(page, "add-expert"), "name": "Ann", "weight": "1"}
    first = client.post(f"/studies/{study_id}/experts", data=data, follow_redirects=False)
    second = client.post(f"/studies/{study_id}/experts", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    with client.app.state.store.session() as s:
        assert s.query(StudyExpert).filter_by(study_id=study_id).count() == 1
    # the next form shown carries a new token: adding another expert works
    page = client.get(f"/studies/{study_id}").text
    again = dict(data, form_token=_form_token(page, "add-expert"), name="Bob")
    assert client.post(f"/studies/{study_id}/experts", data=again, follow_redirects=False).status_code == 303
    with client.app.state.store.session() as s:
        assert s.query(StudyExpert).filter_by(study_id=study_id).count() == 2


def test_a_refused_form_can_be_corrected_and_sent_again(planner, client):
    study_id = planner.create_library_study()
    page = client.get(f"/studies/{study_id}").text
    data = {"csrf_token": csrf_of(page), "form_token": _form_token(page, "add-expert"), "name": "Ann", "weight": "-3"}
    assert client.post(f"/studies/{study_id}/experts", data=data).status_code == 400
    data["weight"] = "3"  # the browser's back button: the same form, corrected
    assert client.post(f"/studies/{study_id}/experts", data=data, follow_redirects=False).status_code == 303
    with client.app.state.store.session() as s:
        assert [e.weight for e in s.query(StudyExpert).filter_by(study_id=study_id)] == [3.0]


def test_starting_an_analysis_twice_with_one_form_queues_one_job(planner, client, panel_files):
    study_id = planner.create_library_study()
    planner.add_experts(study_id, 5)
    planner.post(f"/studies/{study_id}/responses",
                 files=[("files", (n, d, "application/octet-stream")) for n, d in panel_files])
    page = client.get(f"/studies/{study_id}").text
    data = {"csrf_token": csrf_of(page), "form_token": _form_token(page, "run-analysis"), "robustness_draws": "0"}
    first = client.post(f"/studies/{study_id}/analyze", data=data, follow_redirects=False)
    second = client.post(f"/studies/{study_id}/analyze", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]  # both follow the one job
    with client.app.state.store.session() as s:
        assert s.query(Job).filter_by(study_id=study_id, kind="analyze").count() == 1


def test_creating_a_study_twice_with_one_form_makes_one(planner, client):
    page = client.get("/studies").text
    data = {"csrf_token": csrf_of(page), "form_token": _form_token(page, "new-from-library"),
            "name": "generic-swot", "title": "Once"}
    first = client.post("/studies/library", data=data, follow_redirects=False)
    second = client.post("/studies/library", data=data, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    with client.app.state.store.session() as s:
        assert s.query(Study).filter_by(title="Once").count() == 1


def test_a_form_token_belongs_to_its_session(planner, client, other_planner):
    """Another planner replaying a token gets nothing of the first planner's (their own submit is checked)."""
    study_id = planner.create_library_study()
    page = client.get(f"/studies/{study_id}").text
    token = _form_token(page, "add-expert")
    assert client.post(f"/studies/{study_id}/experts", data={"csrf_token": csrf_of(page), "form_token": token,
                                                             "name": "Ann"}, follow_redirects=False).status_code == 303
    intruder = other_planner.client
    replay = intruder.post(f"/studies/{study_id}/experts",
                           data={"csrf_token": other_planner.csrf(), "form_token": token, "name": "Mallory"},
                           follow_redirects=False)
    assert replay.status_code in (303, 404)
    assert f"/studies/{study_id}" not in replay.headers.get("location", "") or replay.status_code == 404


# ---- CR warnings on the upload page ------------------------------------------------------------------
def _warning_rows(html: str) -> list[list[str]]:
    section = html[html.index('id="cr-warnings"'):]
    section = section[: section.index("</section>")]
    # a cell's text without its markup (an expert's code is a small tag)
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r'<tr class="warning">(.*?)</tr>', section)]


def test_the_upload_page_lists_the_sets_above_the_cr_threshold_with_the_judgment_to_revisit(planner, client,
                                                                                           panel_files, tmp_path):
    import criteria
    import surveys
    from rahbord.store import Upload
    from surveys.revision import consistency_warnings

    study_id = planner.create_library_study()
    planner.add_experts(study_id, 5)
    client.get("/lang/en")
    page = planner.post(f"/studies/{study_id}/responses",
                        files=[("files", (n, d, "application/octet-stream")) for n, d in panel_files])
    assert page.status_code == 200 and 'id="cr-warnings"' in page.text, page.text[-2000:]
    rows = _warning_rows(page.text)
    assert rows and all(len(r) == 5 and " / " in r[4] and "→" in r[4] for r in rows)
    # the same list as the library function that `rahbord validate` prints
    for name, data in panel_files:
        (tmp_path / name).write_bytes(data)
    model = criteria.load_library_model("tehran-city-diplomacy")
    responses = surveys.read_responses(model, [str(tmp_path / n) for n, _ in panel_files])
    expected = consistency_warnings(model, responses)
    assert [(r[1], float(r[3])) for r in rows] == [(w.expert_id, pytest.approx(w.cr, abs=1e-3)) for w in expected]

    client.get("/lang/fa")  # the upload's own page, in Persian: Persian digits, the arrow pointing the reading way
    with client.app.state.store.session() as s:
        upload_id = next(u.id for u in s.query(Upload).filter_by(study_id=study_id, status="accepted")
                         if any(p.get("kind") == "consistency" for p in u.problems))
    persian = _warning_rows(client.get(f"/studies/{study_id}/uploads/{upload_id}/problems").text)
    assert persian and all("←" in r[4] and not re.search(r"[0-9]", r[2] + r[3] + r[4]) for r in persian), persian


def test_an_expert_list_is_refused_in_persian_on_a_persian_page(planner, client):
    study_id = planner.create_library_study()
    client.get("/lang/fa")
    listing = "id,name,weight,lang\n../../evil,Mallory,1,\nE3,Bob,1e300,\nE3,Ann,2,klingon\n"
    response = planner.post(f"/studies/{study_id}/experts/upload",
                            files={"expert_file": ("experts.csv", listing.encode(), "text/csv")})
    assert response.status_code == 400
    text = response.text
    for said in ("شناسهٔ خبره نیست", "بیش از اندازه بزرگ است", "در سطر ۳ هم آمده است", "نام زبان نیست", "سطر ۴ › زبان"):
        assert said in text, said
    for english in ("is not an expert id", "too large", "also used", "is not a language", "row 4"):
        assert english not in text, english
