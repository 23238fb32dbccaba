"""Figures of mathlab.gluing, registered for scripts/make_figures.py.

Source post: Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?" (2019-07-21). The post has one
figure, a 3D line drawing of the seam built with its finite-difference scheme (a = 2, b = 1);
``gluing_article_scheme`` reproduces it from :func:`mathlab.gluing.article_scheme`. The other
figures show what the post did not compute: the exact solid (its l and X are 0.11 % and
0.18 % larger than the scheme's), the margin that decides gluability (including the infeasible
bend along the minor axis), a family of solids, an ellipse glued to a circle, a printable
cut pattern, and D-forms beyond the post's two-cylinder solid: the volume against the gluing
offset (the post's 90-degree gluing is a shallow local minimum, not the largest), a 45-degree
gluing, a squircle with its circle, and outlines of the user's own.
"""

from __future__ import annotations

import math

import numpy as np

from .._figures import FigureSpec
from .article import article_scheme
from .curves import Circle, Ellipse, Outline, Superellipse
from .dforms import dform
from .outline import match_perimeter
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


_OFFSETS = (0.0, 1 / 64, 1 / 32, 1 / 16, 3 / 32, 1 / 8, 5 / 32, 3 / 16, 7 / 32, 0.25)
_NEAR_QUARTER = (0.2275, 0.235, 0.24, 0.245, 0.25)


def _offset_volumes(offsets, tol):
    forms = [dform(Ellipse(2.0, 1.0), offset=o, tol=tol) for o in offsets]
    return np.array([f.volume for f in forms]), np.array([f.volume_error for f in forms])


def _offset_figure():
    import matplotlib.pyplot as plt

    wide, _ = _offset_volumes(_OFFSETS, 1e-5)
    near, near_err = _offset_volumes(_NEAR_QUARTER, 1e-7)
    # volumes are symmetric about 1/4 (turning a sheet by half a turn, and mirroring)
    o = np.concatenate([_OFFSETS, 0.5 - np.array(_OFFSETS[-2::-1])])
    v = np.concatenate([wide, wide[-2::-1]])
    fig, (ax, zoom) = plt.subplots(1, 2, figsize=(9.6, 4.0))
    ax.plot(360 * o, v, "o-", color="#4c72b0", ms=4)
    ax.set_xlabel("gluing offset (degrees of arc: 360 x offset)")
    ax.set_ylabel("volume V")
    ax.set_xticks(range(0, 181, 45))
    ax.set_title("two 2 x 1 ellipses: D-form volume against the offset", fontsize=9)
    ax.axvline(90, color="0.7", lw=0.8)
    ax.text(92, 0.3, "post's gluing\n(two cylinders)", fontsize=7)
    z = np.concatenate([_NEAR_QUARTER, 0.5 - np.array(_NEAR_QUARTER[-2::-1])])
    zv = np.concatenate([near, near[-2::-1]])
    ze = np.concatenate([near_err, near_err[-2::-1]])
    zoom.errorbar(360 * z, (zv - near[-1]) * 1e6, yerr=ze * 1e6, fmt="o-", color="#dd8452",
                  ms=4, capsize=2)
    best = int(np.argmax(near))
    zoom.set_xlabel("offset (degrees of arc)")
    zoom.set_ylabel("(V - V at 90 degrees) x 1e6")
    zoom.set_title(f"near 90 degrees: a shallow minimum; V peaks near {360 * _NEAR_QUARTER[best]:.1f}"
                   f" degrees\n({near[best]:.7f} against {near[-1]:.7f} at 90)", fontsize=9)
    zoom.axhline(0.0, color="0.7", lw=0.8)
    fig.tight_layout()
    return fig


def _forty_five_figure():
    import matplotlib.pyplot as plt

    form = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-6)
    fig = plt.figure(figsize=(9.6, 4.4))
    ax = fig.add_subplot(1, 2, 1, projection="3d")
    form.plot(ax=ax, n=512, elev=24, azim=-60)
    ax.set_title(f"two 2 x 1 ellipses glued 45 degrees apart (offset 1/8)\nV = "
                 f"{form.volume:.7f} (two cylinders at 90 degrees: {glue(Ellipse(2.0, 1.0)).volume:.7f})",
                 fontsize=8)
    flat = fig.add_subplot(1, 2, 2)
    _draw_flat_sheets(flat, form)
    flat.set_title("the flat sheets and their rulings (fold hints)", fontsize=8)
    return fig


def _draw_flat_sheets(ax, form, gap=0.6):
    """Both outlines side by side with the rulings of the D-form and the reference points."""
    shift = 0.0
    for k, (outline, rulings) in enumerate(zip((form.sheet1, form.sheet2), form.flat_rulings())):
        sigma = np.linspace(0.0, outline.perimeter, 801)
        x, y = outline.boundary_point(sigma)
        left = float(x.min())
        dx = shift - left
        ax.plot(x + dx, y, color="k", lw=0.9)
        for seg in rulings:
            ax.plot(seg[:, 0] + dx, seg[:, 1], color=("#4c72b0", "#dd8452")[k], lw=0.5)
        x0, y0 = outline.boundary_point(np.array([0.0]))
        ax.plot(x0 + dx, y0, "o", color="crimson", ms=3)
        ax.text(dx + 0.5 * (x.min() + x.max()), y.max() + 0.08, f"sheet {k + 1}", ha="center",
                fontsize=7)
        shift += float(x.max() - x.min()) + gap
    ax.set_aspect("equal")
    ax.set_axis_off()


def _squircle_figure():
    import matplotlib.pyplot as plt

    squircle = Superellipse(1.0, 1.0, 4.0)
    circle = match_perimeter(Circle(1.0), squircle)
    form = dform(squircle, circle, tol=1e-6)
    fig = plt.figure(figsize=(9.6, 4.4))
    ax = fig.add_subplot(1, 2, 1, projection="3d")
    form.plot(ax=ax, n=512, elev=28, azim=-55)
    ax.set_title(f"squircle |x|^4 + |y|^4 = 1 glued to the circle of equal perimeter\n"
                 f"(no two-cylinder solid exists) V = {form.volume:.6f}, thickness "
                 f"{form.extents[2]:.6f}", fontsize=8)
    flat = fig.add_subplot(1, 2, 2)
    _draw_flat_sheets(flat, form, gap=0.4)
    flat.set_title("flat sheets with their rulings", fontsize=8)
    return fig


def _egg(t):
    return np.cos(t) * (1.0 + 0.15 * np.cos(t)), 0.8 * np.sin(t)


def _user_figure():
    import matplotlib.pyplot as plt

    egg = Outline.from_function(_egg, (0.0, 2.0 * math.pi))
    smooth = dform(egg, match_perimeter(Circle(1.0), egg), tol=1e-6)
    hexagon = Outline.from_points([[math.cos(a), math.sin(a)] for a in np.arange(6) * math.pi / 3])
    exact = dform(hexagon, offset=0.1)
    fig = plt.figure(figsize=(9.6, 4.2))
    for i, (form, title) in enumerate((
            (smooth, f"an egg outline (from a function) with the circle of equal perimeter\n"
                     f"V = {smooth.volume:.6f} +- {smooth.volume_error:.0e}"),
            (exact, f"a regular hexagon (from points) with itself, offset 0.1:\nan exact "
                    f"polyhedron on {exact.resolution[0]} corners, V = {exact.volume:.10f}"))):
        ax = fig.add_subplot(1, 2, i + 1, projection="3d")
        form.plot(ax=ax, n=512, elev=28, azim=-55)
        ax.set_title(title, fontsize=8)
    return fig


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
               "Margins for superellipse pairs: the two-cylinder solid of congruent 2x1 "
               "superellipses exists for p = 1.5, 2 and 4 (for p = 4 it dents inwards near its "
               "tips, so the D-form differs slightly), while for a squircle (p = 4) with the "
               "circle of equal perimeter the margin dips below zero: no two-cylinder solid."),
    FigureSpec("gluing_dform_offset", _offset_figure, ("png",),
               "D-form volume of two 2 x 1 ellipses against the gluing offset (sheet 1 at arc "
               "s meets sheet 2 at offset P - s): 0 for the mirror gluing, largest near but not "
               "at the post's 90-degree gluing, which is a shallow local minimum between two "
               "maxima a few degrees to either side (zoom, with the error estimates)."),
    FigureSpec("gluing_dform_45", _forty_five_figure, ("png",),
               "The D-form of two 2 x 1 ellipses glued 45 degrees of arc apart (offset 1/8), "
               "from the discrete Alexandrov solver, with the rulings of both sheets in 3D and "
               "on the flat sheets (red dots: the reference points, arc length 0)."),
    FigureSpec("gluing_dform_squircle", _squircle_figure, ("png",),
               "A squircle glued to the circle of equal perimeter: glue refuses (the margin is "
               "negative), but the paper still closes, into a thin convex pillow."),
    FigureSpec("gluing_dform_user", _user_figure, ("png",),
               "Outlines of one's own: an egg given as a parametric curve with the circle of "
               "equal perimeter, and a regular hexagon given by its corners glued to itself "
               "(two polygons close into an exact polyhedron)."),
    FigureSpec("gluing_cut_pattern", _pattern_figure, ("pdf", "png"),
               "Printable cut pattern for a = 2, b = 1 at 25 mm per unit (PDF at true scale): "
               "dashed rulings stay straight when bent, and mark k of sheet 1 is glued to mark "
               "k of sheet 2."),
)
