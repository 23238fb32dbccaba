r"""Joint independence of d >= 2 variables: dHSIC and its tests (Pfister et al. 2018).

For variables :math:`X^1, \dots, X^d` (each of any dimension) with Gram matrices
:math:`K^1, \dots, K^d` on n joint samples, the biased d-variable HSIC is the squared RKHS
distance between the embedding of the joint law and the tensor product of the marginal
embeddings, estimated by the V-statistic

.. math::

    \mathrm{dHSIC}_b = \frac{1}{n^2}\sum_{a,b}\prod_j K^j_{ab}
        + \prod_j \frac{1^\top K^j 1}{n^2}
        - \frac{2}{n}\sum_a \prod_j \frac{(K^j 1)_a}{n}.

With characteristic kernels it is zero in the population iff the d variables are JOINTLY
independent (pairwise independence is not enough). For d = 2 it is HSIC_b. The test statistic
is :math:`T = n\,\mathrm{dHSIC}_b`.

Null distributions (:func:`dhsic_test`):

* ``"permutation"``: each of the variables 2..d is permuted independently (the observed
  pairing of the rows is broken; the marginals are kept); Monte Carlo p-value.
* ``"bootstrap"``: each of the variables 2..d is resampled with replacement independently
  (Pfister et al.'s bootstrap, consistent but slightly conservative in small samples).
* ``"gamma"``: for d = 2 the calibrated moment fit of :func:`mathlab.hsic.hsic_test` (exact
  permutation moments, Pearson type III law). For d >= 3 a gamma law with the EXACT mean of T
  under independent permutations,

  .. math:: E_\pi[\mathrm{dHSIC}_b] = \tfrac1n\prod_j \bar k_j
        + \tfrac{n-1}{n}\prod_j \mu_j - \prod_j m_j,

  (:math:`\bar k_j` the mean diagonal, :math:`\mu_j` the mean off-diagonal and :math:`m_j` the
  mean entry of :math:`K^j`), and Pfister et al.'s variance estimate (their Section 4.2). That
  variance is asymptotic: for d >= 3 the gamma test is approximate, and the permutation test
  is the one to use for p-values below about 0.05 (the tests measure its size).

All computations are dense (the Gram matrices one at a time): n is limited to
:data:`DHSIC_MAX_N`.

References
----------
N. Pfister, P. Buhlmann, B. Scholkopf, J. Peters, "Kernel-based tests for joint independence",
J. R. Statist. Soc. B 80 (2018) 5-31.
A. Gretton et al., "A kernel statistical test of independence", NIPS 2008.
Su Jianlin, "HSIC简介:一个有意思的判断相关性的思路", kexue.fm, 2019.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._validate import choice, integer, nonnegative, positive, random_generator
from ._null_moments import dense_gram, permutation_moment_null
from .bandwidth import as_samples, median_distance
from .kernels import KERNELS, Kernel, PreparedKernel, PreparedPair, encode_labels
from .nulls import GammaNull, SampledNull
from .result import HSICTestResult
from .statistics import check_finite

__all__ = ["dhsic", "dhsic_test", "DHSIC_METHODS", "DHSIC_MAX_N", "MAX_VARIABLES",
           "prepare_variable"]

DHSIC_METHODS = ("gamma", "permutation", "bootstrap")
DHSIC_MAX_N = 5000
"""Largest n (dense n x n matrices, a few at a time)."""
MAX_VARIABLES = 64
"""Largest number of variables d."""
MAX_RESAMPLES = 100_000
"""Largest number of permutations or bootstrap draws."""
_BANDWIDTH = ("gaussian", "laplace")


def prepare_variable(name: str, data, kernel, *, sigma=None, degree=None, coef0=None,
                     kernel_name: str = "kernel", sigma_name: str = "sigma",
                     centre_linear: bool = True) -> PreparedKernel:
    """Validate one variable and its kernel; messages name ``name``, ``kernel_name``, ``sigma_name``.

    The sample must be finite, 1-D (one feature) or 2-D (n, p), or labels for the delta
    kernel; the bandwidth of a gaussian or laplace kernel defaults to the median heuristic
    (median pairwise distance) of the variable itself; linear data are centred when
    ``centre_linear`` (HSIC of two variables does not change; dHSIC of three or more does).
    """
    if callable(kernel):
        if sigma is not None:
            raise ValueError(f"{sigma_name} is only used by the gaussian and laplace kernels; "
                             f"got {sigma_name}={sigma!r} with a callable {kernel_name}")
        return PreparedKernel(name, Kernel("callable", func=kernel),
                              as_samples(name, data, min_length=0))
    kname = choice(kernel_name, kernel, KERNELS)
    if kname not in _BANDWIDTH and sigma is not None:
        raise ValueError(f"{sigma_name} is only used by the gaussian and laplace kernels; got "
                         f"{sigma_name}={sigma!r} with {kernel_name}={kname!r}")
    if kname == "delta":
        return PreparedKernel(name, Kernel("delta"), encode_labels(name, data))
    arr = as_samples(name, data, min_length=0)
    if kname in _BANDWIDTH:
        if sigma is None:
            try:
                sigma = median_distance(arr, name=name) if arr.shape[0] >= 2 else 1.0
            except ValueError as exc:
                raise ValueError(f"{exc} (median heuristic for {sigma_name})") from None
        return PreparedKernel(name, Kernel(kname, sigma=positive(sigma_name, sigma)), arr)
    if kname == "polynomial":
        degree = 2 if degree is None else integer("degree", degree, minimum=1, maximum=64)
        coef0 = 1.0 if coef0 is None else nonnegative("coef0", coef0)
        return PreparedKernel(name, Kernel(kname, degree=degree, coef0=float(coef0)), arr)
    if kname == "linear" and centre_linear:
        arr = arr - arr.mean(axis=0)
    return PreparedKernel(name, Kernel(kname), arr)


def _per_variable(name: str, value, d: int, *, scalar) -> list:
    """A value for each of d variables: one shared value or a sequence of d."""
    if scalar(value):
        return [value] * d
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        if len(value) != d:
            raise ValueError(f"{name} must be one value or a sequence of one per variable "
                             f"({d}); got {len(value)} values")
        return list(value)
    raise ValueError(f"{name} must be one value or a sequence of one per variable; got "
                     f"{type(value).__name__}")


def _prepare(variables, kernel, sigma, degree, coef0, *, min_samples: int,
             max_n: int = DHSIC_MAX_N) -> list[PreparedKernel]:
    d = len(variables)
    if not 2 <= d <= MAX_VARIABLES:
        raise ValueError(f"dHSIC needs between 2 and {MAX_VARIABLES} variables; got {d}")
    kernels = _per_variable("kernel", kernel, d, scalar=lambda v: isinstance(v, str) or callable(v))
    sigmas = _per_variable("sigma", sigma, d,
                           scalar=lambda v: v is None or isinstance(v, (int, float, np.number)))
    if (degree is not None or coef0 is not None) and "polynomial" not in kernels:
        raise ValueError("degree and coef0 are only used by the polynomial kernel; got "
                         f"degree={degree!r}, coef0={coef0!r} with kernel={kernel!r}")
    shared_kernel = isinstance(kernel, str) or callable(kernel)
    shared_sigma = sigma is None or np.isscalar(sigma)
    prepared = []
    for j, (data, k, s) in enumerate(zip(variables, kernels, sigmas)):
        poly = isinstance(k, str) and k == "polynomial"
        prepared.append(prepare_variable(
            f"variables[{j}]", data, k, sigma=s, degree=degree if poly else None,
            coef0=coef0 if poly else None,
            kernel_name="kernel" if shared_kernel else f"kernel[{j}]",
            sigma_name="sigma" if shared_sigma else f"sigma[{j}]", centre_linear=d == 2))
        if prepared[-1].n != prepared[0].n:
            raise ValueError(f"all variables must have the same number of samples; "
                             f"variables[0] has {prepared[0].n}, variables[{j}] has "
                             f"{prepared[-1].n}")
    n = prepared[0].n
    if n < min_samples:
        raise ValueError(f"the variables must have at least {min_samples} samples here; got {n}")
    if n > max_n:
        raise ValueError(f"dHSIC holds dense n x n Gram matrices and allows at most {max_n} "
                         f"samples; got {n}")
    return prepared


def _grams(prepared: list[PreparedKernel]) -> list[np.ndarray]:
    return [dense_gram(p) for p in prepared]


def dhsic_from_grams(grams: Sequence[np.ndarray]) -> float:
    """dHSIC_b from dense Gram matrices (module docstring)."""
    n = grams[0].shape[0]
    prod = np.ones((n, n))
    rows = np.ones(n)
    total = 1.0
    for k in grams:
        prod *= k
        r = k.sum(axis=1) / n
        rows *= r
        total *= r.sum() / n
    return float(prod.sum() / n**2 + total - 2.0 * rows.sum() / n)


def dhsic(*variables, kernel="gaussian", sigma=None, degree=None, coef0=None) -> float:
    r"""d-variable HSIC (biased V-statistic) of n joint samples of d >= 2 variables.

    .. math::

        \mathrm{dHSIC}_b = \frac{1}{n^2}\sum_{a,b}\prod_{j=1}^d K^j_{ab}
            + \prod_{j=1}^d \frac{1^\top K^j 1}{n^2}
            - \frac{2}{n}\sum_a \prod_{j=1}^d \frac{(K^j 1)_a}{n}

    (Pfister et al. 2018). It is zero in the population iff the variables are jointly
    independent, for characteristic kernels (gaussian, laplace, distance, delta); for d = 2 it
    is :func:`mathlab.hsic.hsic` (biased). Like HSIC, raw values depend on the kernels and
    bandwidths and are not comparable across them.

    Parameters
    ----------
    *variables : array_like
        d >= 2 samples with the same number n of rows; each 1-D (one feature), 2-D (n, p), or
        labels for the delta kernel.
    kernel : str, callable or sequence of them, default "gaussian"
        One kernel for all variables, or one per variable (conventions of
        :func:`mathlab.hsic.gram`).
    sigma : float, None or sequence of them
        Bandwidths of gaussian/laplace kernels; None: the median heuristic of each variable.
    degree, coef0 : int, float, optional
        Polynomial kernel parameters (default 2 and 1), shared by the polynomial variables.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Fewer than 2 or more than :data:`MAX_VARIABLES` variables, unequal lengths, fewer than
        2 or more than :data:`DHSIC_MAX_N` samples, bad kernels, parameters or data.

    References
    ----------
    N. Pfister, P. Buhlmann, B. Scholkopf, J. Peters, J. R. Statist. Soc. B 80 (2018) 5-31.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=300), rng.normal(size=300)
    >>> c = np.sign(a * b) * np.abs(rng.normal(size=300))   # pairwise independent, not jointly
    >>> dhsic(a, b, c) > 5 * dhsic(a, b, rng.normal(size=300))
    True
    >>> round(dhsic([0, 1, 2], [0, 1, 2], kernel="linear"), 12)   # = HSIC_b = 4/9
    0.444444444444
    """
    prepared = _prepare(variables, kernel, sigma, degree, coef0, min_samples=2)
    return check_finite(dhsic_from_grams(_grams(prepared)), "dHSIC")


def _exact_mean(grams) -> float:
    """Mean of dHSIC_b under independent uniform permutations of the variables."""
    n = grams[0].shape[0]
    diag = off = whole = 1.0
    for k in grams:
        tr, tot = float(np.trace(k)), float(k.sum())
        diag *= tr / n
        off *= (tot - tr) / (n * (n - 1.0))
        whole *= tot / n**2
    return diag / n + (n - 1.0) / n * off - whole


def _pfister_variance(grams) -> float:
    """Pfister et al.'s (2018) estimate of the null variance of dHSIC_b."""
    n = grams[0].shape[0]
    d = len(grams)
    a = np.array([k.sum() / n**2 for k in grams])
    b = np.array([np.sum(k * k) / n**2 for k in grams])
    c = np.array([np.sum(k.sum(axis=1) ** 2) / n**3 for k in grams])
    pa, pb, pc = np.prod(a), np.prod(b), np.prod(c)
    out_a2 = np.array([np.prod(np.delete(a, j)) ** 2 for j in range(d)])
    out_c = np.array([np.prod(np.delete(c, j)) for j in range(d)])
    cross = 0.0
    for r in range(d):
        for s in range(r + 1, d):
            cross += 2.0 * c[r] * c[s] * np.prod(np.delete(a, [r, s])) ** 2
    total = (pb + (d - 1) ** 2 * pa**2 + 2 * (d - 1) * pc + np.sum(b * out_a2)
             - 2.0 * np.sum(b * out_c) - 2.0 * (d - 1) * np.sum(c * out_a2) + cross)
    # 2 (n-2d)(n-2d-1)...(n-4d+3) / (n(n-1)...(n-2d+1)) in the published form
    num = math.prod(n - 2 * d - j for j in range(2 * d - 2))
    den = math.prod(n - j for j in range(2 * d))
    return 2.0 * num / den * total


def _resample_statistics(grams, count, rng, *, replace: bool) -> np.ndarray:
    n = grams[0].shape[0]
    out = np.empty(count)
    for r in range(count):
        moved = [grams[0]]
        for k in grams[1:]:
            idx = rng.integers(0, n, n) if replace else rng.permutation(n)
            moved.append(k[np.ix_(idx, idx)])
        out[r] = n * dhsic_from_grams(moved)
    return out


def dhsic_test(*variables, method="permutation", n_permutations=1000, random_state=None,
               kernel="gaussian", sigma=None, degree=None, coef0=None) -> HSICTestResult:
    r"""Test joint independence of d >= 2 variables with :math:`T = n\,\mathrm{dHSIC}_b`.

    See the module docstring for the statistic and the null distributions. Small p-values are
    evidence that the variables are NOT jointly independent (some of them may still be
    pairwise independent).

    Parameters
    ----------
    *variables : array_like
        d >= 2 samples with n rows each (see :func:`dhsic`).
    method : {"permutation", "bootstrap", "gamma"}, default "permutation"
        The null distribution. "gamma" is calibrated for d = 2 (the moment fit of
        :func:`mathlab.hsic.hsic_test`); for d >= 3 it is an approximation (exact mean,
        Pfister et al.'s asymptotic variance): prefer "permutation" there.
    n_permutations : int, default 1000
        Permutations or bootstrap draws (at most :data:`MAX_RESAMPLES`); ignored by "gamma".
    random_state : int, numpy Generator or None
        Seed of the permutations / bootstrap draws.
    kernel, sigma, degree, coef0
        As in :func:`dhsic`.

    Returns
    -------
    HSICTestResult
        ``statistic`` = n dHSIC_b, ``hsic`` = dHSIC_b, ``pvalue``, ``null_distribution`` (the
        resampled statistics; None for gamma), ``kernel``/``sigma`` of the first variable and
        ``kernel_y``/``sigma_y`` of the second; ``details`` holds ``d`` and the kernels and
        bandwidths of all variables (``kernels``, ``sigmas``), and the gamma parameters.

    Raises
    ------
    ValueError
        As for :func:`dhsic`; fewer than 2 d samples (2 d + 1 for gamma with d >= 3, 6 for
        d = 2); a degenerate gamma null.

    Warns
    -----
    CalibrationWarning
        method="gamma" with d = 2 where the moment fit is not calibrated (see
        :func:`mathlab.hsic.hsic_test`).

    References
    ----------
    N. Pfister, P. Buhlmann, B. Scholkopf, J. Peters, J. R. Statist. Soc. B 80 (2018) 5-31.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> a, b = rng.normal(size=200), rng.normal(size=200)
    >>> c = np.sign(a * b) * np.abs(rng.normal(size=200))
    >>> dhsic_test(a, b, c, n_permutations=200, random_state=0).pvalue < 0.01
    True
    >>> dhsic_test(a, b, rng.normal(size=200), n_permutations=200, random_state=0).pvalue > 0.05
    True
    """
    method = choice("method", method, DHSIC_METHODS)
    count = integer("n_permutations", n_permutations, minimum=1, maximum=MAX_RESAMPLES)
    rng = random_generator(random_state)
    d = len(variables)
    min_n = 6 if (method == "gamma" and d == 2) else 2 * d + (1 if method == "gamma" else 0)
    prepared = _prepare(variables, kernel, sigma, degree, coef0, min_samples=max(min_n, 2))
    n = prepared[0].n
    details = {"d": d, "kernels": tuple(p.name for p in prepared),
               "sigmas": tuple(p.kernel.sigma for p in prepared)}
    if method == "gamma" and d == 2:
        stat, null = permutation_moment_null(PreparedPair(prepared[0], prepared[1]))
        dh = stat / n
    else:
        grams = _grams(prepared)
        dh = dhsic_from_grams(grams)
        stat = n * dh
        if method == "gamma":
            null = GammaNull.from_moments(n, _exact_mean(grams), _pfister_variance(grams))
        else:
            draws = _resample_statistics(grams, count, rng, replace=method == "bootstrap")
            null = SampledNull(draws, {"n_permutations" if method == "permutation"
                                       else "n_bootstrap": count})
    check_finite(float(stat), "the test statistic")
    first, second = prepared[0], prepared[1]
    return HSICTestResult(statistic=float(stat), pvalue=float(null.pvalue(stat)), method=method,
                          hsic=float(dh), null_distribution=null.draws, kernel=first.name,
                          kernel_y=second.name, sigma=first.kernel.sigma,
                          sigma_y=second.kernel.sigma, n=n, details={**null.details(), **details})
