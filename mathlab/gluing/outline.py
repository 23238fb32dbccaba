"""Outlines brought by the user: a convex polygon, a smoothed sampled curve, a parametric curve.

They need not be symmetric, so they are parametrised over the whole boundary: arc length
sigma runs counter-clockwise from the first point (the reference point of the gluing
convention of :func:`mathlab.gluing.dform`). Points given clockwise are taken in the reverse
order, still starting from the first point.

``Outline.from_points(points)`` takes the points as the vertices of a convex polygon (exact
arc length, piecewise linear); ``smooth=True`` passes a periodic cubic spline through them
(parameter: the cumulative chord length). ``Outline.from_function(f, t_range)`` samples a
closed parametric curve and passes a periodic cubic spline through the samples in the curve's
own parameter (error O(dt^4)). For the splines the arc length is a Gauss-Legendre sum per
piece and its inverse a Hermite table polished by Newton steps.

Convexity is checked where the outline enters: every turn of a polygon must be
counter-clockwise and the turns must add up to one full turn; a spline's signed curvature
x'y'' - y'x'' must not fall below -1e-6 of its mean (2 pi / P); otherwise a ``ValueError``
names the point (or the parameter value) where convexity fails.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.interpolate import CubicSpline

from .._validate import finite_array, integer, positive, real
from .curves import Circle, Ellipse, Outline, Superellipse, _ArcTable, _Panels

__all__ = ["PolygonOutline", "SplineOutline", "outline_from_points", "outline_from_function",
           "match_perimeter"]

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(16)
_MAX_POINTS = 200_000
_CURVATURE_TOL = 1e-6


class _SplineArc(_Panels):
    """Arc length along a spline, panel by panel between its knots."""

    def __init__(self, knots, speed):
        self.speed = speed
        self.nodes = np.asarray(knots, dtype=float)
        steps = self._gauss(self.nodes[:-1], self.nodes[1:])
        self.arc_at_nodes = np.concatenate(([0.0], np.cumsum(steps)))
        self.table = _ArcTable.build(self.nodes, self.arc_at_nodes, speed(self.nodes))


class _FreeOutline(Outline):
    """Common part of outlines without the two mirror symmetries."""

    _smooth = True

    @property
    def quarter_length(self) -> float:
        return self.perimeter / 4.0

    @property
    def a(self) -> float:
        """Half the width of the bounding box (along x)."""
        return 0.5 * float(np.ptp(self._samples[:, 0]))

    @property
    def b(self) -> float:
        """Half the height of the bounding box (along y)."""
        return 0.5 * float(np.ptp(self._samples[:, 1]))

    def _evaluate(self, s, exact=True):
        raise ValueError(f"{self!r} is not symmetric about both axes, so it has no quarter arc; "
                         f"use boundary_point(sigma) (arc length along the whole outline)")

    def boundary_point(self, sigma):
        """Point at arc length ``sigma`` counter-clockwise from the first point (mod P)."""
        p, _ = self._boundary(finite_array("sigma", sigma, ndim=(0, 1)))
        return p[..., 0], p[..., 1]

    def boundary_tangent(self, sigma):
        """Unit tangent (counter-clockwise) at arc length ``sigma``."""
        _, t = self._boundary(finite_array("sigma", sigma, ndim=(0, 1)))
        return t[..., 0], t[..., 1]



def _orient(points):
    """Points counter-clockwise, first point kept; and the map to the user's indices."""
    x, y = points[:, 0], points[:, 1]
    area = 0.5 * np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
    index = np.arange(len(points))
    if area < 0:
        index = np.concatenate(([0], index[:0:-1]))
    return points[index], index, area


def _clean(name, points, minimum):
    points = finite_array(name, points, ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2); got {points.shape}")
    if len(points) > _MAX_POINTS:
        raise ValueError(f"{name} may have at most {_MAX_POINTS} points; got {len(points)}")
    size = float(np.max(np.ptp(points, axis=0))) if len(points) else 0.0
    if len(points) >= 2 and np.all(np.abs(points[-1] - points[0]) <= 1e-12 * max(size, 1e-300)):
        points = points[:-1]   # a closing copy of the first point
    if len(points) < minimum:
        raise ValueError(f"{name} must have at least {minimum} distinct points; got {len(points)}")
    step = np.linalg.norm(np.roll(points, -1, axis=0) - points, axis=1)
    if size == 0.0 or np.any(step <= 1e-12 * size):
        k = int(np.argmin(step))
        raise ValueError(f"{name}: point {k} and the next one coincide ({points[k].tolist()}); "
                         f"every point must be distinct")
    return points, size


class PolygonOutline(_FreeOutline):
    """A convex polygon (see :meth:`Outline.from_points`).

    Attributes
    ----------
    points : ndarray, shape (n, 2)
        The vertices, counter-clockwise from the reference point.
    """

    def __init__(self, points):
        self.points = np.array(points, dtype=float)
        edges = np.roll(self.points, -1, axis=0) - self.points
        self._lengths = np.linalg.norm(edges, axis=1)
        self._directions = edges / self._lengths[:, None]
        self._cumulative = np.concatenate(([0.0], np.cumsum(self._lengths)))
        self._perimeter = float(self._cumulative[-1])
        self._samples = self.points

    def __repr__(self):
        return f"PolygonOutline(n={len(self.points)}, perimeter={self.perimeter:.6g})"

    def __eq__(self, other):
        return isinstance(other, PolygonOutline) and np.array_equal(self.points, other.points)

    __hash__ = None

    @property
    def perimeter(self):
        return self._perimeter

    def area(self) -> float:
        """Enclosed area (shoelace formula)."""
        x, y = self.points[:, 0], self.points[:, 1]
        return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))

    def _boundary(self, sigma):
        sigma = np.mod(np.asarray(sigma, dtype=float), self.perimeter)
        k = np.clip(np.searchsorted(self._cumulative, sigma, side="right") - 1, 0,
                    len(self.points) - 1)
        rest = sigma - self._cumulative[k]
        return self.points[k] + rest[..., None] * self._directions[k], self._directions[k]

    def scaled(self, factor):
        """The polygon scaled by ``factor`` about the origin."""
        return PolygonOutline(self.points * positive("factor", factor))


class SplineOutline(_FreeOutline):
    """A closed convex periodic cubic spline (see :meth:`Outline.from_points` with
    ``smooth=True`` and :meth:`Outline.from_function`).

    Attributes
    ----------
    points : ndarray, shape (n, 2)
        The interpolated points, counter-clockwise from the reference point.
    knots : ndarray, shape (n + 1,)
        The spline parameter at the points (chord length or the curve's own parameter).
    """

    def __init__(self, points, knots, *, source="points"):
        self.points = np.array(points, dtype=float)
        self.knots = np.array(knots, dtype=float)
        self._source = source
        closed = np.vstack([self.points, self.points[:1]])
        self._spline = CubicSpline(self.knots, closed, bc_type="periodic", axis=0)
        self._velocity = self._spline.derivative()
        self._arc = _SplineArc(self.knots, self._speed)
        self._perimeter = float(self._arc.arc_at_nodes[-1])
        self._samples = self._spline(np.linspace(self.knots[0], self.knots[-1],
                                                 20 * len(self.points) + 1))

    def __repr__(self):
        return (f"SplineOutline(n={len(self.points)}, from={self._source}, "
                f"perimeter={self.perimeter:.6g})")

    def __eq__(self, other):
        return (isinstance(other, SplineOutline) and np.array_equal(self.points, other.points)
                and np.array_equal(self.knots, other.knots))

    __hash__ = None

    @property
    def perimeter(self):
        return self._perimeter

    def area(self) -> float:
        """Enclosed area, 1/2 of the integral of x y' - y x' (Gauss-Legendre on each piece)."""
        lo, hi = self.knots[:-1], self.knots[1:]
        half = 0.5 * (hi - lo)
        u = (0.5 * (hi + lo) + half * _GL_NODES[:, None]).ravel()
        p, v = self._spline(u), self._velocity(u)
        w = (half * _GL_WEIGHTS[:, None]).ravel()
        return 0.5 * float(w @ (p[:, 0] * v[:, 1] - p[:, 1] * v[:, 0]))

    def _speed(self, u):
        v = self._velocity(u)
        return np.hypot(v[..., 0], v[..., 1])

    def _parameter(self, sigma):
        sigma = np.mod(np.asarray(sigma, dtype=float), self.perimeter)
        return self._arc.invert(sigma, repr(self))

    def _boundary(self, sigma):
        u = self._parameter(sigma)
        v = self._velocity(u)
        return self._spline(u), v / np.hypot(v[..., 0], v[..., 1])[..., None]

    def scaled(self, factor):
        """The outline scaled by ``factor`` about the origin (same parameter)."""
        factor = positive("factor", factor)
        knots = self.knots * factor if self._source == "points" else self.knots
        return SplineOutline(self.points * factor, knots, source=self._source)


def _check_polygon(points, index):
    e = np.roll(points, -1, axis=0) - points
    before = np.roll(e, 1, axis=0)
    cross = before[:, 0] * e[:, 1] - before[:, 1] * e[:, 0]
    size = np.linalg.norm(before, axis=1) * np.linalg.norm(e, axis=1)
    bad = np.flatnonzero(cross < -1e-12 * size)
    if bad.size:
        k = int(bad[0])
        raise ValueError(f"points must form a convex outline; it turns the wrong way at point "
                         f"{int(index[k])} {points[k].tolist()} (clockwise, while the outline "
                         f"runs counter-clockwise)")
    turn = np.arctan2(cross, np.einsum("ij,ij->i", before, e)).sum()
    if abs(turn - 2 * math.pi) > 1e-6:
        raise ValueError(f"points must form a simple convex outline; they turn "
                         f"{turn / (2 * math.pi):.3g} times around instead of once")


def _check_spline(outline, describe):
    """Refuse a spline whose signed curvature x'y'' - y'x'' is negative somewhere."""
    spline = outline._spline
    d1, d2 = spline.derivative(1), spline.derivative(2)
    knots = outline.knots
    # on each piece x'y'' - y'x'' is a cubic; sample densely (8 per piece plus the ends)
    u = np.linspace(0.0, 1.0, 9)
    t = (knots[:-1, None] + np.diff(knots)[:, None] * u).ravel()
    v, a = d1(t), d2(t)
    speed = np.hypot(v[:, 0], v[:, 1])
    curvature = (v[:, 0] * a[:, 1] - v[:, 1] * a[:, 0]) / speed ** 3
    floor = -_CURVATURE_TOL * 2 * math.pi / outline.perimeter
    worst = int(np.argmin(curvature))
    if curvature[worst] < floor:
        raise ValueError(
            f"the outline is not convex: {describe(t[worst])} its curvature is "
            f"{curvature[worst]:.3g} (it bends inwards; the outline must bend counter-clockwise "
            f"everywhere)")
    total = float(np.sum(np.diff(np.unwrap(np.arctan2(v[:, 1], v[:, 0])))))
    if abs(total - 2 * math.pi) > 1e-3:
        raise ValueError(f"the outline must be a simple closed convex curve; its tangent turns "
                         f"{total / (2 * math.pi):.3g} times around instead of once")


def outline_from_points(points, *, smooth=False):
    """The outline through ``points``: a convex polygon, or a smooth periodic spline.

    See :meth:`mathlab.gluing.Outline.from_points`.
    """
    if not isinstance(smooth, (bool, np.bool_)):
        raise ValueError(f"smooth must be True or False; got {smooth!r}")
    raw, _ = _clean("points", points, 5 if smooth else 3)
    ordered, index, _ = _orient(raw)
    if not smooth:
        _check_polygon(ordered, index)
        return PolygonOutline(ordered)
    _check_polygon_loosely(ordered, index)
    chord = np.linalg.norm(np.roll(ordered, -1, axis=0) - ordered, axis=1)
    knots = np.concatenate(([0.0], np.cumsum(chord)))
    outline = SplineOutline(ordered, knots, source="points")

    def describe(u):
        k = int(np.clip(np.searchsorted(knots, u, side="right") - 1, 0, len(ordered) - 1))
        nxt = (k + 1) % len(ordered)
        return (f"between points {int(index[k])} {ordered[k].tolist()} and {int(index[nxt])} "
                f"{ordered[nxt].tolist()}")

    _check_spline(outline, describe)
    return outline


def _check_polygon_loosely(points, index):
    """The sampled points of a smooth outline must themselves turn one way, once."""
    try:
        _check_polygon(points, index)
    except ValueError as err:
        raise ValueError(f"{err} (the spline through non-convex points cannot be convex)") \
            from None


def outline_from_function(f, t_range, *, samples=2048):
    """The closed curve t -> f(t) on [t0, t1] as a periodic cubic spline in t.

    See :meth:`mathlab.gluing.Outline.from_function`.
    """
    if not callable(f):
        raise ValueError(f"f must be a callable t -> (x, y); got {f!r}")
    try:
        t0, t1 = t_range
    except (TypeError, ValueError):
        raise ValueError(f"t_range must be a pair (t0, t1); got {t_range!r}") from None
    t0, t1 = real("t_range[0]", t0), real("t_range[1]", t1)
    if not t1 > t0:
        raise ValueError(f"t_range must have t0 < t1; got ({t0!r}, {t1!r})")
    samples = integer("samples", samples, minimum=8, maximum=_MAX_POINTS)
    t = np.linspace(t0, t1, samples + 1)
    try:
        values = f(t)
        xy = np.asarray(values, dtype=float)
        if xy.shape == (samples + 1, 2):
            xy = xy.T
        if xy.shape != (2, samples + 1):
            raise TypeError
    except (TypeError, ValueError):
        try:
            xy = np.array([np.asarray(f(float(u)), dtype=float) for u in t]).T
        except Exception as exc:  # noqa: BLE001 - any failure of the user's function
            raise ValueError(f"f(t) must return a pair (x, y) of finite numbers; calling it "
                             f"failed with {exc!r}") from None
    xy = finite_array("f(t)", xy, ndim=2)
    if xy.shape != (2, samples + 1):
        raise ValueError(f"f(t) must return a pair (x, y); got values of shape {xy.shape[:-1]}")
    points = xy.T
    size = float(np.max(np.ptp(points, axis=0)))
    if size == 0.0:
        raise ValueError("f(t) is the same point for all t; it must trace a closed curve")
    gap = float(np.linalg.norm(points[-1] - points[0]))
    if gap > 1e-9 * size:
        raise ValueError(f"the curve is not closed: f(t0) = {points[0].tolist()} and "
                         f"f(t1) = {points[-1].tolist()} are {gap:.3g} apart")
    points = points[:-1]
    knots = t.copy()
    _, _, area = _orient(points)
    if area < 0:   # clockwise: run the parameter backwards, keeping f(t0) first
        points = np.concatenate([points[:1], points[:0:-1]])
        knots = t0 + (t1 - knots[::-1])
        knots[0], knots[-1] = t0, t1
    outline = SplineOutline(points, knots, source="function")

    def describe(u):
        value = u if area >= 0 else t0 + (t1 - u)
        return f"near t = {value:.6g}"

    _check_spline(outline, describe)
    return outline


def match_perimeter(outline, target):
    """``outline`` scaled about the origin so that its perimeter is the target's.

    Orduno et al. (Bridges 2016) pair outlines this way before gluing them into a D-form.

    Parameters
    ----------
    outline : Outline
        Any outline (Ellipse, Circle, Superellipse or a user outline).
    target : Outline or float
        An outline whose perimeter to match, or the perimeter itself (> 0).

    Returns
    -------
    Outline
        Of the same kind as ``outline``.

    Examples
    --------
    >>> from mathlab.gluing import Circle, Ellipse
    >>> circle = match_perimeter(Circle(1.0), Ellipse(2.0, 1.0))
    >>> round(circle.perimeter, 12) == round(Ellipse(2.0, 1.0).perimeter, 12)
    True
    """
    if not isinstance(outline, Outline):
        raise ValueError(f"outline must be an Outline; got {outline!r}")
    perimeter = target.perimeter if isinstance(target, Outline) else positive("target", target)
    factor = perimeter / outline.perimeter
    if isinstance(outline, Circle):
        return Circle(outline.radius * factor)
    if isinstance(outline, Ellipse):
        return Ellipse(outline.a * factor, outline.b * factor)
    if isinstance(outline, Superellipse):
        return Superellipse(outline.a * factor, outline.b * factor, outline.p)
    return outline.scaled(factor)
