"""A planner's study from model to report through the web app (HTTP level)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from webhelpers import csrf_of, sign_up

from mcda.digits import ascii_digits
from rahbord.web.filetypes import XLSX, sniff
from rahbord.web.i18n import MESSAGES

XLSX_TYPE = "application/octet-stream"


def _files(items):
    return [("files", (name, data, XLSX_TYPE)) for name, data in items]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/studies", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signin"


def test_sign_up_sign_out_sign_in(client):
    planner = sign_up(client, "a@example.org")
    assert client.get("/studies").status_code == 200
    planner.post("/signout", follow_redirects=False)
    assert client.get("/studies", follow_redirects=False).status_code == 303
    token = csrf_of(client.get("/signin").text)
    bad = client.post("/signin", data={"email": "a@example.org", "password": "wrong password",
                                       "csrf_token": token})
    assert bad.status_code == 400
    good = client.post("/signin", data={"email": "A@example.org", "password": "correct horse battery",
                                        "csrf_token": token}, follow_redirects=False)
    assert good.status_code == 303


def test_sign_up_refuses_short_passwords_and_never_takes_over_a_taken_email(client, app):
    token = csrf_of(client.get("/signup").text)
    short = client.post("/signup", data={"email": "b@example.org", "password": "short", "csrf_token": token})
    assert short.status_code == 400
    sign_up(client, "b@example.org")
    with type(client)(app) as other:
        token = csrf_of(other.get("/signup").text)
        again = other.post("/signup", data={"email": "b@example.org", "password": "another long one",
                                            "csrf_token": token}, follow_redirects=False)
        assert again.status_code == 303 and again.headers["location"] == "/signin"  # as for a free e-mail
        token = csrf_of(other.get("/signin").text)
        taken = other.post("/signin", data={"email": "b@example.org", "password": "another long one",
                                            "csrf_token": token})
        assert taken.status_code == 400  # the account keeps its own password


def test_passwords_are_stored_as_argon2_hashes(planner, app):
    from rahbord.store import User

    with app.state.store.session() as s:
        user = s.query(User).one()
    assert user.password_hash.startswith("$argon2id$") and "correct horse" not in user.password_hash


def test_study_from_the_library(planner, client):
    study_id = planner.create_library_study(title="City diplomacy 1404")
    page = client.get(f"/studies/{study_id}")
    assert page.status_code == 200 and "City diplomacy 1404" in page.text
    assert "P1" in page.text and "S1" in page.text
    assert client.get("/studies").text.count(f"/studies/{study_id}") >= 1


def test_study_from_an_uploaded_yaml_model(planner, client):
    yaml_text = client.get(f"/studies/{planner.create_library_study()}/model.yaml").content
    response = planner.post("/studies/upload", {"title": "from yaml"},
                            files={"model_file": ("m.yaml", yaml_text, "application/yaml")}, follow_redirects=False)
    assert response.status_code == 303
    assert "from yaml" in client.get(response.headers["location"]).text


def test_a_broken_model_file_lists_its_problems(planner):
    bad = b"id: x\nversion: '1'\ngroups: []\n"
    response = planner.post("/studies/upload", {}, files={"model_file": ("bad.yaml", bad, "application/yaml")})
    assert response.status_code == 400
    assert "bad.yaml" in response.text and 'class="problems"' in response.text


def test_a_binary_model_file_is_refused_by_content(planner):
    response = planner.post("/studies/upload", {}, files={"model_file": ("m.yaml", b"%PDF-1.7\x00\x01", "x")})
    assert response.status_code == 415 and "PDF" in response.text


def test_model_form_creates_a_study_and_marks_bad_fields(planner, client):
    form = client.get("/studies/new")
    assert form.status_code == 200 and 'name="factors-0-label_fa"' in form.text
    data = {
        "id": "ports", "version": "1", "title_en": "Ports", "title_fa": "بنادر", "goal_en": "Choose",
        "goal_fa": "انتخاب", "evaluation": "ratings",
        "groups-0-id": "S", "groups-0-label_en": "Strengths", "groups-0-label_fa": "قوت‌ها",
        "groups-1-id": "W", "groups-1-label_en": "Weaknesses", "groups-1-label_fa": "ضعف‌ها",
        "factors-0-id": "S1", "factors-0-group": "S", "factors-0-label_en": "Deep water", "factors-0-label_fa": "آب عمیق",
        "factors-1-id": "W1", "factors-1-group": "W", "factors-1-label_en": "Old cranes", "factors-1-label_fa": "جرثقیل کهنه",
        "strategies-0-id": "P1", "strategies-0-label_en": "Dredge", "strategies-0-label_fa": "لایروبی",
        "strategies-1-id": "P2", "strategies-1-label_en": "Buy cranes", "strategies-1-label_fa": "خرید جرثقیل",
    }
    bad = dict(data, **{"factors-1-group": "Q"})
    refused = planner.post("/studies/new", bad)
    assert refused.status_code == 400
    field = re.search(r'<div class="field has-error[^"]*">\s*<input id="f-factors-1-group"', refused.text)
    assert field, "the bad field is not marked"
    created = planner.post("/studies/new", data, follow_redirects=False)
    assert created.status_code == 303
    assert "Deep water" in client.get("/lang/en?next=" + created.headers["location"]).text


def test_experts_by_form_and_by_csv(planner, client):
    study_id = planner.create_library_study()
    planner.add_experts(study_id, 2)
    csv_text = "name,email,role,weight,lang\nمریم,m@example.org,planner,2,fa\nJohn,j@example.org,advisor,1,en\n"
    response = planner.post(f"/studies/{study_id}/experts/upload", {},
                            files={"expert_file": ("panel.csv", csv_text.encode(), "text/csv")},
                            follow_redirects=False)
    assert response.status_code == 303
    page = client.get(f"/studies/{study_id}").text
    assert all(key in page for key in ("E001", "E002", "E003", "E004")) and "مریم" in page


def test_experts_from_an_xlsx_list_and_its_problems_by_cell(planner, client):
    import openpyxl

    study_id = planner.create_library_study()

    def workbook(rows) -> bytes:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    good = workbook([["شناسه", "نام", "سمت", "وزن"], ["K1", "مریم", "شهردار", 2], ["K2", "Reza", "", None]])
    response = planner.post(f"/studies/{study_id}/experts/upload", {},
                            files={"expert_file": ("panel.xlsx", good, XLSX_TYPE)}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(f"/studies/{study_id}").text
    assert "K1" in page and "K2" in page and "مریم" in page
    bad = workbook([["id", "name", "weight"], ["K3", "Ann", "heavy"], ["K3", "Dup", 1]])
    response = planner.post(f"/studies/{study_id}/experts/upload", {},
                            files={"expert_file": ("bad.xlsx", bad, XLSX_TYPE)})
    assert response.status_code == 400
    cells = re.findall(r'<td class="cell" dir="ltr">([^<]*)</td>', response.text)
    assert cells == ["C2", "A3"], cells
    # nothing half-added (the page's words only: a random form token may hold "K3")
    assert "K3" not in re.sub(r"<[^>]+>", " ", client.get(f"/studies/{study_id}").text)


def test_questionnaires_one_by_one_and_as_a_zip(planner, client):
    study_id = planner.create_library_study()
    planner.add_experts(study_id, 3)
    one = client.get(f"/studies/{study_id}/questionnaires/E002.xlsx?lang=en")
    assert one.status_code == 200 and sniff(one.content) == XLSX
    assert "questionnaire-E002-en.xlsx" in one.headers["content-disposition"]
    bundle = client.get(f"/studies/{study_id}/questionnaires.zip?lang=fa")
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert sorted(names) == [f"questionnaire-E00{k}-fa.xlsx" for k in (1, 2, 3)]
    assert client.get(f"/studies/{study_id}/questionnaires/E999.xlsx").status_code == 404


def _study_with_panel(planner, n=5) -> int:
    study_id = planner.create_library_study()
    planner.add_experts(study_id, n)
    return study_id


def test_uploads_report_every_problem_and_keep_the_good_answers(planner, client, panel_files):
    study_id = _study_with_panel(planner)
    client.get("/lang/en")
    broken_name, broken = "broken-E001.xlsx", _break_workbook(panel_files[0][1])
    response = planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[1:] + [(broken_name, broken)]))
    assert response.status_code == 200
    assert "4 accepted, 1 refused." in _text(response.text)
    rows = re.findall(r"<tr><td dir=\"auto\">([^<]*)</td><td dir=\"auto\">([^<]*)</td><td class=\"cell\" dir=\"ltr\">([^<]*)</td>",
                      response.text)
    assert rows, "no problem table"
    assert all(file == broken_name for file, _sheet, _cell in rows)
    assert any(cell for _file, _sheet, cell in rows), "problems name no cell"
    # the message column (the model's codes in it are small tags)
    assert any("ten" in message for message in re.findall(r'<td dir="auto">(.*?)</td><td dir="auto">[^<]*</td></tr>',
                                                              response.text))
    page = client.get(f"/studies/{study_id}").text
    assert page.count("✓") == 4


def _break_workbook(data: bytes) -> bytes:
    """The same questionnaire with one answer replaced by text off the scale."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked is False and cell.value not in (None, ""):
                    cell.value = "ten"
                    out = io.BytesIO()
                    book.save(out)
                    return out.getvalue()
    raise AssertionError("no answer cell found")


def test_a_corrected_workbook_replaces_the_earlier_one_and_keeps_history(planner, client, app, panel_files):
    from rahbord.store import Upload

    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    with app.state.store.session() as s:
        rows = s.query(Upload).filter_by(study_id=study_id).order_by(Upload.id).all()
    assert [(r.status, r.current) for r in rows] == [("accepted", False), ("accepted", True)]
    assert rows[0].replaced_at is not None and rows[0].blob_sha256 == rows[1].blob_sha256
    assert client.get(f"/studies/{study_id}/uploads/{rows[0].id}").content == panel_files[0][1]


def test_a_zip_of_workbooks_is_unpacked(planner, client, panel_files):
    study_id = _study_with_panel(planner)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in panel_files[:3]:
            archive.writestr(f"answers/{name}", data)
    response = planner.post(f"/studies/{study_id}/responses",
                            files=_files([("answers.zip", buffer.getvalue())]))
    assert response.status_code == 200
    assert client.get(f"/studies/{study_id}").text.count("✓") == 3


def test_analysis_runs_as_a_job_and_shows_ranking_and_consistency(planner, client, app, panel_files):
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    started = planner.post(f"/studies/{study_id}/analyze", {"method": "eigen", "aggregation": "aij"},
                           follow_redirects=False)
    job_url = started.headers["location"]
    status = client.get(job_url + ".json").json()
    assert status["status"] == "queued" and status["target"] is None
    assert 'data-status="queued"' in client.get(job_url).text
    app.state.worker.run_pending()
    status = client.get(job_url + ".json").json()
    assert status["status"] == "done" and status["progress"] == 100, status
    page = client.get(status["target"])
    assert page.status_code == 200
    assert 'id="ranking-table"' in page.text and 'class="best"' in page.text
    assert 'id="consistency-table"' in page.text
    assert "data:image/svg+xml;base64," in page.text  # the reports' own charts


def test_analysis_with_robustness_shows_acceptability_crossings_and_other_methods(planner, client, app, panel_files):
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    prefilled = re.search(r'name="robustness_draws" value="([^"]+)"', client.get(f"/studies/{study_id}").text).group(1)
    assert ascii_digits(prefilled).replace(",", "") == "2000"  # in the page's digits, as the form reads them back
    planner.post(f"/studies/{study_id}/analyze", {"robustness_draws": "۵۰۰"}, follow_redirects=False)
    planner.post(f"/studies/{study_id}/analyze", {"robustness_draws": "0"}, follow_redirects=False)
    app.state.worker.run_pending()
    runs = sorted({int(r) for r in re.findall(r'href="/studies/\d+/runs/(\d+)"', client.get(f"/studies/{study_id}").text)})
    with_draws, without = (client.get(f"/studies/{study_id}/runs/{r}") for r in runs)
    client.get("/lang/en")
    page = client.get(f"/studies/{study_id}/runs/{runs[0]}").text
    text = _text(page)
    assert 'id="acceptability-table"' in page and 'id="methods-table"' in page
    assert "P(first)" in text and "P(top 3)" in text and "500 draws" in text
    assert re.search(r"ranks first in \d+% of 500 perturbed panels", text), text[:3000]
    assert "other MCDA methods also rank it first" in text
    assert re.search(r'<td class="num p-first shade-\d+">', page)  # shaded by classes, not inline styles
    assert ' style="' not in page
    assert "without the robustness check" in _text(client.get(f"/studies/{study_id}/runs/{runs[1]}").text)
    assert 'id="acceptability-table"' in with_draws.text and 'id="acceptability-table"' not in without.text


@pytest.mark.parametrize("draws", ["-5", "many", "1e9", "20001", "²"])
def test_robustness_draws_out_of_range_are_refused_with_a_message(planner, client, panel_files, draws):
    study_id = _study_with_panel(planner, n=1)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files[:1]))
    client.get("/lang/en")
    response = planner.post(f"/studies/{study_id}/analyze", {"robustness_draws": draws})
    assert response.status_code == 400 and "Monte Carlo draws" in response.text and "0 to 20,000" in _text(response.text)


def test_report_workbook_is_made_by_a_job_then_downloaded(planner, client, app, panel_files):
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    app.state.worker.run_pending()
    run_url = re.search(r'href="(/studies/\d+/runs/\d+)"', client.get(f"/studies/{study_id}").text).group(1)
    made = planner.post(run_url + "/reports", {"kind": "xlsx", "lang": "en"}, follow_redirects=False)
    job_url = made.headers["location"]
    app.state.worker.run_pending()
    target = client.get(job_url + ".json").json()["target"]
    download = client.get(target)
    assert download.status_code == 200 and sniff(download.content) == XLSX
    again = planner.post(run_url + "/reports", {"kind": "xlsx", "lang": "en"}, follow_redirects=False)
    assert again.headers["location"] == target  # made once, kept


def test_analysis_without_answers_is_refused_with_a_message(planner, client):
    study_id = planner.create_library_study()
    response = planner.post(f"/studies/{study_id}/analyze", {})
    assert response.status_code == 400


def test_interface_in_both_languages(planner, client):
    study_id = planner.create_library_study()
    fa = client.get(f"/lang/fa?next=/studies/{study_id}")
    assert '<html lang="fa" dir="rtl">' in fa.text and "کارشناسان" in fa.text
    en = client.get(f"/lang/en?next=/studies/{study_id}")
    assert '<html lang="en" dir="ltr">' in en.text and "Experts" in en.text


def test_every_message_used_in_templates_is_in_the_catalogue():
    from importlib.resources import files

    used = set()
    for template in (files("rahbord.web") / "templates").iterdir():
        used |= set(re.findall(r"\bt\('([a-z_]+)'\s*[,)]", template.read_text(encoding="utf-8")))
    assert used and used <= set(MESSAGES), sorted(used - set(MESSAGES))
    assert all(fa for _en, fa in MESSAGES.values())


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_language_switch_is_not_an_open_redirect(client, target):
    response = client.get("/lang/en", params={"next": target}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_revision_sheet_for_an_inconsistent_expert(planner, client, app, panel_files):
    study_id = _study_with_panel(planner)
    planner.post(f"/studies/{study_id}/responses", files=_files(panel_files))
    planner.post(f"/studies/{study_id}/analyze", {}, follow_redirects=False)
    app.state.worker.run_pending()
    run_url = re.search(r'href="(/studies/\d+/runs/\d+)"', client.get(f"/studies/{study_id}").text).group(1)
    links = re.findall(r'href="(/studies/\d+/runs/\d+/revision/[^"]+\?lang=fa)"', client.get(run_url).text)
    assert links, "the synthetic panel has an inconsistent expert; the page offers no revision sheet"
    sheet = client.get(links[0])
    assert sheet.status_code == 200 and sniff(sheet.content) == XLSX
