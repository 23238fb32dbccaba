"""Matplotlib views of exact HSIC results (imported lazily: the numerical core never needs it).

Every function takes computed results and returns a :class:`matplotlib.figure.Figure`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DependenceSummary", "plot_gallery", "plot_null_distributions", "plot_power"]


@dataclass(frozen=True)
class DependenceSummary:
    """One panel of the gallery: a sample and its dependence measures.

    Attributes
    ----------
    name : str
        Relationship shown (e.g. "parabola").
    x, y : ndarray
        The sample.
    pearson : float
        Pearson correlation coefficient.
    dcor : float
        Distance correlation (square root of the normalised distance-kernel HSIC_b).
    hsic_normalized : float
        Normalised HSIC_b with Gaussian kernels (median heuristic).
    pvalue : float
        p-value of the HSIC gamma test.
    """

    name: str
    x: np.ndarray
    y: np.ndarray
    pearson: float
    dcor: float
    hsic_normalized: float
    pvalue: float


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def plot_gallery(summaries: Sequence[DependenceSummary], *, ncols: int = 4):
    """Scatter plots of several relationships, each titled with r, dCor, nHSIC and p."""
    plt = _pyplot()
    nrows = -(-len(summaries) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.1 * ncols, 3.2 * nrows), squeeze=False)
    for ax, s in zip(axes.flat, summaries):
        ax.plot(s.x, s.y, ".", ms=2.5, color="C0", alpha=0.7)
        ax.set_title(f"{s.name}\nr={s.pearson:+.2f}  dCor={s.dcor:.2f}\n"
                     f"nHSIC={s.hsic_normalized:.3f}  p={s.pvalue:.1e}", fontsize=8.5)
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in list(axes.flat)[len(summaries):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig


def plot_null_distributions(statistic: float, nulls: Mapping[str, np.ndarray],
                            gamma_shape: float, gamma_scale: float, *, title: str = ""):
    """Histograms of simulated null statistics (n HSIC_b) against the gamma approximation."""
    from scipy import stats

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    hi = max(max(np.quantile(v, 0.999) for v in nulls.values()), statistic) * 1.05
    bins = np.linspace(0.0, hi, 60)
    for i, (name, values) in enumerate(nulls.items()):
        ax.hist(values, bins=bins, density=True, histtype="step", lw=1.6, color=f"C{i}",
                label=f"{name} ({len(values)} draws)")
    grid = np.linspace(bins[1] / 4, hi, 400)
    ax.plot(grid, stats.gamma.pdf(grid, gamma_shape, scale=gamma_scale), "k--", lw=1.4,
            label=f"gamma approximation (shape {gamma_shape:.2f})")
    ax.axvline(statistic, color="C3", lw=1.2, label="observed statistic")
    ax.set_xlabel(r"$n\,\mathrm{HSIC}_b$")
    ax.set_ylabel("density")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_power(ns: Sequence[int], powers: Mapping[str, Sequence[float]], *, alpha: float = 0.05,
               reps: int | None = None, title: str = ""):
    """Rejection rate against sample size for several tests."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.0, 4.0))
    for i, (name, values) in enumerate(powers.items()):
        ax.plot(ns, values, "o-", color=f"C{i}", label=name)
    ax.axhline(alpha, color="0.5", lw=0.8, ls=":", label=f"level {alpha:g}")
    ax.set_xlabel("sample size n")
    ax.set_ylabel("power (rejection rate)" + (f", {reps} samples per n" if reps else ""))
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
