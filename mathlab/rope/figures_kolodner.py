"""Figures: Kolodner's heavy rotating string (case C) -- hanging modes and bifurcation diagram.

The source post (Su Jianlin, 2019-07-06, https://kexue.fm/archives/6784) starts from this very
problem -- Li Yongle's rope fixed to a spinning vertical rod, lower end free -- but treats it as
equivalent to the skipping rope, and its two figures come from its own ODE, which cannot have a
free end (T = 0 there); those are reproduced in the ``rope_article_*`` figures. These two
figures have no counterpart in the post and show the correct answer: for
omega_n < omega <= omega_{n+1} exactly n non-vertical shapes (Kolodner 1955), the j-th crossing
the axis j - 1 times, each branching off the vertical rope at omega_j = (j_{0,j} / 2) sqrt(g/L);
below omega_1 only the vertical rope.

All quantities are scaled (r / L, z / L, omega / sqrt(g / L)); the shapes depend on nothing else.
"""

from __future__ import annotations

import numpy as np

from .._figures import FigureSpec
from .kolodner import bifurcation_diagram, hanging_modes

__all__ = ["FIGURES", "make_hanging_modes", "make_bifurcation", "HANGING_OMEGAS",
           "DIAGRAM_OMEGAS"]

_LENGTH = 1.0
_G = 9.81
_UNIT = np.sqrt(_G / _LENGTH)

# omega / sqrt(g/L) for the mode-shape panels: one between each pair of critical speeds
# (j_{0,n}/2 = 1.202, 2.760, 4.327, 5.896, 7.465, 9.036).
HANGING_OMEGAS = (2.0, 3.5, 5.0, 6.5, 8.0, 9.5)
# The bifurcation diagram: 300 speeds from below omega_1 to between omega_6 and omega_7.
DIAGRAM_OMEGAS = np.linspace(0.5, 9.8, 300)


def make_hanging_modes():
    """Every hanging mode at six speeds, one panel per speed, one legend for the modes."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .plot_kolodner import mode_colors, plot_modes

    colors = mode_colors(len(HANGING_OMEGAS))
    fig, axes = plt.subplots(2, 3, figsize=(10.0, 6.6), layout="constrained")
    for ax, w in zip(axes.flat, HANGING_OMEGAS):
        modes = hanging_modes(w * _UNIT, _LENGTH, g=_G)
        plot_modes(modes, ax=ax, colors=colors, legend=False)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlim(-0.45, 1.05)
        ax.set_ylim(-1.03, 0.06)
        ax.set_title(rf"$\omega/\sqrt{{g/L}} = {w:g}$: {len(modes)} mode"
                     f"{'s' if len(modes) != 1 else ''}", fontsize=9)
        ax.grid(alpha=0.2, lw=0.5)
    handles = [Line2D([], [], color=c, lw=1.6, label=f"mode {j} ({j - 1} node"
                      f"{'s' if j != 2 else ''})") for j, c in enumerate(colors, start=1)]
    fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=8,
               frameon=False)
    fig.suptitle("Heavy string turning about a vertical axis (top fixed at the triangle, lower "
                 "end free, dot): all equilibria", fontsize=10)
    return fig


def make_bifurcation():
    """Free-end radius of every branch against omega, critical speeds marked."""
    import matplotlib.pyplot as plt

    from .plot_kolodner import plot_bifurcation

    diagram = bifurcation_diagram(DIAGRAM_OMEGAS * _UNIT, _LENGTH, g=_G)
    fig, (lin, log) = plt.subplots(1, 2, figsize=(11.0, 4.4), layout="constrained")
    plot_bifurcation(diagram, ax=lin)
    plot_bifurcation(diagram, ax=log, mirror=False)
    lin.set_title("linear scale, with mirror images (faint)", fontsize=9)
    log.set_yscale("log")
    log.set_ylim(2e-3, 1.5)
    log.get_legend().remove()
    log.set_title("logarithmic scale: the higher branches", fontsize=9)
    fig.suptitle("Heavy rotating string: free-end radius of every equilibrium branch",
                 fontsize=10)
    return fig


FIGURES = (
    FigureSpec(
        name="rope_hanging_modes",
        make=make_hanging_modes,
        caption=("All equilibrium shapes of a heavy string hanging from a point on a vertical "
                 "axis and turning about it, at six speeds between consecutive critical "
                 "speeds: exactly n shapes for omega_n < omega <= omega_{n+1}, the j-th crossing "
                 "the axis j - 1 times (Kolodner 1955). The post poses this problem (a rope fixed "
                 "to a spinning rod) but has no such figure: its ODE cannot have a free end."),
    ),
    FigureSpec(
        name="rope_bifurcation",
        make=make_bifurcation,
        caption=("Free-end radius of every equilibrium branch against omega / sqrt(g/L) "
                 "(300 speeds), linear and logarithmic: each branch leaves the vertical rope "
                 "in a pitchfork at omega_n = (j_{0,n}/2) sqrt(g/L) (dotted); faint lines "
                 "are the mirror images. No counterpart in the post."),
    ),
)
