r"""Streaming, mergeable HSIC from fixed feature maps or a fixed Gauss-transform grid.

An :class:`HSICAccumulator` holds FIXED feature maps for x and y (random Fourier frequencies or
Nystrom inducing points, chosen up front) and the sufficient statistics of every row seen so
far: the count n, the feature means and the D_x x D_y co-moment
M = sum_i (phi_i - mean_phi)(psi_i - mean_psi)^T. Then

.. math:: \widehat{\mathrm{HSIC}}_b = \lVert M / n \rVert_F^2 .

Chunks update the statistics with the exact pairwise (Chan-Golub-LeVeque) merge, which never
subtracts large raw sums, so HSIC of data streamed in chunks -- in any order, split across
processes and merged -- equals HSIC of the concatenation to rounding.

:meth:`HSICAccumulator.gauss_transform` instead accumulates the node weights of the fast Gauss
transform on a grid fixed by boxes that hold the data: the statistic is then the exact
Gaussian-kernel HSIC_b within a rigorous bound (:meth:`HSICAccumulator.error_bound`), not a
feature approximation, and chunks still merge by adding their weights.
"""

from __future__ import annotations

import numpy as np

from .._validate import (choice, finite_array, finite_result, in_interval, integer, positive,
                         random_generator)
from . import _dask
from ._gauss_transform import GaussGridMap, GridMoments
from ._moments import CrossMoments
from .features import (DEFAULT_CHUNK_SIZE, EPS_RANGE, MAX_CHUNK_SIZE, MAX_FEATURES, NystromMap,
                       RFFMap, _as_rows, _check_dim, even_features, feature_moments,
                       feature_sigma, inducing_rows)

MAX_INPUT_DIM = 2**20
"""Largest dimension of the rows of an accumulator (its frequencies also obey the map's cap)."""

__all__ = ["HSICAccumulator"]


class HSICAccumulator:
    r"""Accumulate feature-HSIC statistics over chunks of paired samples.

    Parameters
    ----------
    map_x, map_y : RFFMap or NystromMap
        Fixed feature maps of x and y (see :meth:`rff` and :meth:`nystrom`).

    Attributes
    ----------
    map_x, map_y : feature maps
    n : int
        Number of rows accumulated so far.

    Notes
    -----
    Two accumulators can be merged only if they use the SAME feature maps (the statistics of
    different random features are not comparable); :meth:`merge` checks this.

    References
    ----------
    T. Chan, G. Golub, R. LeVeque, "Updating formulae and a pairwise algorithm for computing
    sample variances", COMPSTAT 1982.
    Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, Statistics and Computing 28 (2018) 113-130.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", 2019.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=3000)
    >>> y = np.cos(x) + 0.2 * rng.normal(size=3000)
    >>> acc = HSICAccumulator.rff(1, 1, n_features=128, sigma=1.0, sigma_y=0.5, random_state=0)
    >>> for start in range(0, 3000, 1000):
    ...     acc.update(x[start:start + 1000], y[start:start + 1000])
    >>> whole = HSICAccumulator.rff(1, 1, n_features=128, sigma=1.0, sigma_y=0.5, random_state=0)
    >>> whole.update(x, y)
    >>> bool(abs(acc.statistic() - whole.statistic()) < 1e-14)
    True
    """

    def __init__(self, map_x, map_y):
        for name, feature_map in (("map_x", map_x), ("map_y", map_y)):
            if not isinstance(feature_map, (RFFMap, NystromMap)):
                raise ValueError(f"{name} must be an RFFMap or a NystromMap; "
                                 f"got {type(feature_map).__name__}")
        for name, feature_map in (("map_x", map_x), ("map_y", map_y)):
            if feature_map.n_features > MAX_FEATURES:
                raise ValueError(f"{name} has {feature_map.n_features} features; an accumulator "
                                 f"holds a D_x x D_y co-moment and allows at most {MAX_FEATURES}")
        self.map_x = map_x
        self.map_y = map_y
        self._moments = CrossMoments.empty(map_x.n_features, map_y.n_features)

    @classmethod
    def gauss_transform(cls, lower, upper, sigma: float, sigma_y: float | None = None, *,
                        lower_y=None, upper_y=None,
                        kernel_error: float = 1e-12) -> HSICAccumulator:
        r"""Accumulator of the Gaussian-kernel HSIC_b by the fast Gauss transform.

        The grid covers the box [lower, upper] of x (scalars for 1-D rows, or one bound per
        column; at most 3 columns) and [lower_y, upper_y] of y (default: x's box); every
        updated row must lie inside. The statistic equals HSIC_b of all rows within
        :meth:`error_bound`, which follows from ``kernel_error``, the bound on each
        interpolated kernel value (see :mod:`mathlab.hsic._gauss_transform`).

        Parameters
        ----------
        lower, upper : float or array_like
            Box of x, in the units of the data.
        sigma, sigma_y : float
            Bandwidths of k = exp(-d^2 / (2 sigma^2)); sigma_y defaults to sigma.
        lower_y, upper_y : float or array_like, optional
            Box of y (default: x's).
        kernel_error : float, default 1e-12
            Bound on the error of each kernel value, in (0, 1e-3].

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> x = np.clip(rng.normal(size=4000), -5, 5)
        >>> y = np.clip(np.sin(x) + 0.5 * rng.normal(size=4000), -5, 5)
        >>> acc = HSICAccumulator.gauss_transform(-5, 5, 1.0)
        >>> for start in range(0, 4000, 1000):
        ...     acc.update(x[start:start + 1000], y[start:start + 1000])
        >>> from mathlab.hsic import hsic
        >>> exact = hsic(x, y, sigma=1.0, sigma_y=1.0, algorithm="pairs")
        >>> bool(abs(acc.statistic() - exact) <= acc.error_bound() + 1e-14)
        True
        """
        sigma = positive("sigma", sigma)
        sigma_y = sigma if sigma_y is None else positive("sigma_y", sigma_y)
        kernel_error = in_interval("kernel_error", kernel_error, 0.0, 1e-3, closed="right")
        boxes = []
        for names, low, high in ((("lower", "upper"), lower, upper),
                                 (("lower_y", "upper_y"), lower if lower_y is None else lower_y,
                                  upper if upper_y is None else upper_y)):
            low = np.atleast_1d(finite_array(names[0], low, ndim=(0, 1))).astype(np.float64)
            high = np.atleast_1d(finite_array(names[1], high, ndim=(0, 1))).astype(np.float64)
            if low.shape != high.shape or not 1 <= low.size <= 3 or not np.all(high > low):
                raise ValueError(f"{names[0]} and {names[1]} must be 1 to 3 bounds with "
                                 f"{names[1]} > {names[0]}; got {low.tolist()} and "
                                 f"{high.tolist()}")
            boxes += [low, high]
        grid_map = GaussGridMap(*boxes, sigma, sigma_y, kernel_error)
        acc = cls.__new__(cls)
        acc.map_x = acc.map_y = grid_map
        acc._moments = GridMoments.empty(grid_map)
        return acc

    @classmethod
    def rff(cls, dim_x: int, dim_y: int, n_features: int = 512, sigma: float = 1.0,
            sigma_y: float | None = None, random_state=None) -> HSICAccumulator:
        """Accumulator with random Fourier features of Gaussian kernels.

        Parameters
        ----------
        dim_x, dim_y : int
            Dimensions p and q of the x and y rows.
        n_features : int
            Feature columns per variable (even, at most 8192; n_features/2 frequencies).
        sigma, sigma_y : float
            Gaussian bandwidths, k = exp(-d^2 / (2 sigma^2)); sigma_y defaults to sigma. A
            stream has no sample to take a median from, so they are explicit here.
        random_state : int, numpy Generator or None
            Seed of the frequencies (x first, then y).
        """
        dim_x = integer("dim_x", dim_x, minimum=1, maximum=MAX_INPUT_DIM)
        dim_y = integer("dim_y", dim_y, minimum=1, maximum=MAX_INPUT_DIM)
        n_features = even_features(n_features)
        sigma = feature_sigma("sigma", sigma)
        sigma_y = sigma if sigma_y is None else feature_sigma("sigma_y", sigma_y)
        rng = random_generator(random_state)
        return cls(RFFMap.draw(dim_x, n_features, sigma, rng),
                   RFFMap.draw(dim_y, n_features, sigma_y, rng))

    @classmethod
    def nystrom(cls, inducing_x, inducing_y, sigma: float = 1.0, sigma_y: float | None = None,
                *, kernel: str = "gaussian", eps: float = 1e-8) -> HSICAccumulator:
        """Accumulator with Nystrom features on given inducing points (rows of each array).

        sigma_y defaults to sigma; ``kernel`` and ``eps`` as in :class:`NystromMap`.
        """
        sigma = feature_sigma("sigma", sigma)
        sigma_y = sigma if sigma_y is None else feature_sigma("sigma_y", sigma_y)
        zx = inducing_rows("inducing_x", inducing_x, sigma)
        zy = inducing_rows("inducing_y", inducing_y, sigma_y)
        kernel = choice("kernel", kernel, ("gaussian", "laplace"))
        eps = in_interval("eps", eps, *EPS_RANGE, closed="both")
        return cls(NystromMap.from_checked(zx, sigma, kernel, eps),
                   NystromMap.from_checked(zy, sigma_y, kernel, eps))

    @property
    def n(self) -> int:
        """Number of rows accumulated."""
        return self._moments.n

    def update(self, x_chunk, y_chunk, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        """Add paired rows (shapes (k,) or (k, p) and (k,) or (k, q); k may be 0).

        A :meth:`gauss_transform` accumulator also takes dask arrays: their chunks are spread
        onto the grid by dask (a sum of node weights) and computed before returning.
        """
        grid = isinstance(self.map_x, GaussGridMap)
        dims = self.map_x.dims if grid else (self.map_x.input_dim, self.map_y.input_dim)
        if grid and (_dask.is_dask_array(x_chunk) or _dask.is_dask_array(y_chunk)):
            xd, yd = _as_rows("x_chunk", x_chunk, min_length=0), _as_rows("y_chunk", y_chunk,
                                                                           min_length=0)
            if xd.shape[1] != dims[0] or yd.shape[1] != dims[1] or xd.shape[0] != yd.shape[0]:
                raise ValueError(f"x_chunk and y_chunk must have shapes (n, {dims[0]}) and "
                                 f"(n, {dims[1]}); got {xd.shape} and {yd.shape}")
            self._moments = _dask.grid_moments(xd, yd, self._moments)
            return
        x_chunk = _check_dim(_as_rows("x_chunk", x_chunk, min_length=0), dims[0], "x_chunk")
        y_chunk = _check_dim(_as_rows("y_chunk", y_chunk, min_length=0), dims[1], "y_chunk")
        if x_chunk.shape[0] != y_chunk.shape[0]:
            raise ValueError("x_chunk and y_chunk must have the same number of samples; "
                             f"got {x_chunk.shape[0]} and {y_chunk.shape[0]}")
        if x_chunk.shape[0] == 0:
            return
        chunk_size = integer("chunk_size", chunk_size, minimum=1, maximum=MAX_CHUNK_SIZE)
        if grid:
            for name, chunk in (("x_chunk", x_chunk), ("y_chunk", y_chunk)):
                if not np.isfinite(chunk).all():
                    raise ValueError(f"{name} must contain only finite values")
            self.map_x.check(x_chunk, y_chunk)
            self._moments = self._moments.add(x_chunk, y_chunk)
            return
        part = feature_moments(x_chunk, y_chunk, self.map_x, self.map_y, chunk_size=chunk_size,
                               names=("x_chunk", "y_chunk"))
        self._moments = self._moments.merge(part)

    def merge(self, other: HSICAccumulator) -> HSICAccumulator:
        """A new accumulator holding the rows of both (same feature maps required)."""
        if not isinstance(other, HSICAccumulator):
            raise ValueError(f"other must be an HSICAccumulator; got {type(other).__name__}")
        if not (_same_map(self.map_x, other.map_x) and _same_map(self.map_y, other.map_y)):
            raise ValueError("cannot merge accumulators built from different feature maps; "
                             "build both from the same frequencies, inducing points or grid")
        merged = HSICAccumulator.__new__(HSICAccumulator)
        merged.map_x, merged.map_y = self.map_x, self.map_y
        merged._moments = self._moments.merge(other._moments)
        return merged

    def statistic(self) -> float:
        """The feature estimate of HSIC_b, ||M / n||_F^2, of all rows accumulated (the
        Gauss-transform HSIC_b for :meth:`gauss_transform`).

        Raises ValueError when no rows have been added.
        """
        return finite_result("the accumulated HSIC estimate", self._moments.hsic())

    def error_bound(self) -> float:
        """Bound on |statistic() - exact HSIC_b| of a :meth:`gauss_transform` accumulator
        (exact arithmetic; feature accumulators have no such bound: ValueError)."""
        if not isinstance(self._moments, GridMoments):
            raise ValueError("error_bound() needs an accumulator built by gauss_transform(); "
                             "feature estimates have no deterministic bound")
        return self._moments.estimate()[1]

    def cross_covariance(self) -> np.ndarray:
        """The biased feature cross-covariance M / n, shape (D_x, D_y)."""
        if isinstance(self._moments, GridMoments):
            raise ValueError("a gauss_transform() accumulator has no feature cross-covariance")
        if self.n == 0:
            raise ValueError("no samples have been accumulated yet; call update() first")
        return self._moments.comoment / self.n

    def __repr__(self) -> str:
        if isinstance(self.map_x, GaussGridMap):
            return (f"HSICAccumulator(gauss_transform, {self._moments.plan!r}, n={self.n})")
        kind = type(self.map_x).__name__
        return (f"HSICAccumulator({kind}, D_x={self.map_x.n_features}, "
                f"D_y={self.map_y.n_features}, n={self.n})")


def _same_map(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, GaussGridMap):
        return a.same(b)
    if isinstance(a, RFFMap):
        return a.sigma == b.sigma and np.array_equal(a.frequencies, b.frequencies)
    return (a.sigma == b.sigma and a.kernel == b.kernel and a.eps == b.eps
            and np.array_equal(a.inducing, b.inducing))
