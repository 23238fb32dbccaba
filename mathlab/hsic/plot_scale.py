"""Plots for HSIC at scale: approximation error against features, and time against n.

Plot functions take computed results (:class:`mathlab.hsic.figures_scale.AccuracySweep`,
:class:`mathlab.hsic.figures_scale.TimingTable`) and return matplotlib Figures.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_accuracy", "plot_timing"]

_METHOD_STYLE = {
    "exact": ("mathlab exact O(n^2)", "C0", "o"),
    "dense": ("dense numpy tr(KHLH)", "C7", "s"),
    "hyppo": ("hyppo Hsic", "C5", "D"),
    "rff": ("mathlab RFF, D = 128", "C1", "^"),
    "rff32": ("mathlab RFF, D = 128, float32", "C9", "<"),
    "nystrom": ("mathlab Nystrom, m = 128", "C2", "v"),
    "block": ("mathlab block, B = 50", "C3", "x"),
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
    ax.text(n_all[0], 11.0, "10 s target (RFF at n = 1e7)", fontsize=8, color="0.4")
    ax.set_xlabel("n (one-dimensional pairs)")
    ax.set_ylabel("wall time (s)")
    ax.set_title("HSIC cost against sample size (measured, benchmarks/results/hsic_scale.csv)",
                 fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return fig
