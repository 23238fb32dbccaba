"""Figures and plots of the rope in motion: registry, and each plot on small inputs."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from mathlab.rope import critical_speeds, hanging_modes, spinning_rope, troposkien
from mathlab.rope.drag import steady_drag_shape
from mathlab.rope.figures import FIGURES as ROPE_FIGURES
from mathlab.rope.figures_motion import DRAGS, FIGURES, SWEEP_OMEGAS, snapshot_sweep
from mathlab.rope.motion import simulate_rope
from mathlab.rope.periodic import periodic_skipping_rope
from mathlab.rope.plot_periodic import (figure_drag_lag, figure_mode_stability,
                                        figure_periodic_phases, figure_snapshot_error,
                                        plot_phases)
from mathlab.rope.stability import mode_stability


def test_registry_names_and_captions():
    names = [spec.name for spec in FIGURES]
    assert names == ["rope_periodic_skipping", "rope_snapshot_error", "rope_drag_lag",
                     "rope_mode_stability"]
    assert all(spec in ROPE_FIGURES for spec in FIGURES)
    for spec in FIGURES:
        assert len(spec.caption) > 80 and spec.formats == ("png",)
    assert DRAGS[0] == 0.0 and max(DRAGS) < 0.0315        # below the end of the steady branch
    assert list(SWEEP_OMEGAS) == sorted(SWEEP_OMEGAS, reverse=True)


def test_periodic_figures_on_a_small_rope():
    p = periodic_skipping_rope(3.0, 2.0, 4 * math.pi, links=12, harmonics=5)
    q, err, rel = snapshot_sweep(1.5, omegas=(16.0, 8.0), links=12, harmonics=5)
    assert q.size == 2 and np.all(err > 0) and np.all(rel > 0)
    fig = figure_periodic_phases(p, sweep=(q, rel))
    assert isinstance(fig, Figure) and len(fig.axes) == 12
    fig = figure_snapshot_error({1.5: (q, err, rel)})
    assert len(fig.axes) == 2
    ax = plot_phases(p, count=4)
    assert len(ax.get_legend().get_texts()) == 4


def test_drag_and_stability_figures():
    planar = spinning_rope(3.0, 2.0, 4 * math.pi, g=9.81, density=0.2, end_radius=0.1, n=101)
    curves = [planar, steady_drag_shape(planar, 0.01, n=101)]
    fig = figure_drag_lag(curves, (0.0, 0.01))
    assert len(fig.axes) == 3
    w = critical_speeds(3, 1.0)
    modes = hanging_modes(0.5 * (w[1] + w[2]), 1.0, samples=101)
    stab = [mode_stability(m, links=12) for m in modes]
    tro = troposkien(3.0, 2.0, 2.0).curve(201)
    fig = figure_mode_stability(modes, stab, [("troposkien", tro, mode_stability(tro, links=12))])
    assert len(fig.axes) == 6
    ax = stab[1].plot()
    assert len(ax.lines) >= 2


def test_motion_plot_in_both_frames():
    m = simulate_rope(3.0, 2.0, 4 * math.pi, links=8, t_end=0.25, samples=5)
    ax = m.plot(frames=3)
    assert len(ax.lines) == 3
    ax = m.plot(frames=2, frame="turning")
    assert len(ax.lines) == 3                               # two frames and the axis
