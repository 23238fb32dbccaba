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
from dataclasses import dataclass, field

import numba
import numpy as np

from .._validate import choice, finite_result, in_interval
from . import _pairs
from .kernels import PreparedPair, hsic_from_gram, prepare_pair

__all__ = ["hsic", "ESTIMATORS", "PairSums", "SumBounds", "Algorithm", "ALGORITHMS", "Target",
           "DEFAULT_TOL", "choose_algorithm", "exact_sums", "pair_sums", "estimate",
           "error_bound", "ratio_bound", "parallel", "n_blocks", "check_finite",
           "in_data_units", "hsic_biased", "hsic_unbiased"]

ESTIMATORS = ("biased", "unbiased", "biased_n1")
_MIN_SAMPLES = {"biased": 2, "biased_n1": 2, "unbiased": 4}


@dataclass(frozen=True)
class SumBounds:
    """Bounds on the errors of approximate :class:`PairSums` (in exact arithmetic).

    Attributes
    ----------
    s_kl, s_kk, s_ll : float
        Bounds on the errors of the three totals.
    rows_k, rows_l : float
        Bounds on the error of every entry of the row sums.
    """

    s_kl: float
    s_kk: float
    s_ll: float
    rows_k: float
    rows_l: float
    info: dict = field(default_factory=dict, compare=False)

    def swap(self, which: str) -> "SumBounds":
        """The bounds of :meth:`PairSums.swap`."""
        if which == "x":
            return SumBounds(self.s_kk, self.s_kk, self.s_kk, self.rows_k, self.rows_k,
                             self.info)
        return SumBounds(self.s_ll, self.s_ll, self.s_ll, self.rows_l, self.rows_l, self.info)


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
    bounds : SumBounds or None
        Error bounds of an approximate algorithm (None: exact to rounding).
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
    bounds: SumBounds | None = None

    @classmethod
    def from_raw(cls, n: int, s_kl: float, s_kk: float, s_ll: float, rows_k: np.ndarray,
                 rows_l: np.ndarray, diag_k: np.ndarray, diag_l: np.ndarray, shift_k: float,
                 shift_l: float, bounds: SumBounds | None = None) -> "PairSums":
        """The sums of K - shift_k, L - shift_l from the off-diagonal sums of the raw K, L.

        With t = sum of the raw off-diagonal entries and N = n(n-1),
        :math:`\\sum (K - a)(L - b) = S_{KL} - b\\,t_K - a\\,t_L + abN`. ``bounds`` (of the raw
        sums) are carried over to the shifted ones.
        """
        off = n * (n - 1.0)
        tk, tl = float(np.sum(rows_k)), float(np.sum(rows_l))
        if bounds is not None:
            ek, el = bounds.rows_k * n, bounds.rows_l * n  # bounds on tk, tl
            bounds = SumBounds(s_kl=bounds.s_kl + abs(shift_l) * ek + abs(shift_k) * el,
                               s_kk=bounds.s_kk + 2.0 * abs(shift_k) * ek,
                               s_ll=bounds.s_ll + 2.0 * abs(shift_l) * el,
                               rows_k=bounds.rows_k, rows_l=bounds.rows_l, info=bounds.info)
        return cls(n=n, s_kl=s_kl - shift_l * tk - shift_k * tl + shift_k * shift_l * off,
                   s_kk=s_kk - 2.0 * shift_k * tk + shift_k * shift_k * off,
                   s_ll=s_ll - 2.0 * shift_l * tl + shift_l * shift_l * off,
                   rows_k=rows_k - shift_k * (n - 1.0), rows_l=rows_l - shift_l * (n - 1.0),
                   diag_k=diag_k - shift_k, diag_l=diag_l - shift_l, shift_k=shift_k,
                   shift_l=shift_l, bounds=bounds)

    def swap(self, which: str) -> "PairSums":
        """The sums of (K, K) (``which="x"``) or (L, L) (``which="y"``), for normalisation."""
        bounds = None if self.bounds is None else self.bounds.swap(which)
        if which == "x":
            return PairSums(self.n, self.s_kk, self.s_kk, self.s_kk, self.rows_k, self.rows_k,
                            self.diag_k, self.diag_k, self.shift_k, self.shift_k, bounds)
        return PairSums(self.n, self.s_ll, self.s_ll, self.s_ll, self.rows_l, self.rows_l,
                        self.diag_l, self.diag_l, self.shift_l, self.shift_l, bounds)

    def permuted(self, perm: np.ndarray, raw_s_kl: float) -> "PairSums":
        r"""The sums after permuting y's samples by ``perm``, given the new off-diagonal
        :math:`\sum K_{ij} L_{ij}` of the raw kernels (nothing else changes but the order)."""
        n = self.n
        off = n * (n - 1.0)
        tk = float(np.sum(self.rows_k)) + self.shift_k * off  # raw totals
        tl = float(np.sum(self.rows_l)) + self.shift_l * off
        s_kl = (raw_s_kl - self.shift_l * tk - self.shift_k * tl
                + self.shift_k * self.shift_l * off)
        return PairSums(n, s_kl, self.s_kk, self.s_ll, self.rows_k, self.rows_l[perm],
                        self.diag_k, self.diag_l[perm], self.shift_k, self.shift_l,
                        self.bounds)


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


def _deviations(rows, diag, error):
    """(sum of the full row sums, sum |r_i - mean|, bound on the full row sums' entries)."""
    r = rows + diag
    total = float(np.sum(r))
    return r, total, float(np.sum(np.abs(r - total / r.size))), error


def error_bound(sums: PairSums, estimator: str) -> float:
    r"""Bound on the error of :func:`estimate` due to the bounds of approximate sums.

    0.0 for exact sums (``sums.bounds is None``). The estimators are bilinear in the row sums:
    with entries within :math:`e_K, e_L`, the centred row sums move by at most
    :math:`2e_K, 2e_L`, the cross term :math:`\sum_i (r^K_i - \bar r^K)(r^L_i - \bar r^L)` by at
    most :math:`2e_K\sum|r^L - \bar r^L| + 2e_L\sum|r^K - \bar r^K| + 4ne_Ke_L`, and the product
    of the totals by :math:`n e_K|t_L| + n e_L|t_K| + n^2 e_K e_L`.
    """
    b = sums.bounds
    if b is None:
        return 0.0
    n = float(sums.n)
    unbiased = estimator == "unbiased"
    zero = np.zeros(sums.n)
    _, tk, dev_k, ek = _deviations(sums.rows_k, zero if unbiased else sums.diag_k, b.rows_k)
    _, tl, dev_l, el = _deviations(sums.rows_l, zero if unbiased else sums.diag_l, b.rows_l)
    cross = 2.0 * ek * dev_l + 2.0 * el * dev_k + 4.0 * n * ek * el
    product = n * ek * abs(tl) + n * el * abs(tk) + n * n * ek * el  # d(tk tl)
    if unbiased:
        value = (b.s_kl + product / ((n - 1.0) * (n - 2.0))
                 + 2.0 / (n - 2.0) * (cross + product / n))
        return value / (n * (n - 3.0))
    trace = b.s_kl + 2.0 / n * cross + product / (n * n)
    return trace / (n * n if estimator == "biased" else (n - 1.0) ** 2)


def ratio_bound(value: float, err: float, vx: float, ex: float, vy: float, ey: float) -> float:
    """Bound on the error of value / sqrt(vx vy) when each is known within err, ex, ey.

    The ratio is monotone in each argument, so the worst case is at a corner of the box
    (inf when vx or vy may be <= 0).
    """
    if err == 0.0 and ex == 0.0 and ey == 0.0:
        return 0.0
    if not (vx - ex > 0 and vy - ey > 0):
        return math.inf
    r = value / math.sqrt(vx * vy)
    return max(abs(a / math.sqrt(b * c) - r) for a in (value - err, value + err)
               for b in (vx - ex, vx + ex) for c in (vy - ey, vy + ey))


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


DEFAULT_TOL = 1e-10
"""Default relative accuracy requested from approximate algorithms (the Gauss transform)."""


@dataclass(frozen=True)
class Target:
    """What an algorithm is asked for: the estimator and its relative accuracy ``tol``."""

    estimator: str = "biased"
    tol: float = DEFAULT_TOL


@dataclass(frozen=True)
class Algorithm:
    r"""An algorithm for :class:`PairSums`.

    Attributes
    ----------
    name : str
        The value of ``hsic(..., algorithm=name)``.
    applies : callable
        ``applies(pair, target) -> bool``: whether it can compute the sums of this prepared
        input.
    sums : callable
        ``sums(pair, target) -> PairSums`` (with ``bounds`` when approximate).
    permutations : callable or None
        ``permutations(pair, sums) -> f`` with ``f(perm)`` the raw off-diagonal
        :math:`\sum K_{ij}L_{ij}` of y permuted by ``perm``, at the cost of one fast pass
        (None: the permutation test runs the pass over the pairs).
    bilinear : callable or None
        ``bilinear(pair, sums) -> form`` with ``form(a, b, w, z) -> (value, bound)`` the
        weighted sum :math:`\sum_{i\ne j} K_{ij}^a L_{ij}^b w_i z_j` of the raw kernels
        (a, b in {0, 1, 2}); the gamma test builds its variance from these (None: one more
        pass over the pairs).
    faster : callable or None
        ``faster(pair, target) -> bool``: whether "auto" should take it where it applies (a
        cost model against the next algorithm; None: always).
    """

    name: str
    applies: Callable[[PreparedPair, Target], bool]
    sums: Callable[[PreparedPair, Target], PairSums]
    permutations: Callable | None = None
    bilinear: Callable | None = None
    faster: Callable | None = None


def _pairs_applies(pair: PreparedPair, target: Target) -> bool:
    return not pair.dense


def _pairs_sums(pair: PreparedPair, target: Target) -> PairSums:
    return pair_sums(pair)


def _algorithms() -> dict[str, Algorithm]:
    from . import _gauss_transform, _sorted_1d

    return {
        "sorted": Algorithm("sorted", _sorted_1d.applies, _sorted_1d.sums,
                            _sorted_1d.permutations, _sorted_1d.bilinear),
        "gauss_transform": Algorithm("gauss_transform", _gauss_transform.applies,
                                     _gauss_transform.sums, _gauss_transform.permutations,
                                     _gauss_transform.bilinear, _gauss_transform.faster),
        "pairs": Algorithm("pairs", _pairs_applies, _pairs_sums),
    }


ALGORITHMS: dict[str, Algorithm] = _algorithms()
"""Algorithms for the sums, fastest first; ``"auto"`` takes the first that applies.

"sorted": one-dimensional distance and Laplace kernels, exact, O(n log n)
(:mod:`mathlab.hsic._sorted_1d`); "gauss_transform": Gaussian kernels of up to three
dimensions per variable, within a rigorous error bound (:mod:`mathlab.hsic._gauss_transform`),
chosen by "auto" when its cost model beats the pass over the pairs; "pairs": every built-in
kernel, exact, O(n^2) (:mod:`mathlab.hsic._pairs`)."""


def choose_algorithm(pair: PreparedPair, algorithm: str = "auto",
                     target: Target = Target()) -> Algorithm:
    """The :class:`Algorithm` named ``algorithm`` (``"auto"``: the first that applies)."""
    if algorithm == "auto":
        for candidate in ALGORITHMS.values():
            if candidate.applies(pair, target) and (candidate.faster is None
                                                    or candidate.faster(pair, target)):
                return candidate
        raise ValueError("no algorithm applies to these kernels")
    chosen = ALGORITHMS[algorithm]
    if not chosen.applies(pair, target):
        raise ValueError(f"algorithm={algorithm!r} does not apply to kernel={pair.x.name!r}, "
                         f"kernel_y={pair.y.name!r} with data of dimensions "
                         f"{pair.x.data.shape[1]} and {pair.y.data.shape[1]}; use "
                         "algorithm='auto'")
    return chosen


def exact_sums(pair: PreparedPair, algorithm: str = "auto",
               target: Target = Target()) -> PairSums:
    """:class:`PairSums` of a prepared pair by the named algorithm (``"auto"``: the fastest)."""
    return choose_algorithm(pair, algorithm, target).sums(pair, target)


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
         algorithm="auto", tol=DEFAULT_TOL, return_details=False):
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

    Algorithms (``algorithm``): one-dimensional data with the distance or Laplace kernels
    (both variables) take O(n log n) exact sums from sorting ("sorted"); Gaussian kernels on up
    to three dimensions per variable a fast Gauss transform within a rigorous error bound
    ("gauss_transform", when it is faster than the pairs); every other built-in kernel one
    parallel numba pass over the pairs i < j ("pairs": O(n^2) time, O(n) memory). Callable
    kernels use dense n x n Gram matrices.

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
    algorithm : {"auto", "sorted", "gauss_transform", "pairs"}, default "auto"
        How the sums are computed (:data:`ALGORITHMS`): "auto" takes the fastest that applies.
        "sorted" and "pairs" are exact (they agree to rounding); "gauss_transform" is within
        its reported bound. An explicit name that does not apply raises ValueError.
    tol : float, default 1e-10
        Relative accuracy asked of the Gauss transform: it aims at an error bound below
        ``tol * |HSIC|`` (a bound below the rounding of double precision cannot be reached;
        the bound achieved is reported with ``return_details=True``). Must be in (0, 1).
    return_details : bool, default False
        Return an :class:`mathlab.hsic.HSICEstimate` (value, algorithm, error bound) instead of
        the float.

    Returns
    -------
    float or HSICEstimate

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
    >>> big = rng.normal(size=200_000)
    >>> est = hsic(big, np.abs(big) + rng.normal(size=200_000), kernel="distance",
    ...            return_details=True)
    >>> est.algorithm, est.error_bound
    ('sorted', 0.0)
    """
    estimator = choice("estimator", estimator, ESTIMATORS)
    for flag, name in ((normalize, "normalize"), (return_details, "return_details")):
        if not isinstance(flag, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False; got {flag!r}")
    algorithm = choice("algorithm", algorithm, ("auto", *ALGORITHMS))
    tol = in_interval("tol", tol, 0.0, 1.0)
    pair = prepare_pair(x, y, kernel=kernel, kernel_y=kernel_y, sigma=sigma, sigma_y=sigma_y,
                        degree=degree, coef0=coef0, min_samples=_MIN_SAMPLES[estimator],
                        homogeneous_frame=True)
    exponent = pair.x.gram_exponent + pair.y.gram_exponent
    bound, bound_x, bound_y, info = 0.0, 0.0, 0.0, {}
    if pair.dense:
        if algorithm != "auto":
            raise ValueError(f"algorithm={algorithm!r} needs built-in kernels; a callable "
                             "kernel uses dense Gram matrices (algorithm='auto')")
        used = "dense"
        k, l = pair.x.gram(), pair.y.gram()
        value = check_finite(hsic_from_gram(k, l, estimator))
        if normalize:
            vx, vy = hsic_from_gram(k, k, estimator), hsic_from_gram(l, l, estimator)
    else:
        target = Target(estimator, tol)
        chosen = choose_algorithm(pair, algorithm, target)
        used = chosen.name
        sums = chosen.sums(pair, target)
        value = check_finite(estimate(sums, estimator))
        bound = error_bound(sums, estimator)
        info = getattr(sums.bounds, "info", {}) if sums.bounds is not None else {}
        if normalize:
            sx, sy = sums.swap("x"), sums.swap("y")
            vx, vy = estimate(sx, estimator), estimate(sy, estimator)
            bound_x, bound_y = error_bound(sx, estimator), error_bound(sy, estimator)
    if normalize:
        for name, v in (("x", vx), ("y", vy)):
            check_finite(v, f"HSIC({name}, {name})")
            if not v > 0:
                raise ValueError(f"normalize=True needs HSIC({name}, {name}) > 0; got {v:.3g} "
                                 f"({name} is constant under its kernel, or the unbiased "
                                 "estimate is not positive for so few samples)")
        bound = ratio_bound(value, bound, vx, bound_x, vy, bound_y)
        value = check_finite(value / math.sqrt(vx * vy), "normalised HSIC")
    else:  # the scaled frame's HSIC, back in the units of the data
        value = in_data_units(value, exponent)
        bound = math.ldexp(bound, exponent) if bound else 0.0
    if not return_details:
        return value
    from .result import HSICEstimate

    return HSICEstimate(value=value, estimator=estimator, normalize=bool(normalize),
                        algorithm=used, error_bound=float(bound), tol=tol, n=pair.n,
                        details=dict(info))
