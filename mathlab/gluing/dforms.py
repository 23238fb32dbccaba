"""The D-form of two convex outlines of equal perimeter, glued edge to edge with any offset.

Gluing convention. Arc length runs counter-clockwise along each outline from its reference
point (``Ellipse`` and ``Superellipse``: the vertex (a, 0); ``Circle``: (R, 0); an outline
from points or a function: its first point). With P the common perimeter, the point of sheet 1
at arc length s is glued to the point of sheet 2 at arc length

    (offset * P - s) mod P.

offset = 0 is the mirror gluing (two outlines symmetric about their x-axes lie flat on each
other) and offset = 0.25 glues the vertex of sheet 1 to the co-vertex of sheet 2, the gluing of
the source post, whose solid :func:`mathlab.gluing.glue` builds from two cylinders.

By Alexandrov's theorem (Alexandrov-Pogorelov for smooth gluings) every such gluing of two
convex outlines closes into exactly one convex solid, the D-form. It is the convex hull of its
seam, and each sheet is a developable surface made of straight rulings between seam points
(Demaine and Price 2010). :func:`dform` computes it in one of two ways:

``"cylinders"``
    When both outlines are ellipses, circles or superellipses, the offset is a multiple of
    1/4 and the post's two-cylinder solid exists (possibly after turning a sheet by 90
    degrees, which shifts its reference point by a quarter of the perimeter) and is convex,
    that solid is the D-form (uniqueness), and its volume comes from the exact quadrature of
    :func:`~mathlab.gluing.glue` (error ~1e-14). The two-cylinder solid of superellipses with
    p > 2 dents inwards near its tips (by 4e-7 b at p = 4); it is then not the D-form and
    the discrete solver is used instead.
``"alexandrov"``
    The seam is discretised into n points and the convex polyhedron whose surface is the two
    glued polygons is solved for (:mod:`mathlab.gluing._alexandrov`), starting from the
    two-cylinder solid and following a path in the offset or in the shape of the outlines.
    The volume converges as O(1/n^2); n is doubled from about 128 (a multiple of 4 q when
    the offset is a fraction p/q with q <= 256, so that the outlines' quarter points stay on
    vertices at every level), and Richardson extrapolation of the sequence gives the volume
    and an error estimate from the last changes of the extrapolated values, until the
    estimate is below ``tol`` (relative) or n reaches 32768. Polygon outlines keep their
    corners as vertices; two polygons glue into an exact polyhedron on their corners.

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
A. D. Alexandrov, Convex Polyhedra (Springer, 2005); A. V. Pogorelov, Extrinsic Geometry of
Convex Surfaces (AMS, 1973).
E. D. Demaine, G. N. Price, "Generalized D-forms have no spurious creases", Discrete Comput.
Geom. 43 (2010); E. D. Demaine, J. O'Rourke, Geometric Folding Algorithms (2007), ch. 25.
A. I. Bobenko, I. Izmestiev, "Alexandrov's theorem, weighted Delaunay triangulations, and
mixed volumes", Ann. Inst. Fourier 58 (2008).
J. Sharp, "D-forms and developable surfaces", Bridges (2005).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._validate import choice, integer, positive, real
from . import _alexandrov as discrete
from .curves import (Circle, Ellipse, GluingConvergenceError, Outline, Superellipse,
                     check_equal_perimeters)
from .outline import PolygonOutline
from .solid import GluingError, glue

__all__ = ["DForm", "dform", "UNITS_MM"]

#: millimetres in one unit of length, for meshes and printed patterns
UNITS_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}

_PERIMETER_RTOL = 1e-9
_COARSE_N = 64
_FIRST_LEVEL = 128
_MAX_N = 32768
_CYLINDER_SAMPLES = 400   # seam samples per quarter of the two-cylinder solid
_RULINGS = 24             # rulings kept per sheet for drawing
_MIN_TOL, _MAX_TOL = 1e-12, 1e-2


def _doubly_symmetric(outline):
    return isinstance(outline, (Ellipse, Circle, Superellipse))


def _turned(outline):
    """The outline turned by 90 degrees counter-clockwise (its arc length shifts by P/4)."""
    if isinstance(outline, Circle):
        return outline
    if isinstance(outline, Ellipse):
        return Ellipse(outline.b, outline.a)
    return Superellipse(outline.b, outline.a, outline.p)


def _dent(solid, samples=4001):
    """Largest inward dent of the two-cylinder solid's profiles |y| = Y(x), |z| = Z(x).

    The solid {0 <= x <= X, |y| <= Y(x), |z| <= Z(x)} is convex exactly when Y and Z are
    concave; the dent is the largest gap between a profile and its concave envelope.
    """
    _, x, y, z = solid.seam(samples)
    worst = 0.0
    for profile in (y, z):
        hull = [0]
        for i in range(1, x.size):
            while len(hull) >= 2:
                a, b = hull[-2], hull[-1]
                if (x[b] - x[a]) * (profile[i] - profile[a]) >= \
                        (profile[b] - profile[a]) * (x[i] - x[a]):
                    hull.pop()
                else:
                    break
            hull.append(i)
        worst = max(worst, float(np.max(np.interp(x, x[hull], profile[hull]) - profile)))
    return worst


def convex_cylinders(solid, tol=1e-8):
    """Whether a two-cylinder solid is convex, so that it is the D-form of its sheets.

    A flat solid (the sheets on each other) is; otherwise the profiles' dent (``_dent``) must
    stay below max(1e-12, 1e-3 tol) of the larger half-width, where it changes the volume by
    far less than ``tol``.
    """
    if solid.depth == 0.0:
        return True
    return _dent(solid) <= max(1e-12, 1e-3 * tol) * max(solid.sheet.b, solid.other.b)


def _cylinder_candidates(sheet1, sheet2, offset):
    """Two-cylinder solids that realise this gluing: (solid, shift1, shift2) with the sheets'
    arc shifts (P/4 for a turned sheet), or [] when the offset is not a multiple of 1/4."""
    if not (_doubly_symmetric(sheet1) and _doubly_symmetric(sheet2)):
        return []
    quarter = 4.0 * offset
    if abs(quarter - round(quarter)) > 1e-12:
        return []
    l = sheet1.quarter_length
    if round(quarter) % 2 == 1:
        options = ((False, False), (True, True))
    else:
        options = ((True, False), (False, True))
    found = []
    for turn1, turn2 in options:
        a = _turned(sheet1) if turn1 else sheet1
        b = _turned(sheet2) if turn2 else sheet2
        try:
            solid = glue(a, b)
        except GluingError:
            continue
        found.append((solid, l if turn1 else 0.0, l if turn2 else 0.0))
    return found


def _cylinder_points(solid, glue_arcs, m):
    """Seam points of a two-cylinder solid at its sheet-1 arcs (multiples of l/m)."""
    _, x, y, z = solid.seam(m + 1)
    k = np.rint(np.mod(glue_arcs, solid.sheet.perimeter) / (solid.quarter_length / m))
    k = k.astype(int) % (4 * m)
    quarter, rest = k // m, k % m
    index = np.where(quarter % 2 == 1, m - rest, rest)
    sy = np.where(quarter <= 1, 1.0, -1.0)
    sz = np.where((quarter == 0) | (quarter == 3), 1.0, -1.0)
    return np.stack([x[index], sy * y[index], sz * z[index]], axis=1)


def _cylinder_points_anywhere(solid, glue_arcs, m=2048):
    """Seam points of a two-cylinder solid at any of its sheet-1 arcs (cubic interpolation of
    a dense quarter seam; for starting guesses)."""
    from scipy.interpolate import CubicSpline

    s, x, y, z = solid.seam(m + 1)
    branch = CubicSpline(s, np.stack([x, y, z], axis=1), axis=0)
    l = solid.quarter_length
    arcs = np.mod(glue_arcs, 4 * l)
    quarter = np.minimum((arcs // l).astype(int), 3)
    rest = arcs - quarter * l
    xyz = branch(np.clip(np.where(quarter % 2 == 1, l - rest, rest), 0.0, l))
    sy = np.where(quarter <= 1, 1.0, -1.0)
    sz = np.where((quarter == 0) | (quarter == 3), 1.0, -1.0)
    return xyz * np.stack([np.ones_like(sy), sy, sz], axis=1)


# --- a frame for the solid: directions of least width ------------------------------------

def _width(points, u):
    proj = points @ u
    return proj.max(axis=0) - proj.min(axis=0)


def _sphere_directions(count):
    k = np.arange(count) + 0.5
    z = 1.0 - k / count          # upper hemisphere: widths are even in the direction
    r = np.sqrt(1.0 - z * z)
    phi = k * math.pi * (3.0 - math.sqrt(5.0))
    return np.stack([r * np.cos(phi), r * np.sin(phi), z])


def _least_width(points, start):
    """Local minimum of the width over unit directions near ``start`` (Nelder-Mead in a chart)."""
    from scipy.optimize import minimize

    start = start / np.linalg.norm(start)
    helper = np.eye(3)[int(np.argmin(np.abs(start)))]
    e1 = np.cross(start, helper)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(start, e1)

    def direction(v):
        u = start + v[0] * e1 + v[1] * e2
        return u / np.linalg.norm(u)

    # the width is a maximum of smooth functions, with kinks where the supporting points
    # change; Nelder-Mead restarted with smaller simplices settles into such a kink
    v = np.zeros(2)
    for size in (1e-2, 1e-4, 1e-6, 1e-8):
        simplex = v + np.array([[0.0, 0.0], [size, 0.0], [0.0, size]])
        result = minimize(lambda w: _width(points, direction(w)), v, method="Nelder-Mead",
                          options={"xatol": 1e-14, "fatol": 1e-16, "initial_simplex": simplex,
                                   "maxiter": 1000})
        v = result.x
    u = direction(v)
    return u, float(_width(points, u))


def _frame(points, guess=None):
    """Axes of a convex body given by points: least width, least width across it, the rest.

    Returns (rotation, centre, extents) with rows of ``rotation`` the x, y, z axes of the
    frame: x the remaining axis (length), y the least width across the thinnest direction
    (width), z the thinnest direction (thickness); ``centre`` is the middle of the box.
    """
    if guess is None:
        dirs = _sphere_directions(600)
        widths = _width(points, dirs)
        starts = dirs[:, np.argsort(widths)[:3]].T
        best = min((_least_width(points, s) for s in starts), key=lambda r: r[1])
        thin = best[0]
    else:
        thin = _least_width(points, guess[2])[0]
    helper = np.eye(3)[int(np.argmin(np.abs(thin)))]
    a = np.cross(thin, helper)
    a /= np.linalg.norm(a)
    b = np.cross(thin, a)
    if guess is None:
        angles = np.linspace(0.0, math.pi, 361)[:-1]
    else:
        g = guess[1] - (guess[1] @ thin) * thin
        angles = np.array([math.atan2(g @ b, g @ a)])
    from scipy.optimize import minimize_scalar

    def across(angle):
        return float(_width(points, math.cos(angle) * a + math.sin(angle) * b))

    if angles.size > 1:
        centre_angle = angles[int(np.argmin([across(t) for t in angles]))]
        step = angles[1] - angles[0]
    else:
        centre_angle, step = angles[0], 0.02
    angle = centre_angle
    for _ in range(3):
        res = minimize_scalar(across, bounds=(angle - step, angle + step), method="bounded",
                              options={"xatol": 1e-14})
        angle, step = res.x, step * 1e-3
    mid = math.cos(angle) * a + math.sin(angle) * b
    long = np.cross(mid, thin)
    rotation = np.stack([long, mid, thin])
    local = points @ rotation.T
    lo, hi = local.min(axis=0), local.max(axis=0)
    centre = rotation.T @ (0.5 * (lo + hi))
    return rotation, centre, hi - lo


# --- extrapolation -------------------------------------------------------------------------

def _extrapolate(values):
    """Richardson table for values at n, 2n, 4n, ... with errors ~ n^-2, n^-4, ...

    Returns (estimate, error): the last entry of the column with the smallest error
    estimate, max(|last change|, |change before| / 4). The second term guards against a
    last change that is small by coincidence: where the n^-2 coefficient wobbles with the
    position of the rulings' ends between vertices, the extrapolated values scatter, and
    one near-repeat says little. Columns need two changes to be trusted; the plain sequence
    and the first extrapolated column are eligible with one.
    """
    values = np.asarray(values, dtype=float)
    table = [values]
    for order in (2, 4, 6):
        prev = table[-1]
        if prev.size < 2:
            break
        factor = 2.0 ** order
        table.append((factor * prev[1:] - prev[:-1]) / (factor - 1.0))
    best = (values[-1], math.inf)
    for j, column in enumerate(table):
        if column.size < 2:
            continue
        changes = np.abs(np.diff(column))
        if changes.size >= 2:
            error = max(changes[-1], changes[-2] / 4.0)
        elif j <= 1:
            error = changes[-1]
        else:
            continue
        if error < best[1]:
            best = (float(column[-1]), float(error))
    return best


# --- the result ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DForm:
    """The D-form of two glued outlines (see :func:`dform`).

    Attributes
    ----------
    sheet1, sheet2 : Outline
        The two outlines.
    offset : float
        The gluing offset (sheet 1 at arc s meets sheet 2 at (offset P - s) mod P).
    method : str
        ``"cylinders"`` (the post's two-cylinder solid, exact quadrature) or ``"alexandrov"``
        (discrete convex polyhedra, extrapolated).
    volume : float
        The volume (cubic sheet units).
    volume_error : float
        Error estimate of ``volume`` (absolute).
    extents : tuple of float
        (length, width, thickness): the solid's width along the x, y, z axes of its frame,
        where z is the direction of least width and y the direction of least width across it.
    extents_error : float
        Error estimate of the extents (largest of the three, absolute).
    seam : ndarray, shape (n, 3)
        Seam points in that frame (centred on the middle of the box), in the order of the arc
        length along sheet 1, at the arcs ``seam_arc``.
    seam_arc : ndarray, shape (n,)
        Arc length along sheet 1 of each seam point.
    rulings : tuple of two ndarrays, shapes (k1, 2, 3) and (k2, 2, 3)
        A selection of the straight segments along which each sheet bends (end points in the
        frame). For ``"alexandrov"`` they are edges of the finest polyhedron.
    resolution : tuple of int
        Seam points of the discrete polyhedra that were extrapolated (empty for cylinders).
    volumes : tuple of float
        The volumes of those polyhedra.
    tol : float
        The requested relative accuracy of the volume.
    """

    sheet1: Outline
    sheet2: Outline
    offset: float
    method: str
    volume: float
    volume_error: float
    extents: tuple
    extents_error: float
    seam: np.ndarray = field(repr=False)
    seam_arc: np.ndarray = field(repr=False)
    rulings: tuple = field(repr=False)
    resolution: tuple = field(repr=False)
    volumes: tuple = field(repr=False)
    tol: float = field(repr=False)
    _geometry: object = field(repr=False, compare=False)

    def __repr__(self):
        e = ", ".join(f"{v:.8g}" for v in self.extents)
        n = f", n={self.resolution[-1]}" if self.resolution else ""
        return (f"DForm(method={self.method!r}, offset={self.offset:g}, "
                f"volume={self.volume:.10g} ± {self.volume_error:.2g}, extents=({e}){n})")

    @property
    def perimeter(self) -> float:
        """The common perimeter P."""
        return self.sheet1.perimeter

    def mesh(self, n=None):
        """Closed triangle mesh of the solid with outward normals, in the solid's frame.

        Parameters
        ----------
        n : int, optional
            Number of seam points. ``"cylinders"``: rounded to a multiple of 4 (default
            1600); the vertices lie on the exact surface. ``"alexandrov"``: the computed
            polyhedron (see ``resolution``) with the number of seam points nearest n
            (default: the finest).

        Returns
        -------
        vertices : ndarray, shape (n, 3)
        faces : ndarray of int, shape (2n - 4, 3) or (2n - 8, 3) for cylinders
        """
        vertices, faces, _ = self._geometry.mesh(n)
        return vertices, faces

    def sheet_of_face(self, n=None):
        """For each face of ``mesh(n)``: 1 or 2, the sheet it belongs to."""
        return self._geometry.mesh(n)[2]

    def save_stl(self, path, n=None, *, unit="mm"):
        """Write the mesh as a binary STL file in millimetres (atomically); return the path.

        ``unit`` is the physical length of one sheet unit: "mm" (default, so the numbers are
        written as they are), "cm", "m" or "in"; slicers read STL coordinates as mm.
        """
        from .mesh import write_stl

        scale = UNITS_MM[choice("unit", unit, tuple(UNITS_MM))]
        vertices, faces = self.mesh(n)
        write_stl(path, vertices * scale, faces, header="mathlab.gluing D-form, millimetres")
        return path

    def save_obj(self, path, n=None, *, unit="mm"):
        """Write the mesh as a Wavefront OBJ file in millimetres (atomically); return the path.

        ``unit`` as for :meth:`save_stl`.
        """
        from .mesh import write_obj

        scale = UNITS_MM[choice("unit", unit, tuple(UNITS_MM))]
        vertices, faces = self.mesh(n)
        write_obj(path, vertices * scale, faces)
        return path

    def flat_rulings(self):
        """The rulings drawn on the flat sheets: two arrays (k, 2, 2) of end points, each on
        its own outline (in the outline's coordinates)."""
        return self._geometry.flat_rulings

    def cut_pattern(self, path, *, paper="a4", mm_per_unit=None, unit=None, marks=8,
                    rulings=True, tabs=True):
        """Write a printable cut pattern at true scale (PDF, or SVG for ``paper=None``).

        See :func:`mathlab.gluing.printing.write_dform_pattern`: both sheets with their rulings
        (fold hints), numbered matching marks (mark k of sheet 1 meets mark k of sheet 2), glue
        tabs on sheet 1, the sizes, and for ``paper="a4"`` or ``"letter"`` the pattern tiled
        over pages with registration marks. The scale is ``mm_per_unit`` millimetres per sheet
        unit (default 25), or the named ``unit`` ("mm", "cm", "m", "in").
        """
        from .printing import write_dform_pattern

        return write_dform_pattern(self, path, paper=paper, mm_per_unit=mm_per_unit, unit=unit,
                                   marks=marks, rulings=rulings, tabs=tabs)

    def plot(self, ax=None, n=None, **options):
        """Shaded 3D rendering (sheet 1 blue, sheet 2 orange, seam black); returns the Axes.

        See :func:`mathlab.gluing.plot.plot_dform` for the options (view, rulings, limits).
        """
        from .plot import plot_dform

        return plot_dform(self, ax=ax, n=n, **options)


class _CylinderGeometry:
    """Meshes and rulings of a two-cylinder D-form, mapped into the D-form's frame."""

    def __init__(self, solid, shift1, shift2, offset, rotation, centre):
        self.solid, self.shift1, self.shift2 = solid, shift1, shift2
        self.offset, self.rotation, self.centre = offset, rotation, centre
        self.flat_rulings = None

    def to_frame(self, points):
        return (points - self.centre) @ self.rotation.T

    def mesh(self, n):
        from .mesh import solid_mesh

        n = 1600 if n is None else integer("n", n, minimum=8, maximum=4 * _MAX_N)
        m = -(-n // 4) + 1
        # the seam's x(s) is a cumulative integral on its grid: take it from a fine grid
        stride = max(1, -(-2048 // (m - 1)))
        _, x, y, z = self.solid.seam(stride * (m - 1) + 1)
        x, y, z = x[::stride].copy(), y[::stride].copy(), z[::stride].copy()
        y[0], z[-1] = 0.0, 0.0
        vertices, faces = solid_mesh(x, y, z)
        tri = vertices[faces]
        normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
        sheet = np.where(np.abs(normal[:, 1]) > np.abs(normal[:, 2]), 2, 1)
        return self.to_frame(vertices), faces, sheet


class _PolyhedronGeometry:
    """Meshes of a discrete D-form: the polyhedra of the levels, more solved on demand."""

    def __init__(self, problem, levels, rotation, centre):
        self.problem, self.levels = problem, levels
        self.rotation, self.centre = rotation, centre
        self.flat_rulings = None
        self.exact = False

    def to_frame(self, points):
        return (points - self.centre) @ self.rotation.T

    def polyhedron(self, n):
        """The computed polyhedron whose number of seam points is nearest n (the finest
        for None)."""
        sizes = sorted(self.levels)
        if n is None:
            return self.levels[sizes[-1]]
        n = integer("n", n, minimum=4, maximum=4 * _MAX_N)
        return self.levels[min(sizes, key=lambda k: (abs(math.log(k / n)), -k))]

    def mesh(self, n):
        level = self.polyhedron(n)
        poly = level.polyhedron
        faces = poly.faces()
        sheet = np.repeat([1, 2], len(poly.triangles[0]))
        return self.to_frame(poly.points), faces, sheet


@dataclass
class _Level:
    n: int
    polyhedron: discrete.Polyhedron
    arcs1: np.ndarray       # arc of each vertex on sheet 1
    arcs2: np.ndarray       # arc of each vertex on sheet 2
    q1: np.ndarray
    q2: np.ndarray


class _Problem:
    """The discrete problems of one gluing at any resolution.

    Smooth outlines get equilateral polygons (side P/n). When a sheet is a polygon, its
    corners (and those of the other sheet, if it is one too) are kept as vertices and the
    gaps between them are split into equal parts, about n in all; a polygon sheet then has
    its vertices exactly on its edges and the smooth sheet gets the polygon with the same
    sides inscribed in lambda times its outline (:func:`_alexandrov.inscribed_polygon`).
    """

    def __init__(self, sheet1, sheet2, offset):
        self.sheet1, self.sheet2, self.offset = sheet1, sheet2, offset
        P = self.perimeter = sheet1.perimeter
        corners = []
        if isinstance(sheet1, PolygonOutline):
            corners.append(sheet1._cumulative[:-1])
        if isinstance(sheet2, PolygonOutline):
            corners.append(offset * P - sheet2._cumulative[:-1])
        self.corners = None
        if corners:
            arcs = np.sort(np.mod(np.concatenate(corners), P))
            keep = np.concatenate(([True], np.diff(arcs) > 1e-12 * P))
            arcs = arcs[keep]
            if len(arcs) > 1 and P - arcs[-1] + arcs[0] <= 1e-12 * P:
                arcs = arcs[:-1]
            self.corners = arcs
            gaps = np.diff(np.append(arcs, arcs[0] + P))
            self.base = np.maximum(1, np.rint(gaps * _COARSE_N / P)).astype(int)

    def first_level(self):
        """Seam points of the first extrapolated level, about 128.

        When the offset is a fraction p/q with q <= 256, a multiple of 4 q: then every level
        n 2^k puts sheet 2's reference point, and both outlines' quarter points, on vertices
        (the offset moves sheet 2's polygon by offset n sides), so the error's n^-2 term
        does not change with the position of those points between vertices from one level
        to the next, which Richardson extrapolation needs.
        """
        from fractions import Fraction

        if self.corners is not None:
            return _FIRST_LEVEL
        fraction = Fraction(self.offset).limit_denominator(256)
        if abs(float(fraction) - self.offset) > 1e-13:
            return _FIRST_LEVEL
        step = 4 * fraction.denominator // math.gcd(4, fraction.denominator)
        return step * max(1, round(_FIRST_LEVEL / step))

    def polygons(self, n, offset=None):
        offset = self.offset if offset is None else offset
        if self.corners is None:
            q1, a1 = discrete.equilateral_polygon(self.sheet1, 0.0, n, 1)
            q2, a2 = discrete.equilateral_polygon(self.sheet2, offset * self.sheet2.perimeter,
                                                  n, -1)
            return q1, q2, a1, a2
        P = self.perimeter
        counts = np.maximum(1, np.rint(self.base * (n / _COARSE_N))).astype(int)
        gaps = np.diff(np.append(self.corners, self.corners[0] + P))
        sides = np.repeat(gaps / counts, counts)
        start = self.corners[0]
        q1, a1 = discrete.inscribed_polygon(self.sheet1, start, sides, 1)
        q2, a2 = discrete.inscribed_polygon(self.sheet2, offset * P - start, sides, -1)
        return q1, q2, a1, a2

    def prolong(self, level, arcs):
        """Seam positions at sheet-1 arcs interpolated through a level: a periodic cubic
        spline, or piecewise cubic Hermite (no overshoot at the kinks of the seam) when a
        sheet has corners."""
        from scipy.interpolate import CubicSpline, PchipInterpolator

        P = self.perimeter
        t0 = level.arcs1[0]
        t = level.arcs1
        x = level.polyhedron.points
        where = t0 + np.mod(arcs - t0, P)
        if self.corners is None:
            spline = CubicSpline(np.append(t, t0 + P), np.vstack([x, x[:1]]),
                                 bc_type="periodic", axis=0)
            return spline(where)
        wrap = 3
        tt = np.concatenate([t[-wrap:] - P, t, t[:wrap] + P])
        xx = np.concatenate([x[-wrap:], x, x[:wrap]])
        return PchipInterpolator(tt, xx, axis=0)(where)

    def refine(self, level, n):
        """Solve at n seam points starting from a solved level.

        The guess is the level's seam interpolated at the new arcs; its convex hull gives the
        triangulation. When the hull does not split along the seam (nearly coplanar seam
        points) and n doubles the level, the level's triangulation refined by
        :func:`_alexandrov.refine_triangulation` is used instead.
        """
        q1, q2, a1, a2 = self.polygons(n)
        doubling = len(q1) == 2 * len(level.q1)
        guess = self.prolong(level, a1)
        found = discrete.hull_triangulation(guess, q1, q2)
        if found is not None:
            try:
                return _Level(len(q1), discrete.solve(q1, q2, *found), a1, a2, q1, q2)
            except GluingConvergenceError:
                if not doubling:
                    raise
        elif not doubling:
            raise GluingConvergenceError(
                f"could not transfer the discrete D-form from {len(level.q1)} to {len(q1)} seam "
                f"points: the interpolated seam is not in convex position", what="refine",
                iterations=0, residual=math.nan)
        tri = discrete.refine_triangulation(level.polyhedron.triangles, len(level.q1))
        return _Level(len(q1), discrete.solve(q1, q2, guess, tri), a1, a2, q1, q2)


def _start(problem, cylinders, target=None):
    """Solve the coarse problem (n = 64) by continuation from a two-cylinder solid.

    ``cylinders``: candidates (solid, shift1, shift2, offset) of the same outlines at offsets
    that are multiples of 1/4; the nearest non-flat one is followed in the offset. Without
    one, the path starts from two congruent 2:1 ellipses of the same perimeter glued at 1/4
    and blends the exterior angles of both polygons into those of the target.
    """
    if target is None:
        target = problem.polygons(_COARSE_N)
    n = len(target[0])
    P = problem.perimeter
    usable = [c for c in cylinders if c[0].volume > 1e-6 * (P / (2 * math.pi)) ** 3]
    if usable:
        solid, shift1, _, start_offset = min(usable, key=lambda c: abs(c[3] - problem.offset))
        q1, q2, _, _ = problem.polygons(n, start_offset)
        guess = _cylinder_points_anywhere(solid, np.arange(n) * (P / n) + shift1)

        def path(t):
            if t == 1.0:
                return target[0], target[1]
            return problem.polygons(n, start_offset + t * (problem.offset - start_offset))[:2]
    else:
        c = P / (8.0 * float(_ellipse_e(0.75)))   # perimeter of Ellipse(2c, c) = 8 c E(3/4)
        rough = Ellipse(2.0 * c, c)
        start = Ellipse(2.0 * c * P / rough.perimeter, c * P / rough.perimeter)
        solid = glue(start)
        q1, _ = discrete.equilateral_polygon(start, 0.0, n, 1)
        q2, _ = discrete.equilateral_polygon(start, 0.25 * P, n, -1)
        guess = _cylinder_points_anywhere(solid, np.arange(n) * (P / n))
        def path(t):
            return (discrete.blend_polygons(q1, target[0], t),
                    discrete.blend_polygons(q2, target[1], t))
    found = discrete.hull_triangulation(guess, q1, q2)
    if found is None:
        raise GluingConvergenceError("the starting two-cylinder solid is not in convex position",
                                     what="start", iterations=0, residual=math.nan)
    guess, tri = found
    first = discrete.solve(q1, q2, guess, tri)
    end = discrete.continuation(path, first.points, first.triangles)
    return _Level(n, end, target[2], target[3], target[0], target[1])


def _ellipse_e(m):
    from scipy.special import ellipe

    return ellipe(m)


def _is_flat(q1, q2):
    """Whether the two polygons are mirror images vertex for vertex (the flat double polygon)."""
    return bool(np.max(np.abs(discrete.turning_angles(q1) + discrete.turning_angles(q2)))
                < 1e-12)


def _select_rulings(poly, sheet, count):
    """About ``count`` bent diagonals of a sheet, spread evenly along the seam.

    A diagonal counts as a fold hint where the sheet bends across it (exterior dihedral angle
    above 1e-3 of the sheet's largest); in flat parts of a sheet the diagonals only
    triangulate a plane and are left out.
    """
    n = poly.n
    faces = poly.faces()
    edge, bend, c, d = discrete._bends(poly.points, faces)
    x = poly.points
    # exterior angle between the two faces on each edge
    n1 = np.cross(x[edge[:, 1]] - x[edge[:, 0]], x[c] - x[edge[:, 0]])
    n2 = np.cross(x[d] - x[edge[:, 0]], x[edge[:, 1]] - x[edge[:, 0]])
    cos = np.einsum("ij,ij->i", n1, n2) / (np.linalg.norm(n1, axis=1) *
                                            np.linalg.norm(n2, axis=1))
    angle = np.arccos(np.clip(cos, -1.0, 1.0))
    tri = poly.triangles[sheet]
    keys = set()
    for a, b in ((0, 1), (1, 2), (0, 2)):
        keys.update(zip(tri[:, a].tolist(), tri[:, b].tolist()))
    seam = (edge[:, 1] - edge[:, 0] == 1) | ((edge[:, 0] == 0) & (edge[:, 1] == n - 1))
    mine = np.array([(int(i), int(j)) in keys for i, j in edge]) & ~seam
    if not mine.any():
        return np.zeros((0, 2), dtype=np.int64)
    bent = mine & (angle > 1e-3 * angle[mine].max())
    diag, diag_angle = edge[bent], angle[bent]
    chosen = set()
    for v in np.linspace(0, n, 2 * count, endpoint=False).astype(int):
        near = np.minimum(np.abs(diag - v), n - np.abs(diag - v)).min(axis=1)
        if near.size == 0 or near.min() > max(1, n // (4 * count)):
            continue
        candidates = np.flatnonzero(near == near.min())
        pick = diag[candidates[int(np.argmax(diag_angle[candidates]))]]
        chosen.add((int(pick[0]), int(pick[1])))
    return np.array(sorted(chosen), dtype=np.int64).reshape(-1, 2)


def dform(sheet1, sheet2=None, *, offset=0.25, tol=1e-8, method="auto") -> DForm:
    """The D-form of two convex outlines of equal perimeter glued edge to edge.

    The point of sheet 1 at arc length s (counter-clockwise from its reference point) is
    glued to the point of sheet 2 at arc length (offset P - s) mod P, and the two sheets close
    into the unique convex solid with this surface (Alexandrov). See the module notes.

    Parameters
    ----------
    sheet1 : Outline
        An ``Ellipse``, ``Circle``, ``Superellipse`` or an outline from
        :meth:`Outline.from_points` / :meth:`Outline.from_function`.
    sheet2 : Outline, optional
        The second sheet (a congruent copy of ``sheet1`` by default); same perimeter as
        ``sheet1`` to 1e-9 (see :func:`match_perimeter`).
    offset : float
        The gluing offset as a fraction of the perimeter (any real; taken modulo 1). 0.25 is
        the post's vertex-to-co-vertex gluing, 0 the mirror gluing; 0.125 turns one sheet
        by 45 degrees' worth of arc.
    tol : float
        Relative accuracy asked of the volume, in [1e-12, 1e-2] (relative to the volume, or
        to 1e-3 (P / 2 pi)^3 for very thin solids).
    method : {"auto", "cylinders", "alexandrov"}
        "auto" uses the two-cylinder solid when it exists and is convex, else the discrete
        solver; "cylinders" insists on the former (``GluingError`` otherwise); "alexandrov"
        always uses the discrete solver (to check one method against the other).

    Returns
    -------
    DForm

    Raises
    ------
    ValueError
        For sheets that are not outlines, unequal perimeters, or parameters out of range.
    GluingError
        With ``method="cylinders"`` when no convex two-cylinder solid realises the gluing.
    GluingConvergenceError
        A ``ValueError``: the discrete solver did not converge (not expected for convex
        outlines; the message says where it stopped).

    Examples
    --------
    >>> from mathlab.gluing import Ellipse, glue
    >>> form = dform(Ellipse(2.0, 1.0))
    >>> form.method, round(form.volume, 10) == round(glue(Ellipse(2.0, 1.0)).volume, 10)
    ('cylinders', True)
    >>> turned = dform(Ellipse(2.0, 1.0), offset=0.125, tol=1e-6)
    >>> turned.method, f"{turned.volume:.5f}"
    ('alexandrov', '2.98137')
    """
    sheet1 = _outline("sheet1", sheet1)
    sheet2 = sheet1 if sheet2 is None else _outline("sheet2", sheet2)
    check_equal_perimeters(sheet1, sheet2, ("sheet1", "sheet2"), _PERIMETER_RTOL)
    p1 = sheet1.perimeter
    offset_value = real("offset", offset)
    tol = positive("tol", tol)
    if not _MIN_TOL <= tol <= _MAX_TOL:
        raise ValueError(f"tol must be in [{_MIN_TOL:g}, {_MAX_TOL:g}]; got {tol!r}")
    method = choice("method", method, ("auto", "cylinders", "alexandrov"))
    o = offset_value % 1.0
    if o > 1.0 - 1e-15:
        o = 0.0

    # two-cylinder solids at the offsets 0, 1/4, 1/2, 3/4: the answer at this offset if one
    # is convex, starting points of the discrete solver otherwise
    cylinders = [(solid, s1, s2, start) for start in (0.0, 0.25, 0.5, 0.75)
                 for solid, s1, s2 in _cylinder_candidates(sheet1, sheet2, start)]
    here = [c for c in cylinders if min(abs(c[3] - o), 1.0 - abs(c[3] - o)) < 1e-12]
    if method != "alexandrov":
        for solid, s1, s2, _ in here:
            if convex_cylinders(solid, tol):
                return _cylinder_dform(sheet1, sheet2, offset_value, o, solid, s1, s2, tol)
        if method == "cylinders":
            why = ("no two-cylinder solid realises this gluing" if not here else
                   "the two-cylinder solid is not convex, so it is not the D-form")
            raise GluingError(f"{why} ({sheet1!r}, {sheet2!r}, offset {offset_value:g}); "
                              f"method='auto' computes the D-form",
                              s=math.nan, margin=math.nan, quarter_length=p1 / 4)
    return _alexandrov_dform(sheet1, sheet2, offset_value, o, tol, cylinders)


def _outline(name, value):
    if not isinstance(value, Outline):
        raise ValueError(f"{name} must be an outline (Ellipse, Circle, Superellipse, "
                         f"Outline.from_points or Outline.from_function); got {value!r}")
    return value


def _cylinder_dform(sheet1, sheet2, offset_value, o, solid, shift1, shift2, tol):
    P = sheet1.perimeter
    m = _CYLINDER_SAMPLES
    arcs = np.arange(4 * m) * (P / (4 * m))
    seam = _cylinder_points(solid, arcs + shift1, m)
    # the solid's own axes: x (depth X), y and z (the two sheets' half-widths h1(l), h2(l));
    # ordered as length, width, thickness
    widths = np.array([solid.depth, 2.0 * solid.sheet.b, 2.0 * solid.other.b])
    order = np.argsort(-widths, kind="stable")
    rotation = np.eye(3)[order]
    if np.linalg.det(rotation) < 0:
        rotation[2] *= -1.0
    centre = np.array([0.5 * solid.depth, 0.0, 0.0])
    extents = tuple(float(w) for w in widths[order])
    geometry = _CylinderGeometry(solid, shift1, shift2, o, rotation, centre)
    # rulings: chords between arcs u and -u of each glued sheet (in the solid's own arcs)
    step = 2 * m // _RULINGS
    u = np.arange(1, _RULINGS) * step * (P / (4 * m))
    r1 = np.stack([u - shift1, -u - shift1], axis=1)          # sheet-1 arcs
    r2 = np.stack([u - shift2, -u - shift2], axis=1)          # sheet-2 arcs
    ends1 = _cylinder_points(solid, r1.ravel() + shift1, m).reshape(-1, 2, 3)
    ends2 = _cylinder_points(solid, (o * P - r2.ravel()) + shift1, m).reshape(-1, 2, 3)
    geometry.flat_rulings = (np.stack(sheet1.boundary_point(r1.ravel()), 1).reshape(-1, 2, 2),
                             np.stack(sheet2.boundary_point(r2.ravel()), 1).reshape(-1, 2, 2))
    # the quadrature's error; the frame's extents are exact up to the seam sampling at the tips
    flat = solid.volume == 0.0 and solid.depth == 0.0   # the two sheets lie on each other
    return DForm(sheet1=sheet1, sheet2=sheet2, offset=offset_value, method="cylinders",
                 volume=float(solid.volume),
                 volume_error=0.0 if flat else float(solid.volume_error),
                 extents=extents,
                 extents_error=0.0 if flat else float(max(solid.depth_error, 1e-15 * P)),
                 seam=geometry.to_frame(seam), seam_arc=arcs,
                 rulings=(geometry.to_frame(ends1.reshape(-1, 3)).reshape(-1, 2, 3),
                          geometry.to_frame(ends2.reshape(-1, 3)).reshape(-1, 2, 3)),
                 resolution=(), volumes=(), tol=tol, _geometry=geometry)


def _flat_frame(points):
    """Frame of a flat (doubly covered) solid: its plane is z, x along the longest width."""
    centred = points - points.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    rotation = vt.copy()
    if np.linalg.det(rotation) < 0:
        rotation[2] *= -1.0
    local = centred @ rotation.T
    centre = points.mean(axis=0) + rotation.T @ (0.5 * (local.min(axis=0) + local.max(axis=0)))
    return rotation, centre


def _polygon_pair(problem):
    """Vertex arcs and polygons of two glued polygons: the corners of both sheets.

    Between consecutive corners (of either sheet) both edges are straight, so the two
    polygons with these vertices have equal sides and their gluing is the exact metric.
    """
    P = problem.perimeter
    arcs = problem.corners
    arcs2 = np.mod(problem.offset * P - arcs, P)
    q1 = discrete.boundary(problem.sheet1, arcs)[0]
    q2 = discrete.boundary(problem.sheet2, arcs2)[0]
    return q1, q2, arcs, arcs2


def _alexandrov_dform(sheet1, sheet2, offset_value, o, tol, cylinders):
    """The discrete solver, its levels doubled and extrapolated until the error estimate
    meets ``tol``."""
    problem = _Problem(sheet1, sheet2, o)
    if isinstance(sheet1, PolygonOutline) and isinstance(sheet2, PolygonOutline):
        return _exact_polyhedron_dform(problem, offset_value, tol)
    P = problem.perimeter
    scale = (P / (2 * math.pi)) ** 3
    q1, q2, a1, a2 = problem.polygons(_COARSE_N)
    if _is_flat(q1, q2):
        return _flat_dform(problem, offset_value, tol)
    coarse = _start(problem, cylinders)
    levels = {coarse.n: coarse}
    sizes, volumes, extents = [], [], []
    frame = None
    volume, error = math.nan, math.inf
    nominal, level = problem.first_level(), coarse
    while True:
        try:
            level = problem.refine(level, nominal)
        except GluingConvergenceError:
            if len(volumes) < 2:
                raise
            break   # keep the levels solved so far; the error estimate says how far they got
        levels[level.n] = level
        sizes.append(level.n)
        volumes.append(level.polyhedron.volume())
        rotation, centre, ext = _frame(level.polyhedron.points, frame)
        frame = rotation
        extents.append(ext)
        if len(volumes) >= 3:
            volume, error = _extrapolate(volumes)
            if error <= tol * max(abs(volume), 1e-3 * scale):
                break
        if 2 * nominal > _MAX_N:
            break
        nominal *= 2
    if len(volumes) < 3:
        volume, error = _extrapolate(volumes)
    ext_values, ext_errors = zip(*(_extrapolate(np.asarray(extents)[:, k]) for k in range(3)))
    finest = levels[sizes[-1]]
    rotation, centre, _ = _frame(finest.polyhedron.points, frame)
    geometry = _PolyhedronGeometry(problem, levels, rotation, centre)
    poly = finest.polyhedron
    rulings, flat = [], []
    for k, (arcs, sheet) in enumerate(((finest.arcs1, sheet1), (finest.arcs2, sheet2))):
        pairs = _select_rulings(poly, k, _RULINGS)
        rulings.append(geometry.to_frame(poly.points[pairs.ravel()]).reshape(-1, 2, 3))
        ends = discrete.boundary(sheet, arcs[pairs.ravel()])[0]
        flat.append(ends.reshape(-1, 2, 2))
    geometry.flat_rulings = tuple(flat)
    return DForm(sheet1=sheet1, sheet2=sheet2, offset=offset_value, method="alexandrov",
                 volume=float(volume), volume_error=float(error), extents=tuple(ext_values),
                 extents_error=float(max(ext_errors)), seam=geometry.to_frame(poly.points),
                 seam_arc=np.mod(finest.arcs1, P), rulings=tuple(rulings),
                 resolution=tuple(sizes), volumes=tuple(volumes), tol=tol, _geometry=geometry)


def _exact_polyhedron_dform(problem, offset_value, tol):
    """Two polygons glued: the D-form is itself a polyhedron with the corners as vertices."""
    q1, q2, a1, a2 = _polygon_pair(problem)
    n = len(q1)
    if n < 4 or _is_flat(q1, q2):
        return _flat_dform(problem, offset_value, tol, arcs=(q1, q2, a1, a2))
    level = _start(problem, [], target=(q1, q2, a1, a2))
    poly = level.polyhedron
    rotation, centre, ext = _frame(poly.points)
    geometry = _PolyhedronGeometry(problem, {n: level}, rotation, centre)
    geometry.exact = True
    rulings, flat = [], []
    for k, (arcs, sheet) in enumerate(((a1, problem.sheet1), (a2, problem.sheet2))):
        pairs = _select_rulings(poly, k, _RULINGS)
        rulings.append(geometry.to_frame(poly.points[pairs.ravel()]).reshape(-1, 2, 3))
        flat.append(discrete.boundary(sheet, arcs[pairs.ravel()])[0].reshape(-1, 2, 2))
    geometry.flat_rulings = tuple(flat)
    scale = problem.perimeter
    error = 64 * np.finfo(float).eps * scale ** 3 + poly.residual * scale ** 2
    return DForm(sheet1=problem.sheet1, sheet2=problem.sheet2, offset=offset_value,
                 method="alexandrov", volume=poly.volume(), volume_error=float(error),
                 extents=tuple(float(e) for e in ext),
                 extents_error=float(1e-12 * scale + poly.residual),
                 seam=geometry.to_frame(poly.points), seam_arc=a1, rulings=tuple(rulings),
                 resolution=(n,), volumes=(poly.volume(),), tol=tol, _geometry=geometry)


def _flat_dform(problem, offset_value, tol, arcs=None):
    """The doubly covered outline: volume 0, the two sheets on top of each other."""
    if arcs is None:
        n = 4 * _CYLINDER_SAMPLES
        q1, _, a1, a2 = problem.polygons(n)
    else:
        q1, _, a1, a2 = arcs
        n = len(q1)
    points = np.column_stack([discrete.boundary(problem.sheet1, a1)[0], np.zeros(n)])
    i = np.arange(1, n - 1)
    fan = np.stack([np.zeros(n - 2, dtype=np.int64), i, i + 1], axis=1)
    poly = discrete.Polyhedron(points, (fan, fan.copy()), 0.0, 0, 0)
    level = _Level(n, poly, a1, a2, q1, q1)
    rotation, centre = _flat_frame(points)
    geometry = _PolyhedronGeometry(problem, {n: level}, rotation, centre)
    geometry.flat_rulings = (np.zeros((0, 2, 2)), np.zeros((0, 2, 2)))
    local = geometry.to_frame(points)
    return DForm(sheet1=problem.sheet1, sheet2=problem.sheet2, offset=offset_value,
                 method="alexandrov", volume=0.0, volume_error=0.0,
                 extents=tuple(float(e) for e in np.ptp(local, axis=0)), extents_error=0.0,
                 seam=local, seam_arc=np.mod(a1, problem.perimeter),
                 rulings=(np.zeros((0, 2, 3)), np.zeros((0, 2, 3))), resolution=(n,),
                 volumes=(0.0,), tol=tol, _geometry=geometry)
