"""Bandwidth selection for the Gaussian and Laplace kernels."""

from __future__ import annotations

import warnings

import numpy as np
from scipy.spatial.distance import pdist

from .._validate import finite_array, integer, random_generator

__all__ = ["median_heuristic", "median_distance", "as_samples"]


def as_samples(name: str, x, *, min_length: int = 2) -> np.ndarray:
    """Return ``x`` as a finite float array of shape (n, p); 1-D input means one feature."""
    arr = finite_array(name, x, ndim=(1, 2), min_length=min_length)
    return arr[:, None] if arr.ndim == 1 else arr


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
        (without replacement), drawn from ``random_state`` so the result is deterministic.
    random_state : int, numpy Generator or None, default 0
        Seed for the subsample.

    Returns
    -------
    float
        The median pairwise distance (> 0).

    Raises
    ------
    ValueError
        If x has fewer than 2 samples, contains NaN or inf, or is constant (every distance
        is 0, so no bandwidth can be derived).

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
    max_points = integer("max_points", max_points, minimum=2)
    return median_distance(arr, max_points=max_points, rng=random_state)


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
    distances = pdist(arr)
    median = float(np.median(distances))
    if median > 0:
        return median
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
    return float(np.median(nonzero))
