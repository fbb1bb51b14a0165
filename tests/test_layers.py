"""The packages import one way: mcda ← criteria ← surveys ← analysis ← reports ← rahbord.

Every module is read as source (AST), so imports inside functions and
``import_module("…")`` / ``__import__("…")`` strings count as much as the ones
at the top of a file: a layer that reaches up, however it does it, fails here.
"""

from __future__ import annotations

import ast
import importlib
import pathlib
import warnings

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: the layers, lowest first; a package may import only those before it
LAYERS = ("mcda", "criteria", "surveys", "analysis", "reports", "rahbord")
RANK = {name: k for k, name in enumerate(LAYERS)}


def _imported_names(tree: ast.AST, package: str, module_parts: tuple[str, ...]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package path
                base = module_parts[: len(module_parts) - node.level]
                yield node.lineno, ".".join((*base, node.module or ""))
            elif node.module:
                yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def _upward_imports() -> list[str]:
    found = []
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, name in _imported_names(tree, package, parts):
                top = name.split(".")[0]
                if top in RANK and RANK[top] > RANK[package]:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_no_package_imports_a_higher_layer():
    assert _upward_imports() == []


def test_the_checker_sees_imports_inside_functions_and_in_strings(tmp_path, monkeypatch):
    source = (
        "import numpy\n"
        "def late():\n"
        "    from reports import render\n"
        "    return __import__('rahbord.cli')\n"
        "from importlib import import_module\n"
        "import_module('analysis.pipeline')\n"
    )
    tree = ast.parse(source)
    names = [name for _, name in _imported_names(tree, "surveys", ("surveys", "x"))]
    assert {"reports", "rahbord.cli", "analysis.pipeline"} <= set(names)


@pytest.mark.parametrize("old, new", [
    ("rahbord.pipeline", "analysis.pipeline"),
    ("rahbord.results", "analysis.results"),
    ("rahbord.robustness", "analysis.robustness"),
    ("rahbord.scenarios", "analysis.scenarios"),
])
def test_old_module_names_still_work_for_one_release_and_say_where_they_went(old, new):
    import sys

    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        alias = importlib.import_module(old)
    assert any(issubclass(w.category, DeprecationWarning) and new in str(w.message) for w in caught)
    target = importlib.import_module(new)
    assert alias.__all__ and all(getattr(alias, name) is getattr(target, name) for name in target.__all__)


def test_no_string_lookups_of_project_code():
    """Style rule 18: plain imports, so a broken import is an error, never an empty page."""
    offenders = []
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module":
                    arg = node.args[0] if node.args else None
                    if not (isinstance(arg, ast.Constant) and str(arg.value).split(".")[0] not in RANK):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "hasattr" and "web" in path.parts:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} hasattr")
    assert offenders == []
