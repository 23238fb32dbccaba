r"""HSIC in linear time: random Fourier features and Nystrom features.

Both estimators replace the Gram matrices by low-rank factorisations, K ~ Phi Phi^T and
L ~ Psi Psi^T, with Phi of shape (n, D_x) and Psi of shape (n, D_y). Then

.. math:: \mathrm{HSIC}_b = \frac{1}{n^2}\operatorname{tr}(KHLH)
          \approx \frac{1}{n^2}\operatorname{tr}(\Phi\Phi^\top H \Psi\Psi^\top H)
          = \Bigl\lVert \tfrac1n \Phi_c^\top \Psi_c \Bigr\rVert_F^2 ,

where Phi_c, Psi_c are the column-centred feature matrices: the squared Frobenius norm of the
biased cross-covariance of the features. The cost is O(n D_x D_y) time and, because the rows
are processed in chunks whose sufficient statistics merge exactly (see
:class:`mathlab.hsic.HSICAccumulator`), O(chunk D) memory whatever n is. When x and y are dask
arrays the same statistics are computed as a dask reduction (``mathlab[dask]``).

Kernel convention (as everywhere in mathlab.hsic): Gaussian k(x, x') =
exp(-|x - x'|^2 / (2 sigma^2)), each variable with its own bandwidth, by default the median
heuristic :func:`mathlab.hsic.median_heuristic`.
"""

from __future__ import annotations

import contextlib
import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist

from .._validate import choice, finite_result, in_interval, integer, positive, random_generator
from . import _dask
from ._features import rff_features, rff_features_reference
from ._moments import CrossMoments, TreeSum
from .bandwidth import median_distance, pow2_scale

__all__ = ["RFFMap", "NystromMap", "hsic_rff", "hsic_nystrom", "feature_moments",
           "nystrom_maps", "even_features", "feature_sigma", "inducing_rows",
           "single_threaded_blas", "DEFAULT_CHUNK_SIZE",
           "MAX_FEATURES", "MAX_INDUCING", "MAX_CHUNK_SIZE", "MIN_SIGMA", "MAX_SIGMA_RATIO",
           "EPS_RANGE"]

#: Rows per chunk when streaming over a large sample (features of one chunk take a few MB).
DEFAULT_CHUNK_SIZE = 16384

#: Largest number of feature columns per variable (the D_x x D_y co-moment takes 512 MB).
MAX_FEATURES = 8192
#: Largest number of inducing points (their m x m Gram matrix takes 800 MB).
MAX_INDUCING = 10_000
#: Largest chunk_size; chunks are also cut so that one feature buffer holds <= 2**24 numbers.
MAX_CHUNK_SIZE = 2**24
_CHUNK_ENTRIES = 2**24
#: Largest frequency matrix of an RFF map, input_dim * n_features / 2 entries (256 MB).
_MAX_FREQUENCIES = 2**25
#: Smallest bandwidth of a feature map (1 / sigma must be finite).
MIN_SIGMA = 1e-300
#: Largest |x| / sigma of the rows a feature map reads: beyond, every kernel value underflows
#: and the squared scaled distances of the Nystrom kernel would overflow.
MAX_SIGMA_RATIO = 1e150
#: Allowed regulariser eps of the Nystrom map (relative to the unit diagonal of K_ZZ).
EPS_RANGE = (1e-15, 1.0)

# Rows whose mean feature vector is used as the per-chunk shift (see mathlab.hsic._moments).
_SHIFT_ROWS = 32

# Above this many rows the median heuristic uses a seeded subsample (as median_heuristic does).
_MEDIAN_POINTS = 2000


@dataclass(frozen=True)
class RFFMap:
    r"""Random Fourier features of the Gaussian kernel exp(-|x - x'|^2 / (2 sigma^2)).

    .. math:: \phi(x) = \sqrt{2/D}\,\bigl[\cos(\omega_1^\top x), \dots, \cos(\omega_{D/2}^\top x),
              \sin(\omega_1^\top x), \dots, \sin(\omega_{D/2}^\top x)\bigr],
              \quad \omega_j \sim N(0, \sigma^{-2} I),

    so that E[phi(x).phi(x')] = k(x, x') (Rahimi and Recht 2007). ``n_features`` = D counts
    feature COLUMNS; it is even and there are D/2 frequencies.

    Attributes
    ----------
    frequencies : ndarray, shape (p, D/2)
        The frequencies omega_j as columns.
    sigma : float
        Kernel bandwidth.
    """

    frequencies: np.ndarray
    sigma: float

    @classmethod
    def draw(cls, input_dim: int, n_features: int, sigma: float, random_state=None) -> RFFMap:
        """Draw D/2 = n_features/2 frequencies from N(0, sigma^-2 I_p)."""
        input_dim = integer("input_dim", input_dim, minimum=1, maximum=_MAX_FREQUENCIES)
        n_features = even_features(n_features, maximum=2 * _MAX_FREQUENCIES)
        if input_dim * (n_features // 2) > _MAX_FREQUENCIES:
            raise ValueError(f"input_dim * n_features / 2 = {input_dim * (n_features // 2)} "
                             f"frequencies exceed the maximum {_MAX_FREQUENCIES}; use fewer "
                             "features or reduce the dimension first")
        sigma = feature_sigma("sigma", sigma)
        rng = random_generator(random_state)
        freqs = rng.standard_normal((input_dim, n_features // 2)) / sigma
        return cls(freqs, sigma)

    @property
    def input_dim(self) -> int:
        """Dimension p of the inputs."""
        return int(self.frequencies.shape[0])

    @property
    def n_features(self) -> int:
        """Number of feature columns D."""
        return int(2 * self.frequencies.shape[1])

    def __call__(self, x) -> np.ndarray:
        """Feature matrix of shape (n, D) for inputs of shape (n, p)."""
        return rff_features(_check_dim(x, self.input_dim), self.frequencies, self._scale)

    def reference(self, x) -> np.ndarray:
        """The same features from plain numpy (for tests)."""
        return rff_features_reference(_check_dim(x, self.input_dim), self.frequencies, self._scale)

    def shifted_augmented(self, x, shift, *, out=None, work=None) -> np.ndarray:
        """``[phi(x) - shift, 1]``, shape (n, D + 1), into optional reusable buffers."""
        return rff_features(x, self.frequencies, self._scale, shift, augment=True, out=out,
                            work=work)

    @property
    def _scale(self) -> float:
        return float(np.sqrt(2.0 / self.n_features))


@dataclass(frozen=True)
class NystromMap:
    r"""Nystrom features phi(x) = k(x, Z) (K_ZZ + eps I)^(-1/2) from m inducing points Z.

    phi(x).phi(x') = k(x, Z) (K_ZZ + eps I)^(-1) k(Z, x') approximates k(x, x'); it is exact
    (up to eps) at the inducing points. ``eps`` is added to the diagonal of K_ZZ, whose diagonal
    is 1 for the Gaussian and Laplace kernels, so it is a relative regulariser: it keeps the
    inverse square root finite when inducing points repeat or nearly repeat.

    Attributes
    ----------
    inducing : ndarray, shape (m, p)
    sigma : float
    kernel : {"gaussian", "laplace"}
        exp(-d^2 / (2 sigma^2)) or exp(-d / sigma), d = |x - z|.
    eps : float
    whitening : ndarray, shape (m, m)
        (K_ZZ + eps I)^(-1/2), from the symmetric eigendecomposition.
    """

    inducing: np.ndarray
    sigma: float
    kernel: str
    eps: float
    whitening: np.ndarray

    @classmethod
    def from_inducing(cls, inducing, sigma: float, *, kernel: str = "gaussian",
                      eps: float = 1e-8) -> NystromMap:
        """Build the map from explicit inducing points (rows of ``inducing``)."""
        sigma = feature_sigma("sigma", sigma)
        z = inducing_rows("inducing", inducing, sigma)
        kernel = choice("kernel", kernel, ("gaussian", "laplace"))
        eps = in_interval("eps", eps, *EPS_RANGE, closed="both")
        return cls.from_checked(z, sigma, kernel, eps)

    @classmethod
    def from_checked(cls, z: np.ndarray, sigma: float, kernel: str, eps: float) -> NystromMap:
        """:meth:`from_inducing` for validated arguments (internal: no checks)."""
        gram = _kernel_matrix(z, z, sigma, kernel)
        values, vectors = np.linalg.eigh(gram)
        values = np.clip(values, 0.0, None) + eps
        whitening = (vectors / np.sqrt(values)) @ vectors.T
        return cls(z, sigma, kernel, eps, whitening)

    @property
    def input_dim(self) -> int:
        """Dimension p of the inputs."""
        return int(self.inducing.shape[1])

    @property
    def n_features(self) -> int:
        """Number of feature columns (the number of inducing points m)."""
        return int(self.inducing.shape[0])

    def __call__(self, x) -> np.ndarray:
        """Feature matrix of shape (n, m)."""
        x = _check_dim(x, self.input_dim)
        return _kernel_matrix(x, self.inducing, self.sigma, self.kernel) @ self.whitening

    reference = __call__

    def shifted_augmented(self, x, shift, *, out=None, work=None) -> np.ndarray:
        """``[phi(x) - shift, 1]``, shape (n, m + 1)."""
        n = x.shape[0]
        if out is None:
            out = np.empty((n, self.n_features + 1))
        np.matmul(_kernel_matrix(x, self.inducing, self.sigma, self.kernel), self.whitening,
                  out=out[:, :-1])
        out[:, :-1] -= shift
        out[:, -1] = 1.0
        return out


def feature_moments(x, y, map_x, map_y, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
                    workers: int | None = None, precision: str = "double",
                    names: tuple[str, str] = ("x", "y")) -> CrossMoments:
    """Sufficient statistics of the features of (x, y), streamed over chunks of rows.

    x and y are (n, p) and (n, q) arrays (numpy arrays or memory maps; nothing of size n is
    allocated). Chunks are checked for NaN/inf as they are read. Chunks are processed by
    ``workers`` threads (default: the usable cores), ``workers`` chunks at a time, each thread
    with its own buffers and single-threaded BLAS (through threadpoolctl when it is installed);
    the chunk statistics are merged in chunk order, so the result does not depend on the
    number of threads or on their scheduling. Memory: O(workers chunk_size (D_x + D_y)).
    ``precision="single"`` stores the features and forms each chunk's product in float32
    (about twice as fast; the statistics and merges stay float64), see :func:`hsic_rff`.
    """
    dtype = _feature_dtype(precision)
    n = x.shape[0]
    chunk_size = integer("chunk_size", chunk_size, minimum=1, maximum=MAX_CHUNK_SIZE)
    width = max(map_x.n_features, map_y.n_features) + 1
    chunk_size = max(1, min(chunk_size, _CHUNK_ENTRIES // width))
    starts = list(range(0, n, chunk_size))
    workers = (_usable_cores() if workers is None
               else integer("workers", workers, minimum=1, maximum=_MAX_WORKERS))
    workers = min(workers, len(starts))
    rows = min(chunk_size, n)
    buffers = [_Buffers(rows, map_x, map_y, dtype) for _ in range(workers)]

    def one_chunk(start, buffer):
        stop = min(start + chunk_size, n)
        xc = np.asarray(x[start:stop], dtype=np.float64)
        yc = np.asarray(y[start:stop], dtype=np.float64)
        _check_chunk(names[0], xc, start, map_x.sigma)
        _check_chunk(names[1], yc, start, map_y.sigma)
        return _chunk_moments(xc, yc, map_x, map_y, buffer, dtype)

    total = TreeSum()
    if workers == 1:
        with single_threaded_blas():
            for start in starts:
                total.add(one_chunk(start, buffers[0]))
        return total.result()
    with single_threaded_blas(), ThreadPoolExecutor(max_workers=workers) as pool:
        for wave in range(0, len(starts), workers):
            batch = starts[wave:wave + workers]
            for part in pool.map(one_chunk, batch, buffers[:len(batch)]):
                total.add(part)
    return total.result()


def hsic_rff(x, y, *, n_features: int = 512, sigma=None, sigma_y=None, random_state=None,
             chunk_size: int = DEFAULT_CHUNK_SIZE, precision: str = "double") -> float:
    r"""Random-Fourier-feature estimate of the biased HSIC with Gaussian kernels.

    .. math:: \widehat{\mathrm{HSIC}}_b = \Bigl\lVert \tfrac1n \Phi_c^\top \Psi_c \Bigr\rVert_F^2,

    with Phi, Psi the :class:`RFFMap` features of x and y (D/2 frequencies each, drawn from
    N(0, sigma^-2 I)). The estimate is (1/n^2) tr(K~ H L~ H) with the random kernel matrices
    K~ = Phi Phi^T, L~ = Psi Psi^T; since E[K~] = K, E[L~] = L and the frequencies of x and y are
    independent, it is UNBIASED for HSIC_b = tr(KHLH)/n^2 of the given sample, with a Monte
    Carlo spread O(1/sqrt(D)) (right-skewed: single draws are more often below HSIC_b).
    Time O(n D_x D_y), memory O(chunk_size (D_x + D_y) + D_x D_y) whatever n is.

    Parameters
    ----------
    x, y : array_like or dask array, shapes (n,) or (n, p) and (n,) or (n, q)
        Paired samples (1-D means one feature). numpy memory maps are streamed chunk by chunk;
        dask arrays give a dask reduction over their chunks (computed before returning).
    n_features : int, default 512
        Number D of feature COLUMNS per variable (even, at most :data:`MAX_FEATURES` = 8192;
        D/2 frequencies, cos and sin each).
    sigma, sigma_y : float, optional
        Gaussian bandwidths of x and y; default: the median heuristic of each variable
        (on a seeded subsample of 2000 rows above that size). At least
        :data:`MIN_SIGMA` = 1e-300, and every |x_ij| at most 1e150 sigma (checked as the rows
        are read: beyond, every kernel value underflows).
    random_state : int, numpy Generator or None
        Seed of the frequencies (those of x are drawn first).
    chunk_size : int, default 16384
        Rows per chunk (at most 2**24; fewer when one chunk's features would exceed 2**24
        numbers).
    precision : {"double", "single"}, default "double"
        "single" stores features and forms each chunk's D_x x D_y product in float32 (about
        twice as fast); chunk statistics are still merged in float64. The extra relative
        error is ~1e-5, far below the O(1/sqrt(D)) Monte Carlo error of the estimate itself.

    Returns
    -------
    float
        The estimate of HSIC_b (>= 0).

    Raises
    ------
    ValueError
        On mismatched lengths, fewer than 2 samples, NaN/inf or complex values, odd,
        non-positive or too many n_features, bandwidths outside the range above, or an unknown
        precision; or if the estimate is not finite.

    References
    ----------
    A. Rahimi, B. Recht, "Random features for large-scale kernel machines", NIPS 2007.
    Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, "Large-scale kernel methods for
    independence testing", Statistics and Computing 28 (2018) 113-130.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", 2019 (the exact statistic).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000)
    >>> y = np.sin(2 * x) + 0.3 * rng.normal(size=2000)
    >>> dependent = hsic_rff(x, y, n_features=256, random_state=1)
    >>> independent = hsic_rff(x, rng.normal(size=2000), n_features=256, random_state=1)
    >>> bool(dependent > 20 * independent)
    True
    """
    n_features = even_features(n_features)
    rng = random_generator(random_state)
    x, y = _paired("x", x, "y", y)
    sigma = _resolve_sigma("x", x, sigma)
    sigma_y = _resolve_sigma("y", y, sigma_y)
    map_x = RFFMap.draw(x.shape[1], n_features, sigma, rng)
    map_y = RFFMap.draw(y.shape[1], n_features, sigma_y, rng)
    return finite_result("the RFF estimate of HSIC",
                         _moments_of(x, y, map_x, map_y, chunk_size, precision).hsic())


def hsic_nystrom(x, y, *, n_inducing: int = 256, sigma=None, sigma_y=None, random_state=None,
                 kernel: str = "gaussian", eps: float = 1e-8,
                 chunk_size: int = DEFAULT_CHUNK_SIZE) -> float:
    r"""Nystrom estimate of the biased HSIC, ||(1/n) Phi_c^T Psi_c||_F^2.

    Phi = K_xZ (K_ZZ + eps I)^(-1/2) and Psi likewise (:class:`NystromMap`), with the m inducing
    points drawn uniformly without replacement from the sample rows (the same rows for x and y),
    using ``random_state``. With m = n it reproduces HSIC_b up to eps.

    Parameters
    ----------
    x, y : array_like or dask array
        Paired samples, as for :func:`hsic_rff`.
    n_inducing : int, default 256
        Number m of inducing points (capped at n; at most :data:`MAX_INDUCING` = 10,000).
    sigma, sigma_y : float, optional
        Bandwidths; default the median heuristic of each variable.
    random_state : int, numpy Generator or None
        Seed of the choice of inducing rows.
    kernel : {"gaussian", "laplace"}
        exp(-d^2/(2 sigma^2)) or exp(-d/sigma), for both variables.
    eps : float, default 1e-8
        Added to the diagonal of K_ZZ (whose diagonal is 1) before the inverse square root;
        in [1e-15, 1] (smaller values are below the rounding of K_ZZ and amplify it).
    chunk_size : int, default 16384
        Rows per chunk.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        On bad input, as for :func:`hsic_rff`.

    References
    ----------
    C. Williams, M. Seeger, "Using the Nystrom method to speed up kernel machines", NIPS 2001.
    Q. Zhang et al., Statistics and Computing 28 (2018) 113-130.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", 2019.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=500)
    >>> y = x ** 2 + 0.1 * rng.normal(size=500)
    >>> from mathlab.hsic import hsic
    >>> print(f"{hsic(x, y):.4f} {hsic_nystrom(x, y, n_inducing=50, random_state=0):.4f}")
    0.0283 0.0279
    """
    n_inducing = integer("n_inducing", n_inducing, minimum=1, maximum=MAX_INDUCING)
    kernel = choice("kernel", kernel, ("gaussian", "laplace"))
    eps = in_interval("eps", eps, *EPS_RANGE, closed="both")
    rng = random_generator(random_state)
    x, y = _paired("x", x, "y", y)
    sigma = _resolve_sigma("x", x, sigma)
    sigma_y = _resolve_sigma("y", y, sigma_y)
    with single_threaded_blas():
        map_x, map_y = nystrom_maps(x, y, n_inducing, sigma, sigma_y, rng, kernel=kernel,
                                    eps=eps)
    return finite_result("the Nystrom estimate of HSIC",
                         _moments_of(x, y, map_x, map_y, chunk_size).hsic())


def nystrom_maps(x, y, n_inducing, sigma, sigma_y, rng, *, kernel="gaussian", eps=1e-8):
    """Nystrom maps of x and y from the same m = min(n_inducing, n) random sample rows.

    The arguments are validated by the caller; the inducing rows are checked as read.
    """
    n = x.shape[0]
    idx = np.sort(rng.choice(n, size=min(n_inducing, n), replace=False))
    zx, zy = np.asarray(x[idx], dtype=np.float64), np.asarray(y[idx], dtype=np.float64)
    if _dask.is_dask_array(zx):  # dask fancy indexing stays lazy
        zx, zy = _dask.compute(zx, zy)
    _check_chunk("x", zx, None, sigma)
    _check_chunk("y", zy, None, sigma_y)
    return (NystromMap.from_checked(zx, sigma, kernel, eps),
            NystromMap.from_checked(zy, sigma_y, kernel, eps))


# --------------------------------------------------------------------------- helpers

class _Buffers:
    """Reusable per-chunk feature buffers (fresh memory per chunk costs page faults)."""

    def __init__(self, rows, map_x, map_y, dtype=np.float64):
        self.phi = np.empty((rows, map_x.n_features + 1), dtype=dtype)
        self.psi = np.empty((rows, map_y.n_features + 1), dtype=dtype)
        self.work_x = _work_buffer(rows, map_x)
        self.work_y = _work_buffer(rows, map_y)


def _work_buffer(rows, feature_map):
    if isinstance(feature_map, RFFMap):
        return np.empty((rows, feature_map.n_features // 2))
    return None


def _usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def single_threaded_blas():
    """Limit BLAS to one thread (if threadpoolctl is installed; a no-op otherwise).

    Parallelism comes from running chunks in threads instead: several multi-threaded BLAS
    calls at once oversubscribe the cores, and OpenBLAS's multi-threaded path collapses (10-20x
    slower, measured) when the machine is shared with other work.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _chunk_moments(xc, yc, map_x, map_y, buffers=None, dtype=np.float64) -> CrossMoments:
    """CrossMoments of one chunk: per-chunk shift, one augmented matrix product."""
    rows = xc.shape[0]
    if rows == 0:
        return CrossMoments.empty(map_x.n_features, map_y.n_features)
    if buffers is None or buffers.phi.shape[0] < rows or buffers.phi.dtype != dtype:
        buffers = _Buffers(rows, map_x, map_y, dtype)
    shift_x = map_x(xc[:_SHIFT_ROWS]).mean(axis=0)
    shift_y = map_y(yc[:_SHIFT_ROWS]).mean(axis=0)
    work_x = None if buffers.work_x is None else buffers.work_x[:rows]
    work_y = None if buffers.work_y is None else buffers.work_y[:rows]
    phi = map_x.shifted_augmented(xc, shift_x, out=buffers.phi[:rows], work=work_x)
    psi = map_y.shifted_augmented(yc, shift_y, out=buffers.psi[:rows], work=work_y)
    return CrossMoments.from_shifted_augmented(phi, psi, shift_x, shift_y)


def _moments_of(x, y, map_x, map_y, chunk_size, precision="double") -> CrossMoments:
    if _dask.is_dask_array(x) or _dask.is_dask_array(y):
        return _dask.feature_moments(x, y, map_x, map_y,
                                     functools.partial(_chunk_moments,
                                                       dtype=_feature_dtype(precision)))
    return feature_moments(x, y, map_x, map_y, chunk_size=chunk_size, precision=precision)


def _feature_dtype(precision):
    precision = choice("precision", precision, ("double", "single"))
    return np.float64 if precision == "double" else np.float32


def even_features(n_features, maximum: int = MAX_FEATURES) -> int:
    """n_features checked: an even integer in [2, maximum]."""
    n_features = integer("n_features", n_features, minimum=2, maximum=maximum)
    if n_features % 2:
        raise ValueError("n_features counts cos and sin columns and must be even; "
                         f"got {n_features}")
    return n_features


def _as_rows(name, x, *, min_length=2):
    """x as a float (n, p) array (or dask array) without scanning it for NaN."""
    if _dask.is_dask_array(x):
        _refuse_complex(name, x)
        arr = x.astype(np.float64)
    else:
        _refuse_complex(name, x)
        try:
            arr = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be an array of real numbers") from exc
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be 1- or 2-dimensional; got shape {arr.shape}")
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.shape[0] < min_length:
        raise ValueError(f"{name} must have at least {min_length} entries; got {arr.shape[0]}")
    return arr


def _paired(name_x, x, name_y, y):
    x = _as_rows(name_x, x)
    y = _as_rows(name_y, y)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"{name_x} and {name_y} must have the same number of samples; "
                         f"got {x.shape[0]} and {y.shape[0]}")
    return x, y


_MAX_WORKERS = 256


def inducing_rows(name: str, inducing, sigma: float) -> np.ndarray:
    """Inducing points checked: 1 to MAX_INDUCING finite real rows, |z| <= 1e150 sigma."""
    z = _as_rows(name, inducing, min_length=1)
    if z.shape[0] > MAX_INDUCING:
        raise ValueError(f"{name} must have at most {MAX_INDUCING} rows (its Gram matrix is "
                         f"m x m); got {z.shape[0]}")
    _check_chunk(name, z, 0, sigma)
    return z


def feature_sigma(name: str, sigma) -> float:
    """A bandwidth of a feature map: a float in [MIN_SIGMA, inf)."""
    sigma = positive(name, sigma)
    if sigma < MIN_SIGMA:
        raise ValueError(f"{name} must be >= {MIN_SIGMA:g} for a feature map (its frequencies "
                         f"and scaled distances are 1/{name}); got {sigma!r}")
    return sigma


def _check_chunk(name, chunk, offset, sigma):
    """Rows as they are read: finite, and at most MAX_SIGMA_RATIO * sigma in magnitude."""
    bad = ~np.isfinite(chunk)
    if bad.any():
        row = int(np.argmax(bad.any(axis=1)))
        if offset is None:
            raise ValueError(f"{name} must contain only finite values; found "
                             f"{int(bad.sum())} non-finite entries")
        raise ValueError(f"{name} must contain only finite values; found {int(bad.sum())} "
                         f"non-finite entries in rows {offset}..{offset + chunk.shape[0] - 1} "
                         f"(first at row {offset + row})")
    if chunk.size:
        largest = float(np.max(np.abs(chunk)))
        if largest > MAX_SIGMA_RATIO * sigma:
            row = int(np.argmax(np.abs(chunk).max(axis=1)))
            sigma_name = "sigma_y" if name in ("y", "y_chunk", "inducing_y") else "sigma"
            where = "" if offset is None else f" at row {offset + row}"
            raise ValueError(f"{sigma_name}={sigma!r} is too small for {name}: |{name}| reaches "
                             f"{largest:.3g}{where}, more than "
                             f"{MAX_SIGMA_RATIO:g} times {sigma_name} (every kernel value "
                             f"underflows); pass a larger {sigma_name}")


def _refuse_complex(name, x):
    if np.iscomplexobj(x) or (isinstance(x, np.ndarray) and x.dtype == object
                              and any(isinstance(v, complex) for v in x.flat)):
        raise ValueError(f"{name} must be an array of real numbers; got complex values")


def _check_dim(x, dim, name="x"):
    _refuse_complex(name, x)
    try:
        x = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers") from exc
    if x.ndim == 1 and dim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[1] != dim:
        raise ValueError(f"{name} must have shape (n, {dim}) for this feature map; got {x.shape}")
    return x


def _resolve_sigma(which, x, sigma):
    """The bandwidth of a streamed sample: given, or the median heuristic of a seeded subsample.

    The subsample is the one :func:`mathlab.hsic.median_heuristic` draws (at most 2000 rows),
    read without touching the other rows and checked for NaN/inf like every chunk.
    """
    if sigma is not None:
        return feature_sigma("sigma" if which == "x" else "sigma_y", sigma)
    n = x.shape[0]
    idx = None
    sub = x
    if n > _MEDIAN_POINTS or _dask.is_dask_array(x):
        idx = np.sort(random_generator(0).choice(n, size=min(n, _MEDIAN_POINTS), replace=False))
        sub = x[idx]
        if _dask.is_dask_array(sub):
            (sub,) = _dask.compute(sub)
    sub = np.asarray(sub, dtype=np.float64)
    bad = ~np.isfinite(sub)
    if bad.any():
        row = int(np.argmax(bad.any(axis=1)))
        raise ValueError(f"{which} must contain only finite values; found a non-finite entry "
                         f"at row {row if idx is None else int(idx[row])}")
    sigma = median_distance(sub, max_points=_MEDIAN_POINTS, name=which)
    if sigma < MIN_SIGMA:
        raise ValueError(f"the median heuristic of {which} gives a bandwidth of {sigma:.3g}, below "
                         f"{MIN_SIGMA:g}, the smallest a feature map allows (its frequencies are "
                         f"1/sigma); rescale {which}")
    return sigma


def _kernel_matrix(a, b, sigma, kernel):
    """k(a_i, b_j) computed in a frame divided by a power of two near sigma (exact, and free
    of overflow for |a| / sigma up to MAX_SIGMA_RATIO)."""
    scale = pow2_scale(np.array([sigma]))
    if scale != 1.0:
        a, b, sigma = a / scale, b / scale, sigma / scale
    if kernel == "gaussian":
        return np.exp(cdist(a, b, "sqeuclidean") / (-2.0 * sigma * sigma))
    return np.exp(cdist(a, b, "euclidean") / -sigma)
