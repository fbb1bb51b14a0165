"""The README's library quickstart runs, and prints what its comments say."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def test_readme_quickstart_prints_what_it_promises():
    blocks = _python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, "README has no python quickstart"
    for block in blocks:
        expected = [m.group(1).strip() for m in re.finditer(r"^print\(.*\)\s+#\s*(.+)$", block, flags=re.M)]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(README), "exec"), {})
        printed = [line.strip() for line in out.getvalue().splitlines()]
        assert printed == expected


def test_readme_scenario_example_is_a_valid_scenario_for_the_tehran_model():
    import yaml

    from criteria import load_library_model
    from analysis.scenarios import check_scenario, scenario_from_dict

    (block,) = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    model = load_library_model("tehran-city-diplomacy")
    scenario = scenario_from_dict(yaml.safe_load(block), source="README.md", model=model)
    assert check_scenario(scenario, model) == []
    assert scenario.name == "threats-weigh-more"
