"""Figures: the rope in motion -- the real skipping rope, air drag, and which modes are seen.

Source post: Su Jianlin, "你跳绳的时候,想过绳子的形状曲线是怎样的吗?" (kexue.fm, 2019-07-06). The
post answers its question "what shape does a skipping rope take?" with one static curve.
These figures have no counterpart in the post; they show what the motion adds:

- ``rope_periodic_skipping``: a real skipping rope (horizontal axis) never holds one shape. Its
  steady periodic motion (periodic_skipping_rope) at eight phases against the quasi-static
  snapshot of skipping_rope and the troposkien, with the largest radius, the lag and the tension
  at the hands over a turn, and the snapshot's error in the effect of gravity.
- ``rope_snapshot_error``: that error against g / (omega^2 R) for three L/D.
- ``rope_drag_lag``: air drag bends a fast rope out of its plane (the post's mosquito-fan
  remark): the steady 3-D shape of spinning_rope(..., drag=c), up to where no steady shape
  exists.
- ``rope_mode_stability``: which of Kolodner's shapes anyone would see: only mode 1 is a minimum
  of the effective potential; the others have downhill directions in and out of their plane and
  grow as soon as there is damping.
"""

from __future__ import annotations

import math

import numpy as np

from .._figures import FigureSpec

__all__ = ["FIGURES", "make_periodic_skipping", "make_snapshot_error", "make_drag_lag",
           "make_mode_stability", "snapshot_sweep", "PERIODIC", "DRAGS", "SWEEP_OMEGAS"]

# The real skipping rope of the figures: L = 3 m, D = 2 m, two turns per second.
PERIODIC = {"length": 3.0, "span": 2.0, "omega": 4 * math.pi}
# Angular speeds (in units of pi rad/s) of the snapshot-error sweeps.
SWEEP_OMEGAS = (32.0, 16.0, 8.0, 6.0, 5.0, 4.0, 3.5, 3.0)
SWEEP_RATIOS = (1.2, 1.5, 2.0)
# Drag coefficients c (N s^2 / m^3) of the drag figure; the steady branch ends near 0.0315.
DRAGS = (0.0, 0.005, 0.01, 0.02, 0.03)
DRAG_ROPE = {"length": 3.0, "span": 2.0, "omega": 4 * math.pi, "g": 9.81, "density": 0.2,
             "end_radius": 0.1}


def snapshot_sweep(ratio, omegas=SWEEP_OMEGAS, links=32, harmonics=15):
    """(g/(omega^2 R), snapshot_error / R, snapshot_error / deflection) over a sweep of omega
    for a rope with L/D = ``ratio`` (D = 2 m), as far as the periodic motion is found."""
    from ._balance import BalanceError
    from .periodic import periodic_skipping_rope

    q, err, rel = [], [], []
    for w in omegas:
        try:
            p = periodic_skipping_rope(2.0 * ratio, 2.0, w * math.pi, links=links,
                                       harmonics=harmonics)
        except BalanceError:
            break
        q.append(p.gravity_ratio)
        err.append(p.snapshot_error / p.max_radius)
        rel.append(p.snapshot_error / p.snapshot_deflection)
    return np.array(q), np.array(err), np.array(rel)


def make_periodic_skipping():
    """The periodic skipping rope at eight phases, against the snapshot and the troposkien."""
    from .periodic import periodic_skipping_rope
    from .plot_periodic import figure_periodic_phases

    p = periodic_skipping_rope(**PERIODIC, links=64, harmonics=15)
    q, _, rel = snapshot_sweep(PERIODIC["length"] / PERIODIC["span"])
    return figure_periodic_phases(p, sweep=(q, rel))


def make_snapshot_error():
    """The snapshot's error against g / (omega^2 R) for L/D = 1.2, 1.5, 2."""
    from .plot_periodic import figure_snapshot_error

    return figure_snapshot_error({r: snapshot_sweep(r) for r in SWEEP_RATIOS})


def make_drag_lag():
    """Steady 3-D shapes of a rope spinning in still air, for several drag coefficients."""
    from .plot_periodic import figure_drag_lag
    from .drag import steady_drag_shape
    from .shooting import spinning_rope

    planar = spinning_rope(**DRAG_ROPE, n=801)
    curves = [planar] + [steady_drag_shape(planar, c, n=801) for c in DRAGS[1:]]
    return figure_drag_lag(curves, DRAGS)


def make_mode_stability():
    """Kolodner's four modes between omega_4 and omega_5, and the troposkien and a blade."""
    from .closed_form import troposkien
    from .kolodner import critical_speeds, hanging_modes
    from .plot_periodic import figure_mode_stability
    from .shooting import spinning_rope
    from .stability import mode_stability

    w = critical_speeds(5, 1.0)
    modes = hanging_modes(0.5 * (w[3] + w[4]), 1.0, samples=801)
    stabilities = [mode_stability(m, links=60) for m in modes]
    tro = troposkien(3.0, 2.0, 2.0).curve(801)
    blade = spinning_rope(3.0, 2.0, 2.0, g=3.0, n=801)
    extra = [("troposkien", tro, mode_stability(tro, links=60)),
             ("Darrieus blade", blade, mode_stability(blade, links=60))]
    return figure_mode_stability(modes, stabilities, extra)


FIGURES = (
    FigureSpec("rope_periodic_skipping", make_periodic_skipping, ("png",),
               "A real skipping rope (horizontal axis, L = 3 m, D = 2 m, 2 turns/s) in its "
               "steady periodic motion, each phase drawn in the rope's own plane, against the "
               "quasi-static snapshot at the lowest point, as displacements from the "
               "troposkien: fastest at the bottom, the rope runs ahead of the hands on the way "
               "up and behind them on the way down, and bulges most at the top; the snapshot "
               "misses gravity's effect by a finite fraction at every speed. No counterpart in "
               "the post, which has only the snapshot."),
    FigureSpec("rope_snapshot_error", make_snapshot_error, ("png",),
               "How far the quasi-static snapshot is from the moving rope at phase 0 against "
               "g/(omega^2 R): the distance falls like the ratio, but relative to gravity's "
               "effect on the shape the error tends to a nonzero constant, because every "
               "frequency of the rope scales with omega."),
    FigureSpec("rope_drag_lag", make_drag_lag, ("png",),
               "Air drag bends a rope spinning about a vertical axis out of its plane: the "
               "steady 3-D shape for several drag coefficients, its lag behind the plane of "
               "the ends, up to about 90 degrees where the steady branch ends (the ends, off "
               "the axis by 0.1 m, cannot supply more torque)."),
    FigureSpec("rope_mode_stability", make_mode_stability, ("png",),
               "Which of Kolodner's shapes can be seen: mode n has n - 1 downhill directions "
               "of the effective potential in its plane and n - 1 out of it; only mode 1 is a "
               "minimum. Some saddles are held by gyroscopic forces alone, but with the "
               "smallest damping every higher mode grows. The troposkien and the Darrieus "
               "blade are minima."),
)
