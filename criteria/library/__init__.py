"""Ready-made decision models shipped with rahbord.

Each model is a YAML file in this folder (``<name>.yaml``), shipped in the
wheel as package data:

- ``tehran-city-diplomacy``: SWOT-AHP of Tehran's city diplomacy (S1–S7,
  W1–W9, O1–O9, T1–T6; strategies P1–P7), after Basirat & Jalili;
- ``tehran-city-diplomacy-anp``: the same with inner dependence among the
  SWOT groups (SWOT-ANP);
- ``generic-swot``: a blank SWOT model to start from.

>>> "generic-swot" in library_models()
True
>>> load_library_model("tehran-city-diplomacy").strategy_ids
('P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7')
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

from mcda.errors import ModelError, Problem

from ..io import _check_raw
from ..model import Model

__all__ = ["library_models", "load_library_model", "library_model_path"]

_SUFFIX = ".yaml"


def library_models() -> tuple[str, ...]:
    """Names of the shipped models, sorted (``load_library_model`` takes them)."""
    folder = resources.files(__name__)
    return tuple(sorted(entry.name[: -len(_SUFFIX)] for entry in folder.iterdir() if entry.name.endswith(_SUFFIX)))


def library_model_path(name: str) -> Traversable:
    """The packaged YAML file of a library model (a real path in a normal install)."""
    names = library_models()
    if name not in names:
        guess = difflib.get_close_matches(name, names, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        message = f"no library model named {name!r}{hint}"
        raise ModelError(message, [Problem("", "", "", message, "one of " + ", ".join(names))])
    return resources.files(__name__) / f"{name}{_SUFFIX}"


@lru_cache(maxsize=None)
def load_library_model(name: str) -> Model:
    """Load a shipped model by name (models are immutable, so the result is cached)."""
    path = library_model_path(name)
    return _check_raw(path.read_bytes(), f"criteria/library/{name}{_SUFFIX}").raise_for_errors()
