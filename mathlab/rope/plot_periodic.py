"""Plots of the skipping rope in motion, the lag with drag, and the stability of the modes.

These functions take results (PeriodicRope, RopeCurve, ModeStability) and draw them; they
compute no physics.
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import integer

__all__ = ["plot_phases", "plot_eigenvalues", "figure_periodic_phases", "figure_snapshot_error",
           "figure_drag_lag", "figure_mode_stability"]


def _side_view(curve):
    """(along the hands' line, height) of a turning-frame curve seen by the jumper at its
    phase: distance from the axis projected on the rope's plane, pointing away from it."""
    return -curve.z, -curve.r


def plot_phases(periodic, ax=None, *, count=8):
    """The rope at ``count`` phases, r (signed, in its plane) against z; return the Axes."""
    import matplotlib.pyplot as plt

    count = integer("count", count, minimum=1, maximum=360)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 4.0))
    colors = plt.get_cmap("twilight")(np.linspace(0.0, 1.0, count, endpoint=False))
    for k, c in enumerate(colors):
        phase = 2 * math.pi * k / count
        curve = periodic.shape_at(phase)
        ax.plot(-curve.z, curve.r, color=c, lw=1.3, label=f"{math.degrees(phase):.0f} deg")
    ax.axhline(0.0, color="0.6", lw=0.8, ls="--", zorder=0)
    ax.set_xlabel("along the axis (m)")
    ax.set_ylabel("distance from the axis, in the rope's plane (m)")
    ax.legend(fontsize=6, frameon=False, ncol=2)
    return ax


def plot_eigenvalues(stability, ax=None, *, zoom=None):
    """Eigenvalues in the complex plane, undamped (x) and damped (o); return the Axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.0, 3.6))
    und, dam = stability.eigenvalues, stability.damped_eigenvalues
    ax.plot(und.real, und.imag, "x", color="C0", ms=4, label="no damping")
    ax.plot(dam.real, dam.imag, "o", mfc="none", color="C3", ms=4, label="small damping")
    ax.axvline(0.0, color="0.5", lw=0.8)
    if zoom is not None:
        ax.set_ylim(-zoom, zoom)
        lim = max(1e-3, 1.3 * float(np.max(np.abs(dam.real[np.abs(dam.imag) <= zoom]),
                                            initial=0.0)))
        ax.set_xlim(-lim, lim)
    ax.set_xlabel("growth rate Re(lambda) (1/s)")
    ax.set_ylabel("frequency Im(lambda) (1/s)")
    return ax


def figure_periodic_phases(periodic, sweep=None):
    """The periodic skipping rope at eight phases against the snapshot; a turn's numbers.

    The eight panels show, along the rope and in mm, the displacement from the gravity-free
    troposkien on the same chain in the rope's plane (away from the axis), for the moving
    rope and for the quasi-static snapshot of the lowest point, and the moving rope's bending
    out of its plane (behind the plane through the axis and its middle); their titles give
    how far that plane is ahead of or behind the hands.

    Parameters
    ----------
    periodic : PeriodicRope
    sweep : tuple, optional
        (gravity ratios, relative snapshot errors) for a last panel.
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(11.0, 7.4), layout="constrained")
    grid = fig.add_gridspec(3, 4, height_ratios=[1.0, 1.0, 0.95])
    s = np.linspace(0.0, periodic.length, periodic.links + 1)
    tro = periodic.troposkien
    r0 = np.hypot(tro[:, 0], tro[:, 1])
    snap = periodic.snapshot
    snap_dr = 1e3 * (np.hypot(snap[:, 0], snap[:, 1]) - r0)
    lim = 0.0
    panels = []
    for k in range(8):
        phase = 2 * math.pi * k / 8
        c = periodic.shape_at(phase)
        dr = 1e3 * (np.abs(c.r) - r0)
        turn = c.phi[len(c.phi) // 2]
        side = 1e3 * np.abs(c.r) * np.sin(c.phi - turn)
        lim = max(lim, float(np.max(np.abs(dr))), float(np.max(np.abs(side))),
                  float(np.max(np.abs(snap_dr))))
        panels.append((phase, c, dr, side))
    for k, (phase, c, dr, side) in enumerate(panels):
        ax = fig.add_subplot(grid[k // 4, k % 4])
        ax.plot(s, snap_dr, color="C1", lw=1.1, ls="--", label="snapshot, in the plane")
        ax.plot(s, dr, color="C0", lw=1.6, label="moving rope, in the plane")
        ax.plot(s, side, color="C2", lw=1.3, label="moving rope, bent out of its plane")
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.set_ylim(-1.1 * lim, 1.1 * lim)
        lag = float(np.degrees(c.phi[len(c.phi) // 2]))
        where = "behind" if lag > 1e-9 else "ahead" if lag < -1e-9 else "level"
        ax.set_title(f"phase {math.degrees(phase):.0f} deg: plane {where}"
                     + (f" {abs(lag):.1f} deg" if abs(lag) > 1e-9 else ""), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.2, lw=0.5)
        if k == 0:
            ax.legend(fontsize=6, frameon=False, loc="lower center")
        if k % 4 == 0:
            ax.set_ylabel("from the troposkien (mm)", fontsize=7)
        if k >= 4:
            ax.set_xlabel("arc length s (m)", fontsize=7)
    fine = np.linspace(0.0, 2 * math.pi, 181)
    shapes = [periodic.shape_at(p) for p in fine]
    deg = np.degrees(fine)
    ax = fig.add_subplot(grid[2, 0])
    ax.plot(deg, [np.max(np.abs(c.r)) for c in shapes], color="C0", lw=1.4,
            label="moving rope")
    ax.axhline(float(np.max(np.hypot(snap[:, 0], snap[:, 1]))), color="C1", ls="--", lw=1.0,
               label="snapshot")
    ax.axhline(float(np.max(r0)), color="0.6", lw=1.0, label="troposkien")
    ax.set_title(f"largest radius {periodic.max_radius:.4f} m at "
                 f"{math.degrees(periodic.max_radius_phase):.0f} deg", fontsize=8)
    ax.set_xlabel("phase (deg; 0 = lowest, 180 = top)", fontsize=7)
    ax.set_ylabel("largest radius (m)", fontsize=7)
    ax.legend(fontsize=6, frameon=False)
    ax = fig.add_subplot(grid[2, 1])
    ax.plot(deg, [np.degrees(c.phi[len(c.phi) // 2]) for c in shapes], color="C0", lw=1.4)
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_title("lag of the middle behind the hands", fontsize=8)
    ax.set_xlabel("phase (deg)", fontsize=7)
    ax.set_ylabel("lag (deg)", fontsize=7)
    ax = fig.add_subplot(grid[2, 2])
    ax.plot(deg, [c.tension[0] for c in shapes], color="C0", lw=1.4)
    ax.set_title("tension at the hands", fontsize=8)
    ax.set_xlabel("phase (deg)", fontsize=7)
    ax.set_ylabel("T (N per kg/m of rope)" if periodic.density == 1 else "T (N)", fontsize=7)
    if sweep is not None:
        ax = fig.add_subplot(grid[2, 3])
        ratios, rel = sweep
        ax.semilogx(ratios, 100 * np.asarray(rel), "o-", color="C3", ms=3, lw=1.2)
        ax.axvline(periodic.gravity_ratio, color="0.6", lw=0.6, ls=":")
        ax.set_ylim(bottom=0.0)
        ax.set_title("snapshot's error in gravity's effect", fontsize=8)
        ax.set_xlabel(r"$g/\omega^2 R$", fontsize=7)
        ax.set_ylabel("error / gravity's effect (%)", fontsize=7)
    for a in fig.axes[8:]:
        a.tick_params(labelsize=7)
        a.grid(alpha=0.2, lw=0.5)
    fig.suptitle(f"A real skipping rope in motion (L = {periodic.length:g} m, D = "
                 f"{periodic.span:g} m, omega = {periodic.omega:.3g} rad/s, g/(omega^2 R) = "
                 f"{periodic.gravity_ratio:.3f}): displacements from the troposkien at eight "
                 "phases", fontsize=10)
    return fig


def figure_snapshot_error(sweeps):
    """How far the snapshot is from the motion, against g / (omega^2 R), per L/D.

    ``sweeps`` maps L/D to (gravity ratios, snapshot_error / R, snapshot_error / deflection).
    """
    import matplotlib.pyplot as plt

    fig, (ax, axr) = plt.subplots(1, 2, figsize=(9.0, 3.8), layout="constrained")
    colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.8, len(sweeps)))
    for (ratio, (q, err, rel)), c in zip(sorted(sweeps.items()), colors):
        ax.loglog(q, err, "o-", color=c, ms=3, lw=1.2, label=f"L/D = {ratio:g}")
        axr.semilogx(q, 100 * np.asarray(rel), "o-", color=c, ms=3, lw=1.2,
                     label=f"L/D = {ratio:g}")
    q_all = np.concatenate([v[0] for v in sweeps.values()])
    ref = np.geomspace(q_all.min(), q_all.max(), 2)
    ax.loglog(ref, 0.05 * ref, color="0.6", lw=0.8, ls=":", label="slope 1")
    ax.set_xlabel(r"$g/\omega^2 R$")
    ax.set_ylabel("largest distance snapshot - motion, / R")
    ax.set_title("the snapshot tends to the motion like g/(omega^2 R)", fontsize=9)
    axr.set_xlabel(r"$g/\omega^2 R$")
    axr.set_ylabel("error / gravity's effect on the shape (%)")
    axr.set_ylim(bottom=0.0)
    axr.set_title("but misses gravity's effect by a finite fraction", fontsize=9)
    for a in (ax, axr):
        a.grid(alpha=0.25, lw=0.5, which="both")
        a.legend(fontsize=7, frameon=False)
    return fig


def figure_drag_lag(curves, drags):
    """Steady ropes with drag: top view in the turning frame, lag along the rope, torque."""
    import matplotlib.pyplot as plt

    fig, (top, lag, side) = plt.subplots(1, 3, figsize=(11.0, 3.9), layout="constrained")
    colors = plt.get_cmap("plasma")(np.linspace(0.0, 0.85, len(curves)))
    for c, d, col in zip(curves, drags, colors):
        x, y = c.r * np.cos(c.phi), -c.r * np.sin(c.phi)
        label = f"c = {d:g} N s$^2$/m$^3$"
        top.plot(x, y, color=col, lw=1.4, label=label)
        lag.plot(c.s / c.length, np.degrees(c.phi), color=col, lw=1.4, label=label)
        side.plot(np.hypot(x, y), c.z, color=col, lw=1.4, label=label)
    e = curves[0].end_radius
    top.plot([e], [0.0], "ko", ms=4)
    top.annotate("ends", (e, 0.0), xytext=(8, -12), textcoords="offset points", fontsize=7)
    top.plot([0.0], [0.0], "k+", ms=8)
    top.set_aspect("equal", adjustable="datalim")
    top.set_xlabel("x (m): towards the plane of the ends")
    top.set_ylabel("y (m): direction of motion")
    top.set_title("seen along the axis (turning frame)", fontsize=9)
    lag.set_xlabel("s / L")
    lag.set_ylabel("lag behind the plane of the ends (deg)")
    lag.set_title("the out-of-plane lag", fontsize=9)
    side.set_xlabel("distance from the axis (m)")
    side.set_ylabel("z (m)")
    side.set_title("distance from the axis against height", fontsize=9)
    for a in (top, lag, side):
        a.grid(alpha=0.25, lw=0.5)
    lag.legend(fontsize=7, frameon=False)
    c0 = curves[-1]
    fig.suptitle(f"A rope spinning in still air about a vertical axis (L = {c0.length:g} m, "
                 f"D = {c0.span:g} m, ends {c0.end_radius:g} m off the axis, omega = "
                 f"{c0.omega:.3g} rad/s, rho = {c0.density:g} kg/m)", fontsize=10)
    return fig


def figure_mode_stability(modes, stabilities, extra=()):
    """Eigenvalues of every Kolodner mode at one speed, with and without damping."""
    import matplotlib.pyplot as plt

    from .plot_kolodner import mode_colors

    count = len(modes) + len(extra)
    fig, axes = plt.subplots(2, count, figsize=(2.7 * count, 5.8), layout="constrained",
                             gridspec_kw={"height_ratios": [1.0, 1.1]})
    colors = mode_colors(max(len(modes), 1))
    zoom = 3.0 * modes[0].omega if modes else None
    for i, (m, st) in enumerate(zip(modes, stabilities)):
        shape, eig = axes[0, i], axes[1, i]
        shape.plot(m.r / m.length, m.z / m.length, color=colors[i], lw=1.6)
        shape.axvline(0.0, color="0.6", lw=0.8, ls="--")
        shape.set_aspect("equal", adjustable="datalim")
        held = "" if st.stable or not st.stable_undamped else " (gyroscopically held without)"
        shape.set_title(f"mode {m.info['mode']}: downhill {st.downhill_in_plane} in plane + "
                        f"{st.downhill_out_of_plane} out\n"
                        f"{'stable' if st.stable else 'grows with damping'}{held}", fontsize=7)
        shape.tick_params(labelsize=6)
        plot_eigenvalues(st, ax=eig, zoom=zoom)
        eig.tick_params(labelsize=6)
        eig.xaxis.label.set_size(7)
        eig.yaxis.label.set_size(7)
        if i == 0:
            eig.legend(fontsize=6, frameon=False, loc="upper left")
    for j, (title, curve, st) in enumerate(extra):
        k = len(modes) + j
        shape, eig = axes[0, k], axes[1, k]
        shape.plot(curve.r, curve.z, color="C2", lw=1.6)
        shape.axvline(0.0, color="0.6", lw=0.8, ls="--")
        shape.set_aspect("equal", adjustable="datalim")
        shape.set_title(f"{title}: downhill {st.downhill}\n"
                        f"{'stable' if st.stable else 'unstable'}", fontsize=7)
        shape.tick_params(labelsize=6)
        plot_eigenvalues(st, ax=eig, zoom=3.0 * curve.omega)
        eig.tick_params(labelsize=6)
        eig.xaxis.label.set_size(7)
        eig.yaxis.label.set_size(7)
    if modes:
        w = modes[0].omega / math.sqrt(modes[0].g / modes[0].length)
        fig.suptitle(f"Stability in the turning frame: Kolodner's modes at omega = {w:.3g} "
                     "sqrt(g/L), and the troposkien and a Darrieus blade (eigenvalues near the "
                     "origin; damping: linear drag relative to the turning frame)", fontsize=9)
    return fig
