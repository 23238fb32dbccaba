"""Sheet outlines: convex curves symmetric about both axes, parametrised by arc length.

Every outline has semi-axis ``a`` along the direction that gets bent (the x-axis of the flat
sheet) and ``b`` across it. Its first-quadrant quarter arc is traversed from the vertex (a, 0)
to the co-vertex (0, b) by arc length s in [0, l], l = perimeter / 4. Along it

    g(s) = x-coordinate,   h(s) = y-coordinate,
    h'(s) = dy/ds = cos(phi(s)),   g'(s) = -sin(phi(s)),

where phi is the tangent angle measured from the y-axis: phi(0) = 0 at the vertex (tangent
parallel to the rulings) and phi(l) = pi/2 at the co-vertex. cos(phi) and sin(phi) are
evaluated directly from the tangent's components (exactly 1, 0 at the vertex and 0, 1 at the
co-vertex), never as differences, which keeps the gluing margin free of cancellation (see
:func:`mathlab.gluing.gluing_margin`).

The ellipse uses complete and incomplete elliptic integrals of the second kind; the
superellipse uses composite Gauss-Legendre quadrature on graded panels. The inverse map
s -> curve parameter is a cubic Hermite interpolant (exact derivative ds/du at the nodes)
polished by safeguarded Newton steps on the exact arc length.

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.interpolate import CubicHermiteSpline
from scipy.special import ellipe, ellipeinc

from .._validate import _describe, finite_array, positive, real

__all__ = ["Outline", "Ellipse", "Circle", "Superellipse", "GluingConvergenceError"]

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(16)
_NEWTON_MAXITER = 50
#: largest superellipse exponent (corners of radius ~ a/p must stay resolvable)
_MAX_EXPONENT = 1000.0
#: aspect ratios a/b whose squares still fit comfortably in a double
_MAX_ASPECT = 1e100
#: smallest resolvable distance of a superellipse segment's end from the singular point w = 1
_SEGMENT_GAP = 1e-13
#: semi-axes and radii accepted: the rounding unit eps * size stays far above the subnormal
#: spacing (5e-324), and the perimeter 4 l and the pattern and mesh arithmetic stay finite
_MIN_SIZE, _MAX_SIZE = 1e-300, 1e300


def _real(name, value):
    """``real`` that also refuses complex scalars (0-d arrays included) and integers beyond
    float64, both with a ValueError naming the parameter."""
    if np.iscomplexobj(value):
        raise ValueError(f"{name} must be a finite real number; got complex {_describe(value)}")
    try:
        return real(name, value)
    except (TypeError, OverflowError):
        raise ValueError(f"{name} must be a finite real number; got {_describe(value)}") from None


def _samples(name, value):
    """``finite_array`` (0-d or 1-d) that also refuses integers beyond float64."""
    try:
        return finite_array(name, value, ndim=(0, 1))
    except OverflowError:
        raise ValueError(f"{name} must contain real numbers within float64's range; got "
                         f"{_describe(value)}") from None


def _size(name, value):
    """A semi-axis or radius: a real number in [_MIN_SIZE, _MAX_SIZE]."""
    size = positive(name, _real(name, value))
    if not _MIN_SIZE <= size <= _MAX_SIZE:
        raise ValueError(f"{name} must be in [{_MIN_SIZE:g}, {_MAX_SIZE:g}] (sizes whose "
                         f"arithmetic float64 carries without underflow or overflow); got "
                         f"{size!r}")
    return size


def _unit_of(*sizes):
    """The internal length unit: the largest power of two not above max(sizes).

    Tables and quadratures work in this unit, so every intermediate is of order one at any
    absolute size, and scaling by a power of two is exact: the results in sheet units are the
    same bits as a computation at unit size, multiplied back.
    """
    return math.ldexp(1.0, math.frexp(max(sizes))[1] - 1)


class GluingConvergenceError(ValueError, RuntimeError):
    """An iterative computation (arc-length inversion, quadrature) did not converge.

    A ``ValueError`` (the input is outside what the method resolves; command-line scripts
    report it in one line with exit status 2) and, for compatibility, a ``RuntimeError``.
    The message and the attributes ``what``, ``iterations`` and ``residual`` (the largest
    arc-length residual in sheet units, or for the depth and volume quadrature the last
    change relative to l and l^3) carry the diagnostics.
    """

    def __init__(self, message, *, what, iterations, residual):
        super().__init__(message)
        self.what = what
        self.iterations = iterations
        self.residual = residual


@dataclass(frozen=True)
class _ArcTable:
    """Monotone map u -> s(u) tabulated at nodes, with a Hermite inverse s -> u."""

    u: np.ndarray
    s: np.ndarray
    dsdu: np.ndarray
    inverse: CubicHermiteSpline

    @classmethod
    def build(cls, u, s, dsdu):
        return cls(u, s, dsdu, CubicHermiteSpline(s, u, 1.0 / dsdu, extrapolate=True))

    def newton(self, target, arc, speed, *, what, unit=1.0):
        """Solve arc(u) = target by Newton steps safeguarded by the table's bracket.

        ``target`` and the table are in units of ``unit`` (used only to report the residual
        in sheet units).

        Each element stops on its own once its residual in arc length is at the rounding
        floor, |arc(u) - target| <= 8 eps l (l = the table's total length), or once a
        Newton step inside the bracket is below 1e-9 of the parameter range (quadratic
        convergence then leaves an error of ~1e-18). A step test in u alone cannot be met
        where ds/du is small (the vertex of a flat ellipse), hence the residual test.
        Converged elements are frozen and no longer evaluated.

        Raises
        ------
        GluingConvergenceError
            After ``_NEWTON_MAXITER`` steps, with the largest residual.
        """
        target = np.asarray(target, dtype=float)
        shape = target.shape
        target = target.ravel()
        k = np.clip(np.searchsorted(self.s, target, side="right") - 1, 0, self.s.size - 2)
        lo, hi = self.u[k], self.u[k + 1]
        u = np.clip(self.inverse(target), lo, hi)
        scale = max(abs(self.u[0]), abs(self.u[-1]))
        floor = 8 * np.finfo(float).eps * max(abs(self.s[0]), abs(self.s[-1]))
        active = np.arange(target.size)
        for _ in range(_NEWTON_MAXITER):
            if active.size == 0:
                return u.reshape(shape)
            ua, ta, la, ha = u[active], target[active], lo[active], hi[active]
            residual = arc(ua) - ta
            done = np.abs(residual) <= floor
            step = residual / speed(ua)
            ha = np.where(residual > 0, ua, ha)
            la = np.where(residual < 0, ua, la)
            new = ua - step
            outside = (new < la) | (new > ha)
            new = np.where(outside, 0.5 * (la + ha), new)
            done |= ~outside & (np.abs(step) <= 1e-9 * scale)
            done |= ha - la <= 4 * np.finfo(float).eps * scale
            u[active] = np.where(np.abs(residual) <= floor, ua, new)
            lo[active], hi[active] = la, ha
            active = active[~done]
        if active.size == 0:
            return u.reshape(shape)
        worst = unit * float(np.max(np.abs(arc(u[active]) - target[active])))
        raise GluingConvergenceError(
            f"{what}: arc-length inversion did not converge in {_NEWTON_MAXITER} Newton steps "
            f"for {active.size} of {target.size} points (largest residual {worst:.3g}, "
            f"tolerance {unit * floor:.3g})", what=what, iterations=_NEWTON_MAXITER,
            residual=worst)


class Outline:
    """Base class of the sheet outlines (convex, symmetric about both axes).

    Subclasses provide ``a``, ``b``, ``quarter_length`` and ``_evaluate(s)``, which returns
    ``(g, h, cos(phi), sin(phi))`` on the quarter arc at arc lengths ``s`` (sheet units).
    To stay scale-free, their tables and iterations work in units of ``_unit`` (a power of
    two of the size, so that dividing by it and multiplying back is exact).
    """

    a: float
    b: float
    quarter_length: float
    #: analytic in s on the closed quarter arc (no endpoint singularities of the curvature)
    _smooth = True

    def _corners(self):
        """Arc lengths of sharp features inside the quarter arc (for quadrature grading)."""
        return ()

    @functools.cached_property
    def _unit(self) -> float:
        """Internal length unit, a power of two of the outline's size (see ``_unit_of``)."""
        return _unit_of(self.a, self.b)

    @classmethod
    def from_points(cls, points, *, smooth=False):
        """An outline through the points of a closed convex curve.

        Parameters
        ----------
        points : array_like, shape (n, 2)
            Points along the outline in order (either direction; a closing copy of the first
            point is dropped). The first point is the reference point: arc length is measured
            counter-clockwise from it.
        smooth : bool
            False (default): the convex polygon with these vertices (n >= 3). True: the
            periodic cubic spline through them (n >= 5), for a sampled smooth curve.

        Returns
        -------
        PolygonOutline or SplineOutline

        Raises
        ------
        ValueError
            If the outline is not convex (the message names the point or the pair of points
            where it turns the wrong way), or points repeat, or there are too few.

        Examples
        --------
        >>> square = Outline.from_points([[1, -1], [1, 1], [-1, 1], [-1, -1]])
        >>> square.perimeter
        8.0
        """
        from .outline import outline_from_points

        return outline_from_points(points, smooth=smooth)

    @classmethod
    def from_function(cls, f, t_range, *, samples=2048):
        """An outline from a closed parametric curve t -> f(t) = (x, y), t in t_range.

        ``f`` is called with an array of ``samples + 1`` parameter values (or, if that fails,
        one value at a time); f(t0) must equal f(t1). The curve is the periodic cubic spline
        through the samples in t (error O((t1 - t0)^4 / samples^4)); f(t0) is the reference
        point.

        Raises
        ------
        ValueError
            If the curve is not closed, not convex (the message gives t where it bends the
            wrong way), or f does not return finite pairs.

        Examples
        --------
        >>> import numpy as np
        >>> egg = Outline.from_function(
        ...     lambda t: (np.cos(t) * (1 + 0.1 * np.cos(t)), 0.8 * np.sin(t)), (0, 2 * np.pi))
        >>> round(egg.perimeter, 6)
        5.679862
        """
        from .outline import outline_from_function

        return outline_from_function(f, t_range, samples=samples)

    @property
    def perimeter(self) -> float:
        """Full perimeter, 4 l."""
        return 4.0 * self.quarter_length

    def _arc_lengths(self, s) -> np.ndarray:
        s = _samples("s", s)
        l = self.quarter_length
        slack = 1e-12 * l
        if s.size and (s.min() < -slack or s.max() > l + slack):
            raise ValueError(f"s must lie in [0, {l:.12g}] (the quarter arc); got values in "
                             f"[{s.min():.6g}, {s.max():.6g}]")
        return np.clip(s, 0.0, l)

    def point(self, s):
        """Coordinates (g(s), h(s)) of the quarter-arc point at arc length ``s``."""
        g, h, _, _ = self._evaluate(self._arc_lengths(s))
        return g, h

    def h(self, s):
        """h(s): the y-coordinate at arc length ``s`` from the vertex (a, 0)."""
        return self._evaluate(self._arc_lengths(s))[1]

    def dh(self, s):
        """h'(s) = dy/ds = cos(phi(s)) (exactly 0 at the co-vertex)."""
        return self._evaluate(self._arc_lengths(s))[2]

    def tangent_angle(self, s):
        """phi(s): angle of the tangent from the y-axis, 0 at the vertex, pi/2 at the co-vertex."""
        _, _, cos, sin = self._evaluate(self._arc_lengths(s))
        return np.arctan2(sin, cos)

    def complement_angle(self, s):
        """chi(s) = pi/2 - phi(s), evaluated without cancellation."""
        _, _, cos, sin = self._evaluate(self._arc_lengths(s))
        return np.arctan2(cos, sin)

    def boundary_point(self, sigma):
        """Point of the full outline at arc length ``sigma`` counter-clockwise from (a, 0).

        ``sigma`` is taken modulo the perimeter. Returns ``(x, y)`` arrays.
        """
        sigma = np.mod(_samples("sigma", sigma), self.perimeter)
        l = self.quarter_length
        quarter = np.minimum((sigma // l).astype(int), 3)
        r = sigma - quarter * l
        odd = quarter % 2 == 1
        g, h, _, _ = self._evaluate(np.clip(np.where(odd, l - r, r), 0.0, l))
        sx = np.where((quarter == 1) | (quarter == 2), -1.0, 1.0)
        sy = np.where(quarter >= 2, -1.0, 1.0)
        return sx * g, sy * h


@dataclass(frozen=True)
class Ellipse(Outline):
    """Ellipse x^2/a^2 + y^2/b^2 = 1, bent along the x-axis (``a`` is the bent semi-axis).

    With x = a cos t, y = b sin t (t = 0 at the vertex), the arc length from the vertex is

        s(t) = b E(t | 1 - a^2/b^2),     l = a E(1 - b^2/a^2),

    (``scipy.special.ellipeinc`` / ``ellipe``, parameter convention m = k^2; the first form
    avoids the cancellation of l - a E(pi/2 - t | m) near the vertex), and the tangent angle
    satisfies tan(phi) = (a/b) tan(t).

    Parameters
    ----------
    a : float
        Semi-axis along the bent direction, in [1e-300, 1e300].
    b : float
        The other semi-axis, in [1e-300, 1e300]. ``a >= b`` is the post's case (bend along
        the long axis); a/b must lie in [1e-100, 1e100].

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not a real number in that range, or a/b is out of range.

    Notes
    -----
    The arc-length table works in units of the largest power of two not above max(a, b), so
    the results are scale-free: Ellipse(2^k a, 2^k b) gives exactly 2^k times the lengths.

    Examples
    --------
    >>> e = Ellipse(2.0, 1.0)
    >>> round(e.quarter_length, 11)
    2.42211205514
    >>> print(f"{float(e.h(e.quarter_length)):.6f}")
    1.000000
    """

    a: float
    b: float
    quarter_length: float = field(init=False)
    _table: _ArcTable = field(init=False, repr=False, compare=False)
    _shape: tuple = field(init=False, repr=False, compare=False)  # (a, b) / _unit

    def __post_init__(self):
        a = _size("a", self.a)
        b = _size("b", self.b)
        _check_aspect(a, b)
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b)
        unit = self._unit
        a, b = a / unit, b / unit
        object.__setattr__(self, "_shape", (a, b))
        if a >= b:
            l = a * float(ellipe(1.0 - (b / a) ** 2))
        else:
            l = b * float(ellipe(1.0 - (a / b) ** 2))
        object.__setattr__(self, "quarter_length", unit * l)
        object.__setattr__(self, "_table", self._tabulate(257))

    def _arc(self, t):
        a, b = self._shape
        return b * ellipeinc(t, 1.0 - (a / b) ** 2)

    def _speed(self, t):
        a, b = self._shape
        return np.hypot(a * np.sin(t), b * np.cos(t))

    def _tabulate(self, nodes) -> _ArcTable:
        t = np.linspace(0.0, 0.5 * np.pi, nodes)
        s = self._arc(t)
        s[0], s[-1] = 0.0, self.quarter_length / self._unit
        return _ArcTable.build(t, s, self._speed(t))

    @functools.cached_property
    def _fine_table(self) -> _ArcTable | None:
        """Hermite inverse t(s) refined until it is accurate to ~1e-14 without Newton steps.

        Built on first use (by the fast path of long seams); midpoints in t are the check.
        """
        nodes = 1025
        for _ in range(8):
            table = self._tabulate(nodes)
            tm = 0.5 * (table.u[1:] + table.u[:-1])
            if np.max(np.abs(table.inverse(self._arc(tm)) - tm)) < 1e-14:
                return table
            nodes = 2 * nodes - 1
        return None  # not accurate enough on its own: callers take the Newton path

    def _parameter(self, s, exact=True):
        """Curve parameter t at arc lengths ``s`` given in units of ``_unit``."""
        fine = None if exact else self._fine_table
        if fine is not None:  # verified to ~1e-14; the long-seam path
            return np.clip(fine.inverse(s), 0.0, 0.5 * np.pi)
        # coarse Hermite guess, then Newton on the elliptic integral
        t = np.clip(self._table.newton(s, self._arc, self._speed, what=repr(self),
                                       unit=self._unit), 0.0, 0.5 * np.pi)
        # the ends exactly, so that sin(phi(0)) = 0 and cos(phi(l)) = 0 without rounding
        end = self.quarter_length / self._unit
        return np.where(s <= 0.0, 0.0, np.where(s >= end, 0.5 * np.pi, t))

    def _evaluate(self, s, exact=True):
        unit = self._unit
        a, b = self._shape
        t = self._parameter(np.asarray(s, dtype=float) / unit, exact)
        sin, cos = np.sin(t), np.sin(0.5 * np.pi - t)  # cos(pi/2) = 0 exactly at the co-vertex
        across, along = a * sin, b * cos  # -dx/dt and dy/dt
        speed = np.hypot(across, along)
        return unit * (a * cos), unit * (b * sin), along / speed, across / speed


@dataclass(frozen=True)
class Circle(Outline):
    """Circle of radius ``radius``: h(s) = R sin(s/R), phi(s) = s/R, l = pi R / 2.

    ``radius`` must be in [1e-300, 1e300].

    Examples
    --------
    >>> round(Circle(2.0).perimeter, 10)
    12.5663706144
    """

    radius: float
    quarter_length: float = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "radius", _size("radius", self.radius))
        object.__setattr__(self, "quarter_length", 0.5 * math.pi * self.radius)

    @property
    def a(self) -> float:
        return self.radius

    @property
    def b(self) -> float:
        return self.radius

    def _evaluate(self, s, exact=True):
        sin = np.sin(s / self.radius)
        cos = np.sin((self.quarter_length - s) / self.radius)  # exactly 0 at s = l
        return self.radius * cos, self.radius * sin, cos, sin


def check_equal_perimeters(first, second, names, rtol=1e-9):
    """Raise ValueError naming both outlines unless their perimeters agree to ``rtol``."""
    p1, p2 = first.perimeter, second.perimeter
    if abs(p1 - p2) > rtol * max(p1, p2):
        raise ValueError(f"the perimeters must be equal; got {p1:.12g} for {names[0]} and "
                         f"{p2:.12g} for {names[1]} (match_perimeter scales an outline to "
                         f"another's perimeter)")


class _Panels:
    """Arc length s(w) = int_0^w speed on panels between ``nodes`` (16-point Gauss-Legendre
    on each), with a Hermite inverse polished by Newton steps.

    Subclasses set ``speed``, ``nodes``, ``arc_at_nodes`` and ``table``.
    """

    def _gauss(self, lo, hi):
        half = 0.5 * (hi - lo)
        w = 0.5 * (hi + lo) + half * _GL_NODES[:, None]
        return half * (_GL_WEIGHTS[:, None] * self.speed(w)).sum(axis=0)

    def arc(self, w):
        w = np.asarray(w, dtype=float)
        k = np.clip(np.searchsorted(self.nodes, w, side="right") - 1, 0, self.nodes.size - 2)
        return self.arc_at_nodes[k] + self._gauss(self.nodes[k], w)

    def invert(self, sigma, what, unit=1.0):
        return np.clip(self.table.newton(sigma, self.arc, self.speed, what=what, unit=unit),
                       self.nodes[0], self.nodes[-1])


class _Segment(_Panels):
    """Arc length along one half of a superellipse quarter, parametrised by w in [0, w_end].

    ``speed(w)`` = ds/dw is bounded and positive; its only non-smooth point is w = 0 (powers
    w^(p-1)), and it is singular at w = 1 just beyond the segment, so the panels are graded
    geometrically towards both and Gauss-Legendre (16 nodes) is applied on each.
    """

    def __init__(self, speed, w_end, gap):
        self.speed = speed
        graded = w_end * 0.5 ** np.arange(50, 1, -1)
        uniform = np.linspace(0.5 * w_end, w_end, 129)
        # (1 - w^p) vanishes at w = 1, just beyond w_end for elongated curves: panels graded
        # geometrically in the distance to 1 keep that singularity far away relative to size.
        # ``gap`` = 1 - w_end, computed by the caller without cancellation.
        far, near = 1.0 - 0.5 * w_end, gap
        levels = int(np.ceil(np.log(far / near) / np.log(1.25)))
        towards_one = 1.0 - near * (far / near) ** np.linspace(1.0, 0.0, levels + 1)
        self.nodes = np.unique(np.concatenate(([0.0], graded, uniform, towards_one)))
        steps = self._gauss(self.nodes[:-1], self.nodes[1:])
        self.arc_at_nodes = np.concatenate(([0.0], np.cumsum(steps)))
        self.length = float(self.arc_at_nodes[-1])
        self.table = _ArcTable.build(self.nodes, self.arc_at_nodes, speed(self.nodes))


@dataclass(frozen=True)
class Superellipse(Outline):
    """Superellipse ``|x/a|^p + |y/b|^p = 1`` (Lame curve), p > 1, bent along the x-axis.

    The quarter arc is split where phi = pi/4. From the vertex it is parametrised by
    w = y/b with x/a = (1 - w^p)^(1/p), and from the co-vertex by v = x/a; on each piece the
    slope is at most 1, so ds = sqrt(1 + slope^2) dw is bounded and the arc length is a
    well-conditioned Gauss-Legendre sum. The tangent angle is
    tan(phi) = (a/b) w^(p-1) (1 - w^p)^(1/p - 1). p = 2 is the ellipse.

    Parameters
    ----------
    a, b : float
        Semi-axes (``a`` along the bent direction), in [1e-300, 1e300], with a/b in
        [1e-100, 1e100].
    p : float
        Exponent, in (1, 1000] (convex curve); values close to 1 are refused, with the
        smallest one accepted, where the rounded corner is too narrow for double precision.

    Examples
    --------
    >>> round(Superellipse(2.0, 1.0, 2.0).quarter_length, 11)
    2.42211205514
    """

    a: float
    b: float
    p: float
    quarter_length: float = field(init=False)
    _smooth = False  # curvature 0 or infinite at the vertices unless p = 2
    _pieces: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        a = _size("a", self.a)
        b = _size("b", self.b)
        p = _real("p", self.p)
        if not p > 1.0:
            raise ValueError(f"p must be > 1 (a convex superellipse); got {p!r}")
        for name, value in (("a", a), ("b", b), ("p", p)):
            object.__setattr__(self, name, value)
        _check_aspect(a, b)
        if p > _MAX_EXPONENT:
            raise ValueError(f"p must be in (1, {_MAX_EXPONENT:g}] (beyond that the corners are "
                             f"too sharp for the seam quadrature); got {p!r}")
        w_end, w_gap, v_end, v_gap = _segment_ends(a / b, p)
        if min(w_gap, v_gap) < _SEGMENT_GAP:
            lowest = _lowest_exponent(a / b)
            allowed = "none" if lowest is None else f"{lowest:.6g}, {_MAX_EXPONENT:g}"
            raise ValueError(
                f"p = {p!r} is too close to 1 for a/b = {a / b:.6g}: the rounded corner at the "
                f"{'vertex' if a > b else 'co-vertex'} is narrower than {_SEGMENT_GAP:g} of the "
                f"semi-axis and cannot be resolved in double precision; p must be in "
                f"[{allowed}] for this a/b")
        # arc lengths in units of _unit (exact powers of two: scale-free)
        a, b = a / self._unit, b / self._unit
        near_vertex = _Segment(lambda w: b * np.hypot(1.0, self._slope(w, a / b)), w_end, w_gap)
        near_covertex = _Segment(lambda v: a * np.hypot(1.0, self._slope(v, b / a)), v_end,
                                 v_gap)
        object.__setattr__(self, "_pieces", (near_vertex, near_covertex))
        object.__setattr__(self, "quarter_length",
                           self._unit * (near_vertex.length + near_covertex.length))

    def _corners(self):
        """The corner, phi = pi/4, where the curvature peaks for p > 2 (radius ~ a/p)."""
        return (self._unit * self._pieces[0].length,)

    def _slope(self, w, ratio):
        p = self.p
        return ratio * w ** (p - 1.0) / (1.0 - w ** p) ** (1.0 - 1.0 / p)

    def _evaluate(self, s, exact=True):
        first, second = self._pieces
        unit = self._unit
        s = np.asarray(s, dtype=float) / unit
        in_first = s <= first.length
        w = first.invert(np.where(in_first, s, 0.0), repr(self), unit)
        v = second.invert(np.where(in_first, 0.0, self.quarter_length / unit - s), repr(self),
                          unit)
        p, a, b = self.p, self.a / unit, self.b / unit
        u = np.where(in_first, w, v)
        rest = (1.0 - u ** p) ** (1.0 / p)  # the other coordinate, normalised
        lean = u ** (p - 1.0)
        upright = rest ** (p - 1.0)
        g = np.where(in_first, a * rest, a * u)
        h = np.where(in_first, b * u, b * rest)
        across = np.where(in_first, a * lean, a * upright)  # tan(phi) = across / along
        along = np.where(in_first, b * upright, b * lean)
        length = np.hypot(across, along)
        return unit * g, unit * h, along / length, across / length


def _check_aspect(a, b):
    """Reject aspect ratios whose powers overflow (a/b or b/a beyond 1e100)."""
    ratio = a / b
    if not (1.0 / _MAX_ASPECT <= ratio <= _MAX_ASPECT):
        raise ValueError(f"a/b must lie in [1e-100, 1e100] (got a = {a!r}, b = {b!r}, "
                         f"a/b = {ratio:.3g}); more elongated outlines overflow")


def _segment_ends(aspect, p):
    """Where phi = pi/4 on a superellipse, as w_end = y/b and v_end = x/a, with 1 - w_end
    and 1 - v_end computed without cancellation.

    With r = (b/a)^(p/(p-1)): w_end^p = r/(1 + r) and v_end^p = 1/(1 + r), so
    log v_end = -log(1 + r)/p and 1 - v_end = -expm1(-log(1 + r)/p); log(1 + r) is evaluated
    from log r as logaddexp(0, log r), which neither overflows nor underflows.
    """
    log_r = -(p / (p - 1.0)) * math.log(aspect)
    log_v = -float(np.logaddexp(0.0, log_r)) / p   # log v_end
    log_w = -float(np.logaddexp(0.0, -log_r)) / p  # log w_end
    return math.exp(log_w), -math.expm1(log_w), math.exp(log_v), -math.expm1(log_v)


def _lowest_exponent(aspect):
    """Smallest p in (1, 2] whose segment ends stay _SEGMENT_GAP away from 1 (None if none)."""
    from scipy.optimize import brentq

    def excess(p):
        _, w_gap, _, v_gap = _segment_ends(aspect, p)
        return math.log(max(min(w_gap, v_gap), 1e-300) / _SEGMENT_GAP)

    lo = 1.0 + 1e-12
    if excess(2.0) < 0:
        return None
    if excess(lo) >= 0:
        return lo
    return brentq(excess, lo, 2.0, xtol=1e-12)
