"""Bandwidth selection for the Gaussian and Laplace kernels."""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy.spatial.distance import pdist

from .._validate import finite_array, integer, random_generator

__all__ = ["median_heuristic", "median_distance", "as_samples", "pow2_scale",
           "MAX_MEDIAN_POINTS"]

MAX_MEDIAN_POINTS = 10_000
"""Largest subsample of the median heuristic (its ~5e7 pairwise distances take 400 MB)."""


def as_samples(name: str, x, *, min_length: int = 2) -> np.ndarray:
    """Return ``x`` as a finite float array of shape (n, p); 1-D input means one feature."""
    arr = finite_array(name, x, ndim=(1, 2), min_length=min_length)
    return arr[:, None] if arr.ndim == 1 else arr


def pow2_scale(arr: np.ndarray) -> float:
    """A power of two s with max|arr| / s in [1, 2) (1.0 for an empty or all-zero array).

    Dividing by s is exact, so sums, products, distances and square roots of ``arr / s`` are
    those of ``arr`` divided by powers of s, bit for bit, while none of them can overflow.

    >>> pow2_scale(np.array([3.0, -5.0])), pow2_scale(np.array([1e300]))
    (4.0, 6.696928794914171e+299)
    """
    m = float(np.max(np.abs(arr))) if arr.size else 0.0
    if not (m > 0 and math.isfinite(m)):
        return 1.0
    return math.ldexp(1.0, math.frexp(m)[1] - 1)


def median_heuristic(x, *, max_points: int = 2000, random_state=0) -> float:
    r"""Median of the pairwise Euclidean distances of a sample.

    .. math:: \sigma = \operatorname{median}_{i<j} \lVert x_i - x_j \rVert

    This is mathlab's default bandwidth for the Gaussian kernel
    :math:`\exp(-\lVert x-x'\rVert^2 / (2\sigma^2))` and the Laplace kernel
    :math:`\exp(-\lVert x-x'\rVert/\sigma)`, computed for each variable on its own (hyppo, by
    contrast, reuses x's bandwidth for y; Gretton's reference code uses
    :math:`\exp(-d^2/\operatorname{median}(d^2))`, i.e. :math:`\sigma_{\text{Gretton}}^2 = \sigma^2/2`).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, p)
        Samples; 1-D input is one feature.
    max_points : int, default 2000
        Above this many samples, the median is taken over a random subsample of this size
        (without replacement), drawn from ``random_state`` so the result is deterministic;
        at most :data:`MAX_MEDIAN_POINTS` = 10,000.
    random_state : int, numpy Generator or None, default 0
        Seed for the subsample.

    Returns
    -------
    float
        The median pairwise distance (> 0). It is computed in a frame scaled by a power of
        two (exactly), so it is scale-equivariant for data of any magnitude float64 holds.

    Raises
    ------
    ValueError
        If x has fewer than 2 samples, contains NaN or inf, or is constant (every distance
        is 0, so no bandwidth can be derived), or if the median distance itself exceeds
        float64 (data spread over more than about 1e308).

    Warns
    -----
    UserWarning
        When more than half the pairwise distances are 0 (heavily tied data) but the sample is
        not constant: the median of the non-zero distances is returned instead.

    References
    ----------
    A. Gretton et al., "A kernel statistical test of independence", NIPS 2008.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", 2019.

    Examples
    --------
    >>> median_heuristic([0.0, 1.0, 3.0])
    2.0
    """
    arr = as_samples("x", x)
    max_points = integer("max_points", max_points, minimum=2, maximum=MAX_MEDIAN_POINTS)
    return median_distance(arr, max_points=max_points, rng=random_generator(random_state))


def median_distance(arr: np.ndarray, *, max_points: int = 2000, rng=0,
                    name: str = "x") -> float:
    """:func:`median_heuristic` of a validated (n, p) float array (internal: no checks).

    ``rng`` seeds the subsample drawn when n > max_points (an int seed, a Generator or None);
    ``name`` is the variable named in messages.
    """
    n = arr.shape[0]
    full = arr
    if n > max_points:
        arr = arr[np.sort(random_generator(rng).choice(n, size=max_points, replace=False))]
    scale = pow2_scale(arr)
    distances = pdist(arr if scale == 1.0 else arr / scale)
    median = float(np.median(distances))
    if median > 0:
        return _unscaled(median, scale, name)
    nonzero = distances[distances > 0]
    if nonzero.size == 0:
        # A subsample may be constant while the full sample is not.
        if n > max_points and np.ptp(full, axis=0).any():
            raise ValueError(f"{name} is constant on its median-heuristic subsample; pass "
                             "sigma explicitly or increase max_points")
        raise ValueError(f"{name} is constant (all pairwise distances are 0), so the median "
                         "heuristic gives no bandwidth; a constant variable is independent of "
                         "everything")
    warnings.warn(f"more than half of the pairwise distances of {name} are 0 (tied data); "
                  "using the median of the non-zero distances as the bandwidth", UserWarning,
                  stacklevel=3)
    return _unscaled(float(np.median(nonzero)), scale, name)


def _unscaled(median: float, scale: float, name: str) -> float:
    value = median * scale
    if not math.isfinite(value):
        raise ValueError(f"the median pairwise distance of {name} exceeds the float64 range "
                         f"(about {median:.3g} * 2**{math.frexp(scale)[1] - 1})")
    return value
