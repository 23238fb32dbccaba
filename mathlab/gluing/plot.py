"""matplotlib renderings of glued solids, margins and the post's scheme (results in, Axes out)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["plot_solid", "plot_dform", "plot_margin", "plot_article_scheme"]

_SHEET_COLOURS = ("#4c72b0", "#dd8452")
_LIGHT = np.array([0.4, -0.5, 0.77])
#: sizes drawn as they are; beyond, coordinates are drawn in a power of ten (matplotlib's
#: 3D projection squares coordinates, and it widens limits below ~1e-287)
_PLAIN_SIZES = (1e-30, 1e30)


def _axes3d(ax):
    import matplotlib.pyplot as plt
    from mpl_toolkits.mplot3d import Axes3D

    if ax is None:
        fig = plt.figure(figsize=(6.0, 5.0))
        ax = fig.add_subplot(projection="3d")
    elif not isinstance(ax, Axes3D):
        raise ValueError(f"ax must be a 3D Axes (projection='3d') or None; got "
                         f"{type(ax).__name__}")
    return ax


def _display_unit(size):
    """1 for sizes in _PLAIN_SIZES, else the power of ten at or below ``size``."""
    if _PLAIN_SIZES[0] <= size <= _PLAIN_SIZES[1]:
        return 1.0
    return 10.0 ** math.floor(math.log10(size))


def _label_axes(ax, unit):
    suffix = "" if unit == 1.0 else f" / {unit:.0e}"
    ax.set_xlabel("x" + suffix)
    ax.set_ylabel("y" + suffix)
    ax.set_zlabel("z" + suffix)


def plot_solid(solid, ax=None, n=201, *, offset=(0.0, 0.0, 0.0), seam=True, limits=None):
    """Shaded 3D rendering of a :class:`~mathlab.gluing.GluedSolid` (both sheets coloured).

    Faces of sheet 1 (rulings parallel to y) are blue, faces of sheet 2 orange; the seam is
    drawn in black. ``offset`` shifts the solid (for families drawn in one Axes).
    ``limits`` = ((x0, x1), (y0, y1), (z0, z1)) fixes the axis limits and the box aspect
    (pass the same limits to several Axes to draw them at one scale); by default they are the
    solid's own bounding box. Solids smaller than 1e-30 or larger than 1e30 units are drawn
    in a power of ten of their size, named in the axis labels.
    """
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    from .._validate import integer
    from .solid import MAX_PLOT_SAMPLES, GluedSolid

    if not isinstance(solid, GluedSolid):
        raise ValueError(f"solid must be a GluedSolid; got {type(solid).__name__}")
    n = integer("n", n, minimum=4, maximum=MAX_PLOT_SAMPLES)
    ax = _axes3d(ax)
    unit = _display_unit(max(solid.sheet.a, solid.sheet.b, solid.other.a, solid.other.b))
    offset = np.asarray(offset, dtype=float) / unit
    vertices, faces = solid.mesh(n)
    vertices = vertices / unit + offset
    tri = vertices[faces]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    normal = np.divide(normal, length, out=np.zeros_like(normal), where=length > 0)
    sheet_two = np.abs(normal[:, 1]) > np.abs(normal[:, 2])
    light = _LIGHT / np.linalg.norm(_LIGHT)
    shade = 0.45 + 0.55 * np.clip(normal @ light, 0.0, 1.0)
    import matplotlib.colors as mcolors

    base = np.array([mcolors.to_rgb(c) for c in _SHEET_COLOURS])[sheet_two.astype(int)]
    colours = np.clip(base * shade[:, None], 0.0, 1.0)
    ax.add_collection3d(Poly3DCollection(tri, facecolors=colours, edgecolors="none",
                                         linewidths=0.0))
    if seam:
        _, x, y, z = (part / unit for part in solid.seam(n))
        for sy in (1, -1):
            for sz in (1, -1):
                ax.plot(x + offset[0], sy * y + offset[1], sz * z + offset[2], color="k", lw=0.8)
    if limits is None:
        lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    else:
        lo, hi = np.asarray(limits, dtype=float).T / unit
    # a flat solid (X = 0) still gets an x-range, relative to its size
    ax.set_xlim(lo[0], max(hi[0], lo[0] + 1e-9 * (hi - lo).max()))
    ax.set_ylim(lo[1], hi[1])
    ax.set_zlim(lo[2], hi[2])
    ax.set_box_aspect(np.maximum(hi - lo, 0.05 * (hi - lo).max()))
    ax.tick_params(labelsize=7)
    _label_axes(ax, unit)
    return ax


def _shaded(normal, sheet):
    import matplotlib.colors as mcolors

    light = _LIGHT / np.linalg.norm(_LIGHT)
    shade = 0.6 + 0.4 * np.clip(normal @ light, 0.0, 1.0)
    base = np.array([mcolors.to_rgb(c) for c in _SHEET_COLOURS])[sheet]
    return np.clip(base * shade[:, None], 0.0, 1.0)


def plot_dform(form, ax=None, n=None, *, rulings=True, limits=None, elev=24.0, azim=-58.0):
    """Shaded 3D rendering of a :class:`~mathlab.gluing.DForm` in its own frame.

    Sheet 1 is blue, sheet 2 orange, the seam black; ``rulings`` draws the rulings stored on
    the result (thin lines, on the visible side). The view is set from ``elev`` and ``azim``
    (degrees) and faces turned away from it are not drawn: for a convex solid that is an
    exact hidden-surface removal, which matplotlib's depth sorting alone is not. ``n`` seam
    points for the mesh (1024 by default); ``limits`` as for :func:`plot_solid` (by default
    the solid's box at its true proportions).
    """
    from mpl_toolkits.mplot3d.art3d import Line3DCollection, Poly3DCollection

    ax = _axes3d(ax)
    n = 1024 if n is None else n
    vertices, faces = form.mesh(n)
    sheet = form.sheet_of_face(n) - 1
    tri = vertices[faces]
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(normal, axis=1, keepdims=True)
    normal = np.divide(normal, length, out=np.zeros_like(normal), where=length > 0)
    e, a = np.radians(elev), np.radians(azim)
    eye = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])
    front = normal @ eye > -1e-9
    ax.add_collection3d(Poly3DCollection(tri[front], facecolors=_shaded(normal, sheet)[front],
                                         edgecolors="none", linewidths=0.0))
    centre = vertices.mean(axis=0)
    if rulings:
        segments = [r for r in form.rulings if len(r)]
        if segments:
            segments = np.concatenate(segments)
            # a ruling lies on the visible side when its midpoint faces the eye
            mid = segments.mean(axis=1) - centre
            ax.add_collection3d(Line3DCollection(segments[mid @ eye > 0], colors="0.15",
                                                 linewidths=0.35, alpha=0.7))
    seam = np.vstack([form.seam, form.seam[:1]])
    ax.plot(seam[:, 0], seam[:, 1], seam[:, 2], color="k", lw=0.8)
    if limits is None:
        lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    else:
        lo, hi = np.asarray(limits, dtype=float).T
    span = np.maximum(hi - lo, 1e-9)
    ax.set_xlim(lo[0], lo[0] + span[0])
    ax.set_ylim(lo[1], lo[1] + span[1])
    ax.set_zlim(lo[2], lo[2] + span[2])
    ax.set_box_aspect(np.maximum(span, 0.05 * span.max()))
    ax.view_init(elev=elev, azim=azim)
    ax.locator_params(axis="z", nbins=3)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel("z")
    return ax


def plot_margin(curves, ax=None):
    """Margin m(s) against s / l for several pairs; ``curves`` is a list of (label, s, margin)
    with s increasing from 0 to l > 0 (as returned by :func:`~mathlab.gluing.gluing_margin`).
    """
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from .._validate import finite_array, same_length

    checked = []
    for item in curves if isinstance(curves, (list, tuple)) else [None]:
        if not (isinstance(item, (list, tuple)) and len(item) == 3 and isinstance(item[0], str)):
            raise ValueError(f"curves must be a list of (label, s, margin) with a str label; "
                             f"got an entry {item!r:.60}")
        label, s, margin = item
        s = finite_array("s", s, ndim=1, min_length=2)
        margin = finite_array("margin", margin, ndim=1)
        same_length(s=s, margin=margin)
        if not s[-1] > 0:
            raise ValueError(f"s must end at the quarter length l > 0; got {s[-1]!r}")
        checked.append((label, s, margin))
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.0))
    elif not isinstance(ax, Axes):
        raise ValueError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    for label, s, margin in checked:
        ax.plot(s / s[-1], margin, label=label)
    ax.axhline(0.0, color="k", lw=0.8)
    ax.set_xlabel("s / l (arc length along sheet 1, vertex to co-vertex)")
    ax.set_ylabel("margin 1 - h'(s)^2 - h'(l-s)^2")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2,
              frameon=False)
    return ax


def plot_article_scheme(result, ax=None):
    """The post's 3D figure, drawn from :func:`mathlab.gluing.article_scheme` exactly as described.

    Every 10th point is kept; seam branches (x, +-y, z) blue and (x, +-y, -z) green, the bent
    axis (x, 0, +-z) red, and sheet 1's rulings from (x, -y, +-z) to (x, y, +-z) every 2000 kept
    points; limits x in [0, a], y and z in [-1.2 b, 1.2 b].
    """
    from .article import ArticleScheme

    if not isinstance(result, ArticleScheme):
        raise ValueError(f"result must be an ArticleScheme; got {type(result).__name__}")
    ax = _axes3d(ax)
    unit = _display_unit(max(result.a, result.b))
    x, y, z = result.x[::10] / unit, result.y[::10] / unit, result.z[::10] / unit
    for sy in (1, -1):
        ax.plot(x, sy * y, z, color="blue", lw=1.0)
        ax.plot(x, sy * y, -z, color="green", lw=1.0)
    for sz in (1, -1):
        ax.plot(x, 0 * x, sz * z, color="red", lw=1.0)
    for i in range(0, x.size, 2000):
        for sz in (1, -1):
            ax.plot([x[i], x[i]], [-y[i], y[i]], [sz * z[i], sz * z[i]], color="gray", lw=0.6)
    a, b = result.a / unit, result.b / unit
    ax.set_xlim(0, a)
    ax.set_ylim(-1.2 * b, 1.2 * b)
    ax.set_zlim(-1.2 * b, 1.2 * b)
    _label_axes(ax, unit)
    return ax
