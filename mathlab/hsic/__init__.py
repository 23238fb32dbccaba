"""mathlab.hsic: the Hilbert-Schmidt independence criterion, estimators and tests.

HSIC = 0 characterises independence only for characteristic kernels (Gaussian, Laplace,
distance); with the linear or polynomial kernel it detects only some kinds of dependence.
Raw HSIC values are not comparable across kernels or bandwidths: compare normalised HSIC or
p-values.

Which test: ``hsic_test`` for two variables (method "gamma", the default, for p-values that
follow the permutation test at a fraction of its cost; "permutation" where it warns or for
the smallest p-values), ``dhsic_test`` for joint independence of three or more variables,
``kci_test`` for conditional independence given z (method "rcit" for large n),
``ksample_test`` for whether samples share one distribution.
"""

from .accumulator import HSICAccumulator
from .bandwidth import median_heuristic
from .block import hsic_block
from .features import hsic_nystrom, hsic_rff
from ._null_moments import CalibrationWarning
from .conditional import kci_test
from .independence import hsic_test
from .joint import dhsic, dhsic_test
from .kernels import gram
from .ksample import ksample_test
from .result import HSICEstimate, HSICTestResult
from .statistics import hsic

__all__ = [
    "hsic",
    "hsic_test",
    "gram",
    "median_heuristic",
    "HSICTestResult",
    "HSICEstimate",
    "hsic_rff",
    "hsic_nystrom",
    "hsic_block",
    "HSICAccumulator",
    "dhsic",
    "dhsic_test",
    "kci_test",
    "ksample_test",
    "CalibrationWarning",
]
