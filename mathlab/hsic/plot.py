"""Matplotlib views of HSIC results (imported lazily: the numerical core never needs it).

Every function takes computed results and returns a :class:`matplotlib.figure.Figure`: the
dependence gallery, null distributions and power curves of the exact tests, and the
approximation error and timing of HSIC at scale (:class:`mathlab.hsic.figures.AccuracySweep`,
:class:`mathlab.hsic.figures.TimingTable`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DependenceSummary", "plot_gallery", "plot_null_distributions", "plot_power",
           "plot_accuracy", "plot_timing", "plot_power_panels"]


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


_METHOD_STYLE = {
    "exact": ("mathlab exact O(n^2)", "C0", "o"),
    "dense": ("dense numpy tr(KHLH)", "C7", "s"),
    "hyppo": ("hyppo Hsic", "C5", "D"),
    "rff": ("mathlab RFF, D = 128", "C1", "^"),
    "rff32": ("mathlab RFF, D = 128, float32", "C9", "<"),
    "nystrom": ("mathlab Nystrom, m = 128", "C2", "v"),
    "block": ("mathlab block, B = 50", "C3", "x"),
    "gauss_transform": ("mathlab Gauss transform, exact to 1e-10", "C4", "*"),
    "sorted": ("mathlab distance kernel, sorted, 1 thread", "C6", "P"),
    "dcor": ("dcor distance covariance (mergesort), 1 thread", "C8", "X"),
}


def plot_accuracy(sweep):
    """Mean absolute error of RFF and Nystrom HSIC_b against exact HSIC_b, per dependence type.

    Parameters
    ----------
    sweep : AccuracySweep

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True, constrained_layout=True)
    panels = ((axes[0], sweep.rff_features, sweep.rff_error, "random Fourier features",
               "feature columns D per variable"),
              (axes[1], sweep.nystrom_inducing, sweep.nystrom_error, "Nystrom",
               "inducing points m"))
    for ax, sizes, errors, title, xlabel in panels:
        for kind, row in zip(sweep.kinds, errors):
            ax.loglog(sizes, row, marker="o", ms=3, label=kind)
        ax.set_title(f"{title} (n = {sweep.n}, mean over {sweep.n_seeds} seeds)")
        ax.set_xlabel(xlabel)
        ax.grid(True, which="both", alpha=0.3)
    ref = sweep.rff_error[:, 0].max() * np.sqrt(sweep.rff_features[0] / sweep.rff_features)
    axes[0].loglog(sweep.rff_features, ref, "k--", lw=1, label=r"$\propto D^{-1/2}$")
    axes[0].set_ylabel(r"mean $|\widehat{\mathrm{HSIC}}_b - \mathrm{HSIC}_b|$")
    axes[0].legend(fontsize=8)
    return fig


def plot_timing(table):
    """Log-log wall time against n for each method, from a measured timing table.

    Parameters
    ----------
    table : TimingTable

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5), constrained_layout=True)
    for method in table.methods():
        n, seconds = table.series(method)
        label, color, marker = _METHOD_STYLE.get(method, (method, None, "o"))
        ax.loglog(n, seconds, marker=marker, color=color, label=label)
    n_all = np.array(sorted(set(table.n)), dtype=float)
    guide = n_all / n_all[0]
    t0 = min(table.seconds)
    ax.loglog(n_all, t0 * guide, "k:", lw=1, label=r"$\propto n$")
    ax.loglog(n_all[n_all <= 3e4], t0 * guide[n_all <= 3e4] ** 2, "k--", lw=1,
              label=r"$\propto n^2$")
    ax.axhline(10.0, color="0.5", lw=0.8)
    ax.text(n_all[-1], 7.0, "10 s target at n = 1e7 (RFF; exact Gauss transform)", fontsize=8,
            color="0.4", ha="right", va="top")
    ax.set_xlabel("n (one-dimensional pairs)")
    ax.set_ylabel("wall time (s)")
    ax.set_title("HSIC cost against sample size (measured, benchmarks/results/hsic_scale.csv "
                 "and hsic_fast.csv)", fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    return fig


def plot_power_panels(panels: Sequence[tuple[str, str, Sequence[float], Mapping[str, Sequence[float]]]],
                      *, alpha: float = 0.05, reps: int | None = None):
    """Rows of power curves: each panel is (title, x label, effect sizes, {test: rejection rates}).

    The first point of each panel is the null (effect 0): its height is the test's size.
    """
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.8), squeeze=False)
    for ax, (title, xlabel, effects, powers) in zip(axes[0], panels):
        for i, (name, values) in enumerate(powers.items()):
            ax.plot(effects, values, "o-", color=f"C{i}", label=name, ms=4)
        ax.axhline(alpha, color="0.5", lw=0.8, ls=":", label=f"level {alpha:g}")
        ax.set_xlabel(xlabel)
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(title, fontsize=9)
        ax.legend(fontsize=7, loc="upper left")
    axes[0][0].set_ylabel("rejection rate" + (f" ({reps} samples per point)" if reps else ""))
    fig.tight_layout()
    return fig
