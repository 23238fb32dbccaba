"""mathlab.hsic: the Hilbert-Schmidt independence criterion, estimators and tests.

HSIC = 0 characterises independence only for characteristic kernels (Gaussian, Laplace,
distance); with the linear or polynomial kernel it detects only some kinds of dependence.
Raw HSIC values are not comparable across kernels or bandwidths: compare normalised HSIC or
p-values.
"""

from .accumulator import HSICAccumulator
from .bandwidth import median_heuristic
from .block import hsic_block
from .features import hsic_nystrom, hsic_rff
from .independence import hsic_test
from .kernels import gram
from .result import HSICTestResult
from .statistics import hsic

__all__ = [
    "hsic",
    "hsic_test",
    "gram",
    "median_heuristic",
    "HSICTestResult",
    "hsic_rff",
    "hsic_nystrom",
    "hsic_block",
    "HSICAccumulator",
]
