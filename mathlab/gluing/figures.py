"""Figures of mathlab.gluing, registered for scripts/make_figures.py.

Source post: Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?" (2019-07-21). The post has one
figure, a 3D line drawing of the seam built with its finite-difference scheme (a = 2, b = 1);
``gluing_article_scheme`` reproduces it from :func:`mathlab.gluing.article_scheme`. The other
figures show what the post did not compute: the exact solid (its l and X are 0.11 % and
0.18 % larger than the scheme's), the margin that decides gluability (including the infeasible
bend along the minor axis), a family of solids, an ellipse glued to a circle, and a printable
cut pattern.
"""

from __future__ import annotations

import numpy as np

from .._figures import FigureSpec
from .article import article_scheme
from .curves import Circle, Ellipse, Superellipse
from .solid import glue, glue_ellipses, gluing_margin

__all__ = ["FIGURES"]


def _article_figure():
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6.0, 5.0))
    ax = fig.add_subplot(projection="3d")
    result = article_scheme(2.0, 1.0, 1e-6)
    result.plot(ax=ax)
    ax.set_title("post's scheme, a = 2, b = 1, step 1e-6\n"
                 f"l = {result.quarter_length:.5f}, X = {result.depth:.5f}", fontsize=9)
    return fig


def _single_solid(solid, title):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6.4, 5.2))
    ax = fig.add_subplot(projection="3d")
    solid.plot(ax=ax, n=161)
    ax.view_init(elev=22, azim=-58)
    ax.set_title(title, fontsize=9)
    return fig


def _solid_figure():
    solid = glue_ellipses(2.0, 1.0)
    return _single_solid(solid, f"exact solid, a = 2, b = 1: l = {solid.quarter_length:.10f}\n"
                                f"X = {solid.depth:.10f}, V = {solid.volume:.10f}")


def _margin_figure():
    import matplotlib.pyplot as plt

    from .plot import plot_margin

    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    curves = []
    for a, b in ((1.25, 1.0), (2.0, 1.0), (4.0, 1.0), (1.0, 2.0)):
        s, m = gluing_margin(Ellipse(a, b), n=801)
        note = " (bent along the minor axis: fails)" if a < b else ""
        curves.append((f"a/b = {a / b:g}{note}", s, m))
    plot_margin(curves, ax=ax)
    ax.set_title("gluability margin along the seam (>= 0 needed)", fontsize=9)
    fig.tight_layout()
    return fig


def _family_figure():
    import matplotlib.pyplot as plt

    from .plot import plot_solid

    ratios = (1.25, 2.0, 4.0)
    solids = [glue_ellipses(ratio, 1.0) for ratio in ratios]
    # one scale for all panels: the largest depth and the common half-widths b = 1
    half = max(max(s.sheet.b, s.other.b) for s in solids)
    limits = ((0.0, max(s.depth for s in solids)), (-half, half), (-half, half))
    fig = plt.figure(figsize=(9.6, 3.6))
    for i, (ratio, solid) in enumerate(zip(ratios, solids)):
        ax = fig.add_subplot(1, len(ratios), i + 1, projection="3d")
        plot_solid(solid, ax=ax, n=121, limits=limits)
        ax.view_init(elev=22, azim=-58)
        ax.set_title(f"a/b = {ratio:g}: X = {solid.depth:.4f}, V = {solid.volume:.4f}",
                     fontsize=8)
    return fig


def _circle_figure():
    ellipse = Ellipse(2.0, 1.0)
    circle = Circle(2.0 * ellipse.quarter_length / np.pi)
    solid = glue(ellipse, circle)
    return _single_solid(solid, f"ellipse (2, 1) glued to the circle R = 2l/pi = "
                                f"{circle.radius:.6f}\nX = {solid.depth:.6f}, "
                                f"V = {solid.volume:.6f}")


def _superellipse_figure():
    import matplotlib.pyplot as plt

    from .plot import plot_margin

    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    curves = []
    for p in (1.5, 2.0, 4.0):
        s, m = gluing_margin(Superellipse(2.0, 1.0, p), n=801)
        curves.append((f"superellipse 2x1, p = {p:g}", s, m))
    square = Superellipse(2.0, 2.0, 4.0)
    s, m = gluing_margin(square, Circle(2.0 * square.quarter_length / np.pi), n=801)
    curves.append(("squircle p = 4 with circle (fails)", s, m))
    plot_margin(curves, ax=ax)
    ax.set_title("beyond ellipses: superellipse pairs", fontsize=9)
    fig.tight_layout()
    return fig


def _pattern_figure():
    from .pattern import pattern_figure

    return pattern_figure(glue_ellipses(2.0, 1.0), mm_per_unit=25.0)


FIGURES = (
    FigureSpec("gluing_article_scheme", _article_figure, ("png",),
               "The post's only figure, redrawn from its own finite-difference scheme (a = 2, "
               "b = 1, step 1e-6): seam branches blue and green, bent major axis red, rulings "
               "grey. Its l and X are 0.11 % and 0.18 % low because the grid stops short of "
               "y = b."),
    FigureSpec("gluing_solid", _solid_figure, ("png",),
               "The exact solid for a = 2, b = 1 (sheet 1 blue, sheet 2 orange, seam black), "
               "with l, X and V to about 1e-14 from elliptic integrals and Gauss-Legendre "
               "quadrature."),
    FigureSpec("gluing_margin", _margin_figure, ("png",),
               "Margin 1 - h'(s)^2 - h'(l-s)^2 along the seam: non-negative for every a > b, "
               "zero only at the ends; bending along the minor axis (a < b) gives exactly the "
               "negated margin, so it never closes."),
    FigureSpec("gluing_family", _family_figure, ("png",),
               "Solids from ellipses with a/b = 1.25, 2 and 4 (b = 1): the flatter the ellipse, "
               "the longer and thinner the solid."),
    FigureSpec("gluing_ellipse_circle", _circle_figure, ("png",),
               "An ellipse (2, 1) glued to the circle of equal perimeter (R = 2l/pi): two "
               "different sheets still close, as the tangent-angle argument predicts."),
    FigureSpec("gluing_superellipse", _superellipse_figure, ("png",),
               "Margins for superellipse pairs: congruent 2x1 superellipses glue for p = 1.5, 2 "
               "and 4, while a squircle (p = 4) with the circle of equal perimeter fails where "
               "the margin dips below zero."),
    FigureSpec("gluing_cut_pattern", _pattern_figure, ("pdf", "png"),
               "Printable cut pattern for a = 2, b = 1 at 25 mm per unit (PDF at true scale): "
               "dashed rulings stay straight when bent, and mark k of sheet 1 is glued to mark "
               "k of sheet 2."),
)
