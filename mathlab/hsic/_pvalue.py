"""The Monte Carlo p-value shared by every HSIC test with a simulated or permuted null."""

from __future__ import annotations

import numpy as np

__all__ = ["permutation_pvalue", "TIE_RTOL"]

TIE_RTOL = 1e-10
"""Null values within this relative distance below the statistic count as ties (>=)."""


def permutation_pvalue(statistic: float, null: np.ndarray) -> float:
    r"""Monte Carlo p-value :math:`p = (1 + \#\{T_\pi \ge T - \tau\}) / (1 + R)`.

    A permutation that only reorders the terms of the statistic (the same 2 x 2 table of
    binary data, say) reproduces T up to rounding, and may land an ulp below it. Such values
    are ties, and ties count as ">=": the tolerance is
    :math:`\tau = 10^{-10}\max(|T|, \max_\pi |T_\pi|)`, far above rounding in the sums and far
    below any genuine difference between statistics.

    Parameters
    ----------
    statistic : float
        The observed statistic T (large values are evidence against the null).
    null : ndarray, shape (R,)
        R statistics drawn from the null distribution (permutations or simulations).

    Returns
    -------
    float
        The p-value, in [1 / (1 + R), 1].

    Examples
    --------
    >>> permutation_pvalue(1.0, np.array([0.5, 1.0 - 1e-15, 2.0, 0.1]))
    0.6
    """
    null = np.asarray(null, dtype=float)
    scale = max(abs(float(statistic)), float(np.max(np.abs(null))) if null.size else 0.0)
    exceed = np.count_nonzero(null >= statistic - TIE_RTOL * scale)
    return float((1.0 + exceed) / (1.0 + null.size))
