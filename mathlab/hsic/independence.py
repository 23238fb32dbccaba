r"""HSIC independence tests: gamma approximation, permutation and spectral null distributions.

The exact tests use the statistic :math:`T = n\,\mathrm{HSIC}_b = \operatorname{tr}(K_c L_c)/n`
with :math:`K_c = HKH`, :math:`L_c = HLH`, and reject independence for large T.

* ``"gamma"`` (Gretton et al. 2008): under independence T is approximately
  :math:`\Gamma(\alpha, \text{scale}=\beta)` with moments matched to
  :math:`E = (\bar k - \mu_x)(\bar l - \mu_y)/n` (:math:`\bar k` the mean of diag K,
  :math:`\mu_x` the mean off-diagonal entry; for kernels with k(x, x) = 1 this is the published
  :math:`(1 + \mu_x\mu_y - \mu_x - \mu_y)/n`) and
  :math:`\mathrm{Var} = \frac{72(n-4)(n-5)}{n(n-1)(n-2)(n-3)}
  \frac{1}{n(n-1)}\sum_{i\ne j}(K_{c,ij}L_{c,ij}/6)^2`;
  :math:`\alpha = E^2/\mathrm{Var}`, :math:`\beta = n\,\mathrm{Var}/E`; the p-value is the gamma
  survival function (not 1 - cdf, which underflows to 0). Two O(n)-memory numba passes.
* ``"permutation"``: y's sample indices are permuted R times while K_c stays fixed;
  :math:`p = (1 + \#\{T_\pi \ge T\})/(1 + R)`, where permuted values equal to T up to
  rounding count as ties (:func:`mathlab.hsic._pvalue.permutation_pvalue`; the spectral and
  approximate tests use the same p-value). Up to :data:`DENSE_MAX_N` samples K_c is held
  densely and each permutation recomputes the kernel of the permuted y row by row; above that
  each permutation is one more O(n)-memory pass over the pairs.
* ``"spectral"`` (Gretton et al. 2009): T is compared with draws of
  :math:`\sum_{ij}\lambda_i\mu_j z_{ij}^2/n^2`, :math:`z_{ij}\sim N(0,1)`, where
  :math:`\lambda, \mu` are the eigenvalues of K_c and L_c. Dense eigendecompositions:
  n is limited to :data:`SPECTRAL_MAX_N`.
* ``"rff"``, ``"nystrom"``, ``"block"``: approximate large-n tests, delegated to
  :func:`mathlab.hsic.approx_test.approximate_test`.

References
----------
A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schoelkopf, A. J. Smola, "A kernel statistical
test of independence", NIPS 2008.
A. Gretton, K. Fukumizu, Z. Harchaoui, B. Sriperumbudur, "A fast, consistent kernel two-sample
test", NIPS 2009 (the spectral null).
Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import linalg, stats

from .._validate import choice, integer, random_generator
from . import _kernels
from ._pvalue import permutation_pvalue
from .estimators import (check_finite, hsic_biased, kernel_shift, n_blocks, pair_sums, parallel, prepare_pair,
                         resolve_pair)
from .kernels import Kernel, centre
from .result import HSICTestResult

__all__ = ["hsic_test", "METHODS", "DENSE_MAX_N", "SPECTRAL_MAX_N", "gamma_parameters",
           "permutation_null", "spectral_null"]

METHODS = ("gamma", "permutation", "spectral", "rff", "nystrom", "block")
DENSE_MAX_N = 4000
"""Largest n for which the permutation test holds K_c densely (128 MB)."""
SPECTRAL_MAX_N = 3000
"""Largest n for the spectral test (two dense eigendecompositions, O(n^3))."""
_MIN_SAMPLES = {"gamma": 6, "permutation": 2, "spectral": 2}
_SPECTRAL_TERMS = 100
_PERM_CHUNK_BYTES = 32 * 2**20


def _dense_pair(kx: Kernel, ax, ky: Kernel, ay):
    return kx.matrix(ax), ky.matrix(ay)


def gamma_parameters(n: int, mean_diag_k: float, mean_off_k: float, mean_diag_l: float,
                     mean_off_l: float, sum_sq_centred: float) -> tuple[float, float, float, float]:
    r"""Shape and scale of the gamma null of :math:`n\,\mathrm{HSIC}_b` (Gretton et al. 2008).

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
    if not (mean > 0 and var > 0):
        raise ValueError(f"the gamma approximation is degenerate (null mean {mean:.3g}, variance "
                         f"{var:.3g}): a variable is constant under its kernel")
    return mean * mean / var, n * var / mean, mean, var


def _gamma(kx, ax, ky, ay):
    n = ax.shape[0]
    if "callable" in (kx.name, ky.name):
        k, l = _dense_pair(kx, ax, ky, ay)
        kc, lc = centre(k), centre(l)
        stat = float(np.sum(kc * l)) / n
        prod = (kc * lc) ** 2
        sq = float(prod.sum() - np.trace(prod))
        off = n * (n - 1.0)
        moments = (np.trace(k) / n, (k.sum() - np.trace(k)) / off,
                   np.trace(l) / n, (l.sum() - np.trace(l)) / off)
    else:
        sums = pair_sums(kx, ax, ky, ay)
        stat = n * hsic_biased(sums)
        a, cx, b, cy, degree, coef0, shift_x, shift_y = prepare_pair(kx, ax, ky, ay)
        rk = sums.rows_k + sums.diag_k
        rl = sums.rows_l + sums.diag_l
        run = _kernels.centred_square_sum if parallel(n) else _kernels.centred_square_sum_serial
        total = run(a, cx, b, cy, degree, coef0, shift_x, shift_y, rk / n, rl / n,
                    rk.sum() / n**2, rl.sum() / n**2, n_blocks(n))
        sq = 2.0 * math.fsum(total)
        off = n * (n - 1.0)
        moments = (sums.diag_k.mean(), sums.rows_k.sum() / off,
                   sums.diag_l.mean(), sums.rows_l.sum() / off)
    alpha, beta, mean, var = gamma_parameters(n, *moments, sq)
    pvalue = float(stats.gamma.sf(stat, alpha, scale=beta))
    return stat, pvalue, None, {"shape": alpha, "scale": beta, "null_mean_hsic": mean,
                                "null_var_hsic": var}


def _permutations(rng, n: int, count: int):
    """Yield blocks of permutations of range(n), drawn in order from ``rng``."""
    chunk = max(1, min(count, _PERM_CHUNK_BYTES // (8 * n)))
    base = np.arange(n, dtype=np.int64)
    done = 0
    while done < count:
        m = min(chunk, count - done)
        yield rng.permuted(np.broadcast_to(base, (m, n)), axis=1)
        done += m


def permutation_null(kx: Kernel, ax, ky: Kernel, ay, n_permutations: int, rng, *,
                     dense: bool) -> tuple[float, np.ndarray]:
    """Observed n HSIC_b and its values under ``n_permutations`` permutations of y's indices.

    ``dense=True`` holds K_c = HKH (n x n) and, for each permutation, recomputes the kernel of
    the permuted y row by row (or gathers a dense L for a callable kernel_y); ``dense=False``
    runs one O(n)-memory numba pass per permutation. Both consume ``rng`` identically, so they
    return the same permutations' statistics.
    """
    n = ax.shape[0]
    null = np.empty(n_permutations)
    if dense:
        kc = centre(kx.matrix(ax))
        big = n * n * n_permutations > 10**7
        if ky.name == "callable":  # gather the permuted rows/columns of a dense L
            l = ky.matrix(ay)
            run = (_kernels.dense_permutation_statistics if big
                   else _kernels.dense_permutation_statistics_serial)

            def statistics(perms):
                return run(kc, l, perms)
        else:  # recompute L from the permuted y: contiguous and vectorised, no n x n for L
            b = np.ascontiguousarray(ky.scaled(ay).T)
            cy = _kernels.KERNEL_CODES[ky.name]
            degree, coef0 = (ky.degree, ky.coef0) if ky.name == "polynomial" else (1, 0.0)
            shift_y = kernel_shift(ky, ay)
            run = (_kernels.centred_k_permutation_statistics if big
                   else _kernels.centred_k_permutation_statistics_serial)

            def statistics(perms):
                return run(kc, b, cy, degree, coef0, shift_y, perms)

        observed = float(statistics(np.arange(n, dtype=np.int64)[None, :])[0])
        done = 0
        for perms in _permutations(rng, n, n_permutations):
            null[done:done + len(perms)] = statistics(perms)
            done += len(perms)
        return observed, null
    observed = n * hsic_biased(pair_sums(kx, ax, ky, ay))
    done = 0
    for perms in _permutations(rng, n, n_permutations):
        for perm in perms:
            null[done] = n * hsic_biased(pair_sums(kx, ax, ky, ay[perm]))
            done += 1
    return observed, null


def spectral_null(kc: np.ndarray, lc: np.ndarray, n_draws: int, rng, *,
                  terms: int = _SPECTRAL_TERMS) -> tuple[np.ndarray, dict]:
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
    return out, {"eigenvalues_x": lk / n, "eigenvalues_y": mk / n, "omitted_mean": rest}


def hsic_test(x, y, *, method="gamma", n_permutations=1000, random_state=None,
              kernel="gaussian", kernel_y=None, sigma=None, sigma_y=None, degree=None,
              coef0=None, n_features=512, n_inducing=256, block_size=50) -> HSICTestResult:
    r"""Test independence of x and y with HSIC.

    See the module docstring for the statistic :math:`T = n\,\mathrm{HSIC}_b` and the null
    distributions. Small p-values are evidence of dependence. A large p-value is not proof of
    independence, and with the linear or polynomial kernel (not characteristic) only some
    kinds of dependence can be detected at all.

    Parameters
    ----------
    x, y : array_like
        n paired samples; 1-D is one feature, 2-D is (n, p); labels for the delta kernel.
    method : {"gamma", "permutation", "spectral", "rff", "nystrom", "block"}, default "gamma"
        The null distribution; the last three are approximate large-n tests
        (:mod:`mathlab.hsic.approx_test`).
    n_permutations : int, default 1000
        Permutations (``"permutation"``) or simulated null draws (``"spectral"``).
    random_state : int, numpy Generator or None
        Seed of the permutations / simulated draws; the gamma test is deterministic.
    kernel, kernel_y, sigma, sigma_y, degree, coef0
        Kernels and their parameters, as in :func:`mathlab.hsic.hsic` (gaussian with the
        median heuristic of each variable by default).
    n_features, n_inducing, block_size : int
        Parameters of the approximate tests (ignored by the exact ones). The Nystrom test
        uses only the n - n_inducing rows that are not inducing points (n_inducing <= n - 4);
        the block test needs at least 30 blocks (block_size <= n / 30), because its normal
        null is too liberal with few blocks (see :func:`mathlab.hsic.hsic_block`).

    Returns
    -------
    HSICTestResult
        ``statistic`` = n HSIC_b, ``pvalue``, ``hsic`` = HSIC_b, ``null_distribution`` (None for
        the gamma test), kernels and bandwidths, and ``details`` (gamma shape and scale, the
        number of permutations and whether the dense path was used, spectral eigenvalues; the
        polynomial kernel's ``degree`` and ``coef0``).

    Raises
    ------
    ValueError
        Bad input as for :func:`mathlab.hsic.hsic`; fewer than 6 samples for the gamma test;
        more than :data:`SPECTRAL_MAX_N` samples for the spectral test; a degenerate gamma
        null (constant variable); n_inducing > n - 4 (nystrom); fewer than 30 blocks (block).

    References
    ----------
    A. Gretton et al., "A kernel statistical test of independence", NIPS 2008.
    Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(-1, 1, 200)
    >>> res = hsic_test(x, x**2 + 0.1 * rng.normal(size=200))
    >>> res.pvalue < 1e-6, res.method
    (True, 'gamma')
    >>> res = hsic_test(x, rng.normal(size=200), method="permutation", random_state=1)
    >>> res.pvalue > 0.05
    True
    """
    method = choice("method", method, METHODS)
    n_permutations = integer("n_permutations", n_permutations, minimum=1)
    if method in ("rff", "nystrom", "block"):
        if degree is not None or coef0 is not None:
            raise ValueError(f"degree and coef0 are not supported by method={method!r}; got "
                             f"degree={degree!r}, coef0={coef0!r}")
        from .approx_test import approximate_test

        return approximate_test(x, y, method=method, n_permutations=n_permutations,
                                random_state=random_state, kernel=kernel, kernel_y=kernel_y,
                                sigma=sigma, sigma_y=sigma_y, n_features=n_features,
                                n_inducing=n_inducing, block_size=block_size)
    kx, ax, ky, ay = resolve_pair(x, y, kernel=kernel, kernel_y=kernel_y, sigma=sigma,
                                  sigma_y=sigma_y, degree=degree, coef0=coef0,
                                  min_samples=_MIN_SAMPLES[method])
    n = ax.shape[0]
    if method == "gamma":
        stat, pvalue, null, details = _gamma(kx, ax, ky, ay)
    elif method == "permutation":
        rng = random_generator(random_state)
        dense = n <= DENSE_MAX_N or "callable" in (kx.name, ky.name)
        stat, null = permutation_null(kx, ax, ky, ay, n_permutations, rng, dense=dense)
        pvalue = permutation_pvalue(stat, null)
        details = {"n_permutations": n_permutations, "dense": dense}
    else:
        if n > SPECTRAL_MAX_N:
            raise ValueError(f"the spectral test needs dense eigendecompositions and allows at "
                             f"most {SPECTRAL_MAX_N} samples; got {n} (use method='gamma' or "
                             "'permutation')")
        rng = random_generator(random_state)
        k, l = _dense_pair(kx, ax, ky, ay)
        kc, lc = centre(k), centre(l)
        stat = float(np.sum(kc * l)) / n
        null, details = spectral_null(kc, lc, n_permutations, rng)
        pvalue = permutation_pvalue(stat, null)
        details["n_draws"] = n_permutations
    check_finite(float(stat), "the test statistic")
    poly = kx if kx.name == "polynomial" else ky if ky.name == "polynomial" else None
    if poly is not None:  # the only kernel parameters not carried by a result field
        details.update(degree=poly.degree, coef0=poly.coef0)
    return HSICTestResult(statistic=float(stat), pvalue=float(pvalue), method=method,
                          hsic=float(stat) / n, null_distribution=null, kernel=kx.name,
                          kernel_y=ky.name, sigma=kx.sigma, sigma_y=ky.sigma, n=n,
                          details=details)
