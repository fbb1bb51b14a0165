"""criteria.io: YAML and workbook round trips, content hash, hostile and wrong files."""

from __future__ import annotations

import ast
import dataclasses
import io
import pathlib

import pytest
import yaml

from criteria import (
    ModelError,
    Strategy,
    check_model_file,
    load_library_model,
    load_model,
    model_from_dict,
    model_from_yaml,
    model_to_data,
    model_to_yaml,
    save_model,
)

LIBRARY = ["tehran-city-diplomacy", "tehran-city-diplomacy-anp", "generic-swot"]


@pytest.mark.parametrize("name", LIBRARY)
def test_yaml_round_trip_is_lossless(tmp_path, name):
    model = load_library_model(name)
    first = save_model(model, tmp_path / "a.yaml")
    again = load_model(first)
    assert again == model
    assert again.content_hash == model.content_hash
    second = save_model(again, tmp_path / "b.yml")
    assert second.read_bytes() == first.read_bytes()  # stable output
    assert load_model(second) == model


@pytest.mark.parametrize("name", LIBRARY)
def test_xlsx_round_trip_is_lossless(tmp_path, name):
    model = load_library_model(name)
    path = save_model(model, tmp_path / "model.xlsx")
    assert path.read_bytes().startswith(b"PK")
    again = load_model(path)
    assert again == model
    assert again.content_hash == model.content_hash


def test_round_trip_keeps_custom_scale_pairwise_and_descriptions(tmp_path):
    base = load_library_model("generic-swot")
    model = dataclasses.replace(
        base,
        evaluation="pairwise",
        rating_scale=base.rating_scale[:2],
        description_en="Line one\nline two",
        strategies=(*base.strategies, Strategy("P4", "=cmd|' /C calc'!A0", "-منفی", "+plus", "@at")),
    )
    for suffix in (".yaml", ".xlsx"):
        again = load_model(save_model(model, tmp_path / f"m{suffix}"))
        assert again == model, suffix
        assert again.content_hash == model.content_hash


def test_content_hash_changes_when_a_label_changes():
    model = load_library_model("tehran-city-diplomacy")
    factors = list(model.factors)
    factors[0] = dataclasses.replace(factors[0], label_fa=factors[0].label_fa + " (ویرایش)")
    edited = dataclasses.replace(model, factors=tuple(factors))
    assert edited.content_hash != model.content_hash
    assert model_from_yaml(model_to_yaml(edited)).content_hash == edited.content_hash


def test_yaml_text_is_readable_utf8_in_canonical_order(tmp_path):
    model = load_library_model("tehran-city-diplomacy")
    text = model_to_yaml(model)
    assert "نقاط قوت" in text and "\\u" not in text  # Persian unescaped
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert keys == ["id", "version", "title_en", "title_fa", "description_en", "description_fa", "goal_en", "goal_fa",
                    "groups", "factors", "strategies", "evaluation", "rating_scale", "position_ratings"]
    assert "  - id: S1\n    group: S\n" in text
    assert "short_en" in text and "dependencies" not in text
    raw = save_model(model, tmp_path / "m.yaml").read_bytes()
    assert raw.decode("utf-8") == text


def test_model_to_data_leaves_out_empty_optional_fields():
    data = model_to_data(load_library_model("generic-swot"))
    assert "short_en" not in data["factors"][0]
    assert "description_en" not in data["groups"][0]
    assert model_from_dict(data) == load_library_model("generic-swot")


def test_load_from_file_objects_and_bytes(tmp_path):
    model = load_library_model("generic-swot")
    text = model_to_yaml(model)
    assert load_model(io.StringIO(text)) == model
    assert load_model(io.BytesIO(text.encode("utf-8"))) == model
    assert load_model(("\ufeff" + text).encode("utf-8")) == model  # a BOM from Windows editors
    xlsx = save_model(model, tmp_path / "m.xlsx")
    with open(xlsx, "rb") as handle:
        assert load_model(handle) == model
    # dispatch is by content, not by name
    renamed = tmp_path / "model.yaml"
    renamed.write_bytes(xlsx.read_bytes())
    assert load_model(renamed) == model


def test_hostile_yaml_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    hostile = tmp_path / "evil.yaml"
    hostile.write_text(
        f'id: !!python/object/apply:os.system ["touch {marker}"]\nversion: "1"\n', encoding="utf-8"
    )
    with pytest.raises(ModelError) as caught:
        load_model(hostile)
    assert not marker.exists()
    (problem,) = caught.value.problems
    assert problem.file == str(hostile)
    assert "python/object/apply:os.system" in problem.message and "not allowed" in problem.message
    assert problem.cell == "line 1, column 5"


def test_python_object_tag_refused():
    with pytest.raises(ModelError, match="not allowed"):
        model_from_yaml("!!python/object:collections.OrderedDict {}\n")


def test_aliases_and_duplicate_keys_are_refused():
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    with pytest.raises(ModelError, match="aliases"):
        model_from_yaml(bomb)
    text = model_to_yaml(load_library_model("generic-swot")) + "factors: []\n"
    with pytest.raises(ModelError, match="'factors' appears twice"):
        model_from_yaml(text, source="dup.yaml")


def test_yaml_syntax_error_names_line():
    check = check_model_file(b"id: demo\ngroups: [unclosed\n")
    assert not check.ok and check.model is None
    assert check.errors[0].cell.startswith("line ")


TEHRAN_YAML = (pathlib.Path(__file__).parents[1] / "criteria" / "library" / "tehran-city-diplomacy.yaml").read_text()


@pytest.mark.parametrize(
    ("slip", "where", "hint"),
    [
        (("title_en: ", "title_en: Tehran: "), "line 10,", "must be quoted"),  # a colon in a label
        (("\n  - id: S1", "\n\t- id: S1"), "line 44,", "spaces, not tabs"),
        (("title_en: ", 'title_en: "Tehran '), "line 10,", "close the quote"),  # where the quote opened, not EOF
        (("\n  - id: S2", "\n   - id: S2"), "line 50,", "line this field up"),
    ],
)
def test_yaml_slips_name_the_line_and_say_what_to_do(slip, where, hint):
    """The hand-written model file's commonest slips: the line, and the fix in the expected column."""
    assert slip[0] in TEHRAN_YAML
    check = check_model_file(TEHRAN_YAML.replace(*slip, 1).encode("utf-8"))
    assert not check.ok
    assert check.errors[0].cell.startswith(where) and hint in check.errors[0].expected, check.errors[0]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".xls"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"just some words, not a model\n", "plain text"),
        (b"- a\n- list\n", "a list"),
        (b"", "empty"),
    ],
)
def test_non_model_files_are_refused_naming_the_file(tmp_path, content, needle):
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message and needle in message


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ModelError, match="not an .xlsx workbook") as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_missing_file_and_oversized_file(tmp_path):
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "absent.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (5 * 1024 * 1024 + 10))
    with pytest.raises(ModelError, match="larger than"):
        load_model(big)


def test_check_model_file_returns_warnings_without_raising(tmp_path):
    data = model_to_data(load_library_model("generic-swot"))
    data["factors"] = [f for f in data["factors"] if f["id"] not in ("T2", "T3")]
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    check = check_model_file(path)
    assert check.ok and check.errors == ()
    (warning,) = check.warnings
    assert warning.cell == "groups[3]" and warning.file == str(path)
    assert check.to_dict()["ok"] is True
    assert load_model(path).factors_of("T")[0].id == "T1"


def test_save_refuses_unknown_suffix_and_leaves_no_temporary_file(tmp_path):
    with pytest.raises(ModelError, match="cannot save"):
        save_model(load_library_model("generic-swot"), tmp_path / "model.json")
    save_model(load_library_model("generic-swot"), tmp_path / "model.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.yaml"]


def test_import_criteria_loads_no_spreadsheet_machinery():
    """openpyxl is imported only inside the model workbook's functions, never when criteria loads."""
    import subprocess
    import sys

    probe = "import sys, criteria; criteria.load_library_model('generic-swot'); print('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip() == "False"
    root = pathlib.Path(__file__).resolve().parents[1] / "criteria"
    for source in root.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: inside a function the import waits until a workbook is used
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] == "openpyxl" for n in names), f"{source}:{node.lineno}"
