"""Mergeable first and second moments of paired feature rows (private).

Feature-based HSIC estimates are functions of the biased cross-covariance of the feature rows,

.. math:: C = \\frac1n \\sum_i (\\phi_i - \\bar\\phi)(\\psi_i - \\bar\\psi)^\\top,
          \\qquad \\mathrm{HSIC}_b \\approx \\lVert C \\rVert_F^2,

so the sufficient statistics are the row count n, the feature means and the co-moment
M = n C. Two sets of statistics merge exactly (Chan, Golub and LeVeque's pairwise update):

.. math:: M = M_a + M_b + \\frac{n_a n_b}{n} \\delta_\\phi \\delta_\\psi^\\top,\\quad
          \\delta = \\text{mean}_b - \\text{mean}_a,

which never forms raw sums of products, so large feature means cause no cancellation.
Within a chunk, features are shifted by a per-chunk reference value (the mean of a few of its
rows) before the single matrix product that yields the shifted cross-product sum and column
sums; the co-moment about the chunk mean then involves only small corrections.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CrossMoments", "TreeSum", "tree_merge"]


@dataclass(frozen=True)
class CrossMoments:
    """Row count, feature means and co-moment of paired feature rows.

    Attributes
    ----------
    n : int
        Number of rows.
    mean_x, mean_y : ndarray, shapes (D_x,), (D_y,)
        Feature means.
    comoment : ndarray, shape (D_x, D_y)
        sum_i (phi_i - mean_x)(psi_i - mean_y)^T.
    """

    n: int
    mean_x: np.ndarray
    mean_y: np.ndarray
    comoment: np.ndarray

    @classmethod
    def empty(cls, dim_x: int, dim_y: int) -> CrossMoments:
        """Statistics of zero rows (the identity of :meth:`merge`)."""
        return cls(0, np.zeros(dim_x), np.zeros(dim_y), np.zeros((dim_x, dim_y)))

    @classmethod
    def from_features(cls, phi: np.ndarray, psi: np.ndarray) -> CrossMoments:
        """Statistics of explicit feature matrices (n, D_x) and (n, D_y), centred first."""
        n = phi.shape[0]
        if n == 0:
            return cls.empty(phi.shape[1], psi.shape[1])
        mean_x = phi.mean(axis=0)
        mean_y = psi.mean(axis=0)
        comoment = (phi - mean_x).T @ (psi - mean_y)
        return cls(n, mean_x, mean_y, comoment)

    @classmethod
    def from_shifted_augmented(cls, phi_aug: np.ndarray, psi_aug: np.ndarray,
                               shift_x: np.ndarray, shift_y: np.ndarray) -> CrossMoments:
        """Statistics from shifted features with a trailing column of ones.

        ``phi_aug = [phi - shift_x, 1]`` and ``psi_aug = [psi - shift_y, 1]``; one product
        ``phi_aug.T @ psi_aug`` gives the shifted cross-product sum S, the shifted column sums
        a, b and n, and then M = S - a b^T / n.
        """
        gram = np.asarray(phi_aug.T @ psi_aug, dtype=np.float64)
        n = int(round(gram[-1, -1]))
        if n == 0:
            return cls.empty(phi_aug.shape[1] - 1, psi_aug.shape[1] - 1)
        a = gram[:-1, -1]
        b = gram[-1, :-1]
        comoment = gram[:-1, :-1] - np.outer(a / n, b)
        return cls(n, shift_x + a / n, shift_y + b / n, comoment)

    def merge(self, other: CrossMoments) -> CrossMoments:
        """Statistics of the union of both row sets (exact, order-independent to rounding)."""
        if other.n == 0:
            return self
        if self.n == 0:
            return other
        n = self.n + other.n
        delta_x = other.mean_x - self.mean_x
        delta_y = other.mean_y - self.mean_y
        weight = self.n * other.n / n
        return CrossMoments(
            n,
            self.mean_x + delta_x * (other.n / n),
            self.mean_y + delta_y * (other.n / n),
            self.comoment + other.comoment + weight * np.outer(delta_x, delta_y),
        )

    def hsic(self) -> float:
        """||M / n||_F^2, the feature estimate of the biased HSIC."""
        if self.n == 0:
            raise ValueError("no samples have been accumulated yet; call update() first")
        return float(np.sum(np.square(self.comoment / self.n)))


def tree_merge(parts) -> CrossMoments:
    """Merge a sequence of CrossMoments pairwise (a balanced tree keeps rounding small)."""
    parts = list(parts)
    if not parts:
        raise ValueError("tree_merge needs at least one CrossMoments")
    while len(parts) > 1:
        merged = [parts[i].merge(parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
        if len(parts) % 2:
            merged.append(parts[-1])
        parts = merged
    return parts[0]


class TreeSum:
    """Running pairwise merge in O(log k) memory for k added parts (a binary counter)."""

    def __init__(self):
        self._levels: list[tuple[int, CrossMoments]] = []

    def add(self, part: CrossMoments) -> None:
        """Add the statistics of one more chunk."""
        level = 0
        while self._levels and self._levels[-1][0] == level:
            _, previous = self._levels.pop()
            part = previous.merge(part)
            level += 1
        self._levels.append((level, part))

    def result(self) -> CrossMoments:
        """The merged statistics of everything added (in order)."""
        if not self._levels:
            raise ValueError("no chunks were added")
        total = self._levels[-1][1]
        for _, part in reversed(self._levels[:-1]):
            total = part.merge(total)
        return total
