"""Every docstring example in mcda runs (the package docstring and each module's, including group/hierarchy/anp)."""

import doctest
import importlib
import pkgutil

import pytest

import mcda

MODULES = ["mcda"] + sorted(f"mcda.{info.name}" for info in pkgutil.iter_modules(mcda.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests_pass(name):
    # importlib, not attribute access: `mcda.priorities` is the function, which shadows the module.
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {name}"


@pytest.mark.parametrize(
    "name", ["mcda", "mcda.scale", "mcda.pairwise", "mcda.random_index", "mcda.priorities", "mcda.consistency", "mcda.incomplete"]
)
def test_core_modules_have_examples(name):
    module = importlib.import_module(name)
    examples = doctest.DocTestFinder().find(module)
    assert sum(len(test.examples) for test in examples) >= 2, f"{name} has no docstring examples"
