r"""The k-sample test: HSIC between the pooled data and the sample labels.

Given k >= 2 samples :math:`X^{(1)}, \dots, X^{(k)}` (sizes :math:`n_g`, :math:`n = \sum n_g`) of
points in the same space, pool them, label each point by its sample (the delta kernel
:math:`l(g, g') = [g = g']`) and test independence of point and label with
:func:`mathlab.hsic.hsic_test`: the samples come from one distribution iff the point is
independent of its label. With :math:`K_c` the centred Gram matrix of the pooled points and
:math:`1_g` the indicator of sample g,

.. math::

    n^2\,\mathrm{HSIC}_b = \sum_g 1_g^\top K_c 1_g
        = \sum_g n_g^2\, \lVert \hat\mu_g - \hat\mu \rVert_{\mathcal H}^2,

the between-sample scatter of the kernel mean embeddings (a kernel one-way ANOVA; for the
distance kernel the energy statistic of DISCO). For two samples, with
:math:`w = 1_1/n_1 - 1_2/n_2` (so :math:`K_c 1 = 0` gives :math:`1_2^\top K_c 1_2 =
1_1^\top K_c 1_1` and :math:`w^\top K w = w^\top K_c w = (n/(n_1n_2))^2 1_1^\top K_c 1_1`),

.. math::

    \mathrm{HSIC}_b = 2\Bigl(\frac{n_1 n_2}{n^2}\Bigr)^2 \mathrm{MMD}_b^2,\qquad
    \mathrm{MMD}_b^2 = \frac{1^\top K_{11} 1}{n_1^2} + \frac{1^\top K_{22} 1}{n_2^2}
        - \frac{2\cdot 1^\top K_{12} 1}{n_1 n_2},

so the test is the (biased) MMD two-sample test of Gretton et al. (2012); the permutation
null of HSIC (permuting labels) is MMD's permutation null.

References
----------
A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Scholkopf, A. Smola, "A kernel two-sample test",
JMLR 13 (2012) 723-773.
D. Sejdinovic, B. Sriperumbudur, A. Gretton, K. Fukumizu, "Equivalence of distance-based and
RKHS-based statistics in hypothesis testing", Ann. Statist. 41 (2013).
M. L. Rizzo, G. J. Szekely, "DISCO analysis", Ann. Appl. Stat. 4 (2010) 1034-1055.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validate import choice
from .bandwidth import as_samples
from .independence import hsic_test
from .result import HSICTestResult

__all__ = ["ksample_test", "KSAMPLE_METHODS", "MAX_GROUPS"]

KSAMPLE_METHODS = ("gamma", "gamma_gretton", "permutation", "spectral")
MAX_GROUPS = 10_000
"""Largest number of samples k."""


def ksample_test(*samples, method="gamma", n_permutations=1000, random_state=None,
                 kernel="gaussian", sigma=None, degree=None, coef0=None) -> HSICTestResult:
    r"""Test whether k >= 2 samples come from the same distribution (kernel k-sample test).

    HSIC between the pooled points (``kernel``) and their sample labels (delta kernel); see the
    module docstring. For two samples it is the MMD test (:math:`\mathrm{HSIC}_b =
    2(n_1n_2/n^2)^2\,\mathrm{MMD}_b^2`). With a characteristic kernel (gaussian, laplace,
    distance) it detects any difference between the distributions.

    Parameters
    ----------
    *samples : array_like
        k >= 2 samples, each 1-D (one feature) or 2-D (n_g, p) with the same p, at least one
        point each (n >= 6 in all for the gamma tests).
    method : {"gamma", "gamma_gretton", "permutation", "spectral"}, default "gamma"
        The null distribution, as in :func:`mathlab.hsic.hsic_test` ("gamma": the calibrated
        moment fit of the permutation null; "permutation": permuted labels).
    n_permutations : int, default 1000
        Permutations or spectral draws.
    random_state : int, numpy Generator or None
        Seed of the permutations / draws.
    kernel, sigma, degree, coef0
        The kernel of the points (sigma default: the median heuristic of the pooled points).

    Returns
    -------
    HSICTestResult
        As from :func:`mathlab.hsic.hsic_test` (``kernel_y`` = "delta"), with ``details``
        adding ``sample_sizes`` and, for two samples, ``mmd2_biased``.

    Raises
    ------
    ValueError
        Fewer than 2 or more than :data:`MAX_GROUPS` samples, an empty sample, samples of
        different dimension, non-finite data, and the errors of :func:`mathlab.hsic.hsic_test`.

    Warns
    -----
    CalibrationWarning
        As for :func:`mathlab.hsic.hsic_test` (method="gamma").

    References
    ----------
    A. Gretton et al., "A kernel two-sample test", JMLR 13 (2012).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=100), rng.normal(size=120)
    >>> ksample_test(a, b).pvalue > 0.05
    True
    >>> ksample_test(a, b, 0.5 * rng.standard_t(2, size=80) + 0.5).pvalue < 0.01
    True
    """
    choice("method", method, KSAMPLE_METHODS)
    k = len(samples)
    if not 2 <= k <= MAX_GROUPS:
        raise ValueError(f"ksample_test needs between 2 and {MAX_GROUPS} samples; got {k}")
    arrays = [as_samples(f"samples[{g}]", s, min_length=1) for g, s in enumerate(samples)]
    dims = {a.shape[1] for a in arrays}
    if len(dims) > 1:
        shapes = ", ".join(f"samples[{g}]: {a.shape[1]}" for g, a in enumerate(arrays))
        raise ValueError(f"the samples must have the same number of features; got {shapes}")
    sizes = tuple(a.shape[0] for a in arrays)
    pooled = np.concatenate(arrays, axis=0)
    labels = np.repeat(np.arange(k), sizes)
    result = hsic_test(pooled, labels, method=method, n_permutations=n_permutations,
                       random_state=random_state, kernel=kernel, kernel_y="delta", sigma=sigma,
                       degree=degree, coef0=coef0)
    extra = {"sample_sizes": sizes}
    if k == 2:
        n = float(pooled.shape[0])
        extra["mmd2_biased"] = result.hsic / (2.0 * (sizes[0] * sizes[1] / n**2) ** 2)
    return dataclasses.replace(result, details={**result.details, **extra})
