"""Deprecated alias of :mod:`analysis.scenarios` (moved there so the analysis needs no application shell).

Kept for one release; import from ``analysis.scenarios`` (or ``analysis``) instead.
"""

import warnings

from analysis.scenarios import *  # noqa: F401,F403
from analysis.scenarios import __all__  # noqa: F401

warnings.warn("rahbord.scenarios is deprecated: import analysis.scenarios instead", DeprecationWarning, stacklevel=2)
