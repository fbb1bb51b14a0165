"""criteria — the decision model: groups, factors, strategies, dependencies.

Pure data and validation; no Excel, web or PDF machinery is imported here
(the model workbook lives in :mod:`criteria.workbook`, imported on demand).
"""

from .model import *  # noqa: F403
from .model import __all__ as _model_all

__all__ = [*_model_all]
