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

A numba pass over the pairs i < j (:mod:`mathlab.hsic._pairs`) collects these sums (and the
ones of K with itself and L with itself, for normalisation) without forming n x n matrices.

:class:`PairSums` is the interface between the statistic and the algorithms that compute it:
every exact algorithm returns one, and every estimator (and the moments of the gamma and
permutation tests) follows from it. :data:`ALGORITHMS` lists the algorithms, fastest first;
``hsic(..., algorithm="auto")`` takes the first one that applies to the prepared input.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from .._validate import choice, finite_result
from . import _pairs
from .kernels import PreparedPair, hsic_from_gram, prepare_pair

__all__ = ["hsic", "ESTIMATORS", "PairSums", "Algorithm", "ALGORITHMS", "exact_sums",
           "pair_sums", "estimate", "parallel", "n_blocks", "check_finite", "in_data_units",
           "hsic_biased", "hsic_unbiased"]

ESTIMATORS = ("biased", "unbiased", "biased_n1")
_MIN_SAMPLES = {"biased": 2, "biased_n1": 2, "unbiased": 4}


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


def estimate(sums: PairSums, estimator: str) -> float:
    """The estimator ("biased", "unbiased" or "biased_n1") from :class:`PairSums`."""
    if estimator == "unbiased":
        return hsic_unbiased(sums)
    return hsic_biased(sums, divisor="n" if estimator == "biased" else "n-1")


PARALLEL_MIN_N = 1500
"""Below this many samples the passes run on one thread (starting threads costs more)."""


def parallel(n: int) -> bool:
    """Whether the numba passes over n samples run in parallel."""
    return n >= PARALLEL_MIN_N


def n_blocks(n: int) -> np.ndarray:
    """Row-block boundaries for the parallel passes (4 blocks per numba thread)."""
    return _pairs.row_blocks(n, 4 * numba.get_num_threads())


def pair_sums(pair: PreparedPair, *, fastmath: bool = True) -> PairSums:
    """The one-pass numba kernel over the pairs i < j: :class:`PairSums` in O(n) memory."""
    a, cx, b, cy, degree, coef0, shift_x, shift_y = pair.pass_args
    n = a.shape[1]
    bounds = n_blocks(n)
    if not fastmath:
        run = _pairs.pair_sums_exact
    else:
        run = _pairs.pair_sums if parallel(n) else _pairs.pair_sums_serial
    totals, rows_k, rows_l = run(a, cx, b, cy, degree, coef0, shift_x, shift_y, bounds)
    if not (np.isfinite(totals).all() and np.isfinite(rows_k).all()
            and np.isfinite(rows_l).all()):
        check_finite(math.inf, "a kernel sum")
    s = [2.0 * math.fsum(totals[:, m]) for m in range(3)]
    return PairSums(n=n, s_kl=s[0], s_kk=s[1], s_ll=s[2],
                    rows_k=rows_k.sum(axis=0), rows_l=rows_l.sum(axis=0),
                    diag_k=_pairs.diagonal(cx, a, degree, coef0, shift_x),
                    diag_l=_pairs.diagonal(cy, b, degree, coef0, shift_y),
                    shift_k=shift_x, shift_l=shift_y)


@dataclass(frozen=True)
class Algorithm:
    """An exact algorithm for :class:`PairSums`.

    Attributes
    ----------
    name : str
        The value of ``hsic(..., algorithm=name)``.
    applies : callable
        ``applies(pair) -> bool``: whether it can compute the sums of this prepared input.
    sums : callable
        ``sums(pair) -> PairSums``.
    """

    name: str
    applies: Callable[[PreparedPair], bool]
    sums: Callable[[PreparedPair], PairSums]


ALGORITHMS: dict[str, Algorithm] = {
    "pairs": Algorithm("pairs", lambda pair: not pair.dense, pair_sums),
}
"""Exact algorithms, fastest first; ``"auto"`` takes the first that applies."""


def exact_sums(pair: PreparedPair, algorithm: str = "auto") -> PairSums:
    """:class:`PairSums` of a prepared pair by the named algorithm (``"auto"``: the fastest)."""
    if algorithm == "auto":
        for candidate in ALGORITHMS.values():
            if candidate.applies(pair):
                return candidate.sums(pair)
        raise ValueError("no exact algorithm applies to these kernels")
    chosen = ALGORITHMS[algorithm]
    if not chosen.applies(pair):
        raise ValueError(f"algorithm={algorithm!r} does not apply to kernel={pair.x.name!r}, "
                         f"kernel_y={pair.y.name!r}; use algorithm='auto'")
    return chosen.sums(pair)


def in_data_units(value: float, exponent: int, what: str = "HSIC") -> float:
    """``value * 2**exponent``: HSIC computed in a scaled frame, back in the units of the data.

    Raises ValueError when the result overflows or underflows float64.
    """
    if exponent == 0:
        return value
    with np.errstate(over="ignore", under="ignore"):
        out = float(np.ldexp(value, exponent))
    check_finite(out, what)
    if value != 0 and abs(out) < np.finfo(np.float64).tiny:
        raise ValueError(f"{what} is below the float64 range (about {value:.3g} * "
                         f"2**{exponent}); rescale the data")
    return out


def check_finite(value: float, what: str = "HSIC") -> float:
    """Return ``value`` or raise ValueError if it overflowed (e.g. a high polynomial degree)."""
    return finite_result(what, value, hint="the kernel values overflow; rescale the data or "
                                           "lower the polynomial degree")


def hsic(x, y, *, kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None,
         estimator="biased", normalize=False, degree=None, coef0=None,
         algorithm="auto") -> float:
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
        heuristic (median pairwise distance) of each variable on its own. An explicit bandwidth
        must lie within [1e-150, 1e150] times the largest |x_ij|
        (:data:`mathlab.hsic.kernels.SIGMA_RANGE`). These kernels are evaluated in a frame
        scaled by a power of two, so HSIC is the same for data of any magnitude.
    estimator : {"biased", "unbiased", "biased_n1"}, default "biased"
    normalize : bool, default False
    degree, coef0 : int, float, optional
        Polynomial kernel parameters (default 2 and 1).
    algorithm : {"auto", "pairs"}, default "auto"
        How the exact sums are computed (:data:`ALGORITHMS`): "pairs" is the O(n^2)-time,
        O(n)-memory numba pass over the pairs; "auto" takes the fastest algorithm that applies.
        Every algorithm gives the same value to rounding.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Mismatched lengths, fewer than 2 (biased) or 4 (unbiased) samples, NaN, inf or complex
        values, a constant variable under the median heuristic, unknown kernel or estimator
        names, bad parameters, a bandwidth outside the range above, more than 20,000 samples
        with a callable kernel, a result that is not finite (linear, polynomial or distance
        kernels on data so large that the kernel sums overflow), or ``normalize=True`` when
        HSIC(x, x) or HSIC(y, y) is not positive.

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
    algorithm = choice("algorithm", algorithm, ("auto", *ALGORITHMS))
    pair = prepare_pair(x, y, kernel=kernel, kernel_y=kernel_y, sigma=sigma, sigma_y=sigma_y,
                        degree=degree, coef0=coef0, min_samples=_MIN_SAMPLES[estimator],
                        homogeneous_frame=True)
    exponent = pair.x.gram_exponent + pair.y.gram_exponent
    if pair.dense:
        if algorithm != "auto":
            raise ValueError(f"algorithm={algorithm!r} needs built-in kernels; a callable "
                             "kernel uses dense Gram matrices (algorithm='auto')")
        k, l = pair.x.gram(), pair.y.gram()
        value = check_finite(hsic_from_gram(k, l, estimator))
        if not normalize:
            return value
        vx, vy = hsic_from_gram(k, k, estimator), hsic_from_gram(l, l, estimator)
    else:
        sums = exact_sums(pair, algorithm)
        value = check_finite(estimate(sums, estimator))
        if not normalize:
            return in_data_units(value, exponent)
        vx, vy = estimate(sums.swap("x"), estimator), estimate(sums.swap("y"), estimator)
    for name, v in (("x", vx), ("y", vy)):
        check_finite(v, f"HSIC({name}, {name})")
        if not v > 0:
            raise ValueError(f"normalize=True needs HSIC({name}, {name}) > 0; got {v:.3g} "
                             f"({name} is constant under its kernel, or the unbiased estimate "
                             "is not positive for so few samples)")
    return check_finite(value / math.sqrt(vx * vy), "normalised HSIC")
