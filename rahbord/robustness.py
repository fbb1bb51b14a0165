"""Deprecated alias of :mod:`analysis.robustness` (moved there so the analysis needs no application shell).

Kept for one release; import from ``analysis.robustness`` (or ``analysis``) instead.
"""

import warnings

from analysis.robustness import *  # noqa: F401,F403
from analysis.robustness import __all__  # noqa: F401

warnings.warn("rahbord.robustness is deprecated: import analysis.robustness instead", DeprecationWarning, stacklevel=2)
