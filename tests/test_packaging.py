"""The wheel a user installs carries everything the code reads at run time.

Templates, CSS, model library files, web assets and migrations are data, not
modules; a missing package-data glob would pass every test run from the
source tree and break only for `pip install rahbord`.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("build")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=build,
        env={"PATH": "/usr/bin:/bin", "HOME": str(build), "PIP_CONFIG_FILE": "/dev/null"},
    )
    (path,) = out.glob("rahbord-*.whl")
    return zipfile.ZipFile(path)


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    return set(wheel.namelist())


def _tracked(pattern: str) -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in ROOT.glob(pattern) if "__pycache__" not in p.parts)


@pytest.mark.parametrize(
    "pattern",
    [
        "templates/**/*.j2",
        "templates/**/*.css",
        "criteria/library/*.yaml",
        "criteria/locale/*.pot",
        "criteria/locale/*/LC_MESSAGES/*.po",
        "rahbord/web/templates/*.html",
        "rahbord/web/static/*",
        "rahbord/store/migrations/**/*.py",
        "rahbord/store/migrations/*.mako",
    ],
)
def test_wheel_carries_every_data_file(wheel_names, pattern):
    files = _tracked(pattern)
    assert files, f"nothing in the source tree matches {pattern}"
    missing = [f for f in files if f not in wheel_names]
    assert not missing, f"the wheel lacks {missing}"


def test_wheel_has_the_console_script(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "rahbord = rahbord.cli:main" in text


def test_wheel_carries_the_compiled_message_catalogue(wheel):
    """The .mo is not in git but compiled by setup (and by the loader): a wheel built after it ships it, and it
    is the one compiled from the .po it ships beside."""
    from criteria import catalogue

    name = "criteria/locale/fa/LC_MESSAGES/rahbord.mo"
    assert name in wheel.namelist()
    assert wheel.read(name) == catalogue.compile_catalogue(write=False)
