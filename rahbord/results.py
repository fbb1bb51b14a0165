"""Deprecated alias of :mod:`analysis.results` (moved there so the analysis needs no application shell).

Kept for one release; import from ``analysis.results`` (or ``analysis``) instead.
"""

import warnings

from analysis.results import *  # noqa: F401,F403
from analysis.results import __all__  # noqa: F401

warnings.warn("rahbord.results is deprecated: import analysis.results instead", DeprecationWarning, stacklevel=2)
