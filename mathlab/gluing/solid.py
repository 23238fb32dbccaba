"""Glue two bent sheets into a closed solid: the seam, the gluability margin, depth and volume.

Two sheets with equal perimeters 4l are bent into cylinders, sheet 1 with rulings parallel to
the y-axis and sheet 2 with rulings parallel to the z-axis. With arc length s in [0, l] from
sheet 1's vertex, the first-octant seam branch is the unit-speed curve

    P(s) = (x(s), h1(s), h2(l - s)),   x'(s)^2 + h1'(s)^2 + h2'(l - s)^2 = 1,

so it exists exactly when the margin m(s) = 1 - h1'(s)^2 - h2'(l - s)^2 is non-negative; then
x(s) = int_0^s sqrt(m), the depth is X = x(l) and the volume is
V = int_0^l 4 h1(s) h2(l - s) sqrt(m(s)) ds. With h' = cos(phi) the margin factorises,

    m(s) = -cos(phi1(s) + phi2(l - s)) cos(phi1(s) - phi2(l - s))
         = (S - C) (S + C),   S = sin(phi1) sin(phi2),  C = cos(phi1) cos(phi2),

with sin and cos of the tangent angles taken from the curves' tangent components. This has no
cancellation of the kind 1 - (1 - eps1) - eps2 near the ends of the seam, where m -> 0: there S
and C are both small, and their difference keeps a relative accuracy of about
eps (S + C) / (S - C), which for an ellipse is eps (a^3 + b^3) / (a^3 - b^3) at the ends.

X and V are computed by composite Gauss-Legendre quadrature (20 nodes per panel) on panels
graded geometrically towards both ends of the seam, refined until two levels agree.

For nearly circular ellipses, a = b (1 + eps), first-order expansion gives
phi(s) = s/b - eps s/(2b) + (3 eps/4) sin(2s/b), so m(s) = (3 eps/2) sin^2(2s/b),
X = b sqrt(3 eps/2) and V = (pi/2) b^3 sqrt(3 eps/2): the solid opens like sqrt(eps).

References
----------
Su Jianlin, "思考:两个椭圆片能粘合成一个立体吗?", kexue.fm, 2019-07-21.
J. Sharp, "D-forms and developable surfaces", Bridges (2005).
E. D. Demaine, G. N. Price, "Generalized D-forms have no spurious creases",
Discrete Comput. Geom. 43 (2010).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, fields

import numpy as np

from .._validate import integer
from .curves import (Circle, Ellipse, GluingConvergenceError, Outline, Superellipse,
                     check_equal_perimeters)
from .mesh import MAX_MESH_SAMPLES, output_path, solid_mesh, write_obj, write_stl

__all__ = ["GluingError", "GluingConvergenceError", "GluedSolid", "glue", "glue_ellipses",
           "gluing_margin"]

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(20)
_MARGIN_TOL = 1e-12   # margins above -_MARGIN_TOL count as rounding of a zero margin
_PERIMETER_RTOL = 1e-9
_CHECK_POINTS = 2001
_MAX_REFINE = 6
_QUAD_RTOL = 1e-13
_MARGIN_EPS = 4 * np.finfo(float).eps  # bound on the rounding error of a computed margin
#: most arc-length samples of a seam or a margin curve (memory ~ 1 GB for superellipses)
MAX_SAMPLES = 1_000_000
#: most seam samples of a 3D rendering (8n shaded triangles)
MAX_PLOT_SAMPLES = 10_000


class GluingError(ValueError):
    """No two-cylinder solid exists: the margin is negative somewhere along the seam.

    The sheets still close into a convex solid (a D-form, by Alexandrov's theorem), just not
    into two cylinders; :func:`mathlab.gluing.dform` computes it.

    Attributes ``s`` (arc length along sheet 1 where the margin is worst), ``margin`` (its
    value) and ``quarter_length`` describe the failure.
    """

    def __init__(self, message, *, s, margin, quarter_length):
        super().__init__(message)
        self.s = s
        self.margin = margin
        self.quarter_length = quarter_length


class _BeyondFloat64:
    """A volume that float64 cannot hold: ``reduced`` times 2^(3 k) cubic sheet units."""

    __slots__ = ("reduced", "exponent")

    def __init__(self, reduced, exponent):
        self.reduced, self.exponent = reduced, exponent

    def __eq__(self, other):
        return (isinstance(other, _BeyondFloat64)
                and (self.reduced, self.exponent) == (other.reduced, other.exponent))

    def __hash__(self):
        return hash((self.reduced, self.exponent))

    def decimal(self) -> str:
        """The value as text, e.g. '3.1675e+450'."""
        if self.reduced == 0.0:
            return "0"
        log10 = math.log10(self.reduced) + self.exponent * math.log10(2.0)
        power = math.floor(log10)
        return f"{10.0 ** (log10 - power):.5g}e{power:+d}"

    def __repr__(self):
        return f"<{self.decimal()}, beyond float64>"


def _cubed(reduced, unit, *, tiny=False):
    """reduced * unit^3 for a power of two ``unit``: the float when it is 0 or a normal
    float64 (exact), else a _BeyondFloat64 (never inf, never a subnormal losing digits).
    With ``tiny``, values below the normal range are returned as they round (error bounds)."""
    exponent = 3 * (math.frexp(unit)[1] - 1)
    total = math.frexp(reduced)[1] + exponent
    if reduced == 0.0 or (-1021 <= total or tiny) and total <= 1024:
        return math.ldexp(reduced, exponent)
    return _BeyondFloat64(reduced, exponent)


class _CubicMeasure:
    """Data descriptor of a GluedSolid field in cubic sheet units (``volume``,
    ``volume_error``): reading one that float64 cannot hold raises ValueError."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            raise AttributeError(self.name)  # no class-level default for the dataclass
        value = obj.__dict__[self.name]
        if isinstance(value, _BeyondFloat64):
            size = max(obj.sheet.a, obj.sheet.b)
            raise ValueError(
                f"the solid's {self.name} is about {value.decimal()} cubic sheet units, outside "
                f"float64's range [{sys.float_info.min:.3g}, {sys.float_info.max:.3g}] (the "
                f"sheets measure {size:.3g} units); glue the sheets expressed in a larger or "
                f"smaller length unit: l and X scale with the unit, V with its cube")
        return value

    def __set__(self, obj, value):
        obj.__dict__[self.name] = value


def _check_outline(name, value):
    if not isinstance(value, Outline):
        raise ValueError(f"{name} must be an Ellipse, Circle or Superellipse; got {value!r}")
    return value


def _pair(sheet, other):
    sheet = _check_outline("sheet", sheet)
    other = sheet if other is None else _check_outline("other", other)
    check_equal_perimeters(sheet, other, ("sheet", "other"), _PERIMETER_RTOL)
    return sheet, other


def _shape(outline):
    """(a, b, p) of an outline as a superellipse: an ellipse is p = 2, a circle a = b, p = 2."""
    if isinstance(outline, Superellipse):
        return outline.a, outline.b, outline.p
    return outline.a, outline.b, 2.0


def _flat_pair(sheet, other) -> bool:
    """Whether the two sheets lie flat on each other (margin identically zero).

    That is the case when ``other`` is ``sheet`` with its axes swapped (same shape, same
    exponent; for a = b this is the congruent pair), and when both are circles (Circle,
    Ellipse with a = b, Superellipse with a = b and p = 2; equal perimeters make them equal).
    The swapped outline's quarter arc is sheet 1's traversed backwards, so
    phi2(l - s) = pi/2 - phi1(s) and m(s) = -cos(pi/2) cos(...) = 0; computing it would only
    produce rounding noise of either sign (and a spurious X ~ 1e-9).
    """
    a1, b1, p1 = _shape(sheet)
    a2, b2, p2 = _shape(other)
    if a1 == b1 and a2 == b2 and p1 == p2 == 2.0:
        return True
    # exact comparison: a/b = 1 + 1e-13 is a (nearly flat) solid of depth ~ 4e-7, not flat
    return a2 == b1 and b2 == a1 and p1 == p2


def _margin_at(sheet, other, s, reversed_nodes=False, exact=True):
    """Margin and the heights at arc lengths s (s must be symmetric if ``reversed_nodes``)."""
    l = sheet.quarter_length
    _, h1, cos1, sin1 = sheet._evaluate(s, exact)
    if other is sheet and reversed_nodes:
        h2, cos2, sin2 = h1[::-1], cos1[::-1], sin1[::-1]
    else:
        u = np.clip(other.quarter_length - s * (other.quarter_length / l), 0.0,
                    other.quarter_length)
        _, h2, cos2, sin2 = other._evaluate(u, exact)
    if _flat_pair(sheet, other):
        margin = np.zeros_like(s)
    else:
        both_sin, both_cos = sin1 * sin2, cos1 * cos2
        margin = (both_sin - both_cos) * (both_sin + both_cos)
    return margin, h1, h2


def gluing_margin(sheet, other=None, n=1001):
    """The gluability margin m(s) = 1 - h1'(s)^2 - h2'(l - s)^2 along the seam.

    Evaluated as -cos(phi1 + phi2) cos(phi1 - phi2) from the tangent directions (see the
    module notes), without the cancellation of 1 - h1'^2 - h2'^2 near the ends.
    Never raises for an infeasible pair: a negative value is where gluing fails.
    Exactly flat pairs (see ``_flat_pair``) give zeros.

    Parameters
    ----------
    sheet : Ellipse, Circle or Superellipse
        Sheet 1 (its rulings become parallel to the y-axis).
    other : outline, optional
        Sheet 2; a congruent copy of ``sheet`` by default. Perimeters must be equal.
    n : int
        Number of equally spaced arc lengths in [0, l], in [2, 1_000_000].

    Returns
    -------
    s, margin : ndarray
        Arc length along sheet 1 from its vertex, and the margin there.

    Raises
    ------
    ValueError
        Only for bad input: ``n`` not an integer in range, ``sheet`` or ``other`` not an outline,
        or perimeters that differ (both are named). An infeasible pair is not an error.
        (``GluingConvergenceError``, a ``ValueError``, would signal a failed arc-length
        inversion; it is not expected for the outlines the constructors accept.)

    Examples
    --------
    >>> s, m = gluing_margin(Ellipse(1.0, 2.0), n=5)   # bent along the minor axis
    >>> bool(m[1:-1].max() < 0)
    True
    """
    n = integer("n", n, minimum=2, maximum=MAX_SAMPLES)
    sheet, other = _pair(sheet, other)
    s = np.linspace(0.0, sheet.quarter_length, n)
    return s, _margin_at(sheet, other, s, reversed_nodes=True)[0]


def _cumulative_integral(f, h):
    """Cumulative integral of equally spaced samples by local cubic interpolation, O(h^4).

    Interval [i, i+1] uses h/24 (-f[i-1] + 13 f[i] + 13 f[i+1] - f[i+2]); the first and last
    intervals use the one-sided cubic through their four nearest samples. Needs len(f) >= 4.
    """
    steps = np.empty(f.size - 1)
    steps[1:-1] = (13.0 * (f[1:-2] + f[2:-1]) - f[:-3] - f[3:]) * (h / 24.0)
    steps[0] = (9.0 * f[0] + 19.0 * f[1] - 5.0 * f[2] + f[3]) * (h / 24.0)
    steps[-1] = (9.0 * f[-1] + 19.0 * f[-2] - 5.0 * f[-3] + f[-4]) * (h / 24.0)
    return np.concatenate(([0.0], np.cumsum(steps)))


def _panels(level, depth, breaks=()):
    """Panel edges on [0, 1]: ``depth`` geometric levels towards both ends of [0, 1] and of
    every sub-interval cut at ``breaks`` (fractions in (0, 1)), then each panel split into
    2**level parts."""
    cuts = np.unique(np.concatenate(([0.0, 1.0], np.asarray(breaks, dtype=float))))
    half = np.concatenate(([0.0], 0.5 ** np.arange(depth, 0, -1)))
    unit = np.concatenate((half, 1.0 - half[-2::-1]))
    edges = np.unique(np.concatenate([lo + (hi - lo) * unit
                                      for lo, hi in zip(cuts[:-1], cuts[1:]) if hi > lo]))
    parts = 2 ** level
    frac = np.arange(parts) / parts
    fine = (edges[:-1, None] + np.diff(edges)[:, None] * frac).ravel()
    return np.append(fine, 1.0)


def _integrals(sheet, other, level):
    """Depth, volume and their rounding floors in units of ``sheet._unit`` (cubed for the
    volume), with the quadrature nodes (sheet units) and the margin there."""
    # Analytic outlines need grading down to their smallest feature (the vertex curvature
    # radius b^2/a of an elongated ellipse); superellipses have powers s^(p-1) at the ends
    # and get 40 levels, also towards their corners (phi = pi/4 on either sheet), which
    # sharpen to a radius ~ 1/p of the semi-axes for large p.
    aspect = max(o.a / o.b if o.a > o.b else o.b / o.a for o in (sheet, other))
    depth = min(6 + 2 * math.ceil(math.log2(aspect)), 40) if sheet._smooth and other._smooth \
        else 40
    l = sheet.quarter_length
    breaks = [c / l for c in sheet._corners()]
    breaks += [1.0 - c / other.quarter_length for c in other._corners()]
    breaks = [c for c in breaks if 1e-6 < c < 1.0 - 1e-6]
    edges = _panels(level, depth, breaks) * l
    mid, half = 0.5 * (edges[1:] + edges[:-1]), 0.5 * np.diff(edges)
    s = (mid[:, None] + half[:, None] * _GL_NODES).ravel()
    unit = sheet._unit  # a power of two: the reduced sums are the same bits, scaled
    weights = (half[:, None] * _GL_WEIGHTS).ravel() / unit
    margin, h1, h2 = _margin_at(sheet, other, s, reversed_nodes=True)
    h1, h2 = h1 / unit, h2 / unit
    root = np.sqrt(np.maximum(margin, 0.0))
    # Rounding floor: the margin carries an absolute error of a few eps, which sqrt turns
    # into up to _MARGIN_EPS / (sqrt(m) + sqrt(_MARGIN_EPS)); it dominates only for nearly
    # flat pairs (a/b - 1 below ~1e-9), where X and V are themselves tiny.
    noise = _MARGIN_EPS / (root + math.sqrt(_MARGIN_EPS))
    return (float(weights @ root), float(weights @ (4.0 * h1 * h2 * root)), s, margin,
            float(weights @ noise), float(weights @ (4.0 * h1 * h2 * noise)))


@dataclass(frozen=True)
class GluedSolid:
    """The post's two-cylinder solid made of two bent sheets, with its seam and measures.

    When it is convex (ellipse pairs, an ellipse and a circle) it is the D-form of the two
    sheets. For superellipses with p > 2 it dents inwards near its tips (by about 4e-7 b at
    p = 4), so the paper would take a slightly different, convex shape:
    :func:`mathlab.gluing.dform` computes that D-form.

    Attributes
    ----------
    sheet, other : outline
        Sheet 1 (rulings parallel to y) and sheet 2 (rulings parallel to z).
    quarter_length : float
        l, a quarter of the common perimeter (sheet units).
    depth : float
        X = x(l), the extent of the solid along the x-axis.
    volume : float
        V = int_0^l 4 h1(s) h2(l - s) sqrt(m(s)) ds (cubic sheet units). Everything is
        computed in a unit of the sheets' size and scaled back, so l, X and V obey l ~ c,
        X ~ c, V ~ c^3 under scaling by c at any size the outlines accept; where V itself is
        outside float64's normal range (sheets beyond ~5e102 or below ~1e-102 units), reading
        ``volume`` or ``volume_error`` raises ValueError (glue the sheets in another unit).
    min_margin : float
        Smallest margin at the interior points of the check grid (2001 equally spaced arc
        lengths; the margin vanishes at both ends); 0 for two equal circles. Gluability is
        also checked at the quadrature nodes, which crowd towards the ends.
    min_margin_at : float
        Arc length s where ``min_margin`` occurs.
    depth_error, volume_error : float
        Error estimates: the change between the last two quadrature refinements, or the
        rounding floor of the integrand if larger (only for nearly flat pairs).
    """

    sheet: Outline
    other: Outline
    quarter_length: float
    depth: float
    volume: float = _CubicMeasure()
    min_margin: float
    min_margin_at: float
    depth_error: float
    volume_error: float = _CubicMeasure()

    # repr, equality and hash from the stored values (a volume beyond float64 included)
    def _stored(self):
        return tuple(self.__dict__[f.name] for f in fields(self))

    def __repr__(self):
        body = ", ".join(f"{f.name}={self.__dict__[f.name]!r}" for f in fields(self))
        return f"{type(self).__name__}({body})"

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._stored() == other._stored()

    def __hash__(self):
        return hash(self._stored())

    def seam(self, n=1001):
        """First-octant seam branch sampled at n equally spaced arc lengths, 4 <= n <= 10^6.

        x(s) is the cumulative integral of sqrt(m) on the grid by local cubic interpolation
        (fourth order; within ~1e-11 of ``depth`` at s = l for n = 1001 and a/b = 2).
        The curve parameters come from a Hermite table verified to ~1e-14 (no Newton
        steps), so a million points cost a few hundred milliseconds.

        Returns
        -------
        s, x, y, z : ndarray
            Arc length along sheet 1 and the seam point (x(s), h1(s), h2(l - s)). The other
            three branches are (x, +-y, +-z).
        """
        n = integer("n", n, minimum=4, maximum=MAX_SAMPLES)
        s = np.linspace(0.0, self.quarter_length, n)
        margin, y, z = _margin_at(self.sheet, self.other, s, reversed_nodes=True, exact=False)
        unit = self.sheet._unit  # integrate in the sheets' unit (no underflow of the step)
        x = unit * _cumulative_integral(np.sqrt(np.maximum(margin, 0.0)), (s[1] - s[0]) / unit)
        return s, x, y, z

    def mesh(self, n=401):
        """Closed triangle mesh with outward normals through ``n`` seam samples,
        4 <= n <= 100_000.

        The vertices lie on the surface; the triangles are chords of the curved sheets, so
        volume and areas converge as O(1/n^2) (see :mod:`mathlab.gluing.mesh`).

        Returns
        -------
        vertices : ndarray, shape (4n - 4, 3)
        faces : ndarray of int, shape (8n - 12, 3)
        """
        _, x, y, z = self.seam(integer("n", n, minimum=4, maximum=MAX_MESH_SAMPLES))
        y[0], z[-1] = 0.0, 0.0
        return solid_mesh(x, y, z)

    def save_stl(self, path, n=401):
        """Write the mesh as a binary STL file (atomically); return the path.

        Binary STL stores float32 coordinates: a solid whose coordinates reach beyond
        [1e-30, 1e38] (where float32 would overflow or lose digits to underflow) is refused
        with a ValueError and nothing is written; ``save_obj`` keeps 17 digits at any size.
        The path is checked (a file in an existing folder) before the mesh is built.
        """
        output_path("path", path)
        write_stl(path, *self.mesh(n))
        return path

    def save_obj(self, path, n=401):
        """Write the mesh as a Wavefront OBJ file (atomically, 17 significant digits);
        return the path."""
        output_path("path", path)
        write_obj(path, *self.mesh(n))
        return path

    def cut_pattern(self, path, *, mm_per_unit=25.0, marks=6, rulings=12):
        """Write a printable cut pattern (PDF or SVG) at true scale; return the path.

        See :func:`mathlab.gluing.pattern.write_cut_pattern`.
        """
        from .pattern import write_cut_pattern

        return write_cut_pattern(self, path, mm_per_unit=mm_per_unit, marks=marks,
                                 rulings=rulings)

    def plot(self, ax=None, n=201):
        """Shaded 3D rendering of the solid through n seam samples (4 <= n <= 10_000) in a
        3D Axes (a new figure if ``ax`` is None); returns the Axes."""
        from .plot import plot_solid

        return plot_solid(self, ax=ax, n=n)


def glue(sheet, other=None) -> GluedSolid:
    """Glue two bent sheets along their edges and return the closed solid.

    Parameters
    ----------
    sheet : Ellipse, Circle or Superellipse
        Sheet 1, bent along its ``a`` axis (rulings parallel to the y-axis).
    other : outline, optional
        Sheet 2 (rulings parallel to the z-axis); a congruent copy of ``sheet`` by default.

    Returns
    -------
    GluedSolid

    Raises
    ------
    ValueError
        If the perimeters differ (both are named in the message).
    GluingError
        If the margin is negative somewhere inside the seam: the message gives the arc length
        and the worst margin.
    GluingConvergenceError
        A ``ValueError`` subclass: the quadrature (or an arc-length inversion) did not
        converge; not expected for the outlines accepted by their constructors.

    Examples
    --------
    >>> solid = glue(Ellipse(2.0, 1.0))
    >>> print(f"X = {solid.depth:.8f}, V = {solid.volume:.8f}")
    X = 1.56975738, V = 3.16746359
    >>> ellipse = Ellipse(2.0, 1.0)
    >>> solid = glue(ellipse, Circle(2 * ellipse.quarter_length / 3.141592653589793))
    >>> print(f"X = {solid.depth:.6f}")
    X = 1.069309
    """
    sheet, other = _pair(sheet, other)
    l = sheet.quarter_length
    unit = sheet._unit
    size = max(l / unit, 1.0)  # the quadrature's tolerances are relative to the size
    check = np.linspace(0.0, l, _CHECK_POINTS)
    margin, _, _ = _margin_at(sheet, other, check, reversed_nodes=True)
    _raise_if_negative(sheet, other, check[1:-1], margin[1:-1])
    previous = None
    depth_err = volume_err = math.inf
    for level in range(_MAX_REFINE + 1):
        depth, volume, nodes, node_margin, depth_floor, volume_floor = \
            _integrals(sheet, other, level)
        _raise_if_negative(sheet, other, nodes, node_margin)
        if previous is not None:
            depth_err = max(abs(depth - previous[0]), depth_floor)
            volume_err = max(abs(volume - previous[1]), volume_floor)
            if (depth_err <= _QUAD_RTOL * size + 2 * depth_floor
                    and volume_err <= _QUAD_RTOL * size ** 3 + 2 * volume_floor):
                break
        previous = (depth, volume)
    else:
        change = max(depth_err / size, volume_err / size ** 3)
        raise GluingConvergenceError(
            f"gluing {sheet!r} to {other!r}: the quadrature for the depth and volume did not "
            f"converge after {_MAX_REFINE} refinements (last change {depth_err / size:.3g} "
            f"of l in X, {volume_err / size ** 3:.3g} of l^3 in V)", what="glue",
            iterations=_MAX_REFINE, residual=change)
    inner = 1 + int(np.argmin(margin[1:-1]))
    volume = _cubed(volume, unit)
    if isinstance(volume, _BeyondFloat64):  # its error bound is refused with it
        volume_err = _BeyondFloat64(volume_err, volume.exponent)
    else:
        volume_err = _cubed(volume_err, unit, tiny=True)
    return GluedSolid(sheet=sheet, other=other, quarter_length=l, depth=unit * depth,
                      volume=volume, min_margin=float(margin[inner]),
                      min_margin_at=float(check[inner]), depth_error=unit * depth_err,
                      volume_error=volume_err)


def _raise_if_negative(sheet, other, s, margin):
    bad = margin < -_MARGIN_TOL
    if not bad.any():
        return
    worst = int(np.argmin(margin))
    l = sheet.quarter_length
    raise GluingError(
        f"no two-cylinder solid exists for {sheet!r} and {other!r}: the margin "
        f"1 - h1'(s)^2 - h2'(l-s)^2 is negative for s in [{s[bad].min():.6g}, "
        f"{s[bad].max():.6g}] of [0, {l:.6g}]; worst {margin[worst]:.6g} at s = "
        f"{s[worst]:.6g}. The sheets still close into a convex D-form, which "
        f"dform(sheet, other) computes",
        s=float(s[worst]), margin=float(margin[worst]), quarter_length=l)


def glue_ellipses(a, b) -> GluedSolid:
    """Glue two congruent ellipses with semi-axes ``a`` (bent) and ``b``: ``glue(Ellipse(a, b))``.

    Raises
    ------
    ValueError
        If ``a`` or ``b`` is not a real number in [1e-300, 1e300] (see :class:`Ellipse`).
    GluingError
        If ``a < b`` (bending along the minor axis never closes up).

    Examples
    --------
    >>> solid = glue_ellipses(2.0, 1.0)
    >>> print(f"l = {solid.quarter_length:.11f}")
    l = 2.42211205514
    """
    return glue(Ellipse(a, b))
