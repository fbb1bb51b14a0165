"""criteria — the decision model: groups, factors, strategies, dependencies.

Pure data and validation; no Excel, web or PDF machinery is loaded by
``import criteria`` (the model workbook, :mod:`criteria.workbook`, imports
openpyxl only when a workbook is read or written).

>>> from criteria import load_library_model
>>> model = load_library_model("tehran-city-diplomacy")
>>> [s.id for s in model.comparison_sets()]
['groups', 'factors:S', 'factors:W', 'factors:O', 'factors:T']
"""

from mcda.errors import ModelError, Problem

from .io import *  # noqa: F403
from .io import __all__ as _io_all
from .library import library_model_path, library_models, load_library_model
from .model import *  # noqa: F403
from .model import __all__ as _model_all
from .validate import *  # noqa: F403
from .validate import __all__ as _validate_all
from .workbook import check_model_workbook, read_model_workbook, write_model_workbook

__all__ = [*_model_all, *_io_all, *_validate_all, "library_models", "load_library_model", "library_model_path",
           "write_model_workbook", "read_model_workbook", "check_model_workbook", "ModelError", "Problem"]
