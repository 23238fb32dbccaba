r"""HSIC independence tests: one entry point, :func:`hsic_test`, dispatching by ``method``.

:func:`hsic_test` validates every argument once (:func:`mathlab.hsic.kernels.prepare_pair`
builds the prepared input), then runs the :class:`Method` named by ``method`` from
:data:`METHODS`; each method computes a statistic and its null distribution
(:mod:`mathlab.hsic.nulls`), from which the p-value follows.

The exact tests use the statistic :math:`T = n\,\mathrm{HSIC}_b = \operatorname{tr}(K_c L_c)/n`
with :math:`K_c = HKH`, :math:`L_c = HLH`, and reject independence for large T.

* ``"gamma"`` (default): a law fitted to the EXACT mean, variance and third central moment of
  the permutation distribution of T, i.e. of
  :math:`T_\pi = \operatorname{tr}(K_c P_\pi L_c P_\pi^\top)/n` over all n! permutations
  (closed forms in a few sums of K_c and L_c: :mod:`mathlab.hsic._null_moments`), a Pearson
  type III (shifted gamma) law. The moments are computed under the null from the marginals
  alone, for any kernel, bounded or not, so the p-values follow the permutation test's. Up to
  :data:`mathlab.hsic._null_moments.THREE_MOMENT_MAX_N` samples (dense matrices, one O(n^3)
  product); above it only the exact mean and variance are fitted (a gamma law, slightly
  liberal at alpha = 0.01) and a :class:`CalibrationWarning` says so. It also warns when one
  sample point carries 20% or more of the null variance (unbounded kernels, i.e. linear,
  polynomial or distance, on heavy-tailed or very skewed data): no moment fit follows such a
  lumpy null (measured: 28-54% rejections at a nominal 5% for linear and polynomial kernels on
  Cauchy data, n = 500), so there the p-value is raised to Cantelli's bound
  :math:`\sigma^2/(\sigma^2 + (T-\mu)^2)`, valid for any null with the exact mean and
  variance but conservative; method="permutation" is the test to use.
* ``"gamma_gretton"`` (Gretton et al. 2008, the published form, for comparison): T is
  :math:`\Gamma(\alpha, \text{scale}=\beta)` with moments matched to
  :math:`E = (\bar k - \mu_x)(\bar l - \mu_y)/n` (:math:`\bar k` the mean of diag K,
  :math:`\mu_x` the mean off-diagonal entry; for kernels with k(x, x) = 1 this is the published
  :math:`(1 + \mu_x\mu_y - \mu_x - \mu_y)/n`) and
  :math:`\mathrm{Var} = \frac{72(n-4)(n-5)}{n(n-1)(n-2)(n-3)}
  \frac{1}{n(n-1)}\sum_{i\ne j}(K_{c,ij}L_{c,ij}/6)^2`;
  :math:`\alpha = E^2/\mathrm{Var}`, :math:`\beta = n\,\mathrm{Var}/E`. Two O(n)-memory
  numba passes, any n. Its variance is an asymptotic estimate for bounded kernels: it is
  liberal in the tail (1.5-2% rejections at alpha = 0.01, n = 100, distance kernel or skewed
  data) and far off for unbounded kernels on skewed data.
  Both gamma p-values use the survival function (1 - cdf underflows to 0).
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

The approximate large-n tests:

* ``"rff"``, ``"nystrom"``: the statistic is :math:`T = n_t\,\mathrm{HSIC}_{feat}`,
  :math:`\mathrm{HSIC}_{feat} = \lVert (1/n_t) \Phi_c^\top \Psi_c\rVert_F^2` over the
  :math:`n_t` TESTED rows, and its null distribution is obtained by PERMUTING THE FEATURE ROWS
  of y (Zhang et al. 2018): :math:`T_\pi = (1/n_t) \lVert\Phi_c^\top P_\pi \Psi_c\rVert_F^2`
  (:func:`mathlab.hsic.nulls.feature_permutation_null`). The permutation test is valid in
  finite samples when, given the feature maps, the tested rows of x are exchangeable with each
  other and independent of the tested rows of y. Random Fourier frequencies are drawn
  independently of the data, so all n rows are tested. Nystrom maps are built from m inducing
  rows of the sample, x[idx] and y[idx]; those rows are special (feature norm 1 in both
  variables), so under independence the observed pairing aligns large-norm rows and T on all
  n rows is NOT exchangeable with its permutations (seeded Monte Carlo, 20-dimensional
  Gaussians, n = 200, m = 100: 9% rejections at a nominal 5%). mathlab therefore tests the
  n_t = n - m rows that are not inducing points: given the inducing rows, they are i.i.d. and
  untouched by the maps, and the test is valid again (4.3% rejections in the same setting). The
  price is n_t < n rows, so keep m well below n.
* ``"block"``: the block-HSIC z-test of :func:`mathlab.hsic.hsic_block` (normal null; at least
  30 blocks).

A new test method is a :class:`Method` record in :data:`METHODS`: its sample-size needs, the
kernels it supports, the options it reads, and ``run(pair, rng, options) -> Outcome``.

References
----------
A. Gretton, K. Fukumizu, C. H. Teo, L. Song, B. Schoelkopf, A. J. Smola, "A kernel statistical
test of independence", NIPS 2008.
A. Gretton, K. Fukumizu, Z. Harchaoui, B. Sriperumbudur, "A fast, consistent kernel two-sample
test", NIPS 2009 (the spectral null).
Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, "Large-scale kernel methods for independence
testing", Statistics and Computing 28 (2018) 113-130.
Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._validate import choice, integer, random_generator
from ._null_moments import CalibrationWarning, permutation_moment_null
from .block import DEFAULT_NULL_PAIRINGS, MAX_BLOCK_SIZE, block_outcome, check_blocks
from .features import MAX_INDUCING, NystromMap, RFFMap, even_features, single_threaded_blas
from .kernels import PreparedPair, centre, prepare_pair
from ._gauss_transform import SPECTRAL_MAX_NODES, centred_eigenvalues
from .nulls import (SPECTRAL_TERMS, fast_permutation_null, feature_permutation_null,
                    gretton_gamma, permutation_null, spectral_null,
                    spectral_null_from_eigenvalues)
from .result import HSICTestResult, Outcome
from .statistics import (ALGORITHMS, Target, check_finite, choose_algorithm, error_bound,
                         hsic_biased)

__all__ = ["hsic_test", "Method", "METHODS", "DENSE_MAX_N", "SPECTRAL_MAX_N",
           "MAX_PERMUTATIONS", "CalibrationWarning"]

MAX_PERMUTATIONS = 1_000_000
"""Largest number of permutations or simulated null draws (p-values down to 1e-6)."""

DENSE_MAX_N = 4000
"""Largest n for which the permutation test holds K_c densely (128 MB)."""
SPECTRAL_MAX_N = 3000
"""Largest n for the spectral test with dense eigendecompositions (O(n^3)); Gaussian kernels
on grids of at most SPECTRAL_MAX_NODES nodes per variable have no limit."""
SPECTRAL_GRID_MIN_N = 1000
"""From this many samples the spectral test of Gaussian kernels (<= 3 dimensions each) takes
the eigenvalues from the Gauss transform's grids instead of dense eigendecompositions."""
_MIN_TEST_ROWS = 4
"""Rows the Nystrom test needs besides its inducing points."""


@dataclass(frozen=True)
class Method:
    """One test of :func:`hsic_test`.

    Attributes
    ----------
    name : str
        The value of ``hsic_test(..., method=name)``.
    run : callable
        ``run(pair, rng, options) -> Outcome`` with the :class:`PreparedPair`, the random
        Generator and the validated options it reads.
    min_samples : int
        Smallest n it accepts.
    kernels : tuple of str or None
        The kernel names it supports (None: every kernel, callables included).
    options : tuple of str
        The parameters of :func:`hsic_test` it reads besides n_permutations (validated up front).
    check_n : callable or None
        ``check_n(n, options)``: further size checks, run before any bandwidth is computed.
    """

    name: str
    run: Callable[[PreparedPair, np.random.Generator, dict], Outcome]
    min_samples: int = 2
    kernels: tuple[str, ...] | None = None
    options: tuple[str, ...] = ()
    check_n: Callable[[int, dict], None] | None = None


# --------------------------------------------------------------------------- exact tests

def _fast_algorithm(pair: PreparedPair, hook: str):
    """The fastest algorithm for this input when it is not the pass over the pairs and has
    the given hook ("permutations", "bilinear"); else None."""
    if pair.dense:
        return None
    chosen = choose_algorithm(pair, "auto", Target())
    return chosen if getattr(chosen, hook) is not None else None


def _gamma(pair: PreparedPair, rng, options) -> Outcome:
    stat, null = permutation_moment_null(pair)
    return Outcome(stat, stat / pair.n, null)


def _gamma_gretton(pair: PreparedPair, rng, options) -> Outcome:
    stat, null, info = gretton_gamma(pair, algorithm=_fast_algorithm(pair, "bilinear"))
    return Outcome(stat, stat / pair.n, null, info)


FAST_PERMUTATION_MIN_N = 256
"""From this many samples the permutation test uses a fast algorithm when one applies."""


def _permutation(pair: PreparedPair, rng, options) -> Outcome:
    fast = _fast_algorithm(pair, "permutations") if pair.n >= FAST_PERMUTATION_MIN_N else None
    if fast is not None:
        stat, null = fast_permutation_null(pair, options["n_permutations"], rng, fast)
        return Outcome(stat, stat / pair.n, null,
                       {"n_permutations": options["n_permutations"], "dense": False})
    dense = pair.n <= DENSE_MAX_N or pair.dense
    stat, null = permutation_null(pair, options["n_permutations"], rng, dense=dense)
    return Outcome(stat, stat / pair.n, null,
                   {"n_permutations": options["n_permutations"], "dense": dense})


def _spectral_too_large(n: int) -> ValueError:
    return ValueError(f"the spectral test needs dense eigendecompositions and allows at most "
                      f"{SPECTRAL_MAX_N} samples (or Gaussian kernels on grids of at most "
                      f"{SPECTRAL_MAX_NODES} nodes); got {n} (use method='gamma' or "
                      "'permutation')")


def _spectral(pair: PreparedPair, rng, options) -> Outcome:
    n = pair.n
    fast = ALGORITHMS["gauss_transform"]  # cheaper than O(n^3) wherever it applies
    if n >= SPECTRAL_GRID_MIN_N and not pair.dense and fast.applies(pair, Target()):
        sums = fast.sums(pair, Target())
        error = sums.bounds.info["kernel_error"]
        spectra = [centred_eigenvalues(side, error) for side in (pair.x, pair.y)]
        if None not in spectra:
            # HK~H has at most (nodes) nonzero eigenvalues; the others are 0 (within the
            # bound): pad, so that the draws have the shape (and the random numbers) of the
            # dense test
            terms = min(n, SPECTRAL_TERMS)
            (lam, bound_k), (mu, bound_l) = [(np.pad(v, (0, max(0, terms - v.size))), b)
                                             for v, b in spectra]
            # traces of HKH and HLH: sum of the diagonal minus the grand total / n (exact)
            traces = [float(np.sum(d) - (np.sum(r) + np.sum(d)) / n)
                      for d, r in ((sums.diag_k, sums.rows_k), (sums.diag_l, sums.rows_l))]
            stat = n * hsic_biased(sums)
            null = spectral_null_from_eigenvalues(lam, mu, traces[0], traces[1], n,
                                                  options["n_permutations"], rng)
            return Outcome(stat, stat / n, null,
                           {"n_draws": options["n_permutations"], "algorithm": fast.name,
                            "statistic_bound": n * error_bound(sums, "biased"),
                            "eigenvalue_bound": max(bound_k, bound_l) / n})
    if n > SPECTRAL_MAX_N:
        raise _spectral_too_large(n)
    k, l = pair.x.gram(), pair.y.gram()
    kc, lc = centre(k), centre(l)
    stat = float(np.sum(kc * l)) / n
    null = spectral_null(kc, lc, options["n_permutations"], rng)
    return Outcome(stat, stat / n, null, {"n_draws": options["n_permutations"]})


# --------------------------------------------------------------------------- approximate tests

_FEATURE_STATISTIC = ("n_t * ||(1/n_t) Phi_c^T Psi_c||_F^2 (feature HSIC_b over the "
                      "n_t = rows_tested rows)")


def _feature_outcome(phi, psi, rng, options, size) -> Outcome:
    statistic, null, (rank_x, rank_y) = feature_permutation_null(
        phi, psi, options["n_permutations"], rng)
    n_test = phi.shape[0]
    return Outcome(statistic, statistic / n_test, null,
                   {"statistic": _FEATURE_STATISTIC,
                    "n_permutations": options["n_permutations"], "rows_tested": n_test,
                    "rank_x": rank_x, "rank_y": rank_y, **size})


def _rff(pair: PreparedPair, rng, options) -> Outcome:
    x, y = pair.x.data, pair.y.data
    d = options["n_features"]
    map_x = RFFMap.draw(x.shape[1], d, pair.x.kernel.sigma, rng)
    map_y = RFFMap.draw(y.shape[1], d, pair.y.kernel.sigma, rng)
    with single_threaded_blas():
        return _feature_outcome(map_x(x), map_y(y), rng, options, {"n_features": d})


def _check_inducing(n: int, options) -> None:
    """n_inducing checked against n: the Nystrom test needs rows left over to test."""
    m = options["n_inducing"]
    if m > n - _MIN_TEST_ROWS:
        raise ValueError(f"n_inducing must be at most n - {_MIN_TEST_ROWS} = "
                         f"{n - _MIN_TEST_ROWS} for the Nystrom test, which uses only the "
                         f"n - n_inducing rows that are not inducing points (n = {n}); got "
                         f"n_inducing={m}; keep it well below n")


def _nystrom(pair: PreparedPair, rng, options) -> Outcome:
    x, y = pair.x.data, pair.y.data
    m = options["n_inducing"]
    # inducing rows idx build the maps; the test uses only the other rows (module docstring)
    order = rng.permutation(pair.n)
    idx, rest = np.sort(order[:m]), np.sort(order[m:])
    map_x = NystromMap.from_inducing(x[idx], pair.x.kernel.sigma, kernel=pair.x.name)
    map_y = NystromMap.from_inducing(y[idx], pair.y.kernel.sigma, kernel=pair.y.name)
    with single_threaded_blas():
        return _feature_outcome(map_x(x[rest]), map_y(y[rest]), rng, options,
                                {"n_inducing": m})


def _block(pair: PreparedPair, rng, options) -> Outcome:
    return block_outcome(pair, options["block_size"], DEFAULT_NULL_PAIRINGS, rng)


_OPTIONS = {
    "n_features": even_features,
    "n_inducing": lambda value: integer("n_inducing", value, minimum=1, maximum=MAX_INDUCING),
    "block_size": lambda value: integer("block_size", value, minimum=4, maximum=MAX_BLOCK_SIZE),
}

METHODS: dict[str, Method] = {m.name: m for m in (
    Method("gamma", _gamma, min_samples=6),
    Method("gamma_gretton", _gamma_gretton, min_samples=6),
    Method("permutation", _permutation),
    Method("spectral", _spectral),
    Method("rff", _rff, kernels=("gaussian",), options=("n_features",)),
    Method("nystrom", _nystrom, kernels=("gaussian", "laplace"), options=("n_inducing",),
           check_n=_check_inducing),
    Method("block", _block, min_samples=8, kernels=("gaussian", "laplace"),
           options=("block_size",),
           check_n=lambda n, options: check_blocks(n, options["block_size"])),
)}
"""The tests of :func:`hsic_test`, by name."""


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
    method : {"gamma", "gamma_gretton", "permutation", "spectral", "rff", "nystrom", "block"}
        The null distribution (default "gamma", the calibrated moment fit; "gamma_gretton" is
        the published Gretton et al. form, kept for comparison); the last three are approximate large-n tests (Gaussian kernels
        for "rff", Gaussian or Laplace for "nystrom" and "block"; see the module docstring).
    n_permutations : int, default 1000
        Permutations (``"permutation"``, ``"rff"``, ``"nystrom"``) or simulated null draws
        (``"spectral"``); at most :data:`MAX_PERMUTATIONS` = 10**6.
    random_state : int, numpy Generator or None
        Seed of the permutations / simulated draws (and of the features, inducing points or
        blocks of the approximate tests, drawn first); the gamma test is deterministic.
    kernel, kernel_y, sigma, sigma_y, degree, coef0
        Kernels and their parameters, as in :func:`mathlab.hsic.hsic` (gaussian with the
        median heuristic of each variable by default).
    n_features, n_inducing, block_size : int
        Parameters of the approximate tests (ignored by the exact ones): random Fourier feature
        columns per variable (even, at most 8192), Nystrom inducing points (at most 10,000),
        block size (4 to 2000). The Nystrom test
        uses only the n - n_inducing rows that are not inducing points (n_inducing <= n - 4);
        the block test needs at least 30 blocks (block_size <= n / 30), because its normal
        null is too liberal with few blocks (see :func:`mathlab.hsic.hsic_block`).

    Returns
    -------
    HSICTestResult
        For the exact tests ``statistic`` = n HSIC_b, ``pvalue``, ``hsic`` = HSIC_b,
        ``null_distribution`` (None for the gamma tests), kernels and bandwidths, and
        ``details`` (the exact permutation moments, the fitted shape, scale, location and
        skewness and the leverage diagnostic of "gamma"; Gretton's shape and scale; the
        number of permutations and whether the dense
        path was used, spectral eigenvalues; the polynomial kernel's ``degree`` and
        ``coef0``). For rff and nystrom ``statistic`` = n_t HSIC_feat over the n_t tested rows
        (n for rff, n - n_inducing for nystrom), ``hsic`` = HSIC_feat, ``null_distribution``
        = the permuted statistics, ``details`` with n_features or n_inducing, rows_tested and
        the numerical ranks used; ``n`` is the full sample size. For block see
        :func:`mathlab.hsic.hsic_block`.

    Raises
    ------
    ValueError
        Bad input as for :func:`mathlab.hsic.hsic`; fewer than 6 samples for the gamma tests;
        more than :data:`SPECTRAL_MAX_N` samples for the spectral test; a degenerate gamma
        null (constant variable); a kernel the method does not support; n_inducing > n - 4
        (nystrom); fewer than 30 blocks (block).

    Warns
    -----
    CalibrationWarning
        method="gamma" where its fit is known not to follow the permutation null (one point
        carries at least 20% of the null variance; n above the three-moment limit).

    References
    ----------
    A. Gretton et al., "A kernel statistical test of independence", NIPS 2008.
    Q. Zhang, S. Filippi, A. Gretton, D. Sejdinovic, Statistics and Computing 28 (2018).
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
    >>> res = hsic_test(x, np.abs(x) + 0.3 * rng.normal(size=200), method="rff",
    ...                 n_permutations=200, n_features=64, random_state=0)
    >>> res.pvalue < 0.01, res.null_distribution.shape
    (True, (200,))
    """
    name = choice("method", method, METHODS)
    chosen = METHODS[name]
    options = {"n_permutations": integer("n_permutations", n_permutations, minimum=1,
                                         maximum=MAX_PERMUTATIONS)}
    if chosen.kernels is not None and (degree is not None or coef0 is not None):
        raise ValueError(f"degree and coef0 are not supported by method={name!r}; got "
                         f"degree={degree!r}, coef0={coef0!r}")
    given = {"n_features": n_features, "n_inducing": n_inducing, "block_size": block_size}
    for option in chosen.options:
        options[option] = _OPTIONS[option](given[option])
    rng = random_generator(random_state)
    check_n = None if chosen.check_n is None else (lambda n: chosen.check_n(n, options))
    pair = prepare_pair(x, y, kernel=kernel, kernel_y=kernel_y, sigma=sigma, sigma_y=sigma_y,
                        degree=degree, coef0=coef0, min_samples=chosen.min_samples,
                        allowed=chosen.kernels, context=f" for method={name!r}",
                        check_n=check_n)
    outcome = chosen.run(pair, rng, options)
    check_finite(float(outcome.statistic), "the test statistic")
    details = {**outcome.details, **pair.polynomial_details()}
    return Outcome(outcome.statistic, outcome.hsic, outcome.null, details).result(
        name, **pair.result_fields())

