r"""Exact HSIC estimators from one O(n^2)-time, O(n)-memory pass over the pairs.

All exact HSIC estimators are functions of a few sums over the Gram matrices K (of x) and L (of
y): :math:`S_{KL} = \sum_{ij} K_{ij}L_{ij}`, the row sums :math:`K1`, :math:`L1` and their
totals. With full (diagonal included) quantities,

.. math::

    n^2\,\mathrm{HSIC}_b = \operatorname{tr}(KHLH)
        = S_{KL} - \tfrac{2}{n}(K1)\cdot(L1) + \tfrac{(1^TK1)(1^TL1)}{n^2},

and with the off-diagonal ones (:math:`\tilde K, \tilde L` = zero diagonal) the unbiased
estimator of Song et al. (2012):

.. math::

    \mathrm{HSIC}_u = \frac{1}{n(n-3)}\Bigl[\tilde S_{KL}
        + \frac{(1^T\tilde K1)(1^T\tilde L1)}{(n-1)(n-2)}
        - \frac{2}{n-2}(\tilde K1)\cdot(\tilde L1)\Bigr].

A numba pass over the pairs i < j (:mod:`mathlab.hsic._kernels`) collects these sums (and the
ones of K with itself and L with itself, for normalisation) without forming n x n matrices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

from .._validate import choice
from . import _kernels
from .kernels import Kernel, hsic_from_gram, resolve_kernel

__all__ = ["hsic", "ESTIMATORS", "PairSums", "pair_sums", "kernel_shift", "prepare_pair",
           "parallel", "n_blocks", "resolve_pair", "check_finite",
           "hsic_biased", "hsic_unbiased"]

ESTIMATORS = ("biased", "unbiased", "biased_n1")
_MIN_SAMPLES = {"biased": 2, "biased_n1": 2, "unbiased": 4}
_SHIFT_POINTS = 256


@dataclass(frozen=True)
class PairSums:
    """Sums over Gram matrices from which every exact HSIC estimator follows.

    All quantities refer to the shifted Gram matrices K - shift_k, L - shift_l (HSIC does not
    change when a constant is added to a Gram matrix).

    Attributes
    ----------
    n : int
        Number of samples.
    s_kl, s_kk, s_ll : float
        Off-diagonal sums :math:`\\sum_{i \\ne j} K_{ij}L_{ij}` (and of K^2, L^2).
    rows_k, rows_l : ndarray, shape (n,)
        Off-diagonal row sums of K and L.
    diag_k, diag_l : ndarray, shape (n,)
        The diagonals of K and L.
    shift_k, shift_l : float
        The constants subtracted from K and L.
    """

    n: int
    s_kl: float
    s_kk: float
    s_ll: float
    rows_k: np.ndarray
    rows_l: np.ndarray
    diag_k: np.ndarray
    diag_l: np.ndarray
    shift_k: float
    shift_l: float

    def swap(self, which: str) -> "PairSums":
        """The sums of (K, K) (``which="x"``) or (L, L) (``which="y"``), for normalisation."""
        if which == "x":
            return PairSums(self.n, self.s_kk, self.s_kk, self.s_kk, self.rows_k, self.rows_k,
                            self.diag_k, self.diag_k, self.shift_k, self.shift_k)
        return PairSums(self.n, self.s_ll, self.s_ll, self.s_ll, self.rows_l, self.rows_l,
                        self.diag_l, self.diag_l, self.shift_l, self.shift_l)


def hsic_biased(sums: PairSums, *, divisor: str = "n") -> float:
    """tr(KHLH) / n^2 (``divisor="n"``) or / (n-1)^2 (``divisor="n-1"``) from :class:`PairSums`."""
    n = float(sums.n)
    rk = sums.rows_k + sums.diag_k
    rl = sums.rows_l + sums.diag_l
    s_kl = sums.s_kl + float(np.dot(sums.diag_k, sums.diag_l))
    tk, tl = float(np.sum(rk)), float(np.sum(rl))
    # (K1).(L1) - (1'K1)(1'L1)/n = sum_i (rk_i - mean rk)(rl_i - mean rl): fewer cancellations
    cross = float(np.dot(rk - tk / n, rl - tl / n))
    trace = s_kl - 2.0 / n * cross - tk * tl / (n * n)
    return trace / (n * n if divisor == "n" else (n - 1.0) ** 2)


def hsic_unbiased(sums: PairSums) -> float:
    """Song et al. (2012) unbiased HSIC from :class:`PairSums` (needs n >= 4)."""
    n = float(sums.n)
    rk, rl = sums.rows_k, sums.rows_l
    tk, tl = float(np.sum(rk)), float(np.sum(rl))
    # (K~1).(L~1) = sum_i (rk_i - mk)(rl_i - ml) + n mk ml with mk = tk/n
    cross = float(np.dot(rk - tk / n, rl - tl / n)) + tk * tl / n
    value = sums.s_kl + tk * tl / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * cross
    return value / (n * (n - 3.0))


def kernel_shift(spec: Kernel, data: np.ndarray) -> float:
    """A constant close to the mean off-diagonal kernel value (from <= 256 evenly spaced points).

    Subtracting it from the Gram matrix leaves HSIC unchanged and reduces the cancellation
    between the sums of the one-pass formula.
    """
    n = data.shape[0]
    idx = np.unique(np.linspace(0, n - 1, min(n, _SHIFT_POINTS)).astype(np.int64))
    sub = _numba_kernel_matrix(spec, data[idx])
    m = sub.shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        value = float((sub.sum() - np.trace(sub)) / (m * (m - 1))) if m > 1 else 0.0
    return value if math.isfinite(value) else 0.0  # overflow is reported by check_finite


def _numba_kernel_matrix(spec: Kernel, data: np.ndarray) -> np.ndarray:
    """The kernel as the numba pass evaluates it (distance kernel as -d/2)."""
    if spec.name == "distance":
        from scipy.spatial.distance import cdist
        return -0.5 * cdist(data, data)
    return spec.matrix(data)


def _code(spec: Kernel) -> int:
    return _kernels.KERNEL_CODES[spec.name]


def prepare_pair(spec_x: Kernel, data_x: np.ndarray, spec_y: Kernel, data_y: np.ndarray):
    """Arguments of the numba passes: (x, code, y, code, degree, coef0, shift_x, shift_y).

    The data are rescaled for the numba kernels and transposed to shape (p, n), so that the
    inner loops over j run over contiguous memory and vectorise.

    Only one polynomial degree/coef0 can be passed; when both kernels are polynomial they share
    them (as in :func:`hsic`).
    """
    poly = spec_x if spec_x.name == "polynomial" else spec_y
    degree = int(poly.degree) if poly.degree is not None else 1
    coef0 = float(poly.coef0) if poly.coef0 is not None else 0.0
    return (np.ascontiguousarray(spec_x.scaled(data_x).T), _code(spec_x),
            np.ascontiguousarray(spec_y.scaled(data_y).T), _code(spec_y),
            degree, coef0, kernel_shift(spec_x, data_x), kernel_shift(spec_y, data_y))


PARALLEL_MIN_N = 1500
"""Below this many samples the passes run on one thread (starting threads costs more)."""


def parallel(n: int) -> bool:
    """Whether the numba passes over n samples run in parallel."""
    return n >= PARALLEL_MIN_N


def n_blocks(n: int) -> np.ndarray:
    """Row-block boundaries for the parallel passes (4 blocks per numba thread)."""
    return _kernels.row_blocks(n, 4 * numba.get_num_threads())


def pair_sums(spec_x: Kernel, data_x: np.ndarray, spec_y: Kernel, data_y: np.ndarray, *,
              fastmath: bool = True) -> PairSums:
    """Run the one-pass numba kernel and collect :class:`PairSums` (O(n) memory)."""
    a, cx, b, cy, degree, coef0, shift_x, shift_y = prepare_pair(spec_x, data_x, spec_y, data_y)
    n = a.shape[1]
    bounds = n_blocks(n)
    if not fastmath:
        run = _kernels.pair_sums_exact
    else:
        run = _kernels.pair_sums if parallel(n) else _kernels.pair_sums_serial
    totals, rows_k, rows_l = run(a, cx, b, cy, degree, coef0, shift_x, shift_y, bounds)
    if not (np.isfinite(totals).all() and np.isfinite(rows_k).all()
            and np.isfinite(rows_l).all()):
        check_finite(math.inf, "a kernel sum")
    s = [2.0 * math.fsum(totals[:, m]) for m in range(3)]
    return PairSums(n=n, s_kl=s[0], s_kk=s[1], s_ll=s[2],
                    rows_k=rows_k.sum(axis=0), rows_l=rows_l.sum(axis=0),
                    diag_k=_kernels.diagonal(cx, a, degree, coef0, shift_x),
                    diag_l=_kernels.diagonal(cy, b, degree, coef0, shift_y),
                    shift_k=shift_x, shift_l=shift_y)


def _estimate(sums: PairSums, estimator: str) -> float:
    if estimator == "unbiased":
        return hsic_unbiased(sums)
    return hsic_biased(sums, divisor="n" if estimator == "biased" else "n-1")


def resolve_pair(x, y, *, kernel, kernel_y, sigma, sigma_y, degree, coef0, min_samples):
    """Resolve both kernels, prepare both samples and check n; returns (kx, ax, ky, ay)."""
    kernel_y = kernel if kernel_y is None else kernel_y
    polys = [k == "polynomial" for k in (kernel, kernel_y) if isinstance(k, str)]
    if (degree is not None or coef0 is not None) and not any(polys):
        raise ValueError("degree and coef0 are only used by the polynomial kernel; got "
                         f"degree={degree!r}, coef0={coef0!r} with kernel={kernel!r}, "
                         f"kernel_y={kernel_y!r}")
    # lengths first: a mismatch must not surface as a later, misleading data error
    # ("x is constant" from the median heuristic, say)
    lengths = [_sample_count(v) for v in (x, y)]
    if None not in lengths and lengths[0] != lengths[1]:
        raise ValueError("x and y must have the same number of samples; "
                         f"got {lengths[0]} and {lengths[1]}")
    px = isinstance(kernel, str) and kernel == "polynomial"
    py = isinstance(kernel_y, str) and kernel_y == "polynomial"
    kx, ax = resolve_kernel("x", kernel, x, sigma=sigma,
                            degree=degree if px else None, coef0=coef0 if px else None)
    ky, ay = resolve_kernel("y", kernel_y, y, sigma=sigma_y,
                            degree=degree if py else None, coef0=coef0 if py else None)
    if ax.shape[0] != ay.shape[0]:
        raise ValueError("x and y must have the same number of samples; "
                         f"got {ax.shape[0]} and {ay.shape[0]}")
    if ax.shape[0] < min_samples:
        raise ValueError(f"x and y must have at least {min_samples} samples here; "
                         f"got {ax.shape[0]}")
    return kx, ax, ky, ay


def _sample_count(data):
    """len(data) for sized, non-scalar input; None when it has no length (checked later)."""
    try:
        return len(data) if np.ndim(data) > 0 else None
    except (TypeError, ValueError):
        return None


def check_finite(value: float, what: str = "HSIC") -> float:
    """Return ``value`` or raise ValueError if it overflowed (e.g. a high polynomial degree)."""
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite ({value}): the kernel values overflow; rescale "
                         "the data or lower the polynomial degree")
    return value


def hsic(x, y, *, kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None,
         estimator="biased", normalize=False, degree=None, coef0=None) -> float:
    r"""Hilbert-Schmidt independence criterion of paired samples.

    .. math::

        \mathrm{HSIC}_b = \frac{1}{n^2}\operatorname{tr}(KHLH), \quad
        H = I - \tfrac{1}{n}11^T, \quad K_{ij} = k(x_i, x_j),\ L_{ij} = l(y_i, y_j)

    (``estimator="biased"``, the V-statistic of Gretton et al. 2008); ``"unbiased"`` is the
    U-statistic of Song et al. (2012), which can be negative; ``"biased_n1"`` divides
    tr(KHLH) by :math:`(n-1)^2` instead, as in Gretton et al. (2005) and the HSIC-bottleneck
    paper. ``normalize=True`` returns :math:`\mathrm{HSIC}(x,y)/\sqrt{\mathrm{HSIC}(x,x)
    \mathrm{HSIC}(y,y)}` (linear CKA with linear kernels).

    HSIC = 0 in the population characterises independence only for characteristic kernels
    (gaussian, laplace, distance, delta on categories); with linear or polynomial kernels it
    detects only some dependence. Raw HSIC values depend on the kernel and its bandwidth and
    are not comparable across them: compare normalised HSIC or p-values.

    Built-in kernels run one parallel numba pass over the pairs i < j: O(n^2) time, O(n)
    memory, one exp per pair per variable. Callable kernels use dense n x n Gram matrices.

    Parameters
    ----------
    x, y : array_like
        n paired samples; 1-D is one feature, 2-D is (n, p). Labels for the delta kernel.
    kernel : str or callable, default "gaussian"
        Kernel of x: "gaussian" :math:`\exp(-|x-x'|^2/(2\sigma^2))`, "laplace"
        :math:`\exp(-|x-x'|/\sigma)`, "linear" :math:`x\cdot x'`, "polynomial"
        :math:`(x\cdot x' + c_0)^d`, "distance" (distance-induced: HSIC = dCov^2/4), "delta"
        :math:`[c = c']`, or ``kernel(a, b)`` returning the Gram block.
    kernel_y : str or callable, optional
        Kernel of y; defaults to ``kernel``.
    sigma, sigma_y : float, optional
        Bandwidths (same units as x, y) of gaussian/laplace kernels; default: the median
        heuristic (median pairwise distance) of each variable on its own.
    estimator : {"biased", "unbiased", "biased_n1"}, default "biased"
    normalize : bool, default False
    degree, coef0 : int, float, optional
        Polynomial kernel parameters (default 2 and 1).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Mismatched lengths, fewer than 2 (biased) or 4 (unbiased) samples, NaN or inf, a
        constant variable under the median heuristic, unknown kernel or estimator names, bad
        parameters, or ``normalize=True`` when HSIC(x, x) or HSIC(y, y) is not positive.

    References
    ----------
    A. Gretton, O. Bousquet, A. Smola, B. Schoelkopf, "Measuring statistical dependence with
    Hilbert-Schmidt norms", ALT 2005.
    A. Gretton et al., "A kernel statistical test of independence", NIPS 2008.
    L. Song et al., "Feature selection via dependence maximization", JMLR 13 (2012).
    W.-D. K. Ma, J. P. Lewis, W. B. Kleijn, "The HSIC bottleneck", arXiv:1908.01580.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.

    Examples
    --------
    >>> round(hsic([0, 1, 2], [0, 1, 2], kernel="linear"), 12)   # 4/9
    0.444444444444
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=300)
    >>> round(hsic(x, x**2, normalize=True), 2) > 0.3
    True
    """
    estimator = choice("estimator", estimator, ESTIMATORS)
    if not isinstance(normalize, (bool, np.bool_)):
        raise ValueError(f"normalize must be True or False; got {normalize!r}")
    kx, ax, ky, ay = resolve_pair(x, y, kernel=kernel, kernel_y=kernel_y, sigma=sigma,
                                  sigma_y=sigma_y, degree=degree, coef0=coef0,
                                  min_samples=_MIN_SAMPLES[estimator])
    if "callable" in (kx.name, ky.name):
        k, l = kx.matrix(ax), ky.matrix(ay)
        value = check_finite(hsic_from_gram(k, l, estimator))
        if not normalize:
            return value
        vx, vy = hsic_from_gram(k, k, estimator), hsic_from_gram(l, l, estimator)
    else:
        sums = pair_sums(kx, ax, ky, ay)
        value = check_finite(_estimate(sums, estimator))
        if not normalize:
            return value
        vx, vy = _estimate(sums.swap("x"), estimator), _estimate(sums.swap("y"), estimator)
    for name, v in (("x", vx), ("y", vy)):
        check_finite(v, f"HSIC({name}, {name})")
        if not v > 0:
            raise ValueError(f"normalize=True needs HSIC({name}, {name}) > 0; got {v:.3g} "
                             f"({name} is constant under its kernel, or the unbiased estimate "
                             "is not positive for so few samples)")
    return value / math.sqrt(vx * vy)
