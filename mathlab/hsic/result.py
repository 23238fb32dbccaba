"""The result type shared by every HSIC independence test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validate import finite_result, in_interval

__all__ = ["HSICTestResult", "Outcome", "HSICEstimate"]


@dataclass(frozen=True)
class HSICTestResult:
    """Outcome of an HSIC independence test.

    Attributes
    ----------
    statistic : float
        The test statistic. For the exact tests ("gamma", "permutation", "spectral") it is
        ``n * HSIC_b``; approximate tests document their own scaling in ``details``.
    pvalue : float
        Probability, under independence, of a statistic at least as large as the one observed.
    method : str
        The test used ("gamma", "permutation", "spectral", "rff", "nystrom", "block").
    hsic : float
        The HSIC estimate the statistic was formed from (HSIC_b for the exact tests).
    null_distribution : ndarray or None
        Simulated or permuted null statistics (permutation, spectral and approximate tests),
        on the same scale as ``statistic``; None for the analytic (gamma) test.
    kernel, kernel_y : str
        Kernels used for x and y (the name, or ``"callable"``).
    sigma, sigma_y : float or None
        Bandwidths used for x and y (None for kernels without a bandwidth).
    n : int
        Number of samples.
    details : dict
        Method-specific diagnostics (gamma shape and scale, number of permutations, number of
        features, block size, ...).
    """

    statistic: float
    pvalue: float
    method: str
    hsic: float
    null_distribution: np.ndarray | None
    kernel: str
    kernel_y: str
    sigma: float | None
    sigma_y: float | None
    n: int
    details: dict[str, Any] = field(default_factory=dict)

    def reject(self, alpha: float = 0.05) -> bool:
        """True when independence is rejected at level ``alpha`` (``pvalue <= alpha``).

        ``alpha`` must be a number in [0, 1].
        """
        return bool(self.pvalue <= in_interval("alpha", alpha, 0.0, 1.0, closed="both"))


@dataclass(frozen=True)
class Outcome:
    """What one test method computes, before it becomes an :class:`HSICTestResult`.

    Attributes
    ----------
    statistic : float
        The test statistic, on the scale of ``null``.
    hsic : float
        The HSIC estimate it was formed from.
    null : mathlab.hsic.nulls.NullDistribution
        Its distribution under independence (gives the p-value).
    details : dict
        Method-specific diagnostics (the null's own are added by :meth:`result`).
    """

    statistic: float
    hsic: float
    null: Any
    details: dict[str, Any] = field(default_factory=dict)

    def result(self, method: str, *, kernel: str, kernel_y: str, sigma: float | None,
               sigma_y: float | None, n: int) -> HSICTestResult:
        """The :class:`HSICTestResult` of this outcome (p-value from the null).

        Every number it reports is checked on the way out: NaN or inf raise ValueError.
        """
        statistic = float(self.statistic)
        result = HSICTestResult(statistic=statistic, pvalue=float(self.null.pvalue(statistic)),
                                method=method, hsic=float(self.hsic),
                                null_distribution=self.null.draws, kernel=kernel,
                                kernel_y=kernel_y, sigma=sigma, sigma_y=sigma_y, n=n,
                                details={**self.null.details(), **self.details})
        hint = "the inputs are outside the range the numerics can represent"
        for what in ("statistic", "pvalue", "hsic", "sigma", "sigma_y"):
            value = getattr(result, what)
            if value is not None:
                finite_result(f"the test's {what}", value, hint=hint)
        if result.null_distribution is not None:
            finite_result("the null distribution", result.null_distribution, hint=hint)
        return result


@dataclass(frozen=True)
class HSICEstimate:
    """An HSIC value with how it was computed (``hsic(..., return_details=True)``).

    Attributes
    ----------
    value : float
        The estimate (as :func:`mathlab.hsic.hsic` returns it).
    estimator : str
        "biased", "unbiased" or "biased_n1".
    normalize : bool
        Whether ``value`` is the normalised HSIC.
    algorithm : str
        The algorithm of the sums: "sorted", "gauss_transform", "pairs", or "dense" (callable
        kernels).
    error_bound : float
        A bound on |value - exact value| from the approximation (exact arithmetic): 0.0 for
        the exact algorithms, whose results agree with each other to rounding.
    tol : float
        The relative accuracy that was asked for.
    n : int
        Number of samples.
    details : dict
        Algorithm diagnostics (the Gauss transform's grids and kernel error bound).
    """

    value: float
    estimator: str
    normalize: bool
    algorithm: str
    error_bound: float
    tol: float
    n: int
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def relative_error_bound(self) -> float:
        """error_bound / |value| (inf when value is 0)."""
        return self.error_bound / abs(self.value) if self.value else float("inf")

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return (f"HSICEstimate(value={self.value:.6g}, algorithm={self.algorithm!r}, "
                f"error_bound={self.error_bound:.2g}, n={self.n})")
