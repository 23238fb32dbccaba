"""Plots for Kolodner's heavy rotating string: mode shapes and the bifurcation diagram.

These functions take results (:class:`~mathlab.rope.curve.RopeCurve` lists from
:func:`~mathlab.rope.kolodner.hanging_modes`, a
:class:`~mathlab.rope.kolodner.BifurcationDiagram`) and draw them; they compute nothing.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_modes", "plot_bifurcation", "mode_colors"]


def mode_colors(count):
    """``count`` distinguishable colours, one per mode (mode j gets colour j - 1)."""
    import matplotlib as mpl

    cmap = mpl.colormaps["viridis"]
    return [cmap(x) for x in np.linspace(0.0, 0.85, max(count, 6))][:count]


def plot_modes(modes, ax=None, *, colors=None, scaled=True, legend=True):
    """Draw every mode of one omega on one Axes, z against r, the axis dashed.

    Parameters
    ----------
    modes : list of RopeCurve
        Output of ``hanging_modes`` (all at the same omega, length and g).
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made if None.
    colors : list, optional
        Colour for each mode index (mode j uses ``colors[j - 1]``).
    scaled : bool
        Plot r / L and z / L (True) or metres (False).
    legend : bool
        Label the modes by their node count.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 4.2))
    if colors is None:
        colors = mode_colors(max((m.info["mode"] for m in modes), default=1))
    for m in modes:
        unit = m.length if scaled else 1.0
        j = m.info["mode"]
        ax.plot(m.r / unit, m.z / unit, color=colors[j - 1], lw=1.6,
                label=f"{m.nodes} node{'s' if m.nodes != 1 else ''}")
        ax.plot(m.r[-1] / unit, m.z[-1] / unit, "o", ms=3.5, color=colors[j - 1])
    ax.axvline(0.0, color="0.55", lw=0.8, ls="--", zorder=0)
    ax.plot([0.0], [0.0], marker="v", color="k", ms=6, zorder=3)
    ax.set_aspect("equal", adjustable="datalim")
    unit_text = "/ L" if scaled else "(m)"
    ax.set_xlabel(f"r {unit_text}")
    ax.set_ylabel(f"z {unit_text}")
    if legend and modes:
        ax.legend(fontsize=7, loc="lower left", frameon=False)
    return ax


def plot_bifurcation(diagram, ax=None, *, colors=None, mirror=True):
    """Free-end radius r_free / L against omega / sqrt(g / L), critical speeds marked.

    Each branch j starts from the vertical rope (r = 0) at its critical speed
    omega_j = (j_{0,j} / 2) sqrt(g / L); that exact starting point is added to the
    computed samples. With ``mirror`` the mirror-image branches (r_free < 0) are drawn faintly,
    so the pitchforks are visible.

    Parameters
    ----------
    diagram : BifurcationDiagram
    ax : matplotlib Axes, optional
    colors : list, optional
        Colour per mode.
    mirror : bool
        Also draw -r_free.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.2))
    x = diagram.scaled_omega
    y = diagram.scaled_radius
    crit = diagram.scaled_critical_speeds
    k = y.shape[1]
    if colors is None:
        colors = mode_colors(k)
    ax.axhline(0.0, color="0.35", lw=1.0, zorder=1, label="vertical rope")
    for j in range(k):
        have = diagram.exists[:, j]
        xs = np.concatenate(([crit[j]], x[have]))
        ys = np.concatenate(([0.0], y[have, j]))
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
        label = f"mode {j + 1} ({j} node{'s' if j != 1 else ''})"
        ax.plot(xs, ys, color=colors[j], lw=1.8, label=label, zorder=3)
        if mirror:
            ax.plot(xs, -ys, color=colors[j], lw=0.9, alpha=0.45, zorder=2)
    xmax = float(np.max(x))
    for n, c in enumerate(crit, start=1):
        if c > xmax:
            break
        ax.axvline(c, color="0.6", lw=0.7, ls=":", zorder=0)
        ax.annotate(rf"$\omega_{n}$", (c, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(2, -12), textcoords="offset points", fontsize=8, color="0.3")
    xmin = float(np.min(x))
    if xmin == xmax:   # a single speed: centre it
        xmin, xmax = xmin - max(0.05 * xmin, 0.5), xmax + max(0.05 * xmax, 0.5)
    ax.set_xlim(xmin, xmax)
    top = float(np.max(np.abs(y[diagram.exists]))) if diagram.exists.any() else 1.0
    top = max(top, 1e-3)
    ax.set_ylim(-1.08 * top if mirror else 0.0, 1.15 * top)
    ax.set_xlabel(r"$\omega / \sqrt{g/L}$")
    ax.set_ylabel(r"free-end radius $r_\mathrm{free} / L$")
    ax.legend(fontsize=7, loc="lower left", frameon=False, ncol=2)
    ax.grid(alpha=0.25, lw=0.5)
    return ax
