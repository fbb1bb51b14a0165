"""`rahbord questionnaire` and `rahbord validate` produce real files and never a traceback for user errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from criteria import load_library_model
from rahbord.cli import app
from surveys import synthetic_panel

runner = CliRunner()


def _run(*args):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_questionnaire_for_n_experts(tmp_path):
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", "3", "--lang", "en", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.xlsx"))
    assert [f.name for f in files] == [f"questionnaire-E0{k}-en.xlsx" for k in (1, 2, 3)]
    assert "362" in result.output  # 331 comparisons and strategy ratings + 31 current-position ratings


def test_questionnaire_from_csv_incomplete(tmp_path):
    csv = tmp_path / "experts.csv"
    rows = ["id,name,email,role,weight"] + [f"X{k},Expert {k},x{k}@example.org,academic,{1 + k % 2}"
                                             for k in range(1, 9)]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "q"
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", csv, "--lang", "fa", "--out", out,
                  "--incomplete", "--coverage", "3")
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("questionnaire-X*-fa.xlsx"))) == 8
    assert "incomplete design" in result.output


def test_questionnaire_from_an_xlsx_list_with_persian_headers(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["نام", "رایانامه", "وزن"])
    for k in range(1, 4):
        book.active.append([f"کارشناس {k}", f"e{k}@example.org", k])
    book.save(tmp_path / "panel.xlsx")
    out = tmp_path / "q"
    result = _run("questionnaire", "generic-swot", "--experts", tmp_path / "panel.xlsx", "--lang", "fa", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.xlsx")) == [f"questionnaire-E0{k}-fa.xlsx" for k in (1, 2, 3)]


def test_questionnaire_user_errors_print_a_table_not_a_traceback(tmp_path):
    csv = tmp_path / "experts.csv"
    csv.write_text("id,name,weight\nA,Ann,1\nA,Again,1\n,No id,1\nB,Bob,heavy\n", encoding="utf-8")
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", csv, "--out", tmp_path / "q")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    # the questionnaires' language (Persian by default) is the planner's: the problems are in it
    assert "سطر ۳" in result.output and "سطر ۴" in result.output and "سطر ۵" in result.output
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", csv, "--lang", "en", "--out", tmp_path / "q")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "row 3" in result.output and "row 4" in result.output and "row 5" in result.output
    result = _run("questionnaire", "no-such-model", "--experts", "2", "--out", tmp_path / "q")
    assert result.exit_code == 2 and "library model" in result.output
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", "2", "--out", tmp_path / "q",
                  "--incomplete", "--coverage", "5")
    assert result.exit_code == 2 and "--coverage" in result.output
    result = _run("questionnaire", "tehran-city-diplomacy", "--experts", "2", "--lang", "de", "--out", tmp_path)
    assert result.exit_code == 2


def test_validate_model_only():
    result = _run("validate", "tehran-city-diplomacy")
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output
    result = _run("validate", "tehran-city-diplomacy", "--json")
    data = json.loads(result.output)
    assert data["ok"] is True and data["judgments_per_expert"] == 362  # 331 + 31 position ratings


def test_validate_bad_model_file(tmp_path):
    bad = tmp_path / "model.yaml"
    bad.write_text("id: m\nversion: 1\n", encoding="utf-8")
    result = _run("validate", bad)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_validate_words_a_model_files_problems_in_persian_with_lang_fa(tmp_path):
    bad = tmp_path / "model.yaml"
    bad.write_text(
        "id: ports\nversion: '1'\ntitle_en: Ports\ntitle_fa: بنادر\ngoal_en: Choose\ngoal_fa: انتخاب\n"
        "groups:\n  - {id: S, label_en: Strengths, label_fa: قوت‌ها}\n  - {id: W, label_en: Weaknesses, label_fa: ضعف‌ها}\n"
        "factors:\n  - {id: S1, group: S, label_en: Deep, label_fa: عمیق}\n  - {id: W1, group: W, label_en: Old, label_fa: کهنه}\n"
        "strategies:\n  - {id: P1, label_en: Dredge, label_fa: لایروبی}\n  - {id: P1, label_en: Buy, label_fa: ''}\n",
        encoding="utf-8")
    fa = _run("validate", bad, "--lang", "fa")
    assert fa.exit_code == 1 and "Traceback" not in fa.output
    assert "۲ خطا، ۲ هشدار" in fa.output and "مورد انتظار" in fa.output  # the table's title and heads
    messages = [p["message"] for p in json.loads(_run("validate", bad, "--lang", "fa", "--json").output)["problems"]]
    assert messages[:2] == ["شناسهٔ «P1» تکراری است: پیش‌تر برای راهبرد ۱ به کار رفته", "برچسب فارسی راهبرد P1 خالی است"]
    assert all(m.startswith("گروه «") and "تنها یک عامل" in m for m in messages[2:]), messages
    en = [p["message"] for p in json.loads(_run("validate", bad, "--json").output)["problems"]]  # English by default
    assert en[:2] == ["duplicate id 'P1': already used by strategies[0]", "empty Persian label (label_fa) of strategy P1"]


def test_validate_responses_table_and_json(tmp_path):
    model = load_library_model("tehran-city-diplomacy")
    panel = synthetic_panel(model, 3, seed=2, inconsistent_share=0.34, out_dir=tmp_path / "answers", lang="en")
    result = _run("validate", "tehran-city-diplomacy", tmp_path / "answers")
    assert result.exit_code == 0, result.output
    assert "3 questionnaires accepted" in result.output
    assert panel.inconsistent[0] in result.output  # the inconsistency table names the expert

    fake = tmp_path / "answers" / "zz-notes.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    result = _run("validate", "tehran-city-diplomacy", *panel.paths, fake)
    assert result.exit_code == 1
    assert "zz-notes.xlsx" in result.output and "not an Excel workbook" in result.output
    result = _run("validate", "tehran-city-diplomacy", tmp_path / "answers", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False and data["errors"] == 1
    assert data["problems"][0]["file"].endswith("zz-notes.xlsx")


@pytest.mark.parametrize("command", ["questionnaire", "validate"])
def test_help_has_an_example(command):
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"rahbord {command}" in result.output


@pytest.mark.slow
def test_console_script_writes_real_files(tmp_path):
    out = subprocess.run([sys.executable, "-m", "rahbord", "questionnaire", "tehran-city-diplomacy", "--experts", "2",
                          "--lang", "fa", "--out", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert len(list(tmp_path.glob("*.xlsx"))) == 2
    check = subprocess.run([sys.executable, "-m", "rahbord", "validate", "tehran-city-diplomacy", str(tmp_path),
                            "--json"], capture_output=True, text=True)
    assert check.returncode == 1  # unanswered questionnaires
    assert "هیچ پاسخی ندارد" in json.loads(check.stdout)["problems"][0]["message"]  # told in the questionnaire's language


def test_validate_lists_whom_to_call_back_and_writes_revisions(tmp_path):
    model = load_library_model("tehran-city-diplomacy")
    panel = synthetic_panel(model, 3, seed=2, inconsistent_share=0.34, out_dir=tmp_path / "answers", lang="fa")
    result = _run("validate", "tehran-city-diplomacy", tmp_path / "answers", "--json",
                  "--revisions", tmp_path / "revisions")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    flagged = {row["expert"] for row in data["inconsistent"]}
    assert panel.inconsistent[0] in flagged
    warnings = [p for p in data["problems"] if "CR" in p["message"]]
    assert warnings and all(p["severity"] == "warning" for p in warnings)
    assert all(row["revisit"] and " vs " in row["revisit"] for row in data["inconsistent"])
    written = sorted(p.name for p in (tmp_path / "revisions").glob("*.xlsx"))
    assert written == sorted(f"revision-{e}.xlsx" for e in flagged)
    assert data["warnings"] >= len(data["inconsistent"])


def test_questionnaire_scale_layout_is_read_back(tmp_path):
    result = _run("questionnaire", "generic-swot", "--experts", "2", "--lang", "fa", "--layout", "scale",
                  "--out", tmp_path)
    assert result.exit_code == 0, result.output
    import openpyxl

    from surveys.reader import MAP_SHEET

    path = sorted(tmp_path.glob("*.xlsx"))[0]
    rows = list(openpyxl.load_workbook(path)[MAP_SHEET].iter_rows(values_only=True))
    assert any(r[0] == "scale" for r in rows)
    result = _run("questionnaire", "generic-swot", "--experts", "2", "--layout", "slider", "--out", tmp_path)
    assert result.exit_code == 2 and "--layout" in result.output
