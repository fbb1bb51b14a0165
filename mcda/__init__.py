"""mcda — the numeric core of rahbord: AHP / ANP on NumPy arrays, batch first.

>>> import numpy as np, mcda
>>> A = np.array([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
>>> r = mcda.priorities(A)
>>> r.weights.round(3).tolist()
[0.637, 0.258, 0.105]
>>> bool(r.cr < 0.1)
True

Everything user-facing raises :class:`mcda.RahbordError` subclasses; an
inconsistent matrix only warns (:class:`mcda.InconsistencyWarning`).
"""

from . import anp, errors, options, consistency, digits, fuzzy, group, hierarchy, incomplete, montecarlo, pairwise, plain, priorities, random_index, ranking, scale, sensitivity, sweeps, tree

# Computed before the star imports: `from .random_index import *` rebinds the name
# `random_index` to the function mcda.random_index(n, table=...), shadowing the module.
__all__ = sorted(
    {
        *errors.__all__,  # noqa: F405
        *options.__all__,
        *digits.__all__,
        *scale.__all__,
        *pairwise.__all__,
        *random_index.__all__,
        *priorities.__all__,
        *consistency.__all__,
        *incomplete.__all__,
        *group.__all__,
        *fuzzy.__all__,
        *hierarchy.__all__,
        *anp.__all__,
        *sweeps.__all__,
        *montecarlo.__all__,
        *ranking.__all__,
        *tree.__all__,
    }
)

from .anp import *  # noqa: F403
from .consistency import *  # noqa: F403
from .digits import *  # noqa: F403
from .errors import *  # noqa: F403
from .fuzzy import *  # noqa: F403
from .group import *  # noqa: F403
from .hierarchy import *  # noqa: F403
from .incomplete import *  # noqa: F403
from .options import *  # noqa: F403
from .pairwise import *  # noqa: F403
from .priorities import *  # noqa: F403
from .random_index import *  # noqa: F403
from .ranking import *  # noqa: F403
from .scale import *  # noqa: F403
from .sweeps import *  # noqa: F403
from .montecarlo import *  # noqa: F403
from .tree import *  # noqa: F403

__version__ = "0.1.0"

