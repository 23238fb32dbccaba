r"""Null distributions shared by the HSIC tests.

A test computes a statistic T (large values are evidence of dependence) and a
:class:`NullDistribution`: the distribution of T under independence, which gives the p-value
:math:`P_0(T' \ge T)`. Three kinds serve every test:

* :class:`GammaNull`: a gamma law with given mean and variance of HSIC (moment matching; for
  :math:`T = n\,\mathrm{HSIC}_b` Gretton et al. 2008 give the moments, :func:`gretton_gamma`);
* :class:`SampledNull`: draws of T under the null (permutations of y's indices, simulations
  of the spectral law, permutations of feature rows), with the Monte Carlo p-value
  :math:`(1 + \#\{T_\pi \ge T\})/(1 + R)` of :func:`mathlab.hsic._pvalue.permutation_pvalue`;
* :class:`NormalNull`: the standard normal law of a z statistic (block HSIC).

The functions below build them for :math:`T = n\,\mathrm{HSIC}_b` of a
:class:`mathlab.hsic.kernels.PreparedPair` (gamma, permutation, spectral) and for feature
statistics (permutations of feature rows). A new null distribution either builds one of these
(a gamma law from other moments, draws from another resampling scheme) or subclasses
:class:`NullDistribution`.

References
----------
A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schoelkopf, A. J. Smola, "A kernel statistical
test of independence", NIPS 2008.
A. Gretton, K. Fukumizu, Z. Harchaoui, B. Sriperumbudur, "A fast, consistent kernel two-sample
test", NIPS 2009 (the spectral null).
Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, "Large-scale kernel methods for independence
testing", Statistics and Computing 28 (2018) 113-130 (permuted feature rows, block HSIC).
Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np
from scipy import linalg, stats

from . import _pairs
from ._pvalue import permutation_pvalue
from .kernels import PreparedPair, centre
from .statistics import PairSums, hsic_biased, n_blocks, pair_sums, parallel

__all__ = ["NullDistribution", "GammaNull", "SampledNull", "NormalNull", "gamma_parameters",
           "gretton_gamma", "permutation_null", "spectral_null", "feature_permutation_null",
           "reduced_centred", "SPECTRAL_TERMS"]

SPECTRAL_TERMS = 100
"""Eigenvalues of each centred Gram matrix that enter the spectral null with random weights."""
_PERM_CHUNK_BYTES = 32 * 2**20
_RANK_TOL = 1e-6


class NullDistribution(ABC):
    """The distribution of a test statistic under independence (the shared interface).

    Subclasses give the p-value of an observed statistic, the draws they hold (None for an
    analytic law) and their diagnostics for ``HSICTestResult.details``.
    """

    @abstractmethod
    def pvalue(self, statistic: float) -> float:
        """P(T >= statistic) under independence."""

    @property
    def draws(self) -> np.ndarray | None:
        """Null statistics drawn by simulation or permutation (None for an analytic law)."""
        return None

    def details(self) -> dict:
        """Diagnostics of the null distribution (parameters, number of draws, ...)."""
        return {}


@dataclass(frozen=True, repr=False)
class GammaNull(NullDistribution):
    r"""A gamma law for :math:`T = n\,\mathrm{HSIC}`, matched to the null mean and variance of HSIC.

    Attributes
    ----------
    shape, scale : float
        :math:`\alpha = E^2/\mathrm{Var}` and :math:`\beta = n\,\mathrm{Var}/E`.
    mean, var : float
        Null mean E and variance Var of HSIC.
    """

    shape: float
    scale: float
    mean: float
    var: float

    @classmethod
    def from_moments(cls, n: int, mean: float, var: float) -> GammaNull:
        """The gamma law of n HSIC whose HSIC has null mean ``mean`` and variance ``var``.

        Raises ValueError when the mean or the variance is not positive (a variable constant
        under its kernel).

        >>> g = GammaNull.from_moments(10, 0.025, 0.005)   # shape E^2/Var, scale n Var/E
        >>> round(g.shape, 12), round(g.scale, 12)
        (0.125, 2.0)
        """
        if not (mean > 0 and var > 0):
            raise ValueError(f"the gamma approximation is degenerate (null mean {mean:.3g}, "
                             f"variance {var:.3g}): a variable is constant under its kernel")
        return cls(mean * mean / var, n * var / mean, mean, var)

    def pvalue(self, statistic: float) -> float:
        """The gamma survival function (not 1 - cdf, which underflows to 0)."""
        return float(stats.gamma.sf(statistic, self.shape, scale=self.scale))

    def details(self) -> dict:
        return {"shape": self.shape, "scale": self.scale, "null_mean_hsic": self.mean,
                "null_var_hsic": self.var}

    def __repr__(self) -> str:
        return f"GammaNull(shape={self.shape:.4g}, scale={self.scale:.4g})"


@dataclass(frozen=True, repr=False)
class SampledNull(NullDistribution):
    """Draws of the statistic under the null, with their Monte Carlo p-value.

    Attributes
    ----------
    values : ndarray, shape (R,)
        The R null statistics (same scale as the observed one).
    info : dict
        Diagnostics of how they were drawn.
    """

    values: np.ndarray
    info: dict = field(default_factory=dict)

    def pvalue(self, statistic: float) -> float:
        """:math:`(1 + \\#\\{T_\\pi \\ge T\\})/(1 + R)`, rounding ties counted as >=."""
        return permutation_pvalue(statistic, self.values)

    @property
    def draws(self) -> np.ndarray:
        return self.values

    def details(self) -> dict:
        return dict(self.info)

    def __repr__(self) -> str:
        return f"SampledNull({self.values.size} draws)"


@dataclass(frozen=True, repr=False)
class NormalNull(NullDistribution):
    """The standard normal law of a z statistic (one-sided: large z is evidence)."""

    def pvalue(self, statistic: float) -> float:
        return float(stats.norm.sf(statistic))

    def __repr__(self) -> str:
        return "NormalNull()"


def gamma_parameters(n: int, mean_diag_k: float, mean_off_k: float, mean_diag_l: float,
                     mean_off_l: float, sum_sq_centred: float) -> tuple[float, float, float, float]:
    r"""Shape and scale of the gamma null of :math:`n\,\mathrm{HSIC}_b` (Gretton et al. 2008).

    .. math::

        E = (\bar k - \mu_x)(\bar l - \mu_y)/n, \qquad
        \mathrm{Var} = \frac{72(n-4)(n-5)}{n(n-1)(n-2)(n-3)}
        \frac{1}{n(n-1)}\sum_{i\ne j}(K_{c,ij}L_{c,ij}/6)^2

    with :math:`\bar k` the mean of diag K and :math:`\mu_x` the mean off-diagonal entry (for
    kernels with k(x, x) = 1 this is the published :math:`(1 + \mu_x\mu_y - \mu_x - \mu_y)/n`).

    Parameters
    ----------
    n : int
        Number of samples (>= 6).
    mean_diag_k, mean_off_k, mean_diag_l, mean_off_l : float
        Mean diagonal and mean off-diagonal entries of K and L.
    sum_sq_centred : float
        :math:`\sum_{i \ne j} (K_{c,ij} L_{c,ij})^2`.

    Returns
    -------
    (alpha, beta, mean, var)
        Shape, scale, and the null mean and variance of HSIC_b.

    Raises
    ------
    ValueError
        If the null mean or variance is not positive (a variable constant under its kernel).

    Examples
    --------
    >>> a, b, m, v = gamma_parameters(10, 1.0, 0.5, 1.0, 0.5, 36.0)
    >>> round(m, 6), round(v, 8)   # (1-0.5)^2/10 and 72*6*5/(10*9*8*7) * 1/(10*9)
    (0.025, 0.0047619)
    """
    n = float(n)
    mean = (mean_diag_k - mean_off_k) * (mean_diag_l - mean_off_l) / n
    v = sum_sq_centred / 36.0 / (n * (n - 1.0))
    var = 72.0 * (n - 4.0) * (n - 5.0) / (n * (n - 1.0) * (n - 2.0) * (n - 3.0)) * v
    null = GammaNull.from_moments(n, mean, var)
    return null.shape, null.scale, mean, var


def gretton_gamma(pair: PreparedPair, sums: PairSums | None = None) -> tuple[float, GammaNull]:
    r"""Observed :math:`T = n\,\mathrm{HSIC}_b` and Gretton's gamma null (needs n >= 6).

    Built-in kernels: two O(n)-memory numba passes (the sums, then
    :math:`\sum_{i\ne j}(K_{c,ij}L_{c,ij})^2`); ``sums`` may be given when already computed.
    Callable kernels: dense Gram matrices.
    """
    n = pair.n
    if pair.dense:
        k, l = pair.x.gram(), pair.y.gram()
        kc, lc = centre(k), centre(l)
        stat = float(np.sum(kc * l)) / n
        prod = (kc * lc) ** 2
        sq = float(prod.sum() - np.trace(prod))
        off = n * (n - 1.0)
        moments = (np.trace(k) / n, (k.sum() - np.trace(k)) / off,
                   np.trace(l) / n, (l.sum() - np.trace(l)) / off)
    else:
        sums = pair_sums(pair) if sums is None else sums
        stat = n * hsic_biased(sums)
        a, cx, b, cy, degree, coef0, shift_x, shift_y = pair.pass_args
        rk = sums.rows_k + sums.diag_k
        rl = sums.rows_l + sums.diag_l
        run = _pairs.centred_square_sum if parallel(n) else _pairs.centred_square_sum_serial
        total = run(a, cx, b, cy, degree, coef0, shift_x, shift_y, rk / n, rl / n,
                    rk.sum() / n**2, rl.sum() / n**2, n_blocks(n))
        sq = 2.0 * math.fsum(total)
        off = n * (n - 1.0)
        moments = (sums.diag_k.mean(), sums.rows_k.sum() / off,
                   sums.diag_l.mean(), sums.rows_l.sum() / off)
    return stat, GammaNull(*gamma_parameters(n, *moments, sq))


def _permutations(rng, n: int, count: int):
    """Yield blocks of permutations of range(n), drawn in order from ``rng``."""
    chunk = max(1, min(count, _PERM_CHUNK_BYTES // (8 * n)))
    base = np.arange(n, dtype=np.int64)
    done = 0
    while done < count:
        m = min(chunk, count - done)
        yield rng.permuted(np.broadcast_to(base, (m, n)), axis=1)
        done += m


def permutation_null(pair: PreparedPair, n_permutations: int, rng, *,
                     dense: bool) -> tuple[float, SampledNull]:
    """Observed n HSIC_b and its values under ``n_permutations`` permutations of y's indices.

    ``dense=True`` holds K_c = HKH (n x n) and, for each permutation, recomputes the kernel of
    the permuted y row by row (or gathers a dense L for a callable kernel_y); ``dense=False``
    runs one O(n)-memory numba pass per permutation. Both consume ``rng`` identically, so they
    return the same permutations' statistics.
    """
    n = pair.n
    null = np.empty(n_permutations)
    if dense:
        kc = centre(pair.x.gram())
        big = n * n * n_permutations > 10**7
        if pair.y.name == "callable":  # gather the permuted rows/columns of a dense L
            l = pair.y.gram()
            run = (_pairs.dense_permutation_statistics if big
                   else _pairs.dense_permutation_statistics_serial)

            def statistics(perms):
                return run(kc, l, perms)
        else:  # recompute L from the permuted y: contiguous and vectorised, no n x n for L
            y = pair.y
            degree, coef0 = ((y.kernel.degree, y.kernel.coef0) if y.name == "polynomial"
                             else (1, 0.0))
            run = (_pairs.centred_k_permutation_statistics if big
                   else _pairs.centred_k_permutation_statistics_serial)

            def statistics(perms):
                return run(kc, y.pass_data, y.code, degree, coef0, y.shift, perms)

        observed = float(statistics(np.arange(n, dtype=np.int64)[None, :])[0])
        done = 0
        for perms in _permutations(rng, n, n_permutations):
            null[done:done + len(perms)] = statistics(perms)
            done += len(perms)
        return observed, SampledNull(null)
    observed = n * hsic_biased(pair_sums(pair))
    done = 0
    for perms in _permutations(rng, n, n_permutations):
        for perm in perms:
            null[done] = n * hsic_biased(pair_sums(pair.with_y(pair.y.take(perm))))
            done += 1
    return observed, SampledNull(null)


def spectral_null(kc: np.ndarray, lc: np.ndarray, n_draws: int, rng, *,
                  terms: int = SPECTRAL_TERMS) -> SampledNull:
    r"""Draws of :math:`\sum_{ij}\lambda_i\mu_j z_{ij}^2 / n^2` from the centred Gram matrices.

    The ``terms`` largest eigenvalues of each matrix enter with random weights; the omitted
    products enter through their mean :math:`\sum\lambda_i\mu_j` (so the null mean is exact).
    """
    n = kc.shape[0]
    lam = np.clip(linalg.eigvalsh(kc), 0.0, None)[::-1]
    mu = np.clip(linalg.eigvalsh(lc), 0.0, None)[::-1]
    lk, mk = lam[:terms], mu[:terms]
    rest = (lam.sum() * mu.sum() - lk.sum() * mk.sum()) / n**2
    out = np.empty(n_draws)
    chunk = max(1, 2**22 // (lk.size * mk.size))
    for start in range(0, n_draws, chunk):
        m = min(chunk, n_draws - start)
        z2 = rng.standard_normal((m, lk.size, mk.size)) ** 2
        out[start:start + m] = np.einsum("i,rij,j->r", lk, z2, mk) / n**2 + rest
    return SampledNull(out, {"eigenvalues_x": lk / n, "eigenvalues_y": mk / n,
                             "omitted_mean": rest})


def reduced_centred(features: np.ndarray) -> np.ndarray:
    """Centred features rotated onto their principal axes, numerically-zero axes dropped.

    With Phi_c^T Phi_c = W S^2 W^T (W orthogonal), A = Phi_c W satisfies
    ||A^T P B|| = ||Phi_c^T P Psi_c|| for every permutation P. Axes with
    s < 1e-6 s_max are dropped (they change the statistic by less than about 1e-12 relative;
    an eigendecomposition of the D x D Gram matrix is far faster than an SVD of the
    rank-deficient n x D matrix).
    """
    centred = features - features.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred)
    top = values[-1]
    keep = values > (_RANK_TOL ** 2) * top if top > 0 else np.zeros(values.shape, bool)
    keep[-1] = True
    return centred @ vectors[:, keep]


def _perm_statistic(a, b, perm) -> float:
    n = a.shape[0]
    cross = a.T @ (b if perm is None else b[perm])
    return float(np.sum(cross * cross) / n)


def feature_permutation_null(phi: np.ndarray, psi: np.ndarray, n_permutations: int,
                             rng) -> tuple[float, SampledNull, tuple[int, int]]:
    r"""Feature statistic and its null from permuted feature rows of y (Zhang et al. 2018).

    :math:`T = n\,\lVert \tfrac1n \Phi_c^\top \Psi_c\rVert_F^2` over the rows given, and
    :math:`T_\pi = \tfrac1n\lVert \Phi_c^\top P_\pi \Psi_c\rVert_F^2` for ``n_permutations``
    permutations drawn from ``rng``. Each costs O(n r_x r_y) after :func:`reduced_centred`
    (r the numerical ranks, also returned).
    """
    a, b = reduced_centred(phi), reduced_centred(psi)
    n = a.shape[0]
    statistic = _perm_statistic(a, b, None)
    null = np.array([_perm_statistic(a, b, rng.permutation(n)) for _ in range(n_permutations)])
    return statistic, SampledNull(null), (a.shape[1], b.shape[1])
