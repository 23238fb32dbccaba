"""Figure registry of the shape figures and the plotting helpers (structure, not pixels)."""

import matplotlib.figure
import numpy as np

from mathlab.rope import article_curve, troposkien
from mathlab.rope.figures_shapes import FIGURES, make_article_c1_1
from mathlab.rope.plot import plot_shapes, plot_tension


def test_registry_names_captions_and_formats():
    names = [spec.name for spec in FIGURES]
    assert names == ["rope_article_c1_0", "rope_article_c1_1", "rope_troposkien_family",
                     "rope_darrieus_gravity"]
    for spec in FIGURES:
        assert spec.caption and set(spec.formats) <= {"png", "pdf", "svg"}


def test_article_figure_draws_the_posts_curve():
    fig = make_article_c1_1()
    assert isinstance(fig, matplotlib.figure.Figure)
    shape_ax, tension_ax = fig.axes[:2]
    x, y = shape_ax.lines[0].get_data()
    ref = article_curve(1.0)
    np.testing.assert_array_equal(x, ref.r)
    np.testing.assert_array_equal(y, ref.z)
    assert np.all(tension_ax.lines[0].get_ydata() < 0)


def test_plot_helpers_scale_and_mirror():
    c = troposkien(3.0, 2.0).curve(21)
    ax = plot_shapes([c], scale=2.0, mirror=True, labels=["a"])
    np.testing.assert_allclose(ax.lines[0].get_xdata(), c.r / 2.0)
    np.testing.assert_allclose(ax.lines[1].get_xdata(), -c.r / 2.0)
    ax = plot_tension([c], scale=c.tension[0])
    assert ax.lines[0].get_ydata()[0] == 1.0
