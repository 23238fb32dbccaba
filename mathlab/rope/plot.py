"""Plots of rope shapes: the post's own curves, the troposkien family, Darrieus under gravity.

Functions here take computed results (:class:`~mathlab.rope.RopeCurve`,
:class:`~mathlab.rope.Troposkien`) and return matplotlib objects; they compute no physics.
matplotlib is imported inside the functions so that importing mathlab.rope stays light.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plot_shapes", "plot_tension", "figure_article", "figure_troposkien_family",
           "figure_darrieus_gravity"]


def _colors(count, cmap="viridis"):
    import matplotlib as mpl

    return [mpl.colormaps[cmap](x) for x in np.linspace(0.0, 0.85, max(count, 2))][:count]


def plot_shapes(curves, ax=None, *, labels=None, colors=None, scale=None, mirror=False):
    """Draw several rope shapes (z against r) on one Axes, the rotation axis dashed.

    Parameters
    ----------
    curves : sequence of RopeCurve
    ax : matplotlib Axes, optional
        A new figure is made if None.
    labels : sequence of str, optional
        Legend entries, one per curve.
    colors : sequence, optional
        One colour per curve (viridis by default).
    scale : float, optional
        Divide coordinates by this length (e.g. the span); metres if None.
    mirror : bool
        Also draw the half-turn image (-r, z) faintly, as the spinning rope sweeps it.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 5.0))
    colors = _colors(len(curves)) if colors is None else colors
    unit = 1.0 if scale is None else float(scale)
    for i, c in enumerate(curves):
        label = None if labels is None else labels[i]
        ax.plot(c.r / unit, c.z / unit, color=colors[i], lw=1.6, label=label)
        if mirror:
            ax.plot(-c.r / unit, c.z / unit, color=colors[i], lw=0.8, alpha=0.35)
    ax.axvline(0.0, color="0.55", lw=0.8, ls="--", zorder=0)
    ax.set_aspect("equal", adjustable="datalim")
    suffix = "(m)" if scale is None else "/ D"
    ax.set_xlabel(f"r {suffix}: distance from the axis")
    ax.set_ylabel(f"z {suffix}: along the axis")
    if labels is not None:
        ax.legend(fontsize=7, frameon=False)
    return ax


def plot_tension(curves, ax=None, *, labels=None, colors=None, scale=1.0):
    """Draw T(s) / ``scale`` against s / L for several curves; return the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3.0))
    colors = _colors(len(curves)) if colors is None else colors
    for i, c in enumerate(curves):
        label = None if labels is None else labels[i]
        ax.plot(c.s / c.length, c.tension / scale, color=colors[i], lw=1.4, label=label)
    ax.axhline(0.0, color="0.3", lw=0.8)
    ax.set_xlabel("s / L (arc length from the upper end)")
    return ax


def figure_article(curve):
    """One of the post's figures redrawn from its own ODE, with its implied tension.

    Parameters
    ----------
    curve : RopeCurve
        Output of :func:`~mathlab.rope.article_curve`.

    Returns
    -------
    matplotlib Figure
        Left: y against x as in the post. Right: the tension the post's equations imply,
        -phi = g y - omega^2 x^2 / 2, which is negative (a rope cannot push).
    """
    import matplotlib.pyplot as plt

    fig, (ax, axt) = plt.subplots(1, 2, figsize=(8.6, 3.9), layout="constrained",
                                  gridspec_kw={"width_ratios": [1.0, 1.15]})
    C1 = curve.info["C1"]
    ax.plot(curve.r, curve.z, color="C3", lw=1.8, label=f"post's ODE, $C_1 = {C1:g}$")
    ax.plot(curve.r[0], curve.z[0], "o", color="k", ms=4)
    if C1 > 0:
        s_star = curve.info["s_of_max_radius"]
        ax.axvline(curve.max_radius, color="C3", lw=0.6, ls=":")
        ax.annotate(f"largest x = {curve.max_radius:.4f}\nat s = {s_star:.4f}",
                    (curve.max_radius, float(np.interp(s_star, curve.s, curve.z))),
                    xytext=(-95, -10), textcoords="offset points", fontsize=7,
                    arrowprops={"arrowstyle": "->", "lw": 0.6})
    ax.set_xlabel("x (radius)")
    ax.set_ylabel("y (height)")
    ax.set_title(f"the post's figure, $C_1 = {C1:g}$ ($\\omega = {curve.omega:g}$, "
                 f"$g = {curve.g:g}$)", fontsize=9)
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    ax.grid(alpha=0.2, lw=0.5)
    axt.plot(curve.s, curve.tension, color="C3", lw=1.6,
             label=r"implied tension $-\phi = g y - \omega^2 x^2 / 2$")
    axt.axhline(0.0, color="0.3", lw=0.8)
    axt.set_xlabel("s (arc length)")
    axt.set_ylabel("tension per unit density")
    axt.set_ylim(min(curve.tension.min() * 1.15, -0.5), 0.5)
    axt.legend(fontsize=7, frameon=False, loc="upper right")
    axt.text(0.02, 0.62,
             "What differs from the physics:\n"
             "1. no multiplier for the fixed length: tension < 0 everywhere\n"
             "3. the code puts $(C_1 - g s)/\\phi$ (that is dy/ds) into dx/ds,\n"
             "    so this curve does not solve the post's own equations",
             transform=axt.transAxes, fontsize=7, va="bottom",
             bbox={"boxstyle": "round", "fc": "white", "ec": "0.7", "lw": 0.5})
    axt.grid(alpha=0.2, lw=0.5)
    return fig


def figure_troposkien_family(tropos, curves):
    """The troposkien for several length/span ratios, and R/D and the end angle against L/D.

    Parameters
    ----------
    tropos : sequence of Troposkien
        Closed-form results (any omega; the shape depends on L/D only).
    curves : tuple (ratios, radius_over_span, end_angle)
        Arrays for the right panel: L/D, R/D and the end angle (radians) on a fine grid.

    Returns
    -------
    matplotlib Figure
    """
    import matplotlib.pyplot as plt

    fig, (ax, axr) = plt.subplots(1, 2, figsize=(9.0, 4.6), layout="constrained",
                                  gridspec_kw={"width_ratios": [1.25, 1.0]})
    colors = _colors(len(tropos))
    shapes = [t.curve(801) for t in tropos]
    labels = [f"L/D = {t.length / t.span:g}, k = {t.k:.3f}" for t in tropos]
    plot_shapes(shapes, ax=ax, labels=labels, colors=colors, scale=tropos[0].span, mirror=True)
    ax.set_title("Troposkien: skipping rope without gravity (shape depends on L/D only)",
                 fontsize=9)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    ratios, radius, angle = curves
    axr.plot(ratios, radius, color="C0", lw=1.6, label="R / D (max. distance from the axis)")
    axr.set_xscale("log")
    axr.set_xlabel("L / D")
    axr.set_ylabel("R / D", color="C0")
    axa = axr.twinx()
    axa.plot(ratios, np.degrees(angle), color="C1", lw=1.6)
    axa.set_ylabel("angle between rope and axis at the ends (deg)", color="C1")
    axa.set_ylim(0, 90)
    for t, c in zip(tropos, colors):
        axr.plot(t.length / t.span, t.radius / t.span, "o", color=c, ms=5, zorder=3)
    axr.set_title(r"$L/(2H) = 2E/((1-k^2)K) - 1$,  $R/H = 2k/((1-k^2)K)$", fontsize=9)
    axr.grid(alpha=0.2, lw=0.5, which="both")
    return fig


def figure_darrieus_gravity(curves, gravity_ratios, sweeps=None):
    """Darrieus blade (case B) as gravity grows: shapes, tension, and the blade's width.

    Parameters
    ----------
    curves : sequence of RopeCurve
        Outputs of :func:`~mathlab.rope.spinning_rope` for one (L, D, omega), increasing g.
    gravity_ratios : sequence of float
        g / (omega^2 L) for each curve (legend).
    sweeps : dict, optional
        ``{L/D: (g/(omega^2 L) array, max_radius/D array)}`` for a third panel.

    Returns
    -------
    matplotlib Figure
    """
    import matplotlib.pyplot as plt

    panels = 2 if sweeps is None else 3
    ratios = [1.0, 1.1, 1.0][:panels]
    fig, axes = plt.subplots(1, panels, figsize=(4.4 * panels, 4.8), layout="constrained",
                             gridspec_kw={"width_ratios": ratios})
    ax, axt = axes[0], axes[1]
    colors = _colors(len(curves), "plasma")
    labels = [rf"$g/\omega^2 L = {q:g}$" for q in gravity_ratios]
    span = curves[0].span
    plot_shapes(curves, ax=ax, labels=labels, colors=colors, scale=span, mirror=True)
    ax.plot([0, 0], [0, -1], "kv", ms=5, zorder=4)
    ax.set_title(f"Darrieus blade under gravity, L/D = {curves[0].length / span:g}", fontsize=9)
    ax.legend(fontsize=7, frameon=False, loc="lower left")
    c0 = curves[0]
    unit = c0.density * c0.omega ** 2 * c0.length ** 2
    plot_tension(curves, ax=axt, labels=labels, colors=colors, scale=unit)
    axt.set_ylabel(r"T / ($\rho \omega^2 L^2$)")
    axt.set_ylim(bottom=0.0)
    axt.set_title("tension: $T_{top} - T_{bottom} = \\rho g D$;\nnear zero at the lowest "
                  "point as the blade collapses", fontsize=9)
    axt.grid(alpha=0.2, lw=0.5)
    if sweeps is not None:
        axs = axes[2]
        for (ld, (q, width)), color in zip(sorted(sweeps.items()),
                                           _colors(len(sweeps), "cividis")):
            axs.plot(q, width, color=color, lw=1.6, label=f"L/D = {ld:g}")
            axs.plot(q[-1], width[-1], "o", color=color, ms=3.5)
        axs.set_xlabel(r"$g / \omega^2 L$")
        axs.set_ylabel("largest distance from the axis / D")
        axs.set_ylim(bottom=0.0)
        axs.set_title("width of the blade; dots: first point of the sweep\n"
                      "where the blade is narrower than 1e-3 D", fontsize=9)
        axs.legend(fontsize=7, frameon=False)
        axs.grid(alpha=0.2, lw=0.5)
    return fig
