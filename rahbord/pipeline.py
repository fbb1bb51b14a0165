"""Deprecated alias of :mod:`analysis.pipeline` (moved there so the analysis needs no application shell).

Kept for one release; import from ``analysis.pipeline`` (or ``analysis``) instead.
"""

import warnings

from analysis.pipeline import *  # noqa: F401,F403
from analysis.pipeline import __all__  # noqa: F401

warnings.warn("rahbord.pipeline is deprecated: import analysis.pipeline instead", DeprecationWarning, stacklevel=2)
