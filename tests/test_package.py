"""The packages import, expose their public names, and keep the import boundary."""

import importlib
import subprocess
import sys

import pytest

PACKAGES = ["mcda", "criteria", "surveys", "reports", "rahbord", "templates"]


@pytest.mark.parametrize("name", PACKAGES)
def test_package_imports_and_public_names_resolve(name):
    module = importlib.import_module(name)
    for public in getattr(module, "__all__", []):
        assert hasattr(module, public), f"{name}.__all__ names {public!r}, which does not exist"


@pytest.mark.parametrize("name", ["mcda", "criteria"])
def test_core_packages_load_no_io_or_web_machinery(name):
    """design.md: mcda/ and criteria/ never import openpyxl, jinja2, weasyprint, fastapi, sqlalchemy."""
    forbidden = ["openpyxl", "jinja2", "weasyprint", "fastapi", "sqlalchemy", "python_calamine", "matplotlib"]
    code = (
        f"import sys, {name}\n"
        f"bad = [m for m in {forbidden!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{name} imports {out.stdout.strip()}"


def test_cli_version_runs_as_console_script():
    out = subprocess.run([sys.executable, "-m", "rahbord", "--version"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("rahbord ")
