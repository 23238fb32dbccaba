r"""Multiple-testing adjustment of p-values (Benjamini-Hochberg, Holm).

For m p-values sorted increasingly, :math:`p_{(1)} \le \dots \le p_{(m)}`:

* Benjamini-Hochberg (1995), which controls the false discovery rate of independent (or
  positively dependent) tests: :math:`\tilde p_{(i)} = \min_{k \ge i} \min(1, m\,p_{(k)}/k)`.
  Rejecting :math:`\tilde p \le q` is the step-up procedure at FDR level q.
* Holm (1979), which controls the family-wise error rate under any dependence:
  :math:`\tilde p_{(i)} = \max_{k \le i} \min(1, (m - k + 1)\,p_{(k)})`.
  Rejecting :math:`\tilde p \le \alpha` is the step-down procedure at level alpha.

Each adjusted value is returned in the position of its p-value; equal p-values get equal
adjusted values.

References
----------
Y. Benjamini, Y. Hochberg, "Controlling the false discovery rate: a practical and powerful
approach to multiple testing", J. R. Statist. Soc. B 57 (1995) 289-300.
S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J. Statist. 6 (1979)
65-70.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ADJUSTMENTS", "adjust_pvalues"]

ADJUSTMENTS = {"bh": "Benjamini-Hochberg (false discovery rate)",
               "holm": "Holm (family-wise error rate)",
               "none": "no adjustment"}
"""The adjustments of :func:`adjust_pvalues`, with what they control."""


def adjust_pvalues(pvalues: Sequence[float], method: str) -> np.ndarray:
    """Adjusted p-values (``method`` "bh", "holm" or "none"), in the order given.

    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "holm").tolist()
    [0.03, 0.06, 0.06, 0.02]
    >>> adjust_pvalues([0.01, 0.04, 0.03, 0.005], "bh").round(6).tolist()
    [0.02, 0.04, 0.04, 0.02]
    """
    p = np.asarray(pvalues, dtype=np.float64)
    if p.ndim != 1 or not np.all((p >= 0) & (p <= 1)):
        raise ValueError(f"pvalues must be a sequence of numbers in [0, 1]; got {pvalues!r}")
    if method not in ADJUSTMENTS:
        raise ValueError(f"method must be one of {', '.join(map(repr, ADJUSTMENTS))}; "
                         f"got {method!r}")
    m = p.size
    if method == "none" or m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    k = np.arange(1, m + 1, dtype=np.float64)
    if method == "bh":
        steps = np.minimum.accumulate((ranked * m / k)[::-1])[::-1]
    else:
        steps = np.maximum.accumulate(ranked * (m - k + 1.0))
    out = np.empty(m)
    out[order] = np.minimum(steps, 1.0)
    return out
