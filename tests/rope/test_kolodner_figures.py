"""Figures and plots of the heavy rotating string: registry, determinism of content, drawing."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from mathlab.rope import critical_speeds, hanging_modes
from mathlab.rope.figures import FIGURES as ROPE_FIGURES
from mathlab.rope.figures_kolodner import DIAGRAM_OMEGAS, FIGURES, HANGING_OMEGAS
from mathlab.rope.kolodner import bifurcation_diagram
from mathlab.rope.plot_kolodner import mode_colors, plot_bifurcation, plot_modes


def test_registry_names_captions_and_coverage():
    names = [spec.name for spec in FIGURES]
    assert names == ["rope_hanging_modes", "rope_bifurcation"]
    assert all(spec in ROPE_FIGURES for spec in FIGURES)
    for spec in FIGURES:
        assert spec.name.startswith("rope_") and len(spec.caption) > 80
        assert spec.formats == ("png",)
    # the diagram reaches past omega_6 with at least 200 speeds, the panels one per interval
    crit = critical_speeds(7, 1.0, 1.0)
    assert DIAGRAM_OMEGAS.size >= 200 and crit[5] < DIAGRAM_OMEGAS.max() < crit[6]
    assert [int(np.searchsorted(crit, w)) for w in HANGING_OMEGAS] == [1, 2, 3, 4, 5, 6]


def test_figure_makers_return_figures():
    for spec in FIGURES:
        fig = spec.make()
        assert isinstance(fig, Figure)
        assert len(fig.axes) >= 2


def test_plot_modes_draws_every_mode_and_its_free_end():
    modes = hanging_modes(5.0 * np.sqrt(9.81), 1.0, samples=101)
    ax = plot_modes(modes)
    # one line and one free-end marker per mode, plus the axis and the top marker
    assert len(ax.lines) == 2 * len(modes) + 2
    xs, ys = ax.lines[1].get_data()
    assert xs[0] == modes[0].r[-1] and ys[0] == modes[0].z[-1]
    metres = plot_modes(modes, scaled=False, legend=False)
    assert metres.get_xlabel() == "r (m)"


def test_plot_bifurcation_starts_each_branch_at_its_critical_speed():
    d = bifurcation_diagram(np.array([2.0, 3.0, 5.0]), 1.0, 1.0)
    ax = plot_bifurcation(d, mirror=False)
    branches = [line for line in ax.lines if line.get_label().startswith("mode")]
    assert len(branches) == 3
    for j, line in enumerate(branches):
        x, y = line.get_data()
        assert x[0] == d.scaled_critical_speeds[j] and y[0] == 0.0
    assert len(mode_colors(3)) == 3
