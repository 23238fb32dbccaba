r"""Exact permutation moments of the HSIC statistic and the three-moment null built on them.

Private module. Under independence the permutation test compares
:math:`T = \operatorname{tr}(K_c L_c)/n` with :math:`T_\pi = \operatorname{tr}(K_c P_\pi L_c
P_\pi^\top)/n` over uniformly random permutations :math:`\pi`. The first three moments of
:math:`T_\pi` have closed forms in a handful of sums of the centred Gram matrices; fitting them is
what makes the gamma test agree with the permutation test for every kernel (bounded or not).

Write :math:`A = K_c` and :math:`S_\pi = \langle A, P_\pi B P_\pi^\top\rangle` (so
:math:`T_\pi = S_\pi/n`). Both are doubly centred (zero row sums).

* Mean: :math:`E[S_\pi] = \operatorname{tr}A \operatorname{tr}B / (n-1)`.
* Central moments: with :math:`A' = A - \frac{\operatorname{tr}A}{n-1} H` (still doubly centred,
  now with zero trace; :math:`S_\pi - E S_\pi = \langle A', P_\pi B' P_\pi^\top\rangle`
  exactly),

  .. math::

      E[(S_\pi - ES_\pi)^r] = \sum_{g,h} I_g(A')\, I_h(B') \sum_{m} \frac{M^{(r)}_{m,gh}}{(n)_m},
      \qquad (n)_m = n(n-1)\cdots(n-m+1),

  where the invariants are, with :math:`d = \operatorname{diag}A'`,

  - r = 2: :math:`I = (\sum_i d_i^2,\ \sum_{ij} A'^2_{ij})`;
  - r = 3: :math:`I = (\sum_i d_i^3,\ \sum_{ij} d_i A'^2_{ij},\ d^\top A' d,\
    \sum_{ij} A'^3_{ij},\ \operatorname{tr} A'^3)`.

  The integer tables :math:`M^{(r)}_m` come from expanding :math:`S_\pi^r` over the
  :math:`2r` matrix indices: a tuple of indices with equality pattern (set partition) p of m
  blocks is mapped by :math:`\pi` to a uniformly random tuple with the same pattern, so
  :math:`E[S^r] = \sum_p P_A(p) P_B(p)/(n)_m`, where :math:`P_A(p)` sums A's entries over index
  tuples with exactly the pattern p. Moebius inversion on the partition lattice writes
  :math:`P_A(p)` through unrestricted sums (multigraph sums of A's entries); those with a vertex
  met once vanish (zero row sums), those with a vertex carrying only a loop vanish (zero trace),
  and the rest are the invariants above. :math:`M^{(r)}_m = \sum_{|p| = m} c_p c_p^\top` with
  :math:`c_p` the integer coefficients of :math:`P(p)` on the invariants.
  ``tests/hsic/test_calibration.py`` re-derives the tables that way and checks the moments
  against enumeration of all n! permutations.

  For r = 2 this is the closed form :math:`\mathrm{Var}\,S_\pi =
  \frac{n^2}{(n-2)^2(n-1)}\lVert d\rVert^2\lVert e\rVert^2 +
  \frac{2}{n(n-3)}\lVert R_A\rVert^2\lVert R_B\rVert^2` with
  :math:`\lVert R_A\rVert^2 = \lVert A'\rVert_F^2 - \frac{n}{n-2}\lVert d\rVert^2`: the two
  irreducible parts of the symmetric-group action on doubly centred matrices.

Which sums the moments need (so that one-pass algorithms can serve them): the mean and the
variance need, per variable, :math:`\operatorname{tr} K_c`, :math:`\lVert K_c\rVert_F^2` and
:math:`\sum_i (K_c)_{ii}^2`, i.e. the PairSums quantities ``s_kk``, ``rows_k`` and ``diag_k``
(:math:`(K_c)_{ii} = K_{ii} - 2(K1)_i/n + 1^\top K 1/n^2`). The third moment also needs
:math:`\sum_j A'^2_{ij}` per row, :math:`A' d`, :math:`\sum_{ij} A'^3_{ij}` (a second pass over
the pairs once the row sums are known) and the triangle sum :math:`\operatorname{tr}A'^3`
(O(n^3) here, a dense matrix product).

The null is the Pearson type III (shifted gamma) law with these three moments; see
:func:`pearson3_sf`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
from scipy import stats

from .kernels import centre
from .nulls import GammaNull, NullDistribution
from .statistics import check_finite, exact_sums, hsic_biased

__all__ = ["Invariants", "invariants", "second_order_from_sums", "NullMoments",
           "permutation_moments", "pearson3_sf", "leverage", "LEVERAGE_WARN", "MomentNull",
           "CalibrationWarning", "permutation_moment_null", "THREE_MOMENT_MAX_N", "dense_gram",
           "small_blas"]


class CalibrationWarning(UserWarning):
    """A moment-matched null is used where it is known not to follow the permutation null."""

# M^{(r)}_m, indexed by m (number of distinct indices); rows/columns follow the invariants.
_M2 = {
    1: ((1, 0), (0, 0)),
    2: ((7, -2), (-2, 2)),
    3: ((24, -8), (-8, 4)),
    4: ((36, -12), (-12, 4)),
}
_M3 = {
    1: ((1, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
    2: ((31, -12, -6, -4, 0), (-12, 12, 0, 0, 0), (-6, 0, 6, 0, 0), (-4, 0, 0, 4, 0),
        (0, 0, 0, 0, 0)),
    3: ((360, -192, -72, -48, 16), (-192, 156, 24, 24, -24), (-72, 24, 36, 0, 0),
        (-48, 24, 0, 24, 0), (16, -24, 0, 0, 8)),
    4: ((2340, -1368, -468, -312, 144), (-1368, 924, 240, 216, -120),
        (-468, 240, 132, 24, -24), (-312, 216, 24, 80, -24), (144, -120, -24, -24, 24)),
    5: ((8640, -5184, -1728, -1152, 576), (-5184, 3264, 960, 768, -384),
        (-1728, 960, 384, 192, -96), (-1152, 768, 192, 192, -96), (576, -384, -96, -96, 48)),
    6: ((14400, -8640, -2880, -1920, 960), (-8640, 5184, 1728, 1152, -576),
        (-2880, 1728, 576, 384, -192), (-1920, 1152, 384, 256, -128),
        (960, -576, -192, -128, 64)),
}
LEVERAGE_WARN = 0.2
"""Share of the null variance carried by one sample point above which moment fits are refused
as uncalibrated (see :func:`leverage`)."""


@lru_cache(maxsize=64)
def _coefficients(n: int, order: int) -> np.ndarray:
    """sum_m M_m / (n)_m, evaluated in exact rational arithmetic, as a float matrix."""
    table = _M2 if order == 2 else _M3
    size = len(table[1])
    out = np.empty((size, size))
    for g in range(size):
        for h in range(size):
            out[g, h] = float(sum(Fraction(row[g][h], math.perm(n, m))
                                  for m, row in table.items()))
    return out


@dataclass(frozen=True)
class Invariants:
    """Sums of one centred Gram matrix that the permutation moments need.

    Attributes
    ----------
    n : int
    trace : float
        tr K_c.
    second : ndarray, shape (2,)
        (sum_i d_i^2, ||A'||_F^2) with A' = K_c - tr(K_c)/(n-1) H and d = diag A'.
    third : ndarray, shape (5,) or None
        (sum d^3, sum_ij d_i A'_ij^2, d'A'd, sum_ij A'_ij^3, tr A'^3); None when only the
        first two moments were computed.
    diag_share : float
        max_i d_i^2 / sum_i d_i^2, the largest point's share of the diagonal fluctuation.
    """

    n: int
    trace: float
    second: np.ndarray
    third: np.ndarray | None
    diag_share: float


def _diag_share(d: np.ndarray) -> float:
    total = float(np.dot(d, d))
    return float(np.max(d * d) / total) if total > 0 else 0.0


def invariants(kc: np.ndarray, *, third: bool = True) -> Invariants:
    """Invariants of a dense doubly centred Gram matrix ``kc`` (n x n, n >= 6)."""
    n = kc.shape[0]
    t = float(np.trace(kc))
    c = t / (n - 1.0)
    a = kc - c * (np.eye(n) - 1.0 / n)    # A' = K_c - tr(K_c)/(n-1) H
    d = np.diag(a).copy()
    sq = a * a
    second = np.array([float(d @ d), float(sq.sum())])
    out3 = None
    if third:
        row_sq = sq.sum(axis=1)
        out3 = np.array([float(np.sum(d**3)), float(d @ row_sq), float(d @ (a @ d)),
                         float(np.sum(sq * a)), float(np.sum((a @ a) * a))])
    return Invariants(n, t, second, out3, _diag_share(d))


def second_order_from_sums(n: int, diag: np.ndarray, rows: np.ndarray,
                           frobenius_centred: float) -> Invariants:
    r"""Invariants for the mean and the variance from one-pass sums of a Gram matrix K.

    Parameters
    ----------
    diag : ndarray
        :math:`K_{ii}`.
    rows : ndarray
        Full row sums :math:`(K1)_i` (diagonal included).
    frobenius_centred : float
        :math:`\lVert K_c\rVert_F^2 = \operatorname{tr}(KHKH)` (= :math:`n^2` HSIC_b(K, K)).
    """
    total = float(rows.sum())
    dc = diag - 2.0 * rows / n + total / n**2         # diag(K_c)
    t = float(dc.sum())
    d = dc - t / n                                     # diag(A')
    second = np.array([float(d @ d), frobenius_centred - t * t / (n - 1.0)])
    return Invariants(n, t, second, None, _diag_share(d))


@dataclass(frozen=True)
class NullMoments:
    """Mean, variance and third central moment of T_pi = tr(K_c P L_c P^T)/n (third may be None)."""

    mean: float
    var: float
    third: float | None
    leverage: float


def leverage(ix: Invariants, iy: Invariants) -> float:
    r"""Share of the permutation variance carried by the single most influential point.

    The variance splits into a diagonal part (the permutation of
    :math:`\operatorname{diag}K_c` against :math:`\operatorname{diag}L_c`, a linear permutation
    statistic) and the rest. The diagonal part's share times the largest point's share of its
    diagonal fluctuation measures how far the null is from a sum of many small contributions:
    when one point carries a large part of it (an unbounded kernel on heavy-tailed data) the
    permutation distribution is a lumpy mixture that no moment fit follows.
    """
    n = ix.n
    dx, dy = ix.second[0], iy.second[0]
    rx = ix.second[1] - n / (n - 2.0) * dx
    ry = iy.second[1] - n / (n - 2.0) * dy
    v_diag = (n / (n - 2.0)) ** 2 * dx * dy / (n - 1.0)
    v_rest = 2.0 * max(rx, 0.0) * max(ry, 0.0) / (n * (n - 3.0))
    total = v_diag + v_rest
    if not total > 0:
        return 0.0
    return float(v_diag / total * max(ix.diag_share, iy.diag_share))


def permutation_moments(ix: Invariants, iy: Invariants) -> NullMoments:
    """Exact moments of T_pi over all permutations from the two variables' invariants."""
    n = ix.n
    mean = ix.trace * iy.trace / (n - 1.0) / n
    var = float(ix.second @ _coefficients(n, 2) @ iy.second) / n**2
    third = None
    if ix.third is not None and iy.third is not None:
        third = float(ix.third @ _coefficients(n, 3) @ iy.third) / n**3
    return NullMoments(mean, var, third, leverage(ix, iy))


def pearson3_sf(t: float, mean: float, var: float, third: float) -> tuple[float, dict]:
    r"""Survival function at t of the Pearson type III law with the given three moments.

    With skewness :math:`\gamma = \mu_3/\sigma^3 > 0` the law is a shifted gamma:
    shape :math:`a = 4/\gamma^2`, scale :math:`\theta = \sigma\gamma/2`, location
    :math:`\mu - a\theta` (the two-moment gamma is the special case :math:`\gamma = 2\sigma/\mu`,
    location 0). A non-positive skewness (possible only for nearly normal nulls) falls back to
    the normal law.
    """
    sd = math.sqrt(var)
    skew = third / sd**3
    if skew <= 1e-6:
        return float(stats.norm.sf(t, loc=mean, scale=sd)), {"skewness": skew, "shape": math.inf,
                                                              "scale": 0.0, "loc": mean}
    shape = 4.0 / skew**2
    scale = sd * skew / 2.0
    loc = mean - shape * scale
    return (float(stats.gamma.sf(t, shape, loc=loc, scale=scale)),
            {"skewness": skew, "shape": shape, "scale": scale, "loc": loc})


SMALL_BLAS_N = 1000
"""Below this n dense products run on one BLAS thread (multi-threaded BLAS on small matrices
collapses, 50-100x slower, on a machine shared with other work)."""


@lru_cache(maxsize=1)
def _blas_controller():
    """threadpoolctl's controller, inspected once (it reads the loaded libraries: ~20 ms)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def small_blas(n: int):
    """One BLAS thread for matrices of side n < :data:`SMALL_BLAS_N` (n = 0: always), else
    no limit."""
    controller = _blas_controller() if n < SMALL_BLAS_N else None
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


THREE_MOMENT_MAX_N = 4000
"""Largest n for the three-moment null (dense n x n matrices and one O(n^3) product)."""


@dataclass(frozen=True, repr=False)
class MomentNull(NullDistribution):
    r"""The Pearson type III (or, without a third moment, gamma) law of the exact permutation
    moments of T = n HSIC_b.

    Attributes
    ----------
    moments : NullMoments
        Exact mean, variance (and third central moment) of T over all permutations.
    fit : dict
        The fitted law's skewness, shape, scale and location.
    bounded : bool
        If True the p-value is at least Cantelli's bound
        :math:`\sigma^2/(\sigma^2 + (T - \mu)^2)` (1 for :math:`T \le \mu`), which holds
        for EVERY null law with mean :math:`\mu` and variance :math:`\sigma^2`: the test stays
        valid (never liberal) where the fit is known to fail (:data:`LEVERAGE_WARN`), at the
        price of power.
    """

    moments: NullMoments
    fit: dict
    bounded: bool = False

    @classmethod
    def from_moments(cls, moments: NullMoments) -> MomentNull:
        """The law with these moments; ValueError when the null is degenerate."""
        m = moments
        if not (m.mean > 0 and m.var > 0):
            raise ValueError(f"the gamma approximation is degenerate (null mean {m.mean:.3g}, "
                             f"variance {m.var:.3g}): a variable is constant under its kernel "
                             "(or, for the delta kernel, every label differs)")
        if m.third is None:
            g = GammaNull.from_moments(1, m.mean, m.var)   # a law of T itself
            return cls(m, {"shape": g.shape, "scale": g.scale, "loc": 0.0,
                           "skewness": 2.0 * math.sqrt(m.var) / m.mean})
        _, fit = pearson3_sf(m.mean, m.mean, m.var, m.third)
        return cls(m, fit)

    def pvalue(self, statistic: float) -> float:
        """Survival function of the fitted law at the statistic (with Cantelli's bound)."""
        fit, m = self.fit, self.moments
        if math.isinf(fit["shape"]):
            p = float(stats.norm.sf(statistic, loc=m.mean, scale=math.sqrt(m.var)))
        else:
            p = float(stats.gamma.sf(statistic, fit["shape"], loc=fit["loc"],
                                     scale=fit["scale"]))
        if self.bounded:
            excess = statistic - m.mean
            p = max(p, 1.0 if excess <= 0 else m.var / (m.var + excess * excess))
        return p

    def details(self) -> dict:
        m = self.moments
        return {"null_mean": m.mean, "null_var": m.var, "null_third_moment": m.third,
                "moments": 3 if m.third is not None else 2, "leverage": m.leverage,
                "cantelli_bound": self.bounded, **self.fit}

    def __repr__(self) -> str:
        return (f"MomentNull(moments={3 if self.moments.third is not None else 2}, "
                f"skewness={self.fit['skewness']:.3g})")


def _warn_uncalibrated(moments: NullMoments, n: int, three: bool) -> None:
    if moments.leverage >= LEVERAGE_WARN:
        warnings.warn(
            f"one sample point carries {moments.leverage:.0%} of the null variance of the "
            "statistic (an unbounded kernel on heavy-tailed or skewed data): no moment fit "
            "follows the permutation null here, so the p-value is raised to Cantelli's bound "
            "(valid but conservative); use method='permutation'",
            CalibrationWarning, stacklevel=5)
    if not three:
        warnings.warn(
            f"n = {n} > {THREE_MOMENT_MAX_N}: the gamma test fits the exact permutation mean and "
            "variance only (the third moment needs dense matrices), which is liberal at small "
            "levels (about 1.5% rejections at alpha = 0.01); use method='permutation' for "
            "p-values below about 0.05", CalibrationWarning, stacklevel=5)


def dense_gram(variable) -> np.ndarray:
    """The dense Gram matrix of a prepared variable; ValueError if a kernel value overflowed."""
    with np.errstate(over="ignore", invalid="ignore"):
        k = variable.gram()
    if not np.isfinite(k).all():
        check_finite(math.inf, f"the Gram matrix of {variable.which}")
    return k


def permutation_moment_null(pair) -> tuple[float, MomentNull]:
    r"""Observed :math:`T = n\,\mathrm{HSIC}_b` and the moment-matched permutation null.

    Up to :data:`THREE_MOMENT_MAX_N` samples (and for callable kernels): dense centred Gram
    matrices, the exact first three permutation moments and a Pearson type III law. Above it:
    the sums of the fastest exact algorithm (:func:`mathlab.hsic.statistics.exact_sums`: the
    sorted 1-D sums, the Gauss transform within its bound, or one O(n)-memory pass) give the
    exact mean and variance and a gamma law (with a
    :class:`CalibrationWarning`). When one point dominates the null variance
    (:func:`leverage` >= :data:`LEVERAGE_WARN`) it warns and the p-value is at least
    Cantelli's bound (:class:`MomentNull`).
    """
    n = pair.n
    if n <= THREE_MOMENT_MAX_N or pair.dense:
        kc, lc = centre(dense_gram(pair.x)), centre(dense_gram(pair.y))
        stat = float(np.sum(kc * lc)) / n
        with small_blas(n):
            ix = invariants(kc)
            del kc
            iy = invariants(lc)
        three = True
    else:
        sums = exact_sums(pair)  # the fastest algorithm for these kernels (sorted, Gauss, pairs)
        stat = n * hsic_biased(sums)
        ix = second_order_from_sums(n, sums.diag_k, sums.rows_k + sums.diag_k,
                                    n * n * hsic_biased(sums.swap("x")))
        iy = second_order_from_sums(n, sums.diag_l, sums.rows_l + sums.diag_l,
                                    n * n * hsic_biased(sums.swap("y")))
        three = False
    moments = permutation_moments(ix, iy)
    null = MomentNull.from_moments(moments)
    if moments.leverage >= LEVERAGE_WARN:
        null = dataclasses.replace(null, bounded=True)
    _warn_uncalibrated(moments, n, three)
    return stat, null
